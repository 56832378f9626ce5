// Input nested far past what the parser's stack (or any later walk over the tree) can
// take: one R0009 diagnostic, never a crash or a RangeError, and the statements on the
// lines after the deep one are still parsed where the construct is closed (see
// skipTooDeep and topLevelStatement in grammar/parser.ts). Real code of moderate depth
// parses cleanly.

import { describe, expect, test } from 'vitest';
import { parse } from '../../grammar/parse.js';
import { MAX_OPERATOR_CHAIN, MAX_RULE_DEPTH } from '../../grammar/parser.js';
import { MAX_FSTRING_NESTING } from '../../grammar/scanners.js';
import type * as A from '../../src/syntax/ast.js';
import { allNodes, describeDiagnostics, parseClean } from '../helpers/ast.js';

const N = 100_000;

interface DeepCase {
  name: string;
  text: string;
  /** The limit the R0009 message names. */
  limit: number;
}

function deep(name: string, head: string, open: string, middle: string, close: string, limit = MAX_RULE_DEPTH): DeepCase {
  return { name, text: `${head}${open.repeat(N)}${middle}${close.repeat(N)}\nlet after = 2\n`, limit };
}

const cases: DeepCase[] = [
  deep('parentheses', 'let a = ', '(', '1', ')'),
  deep('blocks', 'let a = ', '{ ', '1', ' }'),
  deep('brackets', 'let a = ', '[', '1', ']'),
  deep('generic types', 'let a: ', 'Vec<', 'i32', '>'),
  deep('array types', 'let a: ', '[', 'i32', ']'),
  deep('reference types', 'let a: ', '&', 'i32', ''),
  deep('tuple patterns', 'let ', '(', 'x', ')'),
  deep('reference patterns', 'let ', '&', 'x', ''),
  deep('closures', 'let a = ', '|x| ', 'x', ''),
  deep('calls', 'let a = ', 'f(', 'x', ')'),
  deep('ifs', 'let a = ', 'if c { ', '1', ' }'),
  deep('matches', 'let a = ', 'match x { _ => ', '1', ' }'),
  deep('nested f-strings', 'let a = ', 'f"{', 'x', '}"', MAX_FSTRING_NESTING),
  { name: 'an operator chain', text: `let a = 1${' + 1'.repeat(N)}\nlet after = 2\n`, limit: MAX_OPERATOR_CHAIN },
  { name: 'prefix minus', text: `let a = ${'-'.repeat(N)}1\nlet after = 2\n`, limit: MAX_OPERATOR_CHAIN },
  { name: 'a method chain', text: `let a = x${'.f()'.repeat(N)}\nlet after = 2\n`, limit: MAX_OPERATOR_CHAIN },
  { name: 'an index chain', text: `let a = x${'[0]'.repeat(N)}\nlet after = 2\n`, limit: MAX_OPERATOR_CHAIN },
];

/** Depth of the tree (iteratively: the point is that it may be deep). */
function treeDepth(root: A.Node): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    const isNode = typeof (value as { kind?: unknown }).kind === 'string';
    const d = isNode ? depth + 1 : depth;
    if (d > max) max = d;
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, d]);
  }
  return max;
}

describe('100,000 levels of nesting', () => {
  test.each(cases)('$name: one R0009, no crash, the next line still parsed', ({ text, limit }) => {
    const result = parse(text);
    expect(describeDiagnostics(result).filter((d) => !d.startsWith('R0009'))).toEqual([]);
    const tooDeep = result.diagnostics.filter((d) => d.code === 'R0009');
    expect(tooDeep).toHaveLength(1);
    expect(tooDeep[0].message).toBe(`nesting deeper than ${limit} levels; this part of the file is not analysed`);
    expect(tooDeep[0].start).toBeGreaterThan(0);
    expect(result.ast.stmts.map((s) => s.kind)).toEqual(['LetStmt', 'LetStmt']);
    expect((result.ast.stmts[1] as A.LetStmt).pattern).toMatchObject({ kind: 'IdentPattern', name: { name: 'after' } });
    // Later walks over the tree (checker, formatter) recurse: the tree itself stays shallow.
    expect(treeDepth(result.ast)).toBeLessThan(5000);
    for (const node of allNodes(result.ast)) expect(node.start <= node.end && node.end <= text.length).toBe(true);
  });

  test('deep blocks in a function body: the functions after it are still there', () => {
    const text = `fun f() ${'{'.repeat(N)}${'}'.repeat(N)}\nfun after() {}\n`;
    const result = parse(text);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['R0009']);
    expect(result.ast.stmts.map((s) => (s as A.FunctionDecl).name.name)).toEqual(['f', 'after']);
  });

  test('an unclosed deep group: one R0009 and the missing `)`, no crash', () => {
    const text = `let a = ${'('.repeat(N)}\n`;
    const result = parse(text);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['R0009', 'R0003']);
  });

  test('mixed deep nesting of every kind at once', () => {
    const text = `fun f() { let x = ${'[{(|a| f"{'.repeat(20_000)}`;
    const result = parse(text);
    expect(result.diagnostics.some((d) => d.code === 'R0009')).toBe(true);
    expect(result.diagnostics.some((d) => d.code === 'R0019')).toBe(false);
  });

  test('the report is once per file, even with several deep constructs', () => {
    const one = `${'('.repeat(N)}1${')'.repeat(N)}`;
    const result = parse(`let a = ${one}\nlet b = ${one}\nlet c = 1\n`);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['R0009']);
    expect(result.ast.stmts).toHaveLength(3);
  });
});

describe('moderately nested real code parses cleanly', () => {
  test('30 nested blocks with ifs', () => {
    let body = 'x';
    for (let i = 29; i >= 0; i--) body = `if x > ${i} {\n${'    '.repeat(i + 2)}${body}\n${'    '.repeat(i + 1)}} else {\n${'    '.repeat(i + 2)}${i}\n${'    '.repeat(i + 1)}}`;
    const ast = parseClean(`fun f(x: i32) -> i32 {\n    ${body}\n}\n`);
    expect(allNodes(ast).filter((n) => n.kind === 'IfExpr')).toHaveLength(30);
  });

  test('40 nested parentheses', () => {
    const ast = parseClean(`let a = ${'('.repeat(40)}1 + 2${')'.repeat(40)} * 3`);
    expect(allNodes(ast).filter((n) => n.kind === 'ParenExpr')).toHaveLength(40);
  });

  test('20 nested closures, 15 nested generic types, 10 nested f-strings, 20 nested arrays', () => {
    parseClean(`let f = ${'|x| '.repeat(20)}x`);
    parseClean(`let v: ${'Vec<'.repeat(15)}i32${'>'.repeat(15)} = make()`);
    parseClean(`let s = ${'f"a{'.repeat(10)}x${'}b"'.repeat(10)}`);
    parseClean(`let m = ${'['.repeat(20)}1${']'.repeat(20)}`);
  });

  test('a 900-operator chain and a 900-suffix method chain are kept whole', () => {
    const chain = parseClean(`let a = 1${' + 1'.repeat(900)}`);
    expect(allNodes(chain).filter((n) => n.kind === 'BinaryExpr')).toHaveLength(900);
    const calls = parseClean(`let a = x${'.f()'.repeat(900)}`);
    expect(allNodes(calls).filter((n) => n.kind === 'MethodCallExpr')).toHaveLength(900);
  });
});
