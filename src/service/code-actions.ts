// Quick fixes for the diagnostics at a range, built from the data the checker attaches
// to them: add `mut`, remove an unused binding or a needless `mut`, prefix an unused
// name with `_`, replace a misspelt name with the suggestion, create a missing function.

import { Codes } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProgramAnalysis } from '../semantics/api.js';
import type { DocumentState } from '../workspace/document.js';
import type { CodeAction, TextEdit } from './types.js';

interface Range {
  start: number;
  end: number;
}

export function codeActions(analysis: ProgramAnalysis, document: DocumentState, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const uri = document.uri;
  const text = document.text;
  const fix = (title: string, d: Diagnostic, edits: TextEdit[], isPreferred = false) =>
    actions.push({ title, kind: 'quickfix', diagnostics: [d], changes: [{ uri, edits }], isPreferred });

  for (const d of diagnostics) {
    const data = d.data ?? {};
    const name = typeof data.name === 'string' ? data.name : null;
    switch (d.code) {
      case Codes.AssignToImmutable.code: {
        const declaration = range(data.declaration);
        if (declaration !== null && name !== null) fix(`Make \`${name}\` mutable`, d, [{ start: declaration.start, end: declaration.start, text: 'mut ' }], true);
        break;
      }
      case Codes.UnnecessaryMut.code: {
        const removal = range(data.removal);
        if (removal !== null) fix('Remove the unnecessary `mut`', d, [{ ...removal, text: '' }], true);
        break;
      }
      case Codes.UnusedVariable.code:
      case Codes.UnusedParameter.code:
      case Codes.UnusedFunction.code:
      case Codes.UnusedImport.code: {
        const removal = range(data.removal);
        if (removal !== null) fix(`Remove unused \`${name ?? ''}\``, d, [{ ...wholeLines(text, removal), text: '' }], true);
        if (typeof data.rename === 'string' && d.code !== Codes.UnusedImport.code) {
          fix(`Prefix with \`_\`: \`${data.rename}\``, d, [{ start: d.start, end: d.end, text: data.rename }]);
        }
        break;
      }
      case Codes.UndefinedName.code:
      case Codes.UndefinedFunction.code:
      case Codes.UnknownField.code:
      case Codes.UnknownMethod.code:
      case Codes.UnknownMember.code: {
        if (typeof data.suggestion === 'string') fix(`Change to \`${data.suggestion}\``, d, [{ start: d.start, end: d.end, text: data.suggestion }], true);
        if (d.code === Codes.UndefinedFunction.code && name !== null) fix(`Create function \`${name}\``, d, [createFunction(document, d, name, data.callArity)]);
        break;
      }
      default:
        break;
    }
  }
  void analysis;
  return actions;
}

function range(value: unknown): Range | null {
  const r = value as Partial<Range> | undefined;
  return r !== undefined && typeof r.start === 'number' && typeof r.end === 'number' ? { start: r.start, end: r.end } : null;
}

/** Widens a removal to whole lines when nothing else is on them, so no blank line is left. */
function wholeLines(text: string, r: Range): Range {
  let start = r.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = r.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t' || text[end] === ';')) end++;
  const atLineStart = start === 0 || text[start - 1] === '\n';
  const atLineEnd = end === text.length || text[end] === '\n' || text[end] === '\r';
  if (atLineStart && atLineEnd) {
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
    return { start, end };
  }
  return r;
}

/** A new function after the top-level item that uses it, with one parameter per argument. */
function createFunction(document: DocumentState, d: Diagnostic, name: string, arity: unknown): TextEdit {
  const index = document.itemIndexAt(d.start);
  const item = document.items[index];
  const end = document.offsets[index] + (item.stmt?.end ?? item.text.length);
  const count = typeof arity === 'number' ? arity : 0;
  const params = Array.from({ length: count }, (_, i) => `arg${i + 1}`).join(', ');
  return { start: end, end, text: `\n\nfun ${name}(${params}) {\n    // TODO: implement ${name}\n}` };
}
