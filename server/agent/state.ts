// The background agent's files, in the project's `.ruchy-agent/` folder, and how a process
// is recognised as the agent that wrote them.
//
//   agent.pid   the daemon's process id. Created exclusively (O_EXCL) by the daemon: it is
//               the lock that keeps one agent per project.
//   agent.json  the daemon's state (port, pid, start time, the last check's results),
//               rewritten atomically (temporary file + rename) after every check, so a
//               reader never sees half a document.
//   agent.log   what the detached daemon prints.
//
// A pid file may outlive its process (a crash, SIGKILL, a reboot) and its number may then
// belong to another process. So a pid counts as the agent only while that process is
// alive, not a zombie, and (on Linux) started at the same moment as the one that wrote
// agent.json (`proc_start`, field 22 of /proc/PID/stat). Otherwise the files are stale.

import * as fs from 'node:fs';
import * as path from 'node:path';

export const STATE_FOLDER = '.ruchy-agent';

export interface StatePaths {
  folder: string;
  pid: string;
  state: string;
  log: string;
}

export function statePaths(project: string): StatePaths {
  const folder = path.join(project, STATE_FOLDER);
  return { folder, pid: path.join(folder, 'agent.pid'), state: path.join(folder, 'agent.json'), log: path.join(folder, 'agent.log') };
}

export interface OverLimitFunction {
  path: string;
  name: string;
  line: number;
  column: number;
  cyclomatic: number;
  cognitive: number;
}

export interface QualityGateState {
  /** Whether functions over the complexity limits fail the gate (`quality.enforce_standards`). */
  enforced: boolean;
  passed: boolean;
  max_complexity: number;
  max_cognitive_complexity: number;
  /** Errors, unreadable files included. */
  errors: number;
  over_limit: OverLimitFunction[];
}

/** The contents of agent.json. */
export interface AgentState {
  version: 1;
  name: string;
  pid: number;
  /** The process's start time as the kernel counts it (Linux), to tell a reused pid apart. */
  proc_start: string | null;
  /** Started by `agent start` (its own process group) rather than `agent run`. */
  detached: boolean;
  project: string;
  config: string | null;
  /** 'starting' until the first check is done and the MCP endpoint listens. */
  state: 'starting' | 'ready' | 'stopping';
  port: number | null;
  url: string | null;
  token_required: boolean;
  started_at: string;
  updated_at: string;
  /** The project folder is gone (the agent waits for it to come back). */
  project_missing: boolean;
  last_check: string | null;
  last_full_check: string | null;
  checks: number;
  files: number;
  errors: number;
  warnings: number;
  unreadable: { path: string; reason: string }[];
  quality_gate: QualityGateState;
  pending_events: number;
  watched_folders: number;
}

// ---------------------------------------------------------------- reading and writing

/** Creates .ruchy-agent/ in the project folder, never the project folder itself (it may have been deleted). */
export function ensureStateFolder(paths: StatePaths): void {
  try {
    fs.mkdirSync(paths.folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

export function readPid(paths: StatePaths): number | null {
  let text: string;
  try {
    text = fs.readFileSync(paths.pid, 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.trim().split(/\s+/)[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export function readState(paths: StatePaths): AgentState | null {
  try {
    const value = JSON.parse(fs.readFileSync(paths.state, 'utf8')) as AgentState;
    return value !== null && typeof value === 'object' && typeof value.pid === 'number' ? value : null;
  } catch {
    return null;
  }
}

/** Writes `text` to `file` so that readers see the old or the new contents, never a mix. */
export function writeFileAtomic(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

export function writeState(paths: StatePaths, state: AgentState): void {
  ensureStateFolder(paths);
  writeFileAtomic(paths.state, `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * Takes the lock: creates agent.pid with `pid`, unless a live agent holds it. A stale
 * pid file is removed first (and reported back).
 */
export function acquirePidFile(paths: StatePaths, pid: number): { ok: true; removedStale: number | null } | { ok: false; holder: number } {
  ensureStateFolder(paths);
  let removedStale: number | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(paths.pid, `${pid}\n`)) return { ok: true, removedStale };
    const found = inspect(paths);
    if (found.kind === 'running' && found.pid !== pid) return { ok: false, holder: found.pid };
    // Stale (or unreadable, or half-written by a process that just died): remove and retry.
    removedStale = found.kind === 'stale' ? found.pid : removedStale;
    fs.rmSync(paths.pid, { force: true });
  }
  const holder = readPid(paths);
  return { ok: false, holder: holder ?? 0 };
}

/**
 * Creates `file` with `text` unless it exists, all at once: the text goes to a temporary
 * file first, then a hard link gives it its name (link fails if the name is taken), so no
 * reader ever sees the file empty.
 */
function createExclusive(file: string, text: string): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    // A file system without hard links: exclusive creation, then the text.
    try {
      fs.writeFileSync(file, text, { flag: 'wx' });
      return true;
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw inner;
    }
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Removes agent.pid and agent.json when they still belong to `pid`. */
export function releaseFiles(paths: StatePaths, pid: number): void {
  if (readPid(paths) === pid) fs.rmSync(paths.pid, { force: true });
  const state = readState(paths);
  if (state !== null && state.pid === pid) fs.rmSync(paths.state, { force: true });
}

/** Removes agent.pid and agent.json whoever wrote them (they are known to be stale). */
export function removeStaleFiles(paths: StatePaths): void {
  fs.rmSync(paths.pid, { force: true });
  fs.rmSync(paths.state, { force: true });
}

// ---------------------------------------------------------------- processes

export type Inspection =
  | { kind: 'running'; pid: number; state: AgentState | null }
  | { kind: 'stale'; pid: number; state: AgentState | null }
  | { kind: 'none' };

/** Whether the project's pid file names a live agent. */
export function inspect(paths: StatePaths): Inspection {
  const pid = readPid(paths);
  const state = readState(paths);
  if (pid === null) {
    if (fs.existsSync(paths.pid)) return { kind: 'stale', pid: 0, state };
    return { kind: 'none' };
  }
  if (!isAlive(pid)) return { kind: 'stale', pid, state };
  if (state !== null && state.pid === pid && state.proc_start !== null) {
    const started = processStart(pid);
    if (started !== null && started !== state.proc_start) return { kind: 'stale', pid, state };
  }
  return { kind: 'running', pid, state: state !== null && state.pid === pid ? state : null };
}

/** Whether a process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  return stat === null || (stat.state !== 'Z' && stat.state !== 'X');
}

/** The kernel's start time of a process (Linux), or null where /proc is not available. */
export function processStart(pid: number): string | null {
  return procStat(pid)?.start ?? null;
}

/** The process group of a process (Linux), or null. */
export function processGroup(pid: number): number | null {
  const group = procStat(pid)?.group;
  return group === undefined ? null : group;
}

function procStat(pid: number): { state: string; group: number; start: string } | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
  //  utime stime cutime cstime priority nice num_threads itrealvalue starttime ..."
  // comm may hold spaces and parentheses: split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  if (fields.length < 20) return null;
  return { state: fields[0], group: Number(fields[2]), start: fields[19] };
}
