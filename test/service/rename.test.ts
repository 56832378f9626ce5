// LanguageService.prepareRename and rename: what can be renamed, the edits across files,
// the refusals (invalid identifier, keyword, a clash with a visible name, capturing the
// uses of another name), and that the edits applied to the text give a program that
// still checks cleanly and means the same.

import { describe, expect, test } from 'vitest';
import { applyChanges, applyEdits, expectClean, single, workspace } from '../helpers/service.js';

const GEOM = `/// A point.
pub struct Point { x: f64, y: f64 }

impl Point {
    pub fun new(x: f64, y: f64) -> Point { Point { x, y } }
    pub fun norm(&self) -> f64 { (self.x * self.x + self.y * self.y).sqrt() }
}

pub fun origin() -> Point { Point::new(0.0, 0.0) }
`;

const MAIN = `use geom::{Point, origin}

fun main() {
    let p = Point::new(3.0, 4.0)
    let o = origin()
    let mut n = p.norm()
    n = n + o.norm()
    println(n, p.x)
}
`;

describe('prepareRename', () => {
  const ws = single('fun add(a: i64, b: i64) -> i64 {\n    a + b\n}\nfun main() {\n    let [|total|] = add(1, 2)\n    println(total)\n}\n');

  test('on a name: its range and the current name as placeholder', () => {
    const [total] = ws.locations('main.ruchy');
    expect(ws.service.prepareRename(ws.main, total.start + 2)).toEqual({ ok: true, start: total.start, end: total.end, placeholder: 'total' });
    const use = ws.at('main.ruchy', 'total)');
    expect(ws.service.prepareRename(ws.main, use)).toEqual({ ok: true, start: use, end: use + 5, placeholder: 'total' });
  });

  test('refused on a builtin, with a reason', () => {
    expect(ws.service.prepareRename(ws.main, ws.at('main.ruchy', 'println'))).toEqual({ ok: false, error: '`println` is built in and cannot be renamed' });
  });

  test('refused where there is no name: whitespace, a keyword, a literal', () => {
    for (const offset of [ws.at('main.ruchy', '    let'), ws.at('main.ruchy', 'fun main'), ws.at('main.ruchy', '1, 2')]) {
      expect(ws.service.prepareRename(ws.main, offset)).toEqual({ ok: false, error: 'there is no renamable name here' });
    }
  });

  test('refused on `self`', () => {
    const selfWs = single('struct C { n: i64 }\nimpl C {\n    fun get(&self) -> i64 { self.n }\n}\nfun main() {\n    println(C { n: 1 }.get())\n}\n');
    expect(selfWs.service.prepareRename(selfWs.main, selfWs.at('main.ruchy', 'self.n'))).toEqual({ ok: false, error: '`self` cannot be renamed' });
  });
});

describe('rename', () => {
  test('a local: every occurrence, and the program still checks', () => {
    const ws = single('fun main() {\n    let mut [|count|] = 0\n    [|count|] += 1\n    println([|count|])\n}\n');
    const result = ws.service.rename(ws.main, ws.locations('main.ruchy')[1].start, 'clicks');
    expect(result).toEqual({ ok: true, changes: [{ uri: ws.main, edits: ws.locations('main.ruchy').map(({ start, end }) => ({ start, end, text: 'clicks' })) }] });
    if (!result.ok) return;
    applyChanges(ws.service, result.changes);
    expect(ws.service.getDocument(ws.main)!.text).toBe('fun main() {\n    let mut clicks = 0\n    clicks += 1\n    println(clicks)\n}\n');
    expectClean(ws.service);
  });

  test('a struct across files: declaration, impl, uses, the import; the result checks cleanly', () => {
    const ws = workspace({ 'geom.ruchy': GEOM, 'main.ruchy': MAIN });
    const result = ws.service.rename(ws.uri('main.ruchy'), ws.at('main.ruchy', 'Point::new'), 'Vec2');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.changes.map((c) => [c.uri, c.edits.length])).toEqual([
      [ws.uri('geom.ruchy'), 6],
      [ws.uri('main.ruchy'), 2],
    ]);
    const texts = applyChanges(ws.service, result.changes);
    expect(texts[ws.uri('main.ruchy')]).toBe(MAIN.replaceAll('Point', 'Vec2'));
    expect(texts[ws.uri('geom.ruchy')]).toBe(GEOM.replaceAll('Point', 'Vec2'));
    expectClean(ws.service);
  });

  test('a field written in shorthand keeps the variable: `Point { x }` becomes `Point { px: x }`', () => {
    const ws = workspace({ 'geom.ruchy': GEOM, 'main.ruchy': MAIN });
    const result = ws.service.rename(ws.uri('geom.ruchy'), ws.at('geom.ruchy', 'x: f64'), 'px');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const texts = applyChanges(ws.service, result.changes);
    expect(texts[ws.uri('geom.ruchy')]).toContain('pub struct Point { px: f64, y: f64 }');
    expect(texts[ws.uri('geom.ruchy')]).toContain('Point { px: x, y }');
    expect(texts[ws.uri('geom.ruchy')]).toContain('(self.px * self.px + self.y * self.y)');
    expect(texts[ws.uri('main.ruchy')]).toContain('println(n, p.px)');
    expectClean(ws.service);
  });

  test('a variable written in shorthand keeps the field: `Point { x }` becomes `Point { x: nx }`', () => {
    const ws = workspace({ 'geom.ruchy': GEOM, 'main.ruchy': MAIN });
    const result = ws.service.rename(ws.uri('geom.ruchy'), ws.at('geom.ruchy', 'x: f64, y: f64) ->'), 'nx');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const texts = applyChanges(ws.service, result.changes);
    expect(texts[ws.uri('geom.ruchy')]).toContain('pub fun new(nx: f64, y: f64) -> Point { Point { x: nx, y } }');
    expect(texts[ws.uri('geom.ruchy')]).toContain('pub struct Point { x: f64, y: f64 }');
    expectClean(ws.service);
  });

  test('a shorthand field pattern: `let Point { x, y } = p` keeps its binding', () => {
    const ws = single('struct Point { x: i64, y: i64 }\nfun main() {\n    let p = Point { x: 1, y: 2 }\n    let Point { x, y } = p\n    println(x + y)\n}\n');
    const result = ws.service.rename(ws.main, ws.at('main.ruchy', 'x: i64'), 'left');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(applyEdits(ws.text('main.ruchy'), result.changes[0].edits)).toBe(
      'struct Point { left: i64, y: i64 }\nfun main() {\n    let p = Point { left: 1, y: 2 }\n    let Point { left: x, y } = p\n    println(x + y)\n}\n',
    );
  });

  test('a function across files, from its declaration', () => {
    const ws = workspace({ 'geom.ruchy': GEOM, 'main.ruchy': MAIN });
    const result = ws.service.rename(ws.uri('geom.ruchy'), ws.at('geom.ruchy', 'origin'), 'zero');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const texts = applyChanges(ws.service, result.changes);
    expect(texts[ws.uri('main.ruchy')]).toContain('use geom::{Point, zero}');
    expect(texts[ws.uri('main.ruchy')]).toContain('let o = zero()');
    expectClean(ws.service);
  });

  test('a trait method: the trait, every impl of it and the calls are renamed together, from either end', () => {
    const source = 'trait Area {\n    fun area(&self) -> f64\n}\nstruct Sq { s: f64 }\nstruct Circle { r: f64 }\nimpl Area for Sq {\n    fun area(&self) -> f64 { self.s * self.s }\n}\nimpl Area for Circle {\n    fun area(&self) -> f64 { 3.14 * self.r * self.r }\n}\nfun main() {\n    println(Sq { s: 2.0 }.area(), Circle { r: 1.0 }.area())\n}\n';
    for (const from of [source.indexOf('area(&self) -> f64\n'), source.lastIndexOf('area()')]) {
      const ws = single(source);
      const result = ws.service.rename(ws.main, from, 'surface');
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(applyEdits(source, result.changes[0].edits)).toBe(source.replaceAll('area(', 'surface('));
    }
  });

  test('an import alias is renamed as itself, from the alias or a use of it; what it imports keeps its name', () => {
    const files = { 'geom.ruchy': 'pub struct Point { x: i64 }\n', 'main.ruchy': 'use geom::Point as P\n\nfun main() {\n    println(P { x: 1 }.x)\n}\n' };
    for (const at of [files['main.ruchy'].indexOf('P {'), files['main.ruchy'].indexOf('P\n')]) {
      const ws = workspace(files);
      const prepared = ws.service.prepareRename(ws.uri('main.ruchy'), at);
      expect(prepared).toMatchObject({ ok: true, placeholder: 'P' });
      const result = ws.service.rename(ws.uri('main.ruchy'), at, 'Q');
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const texts = applyChanges(ws.service, result.changes);
      expect(texts[ws.uri('main.ruchy')]).toBe('use geom::Point as Q\n\nfun main() {\n    println(Q { x: 1 }.x)\n}\n');
      expect(result.changes.map((c) => c.uri)).toEqual([ws.uri('main.ruchy')]);
    }
  });

  test('renaming an item renames the path of an aliased import, not the alias', () => {
    const ws = workspace({ 'geom.ruchy': 'pub struct Point { x: i64 }\n', 'main.ruchy': 'use geom::Point as P\n\nfun main() {\n    println(P { x: 1 }.x)\n}\n' });
    const result = ws.service.rename(ws.uri('geom.ruchy'), ws.at('geom.ruchy', 'Point'), 'Spot');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const texts = applyChanges(ws.service, result.changes);
    expect(texts[ws.uri('geom.ruchy')]).toBe('pub struct Spot { x: i64 }\n');
    expect(texts[ws.uri('main.ruchy')]).toBe('use geom::Spot as P\n\nfun main() {\n    println(P { x: 1 }.x)\n}\n');
  });

  test('an invalid identifier and a keyword are refused', () => {
    const ws = single('fun main() {\n    let total = 1\n    println(total)\n}\n');
    const at = ws.at('main.ruchy', 'total');
    expect(ws.service.rename(ws.main, at, '1abc')).toEqual({ ok: false, error: '`1abc` is not a valid name: use letters, digits and `_`, not starting with a digit' });
    expect(ws.service.rename(ws.main, at, 'my-name')).toMatchObject({ ok: false });
    expect(ws.service.rename(ws.main, at, '')).toMatchObject({ ok: false });
    expect(ws.service.rename(ws.main, at, 'match')).toEqual({ ok: false, error: '`match` is a keyword' });
    expect(ws.service.rename(ws.main, at, '_')).toEqual({ ok: false, error: '`_` is a wildcard pattern, not a name' });
    // The same name: nothing to do.
    expect(ws.service.rename(ws.main, at, 'total')).toEqual({ ok: true, changes: [] });
  });

  test('a clash with a name visible where the symbol is used is refused', () => {
    const ws = workspace({ 'geom.ruchy': GEOM, 'main.ruchy': MAIN });
    const main = ws.uri('main.ruchy');
    expect(ws.service.rename(main, ws.at('main.ruchy', 'p = Point'), 'o')).toEqual({
      ok: false,
      error: 'renaming to `o` would clash with the variable `o` already visible there',
    });
  });

  test('a name that would capture the uses of another one is refused (a builtin, a function)', () => {
    const ws = single('fun helper() -> i64 {\n    1\n}\nfun main() {\n    let total = 2\n    println(total, helper())\n}\n');
    const at = ws.at('main.ruchy', 'total');
    const toBuiltin = ws.service.rename(ws.main, at, 'println');
    expect(toBuiltin).toEqual({ ok: false, error: 'renaming to `println` would clash with the builtin `println`: its uses would refer to the renamed variable instead' });
    const toFunction = ws.service.rename(ws.main, at, 'helper');
    expect(toFunction.ok).toBe(false);
    // Two top-level functions with one name.
    const duplicate = ws.service.rename(ws.main, ws.at('main.ruchy', 'helper'), 'main');
    expect(duplicate.ok).toBe(false);
  });

  test('shadowing an unrelated name that is not used in the scope is allowed', () => {
    const ws = single('fun helper() -> i64 {\n    1\n}\nfun main() {\n    let total = 2\n    println(total)\n}\nfun other() -> i64 {\n    helper()\n}\n');
    const result = ws.service.rename(ws.main, ws.at('main.ruchy', 'total'), 'helper');
    expect(result.ok).toBe(true);
  });
});
