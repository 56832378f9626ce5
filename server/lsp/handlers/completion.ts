// textDocument/completion and completionItem/resolve. Items carry their replace range and,
// for functions and methods, a call snippet with the parameter names; documentation is
// filled in on resolve from the last list, so the list itself stays small.

import type * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import type { CompletionItem } from '../../../src/service/types.js';
import type { Session } from '../session.js';

export class Completions {
  private lastId = 0;
  private last: readonly CompletionItem[] = [];

  constructor(private readonly session: Session) {}

  complete(service: LanguageService, params: L.CompletionParams): L.CompletionList {
    const at = this.session.at(params);
    if (at === null) return { isIncomplete: false, items: [] };
    const items = service.completions(at.uri, at.offset);
    this.last = items;
    this.lastId++;
    return { isIncomplete: false, items: this.session.convert.completionItems(at.lines, items, this.lastId, this.session.features.snippets) };
  }

  resolve(item: L.CompletionItem): L.CompletionItem {
    const data = item.data as { list?: unknown; index?: unknown } | undefined;
    if (data?.list !== this.lastId || typeof data.index !== 'number') return item;
    const source = this.last[data.index];
    if (source === undefined || source.label !== item.label) return item;
    const documentation = this.session.convert.completionDocumentation(source);
    return documentation === undefined ? item : { ...item, documentation };
  }
}
