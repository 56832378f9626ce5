// The state one LSP connection shares between its handlers: the negotiated position
// encoding and client features, the language service (loaded only after `initialize`
// has been answered), which documents the editor has open, and how client URIs map to
// the service's. Requests go through `request()`, which waits for the workspace index,
// brings the analysis up to date in slices (other messages are handled meanwhile) and
// turns cancellation into RequestCancelled.

import { fileURLToPath, pathToFileURL } from 'node:url';
import * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../src/service/language-service.js';
import { OperationCancelled } from '../../src/service/host.js';
import type { LineIndex, PositionEncoding } from '../../src/syntax/positions.js';
import { Convert, type Files } from './convert.js';

/** What the client can do, read once from its capabilities. */
export interface ClientFeatures {
  snippets: boolean;
  hierarchicalSymbols: boolean;
  documentChanges: boolean;
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  workDoneProgress: boolean;
  watchedFilesRegistration: boolean;
  workspaceFolders: boolean;
}

/** Options a client may pass as `initializationOptions`. */
export interface InitializationOptions {
  /** Push diagnostics (publishDiagnostics); by default only to clients that do not pull. */
  pushDiagnostics?: boolean;
  /** Cyclomatic complexity above which a function gets a warning lens. */
  maxComplexity?: number;
  /** Cognitive complexity above which a function gets a warning lens. */
  maxCognitiveComplexity?: number;
  /** Time limit for `ruchy.run`, in milliseconds. */
  runTimeoutMs?: number;
}

export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export class Session implements Files {
  encoding: PositionEncoding = 'utf-16';
  convert: Convert = new Convert('utf-16', this);
  features: ClientFeatures = {
    snippets: false,
    hierarchicalSymbols: false,
    documentChanges: false,
    pullDiagnostics: false,
    diagnosticRefresh: false,
    workDoneProgress: false,
    watchedFilesRegistration: false,
    workspaceFolders: false,
  };
  options: InitializationOptions = {};
  /** Absolute paths of the workspace folders. */
  folders: string[] = [];
  /** Open documents: service URI -> editor version. */
  readonly open = new Map<string, number>();
  shutdownRequested = false;
  readonly stats = { analyses: 0, cancelledAnalyses: 0, cancelledRequests: 0 };

  private loaded: LanguageService | null = null;
  private loading: Promise<LanguageService> | null = null;
  private indexing: Promise<void> = Promise.resolve();
  private indexingNow = false;
  /**
   * Changes not applied yet, in order: made before the service was loaded, or after a
   * change that is still parsing a large text in slices (see `mutate`).
   */
  private readonly pendingMutations: { change: Mutation; uri: string }[] = [];
  /** Set while pending changes are being applied, one of them in slices. */
  private applying: Promise<void> | null = null;
  private draining = false;
  /** How many pending (or being applied) changes each service URI has. */
  private readonly pendingUris = new Map<string, number>();
  private readonly spelling = new Map<string, string>();
  private lastAnalysis: unknown = null;
  /** Document notifications received by the reader vs. applied, per service URI. */
  private readonly received = new Map<string, number>();
  private readonly applied = new Map<string, number>();

  constructor(
    readonly connection: L.Connection,
    readonly log: Logger,
  ) {}

  negotiate(params: L.InitializeParams): void {
    const caps = params.capabilities;
    this.encoding = caps.general?.positionEncodings?.includes(L.PositionEncodingKind.UTF8) ? 'utf-8' : 'utf-16';
    this.convert = new Convert(this.encoding, this);
    this.features = {
      snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
      hierarchicalSymbols: caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
      documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
      pullDiagnostics: caps.textDocument?.diagnostic !== undefined,
      diagnosticRefresh: caps.workspace?.diagnostics?.refreshSupport === true,
      workDoneProgress: caps.window?.workDoneProgress === true,
      watchedFilesRegistration: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      workspaceFolders: caps.workspace?.workspaceFolders === true,
    };
    this.options = readOptions(params.initializationOptions);
    this.folders = workspaceFolderPaths(params);
  }

  /** Whether diagnostics are pushed (publishDiagnostics) rather than pulled. */
  get pushesDiagnostics(): boolean {
    return this.options.pushDiagnostics ?? !this.features.pullDiagnostics;
  }

  // ---------------------------------------------------------------- the service

  /** Starts loading the service (parser, checker) if not started; after `initialize` only. */
  loadService(): Promise<LanguageService> {
    this.loading ??= import('../../src/service/language-service.js').then(({ createLanguageService }) => {
      const service = createLanguageService({ maxComplexity: this.options.maxComplexity, maxCognitiveComplexity: this.options.maxCognitiveComplexity });
      this.loaded = service;
      this.applyPending();
      return service;
    });
    return this.loading;
  }

  /** The loaded service; only for code that runs after `ready()` or inside `mutate`. */
  get service(): LanguageService {
    if (this.loaded === null) throw new Error('the language service is not loaded yet');
    return this.loaded;
  }

  get serviceLoaded(): boolean {
    return this.loaded !== null;
  }

  get isIndexing(): boolean {
    return this.indexingNow;
  }

  /**
   * Runs a change of `uri` (of several files when null) now, or in order once the service
   * is loaded and the changes before it are applied. A change that returns a promise (a
   * large text parsed in slices) holds the changes after it until it settles; requests
   * about `uri` wait for them.
   */
  mutate(file: string | null, change: Mutation): void {
    const uri = file ?? SEVERAL_FILES;
    this.pendingUris.set(uri, (this.pendingUris.get(uri) ?? 0) + 1);
    this.pendingMutations.push({ change, uri });
    if (this.loaded === null) void this.loadService();
    else if (this.applying === null) this.applyPending();
  }

  /** Whether `uri` (any file when undefined) has changes not applied yet. */
  hasPendingChanges(uri?: string): boolean {
    if (uri === undefined) return this.pendingMutations.length > 0 || this.applying !== null;
    return this.pendingUris.has(uri) || this.pendingUris.has(SEVERAL_FILES);
  }

  /** Resolves once every change made so far is applied. */
  async settled(): Promise<void> {
    while (this.applying !== null) await this.applying;
  }

  /** Applies the pending changes in order; stops to wait for one that runs in slices. */
  private applyPending(): void {
    // A change that makes another one (re-entrant mutate) leaves it to this loop.
    if (this.draining) return;
    this.draining = true;
    try {
      this.applyPendingNow();
    } finally {
      this.draining = false;
    }
  }

  private applyPendingNow(): void {
    const service = this.loaded!;
    for (let next = this.pendingMutations.shift(); next !== undefined; next = this.pendingMutations.shift()) {
      const { change, uri } = next;
      const done = () => {
        const count = (this.pendingUris.get(uri) ?? 1) - 1;
        if (count > 0) this.pendingUris.set(uri, count);
        else this.pendingUris.delete(uri);
      };
      let result: void | Promise<void> = undefined;
      try {
        result = change(service);
      } catch (error) {
        this.log.error(`ruchy-agent: ${describe(error)}`);
      }
      if (result instanceof Promise) {
        const applying = result
          .catch((error: unknown) => this.log.error(`ruchy-agent: ${describe(error)}`))
          .then(() => {
            done();
            this.applying = null;
            this.applyPending();
          });
        this.applying = applying;
        return;
      }
      done();
    }
  }

  /** Tracks a workspace indexing job; requests wait for it. */
  trackIndexing(job: Promise<void>): void {
    const previous = this.indexing;
    this.indexingNow = true;
    const all = Promise.all([previous, job]).then(() => undefined);
    this.indexing = all;
    void all.finally(() => {
      if (this.indexing === all) this.indexingNow = false;
    });
  }

  /** The service once loaded and the workspace indexed. */
  async ready(): Promise<LanguageService> {
    const service = await this.loadService();
    await this.indexing;
    return service;
  }

  /**
   * Answers a request: waits until ready, gives queued messages (a `$/cancelRequest`, a
   * newer edit of `document`) a turn, brings the analysis up to date in slices (see
   * `analyze`), then `answer`. A request whose document changed meanwhile gets
   * ContentModified. A `local` request asks about `document` alone (hover, completion...).
   */
  async request<T>(token: L.CancellationToken, answer: (service: LanguageService) => T, document?: string, local = false): Promise<T> {
    const service = await this.ready();
    const uri = document === undefined ? undefined : normalizeUri(document);
    // Changes of this document (of any, for a question about the workspace) come first.
    if (this.hasPendingChanges(uri)) await this.settled();
    const before = uri === undefined ? 0 : (this.applied.get(uri) ?? 0);
    const modified = () => uri !== undefined && (this.applied.get(uri) ?? 0) !== before;
    await nextTurn();
    if (token.isCancellationRequested) throw this.requestCancelled();
    // The document changed while the request waited: its positions name an older text.
    if (modified()) throw new L.ResponseError(L.LSPErrorCodes.ContentModified, 'the document changed');
    try {
      await this.analyze(service, token, local ? uri : undefined);
      if (modified()) throw new L.ResponseError(L.LSPErrorCodes.ContentModified, 'the document changed');
      return answer(service);
    } catch (error) {
      // Refusals and cancellations are answers; anything else is a bug worth a stack trace.
      if (!(error instanceof L.ResponseError)) this.log.error(`ruchy-agent: request failed: ${describe(error)}`);
      throw error;
    }
  }

  /**
   * Brings the analysis up to date in slices, so that other messages are handled
   * meanwhile; throws RequestCancelled when the token is cancelled first. A question about
   * the file `local` alone that the pending changes cannot affect does not wait: it is
   * answered from the last complete analysis while the new one catches up.
   */
  async analyze(service: LanguageService, token: L.CancellationToken, local?: string): Promise<void> {
    for (;;) {
      const run = service.analysisInSlices();
      if (local !== undefined && service.answersFromPrevious(local)) return;
      try {
        const analysis = await run;
        if (token.isCancellationRequested) break;
        if (analysis !== this.lastAnalysis) {
          this.lastAnalysis = analysis;
          this.stats.analyses++;
        }
        return;
      } catch (error) {
        if (!(error instanceof OperationCancelled)) throw error;
        // The workspace changed before the run ended: catch up with the newer one.
        if (token.isCancellationRequested) break;
      }
    }
    this.stats.cancelledAnalyses++;
    throw this.requestCancelled();
  }

  requestCancelled(): L.ResponseError<void> {
    this.stats.cancelledRequests++;
    return new L.ResponseError(L.LSPErrorCodes.RequestCancelled, 'request cancelled');
  }

  // ---------------------------------------------------------------- documents and URIs

  /** The service's spelling of a client URI (file URIs normalised through the file path). */
  serviceUri(uri: string): string {
    const normal = normalizeUri(uri);
    if (!this.spelling.has(normal)) this.spelling.set(normal, uri);
    return normal;
  }

  clientUri(uri: string): string {
    return this.spelling.get(uri) ?? uri;
  }

  /** The file and offset a position request names; null for a file the service does not hold. */
  at(params: L.TextDocumentPositionParams): { uri: string; lines: LineIndex; offset: number } | null {
    const uri = this.serviceUri(params.textDocument.uri);
    const lines = this.lines(uri);
    return lines === undefined ? null : { uri, lines, offset: this.convert.offset(lines, params.position) };
  }

  /** The file a document request names, with its line index; null when unknown. */
  file(params: { textDocument: L.TextDocumentIdentifier }): { uri: string; lines: LineIndex } | null {
    const uri = this.serviceUri(params.textDocument.uri);
    const lines = this.lines(uri);
    return lines === undefined ? null : { uri, lines };
  }

  document(uri: string): ReturnType<LanguageService['getDocument']> {
    return this.loaded?.getDocument(uri);
  }

  lines(uri: string): LineIndex | undefined {
    return this.document(uri)?.lineIndex;
  }

  openVersion(uri: string): number | null {
    return this.open.get(uri) ?? null;
  }

  /** Called by the message reader for every document notification as it arrives. */
  noteReceived(uri: string): void {
    const key = normalizeUri(uri);
    this.received.set(key, (this.received.get(key) ?? 0) + 1);
  }

  /** Called once a document notification has been applied. */
  noteApplied(uri: string): void {
    this.applied.set(uri, (this.applied.get(uri) ?? 0) + 1);
  }

  /** A newer notification about this document has arrived and is not applied yet. */
  hasNewerChange(uri: string): boolean {
    return (this.received.get(uri) ?? 0) > (this.applied.get(uri) ?? 0);
  }

}

/** The key of changes of several files in Session.pendingUris. */
const SEVERAL_FILES = '';

/** A change of the workspace; a promise when it runs in slices. */
export type Mutation = (service: LanguageService) => void | Promise<void>;

/** Lets the event loop read and dispatch what has arrived meanwhile. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export function normalizeUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToFileURL(fileURLToPath(uri)).href;
  } catch {
    return uri;
  }
}

function workspaceFolderPaths(params: L.InitializeParams): string[] {
  const uris: string[] = [];
  if (params.workspaceFolders) uris.push(...params.workspaceFolders.map((f) => f.uri));
  else if (params.rootUri) uris.push(params.rootUri);
  else if (params.rootPath) return [params.rootPath];
  const paths: string[] = [];
  for (const uri of uris) {
    try {
      if (uri.startsWith('file:')) paths.push(fileURLToPath(uri));
    } catch {
      // Not a local folder: nothing to index.
    }
  }
  return paths;
}

function readOptions(value: unknown): InitializationOptions {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as Record<string, unknown>;
  const number = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : undefined);
  return {
    pushDiagnostics: typeof v.pushDiagnostics === 'boolean' ? v.pushDiagnostics : undefined,
    maxComplexity: number(v.maxComplexity),
    maxCognitiveComplexity: number(v.maxCognitiveComplexity),
    runTimeoutMs: number(v.runTimeoutMs),
  };
}
