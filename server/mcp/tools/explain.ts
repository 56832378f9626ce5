// The `explain` tool: what a diagnostic code means, with an example and the fix. The
// code table (src/diagnostics/codes.ts) gives title, severity and template; the prose is
// in ../explanations.ts.

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { codeTable, findCode } from '../../../src/service/host.js';
import { explanations } from '../explanations.js';
import { answer, ToolError, type ToolContext } from './tool.js';

const inputSchema = z.object({
  code: z.string().min(1).max(20).describe('A diagnostic code as shown in diagnostics, e.g. "R0101" (case and leading zeros optional: "r101" works).'),
});

const outputSchema = z.object({
  code: z.string(),
  title: z.string(),
  severity: z.enum(['error', 'warning', 'info', 'hint']).describe('Default severity.'),
  message_template: z.string().describe('The message, with {placeholders} filled in each diagnostic.'),
  explanation: z.string(),
  example: z.string().describe('Ruchy code that produces the diagnostic.'),
  fix: z.string(),
});

export function registerExplain(server: McpServer, _context: ToolContext): void {
  server.registerTool(
    'explain',
    {
      title: 'Explain a diagnostic code',
      description: 'Explain a Ruchy diagnostic code (such as R0101 from the diagnostics tool): what it means, a small example that triggers it, and how to fix it.',
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    // No workspace needed: answered without loading files or the language service.
    async (args: z.infer<typeof inputSchema>) => {
      try {
        const code = normalize(args.code);
        const entry = code === null ? undefined : findCode(code);
        if (code === null || entry === undefined) {
          const near = codeTable.filter((c) => code !== null && c.code.slice(0, 3) === code.slice(0, 3)).map((c) => c.code);
          throw new ToolError(
            `unknown diagnostic code "${args.code}". Codes look like R0101: R00xx syntax, R01xx names, R02xx types, R03xx control flow, R04xx lint, R05xx compiler and run.` +
              (near.length > 0 ? ` Codes in that group: ${near.join(', ')}.` : ''),
          );
        }
        const prose = explanations[entry.code];
        const structured = {
          code: entry.code,
          title: entry.title,
          severity: entry.severity,
          message_template: entry.template,
          explanation: prose?.explanation ?? entry.title,
          example: prose?.example ?? '',
          fix: prose?.fix ?? '',
        };
        const text = `${entry.code} (${entry.severity}): ${entry.title}\n${structured.explanation}\n\nExample:\n\`\`\`ruchy\n${structured.example}\n\`\`\`\nFix: ${structured.fix}`;
        return answer(text, structured);
      } catch (error) {
        return { isError: true, content: [{ type: 'text' as const, text: error instanceof Error ? error.message : String(error) }] };
      }
    },
  );
}

/** "r101", "R0101", "0101", "101" -> "R0101"; null when it is not code-shaped. */
function normalize(input: string): string | null {
  const match = /^\s*r?(\d{1,4})\s*$/i.exec(input);
  if (match === null) return null;
  return `R${match[1].padStart(4, '0')}`;
}
