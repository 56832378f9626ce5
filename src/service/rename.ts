// Rename: every reference of the symbol at the position, across files, after checking
// that the new name is a valid identifier and not a keyword, and that the renamed program
// means the same: the edits are applied to a copy of the workspace and analysed again
// (reusing every item they do not touch); each renamed reference must still name the
// renamed symbol, and nothing else may start to (a local renamed to `println` would
// capture the calls of the builtin). A shorthand field `Point { x }` names both a field
// and a variable; renaming either one writes the pair out (`x: y`), so the other keeps
// its name. A trait method and the methods of every `impl Trait for T` that implement it
// are renamed together, or the impls would stop implementing the trait.

import { keywordByWord } from '../../grammar/tokens.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProgramAnalysis, SymbolInfo } from '../semantics/api.js';
import type { DocumentState } from '../workspace/document.js';
import type * as A from '../syntax/ast.js';
import { enclosing, forEachNode, isShorthandField } from './syntax-at.js';
import type { FileEdits, PrepareRenameResult, RenameResult } from './types.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What rename needs from the language service. */
export interface RenameContext {
  readonly analysis: ProgramAnalysis;
  document(uri: string): DocumentState | undefined;
  /** Every file of the workspace. */
  files(): readonly string[];
  /** Syntax and semantic diagnostics of a file in an analysis. */
  diagnostics(analysis: ProgramAnalysis, uri: string): readonly Diagnostic[];
  /** The analysis of the workspace with these edits applied; the workspace itself is not changed. */
  analyzeWith(changes: readonly FileEdits[]): ProgramAnalysis;
}

export function prepareRename(analysis: ProgramAnalysis, uri: string, offset: number): PrepareRenameResult {
  // `t3` of `use m::triple as t3`, or a use of it: the alias is renamed, not `triple`.
  const alias = analysis.importAliasAt(uri, offset);
  if (alias !== null) return { ok: true, start: alias.range.start, end: alias.range.end, placeholder: alias.alias.name };
  const found = analysis.symbolAt(uri, offset);
  if (found === null) return { ok: false, error: 'there is no renamable name here' };
  const symbol = found.symbol;
  if (symbol.kind === 'builtin' || symbol.location === null) return { ok: false, error: `\`${symbol.name}\` is built in and cannot be renamed` };
  if (symbol.name === 'self') return { ok: false, error: '`self` cannot be renamed' };
  const written = analysis.view.files.get(uri)?.text.slice(found.range.start, found.range.end);
  if (written !== undefined && written !== symbol.name) {
    return { ok: false, error: `\`${written}\` is an alias of \`${symbol.name}\` (\`use ... as ${written}\`): rename \`${symbol.name}\` where it is declared, or edit the alias` };
  }
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
  const alias = analysis.importAliasAt(uri, offset)?.alias ?? null;
  const symbol = alias ?? analysis.symbolAt(uri, offset)!.symbol;
  if (newName === symbol.name) return { ok: true, changes: [] };

  const related = alias !== null ? [alias] : relatedSymbols(context, symbol);
  const planned = plan(context, related, newName);
  const changes = toChanges(planned);
  // After renaming an alias, its uses are identified as the alias, not as what it imports.
  const identify = (a: ProgramAnalysis, file: string, at: number): SymbolInfo | null =>
    (alias !== null ? a.importAliasAt(file, at)?.alias : undefined) ?? a.symbolAt(file, at)?.symbol ?? null;
  const problem = verify(context, symbol, related, newName, planned, changes, identify);
  return problem === null ? { ok: true, changes } : { ok: false, error: problem };
}

function plan(context: RenameContext, related: readonly SymbolInfo[], newName: string): Planned[] {
  const planned: Planned[] = [];
  const seen = new Set<string>();
  const isField = related[0].kind === 'field';
  const references = related.flatMap((s) => context.analysis.references(s.id, true));
  for (const reference of references) {
    const { uri, start, end } = reference.location;
    const key = `${uri}#${start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const document = context.document(uri);
    // Spelled otherwise: an alias (`use m::triple as t3`) keeps its name and its uses.
    if (document !== undefined && document.text.slice(start, end) !== related[0].name) continue;
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

/**
 * The symbols renamed together with `symbol`: for a method of a trait or of an
 * `impl Trait for T`, the trait's method and the same method of every impl of the trait.
 */
export function relatedSymbols(context: Pick<RenameContext, 'analysis' | 'document' | 'files'>, symbol: SymbolInfo): SymbolInfo[] {
  const location = symbol.location;
  if (symbol.kind !== 'method' || location === null) return [symbol];
  const document = context.document(location.uri);
  if (document === undefined) return [symbol];
  const trait = traitOf(context.analysis, document, location.start);
  if (trait === null) return [symbol];
  const related = new Map([[symbol.id, symbol]]);
  for (const uri of context.files()) {
    const file = context.document(uri);
    if (file === undefined) continue;
    forEachNode(file, (node, base) => {
      let members: readonly A.TraitMember[] | null = null;
      if (node.kind === 'TraitDecl' && context.analysis.symbolAt(uri, node.name.start + base)?.symbol.id === trait) members = node.members;
      if (node.kind === 'ImplDecl' && implementedTrait(context.analysis, uri, node, base) === trait) members = node.members;
      for (const member of members ?? []) {
        if (member.kind !== 'FunctionDecl' || member.name.name !== symbol.name) continue;
        const found = context.analysis.symbolAt(uri, member.name.start + base)?.symbol;
        if (found !== undefined && found.location !== null) related.set(found.id, found);
      }
    });
  }
  return [...related.values()];
}

/** The id of the trait a method declared at `offset` belongs to or implements, if any. */
function traitOf(analysis: ProgramAnalysis, document: DocumentState, offset: number): string | null {
  const traitDecl = enclosing(document, offset, 'TraitDecl');
  if (traitDecl !== null) return analysis.symbolAt(document.uri, traitDecl.node.name.start + traitDecl.base)?.symbol.id ?? null;
  const impl = enclosing(document, offset, 'ImplDecl');
  return impl === null ? null : implementedTrait(analysis, document.uri, impl.node, impl.base);
}

function implementedTrait(analysis: ProgramAnalysis, uri: string, impl: A.ImplDecl, base: number): string | null {
  if (impl.trait === null || impl.trait.kind !== 'NamedType' || impl.trait.path.length === 0) return null;
  const name = impl.trait.path[impl.trait.path.length - 1];
  return analysis.symbolAt(uri, name.start + base)?.symbol.id ?? null;
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
function verify(
  context: RenameContext,
  symbol: SymbolInfo,
  related: readonly SymbolInfo[],
  newName: string,
  planned: readonly Planned[],
  changes: readonly FileEdits[],
  identify: (analysis: ProgramAnalysis, uri: string, offset: number) => SymbolInfo | null,
): string | null {
  const after = context.analyzeWith(changes);
  const editsOf = new Map(changes.map((c) => [c.uri, c.edits]));
  const newPosition = (p: Planned) => ({ uri: p.uri, start: mapOffset(editsOf.get(p.uri) ?? [], p.start) + p.nameAt });
  const expected = planned.map(newPosition);

  // The renamed declarations, under their new name.
  const renamed = new Set<string>();
  for (const s of related) {
    const declaration = s.location!;
    const declared = planned.find((p) => p.uri === declaration.uri && p.start === declaration.start);
    if (declared === undefined) continue;
    const at = newPosition(declared);
    const found = identify(after, at.uri, at.start);
    if (found === null || found.name !== newName) return `renaming to \`${newName}\` would leave the declaration unresolved`;
    renamed.add(found.id);
  }

  // Every renamed reference names a renamed symbol...
  for (const e of expected) {
    const other = identify(after, e.uri, e.start);
    if (other === null || !renamed.has(other.id)) {
      return other === null
        ? `renaming to \`${newName}\` would leave a reference unresolved`
        : `renaming to \`${newName}\` would clash with the ${describeKind(other)} \`${newName}\` already visible there`;
    }
  }
  // ...and nothing else does.
  const expectedKeys = new Set(expected.map((e) => `${e.uri}#${e.start}`));
  const relatedIds = new Set(related.map((s) => s.id));
  for (const id of renamed) {
    for (const reference of after.references(id, true)) {
      const { uri, start } = reference.location;
      if (expectedKeys.has(`${uri}#${start}`)) continue;
      const old = unmapOffset(editsOf.get(uri) ?? [], start);
      const before = context.analysis.symbolAt(uri, old);
      // An alias of the renamed symbol or a use of it (left as they are): they named it before too.
      const aliased = context.analysis.importAliasAt(uri, old)?.target ?? null;
      if ((before !== null && relatedIds.has(before.symbol.id)) || (aliased !== null && relatedIds.has(aliased.id))) continue;
      const what = before === null ? `\`${newName}\`` : `the ${describeKind(before.symbol)} \`${newName}\``;
      return `renaming to \`${newName}\` would clash with ${what}: its uses would refer to the renamed ${describeKind(symbol)} instead`;
    }
  }
  // No new errors (a duplicate definition, a name no longer found).
  for (const { uri } of changes) {
    const errorsBefore = context.diagnostics(context.analysis, uri).filter((d) => d.severity === 'error');
    const errorsAfter = context.diagnostics(after, uri).filter((d) => d.severity === 'error');
    // A new syntax error counts even when fewer errors follow from it (`User {..}` renamed to `value {..}` parses differently).
    const syntax = (list: readonly Diagnostic[]): number => list.filter((d) => d.code < 'R0100').length;
    if (errorsAfter.length > errorsBefore.length || syntax(errorsAfter) > syntax(errorsBefore)) {
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
