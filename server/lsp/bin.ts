#!/usr/bin/env node
// Starts the LSP server from the command line, with the transport flags editors pass:
//   node dist/server/lsp/bin.js [--stdio | --socket PORT | --socket=PORT | --node-ipc]
// (stdio when none is given). `ruchy-agent serve --mode lsp` does the same through the CLI.

import { startLspServer, type LspServerOptions } from './main.js';

function parse(argv: readonly string[]): LspServerOptions {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--stdio') return { transport: 'stdio' };
    if (arg === '--node-ipc') return { transport: 'ipc' };
    if (arg === '--socket') return { transport: 'socket', port: Number(argv[i + 1]) };
    if (arg.startsWith('--socket=')) return { transport: 'socket', port: Number(arg.slice('--socket='.length)) };
  }
  return { transport: 'stdio' };
}

try {
  await startLspServer(parse(process.argv.slice(2)));
} catch (error) {
  process.stderr.write(`ruchy-agent: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
