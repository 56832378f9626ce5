// Style lint that needs the syntax tree and nothing else: naming conventions (R0407), empty
// blocks (R0408) and technical-debt comments (R0410); plus the diagnostic for a function
// over the complexity limits (R0409), made from the metrics of ./complexity.ts.
//
// Like ./lint.ts, the rules see one top-level item at a time, with offsets relative to
// the item's region, so the results can be cached per ItemRecord. They complement the
// binding lints of ./lint.ts and ./analyze.ts (unused names, shadowing, needless `mut`).
//
// Conventions (those of Rust, which Ruchy follows): functions, methods, variables,
// parameters and fields in snake_case; structs, enums, traits, type aliases, actors,
// effects and enum variants in CamelCase; constants in UPPER_SNAKE_CASE. Leading and
// trailing underscores are allowed everywhere. Not flagged: methods of `impl Trait for
// Type` (the trait chooses their names), upper-case names in match and `if let`
// patterns (they may name constants), and UPPER_SNAKE_CASE top-level `let`s (the script
// form of a constant). Each naming diagnostic carries `data.rename` for the quick fix.

import { Codes, format } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import { walk } from '../syntax/walk.js';

export type NamingStyle = 'snake_case' | 'CamelCase' | 'UPPER_SNAKE_CASE';

// ---------------------------------------------------------------- names

const SNAKE = /^[a-z0-9]+(_[a-z0-9]+)*$/;
const CAMEL = /^[A-Z][A-Za-z0-9]*$/;
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** Whether `name` follows `style` (underscores around the name are allowed). */
export function followsStyle(name: string, style: NamingStyle): boolean {
  const { core } = splitUnderscores(name);
  if (core === '') return true;
  switch (style) {
    case 'snake_case':
      return SNAKE.test(core);
    case 'CamelCase':
      return CAMEL.test(core);
    case 'UPPER_SNAKE_CASE':
      return UPPER_SNAKE.test(core);
  }
}

/** `name` rewritten in `style`, keeping underscores around it: `getValue` -> `get_value`. */
export function toStyle(name: string, style: NamingStyle): string {
  const { prefix, core, suffix } = splitUnderscores(name);
  const parts = words(core);
  if (parts.length === 0) return name;
  let converted: string;
  switch (style) {
    case 'snake_case':
      converted = parts.map((w) => w.toLowerCase()).join('_');
      break;
    case 'CamelCase':
      converted = parts.map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join('');
      break;
    case 'UPPER_SNAKE_CASE':
      converted = parts.map((w) => w.toUpperCase()).join('_');
      break;
  }
  return `${prefix}${converted}${suffix}`;
}

function splitUnderscores(name: string): { prefix: string; core: string; suffix: string } {
  const prefix = /^_*/.exec(name)![0];
  const rest = name.slice(prefix.length);
  const suffix = /_*$/.exec(rest)![0];
  return { prefix, core: rest.slice(0, rest.length - suffix.length), suffix };
}

/** The words of an identifier: `parseHTTPRequest2` -> parse, HTTP, Request2; `max_size` -> max, size. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[_\s]+/)
    .filter((w) => w !== '');
}

// ---------------------------------------------------------------- the rules of one item

/**
 * Naming, empty-block and technical-debt diagnostics of one top-level statement. Offsets
 * are those of `stmt` and `comments` (relative to the item's region, as the workspace
 * stores them).
 */
export function styleDiagnostics(stmt: A.Stmt | null, comments: readonly A.Comment[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (stmt !== null) {
    try {
      checkTree(stmt, comments, out);
    } catch (error) {
      // A tree too deep to walk was already reported by the parser (R0009).
      if (!(error instanceof RangeError)) throw error;
    }
  }
  for (const comment of comments) debtIn(comment, out);
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

function checkTree(root: A.Stmt, comments: readonly A.Comment[], out: Diagnostic[]): void {
  const naming = (what: string, id: A.Identifier, style: NamingStyle): void => {
    const name = id.name;
    if (followsStyle(name, style)) return;
    const suggestion = toStyle(name, style);
    if (suggestion === name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(suggestion)) return;
    out.push(diagnostic(Codes.NamingConvention, id.start, id.end, { what, name, style, suggestion }, { name, what, style, rename: suggestion }));
  };
  const bindings = (what: string, pattern: A.Pattern, refutable: boolean, allowUpperSnake: boolean): void => {
    for (const id of boundNames(pattern)) {
      if (refutable && /^[A-Z]/.test(id.name)) continue;
      if (allowUpperSnake && followsStyle(id.name, 'UPPER_SNAKE_CASE')) continue;
      naming(what, id, 'snake_case');
    }
  };
  const empty = (what: string, block: A.BlockExpr | null): void => {
    if (block === null || !isEmptyBlock(block, comments)) return;
    out.push(diagnostic(Codes.EmptyBlock, block.start, block.end, { what }, { what }));
  };
  // Methods of `impl Trait for Type`: their names are the trait's.
  const traitMethods = new Set<A.FunctionDecl>();

  walk(root, {
    enter(node) {
      switch (node.kind) {
        case 'FunctionDecl':
          if (!traitMethods.has(node)) naming(isMethodLike(node) ? 'method' : 'function', node.name, 'snake_case');
          for (const param of node.params) if (param.self === null) bindings('parameter', param.pattern, false, false);
          empty(`body of function \`${node.name.name}\``, node.body);
          break;
        case 'ImplDecl':
          if (node.trait !== null) for (const m of node.members) if (m.kind === 'FunctionDecl') traitMethods.add(m);
          break;
        case 'StructDecl':
          naming('struct', node.name, 'CamelCase');
          break;
        case 'EnumDecl':
          naming('enum', node.name, 'CamelCase');
          break;
        case 'EnumVariant':
          naming('variant', node.name, 'CamelCase');
          break;
        case 'TraitDecl':
          naming('trait', node.name, 'CamelCase');
          break;
        case 'TypeAliasDecl':
          naming('type alias', node.name, 'CamelCase');
          break;
        case 'ActorDecl':
          naming('actor', node.name, 'CamelCase');
          break;
        case 'EffectDecl':
          naming('effect', node.name, 'CamelCase');
          break;
        case 'ConstDecl':
          naming('constant', node.name, 'UPPER_SNAKE_CASE');
          break;
        case 'FieldDecl':
          naming('field', node.name, 'snake_case');
          break;
        case 'LetStmt':
          bindings('variable', node.pattern, node.elseBlock !== null, node === root);
          break;
        case 'ForExpr':
          bindings('variable', node.pattern, false, false);
          empty('`for` loop body', node.body);
          break;
        case 'WhileExpr':
          empty('`while` loop body', node.body);
          break;
        case 'LoopExpr':
          empty('`loop` body', node.body);
          break;
        case 'IfExpr':
          empty('`if` block', node.then);
          if (node.else !== null && node.else.kind === 'BlockExpr') empty('`else` block', node.else);
          break;
        case 'TryCatchExpr':
          if (node.catchParam !== null) bindings('variable', node.catchParam, false, false);
          empty('`catch` block', node.catchBody);
          break;
        case 'ClosureExpr':
          for (const param of node.params) bindings('parameter', param.pattern, false, false);
          break;
        case 'ComprehensionExpr':
          bindings('variable', node.pattern, false, false);
          break;
        case 'MatchArm':
          bindings('variable', node.pattern, true, false);
          break;
        case 'LetCondition':
          bindings('variable', node.pattern, true, false);
          break;
        default:
          break;
      }
    },
  });
}

/** A function with a `self` parameter is a method. */
function isMethodLike(fn: A.FunctionDecl): boolean {
  return fn.params.some((p) => p.self !== null);
}

/** The identifiers a pattern binds. */
function boundNames(pattern: A.Pattern): A.Identifier[] {
  const out: A.Identifier[] = [];
  walk(pattern, {
    enter(node) {
      if (node.kind === 'IdentPattern') out.push(node.name);
      else if (node.kind === 'RestPattern' && node.binding !== null) out.push(node.binding);
      // Types and literal values inside patterns bind nothing.
      return !node.kind.endsWith('Type') && node.kind !== 'LiteralPattern' && node.kind !== 'Path';
    },
  });
  return out;
}

/** No statement (a lone `;` is none) and no comment between the braces. */
export function isEmptyBlock(block: A.BlockExpr, comments: readonly A.Comment[]): boolean {
  if (!block.stmts.every((s) => s.kind === 'EmptyStmt')) return false;
  return !comments.some((c) => c.start >= block.start && c.end <= block.end);
}

// ---------------------------------------------------------------- technical debt

const DEBT_TAG = /\b(TODO|FIXME|XXX|HACK)\b/g;

function debtIn(comment: A.Comment, out: Diagnostic[]): void {
  const text = comment.text;
  let covered = -1;
  for (const match of text.matchAll(DEBT_TAG)) {
    const at = match.index;
    if (at < covered) continue; // one finding per line: the first tag describes the rest
    const tag = match[1];
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = text.length;
    covered = lineEnd;
    let rest = text.slice(at + tag.length, lineEnd);
    if (comment.style === 'block' && lineEnd === text.length) rest = rest.replace(/\*\/$/, '');
    let end = at + tag.length + rest.trimEnd().length;
    if (text[end - 1] === '\r') end--;
    const description = rest.replace(/^\s*(\([^)]*\))?\s*[:\-]?\s*/, '').trim();
    out.push(
      diagnostic(
        Codes.TechnicalDebt,
        comment.start + at,
        comment.start + end,
        { tag, text: description === '' ? '(no description)' : description },
        { tag, text: description },
      ),
    );
  }
}

// ---------------------------------------------------------------- complexity

export interface ComplexityLimits {
  /** Highest cyclomatic complexity allowed. */
  maxCyclomatic: number;
  /** Highest cognitive complexity allowed. */
  maxCognitive: number;
}

export interface MeasuredFunction {
  qualifiedName: string;
  nameStart: number;
  nameEnd: number;
  cyclomatic: number;
  cognitive: number;
}

export function isOverLimits(m: MeasuredFunction, limits: ComplexityLimits): boolean {
  return m.cyclomatic > limits.maxCyclomatic || m.cognitive > limits.maxCognitive;
}

/** R0409 on the function's name when it is over a limit, else null. */
export function complexityDiagnostic(m: MeasuredFunction, limits: ComplexityLimits): Diagnostic | null {
  if (!isOverLimits(m, limits)) return null;
  const values = {
    name: m.qualifiedName,
    cyclomatic: m.cyclomatic,
    maxCyclomatic: limits.maxCyclomatic,
    cognitive: m.cognitive,
    maxCognitive: limits.maxCognitive,
  };
  return diagnostic(Codes.TooComplex, m.nameStart, m.nameEnd, values, { ...values });
}

// ---------------------------------------------------------------- helpers

function diagnostic(
  code: (typeof Codes)[keyof typeof Codes],
  start: number,
  end: number,
  args: Record<string, string | number>,
  data: Record<string, unknown>,
): Diagnostic {
  return { code: code.code, severity: code.severity, message: format(code.template, args), start, end, data };
}
