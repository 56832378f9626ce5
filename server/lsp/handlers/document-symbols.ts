// textDocument/documentSymbol: the outline of a file, nested (or flat for older clients).

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function documentSymbols(session: Session, service: LanguageService, params: L.DocumentSymbolParams): L.DocumentSymbol[] | L.SymbolInformation[] {
  const file = session.file(params);
  if (file === null) return [];
  const symbols = service.documentSymbols(file.uri);
  return session.features.hierarchicalSymbols
    ? session.convert.documentSymbols(file.lines, symbols)
    : session.convert.symbolInformation(file.uri, file.lines, symbols);
}
