// The network transports: Streamable HTTP (`--http`) and WebSocket (`--ws`), served by
// one node:http server on 127.0.0.1 by default, endpoint `/mcp`.
//
// Every request (and every WebSocket upgrade) passes the same gate first:
//   1. DNS-rebinding protection: the Host header must name this server (a loopback name,
//      or the --host given, with the listening port), and an Origin header, when sent,
//      must be a loopback origin (or one allowed explicitly): else 403.
//   2. The bearer token, when one is configured (--token or RUCHY_AGENT_TOKEN): a missing
//      or wrong `Authorization: Bearer ...` is answered 401. WebSocket clients that cannot
//      set headers may pass `?token=...`.
//   3. Size: a request body over the limit (default 1 MB) is answered 413; a WebSocket
//      message over it closes the connection (1009).
// Then each POSTed message passes protocol-guard.ts (JSON-RPC shape and parameters; a
// refusal is answered 400 with the JSON-RPC error and logged on stderr), and errors the
// session answers with are logged too.
// Streamable HTTP keeps one session per `initialize` (header `mcp-session-id`), ended by
// DELETE, by closing the server, or after `sessionIdleMs` with no request and no open
// stream (a client that went away without DELETE). Each session and each WebSocket connection gets its own
// McpServer from createMcpServer; all share one FileSync, so files are analysed once.

import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServiceSource } from './file-sync.js';
import { checkMessage, ProtocolLog, refusalMessage, type Refusal } from './protocol-guard.js';
import { createMcpServer, type CreateMcpServerOptions } from './server.js';
import { logLine } from './stdio-transport.js';

export const DEFAULT_PORT = 3917;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** A session with no request and no open stream for this long is closed. */
export const DEFAULT_SESSION_IDLE_MS = 30 * 60 * 1000;
const MAX_SESSIONS = 100;
const ENDPOINT = '/mcp';
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export interface HttpServeOptions extends CreateMcpServerOptions {
  mode: 'http' | 'ws';
  port?: number;
  host?: string;
  token?: string;
  maxBodyBytes?: number;
  /** Extra host names accepted in the Host header (e.g. when bound to 0.0.0.0). */
  allowedHosts?: readonly string[];
  /** Extra origins accepted in the Origin header, e.g. "https://my-app.example". */
  allowedOrigins?: readonly string[];
  /** Close a session idle this long (no request, no open stream); default 30 minutes. */
  sessionIdleMs?: number;
}

export interface HttpHandle {
  port: number;
  close(): Promise<void>;
}

interface HttpSession {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  traffic: ProtocolLog;
  /** HTTP requests of this session still open (a GET stream stays open). */
  open: number;
  lastActive: number;
}

export async function serveHttp(service: ServiceSource, options: HttpServeOptions): Promise<HttpHandle> {
  const host = options.host ?? '127.0.0.1';
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const sessions = new Map<string, HttpSession>();
  const sockets = new Set<{ close(): void }>();
  let port = 0;

  const gate = (req: IncomingMessage): { status: number; message: string } | null => {
    const hostHeader = req.headers.host;
    if (hostHeader === undefined || !hostAllowed(hostHeader, host, port, options.allowedHosts ?? [])) {
      return { status: 403, message: `Forbidden: Host header ${JSON.stringify(hostHeader ?? '')} is not this server (DNS rebinding protection)` };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(origin, options.allowedOrigins ?? [])) {
      return { status: 403, message: `Forbidden: Origin ${JSON.stringify(origin)} is not allowed` };
    }
    if (options.token !== undefined && options.token !== '') {
      const given = bearer(req);
      if (given === null) return { status: 401, message: 'Unauthorized: send the token as "Authorization: Bearer <token>"' };
      if (!sameSecret(given, options.token)) return { status: 401, message: 'Unauthorized: wrong token' };
    }
    return null;
  };

  const newSession = async (): Promise<HttpSession> => {
    const { server } = createMcpServer(service, options);
    const traffic = new ProtocolLog(logLine);
    let session: HttpSession;
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, session);
      },
      onsessionclosed: (id) => {
        sessions.delete(id);
      },
    });
    session = { transport, server, traffic, open: 0, lastActive: Date.now() };
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
      void server.close().catch(() => undefined);
    };
    await server.connect(transport);
    // What the session answers with an error (the SDK's own refusals included) is logged.
    const send = transport.send.bind(transport);
    transport.send = (message, sendOptions) => {
      return send(traffic.outgoing(message), sendOptions);
    };
    server.server.onerror = (error) => logLine(`session ${transport.sessionId ?? '(new)'}: ${error.message}`);
    return session;
  };

  /** Hands a request to its session, counting it open until its response ends. */
  const dispatch = (session: HttpSession, req: IncomingMessage, res: ServerResponse, message?: unknown): Promise<void> => {
    session.open++;
    session.lastActive = Date.now();
    res.once('close', () => {
      session.open--;
      session.lastActive = Date.now();
      if (!res.writableFinished) logLine(`session ${session.transport.sessionId ?? '(new)'}: the client disconnected before the ${req.method} response was complete`);
    });
    if (message !== undefined) session.traffic.incoming(message);
    return session.transport.handleRequest(req, res, message);
  };

  const idleMs = options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [id, session] of sessions) {
      if (session.open > 0 || now - session.lastActive < idleMs) continue;
      logLine(`closed session ${id}: idle for ${Math.round((now - session.lastActive) / 1000)} s (the client went away without DELETE)`);
      sessions.delete(id);
      void session.transport.close().catch(() => undefined);
    }
  }, Math.max(100, Math.min(idleMs / 2, 60_000)));
  sweeper.unref();

  /** A message refused before it reaches a session: logged, answered 400 with the JSON-RPC error. */
  const refuse = (res: ServerResponse, refusal: Refusal): void => {
    logLine(`refused a message (${refusal.code}): ${refusal.message}`);
    if (res.headersSent) return void res.end();
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(refusalMessage(refusal)));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refused = gate(req);
    if (refused !== null) return sendError(res, refused.status, refused.message, refused.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="ruchy-agent"' } : {});
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== ENDPOINT) return sendError(res, 404, `Not found: the MCP endpoint is ${ENDPOINT}`);
    if (options.mode !== 'http') return sendError(res, 426, 'Upgrade Required: this server speaks MCP over WebSocket at this endpoint', { Upgrade: 'websocket' });
    const sessionId = header(req, 'mcp-session-id');

    if (req.method === 'POST') {
      const body = await readBody(req, maxBody);
      if ('aborted' in body) return logLine(`the client disconnected while sending its request (${body.received} bytes received); nothing was done`);
      if ('tooLarge' in body) {
        logLine(`refused a request body over the limit of ${maxBody} bytes (413)`);
        return sendError(res, 413, `Payload Too Large: the limit is ${maxBody} bytes`);
      }
      let message: unknown;
      try {
        message = JSON.parse(body.text);
      } catch (error) {
        return refuse(res, { id: null, code: -32700, message: `Parse error: the body is not JSON (${(error as Error).message})` });
      }
      const verdict = checkMessage(message);
      if ('refuse' in verdict) return refuse(res, verdict.refuse);
      if (sessionId !== undefined) {
        const session = sessions.get(sessionId);
        if (session === undefined) return refuseStatus(res, 404, -32001, 'Session not found: initialize a new session');
        if ('drop' in verdict) {
          logLine(verdict.drop);
          res.writeHead(202).end();
          return;
        }
        return dispatch(session, req, res, message);
      }
      if (!isInitializeRequest(message)) return refuseStatus(res, 400, -32000, 'Bad Request: no mcp-session-id header; send an initialize request first');
      if (sessions.size >= MAX_SESSIONS) return refuseStatus(res, 503, -32000, `Too many sessions (${MAX_SESSIONS}); end one with DELETE first`);
      const session = await newSession();
      return dispatch(session, req, res, message);
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      if (sessionId === undefined) return refuseStatus(res, 400, -32000, 'Bad Request: the mcp-session-id header is required');
      const session = sessions.get(sessionId);
      if (session === undefined) return refuseStatus(res, 404, -32001, 'Session not found');
      return dispatch(session, req, res);
    }
    return sendError(res, 405, 'Method Not Allowed: use POST, GET or DELETE', { Allow: 'GET, POST, DELETE' });
  };

  const http: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      process.stderr.write(`ruchy-agent mcp: error: ${(error as Error)?.stack ?? String(error)}\n`);
      if (!res.headersSent) sendError(res, 500, 'Internal Server Error');
      else res.end();
    });
  });

  if (options.mode === 'ws') {
    const { WebSocketServer } = await import('ws');
    const { WebSocketServerTransport } = await import('./ws-transport.js');
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload: maxBody,
      handleProtocols: (protocols) => (protocols.has('mcp') ? 'mcp' : false),
    });
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const refused = gate(req);
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (refused !== null) return rejectUpgrade(socket, refused.status, refused.message);
      if (url.pathname !== ENDPOINT) return rejectUpgrade(socket, 404, `Not found: the MCP endpoint is ${ENDPOINT}`);
      wss.handleUpgrade(req, socket, head, (ws) => {
        const { server } = createMcpServer(service, options);
        const transport = new WebSocketServerTransport(ws);
        const entry = { close: () => void transport.close() };
        sockets.add(entry);
        transport.onclose = () => {
          sockets.delete(entry);
          void server.close().catch(() => undefined);
        };
        server.connect(transport).catch((error: unknown) => {
          process.stderr.write(`ruchy-agent mcp: error: WebSocket session failed to start: ${String(error)}\n`);
          ws.close(1011);
        });
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? DEFAULT_PORT, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  port = (http.address() as AddressInfo).port;
  const scheme = options.mode === 'ws' ? 'ws' : 'http';
  process.stderr.write(`ruchy-agent mcp: listening on ${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${ENDPOINT}${options.token ? ' (bearer token required)' : ''}\n`);

  return {
    port,
    close: async () => {
      clearInterval(sweeper);
      for (const session of [...sessions.values()]) await session.transport.close().catch(() => undefined);
      sessions.clear();
      for (const socket of [...sockets]) socket.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}

// ---------------------------------------------------------------- the gate

function hostAllowed(hostHeader: string, boundHost: string, port: number, extra: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(`http://${hostHeader}`);
  } catch {
    return false;
  }
  const name = parsed.hostname.toLowerCase();
  const headerPort = parsed.port === '' ? 80 : Number(parsed.port);
  if (headerPort !== port) return false;
  if (LOOPBACK_NAMES.has(name)) return true;
  const bound = boundHost.toLowerCase();
  if (name === bound || name === `[${bound}]`) return bound !== '0.0.0.0' && bound !== '::';
  return extra.some((h) => h.toLowerCase() === name);
}

function originAllowed(origin: string, extra: readonly string[]): boolean {
  if (extra.includes(origin)) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && LOOPBACK_NAMES.has(parsed.hostname.toLowerCase());
}

function bearer(req: IncomingMessage): string | null {
  const authorization = header(req, 'authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    return match === null ? null : match[1].trim();
  }
  if (req.headers.upgrade?.toLowerCase() === 'websocket') {
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
    if (token !== null && token !== '') return token;
  }
  return null;
}

/** Constant-time comparison of two secrets of any length. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// ---------------------------------------------------------------- bodies and answers

async function readBody(req: IncomingMessage, limit: number): Promise<{ text: string } | { tooLarge: true } | { aborted: true; received: number }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return { tooLarge: true };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        req.resume();
        return { tooLarge: true };
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    // The client went away in the middle of its body (ECONNRESET, "aborted").
    if (req.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET') return { aborted: true, received: size };
    throw error;
  }
  if (req.readableAborted) return { aborted: true, received: size };
  return { text: Buffer.concat(chunks).toString('utf8') };
}

/** A refusal before any session is involved, with its HTTP status: logged and answered. */
function refuseStatus(res: ServerResponse, status: number, code: number, message: string): void {
  logLine(`refused a request (${status}, ${code}): ${message}`);
  sendJsonRpcError(res, status, code, message);
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJsonRpcError(res, status, -32000, message, headers);
}

function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  // A refused body may still be arriving; close the connection rather than read it.
  res.writeHead(status, { 'Content-Type': 'application/json', ...(status === 413 ? { Connection: 'close' } : {}), ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status] ?? 'Error';
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
  const extra = status === 401 ? 'WWW-Authenticate: Bearer realm="ruchy-agent"\r\n' : '';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`);
}
