// Helpers for the background agent tests: temporary projects, the agent's executable
// (`node dist/bin/ruchy-agent.js agent ...`, the installed command, built by `npm test`), its state files, an MCP client
// attached to its endpoint, and polling with a deadline instead of fixed sleeps.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { AgentState } from '../../../server/agent/state.js';
import { childEnv, newClient } from '../mcp/helpers.js';

export { makeWorkspace as makeProject, type TempWorkspace as TempProject } from '../mcp/helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The built executable; every call goes through its `agent` command, as a user's would. */
export const EXECUTABLE = path.join(repoRoot, 'dist', 'bin', 'ruchy-agent.js');

/** Generous: CI machines can be slow; nothing asserts how fast anything is. */
export const DEADLINE_MS = 15_000;

export interface BinResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ruchy-agent agent ...args` to completion. */
export function agentBin(args: readonly string[], cwd = repoRoot): Promise<BinResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [EXECUTABLE, 'agent', ...args], { cwd, env: childEnv(), timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export function stateFile(project: string): string {
  return path.join(project, '.ruchy-agent', 'agent.json');
}

export function pidFile(project: string): string {
  return path.join(project, '.ruchy-agent', 'agent.pid');
}

export function readAgentState(project: string): AgentState | null {
  try {
    return JSON.parse(fs.readFileSync(stateFile(project), 'utf8')) as AgentState;
  } catch {
    return null;
  }
}

/** `agent status --json` as an object. */
export async function statusJson(project: string): Promise<Record<string, unknown> & { running: boolean }> {
  const result = await agentBin(['status', '--project-path', project, '--json']);
  return JSON.parse(result.stdout) as Record<string, unknown> & { running: boolean };
}

/** Whether a process exists and is not a zombie. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

/** Polls `probe` until it returns something other than undefined/false, or fails after the deadline. */
export async function eventually<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = DEADLINE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError !== null ? ` (last error: ${String(lastError)})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An MCP client attached to the agent's endpoint. */
export async function attach(port: number, token?: string): Promise<Client> {
  const client = newClient();
  const headers: Record<string, string> = token !== undefined ? { Authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), { requestInit: { headers } }));
  return client;
}
