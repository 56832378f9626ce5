// Control flow (R03xx): non-exhaustive matches, unreachable code, break/continue outside
// loops and unknown labels.

import { describe, expect, test } from 'vitest';
import { Codes } from '../../src/diagnostics/codes.js';
import { errorsOf, expectDiagnostics, withCode } from './helpers.js';

describe('R0301 non-exhaustive match', () => {
  test('names the missing cases of an enum, Option, Result and bool', () => {
    const ds = expectDiagnostics(
      `enum Shape { Circle(f64), Square { side: f64 }, Dot }
fun area(s: Shape) -> f64 {
    match [|s|] { Shape::Circle(r) => r * r }
}
fun f(o: Option<i64>, r: Result<i64, String>, b: bool) {
    match [|o|] { Some(v) => println(v) }
    match [|r|] { Err(e) => println(e) }
    match [|b|] { true => println("yes") }
}`,
      Codes.NonExhaustiveMatch.code,
      [
        'non-exhaustive match: `Shape::Square { .. }` and `Shape::Dot` not covered',
        'non-exhaustive match: `None` not covered',
        'non-exhaustive match: `Ok(_)` not covered',
        'non-exhaustive match: `false` not covered',
      ],
    );
    expect(ds[0].severity).toBe('warning');
    expect(ds[0].data).toEqual({ missing: ['Shape::Square { .. }', 'Shape::Dot'] });
  });

  test('wildcards, bindings, or-patterns and refutable sub-patterns', () => {
    expectDiagnostics(
      `enum Color { Red, Green, Blue }
fun f(c: Color, o: Option<i64>) {
    match c { Color::Red | Color::Green => 1, _ => 2 }
    match c { Color::Red => 1, other => 2 }
    match o { Some(1) => 1, None => 0, Some(_) => 2 }
    match [|o|] { Some(1) => 1, None => 0 }
    match c { Color::Red => 1, Color::Green if true => 2, Color::Blue => 3, Color::Green => 4 }
}`,
      Codes.NonExhaustiveMatch.code,
      ['`Some(_)` not covered'],
    );
  });

  test('matches on integers and strings need no wildcard to be silent', () => {
    expect(withCode('let n = 2\nmatch n { 1 => println("one"), 2 => println("two") }', Codes.NonExhaustiveMatch.code).diagnostics).toEqual([]);
  });
});

describe('R0302 unreachable code', () => {
  test('after return, break, continue, throw and panic!, once per block', () => {
    const ds = expectDiagnostics(
      `fun f(x) {
    if x { return 1
        [|println("a")
        println("b")|] }
    for i in 0..3 {
        if i == 1 { continue; [|println(i)|] }
        break
        [|println("never")|]
    }
    try { throw "e"; [|println("x")|] } catch e { println(e) }
    panic!("stop")
    [|println("end")|]
}`,
      Codes.UnreachableCode.code,
      ['follows a `return`', 'follows a `continue`', 'follows a `break`', 'follows a `throw`', 'follows a `panic!`'],
    );
    expect(ds[0].severity).toBe('warning');
  });

  test('an if whose branches all return makes what follows unreachable', () => {
    expectDiagnostics(
      `fun f(x) {
    if x > 0 { return 1 } else { return 2 }
    [|x|]
}`,
      Codes.UnreachableCode.code,
      ['unreachable code'],
    );
  });
});

describe('R0303/R0304 break, continue and labels', () => {
  test('outside a loop, including inside a closure within a loop', () => {
    expectDiagnostics(
      `fun f() {
    [|break|]
    [|continue|]
    for i in 0..3 {
        let g = || { [|break|] }
        break
    }
}`,
      Codes.OutsideLoop.code,
      ['`break` outside of a loop', '`continue` outside of a loop', '`break` outside of a loop'],
    );
  });

  test('unknown labels, with both sigils (the sigil is not part of the name)', () => {
    expectDiagnostics(
      `'outer: for i in 0..3 {
    for j in 0..3 {
        if j == 1 { continue 'outer }
        if j == 2 { break [|'outr|] }
        if i == 2 { break [|@outr|] }
        if i == 3 { break @outer }
    }
}`,
      Codes.UndefinedLabel.code,
      ["use of undeclared label `'outr`", 'use of undeclared label `@outr`'],
    );
  });

  test('labelled loops and labelled blocks are fine', () => {
    expect(
      errorsOf(`@search: for i in 0..5 {
    for j in 0..5 { if i * j == 12 { break @search } }
}
let mut x = 0
@main_loop: while x < 10 { x += 1; if x == 5 { continue @main_loop } }
let v = loop { break 42 }`),
    ).toEqual([]);
  });
});
