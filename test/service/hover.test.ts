// LanguageService.hover at exact positions: the signature or declared/inferred type of a
// name, its doc comment, and the range of the name; the inferred type of an expression
// that is not a name; nothing on whitespace, keywords or comments.

import { describe, expect, test } from 'vitest';
import { single, workspace } from '../helpers/service.js';

const GEOMETRY = `/// A point in the plane.
struct Point { x: f64, y: f64 }

impl Point {
    /// Distance from the origin.
    fun norm(&self) -> f64 {
        (self.x * self.x + self.y * self.y).sqrt()
    }
}

/// Adds two numbers.
fun add(a: i64, b: i64) -> i64 {
    a + b
}

fun main() {
    let mut total = add(1, 2)
    total += 1
    let p = Point { x: 3.0, y: 4.0 }
    let doubled = [1, 2, 3].map(|v| v * 2)
    println(total, p.norm(), p.x, doubled)
}
`;

describe('hover', () => {
  const ws = single(GEOMETRY);
  const hoverAt = (needle: string, delta = 0, occurrence = 0) => ws.service.hover(ws.main, ws.at('main.ruchy', needle, delta, occurrence));
  const rangeOf = (needle: string, length: number, occurrence = 0) => {
    const start = ws.at('main.ruchy', needle, 0, occurrence);
    return { start, end: start + length };
  };

  test('a local: its declaration with `mut` and inferred type, on the declaration and on a use', () => {
    const declaration = hoverAt('total', 2);
    expect(declaration).toMatchObject({ signature: 'let mut total: i64', type: 'i64', doc: null, ...rangeOf('total', 5) });
    expect(declaration!.markdown).toBe('```ruchy\nlet mut total: i64\n```');
    const use = hoverAt('total, p.norm', 0);
    expect(use).toMatchObject({ signature: 'let mut total: i64', ...rangeOf('total, p.norm', 5) });
    expect(use!.symbol!.id).toBe(declaration!.symbol!.id);
  });

  test('a parameter, at its declaration and its use', () => {
    expect(hoverAt('a: i64')).toMatchObject({ signature: 'a: i64', type: 'i64', ...rangeOf('a: i64', 1) });
    expect(hoverAt('a + b')).toMatchObject({ signature: 'a: i64', type: 'i64', ...rangeOf('a + b', 1) });
  });

  test('a function: signature and doc comment, rendered as markdown', () => {
    const h = hoverAt('add(1', 1);
    expect(h).toMatchObject({ signature: 'fun add(a: i64, b: i64) -> i64', type: 'fun(i64, i64) -> i64', doc: 'Adds two numbers.', ...rangeOf('add(1', 3) });
    expect(h!.markdown).toBe('```ruchy\nfun add(a: i64, b: i64) -> i64\n```\n\nAdds two numbers.');
  });

  test('a method: its signature with `&self` and its doc comment', () => {
    const h = hoverAt('norm()', 0, 0);
    expect(h).toMatchObject({ signature: 'fun norm(&self) -> f64', doc: 'Distance from the origin.', ...rangeOf('norm()', 4) });
    expect(h!.symbol).toMatchObject({ kind: 'method', container: 'Point' });
  });

  test('a field, at the access and in the struct literal', () => {
    expect(hoverAt('p.x', 2)).toMatchObject({ type: 'f64', start: ws.at('main.ruchy', 'p.x', 2), end: ws.at('main.ruchy', 'p.x', 3) });
    expect(hoverAt('p.x', 2)!.symbol).toMatchObject({ kind: 'field', name: 'x', container: 'Point' });
    expect(hoverAt('x: 3.0')!.symbol).toMatchObject({ kind: 'field', name: 'x' });
  });

  test('a struct: its doc comment, at the declaration and at a use', () => {
    const declaration = hoverAt('Point {', 0, 0);
    expect(declaration).toMatchObject({ signature: 'struct Point', doc: 'A point in the plane.', ...rangeOf('Point', 5) });
    const use = hoverAt('Point { x: 3.0');
    expect(use).toMatchObject({ signature: 'struct Point', doc: 'A point in the plane.' });
  });

  test('expressions that are not names show their inferred type', () => {
    const paren = ws.at('main.ruchy', '(self.x * self.x');
    const h = ws.service.hover(ws.main, paren);
    expect(h).toMatchObject({ type: 'f64', signature: null, symbol: null, start: paren });
    expect(h!.markdown).toBe('```ruchy\nf64\n```');
    expect(hoverAt('3.0')).toMatchObject({ type: 'f64', ...rangeOf('3.0', 3) });
  });

  test('inferred types flow through closures and method calls', () => {
    expect(hoverAt('doubled', 0)).toMatchObject({ signature: 'let doubled: [i64]', type: '[i64]' });
    expect(hoverAt('|v|', 1)).toMatchObject({ signature: 'v: i64', type: 'i64' });
  });

  test('a builtin: its signature and documentation', () => {
    const h = hoverAt('println');
    expect(h!.signature).toBe('fun println(...)');
    expect(h!.doc).toMatch(/^Prints its arguments/);
    expect(h!.symbol).toMatchObject({ kind: 'builtin', location: null });
  });

  test('nothing on whitespace, on a keyword, or in a comment', () => {
    expect(ws.service.hover(ws.main, ws.at('main.ruchy', '    let mut'))).toBeNull();
    expect(ws.service.hover(ws.main, ws.at('main.ruchy', 'fun main'))).toBeNull();
    expect(ws.service.hover(ws.main, ws.at('main.ruchy', 'A point', 2))).toBeNull();
  });

  test('a function imported from another file: its signature and doc from there', () => {
    const multi = workspace({
      'main.ruchy': 'use util::triple\n\nfun main() {\n    println(tri<|>ple(2))\n}\n',
      'util.ruchy': '/// Three times.\npub fun triple(x: i64) -> i64 {\n    x * 3\n}\n',
    });
    const h = multi.service.hover(multi.uri('main.ruchy'), multi.cursor('main.ruchy'));
    expect(h).toMatchObject({ signature: 'fun triple(x: i64) -> i64', doc: 'Three times.' });
    const start = multi.at('util.ruchy', 'triple');
    expect(h!.symbol!.location).toEqual({ uri: multi.uri('util.ruchy'), start, end: start + 'triple'.length });
  });
});
