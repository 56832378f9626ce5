// Locations with the text of their line, for answers a model reads without opening files.

import type { LanguageService } from '../../../src/service/language-service.js';
import type { Location } from '../../../src/service/types.js';
import { rangeOf, type LocationOut } from '../convert.js';
import type { Session } from '../session.js';

export function locationWithSnippet(session: Session, service: LanguageService, location: Location): LocationOut & { snippet: string } {
  const document = service.getDocument(location.uri);
  const path = session.display(location.uri);
  if (document === undefined) return { path, line: 0, column: 0, end_line: 0, end_column: 0, snippet: '' };
  const lines = document.lineIndex;
  const range = rangeOf(lines, location.start, location.end);
  const text = lines.lineText(range.line - 1).trim();
  return { path, ...range, snippet: text.length > 200 ? `${text.slice(0, 200)}...` : text };
}
