// The `quality` tool: complexity of every function (cyclomatic and cognitive) against
// thresholds, and the lint findings (R04xx), for a file, a folder, the workspace or
// inline code.

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { LanguageService } from '../../../src/service/language-service.js';
import { diagnosticLine, diagnosticOut, plural, type DiagnosticOut } from '../convert.js';
import { diagnosticSchema, limitField, pathField, sourceField } from '../schemas.js';
import { INLINE_NAME, type Session } from '../session.js';
import { answer, ToolError, toolHandler, type ToolContext } from './tool.js';

const LINT_PREFIX = 'R04';

const inputSchema = z.object({
  path: pathField.optional().describe('A file or folder; omit both `path` and `source` for the whole workspace.'),
  source: sourceField.optional(),
  max_complexity: z.number().int().min(1).max(1000).default(20).describe('Cyclomatic complexity above which a function is flagged (default 20).'),
  max_cognitive: z.number().int().min(1).max(1000).default(15).describe('Cognitive complexity above which a function is flagged (default 15).'),
  only_over_limit: z.boolean().default(false).describe('List only the functions over a limit.'),
  limit: limitField(2000, 100),
});

const functionOut = z.object({
  path: z.string(),
  name: z.string().describe('Qualified: `Point::distance` for methods.'),
  line: z.number().int(),
  column: z.number().int(),
  cyclomatic: z.number().int(),
  cognitive: z.number().int(),
  lines: z.number().int(),
  over_limit: z.boolean(),
});

const outputSchema = z.object({
  max_complexity: z.number().int(),
  max_cognitive: z.number().int(),
  files_checked: z.number().int(),
  function_count: z.number().int(),
  over_limit_count: z.number().int(),
  functions: z.array(functionOut).describe('Most complex first.'),
  more: z.number().int(),
  lint: z.array(diagnosticSchema).describe('Lint findings (R04xx: unused names, shadowing, needless `mut`).'),
});

type FunctionOut = z.infer<typeof functionOut>;

export function registerQuality(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'quality',
    {
      title: 'Code quality report',
      description:
        'Measure every function\'s cyclomatic and cognitive complexity and flag those over `max_complexity` (default 20) or `max_cognitive` ' +
        '(default 15); also list lint findings (unused variables and functions, shadowing, needless `mut`). For a file or folder (`path`), ' +
        'inline code (`source`) or the whole workspace (neither).',
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    toolHandler(context, 'quality', async (args: z.infer<typeof inputSchema>, service, extra) => {
      const session = context.session;
      if (args.path !== undefined && args.source !== undefined) throw new ToolError('pass either `path` or `source`, not both (or neither for the whole workspace)');
      const report =
        args.source !== undefined
          ? session.withSource(service, args.source, (uri) => measure(session, service, [uri], args))
          : await measureFiles(session, service, args, extra);
      const listed = args.only_over_limit ? report.functions.filter((f) => f.over_limit) : report.functions;
      const page = listed.slice(0, args.limit);
      const structured = {
        max_complexity: args.max_complexity,
        max_cognitive: args.max_cognitive,
        files_checked: report.files,
        function_count: report.functions.length,
        over_limit_count: report.functions.filter((f) => f.over_limit).length,
        functions: page,
        more: listed.length - page.length,
        lint: report.lint,
      };
      return answer(render(structured), structured);
    }),
  );
}

async function measureFiles(session: Session, service: LanguageService, args: z.infer<typeof inputSchema>, extra: Parameters<Session['checkpoint']>[0]) {
  let uris = session.fileUris(service);
  if (args.path !== undefined) {
    const resolved = session.resolveFiles(service, args.path);
    if ('error' in resolved) throw new ToolError(resolved.error);
    uris = resolved.uris;
  }
  // Workspace-wide: the analysis runs once, then each file is a lookup; report progress per file.
  for (let i = 0; i < uris.length && uris.length > 1; i++) {
    await session.progress(extra, i, uris.length, `measuring ${session.display(uris[i])}`);
    await session.checkpoint(extra);
  }
  return measure(session, service, uris, args);
}

function measure(session: Session, service: LanguageService, uris: readonly string[], args: { max_complexity: number; max_cognitive: number }) {
  const functions: FunctionOut[] = [];
  const lint: DiagnosticOut[] = [];
  for (const uri of uris) {
    const document = service.getDocument(uri);
    if (document === undefined) continue;
    const display = uri.startsWith('untitled:') ? INLINE_NAME : session.display(uri);
    for (const f of service.quality(uri).functions) {
      const at = document.lineIndex.humanPosition(f.nameStart);
      functions.push({
        path: display,
        name: f.qualifiedName,
        line: at.line,
        column: at.column,
        cyclomatic: f.cyclomatic,
        cognitive: f.cognitive,
        lines: f.lines,
        over_limit: f.cyclomatic > args.max_complexity || f.cognitive > args.max_cognitive,
      });
    }
    for (const d of service.diagnostics(uri)) if (d.code.startsWith(LINT_PREFIX)) lint.push(diagnosticOut(document.lineIndex, display, d));
  }
  functions.sort((a, b) => b.cyclomatic - a.cyclomatic || b.cognitive - a.cognitive || a.path.localeCompare(b.path) || a.line - b.line);
  return { files: uris.length, functions, lint };
}

function render(s: { max_complexity: number; max_cognitive: number; files_checked: number; function_count: number; over_limit_count: number; functions: FunctionOut[]; more: number; lint: DiagnosticOut[] }): string {
  const out = [
    `${plural(s.function_count, 'function')} in ${plural(s.files_checked, 'file')}; ${s.over_limit_count} over the limits (cyclomatic > ${s.max_complexity} or cognitive > ${s.max_cognitive}); ${plural(s.lint.length, 'lint finding')}.`,
  ];
  for (const f of s.functions) {
    out.push(`${f.over_limit ? 'OVER ' : ''}${f.path}:${f.line}:${f.column} ${f.name}: cyclomatic ${f.cyclomatic}, cognitive ${f.cognitive}, ${plural(f.lines, 'line')}`);
  }
  if (s.more > 0) out.push(`${s.more} more functions; raise \`limit\``);
  out.push(...s.lint.map(diagnosticLine));
  return out.join('\n');
}
