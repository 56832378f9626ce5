// createMcpServer: the one factory of the MCP server, used by every transport (stdio,
// Streamable HTTP, WebSocket) and by tests. It builds an McpServer for ONE session over a
// language service: declares the capabilities (tools, resources with subscriptions,
// prompts, logging, completions), registers the tools, resources and prompts, and ties
// the session's lifetime (its file watcher) to the connection's.
//
// It loads nothing heavy: the language service may be given as a function that creates
// it, and then it is created on the first request that needs it, so `initialize` is as
// fast as any MCP server's.

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as path from 'node:path';
import { FileSync, type ServiceSource } from './file-sync.js';
import type { WorkspaceOwner } from './owner.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { Session } from './session.js';
import { registerCompile } from './tools/compile.js';
import { registerDefinition } from './tools/definition.js';
import { registerDiagnostics } from './tools/diagnostics.js';
import { registerExplain } from './tools/explain.js';
import { registerFormat } from './tools/format.js';
import { registerHover } from './tools/hover.js';
import { registerQuality } from './tools/quality.js';
import { registerReferences } from './tools/references.js';
import { registerRename } from './tools/rename.js';
import { registerRun } from './tools/run.js';
import { registerStatus } from './tools/status.js';
import { registerSymbols } from './tools/symbols.js';
import type { ToolContext } from './tools/tool.js';

export const SERVER_NAME = 'ruchy-agent';
export const SERVER_VERSION = '0.1.0';

export interface CreateMcpServerOptions {
  /** Workspace roots used when the client declares none (default: the current folder). */
  roots?: readonly string[];
  /** Folders programs run by the `run` tool may read / write (default: none). */
  allowRead?: readonly string[];
  allowWrite?: readonly string[];
  /** Shared between the sessions of one server, so files are read and analysed once. */
  files?: FileSync;
  /** Watch the roots for changes on disk (default true). */
  watch?: boolean;
  /** Print warnings and errors on stderr too (default true). */
  stderr?: boolean;
  /** A process that owns the workspace and lends it to the session (the background agent; see owner.ts). */
  owner?: WorkspaceOwner;
}

export interface RuchyMcpServer {
  server: McpServer;
  session: Session;
}

const INSTRUCTIONS =
  'Tools for the Ruchy programming language over the files of this workspace. Start with `diagnostics` (no arguments: the whole workspace). ' +
  'Point at code by `symbol` name (e.g. "area", "Point::new") or by `path` + 1-based `line` and `column`; most tools also accept inline `source`. ' +
  '`rename` and `format` only preview unless `apply: true`. `explain` describes any diagnostic code.';

export function createMcpServer(service: ServiceSource, options: CreateMcpServerOptions = {}): RuchyMcpServer {
  const server = new McpServer(
    { name: SERVER_NAME, title: 'Ruchy language agent', version: SERVER_VERSION },
    {
      capabilities: {
        tools: { listChanged: false },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: false },
        logging: {},
        completions: {},
      },
      instructions: INSTRUCTIONS,
      maxToolInputElements: 10_000,
    },
  );
  const files = options.files ?? new FileSync(service);
  const roots = options.roots !== undefined && options.roots.length > 0 ? options.roots.map((r) => path.resolve(r)) : [process.cwd()];
  const session = new Session(server, files, {
    roots,
    allowRead: options.allowRead ?? [],
    allowWrite: options.allowWrite ?? [],
    watch: options.watch ?? true,
    stderr: options.stderr ?? true,
    owner: options.owner,
  });
  const context: ToolContext = { session, allowRead: options.allowRead ?? [], allowWrite: options.allowWrite ?? [] };

  registerDiagnostics(server, context);
  registerCompile(server, context);
  registerHover(server, context);
  registerDefinition(server, context);
  registerReferences(server, context);
  registerSymbols(server, context);
  registerRename(server, context);
  registerFormat(server, context);
  registerRun(server, context);
  registerQuality(server, context);
  registerExplain(server, context);
  registerStatus(server, context);
  registerResources(server, session);
  registerPrompts(server, session);

  const previous = server.server.onclose;
  server.server.onclose = () => {
    session.close();
    previous?.();
  };
  return { server, session };
}
