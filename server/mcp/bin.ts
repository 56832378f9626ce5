#!/usr/bin/env node
// A small executable around startMcpServer, for tests and for running the MCP server
// without the full CLI:
//   node dist/server/mcp/bin.js [--stdio | --http | --ws] [--port N] [--host H]
//                               [--root DIR] [--token T] [--allow-read DIR] [--allow-write DIR]
// Usage errors exit with status 2; everything it prints goes to stderr.

import { startMcpServer, type StartMcpServerOptions } from './main.js';

const USAGE = 'usage: bin.js [--stdio | --http | --ws] [--port N] [--host H] [--root DIR] [--token T] [--allow-read DIR] [--allow-write DIR]';

export function parseArguments(argv: readonly string[]): StartMcpServerOptions | { error: string } {
  const options: StartMcpServerOptions = { transport: 'stdio', allowRead: [], allowWrite: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string | null => (i + 1 < argv.length ? argv[++i] : null);
    switch (flag) {
      case '--stdio':
        options.transport = 'stdio';
        break;
      case '--http':
        options.transport = 'http';
        break;
      case '--ws':
        options.transport = 'ws';
        break;
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) return { error: '--port needs a number from 0 to 65535' };
        options.port = port;
        break;
      }
      case '--host':
      case '--root':
      case '--token':
      case '--allow-read':
      case '--allow-write': {
        const v = value();
        if (v === null || v === '') return { error: `${flag} needs a value` };
        if (flag === '--host') options.host = v;
        else if (flag === '--root') options.root = v;
        else if (flag === '--token') options.token = v;
        else if (flag === '--allow-read') options.allowRead!.push(v);
        else options.allowWrite!.push(v);
        break;
      }
      case '-h':
      case '--help':
        return { error: USAGE };
      default:
        return { error: `unknown option ${flag}\n${USAGE}` };
    }
  }
  return options;
}

const parsed = parseArguments(process.argv.slice(2));
if ('error' in parsed) {
  process.stderr.write(`${parsed.error}\n`);
  process.exitCode = 2;
} else {
  try {
    const handle = await startMcpServer(parsed);
    const stop = (): void => {
      void handle.close().finally(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    process.stderr.write(`ruchy-agent mcp: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
