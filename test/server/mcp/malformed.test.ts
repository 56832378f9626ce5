// The malformed-protocol battery of the MCP server, over its real transports: raw
// newline-delimited JSON on the stdin of `ruchy-agent mcp-server` (stdio), and raw HTTP
// requests to `ruchy-agent mcp-server --http` (Streamable HTTP). Each case asserts
//   1. the answer: the exact JSON-RPC error code with a message saying what is wrong, or,
//      for a tool, a result with `isError: true` and a clear message;
//   2. that the refusal was logged on stderr with its reason;
//   3. that the server still answers a normal `hover` tool call with the real answer.
// Lifecycle (before `initialize`, a second `initialize`), oversized messages and clients
// that go away (mid-message, mid-request; for HTTP: mid-body, mid-response, and sessions
// abandoned without DELETE, which are closed when idle) are part of it.

import { spawn, type ChildProcess } from 'node:child_process';
import { isUtf8 } from 'node:buffer';
import * as http from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { childEnv, GEOMETRY, makeWorkspace, type TempWorkspace } from './helpers.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = path.join(projectRoot, 'dist', 'bin', 'ruchy-agent.js');
/** The stdio limit of server/mcp/stdio-transport.ts and the HTTP body limit of http.ts. */
const STDIO_LIMIT = 4 * 1024 * 1024;
const HTTP_LIMIT = 1024 * 1024;

const ParseError = -32700;
const InvalidRequest = -32600;
const MethodNotFound = -32601;
const InvalidParams = -32602;

const AREA_LINE = GEOMETRY.split('\n').findIndex((l) => l.includes('println(area(')) + 1;
const AREA_COLUMN = GEOMETRY.split('\n')[AREA_LINE - 1].indexOf('area(') + 2;
const AREA_SIGNATURE = 'fun area(shape: Shape) -> f64';
const HOVER_AREA = { name: 'hover', arguments: { path: 'geometry.ruchy', line: AREA_LINE, column: AREA_COLUMN } };
const INIT_PARAMS = { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'battery', version: '1' } };
/** A crash trace: a stack frame line. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

interface Received {
  jsonrpc?: string;
  id?: number | string | null;
  method?: string;
  result?: { isError?: boolean; content?: { type: string; text?: string }[] } & Record<string, unknown>;
  error?: { code: number; message: string };
}

function textOf(result: Received['result']): string {
  return (result?.content ?? []).map((c) => c.text ?? '').join('\n');
}

/** What a case sends and what it expects back. */
interface Case {
  name: string;
  /** A message (sent as JSON) or raw text (sent as is, a newline appended on stdio). */
  send: { message: unknown } | { raw: string | Buffer };
  expect:
    | { code: number; id?: number | string | null; says: RegExp }
    | { dropped: true; says: RegExp }
    | { isError: number; says: RegExp }
    | { answered: number | string };
  /** The stderr line expected (defaults to the refusal of `code` with its message). */
  logs?: RegExp;
}

const msg = (message: unknown): Case['send'] => ({ message });
const tool = (id: number, name: string, args: unknown): Case['send'] => msg({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });

/** Cases that hold the same on every transport once the session is initialized. */
function sessionCases(): Case[] {
  return [
    { name: 'invalid JSON', send: { raw: '{"jsonrpc": "2.0", "id": 1, "method": "tools/list"' }, expect: { code: ParseError, says: /^Parse error: the (line|body) is not JSON/ } },
    { name: 'a JSON number', send: { raw: '42' }, expect: { code: InvalidRequest, says: /a message must be a JSON object, not number 42/ } },
    { name: 'JSON null', send: { raw: 'null' }, expect: { code: InvalidRequest, says: /a message must be a JSON object, not null/ } },
    { name: 'a JSON string', send: { raw: '"tools/list"' }, expect: { code: InvalidRequest, says: /a message must be a JSON object, not the string/ } },
    { name: 'a batch array', send: msg([{ jsonrpc: '2.0', id: 30, method: 'ping' }]), expect: { code: InvalidRequest, says: /batches \(arrays of messages\) are not part of MCP/ } },
    { name: 'an empty batch', send: msg([]), expect: { code: InvalidRequest, says: /batches/ } },
    { name: 'missing jsonrpc', send: msg({ id: 31, method: 'ping' }), expect: { code: InvalidRequest, id: 31, says: /"jsonrpc" must be "2.0", not missing/ } },
    { name: 'jsonrpc "1.0"', send: msg({ jsonrpc: '1.0', id: 32, method: 'ping' }), expect: { code: InvalidRequest, id: 32, says: /"jsonrpc" must be "2.0", not the string "1.0"/ } },
    { name: 'id an object', send: msg({ jsonrpc: '2.0', id: { n: 1 }, method: 'ping' }), expect: { code: InvalidRequest, says: /"id" must be an integer or a string, not an object/ } },
    { name: 'id a boolean', send: msg({ jsonrpc: '2.0', id: false, method: 'tools/list' }), expect: { code: InvalidRequest, says: /"id" must be an integer or a string, not boolean false/ } },
    { name: 'id a fraction', send: msg({ jsonrpc: '2.0', id: 2.5, method: 'tools/list' }), expect: { code: InvalidRequest, says: /"id" must be an integer or a string, not number 2.5/ } },
    { name: 'id null on a request', send: msg({ jsonrpc: '2.0', id: null, method: 'tools/list' }), expect: { code: InvalidRequest, says: /"id" must be an integer or a string, not null/ } },
    { name: 'method a number', send: msg({ jsonrpc: '2.0', id: 33, method: 12 }), expect: { code: InvalidRequest, id: 33, says: /"method" must be a non-empty string, not number 12/ } },
    { name: 'method empty', send: msg({ jsonrpc: '2.0', id: 34, method: '' }), expect: { code: InvalidRequest, id: 34, says: /"method" must be a non-empty string/ } },
    { name: 'neither request nor response', send: msg({ jsonrpc: '2.0', id: 35 }), expect: { code: InvalidRequest, id: 35, says: /needs a "method"/ } },
    { name: 'params a string', send: msg({ jsonrpc: '2.0', id: 36, method: 'tools/list', params: 'all' }), expect: { code: InvalidRequest, id: 36, says: /"params" must be an object or an array, not the string "all"/ } },
    { name: 'params null', send: msg({ jsonrpc: '2.0', id: 37, method: 'tools/list', params: null }), expect: { code: InvalidRequest, id: 37, says: /"params" must be an object or an array, not null/ } },
    { name: 'params an array', send: msg({ jsonrpc: '2.0', id: 38, method: 'tools/call', params: ['hover', {}] }), expect: { code: InvalidParams, id: 38, says: /Invalid params for tools\/call: params must be an object, not an array/ } },
    { name: 'a string id is answered with it', send: msg({ jsonrpc: '2.0', id: 'req-x', method: 'tools/list', params: 4 }), expect: { code: InvalidRequest, id: 'req-x', says: /"params" must be an object/ } },
    { name: 'unknown method (request)', send: msg({ jsonrpc: '2.0', id: 40, method: 'tools/teleport', params: {} }), expect: { code: MethodNotFound, id: 40, says: /^Method not found: tools\/teleport$/ }, logs: /refused tools\/teleport \(id 40\) \(-32601\): Method not found: tools\/teleport/ },
    { name: 'unknown method (notification)', send: msg({ jsonrpc: '2.0', method: 'notifications/teleport' }), expect: { dropped: true, says: /ignored the notification notifications\/teleport: no such method/ } },
    { name: 'a cancellation with an object request id', send: msg({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: { id: 1 } } }), expect: { dropped: true, says: /dropped the notification notifications\/cancelled: invalid params: params\.requestId/ } },
    // Wrong parameter types for each method served.
    { name: 'tools/call: name a number', send: msg({ jsonrpc: '2.0', id: 50, method: 'tools/call', params: { name: 5 } }), expect: { code: InvalidParams, id: 50, says: /Invalid params for tools\/call: params\.name: .*expected string, received number/ } },
    { name: 'tools/call: arguments a string', send: msg({ jsonrpc: '2.0', id: 51, method: 'tools/call', params: { name: 'hover', arguments: 'x' } }), expect: { code: InvalidParams, id: 51, says: /Invalid params for tools\/call: params\.arguments: .*expected record/ } },
    { name: 'tools/list: cursor a number', send: msg({ jsonrpc: '2.0', id: 52, method: 'tools/list', params: { cursor: 5 } }), expect: { code: InvalidParams, id: 52, says: /Invalid params for tools\/list: params\.cursor: .*expected string/ } },
    { name: 'resources/read: uri missing', send: msg({ jsonrpc: '2.0', id: 53, method: 'resources/read', params: {} }), expect: { code: InvalidParams, id: 53, says: /Invalid params for resources\/read: params\.uri: .*expected string, received undefined/ } },
    { name: 'resources/subscribe: uri a number', send: msg({ jsonrpc: '2.0', id: 54, method: 'resources/subscribe', params: { uri: 7 } }), expect: { code: InvalidParams, id: 54, says: /Invalid params for resources\/subscribe: params\.uri/ } },
    { name: 'prompts/get: name missing', send: msg({ jsonrpc: '2.0', id: 55, method: 'prompts/get', params: { arguments: {} } }), expect: { code: InvalidParams, id: 55, says: /Invalid params for prompts\/get: params\.name/ } },
    { name: 'logging/setLevel: an unknown level', send: msg({ jsonrpc: '2.0', id: 56, method: 'logging/setLevel', params: { level: 'loud' } }), expect: { code: InvalidParams, id: 56, says: /Invalid params for logging\/setLevel: params\.level/ } },
    { name: 'completion/complete: no ref', send: msg({ jsonrpc: '2.0', id: 57, method: 'completion/complete', params: { argument: { name: 'a', value: 'b' } } }), expect: { code: InvalidParams, id: 57, says: /Invalid params for completion\/complete: params\.ref/ } },
    { name: 'resources/read: an unknown resource', send: msg({ jsonrpc: '2.0', id: 58, method: 'resources/read', params: { uri: 'file:///nowhere/missing.ruchy' } }), expect: { code: InvalidParams, id: 58, says: /Resource file:\/\/\/nowhere\/missing\.ruchy not found/ }, logs: /refused resources\/read \(id 58\) \(-32602\): .*not found/ },
    // Tools: a result with isError and a message saying what to do.
    { name: 'tool: an unknown tool', send: tool(60, 'teleport', {}), expect: { isError: 60, says: /Tool teleport not found/ } },
    { name: 'tool: an argument of the wrong type', send: tool(61, 'hover', { path: 5, line: 1, column: 1 }), expect: { isError: 61, says: /Input validation error: Invalid arguments for tool hover: .*expected string, received number/ } },
    { name: 'tool: a line below 1', send: tool(62, 'hover', { path: 'geometry.ruchy', line: -1, column: 1 }), expect: { isError: 62, says: /Invalid arguments for tool hover: .*line/ } },
    { name: 'tool: a fractional column', send: tool(63, 'definition', { path: 'geometry.ruchy', line: 2, column: 1.5 }), expect: { isError: 63, says: /Invalid arguments for tool definition: .*column/ } },
    { name: 'tool: an unknown file', send: tool(64, 'hover', { path: 'missing.ruchy', line: 1, column: 1 }), expect: { isError: 64, says: /no file "missing\.ruchy" in the workspace/ } },
    { name: 'tool: a line past the end of the file', send: tool(65, 'hover', { path: 'geometry.ruchy', line: 500, column: 1 }), expect: { isError: 65, says: /line 500 is past the end of the file, which has \d+ lines in geometry\.ruchy/ } },
    { name: 'tool: a huge line', send: tool(66, 'references', { path: 'geometry.ruchy', line: 2 ** 40, column: 1 }), expect: { isError: 66, says: /line 1099511627776 is past the end of the file, which has \d+ lines in geometry\.ruchy/ } },
    { name: 'tool: a column past the end of the line', send: tool(67, 'hover', { path: 'geometry.ruchy', line: 1, column: 400 }), expect: { isError: 67, says: /column 400 is past the end of line 1, which has 14 characters/ } },
    { name: 'tool: an unknown symbol', send: tool(68, 'definition', { symbol: 'no_such_function' }), expect: { isError: 68, says: /no_such_function/ } },
    { name: 'tool: a path outside the workspace', send: tool(69, 'diagnostics', { path: '/etc/passwd' }), expect: { isError: 69, says: /outside|not in the workspace|refused/i } },
  ];
}

// ================================================================ stdio

class StdioWire {
  readonly received: Received[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private buffer = '';
  private readonly waiters = new Set<() => void>();
  private nextId = 1000;

  /** With `socket`, messages are WebSocket frames instead of lines on stdin and stdout. */
  constructor(
    readonly child: ChildProcess,
    private readonly socket?: WebSocket,
  ) {
    socket?.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()) as Received);
      this.wake();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        if (line.trim() !== '') this.received.push(JSON.parse(line) as Received);
      }
      this.wake();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
      this.wake();
    });
    child.stdin?.on('error', () => undefined);
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        resolve({ code, signal });
        this.wake();
      }),
    );
  }

  static start(root: string): StdioWire {
    return new StdioWire(spawn(process.execPath, [CLI, 'mcp-server', '--root', root], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: childEnv() }));
  }

  static async startWs(root: string): Promise<StdioWire> {
    const child = spawn(process.execPath, [CLI, 'mcp-server', '--ws', '--port', '0', '--root', root], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
    const port = await new Promise<number>((resolve, reject) => {
      let text = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const match = /listening on ws:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(text);
        if (match !== null) resolve(Number(match[1]));
      });
      child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${text}`)));
    });
    const socket = new WebSocket(`ws://127.0.0.1:${port}/mcp`, 'mcp');
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new StdioWire(child, socket);
  }

  /** A line on stdin, or (over a WebSocket) one frame without the newline. */
  write(data: string | Buffer): void {
    if (this.socket === undefined) this.child.stdin!.write(data);
    else {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      const frame = bytes[bytes.length - 1] === 0x0a ? bytes.subarray(0, -1) : bytes;
      // Text frames carry UTF-8 text; anything else goes as a binary frame.
      this.socket.send(frame, { binary: !isUtf8(frame) });
    }
  }

  async request(method: string, params?: unknown): Promise<Received> {
    const id = this.nextId++;
    this.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) })}\n`);
    return this.waitFor((m) => m.id === id && m.method === undefined, `the answer to ${method} (id ${id})`);
  }

  waitFor(accept: (m: Received) => boolean, what: string, from = 0): Promise<Received> {
    return this.until(() => this.received.slice(from).find(accept), what);
  }

  waitForLog(text: RegExp, from: number): Promise<string> {
    return this.until(() => (text.test(this.stderr.slice(from)) ? this.stderr.slice(from) : undefined), `${String(text)} on stderr`);
  }

  private until<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const listener = (): void => {
        const value = probe();
        if (value !== undefined) {
          this.waiters.delete(listener);
          clearTimeout(timer);
          resolve(value);
        } else if (this.child.exitCode !== null) {
          this.waiters.delete(listener);
          clearTimeout(timer);
          reject(new Error(`the server exited (${this.child.exitCode}) while waiting for ${what}; stderr:\n${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(listener);
        reject(new Error(`timed out waiting for ${what}; stderr:\n${this.stderr}`));
      }, timeoutMs);
      this.waiters.add(listener);
      listener();
    });
  }

  private wake(): void {
    for (const listener of [...this.waiters]) listener();
  }
}

async function stdioServes(wire: StdioWire): Promise<void> {
  const answer = await wire.request('tools/call', HOVER_AREA);
  expect(answer.error, JSON.stringify(answer.error)).toBeUndefined();
  expect(answer.result?.isError, textOf(answer.result)).not.toBe(true);
  expect(textOf(answer.result)).toContain(AREA_SIGNATURE);
}

async function runStdioCase(wire: StdioWire, c: Case, serving: boolean): Promise<void> {
  const from = wire.received.length;
  const logFrom = wire.stderr.length;
  wire.write('message' in c.send ? `${JSON.stringify(c.send.message)}\n` : Buffer.concat([Buffer.from(c.send.raw), Buffer.from('\n')]));
  await expectAnswer(c, (accept, what) => wire.waitFor(accept, what, from));
  await wire.waitForLog(expectedLog(c), logFrom);
  if (serving) await stdioServes(wire);
  expect(wire.stderr.slice(logFrom), c.name).not.toMatch(STACK_FRAME);
}

/** Checks the answer a case expects, found by `find`. */
async function expectAnswer(c: Case, find: (accept: (m: Received) => boolean, what: string) => Promise<Received>): Promise<void> {
  const e = c.expect;
  if ('code' in e) {
    const id = e.id === undefined ? null : e.id;
    const answer = await find((m) => m.error !== undefined && m.id === id, `${c.name}: an error answer to id ${String(id)}`);
    expect(answer.jsonrpc, c.name).toBe('2.0');
    expect(answer.error!.code, `${c.name}: ${answer.error!.message}`).toBe(e.code);
    expect(answer.error!.message, c.name).toMatch(e.says);
  } else if ('isError' in e) {
    const answer = await find((m) => m.id === e.isError && m.method === undefined, `${c.name}: the answer to id ${e.isError}`);
    expect(answer.error, `${c.name}: ${JSON.stringify(answer.error)}`).toBeUndefined();
    expect(answer.result?.isError, `${c.name}: ${textOf(answer.result)}`).toBe(true);
    expect(textOf(answer.result), c.name).toMatch(e.says);
  } else if ('answered' in e) {
    const answer = await find((m) => m.id === e.answered && m.method === undefined, `${c.name}: the answer to id ${e.answered}`);
    expect(answer.error, `${c.name}: ${JSON.stringify(answer.error)}`).toBeUndefined();
  }
}

function expectedLog(c: Case): RegExp {
  if (c.logs !== undefined) return c.logs;
  const e = c.expect;
  if ('dropped' in e) return e.says;
  if ('code' in e) return new RegExp(`refused a message \\(${e.code}\\): ${e.says.source.startsWith('^') ? e.says.source.slice(1) : `.*${e.says.source}`}`);
  if ('isError' in e) return new RegExp(`\\(id ${e.isError}\\) answered isError: .*${e.says.source}`);
  return /$^/;
}

function reportHeld(server: string, cases: number): void {
  process.stdout.write(`${server} malformed battery: ${cases} cases, all held\n`);
}

// ================================================================ HTTP

interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The JSON-RPC messages in the body (a JSON body, or the data of an event stream). */
  messages: Received[];
  body: string;
}

class HttpServer {
  stderr = '';
  port = 0;
  private readonly waiters = new Set<() => void>();

  constructor(readonly child: ChildProcess) {
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
      for (const w of [...this.waiters]) w();
    });
  }

  static async start(root: string, env: Record<string, string>): Promise<HttpServer> {
    const child = spawn(process.execPath, [CLI, 'mcp-server', '--http', '--port', '0', '--root', root], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv(env) });
    const server = new HttpServer(child);
    const line = await server.waitForLog(/listening on http:\/\/127\.0\.0\.1:(\d+)\/mcp/, 0);
    server.port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(line)![1]);
    return server;
  }

  waitForLog(text: RegExp, from: number, timeoutMs = 20_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const listener = (): void => {
        if (!text.test(this.stderr.slice(from))) return;
        this.waiters.delete(listener);
        clearTimeout(timer);
        resolve(this.stderr.slice(from));
      };
      const timer = setTimeout(() => {
        this.waiters.delete(listener);
        reject(new Error(`timed out waiting for ${String(text)} on stderr; stderr:\n${this.stderr}`));
      }, timeoutMs);
      this.waiters.add(listener);
      listener();
    });
  }

  /** One HTTP request with a raw body. */
  post(body: string | Buffer, session?: string, method = 'POST'): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
      if (session !== undefined) headers['mcp-session-id'] = session;
      const req = http.request({ host: '127.0.0.1', port: this.port, path: '/mcp', method, headers }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, messages: messagesOf(res.headers['content-type'], text) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async initialize(): Promise<string> {
    const answer = await this.post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: INIT_PARAMS }));
    expect(answer.status, answer.body).toBe(200);
    const session = answer.headers['mcp-session-id'] as string;
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    const initialized = await this.post(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), session);
    expect(initialized.status).toBe(202);
    return session;
  }

  async serves(session: string): Promise<void> {
    const answer = await this.post(JSON.stringify({ jsonrpc: '2.0', id: 9000, method: 'tools/call', params: HOVER_AREA }), session);
    expect(answer.status, answer.body).toBe(200);
    const result = answer.messages.find((m) => m.id === 9000);
    expect(result?.error, JSON.stringify(result?.error)).toBeUndefined();
    expect(textOf(result?.result)).toContain(AREA_SIGNATURE);
  }
}

function messagesOf(contentType: string | undefined, body: string): Received[] {
  if (body === '') return [];
  if (contentType?.includes('text/event-stream') === true) {
    return body
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice('data: '.length)) as Received);
  }
  const parsed = JSON.parse(body) as Received | Received[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

async function runHttpCase(server: HttpServer, session: string, c: Case): Promise<void> {
  const logFrom = server.stderr.length;
  const body = 'message' in c.send ? JSON.stringify(c.send.message) : c.send.raw;
  const answer = await server.post(body, session);
  const e = c.expect;
  // Dropped: 202 Accepted; refused by the gate: 400 with the error; answered by the session (tool results, the SDK's errors): 200.
  const status = 'dropped' in e ? 202 : 'code' in e && c.logs === undefined ? 400 : 200;
  expect(answer.status, `${c.name}: ${answer.body}`).toBe(status);
  await expectAnswer(c, async (accept, what) => {
    const found = answer.messages.find(accept);
    if (found === undefined) throw new Error(`${what}: not in ${answer.status} ${answer.body}`);
    return found;
  });
  await server.waitForLog(expectedLog(c), logFrom);
  await server.serves(session);
  expect(server.stderr.slice(logFrom), c.name).not.toMatch(STACK_FRAME);
}

// ================================================================ the battery

/** A battery is one long test: generous, since npm test runs the suite on shared cores. */
const BATTERY_TIMEOUT_MS = 240_000;

let ws: TempWorkspace;

beforeAll(() => {
  ws = makeWorkspace({ 'geometry.ruchy': GEOMETRY });
});

afterAll(() => {
  ws?.cleanup();
});

describe('MCP malformed protocol battery', () => {
  test('stdio: every malformed message is refused with the right error, logged, and the server keeps serving', async () => {
    const wire = StdioWire.start(ws.dir);
    let held = 0;
    try {
      const before: Case[] = [
        { name: 'a request before initialize', send: msg({ jsonrpc: '2.0', id: 1, method: 'tools/list' }), expect: { code: InvalidRequest, id: 1, says: /the session is not initialized; send "initialize" before tools\/list/ } },
        { name: 'a tool call before initialize', send: tool(2, 'hover', HOVER_AREA.arguments), expect: { code: InvalidRequest, id: 2, says: /send "initialize" before tools\/call/ } },
        { name: 'a notification before initialize', send: msg({ jsonrpc: '2.0', method: 'notifications/roots/list_changed' }), expect: { dropped: true, says: /dropped the notification notifications\/roots\/list_changed: the session is not initialized yet/ } },
        { name: 'invalid JSON before initialize', send: { raw: '{nope' }, expect: { code: ParseError, says: /^Parse error: the line is not JSON/ } },
        { name: 'not UTF-8', send: { raw: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }, expect: { code: ParseError, says: /^Parse error: the message is not valid UTF-8/ } },
        { name: 'initialize without a protocol version', send: msg({ jsonrpc: '2.0', id: 3, method: 'initialize', params: { capabilities: {}, clientInfo: { name: 'x', version: '1' } } }), expect: { code: InvalidParams, id: 3, says: /Invalid params for initialize: params\.protocolVersion/ } },
      ];
      for (const c of before) {
        await runStdioCase(wire, c, false);
        held++;
      }
      // ping is allowed before initialize.
      expect((await wire.request('ping')).result).toEqual({});
      const init = await wire.request('initialize', INIT_PARAMS);
      expect(init.result).toMatchObject({ serverInfo: { name: 'ruchy-agent' } });
      wire.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
      await stdioServes(wire);

      const running: Case[] = [
        ...sessionCases(),
        { name: 'a second initialize', send: msg({ jsonrpc: '2.0', id: 70, method: 'initialize', params: INIT_PARAMS }), expect: { code: InvalidRequest, id: 70, says: /"initialize" may be sent only once per session/ } },
        { name: 'a response to nothing the server asked', send: msg({ jsonrpc: '2.0', id: 987_654, result: {} }), expect: { dropped: true, says: /Received a response for an unknown message ID.*987654/ } },
      ];
      for (const c of running) {
        await runStdioCase(wire, c, true);
        held++;
      }

      // An oversized line: refused as soon as it passes the limit, discarded as it streams.
      {
        const from = wire.received.length;
        const logFrom = wire.stderr.length;
        const chunk = Buffer.alloc(256 * 1024, 0x20);
        wire.write('{"jsonrpc":"2.0","id":80,"method":"tools/call","params":{"name":"hover","arguments":{"source":"');
        for (let sent = 0; sent < STDIO_LIMIT + 512 * 1024; sent += chunk.length) {
          if (!wire.child.stdin!.write(chunk)) await new Promise((resolve) => wire.child.stdin!.once('drain', resolve));
        }
        const refusal = await wire.waitFor((m) => m.id === null && m.error !== undefined, 'the refusal of the oversized message', from);
        expect(refusal.error).toEqual({ code: InvalidRequest, message: `Invalid Request: a message of more than ${STDIO_LIMIT} bytes exceeds the limit of ${STDIO_LIMIT} bytes; it is discarded` });
        wire.write('"}}}\n');
        await wire.waitForLog(/refused a message \(-32600\): Invalid Request: a message of more than/, logFrom);
        await wire.waitForLog(/discarded the oversized message \(\d+ bytes\)/, logFrom);
        await stdioServes(wire);
        // Id 80 was never answered: it was not read.
        expect(wire.received.some((m) => m.id === 80)).toBe(false);
        held++;
      }

      // A message cut off by the end of input: logged; the session ends and the process exits 0.
      wire.write('{"jsonrpc":"2.0","id":90,"method":"tools/li');
      await new Promise((resolve) => setTimeout(resolve, 100));
      wire.child.stdin!.end();
      expect(await wire.exited).toEqual({ code: 0, signal: null });
      expect(wire.stderr).toMatch(/the client closed its input in the middle of a message \(\d+ bytes without a newline, dropped\)/);
      expect(wire.stderr).not.toMatch(STACK_FRAME);
      held++;
    } finally {
      wire.child.kill();
    }

    // A client that goes away in the middle of requests: it closes both pipes while tool
    // calls are being answered. The server ends the session and exits 0 without a trace.
    {
      const gone = StdioWire.start(ws.dir);
      await gone.request('initialize', INIT_PARAMS);
      gone.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
      await stdioServes(gone);
      for (let i = 0; i < 10; i++) gone.write(`${JSON.stringify({ jsonrpc: '2.0', id: 100 + i, method: 'tools/call', params: { name: 'diagnostics', arguments: {} } })}\n`);
      gone.child.stdout!.destroy();
      gone.child.stdin!.end();
      expect(await gone.exited).toEqual({ code: 0, signal: null });
      expect(gone.stderr).not.toMatch(STACK_FRAME);
      expect(gone.stderr).not.toMatch(/Unhandled|uncaught|ERR_/i);
      held++;
    }
    reportHeld('MCP stdio', held);
  }, BATTERY_TIMEOUT_MS);

  test('Streamable HTTP: every malformed request is refused with the right error, logged, and the server keeps serving', async () => {
    const server = await HttpServer.start(ws.dir, { RUCHY_AGENT_SESSION_IDLE_SECONDS: '2' });
    let held = 0;
    try {
      // ---- without a session
      const noSession: { name: string; body: string; status: number; code: number; says: RegExp }[] = [
        { name: 'invalid JSON', body: '{"jsonrpc":', status: 400, code: ParseError, says: /^Parse error: the body is not JSON/ },
        { name: 'a batch', body: JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'initialize', params: INIT_PARAMS }]), status: 400, code: InvalidRequest, says: /batches/ },
        { name: 'a non-object', body: 'true', status: 400, code: InvalidRequest, says: /must be a JSON object, not boolean true/ },
        { name: 'a request before initialize', body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), status: 400, code: -32000, says: /no mcp-session-id header; send an initialize request first/ },
        { name: 'initialize with invalid params', body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'initialize', params: { protocolVersion: 2025 } }), status: 400, code: InvalidParams, says: /Invalid params for initialize: params\.protocolVersion/ },
      ];
      for (const c of noSession) {
        const logFrom = server.stderr.length;
        const answer = await server.post(c.body);
        expect(answer.status, `${c.name}: ${answer.body}`).toBe(c.status);
        expect(answer.messages[0].error?.code, c.name).toBe(c.code);
        expect(answer.messages[0].error?.message, c.name).toMatch(c.says);
        await server.waitForLog(new RegExp(`refused a (message|request).*${c.says.source.replace(/^\^/, '')}`), logFrom);
        held++;
      }
      {
        const logFrom = server.stderr.length;
        const answer = await server.post(JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/list' }), '00000000-0000-0000-0000-000000000000');
        expect(answer.status).toBe(404);
        expect(answer.messages[0].error).toEqual({ code: -32001, message: 'Session not found: initialize a new session' });
        await server.waitForLog(/refused a request \(404, -32001\): Session not found/, logFrom);
        held++;
      }

      // ---- in a session
      const session = await server.initialize();
      await server.serves(session);
      for (const c of sessionCases()) {
        await runHttpCase(server, session, c);
        held++;
      }
      {
        // The SDK's transport refuses a second initialize in a session; it is logged.
        const logFrom = server.stderr.length;
        const answer = await server.post(JSON.stringify({ jsonrpc: '2.0', id: 70, method: 'initialize', params: INIT_PARAMS }), session);
        expect(answer.status).toBe(400);
        expect(answer.messages[0].error).toMatchObject({ code: InvalidRequest, message: expect.stringMatching(/Server already initialized/) });
        await server.waitForLog(/session [0-9a-f-]+: Invalid Request: Server already initialized/, logFrom);
        await server.serves(session);
        held++;
      }
      {
        // An oversized body: 413, and the session keeps serving.
        const logFrom = server.stderr.length;
        const answer = await server.post(JSON.stringify({ jsonrpc: '2.0', id: 80, method: 'tools/call', params: { name: 'hover', arguments: { source: ' '.repeat(HTTP_LIMIT) } } }), session).catch((error: Error) => ({ status: -1, body: error.message, messages: [] as Received[] }));
        // The server may close the connection before the whole body is sent; the refusal is logged either way.
        if (answer.status !== -1) {
          expect(answer.status).toBe(413);
          expect(answer.messages[0].error?.message).toBe(`Payload Too Large: the limit is ${HTTP_LIMIT} bytes`);
        }
        await server.waitForLog(new RegExp(`refused a request body over the limit of ${HTTP_LIMIT} bytes \\(413\\)`), logFrom);
        await server.serves(session);
        held++;
      }
      {
        // The client disconnects in the middle of its request body.
        const logFrom = server.stderr.length;
        await new Promise<void>((resolve) => {
          const req = http.request({ host: '127.0.0.1', port: server.port, path: '/mcp', method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'mcp-session-id': session, 'Content-Length': '5000' } });
          req.on('error', () => resolve());
          req.write('{"jsonrpc":"2.0","id":81,"method":"tools/call",');
          setTimeout(() => {
            req.destroy();
            resolve();
          }, 100);
        });
        await server.waitForLog(/the client disconnected while sending its request \(\d+ bytes received\); nothing was done/, logFrom);
        await server.serves(session);
        expect(server.stderr.slice(logFrom)).not.toMatch(STACK_FRAME);
        held++;
      }
      {
        // The client disconnects in the middle of a request, before the answer: a program
        // that runs until its time limit, dropped while it runs.
        const logFrom = server.stderr.length;
        const req = http.request({ host: '127.0.0.1', port: server.port, path: '/mcp', method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'mcp-session-id': session } });
        req.on('error', () => undefined);
        req.end(JSON.stringify({ jsonrpc: '2.0', id: 82, method: 'tools/call', params: { name: 'run', arguments: { source: 'fun main() {\n    loop {\n    }\n}\n', timeout_ms: 3000 } } }));
        // The event stream's headers come first: the server has the request and is running it.
        const status = await new Promise<number>((resolve) => req.on('response', (res) => resolve(res.statusCode ?? 0)));
        expect(status).toBe(200);
        req.destroy();
        await server.waitForLog(/the client disconnected before the POST response was complete/, logFrom);
        await server.serves(session);
        expect(server.stderr.slice(logFrom)).not.toMatch(STACK_FRAME);
        held++;
      }
      {
        // A client that went away without DELETE: its session is closed once idle.
        const abandoned = await server.initialize();
        await server.serves(abandoned);
        const logFrom = server.stderr.length;
        await server.waitForLog(new RegExp(`closed session ${abandoned}: idle for \\d+ s \\(the client went away without DELETE\\)`), logFrom);
        const after = await server.post(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/list' }), abandoned);
        expect(after.status).toBe(404);
        expect(after.messages[0].error?.code).toBe(-32001);
        held++;
      }
      expect(server.stderr).not.toMatch(STACK_FRAME);
    } finally {
      server.child.kill();
    }
    reportHeld('MCP Streamable HTTP', held);
  }, BATTERY_TIMEOUT_MS);
  test('WebSocket: the same gate on every frame', async () => {
    const wire = await StdioWire.startWs(ws.dir);
    let held = 0;
    try {
      const before: Case[] = [
        { name: 'ws: a request before initialize', send: msg({ jsonrpc: '2.0', id: 1, method: 'tools/list' }), expect: { code: InvalidRequest, id: 1, says: /the session is not initialized; send "initialize" before tools\/list/ } },
        { name: 'ws: not JSON', send: { raw: 'not json' }, expect: { code: ParseError, says: /^Parse error: the frame is not JSON/ } },
        { name: 'ws: not UTF-8', send: { raw: Buffer.from([0x7b, 0xff, 0x7d]) }, expect: { code: ParseError, says: /^Parse error: the frame is not valid UTF-8/ } },
      ];
      for (const c of before) {
        await runStdioCase(wire, c, false);
        held++;
      }
      const init = await wire.request('initialize', INIT_PARAMS);
      expect(init.result).toMatchObject({ serverInfo: { name: 'ruchy-agent' } });
      wire.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
      await stdioServes(wire);
      // The shape, params and tool cases, with the parse error of a frame.
      for (const c of sessionCases()) {
        await runStdioCase(wire, c.name === 'invalid JSON' ? { ...c, expect: { code: ParseError, says: /^Parse error: the frame is not JSON/ } } : c, true);
        held++;
      }
    } finally {
      wire.child.kill();
    }
    reportHeld('MCP WebSocket', held);
  }, BATTERY_TIMEOUT_MS);
});
