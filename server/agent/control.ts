// `agent start`, `agent status` and `agent stop`: controlling a project's background agent
// from another process, through the files of ./state.ts and signals.
//
//   start   refuses while a live agent holds the project (exit 1) and removes a stale pid
//           file; spawns `node server/agent/bin.js run --log-file .ruchy-agent/agent.log`
//           DETACHED (its own session and process group, stdio to the log file, unref'd),
//           then waits until agent.json says the child is ready and its MCP endpoint
//           answers, and prints the status. If the child exits first, the log it wrote is
//           shown and the exit status is 1.
//   status  running or not, and the last check's results from agent.json (--json: the
//           same as one JSON document). Exit 0 when running, 1 when not.
//   stop    SIGTERM, waits for the process to end, SIGKILL (to the process group of a
//           detached agent) when it does not; removes agent.pid and agent.json. Stopping
//           an agent that is not running is not an error.
//
// Output for people goes to stdout, problems to stderr; exit 2 for an unusable
// --project-path or configuration.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../../src/service/host.js';
import { resolveProjectFolder } from './main.js';
import { ensureStateFolder, inspect, isAlive, processGroup, readState, releaseFiles, removeStaleFiles, statePaths, type AgentState, type StatePaths } from './state.js';
import { renderRunning } from './status.js';

export interface ControlIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** How long `start` waits for the daemon to load the project and answer. */
export const START_TIMEOUT_MS = 60_000;
/** How long `stop` waits after SIGTERM, then after SIGKILL. */
export const STOP_TIMEOUT_MS = 10_000;
const KILL_TIMEOUT_MS = 5_000;
const POLL_MS = 50;

const PREFIX = 'ruchy-agent agent: ';

/** The daemon's entry, beside this file (dist/server/agent/bin.js). */
export function daemonEntry(): string {
  return fileURLToPath(new URL('./bin.js', import.meta.url));
}

// ---------------------------------------------------------------- start

export async function startAgent(opts: { projectPath: string; config?: string }, io: ControlIo): Promise<number> {
  const project = resolveProjectFolder(opts.projectPath, io.cwd);
  if ('error' in project) {
    io.stderr(`${PREFIX}${project.error}\n`);
    return 2;
  }
  const root = project.root;
  let configSource: string | null;
  try {
    // Checked here so that a bad file is reported to the person starting the agent, not to its log.
    configSource = loadConfig(opts.config === undefined ? undefined : path.resolve(io.cwd, opts.config), root).source;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`${PREFIX}${error.message}\n`);
    return 2;
  }
  const paths = statePaths(root);
  const found = inspect(paths);
  if (found.kind === 'running') {
    const where = found.state?.url ? `, MCP endpoint ${found.state.url}` : '';
    io.stderr(`${PREFIX}already running for ${root} (pid ${found.pid}${where}); stop it first with \`ruchy-agent agent stop --project-path ${root}\`\n`);
    return 1;
  }
  if (found.kind === 'stale') {
    removeStaleFiles(paths);
    io.stderr(`${PREFIX}removed a stale pid file${found.pid > 0 ? ` (pid ${found.pid} is not running)` : ''}\n`);
  }

  const entry = daemonEntry();
  if (!fs.existsSync(entry)) {
    io.stderr(`${PREFIX}cannot find the agent's entry ${entry} (is ruchy-agent built?)\n`);
    return 3;
  }
  let logFd: number;
  let logStart: number;
  try {
    ensureStateFolder(paths);
    logFd = fs.openSync(paths.log, 'a');
    logStart = fs.fstatSync(logFd).size;
  } catch (error) {
    io.stderr(`${PREFIX}cannot write ${paths.log}: ${(error as Error).message}\n`);
    return 1;
  }
  const args = [entry, 'run', '--project-path', root, '--log-file', paths.log, '--detached'];
  if (configSource !== null) args.push('--config', configSource);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let child;
  try {
    // Its own session (detached): no terminal, no signals from this shell; cwd `/` so
    // that it never holds a folder that someone wants to delete or unmount.
    child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', logFd, logFd], cwd: path.parse(root).root, env: process.env });
  } finally {
    fs.closeSync(logFd);
  }
  child.on('exit', (code, signal) => (exited = { code, signal }));
  child.on('error', (error) => {
    exited = { code: null, signal: null };
    io.stderr(`${PREFIX}could not start the agent: ${error.message}\n`);
  });
  child.unref();
  const pid = child.pid;

  const deadline = Date.now() + START_TIMEOUT_MS;
  let state: AgentState | null = null;
  while (Date.now() < deadline) {
    if (exited !== null || pid === undefined) break;
    state = readState(paths);
    if (state !== null && state.pid === pid && state.state === 'ready' && state.port !== null && (await answers(state.port))) {
      io.stdout(renderRunning(state).replace(/^ruchy-agent agent: running/, 'ruchy-agent agent: started'));
      io.stdout(`  log: ${paths.log}\n`);
      return 0;
    }
    await sleep(POLL_MS);
  }
  const failure = exited as { code: number | null; signal: NodeJS.Signals | null } | null;
  if (failure === null && pid !== undefined && isAlive(pid)) {
    // Not ready in time: do not leave a half-started agent behind.
    signalAgent(pid, 'SIGTERM', true);
    await waitUntilGone(pid, STOP_TIMEOUT_MS);
    if (isAlive(pid)) signalAgent(pid, 'SIGKILL', true);
    releaseFiles(paths, pid);
    io.stderr(`${PREFIX}the agent did not answer within ${START_TIMEOUT_MS / 1000} s and was stopped; see ${paths.log}\n`);
    return 1;
  }
  const how = failure === null ? 'did not start' : failure.signal !== null ? `was killed by ${failure.signal}` : `exited with status ${failure.code}`;
  io.stderr(`${PREFIX}the agent ${how}:\n${indent(readFrom(paths.log, logStart))}`);
  return 1;
}

// ---------------------------------------------------------------- status

export interface StatusReport {
  running: boolean;
  project: string;
  /** When not running: the pid of a pid file left behind. */
  stale_pid?: number;
  state?: AgentState;
}

export function statusAgent(opts: { projectPath: string; json?: boolean }, io: ControlIo): number {
  const project = resolveProjectFolder(opts.projectPath, io.cwd);
  if ('error' in project) {
    // The folder may have been deleted under a running agent, but then so is its pid file.
    const report = { running: false, project: path.resolve(io.cwd, opts.projectPath), project_missing: true };
    if (opts.json === true) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout(`${PREFIX}not running (${project.error})\n`);
    return 1;
  }
  const paths = statePaths(project.root);
  const found = inspect(paths);
  const report: StatusReport =
    found.kind === 'running'
      ? { running: true, project: project.root, ...(found.state !== null ? { state: found.state } : {}) }
      : { running: false, project: project.root, ...(found.kind === 'stale' ? { stale_pid: found.pid } : {}) };
  if (opts.json === true) {
    io.stdout(`${JSON.stringify(report.state !== undefined ? { running: true, ...report.state } : report, null, 2)}\n`);
  } else if (found.kind === 'running') {
    io.stdout(found.state !== null ? renderRunning(found.state) : `${PREFIX}running for ${project.root} (pid ${found.pid}), starting up\n`);
  } else {
    const stale = found.kind === 'stale' ? ` (a stale pid file names pid ${found.pid}, which is not running; \`agent start\` removes it)` : '';
    io.stdout(`${PREFIX}not running for ${project.root}${stale}\n`);
  }
  return found.kind === 'running' ? 0 : 1;
}

// ---------------------------------------------------------------- stop

export async function stopAgent(opts: { projectPath: string }, io: ControlIo): Promise<number> {
  const project = resolveProjectFolder(opts.projectPath, io.cwd);
  if ('error' in project) {
    io.stderr(`${PREFIX}${project.error}\n`);
    return 2;
  }
  const paths = statePaths(project.root);
  const found = inspect(paths);
  if (found.kind === 'none') {
    io.stdout(`${PREFIX}not running for ${project.root}\n`);
    return 0;
  }
  if (found.kind === 'stale') {
    removeStaleFiles(paths);
    io.stdout(`${PREFIX}not running for ${project.root} (removed a stale pid file)\n`);
    return 0;
  }
  const pid = found.pid;
  const group = found.state?.detached === true && processGroup(pid) === pid;
  signalAgent(pid, 'SIGTERM', false);
  let forced = false;
  if (!(await waitUntilGone(pid, STOP_TIMEOUT_MS))) {
    forced = true;
    io.stderr(`${PREFIX}pid ${pid} did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM; sending SIGKILL\n`);
    signalAgent(pid, 'SIGKILL', group);
    await waitUntilGone(pid, KILL_TIMEOUT_MS);
  }
  if (isAlive(pid)) {
    io.stderr(`${PREFIX}could not stop pid ${pid}\n`);
    return 1;
  }
  if (group) signalAgent(pid, 'SIGKILL', true); // what the agent started (programs of the `run` tool) goes too
  cleanUp(paths, pid);
  io.stdout(`${PREFIX}stopped (pid ${pid}${forced ? ', killed' : ''})\n`);
  return 0;
}

// ---------------------------------------------------------------- helpers

function cleanUp(paths: StatePaths, pid: number): void {
  try {
    releaseFiles(paths, pid);
  } catch {
    // the folder is gone: nothing to remove
  }
}

/** Sends a signal to a process, or to its process group; false when there is nothing to signal. */
function signalAgent(pid: number, signal: NodeJS.Signals, group: boolean): boolean {
  try {
    process.kill(group ? -pid : pid, signal);
    return true;
  } catch {
    if (!group) return false;
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(POLL_MS);
  }
  return !isAlive(pid);
}

/** Whether something answers HTTP on 127.0.0.1:port (any status: the MCP endpoint refuses a bare GET). */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    // No keep-alive agent: an idle pooled socket would keep this short-lived process up.
    const request = http.get({ host: '127.0.0.1', port, path: '/mcp', agent: false, timeout: 2000 }, (response) => {
      response.resume();
      resolve(true);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

function readFrom(file: string, offset: number): string {
  try {
    const text = fs.readFileSync(file).subarray(offset).toString('utf8');
    return text.length > 4000 ? `...${text.slice(-4000)}` : text;
  } catch {
    return '';
  }
}

function indent(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.length === 0 ? '  (nothing in the log)\n' : `${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
