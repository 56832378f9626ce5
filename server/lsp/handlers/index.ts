// Every request handler, in one module that the server imports once `initialize` has been
// answered: none of them is needed to answer it, and loading them later keeps the
// server's start as quick as a minimal one's.

export { codeActions } from './code-actions.js';
export { codeLenses } from './code-lens.js';
export { Completions } from './completion.js';
export { definition } from './definition.js';
export { documentHighlight } from './document-highlight.js';
export { documentSymbols } from './document-symbols.js';
export { executeCommand } from './execute-command.js';
export { foldingRanges } from './folding-ranges.js';
export { formatting, rangeFormatting } from './formatting.js';
export { hover } from './hover.js';
export { inlayHints } from './inlay-hints.js';
export { documentDiagnostics, workspaceDiagnostics } from './pull-diagnostics.js';
export { references } from './references.js';
export { prepareRename, rename } from './rename.js';
export { selectionRanges } from './selection-ranges.js';
export { SemanticTokens } from './semantic-tokens.js';
export { signatureHelp } from './signature-help.js';
export { typeDefinition } from './type-definition.js';
export { workspaceSymbols } from './workspace-symbols.js';
