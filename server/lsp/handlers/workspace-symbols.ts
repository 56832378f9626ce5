// workspace/symbol: declarations of every file of the workspace (open or not) matching a query.

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

/** Enough for any picker; a longer list only costs time. */
const MAX_RESULTS = 500;

export function workspaceSymbols(session: Session, service: LanguageService, params: L.WorkspaceSymbolParams): L.SymbolInformation[] {
  const out: L.SymbolInformation[] = [];
  for (const symbol of service.workspaceSymbols(params.query)) {
    const info = session.convert.workspaceSymbol(symbol);
    if (info !== null) out.push(info);
    if (out.length >= MAX_RESULTS) break;
  }
  return out;
}
