// The `hover` tool: the signature, type and documentation of a name, found by position
// (path + line + column, or inline source + line + column) or by name ("Point::new").

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Hover } from '../../../src/service/types.js';
import { offsetOf, rangeOf } from '../convert.js';
import { resolveTarget, symbolSummary } from '../names.js';
import { rangeShape, sourceField, symbolSummarySchema, targetShape } from '../schemas.js';
import type { Session } from '../session.js';
import { answer, ToolError, toolHandler, type ToolContext } from './tool.js';

const inputSchema = z.object({
  ...targetShape,
  source: sourceField.optional().describe('Ruchy code inline instead of `path`; then `line` and `column` point into it.'),
});

const outputSchema = z.object({
  found: z.boolean().describe('False when there is no name or expression at the position.'),
  path: z.string(),
  ...rangeShape,
  symbol: symbolSummarySchema.nullable(),
  signature: z.string().nullable().describe('For functions and methods: `fun area(shape: Shape) -> f64`.'),
  type: z.string().nullable().describe('The declared or inferred type, as Ruchy writes it.'),
  doc: z.string().nullable().describe('The doc comment (`///`), if any.'),
  markdown: z.string().nullable(),
});

export function registerHover(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'hover',
    {
      title: 'Type and documentation of a name',
      description:
        'Show what a name is: its signature, type and doc comment. Point at it by `symbol` (e.g. "area", "Point::new", "Shape::Circle"; add `path` ' +
        'to choose the file) or by `path` + `line` + `column` (1-based; also works for local variables and expressions). An unknown or ambiguous ' +
        'name is reported with the closest candidates.',
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    toolHandler(context, 'hover', (args: z.infer<typeof inputSchema>, service) => {
      const session = context.session;
      if (args.source !== undefined) {
        if (args.path !== undefined || args.symbol !== undefined) throw new ToolError('with `source`, pass `line` and `column` only (not `path` or `symbol`)');
        if (args.line === undefined || args.column === undefined) throw new ToolError('with `source`, pass `line` and `column` (1-based) of the name to describe');
        const source = args.source;
        const { line, column } = args;
        return session.withSource(service, source, (uri) => {
          const lines = service.getDocument(uri)!.lineIndex;
          const position = offsetOf(lines, line, column);
          if ('error' in position) throw new ToolError(`${position.error} in the source`);
          return render(session, service, uri, position.offset, service.hover(uri, position.offset));
        });
      }
      const target = resolveTarget(session, service, args);
      return render(session, service, target.uri, target.offset, service.hover(target.uri, target.offset));
    }),
  );
}

function render(session: Session, service: LanguageService, uri: string, offset: number, hover: Hover | null) {
  const lines = service.getDocument(uri)!.lineIndex;
  const display = session.display(uri);
  if (hover === null) {
    const range = rangeOf(lines, offset, offset);
    const structured = { found: false, path: display, ...range, symbol: null, signature: null, type: null, doc: null, markdown: null };
    return answer(`Nothing to describe at ${display}:${range.line}:${range.column} (not on a name or an expression).`, structured);
  }
  const range = rangeOf(lines, hover.start, hover.end);
  const symbol = hover.symbol === null ? null : symbolSummary(session, service, hover.symbol);
  const structured = {
    found: true,
    path: display,
    ...range,
    symbol,
    signature: hover.signature,
    type: hover.type,
    doc: hover.doc,
    markdown: hover.markdown,
  };
  const head = symbol === null ? `${display}:${range.line}:${range.column}` : `${symbol.qualified_name} (${symbol.kind}) at ${symbol.path ?? 'builtin'}${symbol.line === null ? '' : `:${symbol.line}:${symbol.column}`}`;
  return answer(`${head}\n${hover.markdown}`, structured);
}
