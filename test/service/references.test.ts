// LanguageService.references (with and without the declaration, across files) and
// highlights (the occurrences in one file, with read and write kinds).

import { describe, expect, test } from 'vitest';
import { single, textAt, workspace } from '../helpers/service.js';

describe('references', () => {
  test('a local: with and without its declaration, in order', () => {
    const ws = single('fun main() {\n    let mut [|count|] = 0\n    [|count|] += 1\n    println([|co<|>unt|])\n}\n');
    const all = ws.locations('main.ruchy');
    expect(ws.service.references(ws.main, ws.cursorAt, true)).toEqual(all);
    expect(ws.service.references(ws.main, ws.cursorAt, false)).toEqual(all.slice(1));
    // The same answer from the declaration.
    expect(ws.service.references(ws.main, all[0].start, true)).toEqual(all);
  });

  test('a local is not confused with another of the same name in another function', () => {
    const ws = single('fun a() -> i64 {\n    let [|n|] = 1\n    [|n|]\n}\nfun b() -> i64 {\n    let n = 2\n    n\n}\nfun main() {\n    println(a(), b())\n}\n');
    expect(ws.service.references(ws.main, ws.locations('main.ruchy')[1].start, true)).toEqual(ws.locations('main.ruchy'));
  });

  test('a function used in another file, in the import and the calls', () => {
    const ws = workspace({
      'util.ruchy': '/// Three times.\npub fun [|triple|](x: i64) -> i64 {\n    x * 3\n}\n',
      'main.ruchy': 'use util::[|triple|]\n\nfun main() {\n    println([|triple|](2), [|triple|](3))\n}\n',
    });
    const expected = [...ws.locations('main.ruchy'), ...ws.locations('util.ruchy')];
    const fromMain = ws.service.references(ws.uri('main.ruchy'), ws.at('main.ruchy', 'triple(2)'), true);
    expect(new Set(fromMain.map((l) => l.uri))).toEqual(new Set([ws.uri('main.ruchy'), ws.uri('util.ruchy')]));
    expect(sortLocations(fromMain)).toEqual(sortLocations(expected));
    const withoutDeclaration = ws.service.references(ws.uri('util.ruchy'), ws.locations('util.ruchy')[0].start, false);
    expect(sortLocations(withoutDeclaration)).toEqual(sortLocations(ws.locations('main.ruchy')));
  });

  test('an item imported with an alias: the path, the alias and its uses name it; definition from the alias leads to it', () => {
    const ws = workspace({
      'util.ruchy': 'pub fun [|triple|](x: i64) -> i64 {\n    x * 3\n}\n',
      'main.ruchy': 'use util::[|triple|] as [|t3|]\n\nfun main() {\n    println([|t3|](2), [|t3|](3))\n}\n',
    });
    const expected = sortLocations([...ws.locations('main.ruchy'), ...ws.locations('util.ruchy')]);
    expect(sortLocations(ws.service.references(ws.uri('util.ruchy'), ws.locations('util.ruchy')[0].start, true))).toEqual(expected);
    expect(sortLocations(ws.service.references(ws.uri('main.ruchy'), ws.at('main.ruchy', 't3(2)'), true))).toEqual(expected);
    expect(ws.service.definition(ws.uri('main.ruchy'), ws.at('main.ruchy', 't3\n'))).toEqual([ws.locations('util.ruchy')[0]]);
    // Highlighting the alias shows the alias and its uses, not the path.
    const highlights = ws.service.highlights(ws.uri('main.ruchy'), ws.at('main.ruchy', 't3(3)'));
    expect(highlights.map((h) => h.start)).toEqual(ws.locations('main.ruchy').slice(1).map((l) => l.start));
  });

  test('a field: the declaration, shorthand initializers, accesses, across files', () => {
    const ws = workspace({
      'geom.ruchy': 'pub struct Point { [|x|]: f64, y: f64 }\n\npub fun make(x: f64, y: f64) -> Point {\n    Point { [|x|], y }\n}\n',
      'main.ruchy': 'use geom::make\n\nfun main() {\n    let p = make(1.0, 2.0)\n    println(p.[|x|] + p.y)\n}\n',
    });
    const refs = ws.service.references(ws.uri('geom.ruchy'), ws.locations('geom.ruchy')[0].start, true);
    expect(sortLocations(refs)).toEqual(sortLocations([...ws.locations('geom.ruchy'), ...ws.locations('main.ruchy')]));
    for (const r of refs) expect(textAt(ws.service, r)).toBe('x');
  });

  test('a method across impl and call sites', () => {
    const ws = single('struct C { n: i64 }\nimpl C {\n    fun [|get|](&self) -> i64 { self.n }\n    fun twice(&self) -> i64 { self.[|get|]() * 2 }\n}\nfun main() {\n    let c = C { n: 1 }\n    println(c.[|get|](), c.twice())\n}\n');
    expect(ws.service.references(ws.main, ws.at('main.ruchy', 'get()', 0, 1), true)).toEqual(ws.locations('main.ruchy'));
  });

  test('nothing on whitespace or a literal', () => {
    const ws = single('fun main() {\n    println(1)\n}\n');
    expect(ws.service.references(ws.main, ws.at('main.ruchy', '1)'), true)).toEqual([]);
    expect(ws.service.references(ws.main, 0, true)).toEqual([]);
  });
});

describe('highlights', () => {
  test('read and write occurrences of a local; the declaration counts as a write', () => {
    const ws = single('fun main() {\n    let mut [|n|] = 0\n    [|n|] = [|n|] + 1\n    [|n|] += 2\n    println([|n|])\n}\n');
    const [declaration, assigned, read, compound, printed] = ws.locations('main.ruchy');
    expect(ws.service.highlights(ws.main, printed.start)).toEqual([
      { start: declaration.start, end: declaration.end, kind: 'write' },
      { start: assigned.start, end: assigned.end, kind: 'write' },
      { start: read.start, end: read.end, kind: 'read' },
      { start: compound.start, end: compound.end, kind: 'write' },
      { start: printed.start, end: printed.end, kind: 'read' },
    ]);
  });

  test('only the occurrences in the asked file', () => {
    const ws = workspace({
      'util.ruchy': 'pub fun triple(x: i64) -> i64 {\n    x * 3\n}\n',
      'main.ruchy': 'use util::[|triple|]\n\nfun main() {\n    println([|triple|](2))\n}\n',
    });
    const highlights = ws.service.highlights(ws.uri('main.ruchy'), ws.at('main.ruchy', 'triple(2)'));
    expect(highlights.map(({ start, end }) => ({ start, end }))).toEqual(ws.marks['main.ruchy'].ranges);
    expect(highlights.map((h) => h.kind)).toEqual(['read', 'read']);
  });

  test('parameters, and nothing where there is no name', () => {
    const ws = single('fun f([|a|]: i64) -> i64 {\n    [|a|] * [|a|]\n}\nfun main() {\n    println(f(2))\n}\n');
    const [param, left, right] = ws.locations('main.ruchy');
    expect(ws.service.highlights(ws.main, right.start)).toEqual([
      { start: param.start, end: param.end, kind: 'write' },
      { start: left.start, end: left.end, kind: 'read' },
      { start: right.start, end: right.end, kind: 'read' },
    ]);
    expect(ws.service.highlights(ws.main, ws.at('main.ruchy', '2))'))).toEqual([]);
  });
});

function sortLocations<T extends { uri: string; start: number }>(locations: readonly T[]): T[] {
  return [...locations].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.start - b.start));
}
