// LanguageService.codeLenses: "Run" above a top-level `fun main`, and a complexity lens
// only on functions over the configured limits.

import { describe, expect, test } from 'vitest';
import { single } from '../helpers/service.js';

/** A function with `n` `if` branches in a row (cyclomatic complexity n + 1). */
function branchy(name: string, n: number): string {
  const lines = Array.from({ length: n }, (_, i) => `    if x == ${i} { return ${i} }`);
  return `fun ${name}(x: i64) -> i64 {\n${lines.join('\n')}\n    0\n}\n`;
}

describe('codeLenses', () => {
  test('Run on `fun main`, on its name, with the file as the argument', () => {
    const ws = single('fun helper() -> i64 {\n    1\n}\nfun [|main|]() {\n    println(helper())\n}\n');
    const [name] = ws.locations('main.ruchy');
    expect(ws.service.codeLenses(ws.main)).toEqual([{ start: name.start, end: name.end, title: '▶ Run', command: { name: 'ruchy.run', arguments: [ws.main] } }]);
  });

  test('no Run lens without a top-level main (a method or a module function named main does not count)', () => {
    const ws = single('struct App { n: i64 }\nimpl App {\n    fun main(&self) -> i64 { self.n }\n}\nmod inner {\n    pub fun main() { 1 }\n}\nprintln(App { n: 1 }.main(), inner::main())\n');
    expect(ws.service.codeLenses(ws.main)).toEqual([]);
  });

  test('a complexity lens only on a function over the limit', () => {
    const ws = single(`${branchy('simple', 2)}${branchy('tangled', 25)}fun main() {\n    println(simple(1), tangled(2))\n}\n`);
    const lenses = ws.service.codeLenses(ws.main);
    const tangled = ws.at('main.ruchy', 'tangled');
    expect(lenses.map((l) => l.title)).toEqual([expect.stringMatching(/^complexity: cyclomatic 26, cognitive \d+ — consider splitting tangled$/), '▶ Run']);
    expect(lenses[0]).toMatchObject({ start: tangled, end: tangled + 'tangled'.length, command: null });
  });

  test('the limits are options of the service', () => {
    const ws = single(`${branchy('simple', 3)}fun main() {\n    println(simple(1))\n}\n`, { maxComplexity: 3 });
    expect(ws.service.codeLenses(ws.main).map((l) => l.title)).toEqual([expect.stringMatching(/^complexity: cyclomatic 4, /), '▶ Run']);
  });
});
