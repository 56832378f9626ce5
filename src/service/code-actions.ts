// Quick fixes for the diagnostics at a range, built from the data the checker attaches
// to them: add `mut`, remove an unused binding, import, parameter or function, remove a
// needless `mut`, prefix an unused name with `_`, replace a misspelt name with the
// suggestion, create a missing function, implement the missing methods of a trait.
//
// Every fix leaves a program that still parses and means what it meant: a removed line
// takes its line break (and one of two blank lines around it) along; an item in
// `use m::{a, b}` takes its comma; an unused `let` whose initializer calls something
// keeps the call; a removed parameter takes the matching argument at every call site, and
// is not offered when a call site cannot follow (the function is used as a value, or an
// argument has effects of its own); a removed function takes its doc comment and
// attributes.

import { parse } from '../../grammar/parse.js';
import { Codes } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProgramAnalysis } from '../semantics/api.js';
import type * as A from '../syntax/ast.js';
import { walk } from '../syntax/walk.js';
import type { DocumentState } from '../workspace/document.js';
import { enclosing, pathAt } from './syntax-at.js';
import type { CodeAction, FileEdits, TextEdit } from './types.js';

interface Range {
  start: number;
  end: number;
}

export interface CodeActionContext {
  readonly analysis: ProgramAnalysis;
  readonly document: DocumentState;
  /** Another file of the workspace (for fixes that edit call sites or declarations elsewhere). */
  documentOf(uri: string): DocumentState | undefined;
}

/** Suggestions that cannot replace the name of a called function. */
const NOT_CALLABLE: ReadonlySet<string> = new Set(['module', 'enum', 'trait', 'typeAlias', 'typeParameter', 'label', 'effect', 'import']);

export function codeActions(context: CodeActionContext, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const { document } = context;
  const actions: CodeAction[] = [];
  const uri = document.uri;
  const text = document.text;
  const fix = (title: string, d: Diagnostic, changes: FileEdits[], isPreferred = false) =>
    actions.push({ title, kind: 'quickfix', diagnostics: [d], changes, isPreferred });
  const here = (edits: TextEdit[]): FileEdits[] => [{ uri, edits }];

  for (const d of diagnostics) {
    const data = d.data ?? {};
    const name = typeof data.name === 'string' ? data.name : null;
    switch (d.code) {
      case Codes.AssignToImmutable.code: {
        const declaration = range(data.declaration);
        const file = typeof (data.declaration as { uri?: unknown } | undefined)?.uri === 'string' ? (data.declaration as { uri: string }).uri : uri;
        if (declaration !== null && name !== null) fix(`Make \`${name}\` mutable`, d, [{ uri: file, edits: [{ start: declaration.start, end: declaration.start, text: 'mut ' }] }], true);
        break;
      }
      case Codes.UnnecessaryMut.code: {
        const removal = range(data.removal);
        if (removal !== null) fix('Remove the unnecessary `mut`', d, here([{ ...removal, text: '' }]), true);
        break;
      }
      case Codes.UnusedVariable.code:
      case Codes.UnusedParameter.code:
      case Codes.UnusedFunction.code:
      case Codes.UnusedImport.code: {
        const removal = range(data.removal);
        const changes = removal === null ? null : removeUnused(context, d, removal);
        // A kept initializer can join the line above (`()` then `&mut m = a`): not offered then.
        if (changes !== null && editsParse(document, changes.find((c) => c.uri === uri)?.edits ?? [])) fix(`Remove unused \`${name ?? ''}\``, d, changes, true);
        if (typeof data.rename === 'string' && d.code !== Codes.UnusedImport.code) {
          fix(`Prefix with \`_\`: \`${data.rename}\``, d, here([{ start: d.start, end: d.end, text: data.rename }]));
        }
        break;
      }
      case Codes.UndefinedName.code:
      case Codes.UndefinedFunction.code:
      case Codes.UnknownField.code:
      case Codes.UnknownMethod.code:
      case Codes.PossiblyUnknownMethod.code:
      case Codes.UnknownMember.code:
      case Codes.UnknownType.code:
      case Codes.UnresolvedImport.code: {
        const suggestion = typeof data.suggestion === 'string' ? data.suggestion : null;
        if (
          suggestion !== null &&
          text.slice(d.start, d.end) === name &&
          !(d.code === Codes.UndefinedFunction.code && notCallable(context, d, suggestion)) &&
          replacementParses(document, d, suggestion)
        ) {
          fix(`Change to \`${suggestion}\``, d, here([{ start: d.start, end: d.end, text: suggestion }]), true);
        }
        if (d.code === Codes.UndefinedFunction.code && name !== null && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          const created = createFunction(document, d, name, data.callArity);
          if (editsParse(document, [created])) fix(`Create function \`${name}\``, d, here([created]));
        }
        break;
      }
      case Codes.MissingTraitMethods.code: {
        const missing = Array.isArray(data.missing) ? data.missing.filter((m): m is string => typeof m === 'string') : [];
        const edit = missing.length > 0 ? implementMissing(context, d.start, missing) : null;
        if (edit !== null) fix(`Implement missing method${missing.length === 1 ? '' : 's'} of \`${String(data.trait)}\``, d, here([edit]), true);
        break;
      }
      default:
        break;
    }
  }
  return actions;
}

/**
 * Whether putting `suggestion` in the place of the diagnostic's name adds no syntax error:
 * a macro (`parse_line!`) or a module name (`e`) where a struct pattern stands (`C {}`) would.
 */
function replacementParses(document: DocumentState, d: Diagnostic, suggestion: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(suggestion) && editsParse(document, [{ start: d.start, end: d.end, text: suggestion }]);
}

/** Whether the edits (in order, not overlapping) add no syntax error to the file: `r()..` then a new `fun r` would. */
function editsParse(document: DocumentState, edits: readonly TextEdit[]): boolean {
  let after = document.text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) after = after.slice(0, e.start) + e.text + after.slice(e.end);
  const errors = (list: readonly Diagnostic[]): number => list.filter((x) => x.severity === 'error').length;
  return errors(parse(after).diagnostics) <= errors(document.syntaxDiagnostics);
}

function range(value: unknown): Range | null {
  const r = value as Partial<Range> | undefined;
  return r !== undefined && r !== null && typeof r.start === 'number' && typeof r.end === 'number' ? { start: r.start, end: r.end } : null;
}

function notCallable(context: CodeActionContext, d: Diagnostic, suggestion: string): boolean {
  const entry = context.analysis.visibleAt(context.document.uri, d.start).find((e) => e.name === suggestion);
  return entry !== undefined && NOT_CALLABLE.has(entry.kind);
}

// ---------------------------------------------------------------- removals

function removeUnused(context: CodeActionContext, d: Diagnostic, removal: Range): FileEdits[] | null {
  const { document } = context;
  const uri = document.uri;
  const text = document.text;
  switch (d.code) {
    case Codes.UnusedImport.code: {
      const decl = enclosing(document, removal.start, 'UseDecl');
      if (decl !== null && (removal.start > decl.start || removal.end < decl.end)) return [{ uri, edits: [{ ...listItem(text, removal), text: '' }] }];
      return [{ uri, edits: [{ ...wholeLines(text, removal), text: '' }] }];
    }
    case Codes.UnusedVariable.code: {
      const let_ = enclosing(document, d.start, 'LetStmt');
      if (let_ !== null && let_.start === removal.start && let_.node.init !== null && !isPure(let_.node.init)) {
        // `let unused = compute()`: the call stays, as a statement.
        return [{ uri, edits: [{ start: let_.start, end: let_.node.init.start + let_.base, text: '' }] }];
      }
      return [{ uri, edits: [{ ...wholeLines(text, removal), text: '' }] }];
    }
    case Codes.UnusedFunction.code:
      return [{ uri, edits: [{ ...wholeLines(text, withLeadingDocAndAttributes(text, removal)), text: '' }] }];
    case Codes.UnusedParameter.code:
      return removeParameter(context, d, removal);
    default:
      return null;
  }
}

/**
 * Widens a removal to whole lines when nothing else is on them, so no blank line is left
 * (and of two blank lines around it, one goes too); inside a line, a following `;` goes.
 */
function wholeLines(text: string, r: Range): Range {
  let start = r.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = r.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t' || text[end] === ';')) end++;
  const atLineStart = start === 0 || text[start - 1] === '\n';
  const atLineEnd = end === text.length || text[end] === '\n' || text[end] === '\r';
  if (atLineStart && text.startsWith('//', end)) {
    // `let a = 1 // note`: the comment stays, where the statement started.
    return { start: r.start, end };
  }
  if (!atLineStart || !atLineEnd) {
    // `{ let a = 1; f() }`: the statement, its `;` and the spaces after it.
    let inlineEnd = r.end;
    while (inlineEnd < text.length && (text[inlineEnd] === ' ' || text[inlineEnd] === '\t')) inlineEnd++;
    const semicolon = text[inlineEnd] === ';' || text[r.end - 1] === ';';
    if (text[inlineEnd] === ';') inlineEnd++;
    if (!semicolon) return r;
    while (inlineEnd < text.length && (text[inlineEnd] === ' ' || text[inlineEnd] === '\t')) inlineEnd++;
    return { start: r.start, end: inlineEnd };
  }
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  // A blank line before and after (or the start or end of the file): drop one of them.
  const blankBefore = start === 0 || isBlankLineBefore(text, start);
  const blankAfter = end === text.length || isBlankLineAt(text, end);
  if (blankBefore && blankAfter) {
    if (end < text.length) end = lineEndAfter(text, end);
    else if (start > 0) start = lineStartBefore(text, start);
  }
  return { start, end };
}

/** The line ending just before `start` (which is at a line start) holds only spaces. */
function isBlankLineBefore(text: string, start: number): boolean {
  if (start === 0) return false;
  let i = start - 1; // the '\n' ending the previous line
  if (text[i - 1] === '\r') i--;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n';
}

/** The line starting at `start` holds only spaces. */
function isBlankLineAt(text: string, start: number): boolean {
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i === text.length || text[i] === '\n' || text[i] === '\r';
}

/** The offset after the line break of the line starting at `start`. */
function lineEndAfter(text: string, start: number): number {
  const nl = text.indexOf('\n', start);
  return nl < 0 ? text.length : nl + 1;
}

/** The start of the line before the one starting at `start`. */
function lineStartBefore(text: string, start: number): number {
  const previous = text.lastIndexOf('\n', start - 2);
  return previous < 0 ? 0 : previous + 1;
}

/** An item of a `{a, b}` list with the comma that separates it from its neighbour. */
function listItem(text: string, r: Range): Range {
  let before = r.start;
  while (before > 0 && /\s/.test(text[before - 1])) before--;
  let after = r.end;
  while (after < text.length && /\s/.test(text[after])) after++;
  if (text[after] === ',') {
    after++;
    while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
    // An item alone on its line (`{\n    a,\n    b,\n}`) takes its line along.
    return wholeLines(text, { start: r.start, end: after });
  }
  if (text[before - 1] === ',') return { start: before - 1, end: r.end };
  return r;
}

/** `///` doc lines and `#[...]` attribute lines right above a removed item go with it. */
function withLeadingDocAndAttributes(text: string, r: Range): Range {
  let start = r.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start > 0 && text[start - 1] !== '\n') return r;
  for (;;) {
    if (start === 0) break;
    const previousStart = lineStartBefore(text, start);
    const line = text.slice(previousStart, start).trim();
    if (!(line.startsWith('///') || (line.startsWith('#[') && line.endsWith(']')))) break;
    start = previousStart;
  }
  return { start, end: r.end };
}

// ---------------------------------------------------------------- parameters

/**
 * Removes a parameter and the matching argument of every call, across files. Null when a
 * use of the function is not a call, or an argument to drop has effects of its own.
 */
function removeParameter(context: CodeActionContext, d: Diagnostic, removal: Range): FileEdits[] | null {
  const { document, analysis } = context;
  const fn = enclosing(document, d.start, 'FunctionDecl');
  if (fn === null) return null;
  const index = fn.node.params.findIndex((p) => p.start + fn.base <= d.start && d.start < p.end + fn.base);
  if (index < 0) return null;
  const impl = enclosing(document, fn.start, 'ImplDecl');
  if (impl !== null && impl.node.trait !== null) return null; // the trait fixes the signature
  const hasSelf = fn.node.params[0]?.self != null;
  const symbol = analysis.symbolAt(document.uri, fn.node.name.start + fn.base)?.symbol;
  if (symbol === undefined) return null;

  const edits = new Map<string, TextEdit[]>([[document.uri, [{ ...removal, text: '' }]]]);
  for (const reference of analysis.references(symbol.id, false)) {
    const { uri, start, end } = reference.location;
    const file = context.documentOf(uri);
    if (file === undefined) return null;
    if (enclosing(file, start, 'UseDecl') !== null) continue; // `use m::f` names it, does not call it
    const call = callAt(file, start, end);
    if (call === null) return null;
    const argIndex = call.viaDot && hasSelf ? index - 1 : index;
    if (argIndex < 0) return null;
    const args = call.args;
    if (argIndex >= args.length) continue; // a default value stood in for it
    const arg = args[argIndex];
    if (!isPure(arg)) return null;
    const base = call.base;
    let cut: Range;
    if (argIndex + 1 < args.length) cut = { start: arg.start + base, end: args[argIndex + 1].start + base };
    else if (argIndex > 0) cut = { start: args[argIndex - 1].end + base, end: arg.end + base };
    else cut = { start: arg.start + base, end: arg.end + base };
    const list = edits.get(uri) ?? [];
    list.push({ ...cut, text: '' });
    edits.set(uri, list);
  }
  return [...edits.entries()].map(([uri, list]) => ({ uri, edits: list.sort((a, b) => a.start - b.start) }));
}

/** The call whose callee is the name at [start, end): `f(..)`, `m::f(..)`, `x.f(..)`. */
function callAt(document: DocumentState, start: number, end: number): { args: A.Expr[]; viaDot: boolean; base: number } | null {
  const { nodes, base } = pathAt(document, start);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (node.kind === 'CallExpr') {
      return node.callee.end + base === end && node.callee.start + base <= start ? { args: node.args, viaDot: false, base } : null;
    }
    if (node.kind === 'MethodCallExpr') {
      return node.method.start + base === start ? { args: node.args, viaDot: true, base } : null;
    }
    if (node.kind !== 'Identifier' && node.kind !== 'Path' && node.kind !== 'PathSegment') return null;
  }
  return null;
}

const PURE: ReadonlySet<string> = new Set([
  'IntLiteral', 'FloatLiteral', 'StringLiteral', 'CharLiteral', 'BoolLiteral', 'UnitLiteral', 'FString', 'FStringText',
  'FStringInterpolation', 'Identifier', 'Path', 'PathSegment', 'SelfExpr', 'UnaryExpr', 'BinaryExpr', 'RangeExpr', 'FieldExpr',
  'IndexExpr', 'ParenExpr', 'TupleExpr', 'ArrayExpr', 'ArrayRepeatExpr', 'ObjectExpr', 'ObjectField', 'SpreadElement',
  'StructExpr', 'FieldInit', 'CastExpr', 'ClosureExpr',
]);

/** An expression without effects of its own (no call, assignment, jump or macro), so it can go. */
function isPure(expr: A.Expr): boolean {
  let pure = true;
  walk(expr, {
    enter(node) {
      if (!pure) return false;
      if (node.kind === 'ClosureExpr') return false; // its body runs only when called
      if (node.kind.endsWith('Type')) return false;
      if (!PURE.has(node.kind)) pure = false;
      return pure;
    },
  });
  return pure;
}

// ---------------------------------------------------------------- create a function

/** A new function after the top-level item that uses it, with one parameter per argument. */
function createFunction(document: DocumentState, d: Diagnostic, name: string, arity: unknown): TextEdit {
  const index = document.itemIndexAt(d.start);
  const item = document.items[index];
  const end = document.offsets[index] + (item.stmt?.end ?? item.text.length);
  const call = callAt(document, d.start, d.end);
  const count = call !== null ? call.args.length : typeof arity === 'number' ? arity : 0;
  const taken = new Set<string>();
  const params = Array.from({ length: count }, (_, i) => {
    const arg = call?.args[i];
    // An argument that is a plain name gives the parameter its name.
    const candidate = arg !== undefined && arg.kind === 'Identifier' ? arg.name : `arg${i + 1}`;
    const unique = taken.has(candidate) ? `arg${i + 1}` : candidate;
    taken.add(unique);
    return unique;
  }).join(', ');
  return { start: end, end, text: `\n\nfun ${name}(${params}) {\n    // TODO: implement ${name}\n}` };
}

// ---------------------------------------------------------------- trait stubs

/**
 * Stubs for the methods `missing` of the impl at `offset`: each one the trait's signature
 * (its type parameters replaced by the impl's arguments: `impl Conv<i64> for X`), with a
 * body that panics, added after the impl's last member.
 */
function implementMissing(context: CodeActionContext, offset: number, missing: readonly string[]): TextEdit | null {
  const { document } = context;
  const impl = enclosing(document, offset, 'ImplDecl');
  if (impl === null || impl.node.trait === null || impl.node.trait.kind !== 'NamedType') return null;
  const traitRef = impl.node.trait;
  const last = traitRef.path[traitRef.path.length - 1];
  const location = context.analysis.symbolAt(document.uri, last.start + impl.base)?.symbol.location ?? null;
  const traitDocument = location === null ? undefined : context.documentOf(location.uri);
  const trait = location === null || traitDocument === undefined ? null : enclosing(traitDocument, location.start, 'TraitDecl');
  if (trait === null || traitDocument === undefined) return null;
  const text = document.text;
  const substitutions = new Map<string, string>();
  trait.node.typeParams.forEach((p, i) => {
    const arg = traitRef.args[i];
    if (arg !== undefined && !p.isLifetime) substitutions.set(p.name.name, text.slice(arg.start + impl.base, arg.end + impl.base));
  });
  const lineStart = text.lastIndexOf('\n', impl.start - 1) + 1;
  const implIndent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const indent = `${implIndent}    `;
  const stubs: string[] = [];
  for (const name of missing) {
    const member = trait.node.members.find((m): m is A.FunctionDecl => m.kind === 'FunctionDecl' && m.name.name === name && m.body === null);
    if (member === undefined) return null;
    stubs.push(`${indent}${signature(traitDocument.text, member, trait.base, substitutions)} {\n${indent}    panic!("not implemented: ${name}")\n${indent}}`);
  }
  // After the last member, or right after `{` of an empty body; `}` goes on a line of its own.
  const close = impl.end - 1;
  let at = close;
  while (at > impl.start && /\s/.test(text[at - 1])) at--;
  const closeOnItsLine = text.slice(at, close).includes('\n');
  return { start: at, end: at, text: `\n${stubs.join('\n')}${closeOnItsLine ? '' : `\n${implIndent}`}` };
}

/** `fun name(params) -> T where ...`, from the keyword (no doc, attributes, `pub` or `;`), on one line. */
function signature(text: string, fn: A.FunctionDecl, base: number, substitutions: ReadonlyMap<string, string>): string {
  const name = fn.name.start + base;
  const before = text.slice(fn.start + base, name);
  const keyword = Math.max(before.lastIndexOf('fun'), before.lastIndexOf('fn'));
  if (keyword < 0) return '';
  let sig = text.slice(fn.start + base + keyword, fn.end + base).replace(/;\s*$/, '').trim().replace(/\s*\n\s*/g, ' ');
  if (fn.isAsync) sig = `async ${sig}`;
  for (const [param, arg] of substitutions) sig = sig.replace(new RegExp(`\\b${param}\\b`, 'g'), arg);
  return sig;
}
