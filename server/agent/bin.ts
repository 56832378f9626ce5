#!/usr/bin/env node
// A small executable around the `agent` commands, for tests and for the daemon that
// `agent start` spawns, without the full CLI:
//   node dist/server/agent/bin.js run|start|status|stop --project-path DIR [--config FILE] [--json]
// `run` also takes --log-file FILE and --detached, which `agent start` passes to its daemon.
// Exit statuses are those of ./commands.ts; usage errors exit 2.

import { parseArgs } from 'node:util';
import { agentRun, agentStart, agentStatus, agentStop, type AgentIo } from './commands.js';

const USAGE = 'usage: bin.js run|start|status|stop --project-path DIR [--config FILE] [--json]';

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'project-path': { type: 'string' },
        config: { type: 'string' },
        json: { type: 'boolean' },
        'log-file': { type: 'string' },
        detached: { type: 'boolean' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [command, ...extra] = parsed.positionals;
  const projectPath = parsed.values['project-path'];
  if (command === undefined || extra.length > 0 || projectPath === undefined || projectPath === '') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const io: AgentIo = {
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  };
  const config = parsed.values.config;
  switch (command) {
    case 'run':
      return agentRun({ projectPath, config, logFile: parsed.values['log-file'], detached: parsed.values.detached === true }, io);
    case 'start':
      return agentStart({ projectPath, config }, io);
    case 'status':
      return agentStatus({ projectPath, json: parsed.values.json === true }, io);
    case 'stop':
      return agentStop({ projectPath }, io);
    default:
      process.stderr.write(`unknown command '${command}'\n${USAGE}\n`);
      return 2;
  }
}

// A write error on a closed stderr (the detached daemon's log descriptor) is not a crash.
process.stderr.on('error', () => undefined);
process.stdout.on('error', () => undefined);
process.exitCode = await main(process.argv.slice(2));
