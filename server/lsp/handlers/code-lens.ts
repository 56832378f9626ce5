// textDocument/codeLens: "▶ Run" above `fun main` (the `ruchy.run` command) and complexity warnings.

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function codeLenses(session: Session, service: LanguageService, params: L.CodeLensParams): L.CodeLens[] {
  const file = session.file(params);
  return file === null ? [] : service.codeLenses(file.uri).map((lens) => session.convert.codeLens(file.lines, lens));
}
