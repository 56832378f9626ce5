// Test helpers for the grammar: parse a snippet and insist it is clean, print AST
// expressions as compact S-expressions to pin tree shapes, and walk every node.
//
//   sexpr('1 + 2 * 3')      -> '(+ 1 (* 2 3))'
//   sexpr('x = a |> f')     -> '(= x (|> a f))'
//   sexpr('-2')             -> '(neg 2)'
//   sexpr('f(a, b)')        -> '(call f a b)'
//   sexpr('a.b')            -> '(. a b)'
//   sexpr('0..n')           -> '(range 0 n)'

import { expect } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type * as A from '../../src/syntax/ast.js';
import { parse, type ParseResult } from '../../grammar/parse.js';

/** `R0001 2:5 expected ..., found ...` lines, for readable failure messages. */
export function describeDiagnostics(result: ParseResult): string[] {
  return result.diagnostics.map((d: Diagnostic) => `${d.code} ${result.lineIndex.describe(d.start)} ${d.message}`);
}

/** Parses `text`; the test fails if there is any diagnostic at all. */
export function parseClean(text: string): A.SourceFile {
  const result = parse(text);
  expect(describeDiagnostics(result), `diagnostics for:\n${text}`).toEqual([]);
  return result.ast;
}

/** Parses a single expression statement; the test fails on any diagnostic or another shape. */
export function parseExpr(text: string): A.Expr {
  const ast = parseClean(text);
  expect(ast.stmts.map((s) => s.kind), `statements of: ${text}`).toEqual(['ExprStmt']);
  return (ast.stmts[0] as A.ExprStmt).expr;
}

/** The S-expression of a single expression statement. */
export function sexpr(text: string): string {
  return toSExpr(parseExpr(text));
}

const UNARY_NAMES: Record<A.UnaryOperator, string> = {
  '-': 'neg', '+': 'pos', '!': 'not', '~': 'bitnot', '&': 'ref', '&mut': 'refmut', '*': 'deref',
};

function list(head: string, items: string[]): string {
  return items.length === 0 ? `(${head})` : `(${head} ${items.join(' ')})`;
}

function opt(node: A.Node | null | undefined, print: (n: never) => string): string {
  return node === null || node === undefined ? '_' : print(node as never);
}

/** An expression (or statement) as an S-expression. Unknown node kinds print as `<Kind>`. */
export function toSExpr(node: A.Expr | A.Stmt): string {
  const e = node as A.Expr | A.Stmt;
  switch (e.kind) {
    case 'IntLiteral':
    case 'FloatLiteral':
      return e.raw;
    case 'StringLiteral':
      return JSON.stringify(e.value);
    case 'CharLiteral':
      return `'${e.value}'`;
    case 'BoolLiteral':
      return String(e.value);
    case 'UnitLiteral':
      return '()';
    case 'FString':
      return list('f', e.parts.map((p) => (p.kind === 'FStringText' ? JSON.stringify(p.value) : list('{}', [toSExpr(p.expr), ...(p.spec === null ? [] : [JSON.stringify(p.spec)])]))));
    case 'Identifier':
      return e.name;
    case 'SelfExpr':
      return 'self';
    case 'Path':
      return pathText(e);
    case 'UnaryExpr':
      return list(UNARY_NAMES[e.op], [toSExpr(e.operand)]);
    case 'BinaryExpr':
      return list(e.op, [toSExpr(e.left), toSExpr(e.right)]);
    case 'AssignExpr':
      return list(e.op, [toSExpr(e.target), toSExpr(e.value)]);
    case 'PipelineExpr':
      return list('|>', [toSExpr(e.left), toSExpr(e.right)]);
    case 'RangeExpr':
      return list(e.inclusive ? 'range=' : 'range', [opt(e.from, toSExpr), opt(e.to, toSExpr)]);
    case 'CallExpr':
      return list('call', [toSExpr(e.callee), ...e.args.map(toSExpr)]);
    case 'MethodCallExpr':
      return list(e.optional ? 'method?' : 'method', [toSExpr(e.receiver), e.method.name, ...e.args.map(toSExpr)]);
    case 'FieldExpr':
      return list(e.optional ? '?.' : '.', [toSExpr(e.object), e.field.name]);
    case 'IndexExpr':
      return list('index', [toSExpr(e.object), toSExpr(e.index)]);
    case 'TryExpr':
      return list('?', [toSExpr(e.expr)]);
    case 'CastExpr':
      return list('as', [toSExpr(e.expr), typeText(e.type)]);
    case 'AwaitExpr':
      return list(e.postfix ? '.await' : 'await', [toSExpr(e.expr)]);
    case 'ParenExpr':
      return list('paren', [toSExpr(e.expr)]);
    case 'TupleExpr':
      return list('tuple', e.elements.map(toSExpr));
    case 'ArrayExpr':
      return `[${e.elements.map(toSExpr).join(' ')}]`;
    case 'ArrayRepeatExpr':
      return list('repeat', [toSExpr(e.value), toSExpr(e.count)]);
    case 'ComprehensionExpr':
      return list('for', [toSExpr(e.element), patternText(e.pattern), toSExpr(e.iterable), ...(e.condition === null ? [] : [toSExpr(e.condition)])]);
    case 'ObjectExpr':
      return list('object', e.fields.map((f) => (f.kind === 'SpreadElement' ? list('...', [toSExpr(f.expr)]) : `${f.key.kind === 'Identifier' ? f.key.name : JSON.stringify(f.key.value)}:${toSExpr(f.value)}`)));
    case 'StructExpr':
      return list('struct', [
        toSExpr(e.name),
        ...e.fields.map((f) => (f.value === null ? f.name.name : `${f.name.name}:${toSExpr(f.value)}`)),
        ...(e.base === null ? [] : [list('..', [toSExpr(e.base)])]),
      ]);
    case 'BlockExpr':
      return list(e.label === null ? 'block' : `block '${e.label.name}`, e.stmts.map(toSExpr));
    case 'IfExpr':
      return list('if', [toSExpr(e.condition), toSExpr(e.then), ...(e.else === null ? [] : [toSExpr(e.else)])]);
    case 'LetCondition':
      return list('let', [patternText(e.pattern), toSExpr(e.value)]);
    case 'MatchExpr':
      return list('match', [
        toSExpr(e.scrutinee),
        ...e.arms.map((a) => list('arm', [patternText(a.pattern), ...(a.guard === null ? [] : [list('if', [toSExpr(a.guard)])]), toSExpr(a.body)])),
      ]);
    case 'WhileExpr':
      return list(labelled('while', e.label), [toSExpr(e.condition), toSExpr(e.body)]);
    case 'ForExpr':
      return list(labelled('for', e.label), [patternText(e.pattern), toSExpr(e.iterable), toSExpr(e.body)]);
    case 'LoopExpr':
      return list(labelled('loop', e.label), [toSExpr(e.body)]);
    case 'BreakExpr':
      return list('break', [...(e.label === null ? [] : [`'${e.label.name}`]), ...(e.value === null ? [] : [toSExpr(e.value)])]);
    case 'ContinueExpr':
      return list('continue', e.label === null ? [] : [`'${e.label.name}`]);
    case 'ReturnExpr':
      return list('return', e.value === null ? [] : [toSExpr(e.value)]);
    case 'ClosureExpr': {
      const head = `${e.isAsync ? 'async ' : ''}${e.isMove ? 'move ' : ''}fn`;
      const params = `[${e.params.map(paramText).join(' ')}]`;
      return list(head, [params, ...(e.returnType === null ? [] : [`-> ${typeText(e.returnType)}`]), toSExpr(e.body)]);
    }
    case 'MacroCall':
      return list(`${e.name.name}!`, e.args.map((a) => (a.kind === 'MacroArgPair' ? list('=>', [toSExpr(a.key), toSExpr(a.value)]) : toSExpr(a))));
    case 'TryCatchExpr':
      return list('try', [
        toSExpr(e.body),
        ...(e.catchBody === null ? [] : [list('catch', [opt(e.catchParam, patternText), toSExpr(e.catchBody)])]),
        ...(e.finallyBody === null ? [] : [list('finally', [toSExpr(e.finallyBody)])]),
      ]);
    case 'ThrowExpr':
      return list('throw', [toSExpr(e.value)]);
    case 'AsyncBlockExpr':
      return list('async', [toSExpr(e.body)]);
    case 'SpawnExpr':
      return list('spawn', [toSExpr(e.expr)]);
    case 'LazyExpr':
      return list('lazy', [toSExpr(e.expr)]);
    case 'YieldExpr':
      return list('yield', e.value === null ? [] : [toSExpr(e.value)]);
    case 'HandleExpr':
      return list('handle', [
        toSExpr(e.expr),
        ...e.cases.map((c) => list('case', [c.operation.kind === 'Identifier' ? c.operation.name : pathText(c.operation), `[${c.params.map(patternText).join(' ')}]`, toSExpr(c.body)])),
      ]);
    case 'ErrorExpr':
      return '<error>';
    case 'ExprStmt':
      return e.semicolon ? list(';', [toSExpr(e.expr)]) : toSExpr(e.expr);
    case 'LetStmt':
      return list('let', [patternText(e.pattern), ...(e.type === null ? [] : [`: ${typeText(e.type)}`]), opt(e.init, toSExpr)]);
    case 'EmptyStmt':
      return '(;)';
    default:
      return `<${e.kind}>`;
  }
}

function labelled(head: string, label: A.Label | null): string {
  return label === null ? head : `${head} '${label.name}`;
}

function pathText(path: A.Path): string {
  return path.segments.map((s) => s.name.name + (s.typeArgs === null ? '' : `::<${s.typeArgs.map(typeText).join(', ')}>`)).join('::');
}

function paramText(p: A.Param): string {
  const base = p.self === 'ref' ? '&self' : p.self === 'refMut' ? '&mut self' : patternText(p.pattern);
  return base + (p.type === null ? '' : `:${typeText(p.type)}`) + (p.defaultValue === null ? '' : `=${toSExpr(p.defaultValue)}`);
}

/** A pattern in a compact, Ruchy-like notation: `(tuple a _)`, `Some(x)`, `n @ 1..=9`. */
export function patternText(p: A.Pattern): string {
  switch (p.kind) {
    case 'WildcardPattern':
      return '_';
    case 'IdentPattern':
      return `${p.byRef ? 'ref ' : ''}${p.mutable ? 'mut ' : ''}${p.name.name}${p.subpattern === null ? '' : ` @ ${patternText(p.subpattern)}`}`;
    case 'LiteralPattern':
      return toSExpr(p.value);
    case 'RangePattern':
      return `${opt(p.low, patternText)}${p.inclusive ? '..=' : '..'}${opt(p.high, patternText)}`;
    case 'TuplePattern':
      return list('tuple', p.elements.map(patternText));
    case 'ArrayPattern':
      return `[${p.elements.map(patternText).join(' ')}]`;
    case 'StructPattern':
      return `${pathText(p.path)} {${[...p.fields.map((f) => (f.pattern === null ? f.name.name : `${f.name.name}: ${patternText(f.pattern)}`)), ...(p.hasRest ? ['..'] : [])].join(', ')}}`;
    case 'TupleStructPattern':
      return `${pathText(p.path)}(${p.elements.map(patternText).join(', ')})`;
    case 'PathPattern':
      return pathText(p.path);
    case 'OrPattern':
      return list('|', p.alternatives.map(patternText));
    case 'RefPattern':
      return `&${p.mutable ? 'mut ' : ''}${patternText(p.pattern)}`;
    case 'RestPattern':
      return '..';
    case 'ErrorPattern':
      return '<error>';
  }
}

/** A type in Ruchy notation: `Vec<i32>`, `&mut T`, `(A, B)`, `Fn(i32) -> i32`, `dyn Fn(i32) -> i32`. */
export function typeText(t: A.TypeNode): string {
  switch (t.kind) {
    case 'NamedType':
      return t.path.map((p) => p.name).join('::') + (t.args.length === 0 ? '' : `<${t.args.map(typeText).join(', ')}>`);
    case 'TupleType':
      return `(${t.elements.map(typeText).join(', ')})`;
    case 'ArrayType':
      return `[${typeText(t.element)}${t.size === null ? '' : `; ${toSExpr(t.size)}`}]`;
    case 'RefType':
      return `&${t.lifetime === null ? '' : `${t.lifetime} `}${t.mutable ? 'mut ' : ''}${typeText(t.target)}`;
    case 'FnType': {
      const ret = t.returnType === null ? '' : ` -> ${typeText(t.returnType)}`;
      if (t.style === 'closure') return `|${t.params.map(typeText).join(', ')}|${ret}`;
      return `${t.style === 'trait' ? t.name : 'fn'}(${t.params.map(typeText).join(', ')})${ret}`;
    }
    case 'ImplTraitType':
      return `${t.style} ${t.bounds.map(typeText).join(' + ')}`;
    case 'InferType':
      return '_';
    case 'NeverType':
      return '!';
    case 'ErrorType':
      return '<error>';
  }
}

/** Every object with a string `kind` reachable from `root` (the root included), depth first. */
export function allNodes(root: unknown): A.Node[] {
  const out: A.Node[] = [];
  const stack: unknown[] = [root];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.kind === 'string') out.push(record as unknown as A.Node);
    const keys = Object.keys(record);
    for (let i = keys.length - 1; i >= 0; i--) stack.push(record[keys[i]]);
  }
  return out;
}

/** The first node of the given kind, depth first (the test fails if there is none). */
export function findNode<K extends A.AnyNode['kind']>(root: unknown, kind: K): Extract<A.AnyNode, { kind: K }> {
  const node = allNodes(root).find((n) => n.kind === kind);
  expect(node, `a ${kind} node`).toBeDefined();
  return node as Extract<A.AnyNode, { kind: K }>;
}

/** Every node of the given kind, depth first. */
export function findNodes<K extends A.AnyNode['kind']>(root: unknown, kind: K): Extract<A.AnyNode, { kind: K }>[] {
  return allNodes(root).filter((n) => n.kind === kind) as Extract<A.AnyNode, { kind: K }>[];
}
