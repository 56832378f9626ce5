// textDocument/documentHighlight: the uses of the symbol under the cursor in this file, reads and writes.

import * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function documentHighlight(session: Session, service: LanguageService, params: L.DocumentHighlightParams): L.DocumentHighlight[] {
  const at = session.at(params);
  if (at === null) return [];
  return service.highlights(at.uri, at.offset).map((h) => ({
    range: session.convert.range(at.lines, h.start, h.end),
    kind: h.kind === 'write' ? L.DocumentHighlightKind.Write : L.DocumentHighlightKind.Read,
  }));
}
