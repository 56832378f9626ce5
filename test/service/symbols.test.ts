// LanguageService.documentSymbols (the outline: items with their members as children,
// whole-declaration ranges containing the name ranges) and workspaceSymbols (fuzzy,
// case-insensitive search over the top-level symbols and members of every file).

import { describe, expect, test } from 'vitest';
import type { DocumentSymbol } from '../../src/service/types.js';
import { workspace } from '../helpers/service.js';

const MAIN = `struct Counter { count: i64 }
enum Shape { Circle(f64), Square { side: f64 } }
trait Area {
    fun area(&self) -> f64
}
impl Area for Shape {
    fun area(&self) -> f64 { 1.0 }
}
mod util {
    pub fun helper() -> i64 { 1 }
}
type Id = i64
const LIMIT: i64 = 10
let top = 5
fun main() {
    let local = 1
    println(top, local, LIMIT, util::helper(), Counter { count: 1 }.count)
}
`;

function outline(symbols: readonly DocumentSymbol[]): unknown[] {
  return symbols.map((s) => (s.children.length > 0 ? [`${s.kind} ${s.name}`, outline(s.children)] : `${s.kind} ${s.name}`));
}

describe('documentSymbols', () => {
  const ws = workspace({ 'main.ruchy': MAIN, 'other.ruchy': 'pub fun count_all() -> i64 {\n    1\n}\n' });
  const symbols = ws.service.documentSymbols(ws.uri('main.ruchy'));

  test('the hierarchy: items in order, fields, variants and methods as children; no locals', () => {
    expect(outline(symbols)).toEqual([
      ['struct Counter', ['field count']],
      ['enum Shape', ['variant Circle', 'variant Square']],
      ['trait Area', ['method area']],
      ['struct impl Area for Shape', ['method area']],
      ['module util', ['function helper']],
      'typeAlias Id',
      'constant LIMIT',
      'variable top',
      'function main',
    ]);
  });

  test('ranges: the whole declaration, and the name inside it', () => {
    const text = ws.text('main.ruchy');
    const check = (s: DocumentSymbol): void => {
      expect(s.range.start).toBeLessThanOrEqual(s.selectionRange.start);
      expect(s.selectionRange.end).toBeLessThanOrEqual(s.range.end);
      expect(s.range.uri).toBe(ws.uri('main.ruchy'));
      s.children.forEach(check);
    };
    symbols.forEach(check);
    const main = symbols.find((s) => s.name === 'main')!;
    expect(text.slice(main.range.start, main.range.end)).toMatch(/^fun main\(\) \{[\s\S]*\}$/);
    expect(text.slice(main.selectionRange.start, main.selectionRange.end)).toBe('main');
    expect(main.detail).toBe('fun main()');
    const counter = symbols[0];
    expect(text.slice(counter.range.start, counter.range.end)).toBe('struct Counter { count: i64 }');
    expect(counter.children[0]).toMatchObject({ name: 'count', detail: 'i64' });
  });

  test('a file that is not open has no symbols', () => {
    expect(ws.service.documentSymbols('file:///ws/nope.ruchy')).toEqual([]);
  });
});

describe('workspaceSymbols', () => {
  const ws = workspace({ 'main.ruchy': MAIN, 'other.ruchy': 'pub fun count_all() -> i64 {\n    1\n}\n' });
  const names = (query: string) => ws.service.workspaceSymbols(query).map((s) => `${s.kind} ${s.container === null ? '' : `${s.container}.`}${s.name} ${s.location!.uri.slice('file:///ws/'.length)}`);

  test('fuzzy and case-insensitive, across files, members with their container', () => {
    expect(names('cnt').sort()).toEqual(['field Counter.count main.ruchy', 'function count_all other.ruchy', 'struct Counter main.ruchy']);
    expect(names('COUNT').sort()).toEqual(names('cnt').sort());
    expect(names('area').sort()).toEqual(['method Area.area main.ruchy', 'method Shape.area main.ruchy', 'trait Area main.ruchy']);
  });

  test('locations point at the names', () => {
    for (const symbol of ws.service.workspaceSymbols('help')) {
      const text = ws.text(symbol.location!.uri.slice('file:///ws/'.length));
      expect(text.slice(symbol.location!.start, symbol.location!.end)).toBe(symbol.name);
    }
    expect(ws.service.workspaceSymbols('help').map((s) => s.name)).toEqual(['helper']);
  });

  test('no match, no symbols; locals are not workspace symbols', () => {
    expect(ws.service.workspaceSymbols('zzz')).toEqual([]);
    expect(ws.service.workspaceSymbols('local')).toEqual([]);
  });
});
