// Stress: 100 concurrent Streamable HTTP sessions on the real MCP server (a spawned
// `node dist/server/mcp/bin.js --http`), each issuing tool calls at the same time as the
// others. Every call is answered, and each answer is about what its own session asked
// (a symbol, a file and an inline source that name the session), never another's.

import { afterAll, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { call, childEnv, makeWorkspace, MCP_BIN, newClient, structured } from '../server/mcp/helpers.js';

const SESSIONS = 100;
const ROUNDS = 3;
const TOKEN = 'stress-token';

const files: Record<string, string> = {};
for (let k = 0; k < SESSIONS; k++) {
  files[`session_${k}.ruchy`] = `/// The value of session ${k}.\npub fun value_${k}(n: i64) -> i64 {\n    n * ${k + 1} + missing_${k}\n}\n`;
}
const ws = makeWorkspace(files, 'ruchy-stress-mcp-');
afterAll(() => ws.cleanup());

interface Diagnostics {
  diagnostics: { path: string; code: string; message: string }[];
}

describe('stress: MCP sessions', () => {
  test(`${SESSIONS} concurrent HTTP sessions issuing tool calls: all answered, none mixed up`, async () => {
    const child = spawn(process.execPath, [MCP_BIN, '--http', '--port', '0', '--root', ws.dir, '--token', TOKEN], { env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const url = await new Promise<URL>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /listening on (http:\/\/\S+)/.exec(stderr);
        if (found) resolve(new URL(found[1]));
      });
      child.on('exit', (code) => reject(new Error(`the MCP server exited (${code}): ${stderr}`)));
    });
    try {
      const start = performance.now();
      const latencies: number[] = [];
      const timed = async <T>(work: Promise<T>): Promise<T> => {
        const t = performance.now();
        const value = await work;
        latencies.push(performance.now() - t);
        return value;
      };
      const clients = await Promise.all(
        Array.from({ length: SESSIONS }, async () => {
          const client = newClient();
          const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } });
          await client.connect(transport);
          return { client, transport };
        }),
      );
      expect(new Set(clients.map((c) => c.transport.sessionId)).size).toBe(SESSIONS);

      const session = async (k: number): Promise<number> => {
        const { client } = clients[k];
        let calls = 0;
        for (let round = 0; round < ROUNDS; round++) {
          const [hover, file, inline] = await Promise.all([
            timed(call(client, 'hover', { symbol: `value_${k}` })),
            timed(call(client, 'diagnostics', { path: `session_${k}.ruchy` })),
            timed(call(client, 'diagnostics', { source: `fun main() {\n    println(inline_${k}_${round})\n}\n`, severity: ['error'] })),
          ]);
          calls += 3;
          expect(hover.isError, JSON.stringify(hover)).toBeFalsy();
          expect(structured<{ signature: string; doc: string }>(hover)).toMatchObject({ signature: `fun value_${k}(n: i64) -> i64`, doc: `The value of session ${k}.` });
          expect(structured<Diagnostics>(file).diagnostics.map((d) => [d.path, d.message])).toEqual([[`session_${k}.ruchy`, `cannot find \`missing_${k}\` in this scope`]]);
          expect(structured<Diagnostics>(inline).diagnostics.map((d) => d.message)).toEqual([`cannot find \`inline_${k}_${round}\` in this scope`]);
        }
        return calls;
      };
      const calls = (await Promise.all(clients.map((_, k) => session(k)))).reduce((a, b) => a + b, 0);
      const elapsed = performance.now() - start;
      await Promise.all(clients.map(async ({ client, transport }) => {
        await transport.terminateSession();
        await client.close();
      }));

      // Every session ended with DELETE: a new one is accepted (the server caps open sessions).
      const again = newClient();
      await again.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
      expect(structured<{ signature: string }>(await call(again, 'hover', { symbol: 'value_7' })).signature).toBe('fun value_7(n: i64) -> i64');
      await again.close();

      latencies.sort((a, b) => a - b);
      const median = latencies[Math.floor(latencies.length / 2)];
      console.log(
        `stress MCP sessions: ${SESSIONS} sessions, ${calls} tool calls in ${elapsed.toFixed(0)} ms; ` +
          `latency median ${median.toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`,
      );
      expect(calls).toBe(SESSIONS * ROUNDS * 3);
      console.log(`stress MCP sessions: ${calls} calls, all answered by their own session, all held`);
    } finally {
      child.kill();
    }
  }, 120_000);
});
