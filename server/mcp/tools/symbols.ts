// The `symbols` tool: the outline of one file (or inline code), or a search of the names
// declared anywhere in the workspace.

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { DocumentSymbol } from '../../../src/service/types.js';
import { plural, rangeOf } from '../convert.js';
import { qualifiedName } from '../names.js';
import { limitField, pathField, rangeShape, sourceField } from '../schemas.js';
import type { Session } from '../session.js';
import { answer, ToolError, toolHandler, type ToolContext } from './tool.js';

const inputSchema = z.object({
  path: pathField.optional().describe('A file whose outline to list.'),
  source: sourceField.optional().describe('Ruchy code inline whose outline to list.'),
  query: z.string().max(200).optional().describe('Search the whole workspace for names matching this (fuzzy, case-insensitive); "" lists every name.'),
  limit: limitField(2000, 200),
});

const symbolOut = z.object({
  name: z.string(),
  qualified_name: z.string(),
  kind: z.string().describe('function, method, struct, enum, variant, field, trait, constant, ...'),
  detail: z.string().nullable().describe('Signature or type, when known.'),
  depth: z.number().int().describe('Nesting in the outline: 0 for top-level items, 1 for their members.'),
  path: z.string(),
  ...rangeShape,
});

const outputSchema = z.object({
  mode: z.enum(['outline', 'search']),
  total: z.number().int(),
  more: z.number().int(),
  symbols: z.array(symbolOut),
});

type SymbolOut = z.infer<typeof symbolOut>;

export function registerSymbols(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'symbols',
    {
      title: 'Outline and symbol search',
      description:
        'List declarations. With `path` (or `source`): the outline of that file, nested (structs with fields, impls with methods). With `query`: ' +
        'every function, type, method, variant or field in the workspace whose name matches (fuzzy; "" lists all). Positions are 1-based.',
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    toolHandler(context, 'symbols', (args: z.infer<typeof inputSchema>, service) => {
      const session = context.session;
      const given = [args.path, args.source, args.query].filter((x) => x !== undefined).length;
      if (given !== 1) throw new ToolError('pass exactly one of `path` (a file\'s outline), `source` (inline code\'s outline) or `query` (search the workspace; "" lists all names)');
      let all: SymbolOut[];
      let mode: 'outline' | 'search' = 'outline';
      if (args.query !== undefined) {
        mode = 'search';
        const scope = new Set(session.fileUris(service));
        all = service
          .workspaceSymbols(args.query)
          .filter((s) => s.location !== null && scope.has(s.location.uri))
          .map((s) => {
            const lines = service.getDocument(s.location!.uri)!.lineIndex;
            return { name: s.name, qualified_name: qualifiedName(s), kind: s.kind, detail: s.signature ?? s.type, depth: s.container === null ? 0 : 1, path: session.display(s.location!.uri), ...rangeOf(lines, s.location!.start, s.location!.end) };
          });
      } else if (args.source !== undefined) {
        all = session.withSource(service, args.source, (uri) => outline(session, service, uri));
      } else {
        const file = session.resolveFile(service, args.path!);
        if ('error' in file) throw new ToolError(file.error);
        all = outline(session, service, file.uri);
      }
      const page = all.slice(0, args.limit);
      const structured = { mode, total: all.length, more: all.length - page.length, symbols: page };
      if (all.length === 0) return answer(mode === 'search' ? `No name in the workspace matches "${args.query}".` : 'The file declares nothing.', structured);
      const lines = page.map((s) => {
        const where = mode === 'search' ? `${s.path}:${s.line}:${s.column}` : `${s.line}:${s.column}`;
        return `${'  '.repeat(s.depth)}${mode === 'search' ? s.qualified_name : s.name} (${s.kind}${s.detail ? `: ${s.detail}` : ''}) ${where}`;
      });
      if (structured.more > 0) lines.push(`${structured.more} more; raise \`limit\` or narrow the query`);
      return answer([`${plural(all.length, 'symbol')}:`, ...lines].join('\n'), structured);
    }),
  );
}

function outline(session: Session, service: LanguageService, uri: string): SymbolOut[] {
  const lines = service.getDocument(uri)!.lineIndex;
  const path = session.display(uri);
  const out: SymbolOut[] = [];
  const visit = (symbols: DocumentSymbol[], depth: number, container: string | null): void => {
    for (const s of symbols) {
      out.push({
        name: s.name,
        qualified_name: container === null ? s.name : `${container}::${s.name}`,
        kind: s.kind,
        detail: s.detail,
        depth,
        path,
        ...rangeOf(lines, s.selectionRange.start, s.selectionRange.end),
      });
      visit(s.children, depth + 1, s.name.replace(/^impl\s+(?:\S+\s+for\s+)?/, ''));
    }
  };
  visit(service.documentSymbols(uri), 0, null);
  return out;
}
