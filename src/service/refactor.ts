// Refactorings for functions that are too complex: suggestions that say what to change
// (the largest nested block or match arm to move into a function of its own, with what it
// reads and writes; an `if` to turn into an early return), and the "extract function"
// refactoring itself.
//
// extractFunction(service, uri, start, end) moves a range of whole statements of one block
// (or a whole block, or a match arm's body) into a new function placed after the
// enclosing top-level item (or after the enclosing function, inside a module):
//   - parameters: the variables the range uses that are declared outside it, in order of
//     first use; those it assigns or mutates are `mut` parameters whose new value is
//     returned and assigned back at the call site;
//   - results: the variables it assigns (as above) and those it declares that are used
//     after it; one is returned as is, several as a tuple destructured at the call site;
//     when the range ends in the value of its block, that value is returned too;
//   - refused: a range containing `return`, `?`, `await` or `yield`, or a `break` or
//     `continue` whose loop is outside the range (closures inside the range are their own
//     world), a range that uses `self` or a local item declared outside it.
// The edits are checked before they are offered: the edited workspace is analysed again
// (with a scratch workspace; the service is not touched) and must have no new error.
//
// Binding facts come from the binder (../semantics/binder.ts) run on the enclosing
// top-level item: which identifiers are references to which declarations, and whether
// each reference reads, writes or mutates.

import { keywordByWord } from '../../grammar/tokens.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { analyzeProgram } from '../semantics/analyze.js';
import { bindItem, RefFlag, SymFlag, type Binding } from '../semantics/binder.js';
import type * as A from '../syntax/ast.js';
import { LineIndex } from '../syntax/positions.js';
import { walk } from '../syntax/walk.js';
import type { DocumentState, ItemRecord, TextEdit } from '../workspace/document.js';
import { NeverCancelled } from '../workspace/program.js';
import { Workspace } from '../workspace/workspace.js';
import type { LanguageService } from './language-service.js';

const INDENT = '    ';
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

// ---------------------------------------------------------------- public shapes

export interface RefactorSuggestion {
  kind: 'extract-function' | 'early-return';
  /** One line for people: what to do and where. */
  message: string;
  /** The block, arm body or condition concerned (absolute offsets). */
  start: number;
  end: number;
  /** 1-based lines of that range. */
  startLine: number;
  endLine: number;
  /** For extract-function: the variables the range reads from the function, and those it assigns that matter after it. */
  reads: string[];
  writes: string[];
  /** For extract-function: why extractFunction would refuse this range, or null when it would do it. */
  blocker: string | null;
}

export type ExtractResult =
  | {
      /** Edits of the file, sorted, not overlapping. */
      edits: TextEdit[];
      name: string;
      parameters: string[];
      /** Variables assigned back at the call site (declared there, or already existing). */
      results: string[];
      /** Whether the new function also returns the value the range ended with. */
      returnsValue: boolean;
    }
  | { error: string };

export interface FunctionRef {
  /** Offset of the function's name (as in QualityReport.functions[].nameStart). */
  nameStart: number;
}

// ---------------------------------------------------------------- items and their bindings

interface ItemView {
  document: DocumentState;
  index: number;
  stmt: A.Stmt;
  /** Absolute offset of the item's region: tree offsets + base = document offsets. */
  base: number;
  binding: Binding;
  parents: Map<A.AnyNode, A.AnyNode | null>;
}

const itemFacts = new WeakMap<ItemRecord, { binding: Binding; parents: Map<A.AnyNode, A.AnyNode | null> }>();

function itemView(document: DocumentState, offset: number): ItemView | null {
  const index = document.itemIndexAt(offset);
  const record = document.items[index];
  if (record === undefined || record.stmt === null) return null;
  let facts = itemFacts.get(record);
  if (facts === undefined) {
    const parents = new Map<A.AnyNode, A.AnyNode | null>();
    walk(record.stmt, { enter: (node, parent) => void parents.set(node, parent) });
    facts = { binding: bindItem(record.stmt), parents };
    itemFacts.set(record, facts);
  }
  return { document, index, stmt: record.stmt, base: document.offsets[index], ...facts };
}

/** The innermost function with a body containing [start, end) (relative offsets). */
function enclosingFunction(view: ItemView, start: number, end: number): A.FunctionDecl | null {
  let found: A.FunctionDecl | null = null;
  walk(view.stmt, {
    enter(node) {
      if (node.start > start || node.end < end) return false;
      if (node.kind === 'FunctionDecl' && node.body !== null && node.body.start <= start && end <= node.body.end) found = node;
      return true;
    },
  });
  return found;
}

function functionByName(view: ItemView, nameStart: number): A.FunctionDecl | null {
  let found: A.FunctionDecl | null = null;
  walk(view.stmt, {
    enter(node) {
      if (found !== null) return false;
      if (node.kind === 'FunctionDecl' && node.name.start === nameStart && node.body !== null) found = node;
      return true;
    },
  });
  return found;
}

// ---------------------------------------------------------------- what a range reads and writes

interface RangeFacts {
  /** Variables declared before the range and used in it, in order of first use. */
  params: { name: string; written: boolean }[];
  /** Variables to hand back: assigned parameters, then declarations used after the range. */
  outputs: { name: string; declared: boolean; mutAfter: boolean }[];
  /** `mut ` of declarations in the range that only change after it (relative ranges to delete in the new function). */
  mutRemovals: { start: number; end: number }[];
  problems: string[];
}

const WRITE = RefFlag.Write;

/** Binding facts of the relative range [start, end) of `view`'s item, whose code is `nodes`. */
function rangeFacts(view: ItemView, nodes: readonly A.AnyNode[], start: number, end: number): RangeFacts {
  const b = view.binding;
  const problems = new Set<string>(jumpProblems(nodes));
  const params = new Map<number, { name: string; written: boolean }>();
  const declaredInside = (t: number): boolean => b.symbols[t].start >= start && b.symbols[t].start < end;
  for (let i = 0; i < b.refStart.length; i++) {
    const at = b.refStart[i];
    if (at < start || at >= end) continue;
    const flags = b.refFlags[i];
    const t = b.refTarget[i];
    if ((flags & RefFlag.SelfRef) !== 0) {
      problems.add('it uses `self`');
      continue;
    }
    if (t < 0) continue; // a top-level name: visible from the new function too
    const s = b.symbols[t];
    if (s.kind === 'label' || declaredInside(t)) continue;
    if ((s.flags & SymFlag.SelfParam) !== 0) {
      problems.add('it uses `self`');
      continue;
    }
    if ((s.flags & SymFlag.Item) !== 0) {
      problems.add(`it uses \`${s.name}\`, declared inside the function but outside the selection`);
      continue;
    }
    const written = (flags & WRITE) !== 0 || ((flags & RefFlag.Mutate) !== 0 && (s.flags & SymFlag.Mutable) !== 0);
    const entry = params.get(t);
    if (entry === undefined) params.set(t, { name: s.name, written });
    else entry.written ||= written;
  }
  const names = new Set<string>();
  for (const p of params.values()) {
    if (names.has(p.name)) problems.add(`it uses two different variables named \`${p.name}\``);
    names.add(p.name);
  }
  const outputs: RangeFacts['outputs'] = [...params.values()].filter((p) => p.written).map((p) => ({ name: p.name, declared: false, mutAfter: true }));
  const mutRemovals: RangeFacts['mutRemovals'] = [];
  b.symbols.forEach((s, t) => {
    if (!declaredInside(t) || s.kind === 'label') return;
    let usedAfter = false;
    let mutAfter = false;
    let mutInside = false;
    for (let i = 0; i < b.refStart.length; i++) {
      if (b.refTarget[i] !== t) continue;
      const flags = b.refFlags[i];
      const mutates = (flags & WRITE) !== 0 || ((flags & RefFlag.Mutate) !== 0 && (s.flags & SymFlag.Mutable) !== 0);
      if (b.refStart[i] < end) {
        mutInside ||= mutates;
        continue;
      }
      usedAfter = true;
      mutAfter ||= mutates;
    }
    if (s.mutStart >= 0 && !mutInside && usedAfter) mutRemovals.push({ start: s.mutStart, end: s.start });
    if (!usedAfter) return;
    if ((s.flags & SymFlag.Item) !== 0) problems.add(`it declares \`${s.name}\`, which is used after the selection`);
    else outputs.push({ name: s.name, declared: true, mutAfter });
  });
  return { params: [...params.values()], outputs, mutRemovals, problems: [...problems] };
}

/** Control flow that would leave the range: `return`, `?`, `await`, `yield`, jumps to loops outside it. */
function jumpProblems(nodes: readonly A.AnyNode[]): string[] {
  const found = new Set<string>();
  const visit = (node: A.AnyNode, loops: number, labels: readonly string[]): void => {
    switch (node.kind) {
      case 'ClosureExpr':
      case 'FunctionDecl':
        return; // their own returns, jumps and `?`
      case 'ReturnExpr':
        found.add('`return`');
        break;
      case 'TryExpr':
        found.add('`?`');
        break;
      case 'AwaitExpr':
        found.add('`await`');
        break;
      case 'YieldExpr':
        found.add('`yield`');
        break;
      case 'BreakExpr':
      case 'ContinueExpr': {
        const keyword = node.kind === 'BreakExpr' ? 'break' : 'continue';
        if (node.label !== null ? !labels.includes(node.label.name) : loops === 0) found.add(`a \`${keyword}\` out of the selection`);
        break;
      }
      case 'WhileExpr':
      case 'ForExpr':
      case 'LoopExpr': {
        const inner = node.label !== null ? [...labels, node.label.name] : labels;
        if (node.kind === 'WhileExpr') visit(node.condition, loops, labels);
        if (node.kind === 'ForExpr') visit(node.iterable, loops, labels);
        visit(node.body, loops + 1, inner);
        return;
      }
      case 'BlockExpr':
        if (node.label !== null) {
          for (const s of node.stmts) visit(s, loops, [...labels, node.label.name]);
          return;
        }
        break;
      default:
        break;
    }
    for (const child of children(node)) visit(child, loops, labels);
  };
  for (const node of nodes) visit(node, 0, []);
  return found.size === 0 ? [] : [`it contains ${[...found].join(', ')}, which would leave the new function instead`];
}

function children(node: A.AnyNode): A.AnyNode[] {
  const out: A.AnyNode[] = [];
  let first = true;
  walk(node, {
    enter(child) {
      if (first) {
        first = false;
        return true;
      }
      out.push(child);
      return false;
    },
  });
  return out;
}

// ---------------------------------------------------------------- selections

type Selection =
  | { mode: 'statements'; block: A.BlockExpr; stmts: A.Stmt[] }
  | { mode: 'expression'; expr: A.Expr };

/** The statements (or arm body) that [start, end) selects inside `fn`, relative offsets. */
function select(fn: A.FunctionDecl, start: number, end: number): Selection | string {
  let exact: Selection | null = null;
  let container: A.BlockExpr | null = null;
  walk(fn.body!, {
    enter(node) {
      if (node.start > start || node.end < end) return false;
      if (node.kind === 'BlockExpr') {
        if (node.start === start && node.end === end) exact ??= { mode: 'statements', block: node, stmts: node.stmts };
        else if (node.start < start && end < node.end) container = node;
      } else if (node.kind === 'MatchArm' && node.body.start === start && node.body.end === end && node.body.kind !== 'BlockExpr') {
        exact ??= { mode: 'expression', expr: node.body };
      } else if (node.kind === 'ClosureExpr' || node.kind === 'FunctionDecl') {
        return node.kind === 'ClosureExpr' || node === fn;
      }
      return true;
    },
  });
  const found = exact as Selection | null;
  if (found !== null) return found;
  const block = container as A.BlockExpr | null;
  if (block === null) return 'select whole statements inside a function body, a block, or the body of a match arm';
  const stmts = block.stmts.filter((s) => s.end > start && s.start < end && s.kind !== 'EmptyStmt');
  if (stmts.length === 0) return 'the selection holds no statement';
  const first = stmts[0];
  const last = stmts[stmts.length - 1];
  if (start > first.start || end < last.end) return 'the selection cuts a statement: select whole statements';
  return { mode: 'statements', block, stmts };
}

// ---------------------------------------------------------------- whether a value is used

/** Expressions whose value is nothing (unit) whatever their context. */
function yieldsNothing(expr: A.Expr): boolean {
  switch (expr.kind) {
    case 'ForExpr':
    case 'WhileExpr':
    case 'AssignExpr':
    case 'UnitLiteral':
      return true;
    case 'CallExpr':
      return expr.callee.kind === 'Identifier' && PRINTERS.has(expr.callee.name);
    case 'MacroCall':
      return PRINTERS.has(expr.name.name) || expr.name.name.startsWith('assert');
    default:
      return false;
  }
}

const PRINTERS: ReadonlySet<string> = new Set(['println', 'print', 'eprintln', 'eprint']);

/** Whether the value of `block` (its last expression) is used by its context. */
function blockValueUsed(view: ItemView, block: A.BlockExpr): boolean {
  const parent = view.parents.get(block) ?? null;
  if (parent === null) return false;
  switch (parent.kind) {
    case 'FunctionDecl':
      return !(parent.returnType === null && parent.name.name === 'main');
    case 'IfExpr':
      return parent.condition === block ? true : valueUsed(view, parent);
    case 'MatchArm': {
      const match = view.parents.get(parent);
      return match === undefined || match === null ? true : valueUsed(view, match);
    }
    case 'ForExpr':
    case 'WhileExpr':
    case 'LoopExpr':
      return parent.body === block ? false : true;
    default:
      return valueUsed(view, block);
  }
}

/** Whether the value of an expression is used by its context. */
function valueUsed(view: ItemView, node: A.AnyNode): boolean {
  const parent = view.parents.get(node) ?? null;
  if (parent === null) return false; // a top-level statement
  if (parent.kind === 'ExprStmt') {
    if (parent.semicolon) return false;
    const block = view.parents.get(parent) ?? null;
    if (block === null || block.kind !== 'BlockExpr') return false;
    return block.stmts[block.stmts.length - 1] === parent && blockValueUsed(view, block);
  }
  if (parent.kind === 'IfExpr' && parent.else === node) return valueUsed(view, parent);
  if (parent.kind === 'BlockExpr') return blockValueUsed(view, parent);
  return true;
}

// ---------------------------------------------------------------- extract function

export interface ExtractOptions {
  /** Name of the new function (default `extracted`, made unique). */
  name?: string;
}

export function extractFunction(service: LanguageService, uri: string, start: number, end: number, options: ExtractOptions = {}): ExtractResult {
  const document = service.getDocument(uri);
  if (document === undefined) return { error: `not a file of the workspace: ${uri}` };
  const text = document.text;
  // Whitespace around the selection does not count.
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (start >= end) return { error: 'the selection is empty' };
  const view = itemView(document, start);
  if (view === null) return { error: 'there is no code here' };
  const rs = start - view.base;
  const re = end - view.base;
  if (re > view.stmt.end) return { error: 'the selection spans several top-level items' };
  const fn = enclosingFunction(view, rs, re);
  if (fn === null || fn.body === null) return { error: 'select statements inside the body of a function' };
  const selection = select(fn, rs, re);
  if (typeof selection === 'string') return { error: selection };

  const nodes: A.AnyNode[] = selection.mode === 'statements' ? selection.stmts : [selection.expr];
  if (nodes.length === 0) return { error: 'the selection holds no statement' };
  const from = nodes[0].start;
  const to = nodes[nodes.length - 1].end;
  const facts = rangeFacts(view, nodes, from, to);
  if (facts.problems.length > 0) return { error: `cannot extract this code: ${facts.problems.join('; ')}` };

  const taken = wordsOf(service);
  let name: string;
  if (options.name !== undefined) {
    if (!IDENTIFIER.test(options.name) || keywordByWord.has(options.name) || options.name === '_') return { error: `\`${options.name}\` is not a valid function name` };
    if (taken.has(options.name)) return { error: `\`${options.name}\` is already used in the workspace: choose another name` };
    name = options.name;
  } else {
    name = unique('extracted', taken);
  }

  // The value the range ends with, when its context uses it.
  let valueNode: A.Expr | null = null;
  if (selection.mode === 'expression') {
    if (!yieldsNothing(selection.expr)) valueNode = selection.expr;
  } else {
    const last = selection.stmts[selection.stmts.length - 1];
    const block = selection.block;
    if (last.kind === 'ExprStmt' && !last.semicolon && block.stmts[block.stmts.length - 1] === last && !yieldsNothing(last.expr) && blockValueUsed(view, block)) {
      valueNode = last.expr;
    }
  }

  const base = view.base;
  const lineIndex = document.lineIndex;
  const indent = indentationAt(text, lineIndex, from + base);
  const valueName = valueNode !== null && facts.outputs.length > 0 ? unique('value', taken) : null;
  // The body: the range without the `mut` only needed after it, its value bound to a name when results go with it.
  const bodyEdits: TextEdit[] = facts.mutRemovals.map((r) => ({ ...r, text: '' }));
  if (valueName !== null) bodyEdits.push({ start: valueNode!.start, end: valueNode!.start, text: `let ${valueName} = ` });
  const outputs = facts.outputs;
  const returned = [...outputs.map((o) => o.name), ...(valueName !== null ? [valueName] : [])];
  const returnLine = returned.length === 0 ? null : returned.length === 1 ? returned[0] : `(${returned.join(', ')})`;
  const params = facts.params.map((p) => (p.written ? `mut ${p.name}` : p.name));

  // The call site.
  const call = `${name}(${facts.params.map((p) => p.name).join(', ')})`;
  const temps = new Map<string, string>();
  for (const o of outputs) if (!o.declared) temps.set(o.name, unique(`new_${o.name}`, taken));
  const lines: string[] = [];
  if (outputs.length === 0) lines.push(call);
  else if (outputs.length === 1 && valueName === null) {
    const o = outputs[0];
    lines.push(o.declared ? `let ${o.mutAfter ? 'mut ' : ''}${o.name} = ${call}` : `${o.name} = ${call}`);
  } else {
    const valueTemp = valueName !== null ? unique('result', taken) : null;
    const pattern = [
      ...outputs.map((o) => (o.declared ? `${o.mutAfter ? 'mut ' : ''}${o.name}` : temps.get(o.name)!)),
      ...(valueTemp !== null ? [valueTemp] : []),
    ];
    lines.push(`let (${pattern.join(', ')}) = ${call}`);
    for (const o of outputs) if (!o.declared) lines.push(`${o.name} = ${temps.get(o.name)}`);
    if (valueTemp !== null) lines.push(valueTemp);
  }
  let replacement: string;
  if (selection.mode === 'expression' && lines.length > 1) {
    replacement = `{\n${lines.map((l) => `${indent}${INDENT}${l}`).join('\n')}\n${indent}}`;
  } else {
    replacement = lines.join(`\n${indent}`);
  }

  // The new function, after the item (or function) it was taken from.
  const anchor = insertionAnchor(view, fn);
  const anchorIndent = indentationAt(text, lineIndex, anchor.start + base);
  const inner = `${anchorIndent}${INDENT}`;
  const bodyLines = [...reindent(view, from, to, bodyEdits, indent, inner), ...(returnLine !== null ? [`${inner}${returnLine}`] : [])];
  const functionText = `\n\n${anchorIndent}fun ${name}(${params.join(', ')}) {\n${bodyLines.join('\n')}\n${anchorIndent}}`;
  const insertAt = anchor.end + base;
  // Keep one blank line before the code that follows (unless it closes a block).
  const functionTextSpaced = /^\r?\n[ \t]*[^\s}]/.test(text.slice(insertAt)) ? `${functionText}\n` : functionText;
  const edits: TextEdit[] = [
    { start: from + base, end: to + base, text: replacement },
    { start: insertAt, end: insertAt, text: functionTextSpaced },
  ].sort((a, b) => a.start - b.start);

  const problem = newErrors(service, uri, edits);
  if (problem !== null) return { error: `extracting this code would introduce an error: ${problem}` };
  return { edits, name, parameters: facts.params.map((p) => p.name), results: outputs.map((o) => o.name), returnsValue: valueNode !== null };
}

/** The node after which the new function goes: the enclosing item, or the function itself inside a module or block. */
function insertionAnchor(view: ItemView, fn: A.FunctionDecl): A.AnyNode {
  let node: A.AnyNode = fn;
  for (;;) {
    const parent: A.AnyNode | null = view.parents.get(node) ?? null;
    if (parent === null) return node;
    if (parent.kind === 'ModuleDecl' || parent.kind === 'BlockExpr') return node;
    node = parent;
  }
}

/**
 * The lines of [from, to) (relative offsets) with `edits` applied (relative offsets; they
 * add no line break), moved from indentation `indent` to `target`. Lines that start inside
 * a multi-line string or comment are kept exactly.
 */
function reindent(view: ItemView, from: number, to: number, edits: readonly TextEdit[], indent: string, target: string): string[] {
  const base = view.base;
  const frozen = frozenLines(view, from, to);
  const source = applyEdits(view.document.text.slice(from + base, to + base), edits.map((e) => ({ ...e, start: e.start - from, end: e.end - from })));
  return source.split('\n').map((line, i) => {
    if (i > 0 && frozen.has(i)) return line;
    if (line.trim() === '') return '';
    return target + (i === 0 || !line.startsWith(indent) ? line.trimStart() : line.slice(indent.length));
  });
}

/** Lines (counted from the line of `from`) that start inside a multi-line string or comment: left as they are. */
function frozenLines(view: ItemView, from: number, to: number): Set<number> {
  const text = view.document.text;
  const base = view.base;
  const spans: { start: number; end: number }[] = [];
  walk(view.stmt, {
    enter(node) {
      if (node.end <= from || node.start >= to) return false;
      if (node.kind === 'StringLiteral' || node.kind === 'FString') {
        spans.push({ start: node.start, end: node.end });
        return false;
      }
      return true;
    },
  });
  for (const c of view.document.items[view.index].comments) if (c.style === 'block' && c.end > from && c.start < to) spans.push(c);
  const out = new Set<number>();
  let line = 0;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i + base) !== 10) continue;
    line++;
    const next = i + 1;
    if (spans.some((s) => s.start < next && next < s.end)) out.add(line);
  }
  return out;
}

function indentationAt(text: string, lineIndex: LineIndex, offset: number): string {
  const lineStart = lineIndex.lineStart(lineIndex.lineOf(offset));
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** Every identifier-like word of the workspace's files (new names must not be any of them). */
function wordsOf(service: LanguageService): Set<string> {
  const words = new Set<string>();
  for (const file of service.files()) {
    const document = service.getDocument(file);
    if (document === undefined) continue;
    for (const match of document.text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) words.add(match[0]);
  }
  return words;
}

function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name) || keywordByWord.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

/** The first error the edits would add to the file, or null (a scratch analysis; the service is untouched). */
function newErrors(service: LanguageService, uri: string, edits: readonly TextEdit[]): string | null {
  const workspace = new Workspace();
  for (const file of service.files()) {
    const document = service.getDocument(file);
    if (document !== undefined) workspace.setText(file, document.text);
  }
  const errorsOf = (): Diagnostic[] => {
    const document = workspace.get(uri)!;
    const analysis = analyzeProgram(workspace.view, null, NeverCancelled);
    return [...document.syntaxDiagnostics, ...analysis.diagnostics(uri)].filter((d) => d.severity === 'error');
  };
  const before = new Set(errorsOf().map((d) => d.message));
  workspace.setText(uri, applyEdits(workspace.get(uri)!.text, edits));
  const fresh = errorsOf().find((d) => !before.has(d.message));
  return fresh === undefined ? null : fresh.message;
}

/** `text` with non-overlapping edits applied (offsets of `text`). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

// ---------------------------------------------------------------- suggestions

/** Concrete ways to simplify a function: the block to extract, an early return. */
export function refactorSuggestions(service: LanguageService, uri: string, fn: FunctionRef): RefactorSuggestion[] {
  const document = service.getDocument(uri);
  if (document === undefined) return [];
  const view = itemView(document, fn.nameStart);
  if (view === null) return [];
  const decl = functionByName(view, fn.nameStart - view.base);
  if (decl === null || decl.body === null) return [];
  const out: RefactorSuggestion[] = [];
  const extract = extractSuggestion(view, decl);
  if (extract !== null) out.push(extract);
  out.push(...earlyReturnSuggestions(view, decl));
  return out;
}

interface Candidate {
  /** What the block is, for the message: `the body of the \`for\` loop at line 12`. */
  what: string;
  /** The code to move (relative offsets). */
  nodes: A.AnyNode[];
  start: number;
  end: number;
}

function extractSuggestion(view: ItemView, fn: A.FunctionDecl): RefactorSuggestion | null {
  const lineIndex = view.document.lineIndex;
  const lineOf = (offset: number): number => lineIndex.lineOf(offset + view.base) + 1;
  const candidates: Candidate[] = [];
  const addBlock = (block: A.BlockExpr, what: string): void => {
    const stmts = block.stmts.filter((s) => s.kind !== 'EmptyStmt');
    if (stmts.length === 0) return;
    candidates.push({ what, nodes: stmts, start: stmts[0].start, end: stmts[stmts.length - 1].end });
  };
  walk(fn.body!, {
    enter(node) {
      if (node.kind === 'FunctionDecl' || node.kind === 'ClosureExpr') return false;
      const at = `at line ${lineOf(node.start)}`;
      switch (node.kind) {
        case 'IfExpr':
          addBlock(node.then, `the \`if\` branch ${at}`);
          if (node.else !== null && node.else.kind === 'BlockExpr') addBlock(node.else, `the \`else\` branch of the \`if\` ${at}`);
          break;
        case 'ForExpr':
        case 'WhileExpr':
        case 'LoopExpr':
          addBlock(node.body, `the body of the \`${node.kind === 'ForExpr' ? 'for' : node.kind === 'WhileExpr' ? 'while' : 'loop'}\` ${at}`);
          break;
        case 'MatchArm':
          if (node.body.kind === 'BlockExpr') addBlock(node.body, `the match arm ${at}`);
          else candidates.push({ what: `the match arm ${at}`, nodes: [node.body], start: node.body.start, end: node.body.end });
          break;
        case 'TryCatchExpr':
          if (node.catchBody !== null) addBlock(node.catchBody, `the \`catch\` block ${at}`);
          break;
        default:
          break;
      }
      return true;
    },
  });
  const size = (c: Candidate): number => lineOf(c.end) - lineOf(c.start) + 1;
  // Worth a function of its own: at least three lines, or two statements. A block that is
  // most of the function (the body of its one loop) only moves the problem: others first.
  const bodyLines = lineOf(fn.body!.end) - lineOf(fn.body!.start) + 1;
  // A block that is nothing but a guard (`if cond { ... }` without `else`): its inner block
  // is the one to move (and the guard becomes an early return or `continue`).
  const wrapsCandidate = (c: Candidate): boolean => {
    const only = c.nodes.length === 1 ? c.nodes[0] : null;
    if (only === null || only.kind !== 'ExprStmt' || only.expr.kind !== 'IfExpr' || only.expr.else !== null) return false;
    const inner = only.expr;
    return candidates.some((o) => o !== c && o.start >= inner.start && o.end <= inner.end);
  };
  const worthy = candidates.filter((c) => (size(c) >= 3 || c.nodes.length >= 2) && !wrapsCandidate(c));
  const nested = worthy.filter((c) => size(c) <= 0.6 * bodyLines);
  if (nested.length > 0) worthy.splice(0, worthy.length, ...nested);
  if (worthy.length === 0) return null;
  worthy.sort((a, b) => size(b) - size(a) || a.start - b.start);
  const analysed = worthy.map((c) => ({ c, facts: rangeFacts(view, c.nodes, c.start, c.end) }));
  const chosen = analysed.find((a) => a.facts.problems.length === 0) ?? analysed[0];
  const { c, facts } = chosen;
  const first = lineOf(c.start);
  const last = lineOf(c.end);
  const reads = facts.params.map((p) => p.name);
  const writes = facts.outputs.map((o) => o.name);
  const lines = first === last ? `line ${first}` : `lines ${first}-${last}`;
  const io = [
    reads.length > 0 ? `it reads ${list(reads)}` : 'it reads no local variable',
    writes.length > 0 ? `and gives back ${list(writes)}` : '',
  ].filter((s) => s !== '').join(' ');
  const blocker = facts.problems.length > 0 ? facts.problems.join('; ') : null;
  const message = `extract ${lines} (${c.what}) into a function: ${io}${blocker !== null ? ` (first rework it: ${blocker})` : ''}`;
  return { kind: 'extract-function', message, start: c.start + view.base, end: c.end + view.base, startLine: first, endLine: last, reads, writes, blocker };
}

function earlyReturnSuggestions(view: ItemView, fn: A.FunctionDecl): RefactorSuggestion[] {
  const lineIndex = view.document.lineIndex;
  const text = view.document.text;
  const lineOf = (offset: number): number => lineIndex.lineOf(offset + view.base) + 1;
  const linesOf = (node: A.Node): number => lineOf(node.end) - lineOf(node.start) + 1;
  const conditionText = (cond: A.Expr): string => {
    const raw = text.slice(cond.start + view.base, cond.end + view.base).replace(/\s+/g, ' ');
    return raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
  };
  const out: RefactorSuggestion[] = [];
  const suggest = (cond: A.Expr, message: string): void => {
    out.push({ kind: 'early-return', message, start: cond.start + view.base, end: cond.end + view.base, startLine: lineOf(cond.start), endLine: lineOf(cond.end), reads: [], writes: [], blocker: null });
  };
  const lastIf = (block: A.BlockExpr): A.IfExpr | null => {
    const stmts = block.stmts.filter((s) => s.kind !== 'EmptyStmt');
    const last = stmts[stmts.length - 1];
    return last !== undefined && last.kind === 'ExprStmt' && last.expr.kind === 'IfExpr' ? last.expr : null;
  };

  // An `if` that wraps the rest of the function, or whose `else` is short.
  const tail = lastIf(fn.body!);
  if (tail !== null && tail.condition.kind !== 'LetCondition') {
    const cond = `\`if ${conditionText(tail.condition)}\` (line ${lineOf(tail.start)})`;
    if (tail.else === null && linesOf(tail.then) >= 4) {
      suggest(tail.condition, `return early: ${cond} wraps the rest of the function; write \`if !(...) { return }\` and un-indent lines ${lineOf(tail.then.start) + 1}-${lineOf(tail.then.end) - 1}`);
    } else if (tail.else !== null && tail.else.kind === 'BlockExpr' && linesOf(tail.else) <= 4 && linesOf(tail.then) >= 2 * linesOf(tail.else) && linesOf(tail.then) >= 5) {
      suggest(tail.condition, `return early: handle the short \`else\` of ${cond} first (\`if !(...) { ...; return }\`), then un-indent the long branch (lines ${lineOf(tail.then.start) + 1}-${lineOf(tail.then.end) - 1})`);
    }
  }
  // A loop body that is one big `if`: `continue` early.
  walk(fn.body!, {
    enter(node) {
      if (node.kind === 'FunctionDecl' || node.kind === 'ClosureExpr') return false;
      if (node.kind === 'ForExpr' || node.kind === 'WhileExpr') {
        const stmts = node.body.stmts.filter((s) => s.kind !== 'EmptyStmt');
        const inner = lastIf(node.body);
        if (stmts.length === 1 && inner !== null && inner.else === null && inner.condition.kind !== 'LetCondition' && linesOf(inner.then) >= 4) {
          suggest(
            inner.condition,
            `continue early: \`if ${conditionText(inner.condition)}\` (line ${lineOf(inner.start)}) wraps the whole loop body; write \`if !(...) { continue }\` and un-indent its body`,
          );
        }
      }
      return true;
    },
  });
  return out;
}

function list(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
