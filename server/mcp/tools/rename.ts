// The `rename` tool: renames a symbol everywhere it is used, by position or by name. It
// previews the edits; with `apply: true` it writes them (atomically, file by file) and
// reports the diagnostics the rename introduced or removed.

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { diagnosticLine, plural, rangeOf } from '../convert.js';
import { applyEdits, applyToFiles, type DiagnosticsDelta } from '../edits.js';
import { resolveTarget, symbolSummary } from '../names.js';
import { diagnosticsDeltaSchema, rangeShape, symbolSummarySchema, targetShape } from '../schemas.js';
import { answer, ToolError, toolHandler, type ToolContext } from './tool.js';

const inputSchema = z.object({
  ...targetShape,
  new_name: z.string().min(1).max(200).describe('The new name: letters, digits and `_`, not starting with a digit.'),
  apply: z.boolean().default(false).describe('Write the edits to the files (atomically). Default false: only preview them.'),
});

const editOut = z.object({ ...rangeShape, old_text: z.string(), new_text: z.string() });

const outputSchema = z.object({
  symbol: symbolSummarySchema.nullable(),
  new_name: z.string(),
  applied: z.boolean().describe('True when the files were written.'),
  total_edits: z.number().int(),
  files: z.array(z.object({ path: z.string(), edits: z.array(editOut) })),
  diagnostics: diagnosticsDeltaSchema,
});

export function registerRename(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'rename',
    {
      title: 'Rename a symbol',
      description:
        'Rename a function, type, method, variant, field or variable everywhere it is used, across files. Point at it by `symbol` ("area", ' +
        '"Point::new") or by `path` + `line` + `column` (1-based; needed for local variables). Returns the edits as a preview; with `apply: true` ' +
        'writes them atomically and reports the diagnostics the rename introduced or removed. Refuses names that would clash.',
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    toolHandler(context, 'rename', (args: z.infer<typeof inputSchema>, service) => {
      const session = context.session;
      const target = resolveTarget(session, service, args);
      const prepared = service.prepareRename(target.uri, target.offset);
      if (!prepared.ok) throw new ToolError(`cannot rename here: ${prepared.error}. Point at a name (use \`symbol\` or the position of the name itself).`);
      const oldName = prepared.placeholder;
      const result = service.rename(target.uri, target.offset, args.new_name);
      if (!result.ok) throw new ToolError(`cannot rename \`${oldName}\` to \`${args.new_name}\`: ${result.error}`);
      const found = target.symbol ?? service.hover(target.uri, target.offset)?.symbol ?? null;
      const symbol = found === null ? null : symbolSummary(session, service, found);
      const files = result.changes.map((change) => {
        const document = service.getDocument(change.uri)!;
        return {
          path: session.display(change.uri),
          edits: change.edits.map((e) => ({ ...rangeOf(document.lineIndex, e.start, e.end), old_text: document.text.slice(e.start, e.end), new_text: e.text })),
        };
      });
      const totalEdits = files.reduce((n, f) => n + f.edits.length, 0);
      let diagnostics: DiagnosticsDelta | null = null;
      if (args.apply && totalEdits > 0) {
        const texts = result.changes.map((change) => ({ uri: change.uri, text: applyEdits(service.getDocument(change.uri)!.text, change.edits) }));
        diagnostics = applyToFiles(session, service, texts, { from: oldName, to: args.new_name });
      }
      const structured = { symbol, new_name: args.new_name, applied: diagnostics !== null, total_edits: totalEdits, files, diagnostics };
      const verb = diagnostics !== null ? 'Renamed' : 'Would rename';
      const text = [`${verb} \`${oldName}\` to \`${args.new_name}\`: ${plural(totalEdits, 'edit')} in ${plural(files.length, 'file')}.`];
      for (const f of files) for (const e of f.edits) text.push(`${f.path}:${e.line}:${e.column}: ${e.old_text} -> ${e.new_text}`);
      if (diagnostics !== null) text.push(...renderDelta(diagnostics));
      else if (totalEdits > 0) text.push('Preview only: call again with apply: true to write the files.');
      return answer(text.join('\n'), structured);
    }),
  );
}

export function renderDelta(delta: DiagnosticsDelta): string[] {
  if (delta.introduced.length === 0 && delta.removed.length === 0) return ['Diagnostics unchanged.'];
  const out: string[] = [];
  if (delta.introduced.length > 0) out.push(`Introduced ${plural(delta.introduced.length, 'diagnostic')}:`, ...delta.introduced.map(diagnosticLine));
  if (delta.removed.length > 0) out.push(`Removed ${plural(delta.removed.length, 'diagnostic')}:`, ...delta.removed.map(diagnosticLine));
  return out;
}
