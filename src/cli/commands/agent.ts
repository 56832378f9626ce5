// `ruchy-agent agent start|status|stop|run --project-path DIR`: the background agent of
// one project (server/agent/). These functions are what the command line registers; they
// take plain options and an io object and return the exit status:
//   start   0 started (the status is printed once the daemon answers), 1 already running
//           or the daemon failed (its log is shown), 2 bad folder or configuration
//   status  0 running, 1 not running (--json: one JSON document either way)
//   stop    0 stopped or not running, 1 could not stop, 2 bad folder
//   run     the agent in the foreground until SIGTERM/SIGINT: 0 after a clean stop,
//           1 already running or could not start, 2 bad folder or configuration
// The agent's modules are loaded on use, as for `serve`: --help pays for none of them.

import type { CheckIo } from './check.js';

export type AgentIo = CheckIo;

export interface AgentStartOptions {
  projectPath: string;
  /** ruchy-agent.toml (default: the nearest one from the project folder up). */
  config?: string;
}

export interface AgentRunOptions extends AgentStartOptions {
  /** Used by `agent start` for the daemon it spawns: append the log here instead of stderr. */
  logFile?: string;
  /** Used by `agent start`: the daemon runs detached (recorded in agent.json). */
  detached?: boolean;
}

export async function agentStart(opts: AgentStartOptions, io: AgentIo): Promise<number> {
  const { startAgent } = await import('../../../server/agent/control.js');
  return startAgent(opts, io);
}

export async function agentStatus(opts: { projectPath: string; json?: boolean }, io: AgentIo): Promise<number> {
  const { statusAgent } = await import('../../../server/agent/control.js');
  return statusAgent(opts, io);
}

export async function agentStop(opts: { projectPath: string }, io: AgentIo): Promise<number> {
  const { stopAgent } = await import('../../../server/agent/control.js');
  return stopAgent(opts, io);
}

export async function agentRun(opts: AgentRunOptions, io: AgentIo): Promise<number> {
  const { runAgent } = await import('../../../server/agent/main.js');
  return runAgent({ ...opts, cwd: io.cwd, stderr: io.stderr });
}
