// textDocument/foldingRange: blocks, bodies, literals, comment runs and import runs that span lines.

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function foldingRanges(session: Session, service: LanguageService, params: L.FoldingRangeParams): L.FoldingRange[] {
  const file = session.file(params);
  return file === null ? [] : session.convert.foldingRanges(file.lines, service.foldingRanges(file.uri));
}
