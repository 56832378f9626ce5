// textDocument/inlayHint: inferred types of bindings in the visible range.

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function inlayHints(session: Session, service: LanguageService, params: L.InlayHintParams): L.InlayHint[] {
  const file = session.file(params);
  if (file === null) return [];
  const { start, end } = session.convert.offsets(file.lines, params.range);
  return service.inlayHints(file.uri, start, end).map((h) => session.convert.inlayHint(file.lines, h));
}
