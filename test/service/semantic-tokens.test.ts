// LanguageService.semanticTokens: one token per resolved name, sorted and not
// overlapping, with the kind of what the name refers to and modifiers that tell a
// declaration from a reference, mutable from read-only, and the standard library.

import { describe, expect, test } from 'vitest';
import { single, workspace } from '../helpers/service.js';

const SOURCE = `struct Point { x: f64, y: f64 }
enum Shape { Circle(f64), Dot }
impl Point {
    fun norm(&self) -> f64 { (self.x * self.x + self.y * self.y).sqrt() }
}
const LIMIT: i64 = 10
fun make(x: f64, y: f64) -> Point {
    Point { x, y }
}
fun main() {
    let mut total = LIMIT
    total += 1
    let p = make(1.0, 2.0)
    let s = Shape::Circle(p.norm())
    'outer: for i in 0..3 {
        if i == 1 { break 'outer }
    }
    println(total, p.x, s)
}
`;

describe('semanticTokens', () => {
  const ws = single(SOURCE);
  const tokens = ws.service.semanticTokens(ws.main);
  const text = ws.text('main.ruchy');
  /** The token at the n-th occurrence of `needle` (plus `delta`). */
  const tokenAt = (needle: string, occurrence = 0, delta = 0) => {
    const start = ws.at('main.ruchy', needle, delta, occurrence);
    const token = tokens.find((t) => t.start === start);
    if (token === undefined) throw new Error(`no token at \`${needle}\` #${occurrence}`);
    return { text: text.slice(token.start, token.end), kind: token.kind, modifiers: [...token.modifiers].sort() };
  };

  test('sorted by position, not overlapping, each covering a whole identifier', () => {
    expect(tokens.length).toBeGreaterThan(20);
    for (let i = 1; i < tokens.length; i++) expect(tokens[i].start).toBeGreaterThanOrEqual(tokens[i - 1].end);
    for (const t of tokens) {
      expect(t.end).toBeGreaterThan(t.start);
      expect(text.slice(t.start, t.end)).toMatch(/^'?[A-Za-z_][A-Za-z0-9_]*$/);
    }
  });

  test('declarations carry `declaration`; references do not', () => {
    expect(tokenAt('Point {')).toEqual({ text: 'Point', kind: 'struct', modifiers: ['declaration'] });
    expect(tokenAt('Point {', 1)).toEqual({ text: 'Point', kind: 'struct', modifiers: [] });
    expect(tokenAt('make(x')).toEqual({ text: 'make', kind: 'function', modifiers: ['declaration'] });
    expect(tokenAt('make(1.0')).toEqual({ text: 'make', kind: 'function', modifiers: [] });
    expect(tokenAt('norm(&self)')).toEqual({ text: 'norm', kind: 'method', modifiers: ['declaration'] });
    expect(tokenAt('norm())')).toEqual({ text: 'norm', kind: 'method', modifiers: [] });
  });

  test('kinds: fields, variants, enums, parameters, constants, labels, builtin types and functions', () => {
    expect(tokenAt('x: f64')).toEqual({ text: 'x', kind: 'property', modifiers: ['declaration'] });
    expect(tokenAt('self.x', 0, 5)).toEqual({ text: 'x', kind: 'property', modifiers: [] });
    expect(tokenAt('Circle(f64)')).toEqual({ text: 'Circle', kind: 'enumMember', modifiers: ['declaration'] });
    expect(tokenAt('Shape::Circle')).toEqual({ text: 'Shape', kind: 'enum', modifiers: [] });
    expect(tokenAt('Circle(p')).toEqual({ text: 'Circle', kind: 'enumMember', modifiers: [] });
    expect(tokenAt('x: f64, y: f64) ->')).toMatchObject({ text: 'x', kind: 'parameter' });
    expect(tokenAt('LIMIT:')).toEqual({ text: 'LIMIT', kind: 'variable', modifiers: ['declaration', 'readonly'] });
    expect(tokenAt('f64')).toEqual({ text: 'f64', kind: 'type', modifiers: ['defaultLibrary'] });
    expect(tokenAt('println')).toEqual({ text: 'println', kind: 'function', modifiers: ['defaultLibrary'] });
  });

  test('mutability: `let mut` names are mutable everywhere, others read-only', () => {
    expect(tokenAt('total =')).toEqual({ text: 'total', kind: 'variable', modifiers: ['declaration', 'mutable'] });
    expect(tokenAt('total +=')).toEqual({ text: 'total', kind: 'variable', modifiers: ['mutable'] });
    expect(tokenAt('p =')).toEqual({ text: 'p', kind: 'variable', modifiers: ['declaration', 'readonly'] });
    expect(tokenAt('p.x')).toEqual({ text: 'p', kind: 'variable', modifiers: ['readonly'] });
  });

  test('a shorthand field `Point { x }` gets one token', () => {
    const start = ws.at('main.ruchy', 'x, y }');
    expect(tokens.filter((t) => t.start === start)).toHaveLength(1);
  });

  test('names imported from another file are classified by what they name', () => {
    const multi = workspace({
      'util.ruchy': 'pub fun triple(x: i64) -> i64 {\n    x * 3\n}\n',
      'main.ruchy': 'use util::triple\n\nfun main() {\n    println(triple(2))\n}\n',
    });
    const start = multi.at('main.ruchy', 'triple(2)');
    expect(multi.service.semanticTokens(multi.uri('main.ruchy')).find((t) => t.start === start)).toMatchObject({ kind: 'function', modifiers: [] });
  });

  test('a file that is not open has no tokens', () => {
    expect(ws.service.semanticTokens('file:///ws/nope.ruchy')).toEqual([]);
  });
});
