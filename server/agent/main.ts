// runAgent: the agent's process. `agent run` calls it in the foreground (for systemd and
// containers: logs on stderr, stops on SIGTERM/SIGINT/SIGHUP), and `agent start` spawns
// `server/agent/bin.js run --log-file FILE` detached, which calls it the same way.
//
// In order: the project folder and the configuration are checked (exit 2 when unusable),
// the lock is taken (agent.pid, exit 1 while another agent holds it; a stale one is
// replaced), agent.json says "starting", the agent loads the project and opens its MCP
// endpoint, agent.json says "ready". On a signal it stops watching, closes the endpoint
// and its sessions, removes agent.pid and agent.json, and returns 0. An exception that
// escapes everything else is logged; the agent keeps serving.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../src/service/host.js';
import { Agent, describe } from './daemon.js';
import { createLogger } from './log.js';
import { acquirePidFile, releaseFiles, statePaths } from './state.js';

export interface RunAgentOptions {
  projectPath: string;
  /** ruchy-agent.toml (default: the nearest one from the project folder up). */
  config?: string;
  /** Append the log to this file instead of writing it to `stderr` (the detached daemon). */
  logFile?: string;
  /** Whether `agent start` spawned this process (recorded in agent.json). */
  detached?: boolean;
  cwd: string;
  /** Usage errors, and the log when there is no log file. */
  stderr(text: string): void;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
/** After stopping, the process exits at the latest this much later even if a handle lingers. */
const EXIT_GRACE_MS = 3000;

/** The project folder as given (relative to `cwd`), resolved to its real path, or why it cannot be one. */
export function resolveProjectFolder(projectPath: string, cwd: string): { root: string } | { error: string } {
  const given = path.resolve(cwd, projectPath);
  try {
    if (!fs.statSync(given).isDirectory()) return { error: `--project-path ${projectPath}: not a folder` };
    return { root: fs.realpathSync.native(given) };
  } catch {
    return { error: `--project-path ${projectPath}: no such folder` };
  }
}

export async function runAgent(options: RunAgentOptions): Promise<number> {
  const project = resolveProjectFolder(options.projectPath, options.cwd);
  if ('error' in project) {
    options.stderr(`ruchy-agent agent: ${project.error}\n`);
    return 2;
  }
  const root = project.root;
  let loaded: ReturnType<typeof loadConfig>;
  try {
    // --config is relative to where the command runs; the search for ruchy-agent.toml starts at the project.
    loaded = loadConfig(options.config === undefined ? undefined : path.resolve(options.cwd, options.config), root);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    options.stderr(`ruchy-agent agent: ${error.message}\n`);
    return 2;
  }
  const { config, source } = loaded;
  const paths = statePaths(root);
  const log = createLogger({ name: config.agent.name, file: options.logFile, sink: options.stderr });

  let lock: ReturnType<typeof acquirePidFile>;
  try {
    lock = acquirePidFile(paths, process.pid);
  } catch (error) {
    log.error(`cannot write ${paths.pid}: ${describe(error)}`);
    return 1;
  }
  if (!lock.ok) {
    log.error(`an agent is already running for ${root} (pid ${lock.holder}); stop it first with \`ruchy-agent agent stop --project-path ${root}\``);
    return 1;
  }
  if (lock.removedStale !== null) log.warn(`removed a stale pid file (pid ${lock.removedStale} is not running)`);

  let requestStop: (reason: { message: string; code: number }) => void = () => undefined;
  const stopRequested = new Promise<{ message: string; code: number }>((resolve) => (requestStop = resolve));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn(`received ${signal} again: exiting at once`);
      releaseFiles(paths, process.pid);
      process.exit(1);
    }
    stopping = true;
    requestStop({ message: `received ${signal}`, code: 0 });
  };
  const onUnexpected = (error: unknown): void => {
    log.error(`unexpected error (the agent keeps running): ${error instanceof Error && error.stack ? error.stack : String(error)}`);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('uncaughtException', onUnexpected);
  process.on('unhandledRejection', onUnexpected);

  const token = config.server.token !== '' ? config.server.token : (process.env.RUCHY_AGENT_TOKEN ?? '');
  const agent = new Agent({
    root,
    config,
    configSource: source,
    paths,
    log,
    detached: options.detached === true,
    token,
    onFatal: (message) => {
      stopping = true;
      requestStop({ message, code: 1 });
    },
  });
  log.info(`starting for ${root} (configuration: ${source ?? 'defaults'})`);
  agent.writeState();
  try {
    await agent.start();
  } catch (error) {
    log.error(`could not start: ${describe(error)}`);
    requestStop({ message: 'start failed', code: 1 });
  }

  const reason = await stopRequested;
  log.info(`stopping (${reason.message})`);
  try {
    await agent.close();
  } catch (error) {
    log.error(`while stopping: ${describe(error)}`);
  }
  releaseFiles(paths, process.pid);
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('uncaughtException', onUnexpected);
  process.off('unhandledRejection', onUnexpected);
  log.info('stopped');
  setTimeout(() => process.exit(reason.code), EXIT_GRACE_MS).unref();
  return reason.code;
}
