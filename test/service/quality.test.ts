// LanguageService.quality: per-function metrics (cyclomatic and cognitive complexity,
// lines, name and whole ranges, qualified names for methods), and which functions are
// over the configured limits.

import { describe, expect, test } from 'vitest';
import { single } from '../helpers/service.js';

function branchy(name: string, n: number): string {
  const lines = Array.from({ length: n }, (_, i) => `    if x == ${i} { return ${i} }`);
  return `fun ${name}(x: i64) -> i64 {\n${lines.join('\n')}\n    0\n}\n`;
}

describe('quality', () => {
  test('metrics of every function and method, with their ranges', () => {
    const source = 'struct C { n: i64 }\nimpl C {\n    fun get(&self) -> i64 { self.n }\n}\nfun [|sign|](x: i64) -> i64 {\n    if x > 0 { 1 } else if x < 0 { -1 } else { 0 }\n}\nfun main() {\n    println(sign(2), C { n: 1 }.get())\n}\n';
    const ws = single(source);
    const report = ws.service.quality(ws.main);
    expect(report.uri).toBe(ws.main);
    expect(report.functions.map((f) => [f.qualifiedName, f.cyclomatic, f.lines, f.overLimit])).toEqual([
      ['C::get', 1, 1, false],
      ['sign', 3, 3, false],
      ['main', 1, 3, false],
    ]);
    const sign = report.functions[1];
    expect({ start: sign.nameStart, end: sign.nameEnd }).toEqual(ws.marks['main.ruchy'].ranges[0]);
    expect(ws.text('main.ruchy').slice(sign.start, sign.end)).toMatch(/^fun sign\(x: i64\) -> i64 \{[\s\S]*\}$/);
    expect(sign.cognitive).toBeGreaterThan(0);
    expect(report.functions[0]).toMatchObject({ name: 'get', qualifiedName: 'C::get' });
  });

  test('a function with many branches is over the limit; a simple one is not', () => {
    const ws = single(`${branchy('tangled', 25)}${branchy('simple', 2)}fun main() {\n    println(tangled(1), simple(2))\n}\n`);
    const byName = Object.fromEntries(ws.service.quality(ws.main).functions.map((f) => [f.name, f]));
    expect(byName.tangled).toMatchObject({ cyclomatic: 26, overLimit: true });
    expect(byName.tangled.cognitive).toBeGreaterThanOrEqual(25);
    expect(byName.simple).toMatchObject({ cyclomatic: 3, overLimit: false });
  });

  test('cognitive complexity alone can put a function over its limit (nesting)', () => {
    const nested = 'fun deep(x: i64) -> i64 {\n    if x > 0 {\n        if x > 1 {\n            if x > 2 {\n                if x > 3 {\n                    return 4\n                }\n            }\n        }\n    }\n    0\n}\nfun main() {\n    println(deep(5))\n}\n';
    const lax = single(nested);
    const strict = single(nested, { maxComplexity: 100, maxCognitiveComplexity: 5 });
    const deepLax = lax.service.quality(lax.main).functions[0];
    const deepStrict = strict.service.quality(strict.main).functions[0];
    expect(deepLax.cyclomatic).toBe(5);
    expect(deepLax.cognitive).toBe(10); // 1 + 2 + 3 + 4 for the nesting
    expect(deepLax.overLimit).toBe(false);
    expect(deepStrict.overLimit).toBe(true);
  });

  test('a file that is not open: an empty report', () => {
    const ws = single('fun main() {}\n');
    expect(ws.service.quality('file:///ws/nope.ruchy')).toEqual({ uri: 'file:///ws/nope.ruchy', functions: [] });
  });
});
