// The server commands of the executable: `serve --mode lsp|mcp`, `mcp-server` and `agent`.
// They live here, beside the servers they start, and are added to the command line of
// src/cli by bin/ruchy-agent.ts (nothing in src/ depends on server/).

import { InvalidArgumentError, type Command } from 'commander';
import { registerAgentCommands, type AgentIo } from './agent/commands.js';

export interface ServerCommandContext {
  io: AgentIo;
  setExitCode(code: number): void;
}

export function registerServerCommands(program: Command, context: ServerCommandContext): void {
  const serveMcp = async (flags: ServeFlags): Promise<void> => {
    const { startMcpServer } = await import('./mcp/main.js');
    const transport = flags.ws === true ? 'ws' : flags.http === true ? 'http' : 'stdio';
    const handle = await startMcpServer({
      transport,
      port: flags.port,
      host: flags.host,
      token: flags.token,
      root: flags.root,
      allowRead: flags.allowRead,
      allowWrite: flags.allowWrite,
    });
    if (handle.port !== undefined) process.stderr.write(`ruchy-agent: MCP server (${transport}) listening on http://${flags.host ?? '127.0.0.1'}:${handle.port}/mcp\n`);
    // The process now lives as long as its transport: stdio until stdin closes (then the
    // command ends and the process exits with status 0), http/ws until killed.
    await (handle.closed ?? new Promise<void>(() => undefined));
  };

  program
    .command('serve')
    .summary('start the language server (LSP) or the MCP server')
    .description(
      'Start a server for editors (--mode lsp, the Language Server Protocol) or for AI agents\n' +
        '(--mode mcp, the Model Context Protocol). stdout belongs to the protocol on stdio; logs go to stderr.',
    )
    .option('--mode <mode>', 'lsp or mcp', 'lsp')
    .option('--stdio', 'talk over stdin/stdout (the default)')
    .option('--socket <port>', 'LSP: listen on 127.0.0.1:PORT for one client', parsePort)
    .option('--node-ipc', 'LSP: talk over Node IPC with a parent process')
    .option('--http', 'MCP: Streamable HTTP on 127.0.0.1 (see --port, --token)')
    .option('--ws', 'MCP: WebSocket on 127.0.0.1 (see --port, --token)')
    .option('--port <port>', 'MCP http/ws: port to listen on (0 picks a free one)', parsePort)
    .option('--host <address>', 'MCP http/ws: address to bind (default 127.0.0.1)')
    .option('--token <token>', 'MCP http/ws: bearer token clients must send (default: env RUCHY_AGENT_TOKEN)')
    .option('--root <dir>', 'MCP: workspace root when the client declares none (default: the current folder)')
    .option('--allow-read <dir>', 'MCP run tool: let programs read under this folder (repeatable)', collect, [])
    .option('--allow-write <dir>', 'MCP run tool: let programs write under this folder (repeatable)', collect, [])
    .option('--config <file>', 'read settings from this ruchy-agent.toml')
    .action(async (flags: ServeFlags & { mode: string }) => {
      if (flags.mode === 'mcp') return serveMcp(flags);
      if (flags.mode !== 'lsp') throw new InvalidArgumentError(`unknown mode '${flags.mode}': use lsp or mcp`);
      const { startLspServer } = await import('./lsp/main.js');
      if (flags.socket !== undefined) await startLspServer({ transport: 'socket', port: flags.socket });
      else await startLspServer({ transport: flags.nodeIpc === true ? 'ipc' : 'stdio' });
    });

  program
    .command('mcp-server')
    .summary('start the MCP server (same as serve --mode mcp)')
    .option('--http', 'Streamable HTTP on 127.0.0.1 (see --port, --token)')
    .option('--ws', 'WebSocket on 127.0.0.1 (see --port, --token)')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort)
    .option('--host <address>', 'address to bind (default 127.0.0.1)')
    .option('--token <token>', 'bearer token clients must send (default: env RUCHY_AGENT_TOKEN)')
    .option('--root <dir>', 'workspace root when the client declares none (default: the current folder)')
    .option('--allow-read <dir>', 'run tool: let programs read under this folder (repeatable)', collect, [])
    .option('--allow-write <dir>', 'run tool: let programs write under this folder (repeatable)', collect, [])
    .option('--config <file>', 'read settings from this ruchy-agent.toml')
    .action(async (flags: ServeFlags) => serveMcp(flags));

  registerAgentCommands(program, context);
}

interface ServeFlags {
  stdio?: boolean;
  socket?: number;
  nodeIpc?: boolean;
  http?: boolean;
  ws?: boolean;
  port?: number;
  host?: string;
  token?: string;
  root?: string;
  allowRead: string[];
  allowWrite: string[];
  config?: string;
}

function parsePort(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('expected a port number between 0 and 65535');
  return parsed;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
