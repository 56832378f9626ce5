// The `diagnostics` tool: syntax and semantic problems of a file, a folder, the whole
// workspace or inline code, filtered by severity and code, paginated.

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { Codes } from '../../../src/service/host.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import { LineIndex } from '../../../src/syntax/positions.js';
import { countSeverities, diagnosticLine, diagnosticOut, plural, type DiagnosticOut } from '../convert.js';
import { diagnosticSchema, limitField, offsetField, pathField, severityEnum, sourceField } from '../schemas.js';
import { INLINE_NAME, type Extra, type Session } from '../session.js';
import { answer, ToolError, toolHandler, type ToolContext } from './tool.js';

const inputSchema = z.object({
  path: pathField.optional().describe('A file or a folder relative to the workspace root. Omit both `path` and `source` to check the whole workspace.'),
  source: sourceField.optional(),
  severity: z.array(severityEnum).optional().describe('Only these severities, e.g. ["error"]. Default: all.'),
  code: z.array(z.string().min(1)).optional().describe('Only these codes, or code prefixes: ["R0101"], or ["R04"] for every lint warning. Default: all.'),
  offset: offsetField,
  limit: limitField(500, 50),
});

const outputSchema = z.object({
  scope: z.string().describe('What was checked: "workspace", a path, or "<source>".'),
  files_checked: z.number().int(),
  counts: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int(), hint: z.number().int() }).describe('All diagnostics by severity, before filtering.'),
  total: z.number().int().describe('Diagnostics matching the filters.'),
  offset: z.number().int(),
  returned: z.number().int(),
  more: z.number().int().describe('Matching diagnostics after this page; call again with `offset` = offset + returned.'),
  diagnostics: z.array(diagnosticSchema),
});

export function registerDiagnostics(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'diagnostics',
    {
      title: 'Ruchy diagnostics',
      description:
        'Check Ruchy code and list its problems (syntax errors, type errors, undefined names, lint warnings), each with a stable code, ' +
        'a 1-based line and column and a message. Give `path` for a file or folder, `source` for inline code, or nothing for the whole workspace. ' +
        'Files are re-read from disk when they changed, so the answer is always current. Use `explain` for what a code means.',
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    toolHandler(context, 'diagnostics', async (args: z.infer<typeof inputSchema>, service, extra) => {
      if (args.path !== undefined && args.source !== undefined) throw new ToolError('pass either `path` or `source`, not both (or neither for the whole workspace)');
      const checked = await collect(context.session, service, args, extra);
      const matching = checked.all.filter(filterOf(args));
      const page = matching.slice(args.offset, args.offset + args.limit);
      const more = Math.max(0, matching.length - args.offset - page.length);
      const counts = countSeverities(checked.all);
      const structured = {
        scope: checked.scope,
        files_checked: checked.files,
        counts,
        total: matching.length,
        offset: args.offset,
        returned: page.length,
        more,
        diagnostics: page,
      };
      return answer(render(structured, args.offset), structured);
    }),
  );
}

interface Checked {
  scope: string;
  files: number;
  all: DiagnosticOut[];
}

/** Diagnostics of the requested scope, in path and position order. */
export async function collect(session: Session, service: LanguageService, args: { path?: string; source?: string }, extra?: Extra): Promise<Checked> {
  if (args.source !== undefined) {
    const source = args.source;
    const all = session.withSource(service, source, (uri) => {
      const lines = new LineIndex(source);
      return service.diagnostics(uri).map((d) => diagnosticOut(lines, INLINE_NAME, d));
    });
    return { scope: INLINE_NAME, files: 1, all };
  }
  let uris: string[];
  let scope = 'workspace';
  let unreadable = session.unreadableFiles();
  if (args.path !== undefined) {
    const resolved = session.resolveFiles(service, args.path);
    if ('error' in resolved) throw new ToolError(resolved.error);
    uris = resolved.uris;
    scope = resolved.display;
    const prefix = scope === '.' ? '' : `${scope}/`;
    unreadable = unreadable.filter((u) => u.path === scope || u.path.startsWith(prefix));
  } else {
    uris = session.fileUris(service);
  }
  const all: DiagnosticOut[] = [];
  const token = { get isCancelled() { return extra?.signal.aborted === true; } };
  const total = uris.length;
  for (let i = 0; i < total; i++) {
    if (total > 1) {
      await session.progress(extra, i, total, `checking ${session.display(uris[i])}`);
      await session.checkpoint(extra);
    }
    const document = service.getDocument(uris[i]);
    if (document === undefined) continue;
    const display = session.display(uris[i]);
    for (const d of service.diagnostics(uris[i], token)) all.push(diagnosticOut(document.lineIndex, display, d));
  }
  if (total > 1) await session.progress(extra, total, total, 'done');
  for (const u of unreadable) {
    all.push({ path: u.path, line: 1, column: 1, end_line: 1, end_column: 1, severity: 'error', code: Codes.UnreadableFile.code, message: `cannot read this file: ${u.reason}` });
  }
  return { scope, files: uris.length + unreadable.length, all };
}

function filterOf(args: { severity?: string[]; code?: string[] }): (d: DiagnosticOut) => boolean {
  const severities = args.severity !== undefined && args.severity.length > 0 ? new Set(args.severity) : null;
  const codes = args.code !== undefined && args.code.length > 0 ? args.code.map((c) => c.trim().toUpperCase()) : null;
  return (d) => (severities === null || severities.has(d.severity)) && (codes === null || codes.some((c) => d.code.startsWith(c)));
}

function render(s: { scope: string; files_checked: number; counts: ReturnType<typeof countSeverities>; total: number; returned: number; more: number; diagnostics: DiagnosticOut[] }, offset: number): string {
  const summary = [plural(s.counts.error, 'error'), plural(s.counts.warning, 'warning')];
  if (s.counts.info > 0) summary.push(plural(s.counts.info, 'info'));
  if (s.counts.hint > 0) summary.push(plural(s.counts.hint, 'hint'));
  const head = `${s.scope}: ${summary.join(', ')} in ${plural(s.files_checked, 'file')}`;
  if (s.total === 0) {
    const clean = s.counts.error + s.counts.warning + s.counts.info + s.counts.hint === 0;
    return clean ? `${head}. No problems.` : `${head}; none matches the filters.`;
  }
  if (s.returned === 0) return `${head}; ${s.total} matching, none from offset ${offset} (use an offset below ${s.total})`;
  const lines = [s.returned === s.total ? head : `${head} (showing ${offset + 1}-${offset + s.returned} of ${s.total} matching)`];
  for (const d of s.diagnostics) lines.push(diagnosticLine(d));
  if (s.more > 0) lines.push(`${s.more} more, use offset=${offset + s.returned}`);
  return lines.join('\n');
}
