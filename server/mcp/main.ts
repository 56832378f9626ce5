// startMcpServer: the entry point the CLI (`ruchy-agent serve --mode mcp`, `ruchy-agent
// mcp-server`) and bin.ts call. It picks the transport and loads only what that transport
// needs; the language service itself is created on the first tool call that needs it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LanguageService } from '../../src/service/language-service.js';
import { FileSync } from './file-sync.js';

export interface StartMcpServerOptions {
  transport: 'stdio' | 'http' | 'ws';
  /** For http and ws: the port (default 3917; 0 picks a free one). */
  port?: number;
  /** For http and ws: the address to bind (default 127.0.0.1). */
  host?: string;
  /** For http and ws: the bearer token clients must send (default: env RUCHY_AGENT_TOKEN, else none). */
  token?: string;
  /** The workspace root when the client declares none (default: the current folder). */
  root?: string;
  /** Folders programs started by the `run` tool may read / write. */
  allowRead?: string[];
  allowWrite?: string[];
}

export interface McpServerHandle {
  /** The listening port (http and ws). */
  port?: number;
  close(): Promise<void>;
  /** stdio: resolves when the session has ended (the client closed stdin). */
  closed?: Promise<void>;
}

/** Creates the language service on first use: loading the parser and checker waits until a tool needs them. */
export function lazyLanguageService(): () => Promise<LanguageService> {
  return async () => {
    const { createLanguageService } = await import('../../src/service/language-service.js');
    return createLanguageService();
  };
}

export async function startMcpServer(options: StartMcpServerOptions): Promise<McpServerHandle> {
  const roots: string[] = [];
  if (options.root !== undefined) {
    const root = path.resolve(options.root);
    let isFolder = false;
    try {
      isFolder = fs.statSync(root).isDirectory();
    } catch {
      isFolder = false;
    }
    if (!isFolder) throw new Error(`--root ${options.root}: not a folder`);
    roots.push(root);
  }
  const service = lazyLanguageService();
  const files = new FileSync(service);
  const common = { roots, files, allowRead: options.allowRead ?? [], allowWrite: options.allowWrite ?? [] };
  if (options.transport === 'stdio') {
    const { serveStdio } = await import('./stdio.js');
    return serveStdio(service, common);
  }
  const token = options.token ?? (process.env.RUCHY_AGENT_TOKEN !== undefined && process.env.RUCHY_AGENT_TOKEN !== '' ? process.env.RUCHY_AGENT_TOKEN : undefined);
  const { serveHttp } = await import('./http.js');
  return serveHttp(service, { ...common, mode: options.transport, port: options.port, host: options.host, token, sessionIdleMs: sessionIdleFromEnv() });
}

/** RUCHY_AGENT_SESSION_IDLE_SECONDS: how long an HTTP session may sit unused before it is closed. */
function sessionIdleFromEnv(): number | undefined {
  const value = process.env.RUCHY_AGENT_SESSION_IDLE_SECONDS;
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`RUCHY_AGENT_SESSION_IDLE_SECONDS must be a positive number of seconds, not ${JSON.stringify(value)}`);
  return seconds * 1000;
}
