// Cyclomatic and cognitive complexity per function (functionMetrics).

import { describe, expect, test } from 'vitest';
import { analyzeSource } from './helpers.js';

function metrics(source: string): Record<string, [cyclomatic: number, cognitive: number]> {
  const { analysis, uri } = analyzeSource(source);
  const out: Record<string, [number, number]> = {};
  for (const m of analysis.functionMetrics(uri)) out[m.qualifiedName] = [m.cyclomatic, m.cognitive];
  return out;
}

describe('cyclomatic complexity: 1 + decision points', () => {
  test('straight-line code is 1', () => {
    expect(metrics('fun f(a, b) { let c = a + b\n c * 2 }')).toEqual({ f: [1, 0] });
  });

  test('if / else if, loops, match arms beyond the first, guards, && and ||, ?', () => {
    expect(
      metrics(`fun f(x, o) {
    if x > 0 { 1 } else if x < 0 { 2 } else { 3 }
    while x > 0 { }
    for i in 0..3 { }
    loop { break }
    match x { 1 => 1, 2 => 2, n if n > 5 => 3, _ => 4 }
    let ok = x > 1 && x < 9 || x == 0
    let v = o?
}`).f[0],
    ).toBe(1 + 2 + 1 + 1 + 1 + 3 + 1 + 2 + 1);
  });
});

describe('cognitive complexity (SonarSource)', () => {
  test('nesting adds to structural increments; else and else if add one each', () => {
    // if (+1), nested for (+2), nested if (+3), else if (+1), else (+1)
    expect(
      metrics(`fun f(xs) {
    if xs.len() > 0 {
        for x in xs {
            if x > 1 { println(x) }
        }
    } else if xs.len() == 0 {
        println("empty")
    } else {
        println("?")
    }
}`).f[1],
    ).toBe(8);
  });

  test('one increment per run of like boolean operators', () => {
    expect(metrics('fun f(a, b, c, d) { a && b && c || d }').f).toEqual([4, 2]);
  });

  test('match counts once; labelled jumps and recursion add one', () => {
    expect(
      metrics(`fun f(n) {
    match n { 0 => 0, 1 => 1, _ => f(n - 1) }
}
fun g(grid) {
    'outer: for row in grid {
        for v in row { if v == 0 { break 'outer } }
    }
}`),
    ).toEqual({ f: [3, 2], g: [4, 1 + 2 + 3 + 1] });
  });

  test('closures nest; nested functions are measured separately; methods are qualified', () => {
    expect(
      metrics(`struct S {}
impl S {
    fun m(&self, xs) { xs.map(|x| if x > 0 { 1 } else { 0 }) }
}
fun outer() {
    fun inner(y) { if y { 1 } else { 2 } }
    inner(true)
}`),
    ).toEqual({ 'S::m': [2, 3], 'outer::inner': [2, 2], outer: [1, 0] });
  });
});

describe('function metrics records', () => {
  test('ranges, names and line counts', () => {
    const { analysis, uri, mark } = analyzeSource('\nfun [|two_lines|](x) {\n    x\n}\n');
    const [m] = analysis.functionMetrics(uri);
    expect(m).toMatchObject({ name: 'two_lines', qualifiedName: 'two_lines', lines: 3 });
    expect(m.selectionRange).toEqual({ uri, ...mark.ranges[0] });
    expect(mark.text.slice(m.range.start, m.range.end)).toBe('fun two_lines(x) {\n    x\n}');
  });
});
