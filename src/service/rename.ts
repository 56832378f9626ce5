// Rename: every reference of the symbol at the position, across files, after checking
// that the new name is a valid identifier and not a keyword, and that the renamed program
// means the same: the edits are applied to a copy of the workspace and analysed again
// (reusing every item they do not touch); each renamed reference must still name the
// renamed symbol, and nothing else may start to (a local renamed to `println` would
// capture the calls of the builtin). A shorthand field `Point { x }` names both a field
// and a variable; renaming either one writes the pair out (`x: y`), so the other keeps
// its name.

import { keywordByWord } from '../../grammar/tokens.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProgramAnalysis, SymbolInfo } from '../semantics/api.js';
import type { DocumentState } from '../workspace/document.js';
import { isShorthandField } from './syntax-at.js';
import type { FileEdits, PrepareRenameResult, RenameResult } from './types.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What rename needs from the language service. */
export interface RenameContext {
  readonly analysis: ProgramAnalysis;
  document(uri: string): DocumentState | undefined;
  /** Syntax and semantic diagnostics of a file in an analysis. */
  diagnostics(analysis: ProgramAnalysis, uri: string): readonly Diagnostic[];
  /** The analysis of the workspace with these edits applied; the workspace itself is not changed. */
  analyzeWith(changes: readonly FileEdits[]): ProgramAnalysis;
}

export function prepareRename(analysis: ProgramAnalysis, uri: string, offset: number): PrepareRenameResult {
  const found = analysis.symbolAt(uri, offset);
  if (found === null) return { ok: false, error: 'there is no renamable name here' };
  const symbol = found.symbol;
  if (symbol.kind === 'builtin' || symbol.location === null) return { ok: false, error: `\`${symbol.name}\` is built in and cannot be renamed` };
  if (symbol.name === 'self') return { ok: false, error: '`self` cannot be renamed' };
  return { ok: true, start: found.range.start, end: found.range.end, placeholder: symbol.name };
}

/** One planned edit, and where the new name will start in its replacement text. */
interface Planned {
  uri: string;
  start: number;
  end: number;
  text: string;
  nameAt: number;
}

export function rename(context: RenameContext, uri: string, offset: number, newName: string): RenameResult {
  const analysis = context.analysis;
  const prepared = prepareRename(analysis, uri, offset);
  if (!prepared.ok) return prepared;
  if (!IDENTIFIER.test(newName)) return { ok: false, error: `\`${newName}\` is not a valid name: use letters, digits and \`_\`, not starting with a digit` };
  if (keywordByWord.has(newName)) return { ok: false, error: `\`${newName}\` is a keyword` };
  if (newName === '_') return { ok: false, error: '`_` is a wildcard pattern, not a name' };
  const symbol = analysis.symbolAt(uri, offset)!.symbol;
  if (newName === symbol.name) return { ok: true, changes: [] };

  const planned = plan(context, symbol, newName);
  const changes = toChanges(planned);
  const problem = verify(context, symbol, newName, planned, changes);
  return problem === null ? { ok: true, changes } : { ok: false, error: problem };
}

function plan(context: RenameContext, symbol: SymbolInfo, newName: string): Planned[] {
  const planned: Planned[] = [];
  const seen = new Set<string>();
  const isField = symbol.kind === 'field';
  for (const reference of context.analysis.references(symbol.id, true)) {
    const { uri, start, end } = reference.location;
    const key = `${uri}#${start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const document = context.document(uri);
    if (document !== undefined && isShorthandField(document, start, end)) {
      // `Point { x }`: the field and the variable part ways.
      const old = document.text.slice(start, end);
      planned.push(isField ? { uri, start, end, text: `${newName}: ${old}`, nameAt: 0 } : { uri, start, end, text: `${old}: ${newName}`, nameAt: old.length + 2 });
    } else {
      planned.push({ uri, start, end, text: newName, nameAt: 0 });
    }
  }
  planned.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.start - b.start));
  return planned;
}

function toChanges(planned: readonly Planned[]): FileEdits[] {
  const byFile = new Map<string, FileEdits>();
  for (const p of planned) {
    let entry = byFile.get(p.uri);
    if (entry === undefined) {
      entry = { uri: p.uri, edits: [] };
      byFile.set(p.uri, entry);
    }
    entry.edits.push({ start: p.start, end: p.end, text: p.text });
  }
  return [...byFile.values()];
}

/** Null when the renamed program names the same things as before; else why not. */
function verify(context: RenameContext, symbol: SymbolInfo, newName: string, planned: readonly Planned[], changes: readonly FileEdits[]): string | null {
  const after = context.analyzeWith(changes);
  const editsOf = new Map(changes.map((c) => [c.uri, c.edits]));
  const expected = planned.map((p) => ({ uri: p.uri, start: mapOffset(editsOf.get(p.uri) ?? [], p.start) + p.nameAt }));
  const declaration = symbol.location!;
  const declared = planned.find((p) => p.uri === declaration.uri && p.start === declaration.start);
  const newDeclaration = declared !== undefined ? { uri: declared.uri, start: mapOffset(editsOf.get(declared.uri) ?? [], declared.start) + declared.nameAt } : expected[0];
  const renamed = after.symbolAt(newDeclaration.uri, newDeclaration.start)?.symbol;
  if (renamed === undefined || renamed.name !== newName) return `renaming to \`${newName}\` would leave the declaration unresolved`;

  // Every renamed reference names the renamed symbol...
  for (const e of expected) {
    const found = after.symbolAt(e.uri, e.start);
    if (found === null || found.symbol.id !== renamed.id) {
      const other = found === null ? null : found.symbol;
      return other === null
        ? `renaming to \`${newName}\` would leave a reference unresolved`
        : `renaming to \`${newName}\` would clash with the ${describeKind(other)} \`${newName}\` already visible there`;
    }
  }
  // ...and nothing else does.
  const expectedKeys = new Set(expected.map((e) => `${e.uri}#${e.start}`));
  for (const reference of after.references(renamed.id, true)) {
    const { uri, start } = reference.location;
    if (expectedKeys.has(`${uri}#${start}`)) continue;
    const before = context.analysis.symbolAt(uri, unmapOffset(editsOf.get(uri) ?? [], start));
    const what = before === null ? `\`${newName}\`` : `the ${describeKind(before.symbol)} \`${newName}\``;
    return `renaming to \`${newName}\` would clash with ${what}: its uses would refer to the renamed ${describeKind(symbol)} instead`;
  }
  // No new errors (a duplicate definition, a name no longer found).
  for (const { uri } of changes) {
    const errorsBefore = context.diagnostics(context.analysis, uri).filter((d) => d.severity === 'error');
    const errorsAfter = context.diagnostics(after, uri).filter((d) => d.severity === 'error');
    if (errorsAfter.length > errorsBefore.length) {
      const known = new Set(errorsBefore.map((d) => d.message));
      const fresh = errorsAfter.find((d) => !known.has(d.message)) ?? errorsAfter[errorsAfter.length - 1];
      return `renaming to \`${newName}\` would introduce an error: ${fresh.message}`;
    }
  }
  return null;
}

function describeKind(symbol: SymbolInfo): string {
  switch (symbol.kind) {
    case 'builtin':
      return 'builtin';
    case 'typeParameter':
      return 'type parameter';
    case 'typeAlias':
      return 'type alias';
    default:
      return symbol.kind;
  }
}

/** Where an offset of the old text is in the new text (edits sorted, not overlapping). */
function mapOffset(edits: readonly { start: number; end: number; text: string }[], offset: number): number {
  let delta = 0;
  for (const e of edits) {
    if (e.start >= offset) break;
    if (e.end > offset) return e.start + delta;
    delta += e.text.length - (e.end - e.start);
  }
  return offset + delta;
}

/** The inverse of mapOffset for an offset outside every replacement. */
function unmapOffset(edits: readonly { start: number; end: number; text: string }[], offset: number): number {
  let delta = 0;
  for (const e of edits) {
    const newStart = e.start + delta;
    if (newStart >= offset) break;
    delta += e.text.length - (e.end - e.start);
  }
  return offset - delta;
}
