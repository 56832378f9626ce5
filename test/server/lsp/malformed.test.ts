// The malformed-protocol battery of the LSP server: each case writes raw bytes on the
// stdin of the real server (`ruchy-agent serve --mode lsp`), with Content-Length framing
// written here by hand, and asserts
//   1. the answer the specifications name (the exact JSON-RPC error code, the message
//      saying what is wrong) or, for a notification, that it was dropped;
//   2. that the refusal was logged on stderr with its reason;
//   3. that the server still answers a normal hover with the real answer afterwards.
// Lifecycle cases (before `initialize`, a second `initialize`, after `shutdown`) and the
// disconnect cases run on servers of their own.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeWorkspace } from './client.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = path.join(projectRoot, 'dist', 'bin', 'ruchy-agent.js');
/** The framing limit of server/lsp/framing.ts (DEFAULT_MAX_MESSAGE_BYTES). */
const LIMIT = 32 * 1024 * 1024;

const MAIN = `struct Point {
    x: f64,
    y: f64
}

fun area(p: Point) -> f64 {
    p.x * p.y
}

fun main() {
    let p = Point { x: 2.0, y: 3.0 }
    println(area(p))
}
`;
/** Line 11 (0-based) is `    println(area(p))`; character 13 is inside `area`. */
const AREA_CALL = { line: 11, character: 13 };
const AREA_SIGNATURE = 'fun area(p: Point) -> f64';

interface Received {
  jsonrpc?: string;
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** Content-Length framing, by hand. */
function frame(body: string | Buffer): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii'), bytes]);
}

/** The server as a child process, spoken to in raw bytes; it reads what comes back itself. */
class Wire {
  readonly received: Received[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private buffer = Buffer.alloc(0);
  private readonly waiters = new Set<() => void>();
  private nextId = 1000;

  /** The protocol's streams: the child's stdin and stdout, or a socket. */
  readonly input: NodeJS.WritableStream;

  constructor(
    readonly child: ChildProcess,
    connection?: net.Socket,
  ) {
    this.input = connection ?? child.stdin!;
    (connection ?? child.stdout!).on('data', (chunk: Buffer) => this.onData(chunk));
    connection?.on('error', () => undefined);
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
      this.wake();
    });
    // Writes after the server has gone fail with EPIPE; the exit is what the tests look at.
    child.stdin?.on('error', () => undefined);
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        resolve({ code, signal });
        this.wake();
      }),
    );
  }

  static start(cwd: string): Wire {
    return new Wire(spawn(process.execPath, [CLI, 'serve', '--mode', 'lsp'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: serverEnv() }));
  }

  /** `serve --mode lsp --socket 0`, connected to the port it prints. */
  static async startSocket(cwd: string): Promise<Wire> {
    const child = spawn(process.execPath, [CLI, 'serve', '--mode', 'lsp', '--socket', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv() });
    const port = await new Promise<number>((resolve, reject) => {
      let text = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const match = /listening on 127\.0\.0\.1:(\d+)/.exec(text);
        if (match !== null) resolve(Number(match[1]));
      });
      child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${text}`)));
    });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    return new Wire(child, socket);
  }

  write(bytes: Buffer | string): void {
    this.input.write(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  }

  send(message: unknown): void {
    this.write(frame(JSON.stringify(message)));
  }

  /** Sends a request and resolves with its answer (result or error). */
  async request(method: string, params?: unknown): Promise<Received> {
    const id = this.nextId++;
    this.send(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params });
    return this.waitFor((m) => m.id === id && !('method' in m), `the answer to ${method} (id ${id})`);
  }

  notify(method: string, params?: unknown): void {
    this.send(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });
  }

  /** The first message received from index `from` on that satisfies `accept`. */
  waitFor(accept: (m: Received) => boolean, what: string, from = 0, timeoutMs = 20_000): Promise<Received> {
    return this.until(() => this.received.slice(from).find(accept), what, timeoutMs);
  }

  /** Resolves when stderr (from `from` on) contains `text`. */
  waitForLog(text: string | RegExp, from: number, timeoutMs = 20_000): Promise<string> {
    return this.until(() => {
      const log = this.stderr.slice(from);
      return (typeof text === 'string' ? log.includes(text) : text.test(log)) ? log : undefined;
    }, `${String(text)} on stderr`, timeoutMs);
  }

  private until<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const value = probe();
        if (value === undefined) return false;
        this.waiters.delete(listener);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const listener = (): void => {
        if (!check() && this.child.exitCode !== null) {
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
      if (!check() && this.child.exitCode !== null) listener();
    });
  }

  private wake(): void {
    for (const listener of [...this.waiters]) listener();
  }

  /** Reads Content-Length framed messages from the server's stdout (which must be well formed). */
  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) break;
      const header = this.buffer.subarray(0, end).toString('ascii');
      const match = /^Content-Length: (\d+)$/im.exec(header);
      if (match === null) throw new Error(`the server wrote a header without Content-Length: ${header}`);
      const length = Number(match[1]);
      if (this.buffer.length < end + 4 + length) break;
      this.received.push(JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as Received);
      this.buffer = this.buffer.subarray(end + 4 + length);
    }
    this.wake();
  }
}

function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Grammar validation only slows the server down; the grammar tests run it.
  delete env.RUCHY_VALIDATE_GRAMMAR;
  return env;
}

/** initialize + initialized, with the workspace as the only folder; waits for the first hover to work. */
async function initialize(wire: Wire, root: string): Promise<void> {
  const answer = await wire.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }],
    capabilities: { general: { positionEncodings: ['utf-16'] } },
  });
  expect(answer.error).toBeUndefined();
  wire.notify('initialized', {});
}

/** The server still serves: a hover on `area` gives its real signature. */
async function stillServes(wire: Wire, uri: string): Promise<void> {
  const answer = await wire.request('textDocument/hover', { textDocument: { uri }, position: AREA_CALL });
  expect(answer.error, `hover failed: ${JSON.stringify(answer.error)}`).toBeUndefined();
  expect((answer.result as { contents: { value: string } }).contents.value).toContain(AREA_SIGNATURE);
}

/** What a case sends: raw bytes, or a message to frame. */
type Payload = { bytes: Buffer | string } | { message: unknown };

interface Case {
  name: string;
  send: Payload;
  /**
   * `code`: an error answer with this code (to the id sent, or null when the message
   * could not be read) whose message matches `says`; `dropped`: no answer, a line on
   * stderr matching `says`; `answered`: a result (no error) to id `id`.
   */
  expect: { code: number; id?: number | string | null; says: RegExp } | { dropped: true; says: RegExp } | { answered: number | string; check?: (result: unknown) => void };
  /** Also logged (for cases whose recovery is worth a line). */
  logs?: RegExp;
}

const ParseError = -32700;
const InvalidRequest = -32600;
const MethodNotFound = -32601;
const InvalidParams = -32602;
const ServerNotInitialized = -32002;

function bytesOf(payload: Payload): Buffer {
  if ('bytes' in payload) return typeof payload.bytes === 'string' ? Buffer.from(payload.bytes, 'utf8') : payload.bytes;
  return frame(JSON.stringify(payload.message));
}

/** Runs one case against a running server and checks the three promises. */
async function runCase(wire: Wire, uri: string | null, c: Case): Promise<void> {
  const from = wire.received.length;
  const logFrom = wire.stderr.length;
  wire.write(bytesOf(c.send));
  const e = c.expect;
  if ('code' in e) {
    const id = e.id === undefined ? null : e.id;
    const answer = await wire.waitFor((m) => 'error' in m && m.id === id && !('method' in m), `${c.name}: an error answer to id ${String(id)}`, from);
    expect(answer.jsonrpc, c.name).toBe('2.0');
    expect(answer.error!.code, `${c.name}: ${answer.error!.message}`).toBe(e.code);
    expect(answer.error!.message, c.name).toMatch(e.says);
    // Logged with its code and reason (the -32601 of an unknown method is the connection's own answer).
    if (e.code === MethodNotFound) await wire.waitForLog(`ruchy-agent lsp: answered ${(JSON.parse(bytesOf(c.send).toString().replace(/^[^{]*/, '')) as { method: string }).method} (id ${JSON.stringify(id)}) with an error (${e.code}): ${answer.error!.message}`, logFrom);
    else await wire.waitForLog(`ruchy-agent lsp: refused a message (${e.code}): ${answer.error!.message}`, logFrom);
  } else if ('dropped' in e) {
    await wire.waitForLog(e.says, logFrom);
  } else {
    const answer = await wire.waitFor((m) => m.id === e.answered && !('method' in m), `${c.name}: the answer to id ${e.answered}`, from);
    expect(answer.error, `${c.name}: ${JSON.stringify(answer.error)}`).toBeUndefined();
    e.check?.(answer.result);
  }
  if (uri !== null) await stillServes(wire, uri);
  // After the next message: a skip is noticed when the next header arrives.
  if (c.logs !== undefined) await wire.waitForLog(c.logs, logFrom);
  // Never a crash trace on stderr.
  expect(wire.stderr.slice(logFrom), c.name).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)$/m);
}

function reportHeld(server: string, cases: number): void {
  process.stdout.write(`${server} malformed battery: ${cases} cases, all held\n`);
}

// ---------------------------------------------------------------- the cases

const msg = (message: unknown): Payload => ({ message });

/** Shape cases: JSON that is not a JSON-RPC message LSP accepts. */
function shapeCases(): Case[] {
  return [
    { name: 'invalid JSON', send: { bytes: frame('{"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", ') }, expect: { code: ParseError, says: /Parse error: the body is not JSON/ } },
    { name: 'not UTF-8', send: { bytes: frame(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])) }, expect: { code: ParseError, says: /not valid UTF-8/ } },
    { name: 'a JSON number', send: { bytes: frame('42') }, expect: { code: InvalidRequest, says: /must be a JSON object, not number 42/ } },
    { name: 'a JSON string', send: { bytes: frame('"hover"') }, expect: { code: InvalidRequest, says: /must be a JSON object/ } },
    { name: 'JSON null', send: { bytes: frame('null') }, expect: { code: InvalidRequest, says: /must be a JSON object, not null/ } },
    { name: 'a batch array', send: msg([{ jsonrpc: '2.0', id: 1, method: 'shutdown' }]), expect: { code: InvalidRequest, says: /batches/ } },
    { name: 'an empty batch', send: msg([]), expect: { code: InvalidRequest, says: /batches/ } },
    { name: 'missing jsonrpc', send: msg({ id: 11, method: 'textDocument/hover', params: {} }), expect: { code: InvalidRequest, id: 11, says: /"jsonrpc" must be "2.0", not missing/ } },
    { name: 'jsonrpc "1.0"', send: msg({ jsonrpc: '1.0', id: 12, method: 'textDocument/hover', params: {} }), expect: { code: InvalidRequest, id: 12, says: /"jsonrpc" must be "2.0", not the string "1.0"/ } },
    { name: 'jsonrpc a number', send: msg({ jsonrpc: 2, id: 13, method: 'textDocument/hover' }), expect: { code: InvalidRequest, id: 13, says: /"jsonrpc" must be "2.0"/ } },
    { name: 'id an object', send: msg({ jsonrpc: '2.0', id: { n: 1 }, method: 'textDocument/hover', params: {} }), expect: { code: InvalidRequest, says: /"id" must be an integer or a string, not an object/ } },
    { name: 'id an array', send: msg({ jsonrpc: '2.0', id: [1], method: 'ruchy/status' }), expect: { code: InvalidRequest, says: /"id" must be an integer or a string, not an array/ } },
    { name: 'id a boolean', send: msg({ jsonrpc: '2.0', id: true, method: 'ruchy/status' }), expect: { code: InvalidRequest, says: /"id" must be an integer or a string, not boolean true/ } },
    { name: 'id a fraction', send: msg({ jsonrpc: '2.0', id: 1.5, method: 'ruchy/status' }), expect: { code: InvalidRequest, says: /"id" must be an integer or a string, not number 1.5/ } },
    { name: 'id null on a request', send: msg({ jsonrpc: '2.0', id: null, method: 'ruchy/status' }), expect: { code: InvalidRequest, says: /"id" must be an integer or a string, not null/ } },
    { name: 'method a number', send: msg({ jsonrpc: '2.0', id: 14, method: 7 }), expect: { code: InvalidRequest, id: 14, says: /"method" must be a non-empty string, not number 7/ } },
    { name: 'method empty', send: msg({ jsonrpc: '2.0', id: 15, method: '' }), expect: { code: InvalidRequest, id: 15, says: /"method" must be a non-empty string/ } },
    { name: 'no method, no result', send: msg({ jsonrpc: '2.0', id: 16 }), expect: { code: InvalidRequest, id: 16, says: /needs a "method"/ } },
    { name: 'params a string', send: msg({ jsonrpc: '2.0', id: 17, method: 'textDocument/hover', params: 'file:///x.ruchy' }), expect: { code: InvalidRequest, id: 17, says: /"params" must be an object or an array, not the string/ } },
    { name: 'params null', send: msg({ jsonrpc: '2.0', id: 18, method: 'textDocument/hover', params: null }), expect: { code: InvalidRequest, id: 18, says: /"params" must be an object or an array, not null/ } },
    { name: 'params a number', send: msg({ jsonrpc: '2.0', id: 19, method: 'textDocument/hover', params: 3 }), expect: { code: InvalidRequest, id: 19, says: /"params" must be an object or an array, not number 3/ } },
    { name: 'a string id is answered with it', send: msg({ jsonrpc: '2.0', id: 'abc', method: 'textDocument/hover', params: 5 }), expect: { code: InvalidRequest, id: 'abc', says: /"params" must be an object or an array/ } },
    { name: 'unknown method (request)', send: msg({ jsonrpc: '2.0', id: 20, method: 'textDocument/teleport', params: {} }), expect: { code: MethodNotFound, id: 20, says: /textDocument\/teleport/ } },
    { name: 'unknown $/ request', send: msg({ jsonrpc: '2.0', id: 21, method: '$/nothing', params: {} }), expect: { code: MethodNotFound, id: 21, says: /\$\/nothing/ } },
    { name: 'unknown method (notification)', send: msg({ jsonrpc: '2.0', method: 'workspace/teleport', params: {} }), expect: { dropped: true, says: /ignored the notification workspace\/teleport: the server does not handle it/ } },
    { name: 'a response to nothing we asked', send: msg({ jsonrpc: '2.0', id: 999_999, result: null }), expect: { dropped: true, says: /ignored a response to id 999999, which the server never sent as a request/ } },
  ];
}

/** Every request the server serves, with parameters of the wrong types. */
const REQUEST_METHODS: Record<string, { params: unknown; says: RegExp }> = {
  'textDocument/hover': { params: { textDocument: { uri: 5 }, position: { line: 0, character: 0 } }, says: /params\.textDocument\.uri must be a URI/ },
  'textDocument/definition': { params: { textDocument: 'main.ruchy', position: { line: 0, character: 0 } }, says: /params\.textDocument must be an object/ },
  'textDocument/typeDefinition': { params: { textDocument: { uri: 'file:///a.ruchy' } }, says: /params\.position must be an object \(missing\)/ },
  'textDocument/documentHighlight': { params: { textDocument: { uri: 'file:///a.ruchy' }, position: { line: '1', character: 0 } }, says: /params\.position\.line must be an integer/ },
  'textDocument/prepareRename': { params: { textDocument: { uri: 'file:///a.ruchy' }, position: [0, 0] }, says: /params\.position must be an object \(an array\)/ },
  'textDocument/completion': { params: { textDocument: { uri: 'file:///a.ruchy' }, position: { line: 0 } }, says: /params\.position\.character must be an integer/ },
  'textDocument/signatureHelp': { params: { textDocument: {}, position: { line: 0, character: 0 } }, says: /params\.textDocument\.uri must be a URI/ },
  'textDocument/references': { params: { textDocument: { uri: 'file:///a.ruchy' }, position: { line: 0, character: 0 }, context: { includeDeclaration: 'yes' } }, says: /params\.context\.includeDeclaration must be a boolean/ },
  'textDocument/rename': { params: { textDocument: { uri: 'file:///a.ruchy' }, position: { line: 0, character: 0 }, newName: 42 }, says: /params\.newName must be a string/ },
  'textDocument/documentSymbol': { params: {}, says: /params\.textDocument must be an object \(missing\)/ },
  'textDocument/formatting': { params: { textDocument: { uri: 'file:///a.ruchy' }, options: { tabSize: -4, insertSpaces: true } }, says: /params\.options\.tabSize must be an integer from 0/ },
  'textDocument/rangeFormatting': { params: { textDocument: { uri: 'file:///a.ruchy' }, range: { start: { line: 0, character: 0 } }, options: { tabSize: 4, insertSpaces: true } }, says: /params\.range\.end must be an object/ },
  'textDocument/semanticTokens/full': { params: { textDocument: null }, says: /params\.textDocument must be an object \(null\)/ },
  'textDocument/semanticTokens/full/delta': { params: { textDocument: { uri: 'file:///a.ruchy' }, previousResultId: 3 }, says: /params\.previousResultId must be a string/ },
  'textDocument/foldingRange': { params: { textDocument: { uri: '/no/scheme.ruchy' } }, says: /params\.textDocument\.uri must be a URI such as/ },
  'textDocument/selectionRange': { params: { textDocument: { uri: 'file:///a.ruchy' }, positions: [{ line: 0, character: 0 }, { line: -1, character: 0 }] }, says: /params\.positions\[1\]\.line must be an integer from 0/ },
  'textDocument/inlayHint': { params: { textDocument: { uri: 'file:///a.ruchy' }, range: 'all' }, says: /params\.range must be an object/ },
  'textDocument/codeAction': { params: { textDocument: { uri: 'file:///a.ruchy' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: {} } }, says: /params\.context\.diagnostics must be an array/ },
  'textDocument/codeLens': { params: { textDocument: { uri: ['file:///a.ruchy'] } }, says: /params\.textDocument\.uri must be a URI/ },
  'textDocument/diagnostic': { params: { textDocument: { uri: 1 } }, says: /params\.textDocument\.uri must be a URI/ },
  'workspace/symbol': { params: { query: null }, says: /params\.query must be a string \(null\)/ },
  'workspace/diagnostic': { params: { previousResultIds: [{ uri: 'file:///a.ruchy' }] }, says: /params\.previousResultIds\[0\]\.value must be a string/ },
  'workspace/executeCommand': { params: { command: 'ruchy.run', arguments: 'main' }, says: /params\.arguments must be an array/ },
  'completionItem/resolve': { params: { label: 7 }, says: /params\.label must be a string/ },
};

function paramCases(uri: string): Case[] {
  const scratch = uri.replace(/main\.ruchy$/, 'scratch.ruchy');
  const cases: Case[] = [];
  let id = 100;
  for (const [method, { params, says }] of Object.entries(REQUEST_METHODS)) {
    const n = id++;
    cases.push({ name: `wrong parameter types: ${method}`, send: msg({ jsonrpc: '2.0', id: n, method, params }), expect: { code: InvalidParams, id: n, says: new RegExp(`Invalid params for ${method.replace(/\//g, '\\/')}: ${says.source}`) } });
  }
  const hover = (n: number, position: unknown, target = uri): Case['send'] => msg({ jsonrpc: '2.0', id: n, method: 'textDocument/hover', params: { textDocument: { uri: target }, position } });
  const noError = (result: unknown) => expect(result === null || typeof result === 'object').toBe(true);
  cases.push(
    { name: 'position: negative line', send: hover(200, { line: -1, character: 0 }), expect: { code: InvalidParams, id: 200, says: /params\.position\.line must be an integer from 0 to 2147483647 \(number -1\)/ } },
    { name: 'position: negative character', send: hover(201, { line: 0, character: -5 }), expect: { code: InvalidParams, id: 201, says: /params\.position\.character must be an integer from 0/ } },
    { name: 'position: beyond uinteger', send: hover(202, { line: 2 ** 31, character: 0 }), expect: { code: InvalidParams, id: 202, says: /params\.position\.line must be an integer from 0 to 2147483647/ } },
    { name: 'position: a fraction', send: hover(203, { line: 1.5, character: 0 }), expect: { code: InvalidParams, id: 203, says: /params\.position\.line must be an integer/ } },
    { name: 'position: NaN as a string', send: hover(204, { line: 'NaN', character: 0 }), expect: { code: InvalidParams, id: 204, says: /params\.position\.line must be an integer/ } },
    // Past the end of a line or of the document is valid LSP: it means the end.
    { name: 'position: past the end of a line (means its end)', send: hover(205, { line: 11, character: 500 }), expect: { answered: 205, check: noError } },
    { name: 'position: past the last line (means the end)', send: hover(206, { line: 2 ** 31 - 1, character: 2 ** 31 - 1 }), expect: { answered: 206, check: (r) => expect(r).toBeNull() } },
    {
      name: 'position: past the end of a line, definition',
      send: msg({ jsonrpc: '2.0', id: 207, method: 'textDocument/definition', params: { textDocument: { uri }, position: { line: 0, character: 10_000 } } }),
      expect: { answered: 207, check: noError },
    },
    // Unknown URIs: nothing is known there, which is an empty answer, not an error.
    { name: 'unknown file URI (hover)', send: hover(210, { line: 0, character: 0 }, 'file:///nowhere/missing.ruchy'), expect: { answered: 210, check: (r) => expect(r).toBeNull() } },
    {
      name: 'unknown file URI (document symbols)',
      send: msg({ jsonrpc: '2.0', id: 211, method: 'textDocument/documentSymbol', params: { textDocument: { uri: 'file:///nowhere/missing.ruchy' } } }),
      expect: { answered: 211, check: (r) => expect(r === null || (Array.isArray(r) && r.length === 0)).toBe(true) },
    },
    { name: 'unknown scheme URI (hover)', send: hover(212, { line: 0, character: 0 }, 'untitled:Untitled-9'), expect: { answered: 212, check: (r) => expect(r).toBeNull() } },
    // Notifications with bad parameters are dropped and logged, and change nothing.
    { name: 'didOpen with a numeric text', send: msg({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'ruchy', version: 9, text: 12 } } }), expect: { dropped: true, says: /dropped the notification textDocument\/didOpen: invalid params: params\.textDocument\.text must be a string/ } },
    { name: 'didChange with no changes array', send: msg({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: 9 }, contentChanges: 'x' } }), expect: { dropped: true, says: /dropped the notification textDocument\/didChange: invalid params: params\.contentChanges must be an array/ } },
    { name: 'didChange with a negative range', send: msg({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: 9 }, contentChanges: [{ range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] } }), expect: { dropped: true, says: /params\.contentChanges\[0\]\.range\.start\.line must be an integer from 0/ } },
    { name: 'didClose without a document', send: msg({ jsonrpc: '2.0', method: 'textDocument/didClose', params: {} }), expect: { dropped: true, says: /dropped the notification textDocument\/didClose: invalid params: params\.textDocument must be an object/ } },
    { name: '$/cancelRequest with an object id', send: msg({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: {} } }), expect: { dropped: true, says: /dropped the notification \$\/cancelRequest: invalid params/ } },
    {
      // A change whose range lies past the end of the document is valid LSP: it applies at the end.
      name: 'didChange: a range past the end (means the end)',
      send: {
        bytes: Buffer.concat([
          frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: scratch, languageId: 'ruchy', version: 1, text: 'fun twice(n: i64) -> i64 {\n    n * 2\n}\n' } } })),
          frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: scratch, version: 2 }, contentChanges: [{ range: { start: { line: 50, character: 7 }, end: { line: 60, character: 0 } }, text: 'fun main() {\n    println(twice(4))\n}\n' }] } })),
          frame(JSON.stringify({ jsonrpc: '2.0', id: 221, method: 'textDocument/hover', params: { textDocument: { uri: scratch }, position: { line: 4, character: 13 } } })),
        ]),
      },
      expect: { answered: 221, check: (r) => expect((r as { contents: { value: string } }).contents.value).toContain('fun twice(n: i64) -> i64') },
    },
    { name: 'a second initialize', send: msg({ jsonrpc: '2.0', id: 220, method: 'initialize', params: { processId: null, capabilities: {} } }), expect: { code: InvalidRequest, id: 220, says: /"initialize" may be sent only once/ } },
  );
  return cases;
}

/** Framing cases: headers and lengths that are wrong. */
function framingCases(uri: string): Case[] {
  const hoverBody = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri }, position: AREA_CALL } });
  const shortBody = hoverBody(301);
  const longLie = JSON.stringify({ jsonrpc: '2.0', id: 302, method: 'ruchy/status' });
  return [
    { name: 'no Content-Length header', send: { bytes: `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${hoverBody(300)}` }, expect: { code: ParseError, says: /no Content-Length header/ } },
    { name: 'Content-Length not a number', send: { bytes: `Content-Length: twelve\r\n\r\n{}` }, expect: { code: ParseError, says: /Content-Length must be a number of bytes, not "twelve"/ } },
    { name: 'Content-Length negative', send: { bytes: `Content-Length: -5\r\n\r\n{}` }, expect: { code: ParseError, says: /Content-Length must be a number of bytes, not "-5"/ } },
    { name: 'two Content-Length headers', send: { bytes: `Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}` }, expect: { code: ParseError, says: /more than one Content-Length/ } },
    { name: 'a header line without a colon', send: { bytes: `Content-Length 2\r\n\r\n{}` }, expect: { code: ParseError, says: /malformed header line "Content-Length 2"/ } },
    { name: 'Content-Length: 0', send: { bytes: `Content-Length: 0\r\n\r\n` }, expect: { code: ParseError, says: /an empty message/ } },
    { name: 'an unsupported charset', send: { bytes: Buffer.concat([Buffer.from(`Content-Length: 4\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n`), Buffer.from('{}{}')]) }, expect: { code: ParseError, says: /unsupported charset "latin1"/ } },
    // The header lies short: the body is cut, the rest is read as the next header, and
    // reading resumes at the next real message.
    { name: 'Content-Length shorter than the body', send: { bytes: `Content-Length: ${shortBody.length - 20}\r\n\r\n${shortBody}` }, expect: { code: ParseError, says: /the body is not JSON/ }, logs: /skipped 20 bytes that are not a header, up to the next Content-Length/ },
    // The header lies long: the body swallows the start of the next message, which is lost.
    {
      name: 'Content-Length longer than the body',
      send: { bytes: Buffer.concat([Buffer.from(`Content-Length: ${longLie.length + 30}\r\n\r\n${longLie}`), frame(hoverBody(303))]) },
      expect: { code: ParseError, says: /the body is not JSON/ },
    },
    { name: 'headers that never end', send: { bytes: `Content-Length: 5\r\nX-Padding: ${'x'.repeat(9000)}` }, expect: { code: ParseError, says: /no end of headers within 8192 bytes/ } },
    { name: 'garbage between messages', send: { bytes: `hello there\r\n\r\n` }, expect: { code: ParseError, says: /malformed header line "hello there"/ } },
  ];
}

// ---------------------------------------------------------------- the battery

/** A battery is one long test: generous, since npm test runs the suite on shared cores. */
const BATTERY_TIMEOUT_MS = 240_000;

let root: string;
let uri: string;

beforeAll(() => {
  root = makeWorkspace({ 'main.ruchy': MAIN });
  uri = pathToFileURL(path.join(root, 'main.ruchy')).href;
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('LSP malformed protocol battery', () => {
  test('every malformed message is refused with the right error, logged, and the server keeps serving', async () => {
    const wire = Wire.start(root);
    let held = 0;
    try {
      // ---- before initialize
      const before: Case[] = [
        { name: 'a request before initialize', send: msg({ jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: { textDocument: { uri }, position: AREA_CALL } }), expect: { code: ServerNotInitialized, id: 1, says: /Server not initialized: send "initialize" before textDocument\/hover/ } },
        { name: 'an unknown request before initialize', send: msg({ jsonrpc: '2.0', id: 2, method: 'nothing/here' }), expect: { code: ServerNotInitialized, id: 2, says: /send "initialize" before nothing\/here/ } },
        { name: 'a notification before initialize', send: msg({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'ruchy', version: 1, text: '' } } }), expect: { dropped: true, says: /dropped the notification textDocument\/didOpen: the server is not initialized yet/ } },
        { name: 'invalid JSON before initialize', send: { bytes: frame('{nope') }, expect: { code: ParseError, says: /Parse error/ } },
        { name: 'initialize with a wrong processId', send: msg({ jsonrpc: '2.0', id: 3, method: 'initialize', params: { processId: 'me', capabilities: {} } }), expect: { code: InvalidParams, id: 3, says: /params\.processId must be a process id/ } },
        { name: 'initialize without capabilities', send: msg({ jsonrpc: '2.0', id: 4, method: 'initialize', params: { processId: null } }), expect: { code: InvalidParams, id: 4, says: /params\.capabilities must be an object \(missing\)/ } },
      ];
      for (const c of before) {
        await runCase(wire, null, c);
        held++;
      }
      await initialize(wire, root);
      await stillServes(wire, uri);

      // ---- a running server
      for (const c of [...shapeCases(), ...paramCases(uri), ...framingCases(uri)]) {
        await runCase(wire, uri, c);
        held++;
      }

      // ---- an oversized message: refused, its body discarded as it streams, the next served
      {
        const logFrom = wire.stderr.length;
        const from = wire.received.length;
        const size = LIMIT + 1024;
        wire.write(`Content-Length: ${size}\r\n\r\n`);
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        for (let sent = 0; sent < size; sent += chunk.length) {
          const part = sent + chunk.length <= size ? chunk : chunk.subarray(0, size - sent);
          if (!wire.child.stdin!.write(part)) await new Promise((resolve) => wire.child.stdin!.once('drain', resolve));
        }
        const answer = await wire.waitFor((m) => m.id === null && 'error' in m, 'the refusal of the oversized message', from);
        expect(answer.error).toEqual({ code: InvalidRequest, message: `Invalid Request: a message of ${size} bytes exceeds the limit of ${LIMIT} bytes; it is discarded` });
        await wire.waitForLog(`refused a message (-32600): Invalid Request: a message of ${size} bytes exceeds the limit`, logFrom);
        await stillServes(wire, uri);
        held++;
      }

      // ---- shutdown, then requests are refused, then exit with status 0
      const shutdown = await wire.request('shutdown');
      expect(shutdown.error).toBeUndefined();
      const after: Case[] = [
        { name: 'a request after shutdown', send: msg({ jsonrpc: '2.0', id: 400, method: 'textDocument/hover', params: { textDocument: { uri }, position: AREA_CALL } }), expect: { code: InvalidRequest, id: 400, says: /after "shutdown" only the "exit" notification is accepted \(got textDocument\/hover\)/ } },
        { name: 'a second shutdown', send: msg({ jsonrpc: '2.0', id: 401, method: 'shutdown' }), expect: { code: InvalidRequest, id: 401, says: /the server is shutting down/ } },
        { name: 'a notification after shutdown', send: msg({ jsonrpc: '2.0', method: 'textDocument/didClose', params: { textDocument: { uri } } }), expect: { dropped: true, says: /dropped the notification textDocument\/didClose: the server is shutting down/ } },
        { name: 'invalid JSON after shutdown', send: { bytes: frame('[') }, expect: { code: ParseError, says: /Parse error/ } },
      ];
      for (const c of after) {
        await runCase(wire, null, c);
        held++;
      }
      wire.notify('exit');
      expect(await wire.exited).toEqual({ code: 0, signal: null });
      expect(wire.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    } finally {
      wire.child.kill();
    }
    reportHeld('LSP', held + (await disconnectCases()));
  }, BATTERY_TIMEOUT_MS);
});

/** Clients that go away: the server exits with status 1 (no shutdown) and no crash trace. */
async function disconnectCases(): Promise<number> {
  let held = 0;
  const ready = async (): Promise<Wire> => {
    const wire = Wire.start(root);
    await initialize(wire, root);
    await stillServes(wire, uri);
    return wire;
  };

  // In the middle of a message: the body is cut off by the end of input.
  {
    const wire = await ready();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 500, method: 'textDocument/hover', params: { textDocument: { uri }, position: AREA_CALL } });
    wire.write(`Content-Length: ${body.length}\r\n\r\n${body.slice(0, 30)}`);
    // Written before the end: wait until the server has it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    wire.child.stdin!.end();
    expect(await wire.exited).toEqual({ code: 1, signal: null });
    expect(wire.stderr).toContain(`the client closed the connection in the middle of a message (30 of ${body.length} bytes received)`);
    expect(wire.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    held++;
  }

  // In the middle of a request: the request was read and is being answered when the
  // client closes both ends of the pipe, so the answer has nowhere to go.
  {
    const wire = await ready();
    const bodies = [];
    for (let i = 0; i < 20; i++) bodies.push(frame(JSON.stringify({ jsonrpc: '2.0', id: 600 + i, method: 'workspace/symbol', params: { query: '' } })));
    wire.write(Buffer.concat(bodies));
    wire.child.stdout!.destroy();
    wire.child.stdin!.end();
    expect(await wire.exited).toEqual({ code: 1, signal: null });
    expect(wire.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(wire.stderr).not.toMatch(/Error|EPIPE|Unhandled/);
    held++;
  }

  // The socket transport reads through the same framing: a few cases there, then the
  // client closes the connection in the middle of a message.
  {
    const wire = await Wire.startSocket(root);
    await runCase(wire, null, { name: 'socket: invalid JSON before initialize', send: { bytes: frame('{"jsonrpc":') }, expect: { code: ParseError, says: /Parse error: the body is not JSON/ } });
    await initialize(wire, root);
    await stillServes(wire, uri);
    const socketCases: Case[] = [
      { name: 'socket: a batch', send: msg([{ jsonrpc: '2.0', id: 1, method: 'shutdown' }]), expect: { code: InvalidRequest, says: /batches/ } },
      { name: 'socket: a negative position', send: msg({ jsonrpc: '2.0', id: 700, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: -1 } } }), expect: { code: InvalidParams, id: 700, says: /params\.position\.character must be an integer from 0/ } },
      { name: 'socket: Content-Length missing', send: { bytes: `X-Nothing: 1\r\n\r\n{}` }, expect: { code: ParseError, says: /no Content-Length header/ } },
    ];
    for (const c of socketCases) await runCase(wire, uri, c);
    wire.write('Content-Length: 100\r\n\r\n{"jsonrpc"');
    await new Promise((resolve) => setTimeout(resolve, 100));
    (wire.input as net.Socket).end();
    expect(await wire.exited).toEqual({ code: 1, signal: null });
    expect(wire.stderr).toContain('the client closed the connection in the middle of a message (10 of 100 bytes received)');
    expect(wire.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    held += 1 + socketCases.length + 1;
  }

  // Exactly between two messages: a plain end of input.
  {
    const wire = await ready();
    wire.child.stdin!.end();
    expect(await wire.exited).toEqual({ code: 1, signal: null });
    expect(wire.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    held++;
  }
  return held;
}
