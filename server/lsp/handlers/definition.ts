// textDocument/definition: where the name under the cursor is declared, in any file.

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function definition(session: Session, service: LanguageService, params: L.DefinitionParams): L.Location[] {
  const at = session.at(params);
  return at === null ? [] : session.convert.locations(service.definition(at.uri, at.offset));
}
