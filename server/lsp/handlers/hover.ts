// textDocument/hover: the signature or type of the name under the cursor, with its doc comment.

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function hover(session: Session, service: LanguageService, params: L.HoverParams): L.Hover | null {
  const at = session.at(params);
  if (at === null) return null;
  const found = service.hover(at.uri, at.offset);
  return found === null ? null : session.convert.hover(at.lines, found);
}
