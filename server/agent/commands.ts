// `ruchy-agent agent start|status|stop|run --project-path DIR`: the background agent of
// one project. The four functions take plain options and an io object and return the exit
// status; `registerAgentCommands` defines them on the command line (called from
// server/commands.ts, since nothing in src/ may depend on server/).
//   start   0 started (the status is printed once the daemon answers), 1 already running
//           or the daemon failed (its log is shown), 2 bad folder or configuration
//   status  0 running, 1 not running (--json: one JSON document either way)
//   stop    0 stopped or not running, 1 could not stop, 2 bad folder
//   run     the agent in the foreground until SIGTERM/SIGINT/SIGHUP: 0 after a clean
//           stop, 1 already running or could not start, 2 bad folder or configuration
// The agent's modules are loaded on use: --help and the other commands pay for none of them.

import type { Command } from 'commander';

export interface AgentIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

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
  const { startAgent } = await import('./control.js');
  return startAgent(opts, io);
}

export async function agentStatus(opts: { projectPath: string; json?: boolean }, io: AgentIo): Promise<number> {
  const { statusAgent } = await import('./control.js');
  return statusAgent(opts, io);
}

export async function agentStop(opts: { projectPath: string }, io: AgentIo): Promise<number> {
  const { stopAgent } = await import('./control.js');
  return stopAgent(opts, io);
}

export async function agentRun(opts: AgentRunOptions, io: AgentIo): Promise<number> {
  const { runAgent } = await import('./main.js');
  return runAgent({ ...opts, cwd: io.cwd, stderr: io.stderr });
}

const AGENT_HELP = `
The agent keeps its files in DIR/.ruchy-agent/: agent.pid (one agent per project),
agent.json (port, pid, start time, the last check's results) and agent.log (start only).
It reads DIR's ruchy-agent.toml ([agent], [monitoring], [quality], [server]) or --config FILE,
and serves MCP over Streamable HTTP on 127.0.0.1 (port from [server] port; 0 = a free one,
shown by 'agent status').`;

/** Adds `agent start|status|stop|run` to the command line. */
export function registerAgentCommands(program: Command, context: { io: AgentIo; setExitCode(code: number): void }): void {
  const { io, setExitCode } = context;
  const agent = program
    .command('agent')
    .summary('run a background agent that watches a project and serves its diagnostics over MCP')
    .description('Start, inspect and stop the background agent of a project. It watches the Ruchy files, re-checks them on change\nand serves diagnostics, status and the quality gate over MCP (Streamable HTTP on 127.0.0.1).')
    .addHelpText('after', AGENT_HELP);

  agent
    .command('start')
    .summary('start the agent in the background (detached)')
    .requiredOption('--project-path <dir>', 'the project folder')
    .option('--config <file>', 'read settings from this file instead of the nearest ruchy-agent.toml')
    .action(async (flags: { projectPath: string; config?: string }) => setExitCode(await agentStart(flags, io)));

  agent
    .command('status')
    .summary('show whether the agent runs, its port, files, problems and quality gate')
    .requiredOption('--project-path <dir>', 'the project folder')
    .option('--json', 'print one JSON document')
    .action(async (flags: { projectPath: string; json?: boolean }) => setExitCode(await agentStatus(flags, io)));

  agent
    .command('stop')
    .summary('stop the agent (SIGTERM, then SIGKILL if it does not stop)')
    .requiredOption('--project-path <dir>', 'the project folder')
    .action(async (flags: { projectPath: string }) => setExitCode(await agentStop(flags, io)));

  agent
    .command('run')
    .summary('run the agent in the foreground (systemd, containers); logs on stderr, stops on SIGTERM')
    .requiredOption('--project-path <dir>', 'the project folder')
    .option('--config <file>', 'read settings from this file instead of the nearest ruchy-agent.toml')
    .action(async (flags: { projectPath: string; config?: string }) => setExitCode(await agentRun(flags, io)));
}
