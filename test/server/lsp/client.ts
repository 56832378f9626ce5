// A real LSP client for the tests: spawns the built server (`node dist/server/lsp/bin.js
// --stdio`) and talks JSON-RPC to it over the child's stdin/stdout with vscode-jsonrpc.
// It records what the server sends by itself (diagnostics, progress, log messages,
// registrations) and answers the server's requests as an editor would.
//
// Positions in expectations are computed here independently of the server's LineIndex
// (`positionOf`), so a conversion bug cannot hide behind the same code on both sides.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  Emitter,
  StreamMessageReader,
  type Message,
  type MessageConnection,
  type MessageWriter,
} from 'vscode-jsonrpc/node.js';
import type * as L from 'vscode-languageserver-protocol';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The built server entry (`npm test` builds first). */
export const SERVER = path.join(projectRoot, 'dist', 'server', 'lsp', 'bin.js');

export interface StartOptions {
  /** Workspace folders (absolute paths); the first is also rootUri. */
  folders?: string[];
  /** Position encodings the client offers in general.positionEncodings. */
  encodings?: string[];
  /** Advertise pull diagnostics (textDocument.diagnostic). */
  pullDiagnostics?: boolean;
  initializationOptions?: Record<string, unknown>;
  /** Name the first folder as rootUri only, without workspaceFolders (older clients). */
  rootUriOnly?: boolean;
  /** Skip `initialized` (to look at the server between the two). */
  skipInitialized?: boolean;
  /** Options for node itself (`--expose-gc`). */
  nodeArgs?: string[];
}

export interface Progress {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number };
}

/** Writes each message in one piece, so that `batch` can send several in one write. */
class FramedWriter implements MessageWriter {
  private readonly errorEmitter = new Emitter<[Error, Message | undefined, number | undefined]>();
  private readonly closeEmitter = new Emitter<void>();
  readonly onError = this.errorEmitter.event;
  readonly onClose = this.closeEmitter.event;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  write(message: Message): Promise<void> {
    const content = Buffer.from(JSON.stringify(message), 'utf8');
    this.stream.write(Buffer.concat([Buffer.from(`Content-Length: ${content.length}\r\n\r\n`, 'ascii'), content]));
    return Promise.resolve();
  }

  end(): void {}

  dispose(): void {
    this.errorEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

export class LspClient {
  readonly diagnostics: L.PublishDiagnosticsParams[] = [];
  readonly progress: Progress[] = [];
  readonly logs: L.LogMessageParams[] = [];
  readonly messages: L.ShowMessageParams[] = [];
  readonly registrations: L.Registration[] = [];
  readonly serverRequests: string[] = [];
  stderr = '';
  initializeResult!: L.InitializeResult;
  private readonly exited: Promise<number | null>;
  private exitStatus: number | null | undefined = undefined;
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        this.exitStatus = code;
        resolve(code);
        // Pending requests fail at once instead of waiting for a server that is gone.
        setImmediate(() => connection.dispose());
        for (const listener of [...this.listeners]) listener();
      }),
    );
    connection.onNotification('textDocument/publishDiagnostics', (params: L.PublishDiagnosticsParams) => this.record(() => this.diagnostics.push(params)));
    connection.onNotification('window/logMessage', (params: L.LogMessageParams) => this.record(() => this.logs.push(params)));
    connection.onNotification('window/showMessage', (params: L.ShowMessageParams) => this.record(() => this.messages.push(params)));
    connection.onUnhandledProgress((params) => this.record(() => this.progress.push(params as Progress)));
    connection.onRequest((method: string, params: unknown) => {
      this.record(() => this.serverRequests.push(method));
      if (method === 'client/registerCapability') this.registrations.push(...(params as L.RegistrationParams).registrations);
      if (method === 'workspace/configuration') return (params as L.ConfigurationParams).items.map(() => null);
      return null;
    });
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Grammar validation only slows the server down; the grammar tests run it.
    delete env.RUCHY_VALIDATE_GRAMMAR;
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new FramedWriter(child.stdin!));
    const client = new LspClient(child, connection);
    connection.listen();
    const folders = options.folders ?? [];
    const params: L.InitializeParams = {
      processId: process.pid,
      rootUri: folders.length > 0 ? pathToFileURL(folders[0]).href : null,
      workspaceFolders: folders.length > 0 && options.rootUriOnly !== true ? folders.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })) : null,
      capabilities: clientCapabilities(options),
      initializationOptions: options.initializationOptions,
    };
    client.initializeResult = await connection.sendRequest('initialize', params);
    if (options.skipInitialized !== true) connection.sendNotification('initialized', {});
    return client;
  }

  request<R>(method: string, params?: unknown): Promise<R> {
    return params === undefined ? this.connection.sendRequest(method) : this.connection.sendRequest(method, params);
  }

  notify(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  /** Sends everything `send` writes in a single write to the server's stdin. */
  batch(send: () => void): void {
    const stdin = this.child.stdin!;
    stdin.cork();
    try {
      send();
    } finally {
      stdin.uncork();
    }
  }

  open(uri: string, text: string, version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'ruchy', version, text } });
  }

  change(uri: string, version: number, contentChanges: L.TextDocumentContentChangeEvent[]): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** Resolves with the first value `probe` returns that is not undefined, re-probing on each message. */
  waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const listener = () => {
        const value = probe();
        if (value === undefined && this.exitStatus === undefined) return;
        this.listeners.delete(listener);
        clearTimeout(timer);
        if (value !== undefined) resolve(value);
        else reject(new Error(`the server exited (${this.exitStatus}) while waiting for ${what}; its stderr:\n${this.stderr}`));
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; server stderr:\n${this.stderr}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  /** The newest diagnostics published for `uri` that satisfy `accept`. */
  waitForDiagnostics(uri: string, accept: (d: L.PublishDiagnosticsParams) => boolean = () => true, timeoutMs?: number): Promise<L.PublishDiagnosticsParams> {
    return this.waitFor(() => {
      const mine = this.diagnostics.filter((d) => d.uri === uri);
      const last = mine[mine.length - 1];
      return last !== undefined && accept(last) ? last : undefined;
    }, `diagnostics for ${uri}`, timeoutMs);
  }

  /** Resolves once the workspace is indexed (the server's status says so). */
  async indexed(): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const status = await this.request<{ serviceLoaded: boolean; indexing: boolean }>('ruchy/status');
      if (status.serviceLoaded && !status.indexing) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the server did not finish indexing');
  }

  /** shutdown + exit; resolves with the exit status. */
  async shutdown(): Promise<number | null> {
    await this.request('shutdown');
    this.notify('exit', undefined);
    return this.exitCode();
  }

  exitCode(timeoutMs = 10_000): Promise<number | null> {
    return Promise.race([
      this.exited,
      new Promise<number | null>((_, reject) => setTimeout(() => reject(new Error('the server did not exit')), timeoutMs)),
    ]);
  }

  kill(): void {
    this.connection.dispose();
    this.child.kill();
  }

  private record(action: () => void): void {
    action();
    for (const listener of [...this.listeners]) listener();
  }
}

function clientCapabilities(options: StartOptions): L.ClientCapabilities {
  return {
    general: { positionEncodings: options.encodings ?? ['utf-16'] },
    window: { workDoneProgress: true, showMessage: {} },
    workspace: {
      workspaceFolders: true,
      didChangeWatchedFiles: { dynamicRegistration: true },
      workspaceEdit: { documentChanges: true },
      diagnostics: { refreshSupport: options.pullDiagnostics === true },
    },
    textDocument: {
      synchronization: { dynamicRegistration: false },
      completion: { completionItem: { snippetSupport: true } },
      documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      publishDiagnostics: { versionSupport: true, relatedInformation: true },
      ...(options.pullDiagnostics === true ? { diagnostic: { dynamicRegistration: false } } : {}),
    },
  };
}

// ---------------------------------------------------------------- test data

/** A fresh folder under the system temp folder with `files` (relative path -> text). */
export function makeWorkspace(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ruchy-lsp-')));
  for (const [relative, text] of Object.entries(files)) writeFile(root, relative, text);
  return root;
}

export function writeFile(root: string, relative: string, text: string): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return pathToFileURL(file).href;
}

export function uriIn(root: string, relative: string): string {
  return pathToFileURL(path.join(root, relative)).href;
}

export interface Marked {
  text: string;
  /** Offsets of the `<|>` markers, in order. */
  cursors: number[];
  /** `[|...|]` spans, in order. */
  ranges: { start: number; end: number }[];
}

/** Reads `<|>` cursors and `[|...|]` ranges out of a text. */
export function marked(source: string): Marked {
  let text = '';
  const cursors: number[] = [];
  const ranges: { start: number; end: number }[] = [];
  const open: number[] = [];
  for (let i = 0; i < source.length; ) {
    if (source.startsWith('<|>', i)) {
      cursors.push(text.length);
      i += 3;
    } else if (source.startsWith('[|', i)) {
      open.push(text.length);
      i += 2;
    } else if (source.startsWith('|]', i)) {
      ranges.push({ start: open.pop()!, end: text.length });
      i += 2;
    } else {
      text += source[i++];
    }
  }
  return { text, cursors, ranges };
}

/** Offset -> LSP position, counted here independently: UTF-16 code units or UTF-8 bytes. */
export function positionOf(text: string, offset: number, encoding: 'utf-16' | 'utf-8' = 'utf-16'): L.Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  const lineText = before.slice(before.lastIndexOf('\n') + 1);
  return { line, character: encoding === 'utf-8' ? Buffer.byteLength(lineText, 'utf8') : lineText.length };
}

export function rangeOf(text: string, start: number, end: number, encoding: 'utf-16' | 'utf-8' = 'utf-16'): L.Range {
  return { start: positionOf(text, start, encoding), end: positionOf(text, end, encoding) };
}

/** Applies LSP text edits (all in the original text's positions) to a text. */
export function applyEdits(text: string, edits: readonly L.TextEdit[]): string {
  const offsetOf = (p: L.Position) => {
    const lines = text.split('\n');
    let offset = 0;
    for (let i = 0; i < p.line; i++) offset += lines[i].length + 1;
    return offset + p.character;
  };
  const sorted = [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetOf(e.range.start)) + e.newText + out.slice(offsetOf(e.range.end));
  return out;
}

/** The offset of `<|>` in `pattern`, found in `text` where the pattern (without the marker) occurs exactly once. */
export function at(text: string, pattern: string): number {
  const marker = pattern.indexOf('<|>');
  const needle = pattern.replace('<|>', '');
  const found = text.indexOf(needle);
  if (marker < 0 || found < 0 || text.indexOf(needle, found + 1) >= 0) throw new Error(`\`${pattern}\` does not occur exactly once (with a <|> marker)`);
  return found + marker;
}

/** The [start, end) offsets of the first `needle` after the text `after` (which must occur). */
export function span(text: string, needle: string, after = ''): { start: number; end: number } {
  const found = text.indexOf(after);
  const start = text.indexOf(needle, found + after.length);
  if (found < 0 || start < 0) throw new Error(`\`${needle}\` not found after \`${after}\``);
  return { start, end: start + needle.length };
}
