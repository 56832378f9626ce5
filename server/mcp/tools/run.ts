// The `run` tool: compiles and runs Ruchy code in the sandbox (a locked-down child
// process with time and memory limits; no file or network access beyond what the server
// was started with via --allow-read / --allow-write).

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { LineIndex } from '../../../src/syntax/positions.js';
import { diagnosticLine, diagnosticOut } from '../convert.js';
import { diagnosticSchema, pathField, sourceField } from '../schemas.js';
import { INLINE_NAME, RequestCancelled } from '../session.js';
import { answer, clip, pathOrSource, ToolError, toolHandler, type ToolContext } from './tool.js';

/** Output kept in an answer, per stream. */
const MAX_STREAM = 100_000;

const inputSchema = z.object({
  path: pathField.optional(),
  source: sourceField.optional(),
  args: z.array(z.string().max(10_000)).max(100).default([]).describe('Command-line arguments for the program.'),
  stdin: z.string().max(1_000_000).optional().describe('Text given to the program on standard input.'),
  timeout_ms: z.number().int().min(100).max(60_000).default(10_000).describe('Stop the program after this many milliseconds (100-60000, default 10000).'),
});

const outputSchema = z.object({
  exit_code: z.number().int().describe('0 for success; 1 for a runtime error or a compile error.'),
  stdout: z.string(),
  stderr: z.string(),
  timed_out: z.boolean(),
  duration_ms: z.number(),
  truncated: z.boolean().describe('True when stdout or stderr was cut to fit the answer.'),
  diagnostics: z.array(diagnosticSchema).describe('Compile diagnostics (the program does not run when there are errors).'),
});

export function registerRun(server: McpServer, context: ToolContext): void {
  const grants = context.allowRead.length + context.allowWrite.length > 0;
  server.registerTool(
    'run',
    {
      title: 'Run a Ruchy program',
      description:
        'Compile and run a Ruchy program (`path` or inline `source`) in a sandbox with a time limit (`timeout_ms`) and a memory limit; returns ' +
        'stdout, stderr and the exit status. The program has no network access and ' +
        (grants ? 'may only touch the folders the server was started with (--allow-read / --allow-write).' : 'no file access.'),
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: context.allowWrite.length === 0, destructiveHint: context.allowWrite.length > 0, idempotentHint: false, openWorldHint: false },
    },
    toolHandler(context, 'run', async (args: z.infer<typeof inputSchema>, service, extra) => {
      const input = pathOrSource(args, 'run');
      let target: { uri: string } | { source: string };
      let display = INLINE_NAME;
      let lines: LineIndex;
      if ('path' in input) {
        const file = context.session.resolveFile(service, input.path);
        if ('error' in file) throw new ToolError(file.error);
        target = { uri: file.uri };
        display = file.display;
        lines = service.getDocument(file.uri)!.lineIndex;
      } else {
        target = { source: input.source };
        lines = new LineIndex(input.source);
      }
      const running = service.run(target, {
        timeoutMs: args.timeout_ms,
        args: args.args,
        stdin: args.stdin,
        fileName: display === INLINE_NAME ? 'main.ruchy' : display,
        allowRead: [...context.allowRead],
        allowWrite: [...context.allowWrite],
      });
      // The sandbox cannot be stopped from here; a cancelled request stops waiting for it
      // (the child still ends at its time limit).
      const result = await new Promise<Awaited<typeof running>>((resolve, reject) => {
        const onAbort = () => reject(new RequestCancelled());
        if (extra.signal.aborted) return onAbort();
        extra.signal.addEventListener('abort', onAbort, { once: true });
        running.then(resolve, reject).finally(() => extra.signal.removeEventListener('abort', onAbort));
      });
      // Every refusal of the sandbox is logged with its reason (a warning: on stderr too).
      for (const reason of result.refusals) context.session.log('warning', `run ${display}: sandbox refused: ${reason}`);
      const truncated = result.stdout.length > MAX_STREAM || result.stderr.length > MAX_STREAM;
      const diagnostics = result.diagnostics.map((d) => diagnosticOut(lines, display, d));
      const structured = {
        exit_code: result.exitCode,
        stdout: cut(result.stdout),
        stderr: cut(result.stderr),
        timed_out: result.timedOut,
        duration_ms: Math.round(result.durationMs),
        truncated,
        diagnostics,
      };
      const text = [`${display}: exit status ${result.exitCode}${result.timedOut ? ` (time limit of ${args.timeout_ms} ms exceeded)` : ''} after ${structured.duration_ms} ms.`];
      if (diagnostics.length > 0) text.push(...diagnostics.map(diagnosticLine));
      if (structured.stdout !== '') text.push('stdout:', clip(structured.stdout, 20_000));
      if (structured.stderr !== '') text.push('stderr:', clip(structured.stderr, 20_000));
      return answer(text.join('\n'), structured);
    }),
  );
}

function cut(text: string): string {
  return text.length <= MAX_STREAM ? text : `${text.slice(0, MAX_STREAM)}\n... (output cut at ${MAX_STREAM} characters)`;
}
