// textDocument/references: every use of the symbol under the cursor across the workspace.

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function references(session: Session, service: LanguageService, params: L.ReferenceParams): L.Location[] {
  const at = session.at(params);
  return at === null ? [] : session.convert.locations(service.references(at.uri, at.offset, params.context.includeDeclaration));
}
