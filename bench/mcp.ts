// npm run bench:mcp
//
// Over stdio, as an MCP client sees the server:
//   1. start-up: time from spawning the process to the answer of `initialize`, for our
//      server (node dist/server/mcp/bin.js --stdio) and for a minimal McpServer with one
//      tool (bench/minimal-mcp-server.ts), started the same way, alternating A B A B in
//      one run. Target: median(ours) / median(minimal) <= 1.2 (the language service is
//      loaded on the first tool call, not at start-up).
//   2. latency of `diagnostics`, `hover` and `compile` on a generated 1000-line file
//      (bench/generate.ts), p50 and p99 over repeated calls, plus the first (cold) call.
// Prints a table.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { generateProgram } from './generate.js';
import { percentile, median, printTable } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ours = path.resolve(here, '../server/mcp/bin.js');
const minimal = path.resolve(here, 'minimal-mcp-server.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const calls = Number(process.env.BENCH_CALLS ?? 60);

function env(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'RUCHY_VALIDATE_GRAMMAR') out[k] = v;
  return out;
}

async function connect(args: string[]): Promise<{ client: Client; ms: number }> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  const transport = new StdioClientTransport({ command: process.execPath, args, env: env(), stderr: 'ignore' });
  const started = performance.now();
  await client.connect(transport);
  return { client, ms: performance.now() - started };
}

async function startup(root: string): Promise<{ ours: number[]; minimal: number[] }> {
  const times = { ours: [] as number[], minimal: [] as number[] };
  // Warm the file system cache for both.
  for (const args of [[ours, '--stdio', '--root', root], [minimal]]) (await connect(args)).client.close();
  for (let i = 0; i < rounds; i++) {
    for (const [name, args] of [['ours', [ours, '--stdio', '--root', root]], ['minimal', [minimal]]] as const) {
      const { client, ms } = await connect([...args]);
      times[name].push(ms);
      await client.close();
    }
  }
  return times;
}

async function latency(client: Client, name: string, args: Record<string, unknown>): Promise<{ cold: number; samples: number[] }> {
  const once = async (): Promise<number> => {
    const started = performance.now();
    const result = await client.callTool({ name, arguments: args });
    const ms = performance.now() - started;
    if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
    return ms;
  };
  const cold = await once();
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) samples.push(await once());
  return { cold, samples };
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ruchy-bench-mcp-'));
try {
  const program = generateProgram(1000);
  fs.writeFileSync(path.join(root, 'big.ruchy'), program.ruchy);
  const lines = program.ruchy.split('\n');
  const hoverLine = lines.findIndex((l) => l.startsWith('fun compute_7(')) + 1;

  const start = await startup(root);
  const ratio = median(start.ours) / median(start.minimal);

  const { client } = await connect([ours, '--stdio', '--root', root]);
  const diagnostics = await latency(client, 'diagnostics', { path: 'big.ruchy' });
  const hover = await latency(client, 'hover', { path: 'big.ruchy', line: hoverLine, column: 5 });
  const compile = await latency(client, 'compile', { path: 'big.ruchy' });
  await client.close();

  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`MCP server over stdio (${rounds} start-ups each, alternating; ${calls} calls per tool on a ${program.lines}-line file)\n`);
  printTable(
    ['measure', 'ours', 'minimal McpServer', 'ratio'],
    [
      ['initialize, median', fmt(median(start.ours)), fmt(median(start.minimal)), ratio.toFixed(2) + (ratio <= 1.2 ? ' (target <= 1.2: met)' : ' (target <= 1.2: MISSED)')],
      ['initialize, p99', fmt(percentile(start.ours, 99)), fmt(percentile(start.minimal, 99)), ''],
    ],
  );
  console.log('');
  printTable(
    ['tool (1k-line file)', 'first call', 'p50', 'p99'],
    [
      ['diagnostics', fmt(diagnostics.cold), fmt(percentile(diagnostics.samples, 50)), fmt(percentile(diagnostics.samples, 99))],
      ['hover', fmt(hover.cold), fmt(percentile(hover.samples, 50)), fmt(percentile(hover.samples, 99))],
      ['compile', fmt(compile.cold), fmt(percentile(compile.samples, 50)), fmt(percentile(compile.samples, 99))],
    ],
  );
  console.log('\n(first call of diagnostics includes loading the language service and reading the workspace)');
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
