// LanguageService.codeActions: each quick fix, applied to the text, makes its diagnostic
// disappear when the program is checked again, leaves no other problem behind, and gives
// exactly the expected text (no blank lines left, no broken syntax, no lost effects).

import { describe, expect, test } from 'vitest';
import type { CodeAction } from '../../src/service/types.js';
import type { LanguageService } from '../../src/service/language-service.js';
import { applyChanges, describeDiagnostics, single, workspace, type TestWorkspace } from '../helpers/service.js';

const UTIL = 'pub fun origin() -> i64 {\n    0\n}\npub struct Point { x: i64 }\n';

/** The actions offered for the only diagnostic with `code` in main.ruchy. */
function actionsFor(ws: TestWorkspace, code: string): { actions: CodeAction[]; message: string } {
  const main = ws.uri('main.ruchy');
  const diagnostics = ws.service.diagnostics(main).filter((d) => d.code === code);
  expect(diagnostics, describeDiagnostics(ws.text('main.ruchy'), ws.service.diagnostics(main)).join('\n')).toHaveLength(1);
  const [d] = diagnostics;
  const actions = ws.service.codeActions(main, d.start, d.end).filter((a) => a.diagnostics.some((x) => x.code === code));
  return { actions, message: d.message };
}

/** Applies the action titled `title`; returns main.ruchy's new text and all diagnostics after it. */
function apply(ws: TestWorkspace, code: string, title: string): { text: string; after: string[]; service: LanguageService } {
  const { actions, message } = actionsFor(ws, code);
  const action = actions.find((a) => a.title === title);
  expect(action, `actions: ${actions.map((a) => a.title).join(', ')}`).toBeDefined();
  applyChanges(ws.service, action!.changes);
  const after = ws.service.files().flatMap((uri) => describeDiagnostics(ws.service.getDocument(uri)!.text, ws.service.diagnostics(uri)));
  expect(after.some((line) => line.startsWith(code) && line.endsWith(message))).toBe(false);
  return { text: ws.service.getDocument(ws.uri('main.ruchy'))!.text, after, service: ws.service };
}

describe('quick fixes', () => {
  test('make a binding mutable', () => {
    const ws = single('fun main() {\n    let n = 1\n    n = 2\n    println(n)\n}\n');
    const { actions } = actionsFor(ws, 'R0105');
    expect(actions.map((a) => [a.title, a.kind, a.isPreferred])).toEqual([['Make `n` mutable', 'quickfix', true]]);
    const { text, after } = apply(ws, 'R0105', 'Make `n` mutable');
    expect(text).toBe('fun main() {\n    let mut n = 1\n    n = 2\n    println(n)\n}\n');
    expect(after).toEqual([]);
  });

  test('make a parameter, a loop variable and a tuple element mutable', () => {
    const cases = [
      ['fun f(a: i64) -> i64 {\n    a = a + 1\n    a\n}\nfun main() {\n    println(f(1))\n}\n', 'fun f(mut a: i64)'],
      ['fun main() {\n    for i in 0..3 {\n        i += 1\n        println(i)\n    }\n}\n', 'for mut i in'],
      ['fun main() {\n    let (a, b) = (1, 2)\n    a = 5\n    println(a, b)\n}\n', 'let (mut a, b)'],
    ];
    for (const [source, expected] of cases) {
      const ws = single(source);
      const { text, after } = apply(ws, 'R0105', (actionsFor(ws, 'R0105').actions[0] ?? { title: '' }).title);
      expect(text).toContain(expected);
      expect(after).toEqual([]);
    }
  });

  test('make a top-level binding of another file mutable: the edit goes to that file', () => {
    const ws = workspace({
      'state.ruchy': 'let counter = 0\n',
      'main.ruchy': 'use state::counter\n\nfun main() {\n    counter = counter + 1\n    println(counter)\n}\n',
    });
    const { actions } = actionsFor(ws, 'R0105');
    expect(actions[0].changes.map((c) => c.uri)).toEqual([ws.uri('state.ruchy')]);
    const { after } = apply(ws, 'R0105', 'Make `counter` mutable');
    expect(ws.service.getDocument(ws.uri('state.ruchy'))!.text).toBe('let mut counter = 0\n');
    expect(after).toEqual([]);
  });

  test('remove a needless `mut`', () => {
    const ws = single('fun main() {\n    let mut n = 1\n    println(n)\n}\n');
    const { text, after } = apply(ws, 'R0406', 'Remove the unnecessary `mut`');
    expect(text).toBe('fun main() {\n    let n = 1\n    println(n)\n}\n');
    expect(after).toEqual([]);
  });

  test('remove an unused variable: the whole line goes, no blank line is left', () => {
    const ws = single('fun main() {\n    let unused = 1\n    println("x")\n}\n');
    const { actions } = actionsFor(ws, 'R0401');
    expect(actions.map((a) => a.title)).toEqual(['Remove unused `unused`', 'Prefix with `_`: `_unused`']);
    const { text, after } = apply(ws, 'R0401', 'Remove unused `unused`');
    expect(text).toBe('fun main() {\n    println("x")\n}\n');
    expect(after).toEqual([]);
  });

  test('remove an unused variable whose initializer calls something: the call stays', () => {
    const ws = single('fun compute() -> i64 {\n    println("side effect")\n    1\n}\nfun main() {\n    let unused = compute()\n    println("x")\n}\n');
    const { text, after } = apply(ws, 'R0401', 'Remove unused `unused`');
    expect(text).toBe('fun compute() -> i64 {\n    println("side effect")\n    1\n}\nfun main() {\n    compute()\n    println("x")\n}\n');
    expect(after).toEqual([]);
  });

  test('remove an unused variable on a line with other statements: its `;` goes too', () => {
    const ws = single('fun main() { let a = 1; println(2) }\n');
    const { text, after } = apply(ws, 'R0401', 'Remove unused `a`');
    expect(text).toBe('fun main() { println(2) }\n');
    expect(after).toEqual([]);
  });

  test('remove an unused variable with a comment after it: the comment stays, at the indentation', () => {
    const ws = single('fun main() {\n    let a = 1 // note\n    println(2)\n}\n');
    expect(apply(ws, 'R0401', 'Remove unused `a`')).toMatchObject({ text: 'fun main() {\n    // note\n    println(2)\n}\n', after: [] });
  });

  test('remove an unused variable from a file with CRLF line breaks', () => {
    const ws = single('fun main() {\r\n    let unused = 2\r\n    println(1)\r\n}\r\n');
    expect(apply(ws, 'R0401', 'Remove unused `unused`')).toMatchObject({ text: 'fun main() {\r\n    println(1)\r\n}\r\n', after: [] });
  });

  test('prefix an unused variable with `_`, also in patterns and loops', () => {
    for (const [source, expected] of [
      ['fun main() {\n    let unused = 1\n    println("x")\n}\n', 'let _unused = 1'],
      ['fun main() {\n    let (a, b) = (1, 2)\n    println(a)\n}\n', 'let (a, _b) = (1, 2)'],
      ['fun main() {\n    for i in 0..3 {\n        println("x")\n    }\n}\n', 'for _i in 0..3'],
    ]) {
      const ws = single(source);
      const title = actionsFor(ws, 'R0401').actions.find((a) => a.title.startsWith('Prefix'))!.title;
      const { text, after } = apply(ws, 'R0401', title);
      expect(text).toContain(expected);
      expect(after).toEqual([]);
    }
  });

  test('remove an unused import: a whole `use` line', () => {
    const ws = workspace({ 'util.ruchy': UTIL, 'main.ruchy': 'use util::origin\nuse util::Point\n\nfun main() {\n    println(origin())\n}\n' });
    const { text, after } = apply(ws, 'R0404', 'Remove unused `Point`');
    expect(text).toBe('use util::origin\n\nfun main() {\n    println(origin())\n}\n');
    expect(after).toEqual([]);
  });

  test('remove an unused import from a `{...}` list: its comma goes with it, first or last', () => {
    for (const [source, expected] of [
      ['use util::{origin, Point}\n\nfun main() {\n    println(origin())\n}\n', 'use util::{origin}\n'],
      ['use util::{Point, origin}\n\nfun main() {\n    println(origin())\n}\n', 'use util::{origin}\n'],
      ['use util::{Point}\nuse util::origin\n\nfun main() {\n    println(origin())\n}\n', 'use util::origin\n\nfun main'],
    ]) {
      const ws = workspace({ 'util.ruchy': UTIL, 'main.ruchy': source });
      const { text, after } = apply(ws, 'R0404', 'Remove unused `Point`');
      expect(text.startsWith(expected), text).toBe(true);
      expect(after).toEqual([]);
    }
  });

  test('remove an unused import from a list written one item per line: its line goes', () => {
    const ws = workspace({ 'util.ruchy': UTIL, 'main.ruchy': 'use util::{\n    origin,\n    Point,\n}\n\nfun main() {\n    println(origin())\n}\n' });
    const { text, after } = apply(ws, 'R0404', 'Remove unused `Point`');
    expect(text).toBe('use util::{\n    origin,\n}\n\nfun main() {\n    println(origin())\n}\n');
    expect(after).toEqual([]);
  });

  test('two unused imports of one list: removing one leaves a valid list with the other', () => {
    const ws = workspace({ 'util.ruchy': UTIL, 'main.ruchy': 'use util::{origin, Point}\n\nfun main() {\n    println(1)\n}\n' });
    const main = ws.uri('main.ruchy');
    const origin = ws.service.diagnostics(main).find((d) => d.message === 'unused import `origin`')!;
    const action = ws.service.codeActions(main, origin.start, origin.end).find((a) => a.title === 'Remove unused `origin`')!;
    applyChanges(ws.service, action.changes);
    expect(ws.service.getDocument(main)!.text.split('\n')[0]).toBe('use util::{Point}');
    expect(describeDiagnostics(ws.service.getDocument(main)!.text, ws.service.diagnostics(main))).toEqual(['R0404 `Point` unused import `Point`']);
  });

  test('remove an unused parameter: the argument of every call goes too, across files', () => {
    const ws = workspace({
      'main.ruchy': 'pub fun f(a: i64, b: i64) -> i64 {\n    a\n}\nfun main() {\n    println(f(1, 2), f(3, 4))\n}\n',
      'other.ruchy': 'use main::f\n\npub fun g() -> i64 {\n    f(5, 6)\n}\n',
    });
    const { text, after } = apply(ws, 'R0402', 'Remove unused `b`');
    expect(text).toBe('pub fun f(a: i64) -> i64 {\n    a\n}\nfun main() {\n    println(f(1), f(3))\n}\n');
    expect(ws.service.getDocument(ws.uri('other.ruchy'))!.text).toBe('use main::f\n\npub fun g() -> i64 {\n    f(5)\n}\n');
    expect(after.filter((line) => !line.includes('is never used'))).toEqual([]);
  });

  test('remove an unused first parameter, and one of a method called with `.`', () => {
    const first = single('fun f(a: i64, b: i64) -> i64 {\n    b\n}\nfun main() {\n    println(f(1, 2))\n}\n');
    expect(apply(first, 'R0402', 'Remove unused `a`')).toMatchObject({ text: 'fun f(b: i64) -> i64 {\n    b\n}\nfun main() {\n    println(f(2))\n}\n', after: [] });
    const method = single('struct P { v: i64 }\nimpl P {\n    fun m(&self, k: i64, unused: i64) -> i64 { self.v * k }\n}\nfun main() {\n    let p = P { v: 1 }\n    println(p.m(2, 3))\n}\n');
    const { text, after } = apply(method, 'R0402', 'Remove unused `unused`');
    expect(text).toBe('struct P { v: i64 }\nimpl P {\n    fun m(&self, k: i64) -> i64 { self.v * k }\n}\nfun main() {\n    let p = P { v: 1 }\n    println(p.m(2))\n}\n');
    expect(after).toEqual([]);
  });

  test('no removal of a parameter when a call site cannot follow: the function used as a value, an argument with effects', () => {
    const asValue = single('fun f(a: i64, b: i64) -> i64 {\n    a\n}\nfun main() {\n    let g = f\n    println(g(1, 2))\n}\n');
    expect(actionsFor(asValue, 'R0402').actions.map((a) => a.title)).toEqual(['Prefix with `_`: `_b`']);
    const effects = single('fun f(a: i64, b: i64) -> i64 {\n    a\n}\nfun side() -> i64 {\n    println("!")\n    2\n}\nfun main() {\n    println(f(1, side()))\n}\n');
    expect(actionsFor(effects, 'R0402').actions.map((a) => a.title)).toEqual(['Prefix with `_`: `_b`']);
    const { text, after } = apply(effects, 'R0402', 'Prefix with `_`: `_b`');
    expect(text).toContain('fun f(a: i64, _b: i64)');
    expect(after).toEqual([]);
  });

  test('remove an unused function with its doc comment and attributes, and one blank line', () => {
    const ws = single('fun main() {\n    println(1)\n}\n\n/// Helps.\n#[inline]\nfun helper() {\n    1\n}\n\nfun last() {\n    main()\n}\n');
    // `last` is unused too; `helper` is the one removed here.
    const main = ws.uri('main.ruchy');
    const d = ws.service.diagnostics(main).find((x) => x.message === 'function `helper` is never used')!;
    const action = ws.service.codeActions(main, d.start, d.end).find((a) => a.title === 'Remove unused `helper`')!;
    applyChanges(ws.service, action.changes);
    expect(ws.service.getDocument(main)!.text).toBe('fun main() {\n    println(1)\n}\n\nfun last() {\n    main()\n}\n');
  });

  test('remove an unused function at the end of the file: no blank line is left at the end', () => {
    const ws = single('fun main() {\n    println(1)\n}\n\nfun helper() {\n    1\n}\n');
    const { text, after } = apply(ws, 'R0403', 'Remove unused `helper`');
    expect(text).toBe('fun main() {\n    println(1)\n}\n');
    expect(after).toEqual([]);
  });

  test('change a misspelt name to the suggestion: a variable, a field, a method', () => {
    for (const [source, code, title, expected] of [
      ['fun main() {\n    let total = 1\n    println(totl)\n}\n', 'R0101', 'Change to `total`', 'println(total)'],
      ['struct P { x: i64 }\nfun main() {\n    let p = P { x: 1 }\n    println(p.y)\n}\n', 'R0206', 'Change to `x`', 'println(p.x)'],
      ['fun main() {\n    let s = "abc"\n    println(s.to_upprcase())\n}\n', 'R0211', 'Change to `to_uppercase`', 's.to_uppercase()'],
    ]) {
      const ws = single(source);
      const { actions } = actionsFor(ws, code);
      expect(actions[0]).toMatchObject({ title, isPreferred: true });
      const { text, after } = apply(ws, code, title);
      expect(text).toContain(expected);
      expect(after).toEqual([]);
    }
  });

  test('create a missing function with one parameter per argument, named after plain-name arguments', () => {
    const ws = single('fun main() {\n    let width = 2\n    let r = compute_area(width, width * 2)\n    println(r)\n}\n');
    const { actions } = actionsFor(ws, 'R0102');
    expect(actions.map((a) => a.title)).toContain('Create function `compute_area`');
    const { text, after } = apply(ws, 'R0102', 'Create function `compute_area`');
    expect(text).toBe(
      'fun main() {\n    let width = 2\n    let r = compute_area(width, width * 2)\n    println(r)\n}\n\nfun compute_area(width, arg2) {\n    // TODO: implement compute_area\n}\n',
    );
    // The stub's parameters are not used yet; nothing else is wrong.
    expect(after).toEqual(['R0402 `width` unused parameter `width`', 'R0402 `arg2` unused parameter `arg2`']);
  });

  test('no "change to" a name that cannot be called, for an undefined function', () => {
    const ws = single('mod m {\n    pub fun g() {\n        h(1)\n    }\n}\nfun main() {\n    m::g()\n}\n');
    const { actions } = actionsFor(ws, 'R0102');
    expect(actions.map((a) => a.title)).toEqual(['Create function `h`']);
  });

  test('implement the missing methods of a trait: its signatures, after the last method, with a body that panics', () => {
    const ws = single(
      'trait Shape {\n    /// The area.\n    fun area(&self) -> f64\n    fun scaled(&self, k: f64) -> f64;\n    fun name(&self) -> String { "shape" }\n}\nstruct Sq { s: f64 }\nimpl Shape for Sq {\n    fun area(&self) -> f64 { self.s * self.s }\n}\nfun main() {\n    println(Sq { s: 2.0 }.scaled(2.0))\n}\n',
    );
    const { actions, message } = actionsFor(ws, 'R0212');
    expect(message).toBe('`impl Shape for Sq` is missing method `scaled` of trait `Shape`');
    expect(actions[0]).toMatchObject({ title: 'Implement missing method of `Shape`', isPreferred: true });
    const { text, after } = apply(ws, 'R0212', 'Implement missing method of `Shape`');
    expect(text).toContain('impl Shape for Sq {\n    fun area(&self) -> f64 { self.s * self.s }\n    fun scaled(&self, k: f64) -> f64 {\n        panic!("not implemented: scaled")\n    }\n}\n');
    // The stub does not use its parameter yet; nothing else is wrong.
    expect(after).toEqual(['R0402 `k` unused parameter `k`']);
  });

  test('implement missing methods in an empty impl, one line, indented, of a generic trait in another file', () => {
    const ws = workspace({
      'conv.ruchy': 'pub trait Convert<T> {\n    fun convert(&self) -> T\n    fun convert_all(&self, items: [T]) -> [T]\n}\n',
      'main.ruchy': 'use conv::Convert\nstruct Meters { v: f64 }\nmod units {\n    impl Convert<f64> for super::Meters {}\n}\n',
    });
    const { text, after } = apply(ws, 'R0212', 'Implement missing methods of `Convert`');
    expect(text).toContain(
      '    impl Convert<f64> for super::Meters {\n        fun convert(&self) -> f64 {\n            panic!("not implemented: convert")\n        }\n        fun convert_all(&self, items: [f64]) -> [f64] {\n            panic!("not implemented: convert_all")\n        }\n    }\n',
    );
    expect(after.filter((line) => line.startsWith('R0212') || / error /.test(line))).toEqual([]);
  });

  test('only the actions of diagnostics in the asked range', () => {
    const ws = single('fun main() {\n    let a = 1\n    let b = 2\n    println("x")\n}\n');
    const main = ws.uri('main.ruchy');
    const b = ws.at('main.ruchy', 'b =');
    expect(ws.service.codeActions(main, b, b + 1).map((a) => a.title)).toEqual(['Remove unused `b`', 'Prefix with `_`: `_b`']);
    expect(ws.service.codeActions(main, 0, 0)).toEqual([]);
    expect(ws.service.codeActions('file:///ws/nope.ruchy', 0, 10)).toEqual([]);
  });
});
