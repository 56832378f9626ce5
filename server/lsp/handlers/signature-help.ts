// textDocument/signatureHelp: the signature of the call around the cursor, with the active parameter.

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function signatureHelp(session: Session, service: LanguageService, params: L.SignatureHelpParams): L.SignatureHelp | null {
  const at = session.at(params);
  if (at === null) return null;
  const info = service.signatureHelp(at.uri, at.offset);
  return info === null ? null : session.convert.signatureHelp(info);
}
