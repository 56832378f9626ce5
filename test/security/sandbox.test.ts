// The sandbox battery: every escape we know of from `run` (tables in ./cases.ts), through
// both front doors: the CLI (`node dist/bin/ruchy-agent.js run`, granted a folder for
// reading and writing) and the MCP `run` tool over a real stdio transport (the server
// started with the same grants). Each attempt must be refused with its clear message;
// the refusals the sandbox makes at run time must be logged by the MCP server on stderr
// (a line with the reason); nothing outside the granted folder may change; and no secret
// may reach any output.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, childEnv, stdioClient, structured, waitFor } from '../server/mcp/helpers.js';
import {
  COLLISION_CASES, ESCAPED, makeSandboxFolders, SANDBOX_CASES, SECRET, snapshot, sourceFor, type SandboxCase, type SandboxFolders,
} from './cases.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin', 'ruchy-agent.js');

let folders: SandboxFolders;
let before: string;
let client: Client;
let serverStderr: () => string;

interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
}

function runCli(file: string, c: SandboxCase | { timeoutMs?: number }): Promise<Outcome> {
  const args = [CLI, 'run', '--timeout', String(c.timeoutMs ?? 10_000), '--memory', '64', '--allow-read', folders.granted, '--allow-write', folders.granted, file];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: folders.base, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

/** Runs `items` with at most `limit` at a time (the machine is shared). */
async function pooled<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

function expectRefused(c: SandboxCase, out: Outcome, where: string): void {
  const label = `${where}: ${c.name}\n${out.stderr.slice(0, 2000)}`;
  expect(out.status, label).toBe(1);
  expect(out.stdout, label).not.toContain(ESCAPED);
  expect(out.stdout + out.stderr, label).not.toContain(SECRET);
  expect(out.stderr, label).toMatch(c.message);
  // Run-time refusals are one clear `Error:` line; compile refusals are a coded diagnostic.
  if (c.stage !== 'compile') expect(out.stderr, label).toMatch(new RegExp(`(^|\\n)Error: [^\\n]*${c.message.source}`));
}

beforeAll(async () => {
  folders = makeSandboxFolders();
  before = snapshot(folders.outside);
  fs.mkdirSync(path.join(folders.base, 'ws'));
  ({ client, stderr: serverStderr } = await stdioClient(path.join(folders.base, 'ws'), ['--allow-read', folders.granted, '--allow-write', folders.granted]));
});

afterAll(async () => {
  await client?.close();
  folders?.cleanup();
});

describe('sandbox battery', () => {
  test('every escape is refused through the CLI, with a clear message', async () => {
    const programs = path.join(folders.base, 'programs');
    fs.mkdirSync(programs);
    const outcomes = await pooled(SANDBOX_CASES, 2, async (c) => {
      const file = path.join(programs, `${SANDBOX_CASES.indexOf(c)}.ruchy`);
      fs.writeFileSync(file, sourceFor(c, folders));
      return runCli(file, c);
    });
    SANDBOX_CASES.forEach((c, i) => expectRefused(c, outcomes[i], 'cli'));
    expect(snapshot(folders.outside)).toBe(before);
    expect(fs.existsSync(path.join(folders.outside, 'created.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(folders.granted, 'data.txt'), 'utf8')).toBe('granted data');
    console.log(`sandbox battery: ${SANDBOX_CASES.length} cases, all refused (through the CLI)`);
  }, 600_000);

  test('every escape is refused through the MCP run tool, and each refusal is logged on stderr', async () => {
    let logged = 0;
    for (const c of SANDBOX_CASES) {
      const mark = serverStderr().length;
      const result = await call(client, 'run', { source: sourceFor(c, folders), timeout_ms: c.timeoutMs ?? 10_000 });
      const s = structured<{ exit_code: number; stdout: string; stderr: string; diagnostics: { message: string; code: string }[] }>(result);
      const stderr = c.stage === 'compile' ? s.diagnostics.map((d) => `error[${d.code}]: ${d.message}`).join('\n') : s.stderr;
      expectRefused(c, { status: s.exit_code, stdout: s.stdout, stderr }, 'mcp');
      if (c.stage === 'compile') continue;
      // The server's log line: `ruchy-agent mcp: warning: run <source>: sandbox refused: <reason>`.
      const line = new RegExp(`ruchy-agent mcp: warning: run <source>: sandbox refused: .*${c.message.source.replace(/^read_file: |^write_file: /, '')}`);
      await waitFor(() => line.test(serverStderr().slice(mark)), 10_000, `the log line of ${c.name} in:\n${serverStderr().slice(mark)}`);
      logged++;
    }
    expect(snapshot(folders.outside)).toBe(before);
    expect(serverStderr()).not.toContain(SECRET);
    console.log(`sandbox battery: ${SANDBOX_CASES.length} cases, all refused (through the MCP run tool; ${logged} logged by the server, ${SANDBOX_CASES.length - logged} rejected at compile time)`);
  }, 600_000);

  test('declarations that collide with JavaScript names stay the program’s own', async () => {
    for (const c of COLLISION_CASES) {
      const result = await call(client, 'run', { source: c.source });
      const s = structured<{ exit_code: number; stdout: string; stderr: string }>(result);
      expect({ name: c.name, status: s.exit_code, stdout: s.stdout }).toEqual({ name: c.name, status: 0, stdout: c.stdout });
    }
    console.log(`sandbox battery: ${COLLISION_CASES.length} collision cases, all stayed inside the program`);
  }, 120_000);

  test('what is granted still works', async () => {
    const source = `println(read_file("${folders.granted}/data.txt"))\nwrite_file("${folders.granted}/out.txt", "written")\nprintln(read_file("${folders.granted}/out.txt"))`;
    const result = structured<{ exit_code: number; stdout: string; stderr: string }>(await call(client, 'run', { source }));
    expect(result).toMatchObject({ exit_code: 0, stdout: 'granted data\nwritten\n', stderr: '' });
    fs.rmSync(path.join(folders.granted, 'out.txt'));
  });
});
