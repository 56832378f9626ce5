// textDocument/codeAction: quick fixes for the diagnostics in a range, each naming the diagnostics it fixes.

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function codeActions(session: Session, service: LanguageService, params: L.CodeActionParams): L.CodeAction[] {
  const file = session.file(params);
  if (file === null) return [];
  const { start, end } = session.convert.offsets(file.lines, params.range);
  const only = params.context.only;
  return service
    .codeActions(file.uri, start, end)
    .map((a) => session.convert.codeAction(file.uri, file.lines, a, session.features.documentChanges))
    .filter((a) => only === undefined || only.some((kind) => a.kind === kind || a.kind!.startsWith(`${kind}.`)));
}
