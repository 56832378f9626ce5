// What the server tells the client it can do, in answer to `initialize`: computed from the
// negotiated position encoding alone, so that answering needs none of the handlers.

import * as L from 'vscode-languageserver/node.js';
import { SEMANTIC_TOKENS_LEGEND } from './convert.js';
import type { Session } from './session.js';

/** Runs a file in the sandbox; the argument is the file's URI (code lens "▶ Run"). */
export const RUN_COMMAND = 'ruchy.run';

export function capabilities(session: Session): L.ServerCapabilities {
  return {
    positionEncoding: session.encoding === 'utf-8' ? L.PositionEncodingKind.UTF8 : L.PositionEncodingKind.UTF16,
    textDocumentSync: { openClose: true, change: L.TextDocumentSyncKind.Incremental },
    hoverProvider: true,
    definitionProvider: true,
    typeDefinitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: { label: 'Ruchy' },
    workspaceSymbolProvider: true,
    completionProvider: { triggerCharacters: ['.', ':'], resolveProvider: true },
    signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true }, range: false },
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    inlayHintProvider: { resolveProvider: false },
    codeActionProvider: { codeActionKinds: [L.CodeActionKind.QuickFix, L.CodeActionKind.Refactor, L.CodeActionKind.Source], resolveProvider: false },
    codeLensProvider: { resolveProvider: false },
    executeCommandProvider: { commands: [RUN_COMMAND] },
    diagnosticProvider: { identifier: 'ruchy', interFileDependencies: true, workspaceDiagnostics: true },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}
