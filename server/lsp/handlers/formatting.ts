// textDocument/formatting and textDocument/rangeFormatting: the formatter's edits.

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export function formatting(session: Session, service: LanguageService, params: L.DocumentFormattingParams): L.TextEdit[] {
  const file = session.file(params);
  if (file === null) return [];
  return session.convert.textEdits(file.lines, service.format(file.uri, { indent: params.options.tabSize }));
}

export function rangeFormatting(session: Session, service: LanguageService, params: L.DocumentRangeFormattingParams): L.TextEdit[] {
  const file = session.file(params);
  if (file === null) return [];
  const { start, end } = session.convert.offsets(file.lines, params.range);
  return session.convert.textEdits(file.lines, service.formatRange(file.uri, start, end, { indent: params.options.tabSize }));
}
