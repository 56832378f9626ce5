// The `references` tool: every use of a name across the workspace, by position or by name.

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { locationLine, plural } from '../convert.js';
import { resolveTarget, symbolSummary } from '../names.js';
import { limitField, locationSchema, offsetField, symbolSummarySchema, targetShape } from '../schemas.js';
import { locationWithSnippet } from './locations.js';
import { answer, toolHandler, type ToolContext } from './tool.js';

const inputSchema = z.object({
  ...targetShape,
  include_declaration: z.boolean().default(true).describe('Also list the declaration itself (default true).'),
  offset: offsetField,
  limit: limitField(1000, 100),
});

const outputSchema = z.object({
  symbol: symbolSummarySchema.nullable(),
  total: z.number().int(),
  offset: z.number().int(),
  returned: z.number().int(),
  more: z.number().int().describe('References after this page; call again with a larger `offset`.'),
  references: z.array(locationSchema.extend({ snippet: z.string().describe('The line of the reference, trimmed.') })),
});

export function registerReferences(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'references',
    {
      title: 'Find references',
      description:
        'List every place that uses a name, across all files of the workspace. Give the name as `symbol` ("area", "Point::new", "Shape::Circle"; ' +
        'add `path` to choose among same-named symbols) or point at it with `path` + `line` + `column` (1-based). Each result has its line of code.',
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    toolHandler(context, 'references', (args: z.infer<typeof inputSchema>, service) => {
      const session = context.session;
      const target = resolveTarget(session, service, args);
      const all = service.references(target.uri, target.offset, args.include_declaration);
      const found = target.symbol ?? service.hover(target.uri, target.offset)?.symbol ?? null;
      const symbol = found === null ? null : symbolSummary(session, service, found);
      const page = all.slice(args.offset, args.offset + args.limit).map((l) => locationWithSnippet(session, service, l));
      const more = Math.max(0, all.length - args.offset - page.length);
      const structured = { symbol, total: all.length, offset: args.offset, returned: page.length, more, references: page };
      if (all.length === 0) return answer(symbol === null ? 'No references: the target is not a name.' : `No references to ${symbol.qualified_name}.`, structured);
      const head = `${plural(all.length, 'reference')} to ${symbol?.qualified_name ?? 'the name'}${page.length < all.length ? ` (showing ${args.offset + 1}-${args.offset + page.length})` : ''}:`;
      const text = [head, ...page.map((r) => `${locationLine(r)}: ${r.snippet}`)];
      if (more > 0) text.push(`${more} more, use offset=${args.offset + page.length}`);
      return answer(text.join('\n'), structured);
    }),
  );
}
