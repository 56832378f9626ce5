#!/usr/bin/env node
// The `ruchy-agent` executable: the command line of src/cli plus the server commands of
// server/. It is the composition root of the program, outside src/ and server/, so that
// the engine never depends on the protocol adapters.

import { registerInstallHook, runCli } from '../src/cli/program.js';
import { registerServerCommands } from '../server/commands.js';

// A reader that stops early (`ruchy-agent check | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv, (program, context) => {
  registerServerCommands(program, context);
  // `agent install-hook`: the quality gate's pre-commit hook, beside the agent's other commands.
  const agent = program.commands.find((command) => command.name() === 'agent');
  if (agent !== undefined) registerInstallHook(agent.command('install-hook').summary('install the git pre-commit hook that runs the quality gate'), context, '--project-path');
});
