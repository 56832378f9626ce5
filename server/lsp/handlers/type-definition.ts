// textDocument/typeDefinition: the declarations of the types named in the type of the value under the cursor.

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function typeDefinition(session: Session, service: LanguageService, params: L.TypeDefinitionParams): L.Location[] {
  const at = session.at(params);
  return at === null ? [] : session.convert.locations(service.typeDefinition(at.uri, at.offset));
}
