// The `compile` tool: Ruchy (a file or inline code) -> a JavaScript ES module, with an
// optional source map and the compiler's diagnostics.

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { LineIndex } from '../../../src/syntax/positions.js';
import { diagnosticLine, diagnosticOut, plural } from '../convert.js';
import { diagnosticSchema, pathField, sourceField } from '../schemas.js';
import { INLINE_NAME } from '../session.js';
import { answer, pathOrSource, ToolError, toolHandler, type ToolContext } from './tool.js';

const inputSchema = z.object({
  path: pathField.optional(),
  source: sourceField.optional(),
  source_map: z.boolean().default(false).describe('Also return a source map (JSON text, version 3) from the JavaScript back to the Ruchy lines.'),
});

const outputSchema = z.object({
  ok: z.boolean().describe('True when the code compiled without errors.'),
  path: z.string(),
  javascript: z.string().describe('The ES module; empty when compilation failed.'),
  source_map: z.string().nullable(),
  diagnostics: z.array(diagnosticSchema),
});

export function registerCompile(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'compile',
    {
      title: 'Compile Ruchy to JavaScript',
      description:
        'Compile a Ruchy file (`path`) or inline code (`source`) to a JavaScript ES module. Returns the JavaScript, optionally a source map, ' +
        'and the diagnostics (constructs the compiler does not support yet are reported, never miscompiled). Nothing is written to disk.',
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    toolHandler(context, 'compile', (args: z.infer<typeof inputSchema>, service) => {
      const input = pathOrSource(args, 'compile');
      let target: { uri: string } | { source: string };
      let display: string;
      let lines: LineIndex;
      if ('path' in input) {
        const file = context.session.resolveFile(service, input.path);
        if ('error' in file) throw new ToolError(file.error);
        target = { uri: file.uri };
        display = file.display;
        lines = service.getDocument(file.uri)!.lineIndex;
      } else {
        target = { source: input.source };
        display = INLINE_NAME;
        lines = new LineIndex(input.source);
      }
      const result = service.compile(target, { sourceMap: args.source_map });
      const diagnostics = result.diagnostics.map((d) => diagnosticOut(lines, display, d));
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      const ok = errors === 0 && result.js !== '';
      const structured = { ok, path: display, javascript: result.js, source_map: result.map === null ? null : JSON.stringify(result.map), diagnostics };
      const text = [
        ok ? `Compiled ${display}: ${plural(result.js.split('\n').length, 'line')} of JavaScript, ${plural(diagnostics.length, 'diagnostic')}.` : `${display} did not compile: ${plural(errors, 'error')}.`,
        ...diagnostics.map(diagnosticLine),
        ...(ok ? ['```js', result.js.trimEnd(), '```'] : []),
        ...(structured.source_map !== null ? ['(source map in structuredContent.source_map)'] : []),
      ];
      return answer(text.join('\n'), structured);
    }),
  );
}
