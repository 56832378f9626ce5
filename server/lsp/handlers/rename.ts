// textDocument/prepareRename and textDocument/rename. A refusal (a builtin, a keyword, a
// clash) is a ResponseError carrying the service's message, which editors show as is.

import * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function prepareRename(session: Session, service: LanguageService, params: L.PrepareRenameParams): L.PrepareRenameResult | null {
  const at = session.at(params);
  if (at === null) return null;
  const result = service.prepareRename(at.uri, at.offset);
  if (!result.ok) throw new L.ResponseError(L.LSPErrorCodes.RequestFailed, result.error);
  return { range: session.convert.range(at.lines, result.start, result.end), placeholder: result.placeholder };
}

export function rename(session: Session, service: LanguageService, params: L.RenameParams): L.WorkspaceEdit | null {
  const at = session.at(params);
  if (at === null) return null;
  const result = service.rename(at.uri, at.offset, params.newName);
  if (!result.ok) throw new L.ResponseError(L.LSPErrorCodes.RequestFailed, result.error);
  return session.convert.workspaceEdit(result.changes, session.features.documentChanges);
}
