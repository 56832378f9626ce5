// The LSP server on one connection: capability registration, the lifecycle, and the
// wiring of each request and notification to its handler.
//
// `initialize` only records what the client can do and answers with the capabilities:
// the request handlers and the language service (parser, checker) are loaded after that,
// on `initialized`, which also starts indexing the workspace folders. Requests wait for
// all three (Session.request).

import * as fs from 'node:fs';
import * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../src/service/language-service.js';
import { capabilities } from './capabilities.js';
import { Diagnostics } from './diagnostics.js';
import { didChange, didClose, didOpen } from './documents.js';
import type { Completions } from './handlers/completion.js';
import type { SemanticTokens } from './handlers/semantic-tokens.js';
import { describe, Session, type Logger } from './session.js';
import { filesChanged, foldersChanged, indexFolders } from './workspace-files.js';

type Handlers = typeof import('./handlers/index.js');

/** `ruchy/status`: what the server holds and has done, for tests and troubleshooting. */
export const StatusRequest = new L.RequestType0<ServerStatus, void>('ruchy/status');

export interface ServerStatus {
  positionEncoding: string;
  serviceLoaded: boolean;
  indexing: boolean;
  files: number;
  openFiles: number;
  pushDiagnostics: boolean;
  /** Analyses run for requests (diagnostics runs are not counted), and those cancelled. */
  analyses: number;
  cancelledAnalyses: number;
  cancelledRequests: number;
  /** Bytes: resident set now and at its peak, heap in use (after a full collection when node runs with --expose-gc). */
  memory: { rss: number; maxRss: number; heapUsed: number; collected: boolean };
}

export function createServer(connection: L.Connection): Session {
  const log: Logger = {
    info: (message) => connection.console.info(message),
    error: (message) => connection.console.error(message),
  };
  const session = new Session(connection, log);
  const diagnostics = new Diagnostics(session);
  // The handlers are loaded after `initialize` has been answered, with their state.
  let handlers: Promise<Handlers> | null = null;
  let completions: Completions | null = null;
  let tokens: SemanticTokens | null = null;
  const loadHandlers = (): Promise<Handlers> =>
    (handlers ??= import('./handlers/index.js').then((h) => {
      completions = new h.Completions(session);
      tokens = new h.SemanticTokens(session);
      return h;
    }));

  // ---------------------------------------------------------------- lifecycle

  connection.onInitialize((params): L.InitializeResult => {
    session.negotiate(params);
    return { capabilities: capabilities(session), serverInfo: { name: 'ruchy-agent', version: packageVersion() } };
  });

  connection.onInitialized(() => {
    void loadHandlers();
    if (session.features.watchedFilesRegistration) {
      connection.client
        .register(L.DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.ruchy' }, { globPattern: '**/*', kind: L.WatchKind.Delete }],
        })
        .catch((error: unknown) => log.error(`could not register the file watcher: ${describe(error)}`));
    }
    if (session.features.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => foldersChanged(session, diagnostics, event));
    }
    session.trackIndexing(
      indexFolders(session, diagnostics, session.folders).catch((error: unknown) => log.error(`indexing failed: ${describe(error)}`)),
    );
  });

  connection.onShutdown(() => {
    session.shutdownRequested = true;
    diagnostics.dispose();
  });

  connection.onRequest(StatusRequest, (): ServerStatus => ({
    positionEncoding: session.encoding,
    serviceLoaded: session.serviceLoaded,
    indexing: session.isIndexing,
    files: session.serviceLoaded ? session.service.files().length : 0,
    openFiles: session.open.size,
    pushDiagnostics: session.pushesDiagnostics,
    ...session.stats,
    memory: memory(),
  }));

  // ---------------------------------------------------------------- documents and files

  connection.onDidOpenTextDocument((params) => didOpen(session, diagnostics, params));
  connection.onDidChangeTextDocument((params) => didChange(session, diagnostics, params));
  connection.onDidCloseTextDocument((params) => {
    tokens?.forget(session.serviceUri(params.textDocument.uri));
    didClose(session, diagnostics, params);
  });
  connection.onDidChangeWatchedFiles((params) => filesChanged(session, diagnostics, params.changes));

  // ---------------------------------------------------------------- requests

  /**
   * A request answered from the analysis: waits until ready, honours cancellation. A
   * `local` request asks about its document alone (see Session.analyze).
   */
  const answer =
    <P, R>(handler: (h: Handlers, service: LanguageService, params: P) => R, local = false) =>
    async (params: P, token: L.CancellationToken): Promise<R> => {
      const h = await loadHandlers();
      return session.request(token, (service) => handler(h, service, params), (params as { textDocument?: { uri?: string } }).textDocument?.uri, local);
    };
  const local = <P, R>(handler: (h: Handlers, service: LanguageService, params: P) => R) => answer(handler, true);

  connection.onHover(local((h, s, p: L.HoverParams) => h.hover(session, s, p)));
  connection.onDefinition(local((h, s, p: L.DefinitionParams) => h.definition(session, s, p)));
  connection.onTypeDefinition(answer((h, s, p: L.TypeDefinitionParams) => h.typeDefinition(session, s, p)));
  connection.onReferences(answer((h, s, p: L.ReferenceParams) => h.references(session, s, p)));
  connection.onDocumentHighlight(local((h, s, p: L.DocumentHighlightParams) => h.documentHighlight(session, s, p)));
  connection.onPrepareRename(answer((h, s, p: L.PrepareRenameParams) => h.prepareRename(session, s, p)));
  connection.onRenameRequest(answer((h, s, p: L.RenameParams) => h.rename(session, s, p)));
  connection.onDocumentSymbol(local((h, s, p: L.DocumentSymbolParams) => h.documentSymbols(session, s, p)));
  connection.onWorkspaceSymbol(answer((h, s, p: L.WorkspaceSymbolParams) => h.workspaceSymbols(session, s, p)));
  connection.onCompletion(local((_, s, p: L.CompletionParams) => completions!.complete(s, p)));
  connection.onCompletionResolve(async (item) => {
    await loadHandlers();
    return completions!.resolve(item);
  });
  connection.onSignatureHelp(local((h, s, p: L.SignatureHelpParams) => h.signatureHelp(session, s, p)));
  connection.onDocumentFormatting(answer((h, s, p: L.DocumentFormattingParams) => h.formatting(session, s, p)));
  connection.onDocumentRangeFormatting(answer((h, s, p: L.DocumentRangeFormattingParams) => h.rangeFormatting(session, s, p)));
  connection.languages.semanticTokens.on(local((_, s, p: L.SemanticTokensParams) => tokens!.full(s, p)));
  connection.languages.semanticTokens.onDelta(local((_, s, p: L.SemanticTokensDeltaParams) => tokens!.delta(s, p)));
  connection.onFoldingRanges(local((h, s, p: L.FoldingRangeParams) => h.foldingRanges(session, s, p)));
  connection.onSelectionRanges(local((h, s, p: L.SelectionRangeParams) => h.selectionRanges(session, s, p)));
  connection.languages.inlayHint.on(local((h, s, p: L.InlayHintParams) => h.inlayHints(session, s, p)));
  connection.onCodeAction(answer((h, s, p: L.CodeActionParams) => h.codeActions(session, s, p)));
  connection.onCodeLens(answer((h, s, p: L.CodeLensParams) => h.codeLenses(session, s, p)));
  connection.onExecuteCommand(async (params) => (await loadHandlers()).executeCommand(session, params));
  connection.languages.diagnostics.on(async (params, token) => (await loadHandlers()).documentDiagnostics(session, diagnostics, params, token));
  connection.languages.diagnostics.onWorkspace(async (params, token) => (await loadHandlers()).workspaceDiagnostics(session, diagnostics, params, token));

  return session;
}

function memory(): ServerStatus['memory'] {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const usage = process.memoryUsage();
  return { rss: usage.rss, maxRss: process.resourceUsage().maxRSS * 1024, heapUsed: usage.heapUsed, collected: gc !== undefined };
}

let version: string | undefined;

/** This package's version (dist/server/lsp -> the package root). */
function packageVersion(): string | undefined {
  if (version === undefined) {
    try {
      const manifest = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      version = manifest.name === 'ruchy-agent' && typeof manifest.version === 'string' ? manifest.version : '0.0.0-unknown';
    } catch {
      version = '0.0.0-unknown';
    }
  }
  return version;
}
