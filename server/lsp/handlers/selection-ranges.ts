// textDocument/selectionRange: for each position, the chain of syntax nodes around it ("expand selection").

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function selectionRanges(session: Session, service: LanguageService, params: L.SelectionRangeParams): L.SelectionRange[] {
  const file = session.file(params);
  if (file === null) return [];
  const offsets = params.positions.map((p) => session.convert.offset(file.lines, p));
  return service.selectionRanges(file.uri, offsets).map((r) => session.convert.selectionRange(file.lines, r));
}
