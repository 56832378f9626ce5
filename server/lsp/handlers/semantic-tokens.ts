// textDocument/semanticTokens/full and /full/delta. The last result of each document is
// kept (by result id) so that a delta request is answered with one splice of the data.

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { Session } from '../session.js';

export class SemanticTokens {
  private nextId = 1;
  private readonly previous = new Map<string, { resultId: string; data: number[] }>();

  constructor(private readonly session: Session) {}

  full(service: LanguageService, params: L.SemanticTokensParams): L.SemanticTokens {
    const file = this.session.file(params);
    if (file === null) return { data: [] };
    const data = this.session.convert.semanticTokens(file.lines, service.semanticTokens(file.uri));
    return { resultId: this.remember(file.uri, data), data };
  }

  delta(service: LanguageService, params: L.SemanticTokensDeltaParams): L.SemanticTokens | L.SemanticTokensDelta {
    const file = this.session.file(params);
    if (file === null) return { data: [] };
    const before = this.previous.get(file.uri);
    const data = this.session.convert.semanticTokens(file.lines, service.semanticTokens(file.uri));
    const resultId = this.remember(file.uri, data);
    if (before === undefined || before.resultId !== params.previousResultId) return { resultId, data };
    return { resultId, edits: diff(before.data, data) };
  }

  forget(uri: string): void {
    this.previous.delete(uri);
  }

  private remember(uri: string, data: number[]): string {
    const resultId = String(this.nextId++);
    this.previous.set(uri, { resultId, data });
    return resultId;
  }
}

/** One edit replacing the part between the common prefix and the common suffix (none when equal). */
export function diff(before: readonly number[], after: readonly number[]): L.SemanticTokensEdit[] {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before[prefix] === after[prefix]) prefix++;
  if (prefix === before.length && prefix === after.length) return [];
  let suffix = 0;
  while (suffix < shorter - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return [{ start: prefix, deleteCount: before.length - prefix - suffix, data: after.slice(prefix, after.length - suffix) }];
}
