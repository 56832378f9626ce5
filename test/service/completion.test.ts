// LanguageService.completions at exact positions: locals before builtins, members after
// `.` with their types, associated items after `Type::`, fuzzy prefixes, keywords, call
// snippets with parameter placeholders, and a replace range that covers the typed prefix.
// Nothing inside comments and strings, nor where a new name is being declared.

import { describe, expect, test } from 'vitest';
import type { CompletionItem } from '../../src/service/types.js';
import { single, workspace } from '../helpers/service.js';

const PRELUDE = `struct Point { x: f64, y: f64 }
impl Point {
    fun new(x: f64, y: f64) -> Point { Point { x, y } }
    /// Distance from the origin.
    fun norm(&self) -> f64 { (self.x * self.x + self.y * self.y).sqrt() }
    fun scale(&self, k: f64) -> Point { Point { x: self.x * k, y: self.y * k } }
}
enum Color { Red, Green }
mod util {
    pub fun helper(a: i64, b: i64) -> i64 { a + b }
}
fun area(width: i64, height: i64) -> i64 { width * height }
`;

function complete(body: string): { items: CompletionItem[]; sorted: CompletionItem[]; labels: string[]; cursor: number; text: string } {
  const ws = single(PRELUDE + body);
  const items = ws.service.completions(ws.main, ws.cursorAt);
  const sorted = [...items].sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0));
  return { items, sorted, labels: sorted.map((i) => i.label), cursor: ws.cursorAt, text: ws.text('main.ruchy') };
}

describe('completion', () => {
  test('locals come before functions, and functions before builtins; each with its detail', () => {
    const { sorted, labels } = complete('fun main() {\n    let count = 1\n    let p = Point::new(1.0, 2.0)\n    <|>\n}\n');
    expect(labels.indexOf('count')).toBeLessThan(labels.indexOf('area'));
    expect(labels.indexOf('p')).toBeLessThan(labels.indexOf('area'));
    expect(labels.indexOf('area')).toBeLessThan(labels.indexOf('println'));
    expect(sorted.find((i) => i.label === 'count')).toMatchObject({ kind: 'variable', detail: 'i64', insertText: 'count', isSnippet: false });
    expect(sorted.find((i) => i.label === 'p')).toMatchObject({ kind: 'variable', detail: 'Point' });
    expect(sorted.find((i) => i.label === 'println')).toMatchObject({ kind: 'builtin' });
    // Keywords too, after the names.
    expect(labels).toContain('while');
    expect(labels.indexOf('while')).toBeGreaterThan(labels.indexOf('println'));
  });

  test('a prefix narrows the list, and the replace range covers exactly the typed prefix', () => {
    const { items, cursor } = complete('fun main() {\n    let count = 1\n    let cost = 2\n    co<|>\n}\n');
    expect(items.filter((i) => i.kind === 'variable').map((i) => i.label).sort()).toEqual(['cost', 'count']);
    for (const item of items) expect({ start: item.replaceStart, end: item.replaceEnd }).toEqual({ start: cursor - 2, end: cursor });
    expect(items.filter((i) => i.kind === 'keyword').map((i) => i.label).sort()).toEqual(['const', 'continue']);
  });

  test('members after `.`: fields with their types and methods with their signatures and docs', () => {
    const { sorted, labels, cursor } = complete('fun main() {\n    let p = Point::new(1.0, 2.0)\n    p.<|>\n}\n');
    expect(labels.slice(0, 4)).toEqual(['x', 'y', 'norm', 'scale']);
    expect(sorted[0]).toMatchObject({ label: 'x', kind: 'field', detail: 'f64', insertText: 'x', replaceStart: cursor, replaceEnd: cursor });
    expect(sorted[2]).toMatchObject({ label: 'norm', kind: 'method', detail: 'fun norm(&self) -> f64', doc: 'Distance from the origin.', insertText: 'norm()$0', isSnippet: true });
    // No keywords and no unrelated names after a dot.
    expect(labels).not.toContain('while');
    expect(labels).not.toContain('area');
  });

  test('members after `.` with a prefix, on a builtin type', () => {
    const { labels, cursor, items } = complete('fun main() {\n    let s = "abc"\n    s.to_up<|>\n}\n');
    expect(labels[0]).toBe('to_uppercase');
    for (const item of items) expect(item.replaceStart).toBe(cursor - 'to_up'.length);
  });

  test('call snippets: one placeholder per parameter, `self` left out', () => {
    const { sorted } = complete('fun main() {\n    let p = Point::new(1.0, 2.0)\n    p.sc<|>\n}\n');
    expect(sorted[0]).toMatchObject({ label: 'scale', insertText: 'scale(${1:k})$0', isSnippet: true });
    const free = complete('fun main() {\n    ar<|>\n}\n').sorted[0];
    expect(free).toMatchObject({ label: 'area', kind: 'function', insertText: 'area(${1:width}, ${2:height})$0', isSnippet: true });
  });

  test('a builtin taking any number of arguments puts the cursor between the parentheses', () => {
    const { sorted } = complete('fun main() {\n    printl<|>\n}\n');
    expect(sorted[0]).toMatchObject({ label: 'println', insertText: 'println($1)$0', isSnippet: true });
  });

  test('no parentheses are added when a `(` already follows', () => {
    const { sorted } = complete('fun main() {\n    ar<|>(2, 3)\n}\n');
    expect(sorted[0]).toMatchObject({ label: 'area', insertText: 'area', isSnippet: false });
  });

  test('fuzzy prefixes match letters in order, after exact prefixes', () => {
    const { sorted } = complete('fun main() {\n    let print_count = 1\n    prtln<|>\n}\n');
    expect(sorted.map((i) => i.label)).toContain('println');
    const { labels } = complete('fun main() {\n    let print_count = 1\n    pr<|>\n}\n');
    // `pr` is a prefix of both; the local comes first.
    expect(labels[0]).toBe('print_count');
  });

  test('after `Type::`: associated functions of a struct, variants of an enum, items of a module', () => {
    const point = complete('fun main() {\n    let p = Point::<|>\n}\n');
    expect(point.labels).toEqual(['new', 'norm', 'scale']);
    expect(point.sorted[0]).toMatchObject({ kind: 'method', insertText: 'new(${1:x}, ${2:y})$0' });
    const color = complete('fun main() {\n    let c = Color::<|>\n}\n');
    expect(color.labels).toEqual(['Red', 'Green']);
    expect(color.sorted[0]).toMatchObject({ kind: 'variant', insertText: 'Red', isSnippet: false });
    const module = complete('fun main() {\n    let h = util::h<|>\n}\n');
    expect(module.sorted).toHaveLength(1);
    expect(module.sorted[0]).toMatchObject({ label: 'helper', insertText: 'helper(${1:a}, ${2:b})$0', replaceStart: module.cursor - 1 });
  });

  test('inside an impl: `self.` lists the fields and methods, `Self::` the associated functions', () => {
    const withSelf = (line: string) => complete(`struct Acc { total: i64 }\nimpl Acc {\n    fun zero() -> Acc { Acc { total: 0 } }\n    fun add(&self, n: i64) -> i64 {\n        ${line}\n    }\n}\n`);
    expect(withSelf('self.<|>').labels.slice(0, 2)).toEqual(['total', 'add']);
    expect(withSelf('Self::<|>').labels).toEqual(['zero', 'add']);
  });

  test('module members of another file after `module::`; a name being imported gets no snippet', () => {
    const ws = workspace({
      'util.ruchy': 'pub fun triple(x: i64) -> i64 {\n    x * 3\n}\npub struct Box { v: i64 }\n',
      'main.ruchy': 'use util::tr<|>\n\nfun main() {\n    println(util::triple(2))\n}\n',
    });
    const items = ws.service.completions(ws.uri('main.ruchy'), ws.cursor('main.ruchy'));
    expect(items.map((i) => i.label)).toEqual(['triple']);
    expect(items[0]).toMatchObject({ insertText: 'triple', isSnippet: false });
    const call = ws.service.completions(ws.uri('main.ruchy'), ws.at('main.ruchy', 'triple(2)'));
    expect(call.map((i) => i.label).sort()).toEqual(['Box', 'triple']);
  });

  test('keywords complete by prefix', () => {
    const { items } = complete('fun main() {\n    let n = 3\n    wh<|>\n}\n');
    expect(items.find((i) => i.label === 'while')).toMatchObject({ kind: 'keyword', insertText: 'while', isSnippet: false });
  });

  test('nothing inside a comment, a string, or where a new name is declared', () => {
    expect(complete('fun main() {\n    let count = 1\n    // co<|>\n}\n').items).toEqual([]);
    expect(complete('fun main() {\n    let count = 1\n    println("co<|>")\n}\n').items).toEqual([]);
    expect(complete('fun main() {\n    let count = 1\n    /* co<|> */\n}\n').items).toEqual([]);
    expect(complete('fun main() {\n    let count = 1\n    let co<|>\n}\n').items).toEqual([]);
    expect(complete('fun main() {\n    let x = 1.<|>\n}\n').items).toEqual([]);
  });

  test('inside an f-string interpolation the names in scope are offered', () => {
    const { labels } = complete('fun main() {\n    let count = 1\n    println(f"n = {co<|>}")\n}\n');
    expect(labels[0]).toBe('count');
  });

  test('a file that is not open has no completions', () => {
    const ws = single('fun main() {}\n');
    expect(ws.service.completions('file:///ws/nope.ruchy', 0)).toEqual([]);
  });
});
