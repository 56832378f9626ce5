// Starts the Ruchy LSP server on a transport:
//   stdio   the default: JSON-RPC over stdin/stdout; console output is sent to stderr;
//   socket  listens on 127.0.0.1:PORT and serves the first client that connects (for
//           clients that connect to a running server: Neovim's vim.lsp.rpc.connect,
//           Emacs eglot's `:autoport`);
//   ipc     Node IPC, for a parent that forks the server (VS Code's TransportKind.ipc).
// One process serves one client; it exits on `exit` (status 0 after `shutdown`, else 1)
// or when the client goes away.
//
// On the byte-stream transports (stdio, socket) messages are read by framing.ts, with a
// size limit; on every transport they pass protocol-guard.ts before the connection sees
// them. Refused messages are answered and logged on stderr.

import * as net from 'node:net';
import * as L from 'vscode-languageserver/node.js';
import { FramedMessageReader, type FramingHooks } from './framing.js';
import { ProtocolGuard } from './protocol-guard.js';
import { createServer } from './server.js';

export interface LspServerOptions {
  transport: 'stdio' | 'socket' | 'ipc';
  /** Port to listen on (socket transport). */
  port?: number;
  /** Address to listen on (socket transport); 127.0.0.1 by default. */
  host?: string;
}

/** Runs the server; resolves when its connection has ended (the process exits then). */
export async function startLspServer(options: LspServerOptions): Promise<void> {
  switch (options.transport) {
    case 'stdio':
      redirectConsoleToStderr();
      return serve((hooks) => new FramedMessageReader(process.stdin, hooks), new L.StreamMessageWriter(process.stdout));
    case 'ipc':
      if (process.send === undefined) throw new Error('the ipc transport needs a parent process that opened an IPC channel (child_process.fork)');
      return serve(() => new L.IPCMessageReader(process), new L.IPCMessageWriter(process));
    case 'socket': {
      const port = options.port;
      if (port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`the socket transport needs a port between 0 and 65535, not ${String(port)}`);
      const socket = await acceptOne(port, options.host ?? '127.0.0.1');
      return serve((hooks) => new FramedMessageReader(socket, hooks), new L.SocketMessageWriter(socket, 'utf-8'));
    }
  }
}

/** Protocol refusals and transport events: one line each on stderr (stdout is the protocol's). */
function logLine(line: string): void {
  process.stderr.write(`ruchy-agent lsp: ${line}\n`);
}

function serve(makeReader: (hooks: FramingHooks) => L.MessageReader, writer: L.MessageWriter): Promise<void> {
  return new Promise((resolve) => {
    let session: ReturnType<typeof createServer> | null = null;
    const guard = new ProtocolGuard(writer, logLine);
    const reader = guard.wrap(makeReader({ refused: (code, message) => guard.refused(code, message), log: logLine }));
    const counting = countDocumentNotifications(reader, (uri) => session?.noteReceived(uri));
    const connection = L.createConnection(counting, guard.guardedWriter);
    session = createServer(connection);
    // Called only for notifications no handler takes (unknown requests are answered -32601).
    connection.onNotification((method: string) => logLine(`ignored the notification ${method}: the server does not handle it`));
    reader.onClose(() => {
      resolve();
      // The client is gone: nothing left to serve.
      process.exit(session?.shutdownRequested ? 0 : 1);
    });
    connection.listen();
  });
}

/**
 * Tells the session about each document notification as the reader receives it, before
 * the connection queues and dispatches it, so that work for an older version of a
 * document can be skipped or stopped when a newer one is already waiting.
 */
function countDocumentNotifications(reader: L.MessageReader, received: (uri: string) => void): L.MessageReader {
  const listen = reader.listen.bind(reader);
  reader.listen = (callback: L.DataCallback): L.Disposable =>
    listen((message) => {
      const m = message as { method?: unknown; params?: { textDocument?: { uri?: unknown } } };
      if (m.method === 'textDocument/didChange' || m.method === 'textDocument/didOpen' || m.method === 'textDocument/didClose') {
        const uri = m.params?.textDocument?.uri;
        if (typeof uri === 'string') received(uri);
      }
      callback(message);
    });
  return reader;
}

function acceptOne(port: number, host: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      server.close();
      resolve(socket);
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as net.AddressInfo;
      process.stderr.write(`ruchy-agent: LSP server listening on ${address.address}:${address.port}\n`);
    });
  });
}

/** stdout carries the protocol: anything printed with console goes to stderr instead. */
function redirectConsoleToStderr(): void {
  const toStderr = (...args: unknown[]) => process.stderr.write(`${args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ')}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  console.error = toStderr;
}
