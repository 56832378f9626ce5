// The `definition` tool: where a name is declared, found by position or by name.

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { locationLine } from '../convert.js';
import { resolveTarget, symbolSummary } from '../names.js';
import { locationSchema, symbolSummarySchema, targetShape } from '../schemas.js';
import { locationWithSnippet } from './locations.js';
import { answer, toolHandler, type ToolContext } from './tool.js';

const inputSchema = z.object(targetShape);

const outputSchema = z.object({
  symbol: symbolSummarySchema.nullable().describe('The symbol at the target, when there is one.'),
  definitions: z.array(locationSchema.extend({ snippet: z.string().describe('The declaring line, trimmed.') })),
});

export function registerDefinition(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'definition',
    {
      title: 'Go to definition',
      description:
        'Find where a name is declared. Point at a use of it with `path` + `line` + `column` (1-based), or give its name as `symbol` ' +
        '("area", "Point::new"). Works across files of the workspace.',
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    toolHandler(context, 'definition', (args: z.infer<typeof inputSchema>, service) => {
      const session = context.session;
      const target = resolveTarget(session, service, args);
      const locations = target.symbol?.location ? [target.symbol.location] : service.definition(target.uri, target.offset);
      const definitions = locations.map((l) => locationWithSnippet(session, service, l));
      const found = target.symbol ?? service.hover(target.uri, target.offset)?.symbol ?? null;
      const symbol = found === null ? null : symbolSummary(session, service, found);
      const structured = { symbol, definitions };
      if (definitions.length === 0) return answer('No definition found: the target is not a name declared in the workspace (builtins have none).', structured);
      const text = definitions.map((d) => `${locationLine(d)}: ${d.snippet}`);
      if (symbol !== null) text.unshift(`${symbol.qualified_name} (${symbol.kind}) is declared at:`);
      return answer(text.join('\n'), structured);
    }),
  );
}
