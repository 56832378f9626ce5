// The `format` tool: a file or inline code in the canonical Ruchy layout. Returns the
// formatted text; with `apply: true` writes it (atomically) and reports the diagnostics
// delta, which for a correct formatter is empty.

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { LanguageService } from '../../../src/service/language-service.js';
import { plural } from '../convert.js';
import { applyEdits, applyToFiles, type DiagnosticsDelta } from '../edits.js';
import { diagnosticsDeltaSchema, pathField, sourceField } from '../schemas.js';
import { INLINE_NAME } from '../session.js';
import { renderDelta } from './rename.js';
import { answer, pathOrSource, ToolError, toolHandler, type ToolContext } from './tool.js';

const inputSchema = z.object({
  path: pathField.optional(),
  source: sourceField.optional(),
  apply: z.boolean().default(false).describe('Write the formatted text to the file (atomically; only with `path`). Default false: only return it.'),
});

const outputSchema = z.object({
  path: z.string(),
  changed: z.boolean().describe('False when the code is already formatted.'),
  applied: z.boolean().describe('True when the file was written.'),
  formatted: z.string().describe('The whole formatted text.'),
  diagnostics: diagnosticsDeltaSchema,
});

export function registerFormat(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'format',
    {
      title: 'Format Ruchy code',
      description:
        'Format a Ruchy file (`path`) or inline code (`source`) in the canonical layout (meaning never changes). Returns the formatted text; ' +
        'with `apply: true` and a `path`, writes it atomically and reports any diagnostics that changed. Code with syntax errors is not formatted: ' +
        'fix those first (see `diagnostics`).',
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    toolHandler(context, 'format', (args: z.infer<typeof inputSchema>, service) => {
      const session = context.session;
      const input = pathOrSource(args, 'format');
      if ('source' in input) {
        if (args.apply) throw new ToolError('`apply` needs a `path`: inline `source` has no file to write. Drop `apply` to get the formatted text.');
        const formatted = session.withSource(service, input.source, (uri) => formattedText(service, uri, INLINE_NAME));
        const structured = { path: INLINE_NAME, changed: formatted !== input.source, applied: false, formatted, diagnostics: null };
        return answer(structured.changed ? ['```ruchy', formatted.trimEnd(), '```'].join('\n') : 'Already formatted.', structured);
      }
      const file = session.resolveFile(service, input.path);
      if ('error' in file) throw new ToolError(file.error);
      const original = service.getDocument(file.uri)!.text;
      const formatted = formattedText(service, file.uri, file.display);
      const changed = formatted !== original;
      let diagnostics: DiagnosticsDelta | null = null;
      if (args.apply && changed) diagnostics = applyToFiles(session, service, [{ uri: file.uri, text: formatted }]);
      const structured = { path: file.display, changed, applied: diagnostics !== null, formatted, diagnostics };
      if (!changed) return answer(`${file.display} is already formatted.`, structured);
      const text = diagnostics !== null ? [`Formatted ${file.display} (written).`, ...renderDelta(diagnostics)] : [`Formatted ${file.display} (preview; call again with apply: true to write it):`, '```ruchy', formatted.trimEnd(), '```'];
      return answer(text.join('\n'), structured);
    }),
  );
}

function formattedText(service: LanguageService, uri: string, display: string): string {
  const document = service.getDocument(uri)!;
  const errors = document.syntaxDiagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) throw new ToolError(`cannot format ${display}: it has ${plural(errors, 'syntax error')}. Fix them first (call \`diagnostics\`), then format.`);
  return applyEdits(document.text, service.format(uri));
}
