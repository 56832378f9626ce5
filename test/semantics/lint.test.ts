// Lint (R04xx): unused variables, parameters, functions and imports; shadowing; `mut` that
// is never needed. Each warning carries quick-fix data (what to remove, how to rename).

import { describe, expect, test } from 'vitest';
import { Codes } from '../../src/diagnostics/codes.js';
import { analyzeFiles, expectDiagnostics, uriOf, withCode } from './helpers.js';

describe('R0401 unused variable', () => {
  test('locals, with the let statement as removal; `_` names are exempt', () => {
    const { text, diagnostics } = withCode(
      `fun main() {
    let unused = compute()
    let _ignored = 2
    let used = 3
    println(used)
}
fun compute() { 1 }`,
      Codes.UnusedVariable.code,
    );
    expect(diagnostics.map((d) => text.slice(d.start, d.end))).toEqual(['unused']);
    const d = diagnostics[0];
    expect(d.message).toBe('unused variable `unused`');
    expect(d.severity).toBe('warning');
    expect(d.tags).toEqual(['unnecessary']);
    const removal = (d.data as { removal: { start: number; end: number } }).removal;
    expect(text.slice(removal.start, removal.end)).toBe('let unused = compute()');
    expect((d.data as { rename: string }).rename).toBe('_unused');
  });

  test('pattern bindings and loop variables have no removal, only a rename', () => {
    const [a, b] = expectDiagnostics(
      `fun f(t) {
    let (x, [|y|]) = t
    for [|i|] in 0..3 { println(x) }
}`,
      Codes.UnusedVariable.code,
      ['`y`', '`i`'],
    );
    expect(a.data).toEqual({ name: 'y', rename: '_y' });
    expect(b.data).toEqual({ name: 'i', rename: '_i' });
  });

  test('top-level lets used by no statement and no function', () => {
    expectDiagnostics(
      `let [|orphan|] = 1
let used = 2
fun show() { println(used) }
show()`,
      Codes.UnusedVariable.code,
      ['unused variable `orphan`'],
    );
  });
});

describe('R0402 unused parameter', () => {
  test('the removal takes the parameter and one comma', () => {
    const { text, diagnostics } = withCode('fun f(a, b, c) { a + c }\nf(1, 2, 3)', Codes.UnusedParameter.code);
    expect(diagnostics.map((d) => text.slice(d.start, d.end))).toEqual(['b']);
    const removal = (diagnostics[0].data as { removal: { start: number; end: number } }).removal;
    expect(text.slice(0, removal.start) + text.slice(removal.end)).toContain('fun f(a, c)');
  });

  test('self, `_` parameters and signatures without body are exempt', () => {
    expect(
      withCode(
        `trait T { fun m(&self, x: i64) -> i64 }
struct S {}
impl S { fun get(&self, _unused: i64) -> i64 { 1 } }
let s = S {}
println(s.get(1))`,
        Codes.UnusedParameter.code,
      ).diagnostics,
    ).toEqual([]);
  });
});

describe('R0403 unused function', () => {
  test('private top-level functions nobody calls; main, pub, _names and #[test] are exempt', () => {
    const [d] = expectDiagnostics(
      `fun helper() { 1 }
fun [|orphan|]() { orphan() }
pub fun api() { helper() }
fun _private() { 1 }
#[test]
fun checks() { assert(true) }
fun main() { }`,
      Codes.UnusedFunction.code,
      ['function `orphan` is never used'],
    );
    const removal = (d.data as { removal: { start: number; end: number } }).removal;
    expect(removal).toEqual({ start: 19, end: 44 });
  });

  test('a function used from another file is used', () => {
    const { analysis } = analyzeFiles({ 'main.ruchy': 'use lib::helper\nhelper()', 'lib.ruchy': 'fun helper() { 1 }' });
    expect(analysis.diagnostics(uriOf('lib.ruchy'))).toEqual([]);
  });

  test('an unused nested function', () => {
    expectDiagnostics('fun main() {\n    fun [|inner|]() { 1 }\n}', Codes.UnusedFunction.code, ['`inner`']);
  });
});

describe('R0404 unused import', () => {
  test('the removal is the whole use statement, or one name of a group', () => {
    const { analysis, marks } = analyzeFiles({
      'main.ruchy': 'use lib::[|unused_one|]\nuse lib::{used, [|spare|]}\nused()',
      'lib.ruchy': 'pub fun unused_one() { 1 }\npub fun used() { 2 }\npub fun spare() { 3 }',
    });
    const ds = analysis.diagnostics(uriOf('main.ruchy')).filter((d) => d.code === Codes.UnusedImport.code);
    const text = marks['main.ruchy'].text;
    expect(ds.map((d) => ({ start: d.start, end: d.end }))).toEqual(marks['main.ruchy'].ranges);
    expect(ds[0].message).toBe('unused import `unused_one`');
    const removal = (d: (typeof ds)[number]) => (d.data as { removal: { start: number; end: number } }).removal;
    expect(text.slice(removal(ds[0]).start, removal(ds[0]).end)).toBe('use lib::unused_one');
    expect(text.slice(removal(ds[1]).start, removal(ds[1]).end)).toBe('spare');
  });
});

describe('R0405 shadowing', () => {
  test('an inner binding with the name of an outer one warns; re-declaring in the same scope does not', () => {
    const [d] = expectDiagnostics(
      `fun f(x) {
    let total = 0
    let total = total + x
    if x > 0 {
        let [|total|] = 5
        println(total)
    }
    let x = x * 2
    println(total, x)
}`,
      Codes.ShadowedBinding.code,
      ['`total` shadows a binding of the enclosing scope'],
    );
    expect(d.severity).toBe('warning');
  });
});

describe('R0406 unnecessary mut', () => {
  test('range from `mut` to the name; the removal is `mut `', () => {
    const { text, diagnostics } = withCode(
      `fun main() {
    let mut a = 1
    let mut b = 2
    b += 1
    let mut v = []
    v.push(1)
    println(a, b, v)
}`,
      Codes.UnnecessaryMut.code,
    );
    expect(diagnostics.map((d) => text.slice(d.start, d.end))).toEqual(['mut a']);
    expect(diagnostics[0].message).toBe('variable `a` is declared `mut` but never mutated');
    const removal = (diagnostics[0].data as { removal: { start: number; end: number } }).removal;
    expect(text.slice(removal.start, removal.end)).toBe('mut ');
  });

  test('top-level mut mutated inside a function is needed', () => {
    expect(withCode('let mut counter = 0\nfun inc() { counter = counter + 1 }\ninc()\nprintln(counter)', Codes.UnnecessaryMut.code).diagnostics).toEqual([]);
    expectDiagnostics('let [|mut flag|] = true\nprintln(flag)', Codes.UnnecessaryMut.code, ['`flag`']);
  });
});
