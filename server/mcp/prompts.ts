// MCP prompts: ready-made requests a user can pick in their client.
//   fix-diagnostics  a file's diagnostics, each with its lines of code, and the file,
//                    asking the model to fix them and re-check
//   review           the file's quality findings (complexity over the limits, lint),
//                    asking for a review with concrete refactorings

import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { LanguageService } from '../../src/service/language-service.js';
import type { LineIndex } from '../../src/syntax/positions.js';
import { diagnosticLine, diagnosticOut, plural } from './convert.js';
import { explanations } from './explanations.js';
import type { Session } from './session.js';

/** Files up to this many lines are included whole. */
const WHOLE_FILE_LINES = 400;
const MAX_LISTED = 50;

export function registerPrompts(server: McpServer, session: Session): void {
  const pathArgument = (description: string) =>
    completable(z.string().describe(description), async (value) => {
      const service = await session.prepare();
      return session.fileUris(service).map((uri) => session.display(uri)).filter((p) => p.startsWith(value ?? '')).slice(0, 100);
    });

  server.registerPrompt(
    'fix-diagnostics',
    {
      title: 'Fix the diagnostics of a file',
      description: 'The errors and warnings of a Ruchy file, each with its code context, ready for the model to fix.',
      argsSchema: { path: pathArgument('The file to fix, relative to the workspace root.') },
    },
    async ({ path }, extra): Promise<GetPromptResult> => {
      const service = await session.prepare(extra);
      const file = fileOf(session, service, path);
      const document = service.getDocument(file.uri)!;
      const diagnostics = service.diagnostics(file.uri).map((d) => diagnosticOut(document.lineIndex, file.display, d));
      let text: string;
      if (diagnostics.length === 0) {
        text = `${file.display} has no diagnostics: nothing to fix. (Checked just now.)`;
      } else {
        const parts = [
          `Fix the ${plural(diagnostics.length, 'problem')} reported in the Ruchy file \`${file.display}\`. Keep the program's meaning; change only what a fix needs.`,
          'After editing, call the `diagnostics` tool on the file to confirm the problems are gone; `explain` describes any code.',
          '',
        ];
        diagnostics.slice(0, MAX_LISTED).forEach((d, i) => {
          parts.push(`${i + 1}. ${diagnosticLine(d)}`);
          parts.push('```ruchy', context(document.lineIndex, d.line, d.end_line), '```');
          const hint = explanations[d.code]?.fix;
          if (hint !== undefined) parts.push(`Hint (${d.code}): ${hint}`);
          parts.push('');
        });
        if (diagnostics.length > MAX_LISTED) parts.push(`... and ${diagnostics.length - MAX_LISTED} more (see the \`diagnostics\` tool).`, '');
        parts.push(...wholeFile(file.display, document.lineIndex));
        text = parts.join('\n');
      }
      return { description: `Fix ${plural(diagnostics.length, 'diagnostic')} in ${file.display}`, messages: [{ role: 'user', content: { type: 'text', text } }] };
    },
  );

  server.registerPrompt(
    'review',
    {
      title: 'Review a file for quality',
      description: 'Complexity of each function against the limits and the lint findings of a Ruchy file, for a code review with concrete refactorings.',
      argsSchema: {
        path: pathArgument('The file to review, relative to the workspace root.'),
        max_complexity: z.string().regex(/^\d+$/).optional().describe('Cyclomatic complexity limit (default 20).'),
      },
    },
    async ({ path, max_complexity }, extra): Promise<GetPromptResult> => {
      const service = await session.prepare(extra);
      const file = fileOf(session, service, path);
      const document = service.getDocument(file.uri)!;
      const limit = max_complexity === undefined ? 20 : Number(max_complexity);
      const functions = service.quality(file.uri).functions;
      const over = functions.filter((f) => f.cyclomatic > limit || f.cognitive > 15);
      const lint = service.diagnostics(file.uri).filter((d) => d.code.startsWith('R04')).map((d) => diagnosticOut(document.lineIndex, file.display, d));
      const parts = [
        `Review the Ruchy file \`${file.display}\` for readability and maintainability. Suggest concrete refactorings (with code) for the findings below, most important first.`,
        '',
        `Functions (${functions.length}; limits: cyclomatic ${limit}, cognitive 15):`,
        ...functions.map((f) => {
          const at = document.lineIndex.humanPosition(f.nameStart);
          return `- ${f.qualifiedName} (line ${at.line}): cyclomatic ${f.cyclomatic}, cognitive ${f.cognitive}, ${plural(f.lines, 'line')}${over.includes(f) ? '  <-- over the limit' : ''}`;
        }),
        '',
        lint.length === 0 ? 'No lint findings.' : `Lint findings (${lint.length}):`,
        ...lint.map((d) => `- ${diagnosticLine(d)}`),
        '',
        ...wholeFile(file.display, document.lineIndex),
      ];
      return {
        description: `Review ${file.display}: ${over.length} of ${plural(functions.length, 'function')} over the limits, ${plural(lint.length, 'lint finding')}`,
        messages: [{ role: 'user', content: { type: 'text', text: parts.join('\n') } }],
      };
    },
  );
}

function fileOf(session: Session, service: LanguageService, path: string): { uri: string; display: string } {
  const file = session.resolveFile(service, path);
  if ('error' in file) throw new McpError(ErrorCode.InvalidParams, file.error);
  return file;
}

/** Lines around [line, endLine] with line numbers, two lines of context each side. */
function context(lines: LineIndex, line: number, endLine: number): string {
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.lineCount, Math.max(line, Math.min(endLine, line + 8)) + 2);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) out.push(`${String(n).padStart(width)} | ${lines.lineText(n - 1)}`);
  return out.join('\n');
}

function wholeFile(display: string, lines: LineIndex): string[] {
  if (lines.lineCount > WHOLE_FILE_LINES) return [`(${display} has ${lines.lineCount} lines; read it for more context.)`];
  return [`The whole file \`${display}\`:`, '```ruchy', lines.text.replace(/\s+$/, ''), '```'];
}
