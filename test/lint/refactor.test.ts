// Refactoring of complex functions: the suggestions lint shows (the block to extract with
// what it reads and writes, early returns) and extractFunction, whose result must check
// cleanly and print exactly what the original printed (run in the sandbox).

import { describe, expect, test } from 'vitest';
import { createLanguageService, type LanguageService } from '../../src/service/language-service.js';
import { applyEdits, extractFunction, refactorSuggestions, type ExtractResult } from '../../src/service/refactor.js';
import { marked } from '../semantics/helpers.js';

const URI = 'file:///ws/main.ruchy';

function serviceOf(text: string): LanguageService {
  const service = createLanguageService();
  service.setFile(URI, text);
  return service;
}

/** Extracts the `[|...|]` range of `source`; returns the new text (or the refusal). */
function extract(source: string, name?: string): { before: string; after: string; result: ExtractResult; service: LanguageService } {
  const m = marked(source);
  const service = serviceOf(m.text);
  const result = extractFunction(service, URI, m.ranges[0].start, m.ranges[0].end, name === undefined ? {} : { name });
  const after = 'edits' in result ? applyEdits(m.text, result.edits) : m.text;
  return { before: m.text, after, result, service };
}

/** The extraction checks cleanly (no diagnostic at all, as the original) and prints what the original printed. */
async function expectSameBehaviour(before: string, after: string): Promise<void> {
  const service = serviceOf(before);
  expect(service.diagnostics(URI).map((d) => d.message)).toEqual([]);
  service.setFile(URI, after);
  expect(service.diagnostics(URI).map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const original = await service.run({ source: before });
  const extracted = await service.run({ source: after });
  expect(original.exitCode).toBe(0);
  expect(original.stdout).not.toBe('');
  expect({ stdout: extracted.stdout, stderr: extracted.stderr, exitCode: extracted.exitCode }).toEqual({
    stdout: original.stdout,
    stderr: original.stderr,
    exitCode: original.exitCode,
  });
}

describe('extractFunction', () => {
  test('statements of a loop body that update an outer `mut` variable: a `mut` parameter whose new value is returned', async () => {
    const { before, after, result } = extract(`fun main() {
    let xs = [1, 2, 3]
    let mut total = 0
    for x in xs {
        [|let sq = x * x
        total = total + sq|]
    }
    println(total)
}
`);
    expect(result).toMatchObject({ name: 'extracted', parameters: ['x', 'total'], results: ['total'], returnsValue: false });
    expect(after).toBe(`fun main() {
    let xs = [1, 2, 3]
    let mut total = 0
    for x in xs {
        total = extracted(x, total)
    }
    println(total)
}

fun extracted(x, mut total) {
    let sq = x * x
    total = total + sq
    total
}
`);
    await expectSameBehaviour(before, after);
  });

  test('two variables declared in the range and used after it: a tuple, destructured at the call site', async () => {
    const { before, after, result } = extract(`fun compute(n) {
    let a = n + 1
    [|let b = a * 2
    let c = b - 3|]
    println(a, c)
    b + c
}

fun main() {
    println(compute(4))
}
`);
    expect(result).toMatchObject({ parameters: ['a'], results: ['b', 'c'] });
    expect(after).toContain('    let (b, c) = extracted(a)\n');
    expect(after).toContain('fun extracted(a) {\n    let b = a * 2\n    let c = b - 3\n    (b, c)\n}\n\nfun main() {');
    await expectSameBehaviour(before, after);
  });

  test('the tail of a function body: its value is the new function\'s value', async () => {
    const { before, after, result } = extract(`fun compute(n) {
    let a = n + 1
    [|let b = a * 2
    a + b|]
}

fun main() {
    println(compute(4))
}
`);
    expect(result).toMatchObject({ parameters: ['a'], results: [], returnsValue: true });
    expect(after).toContain('fun compute(n) {\n    let a = n + 1\n    extracted(a)\n}');
    await expectSameBehaviour(before, after);
  });

  test('a whole match arm block, and a match arm expression', async () => {
    const source = `fun classify(n, factor) {
    match n {
        0 => "zero",
        x => [|{
            let big = x * factor > 10
            if big { "big" } else { "small" }
        }|],
    }
}

fun scale(n, factor) {
    match n {
        0 => 0,
        x => [|x * factor + 1|],
    }
}

fun main() {
    println(classify(0, 2), classify(3, 2), classify(30, 2))
    println(scale(0, 3), scale(5, 3))
}
`;
    const block = extract(source.replace(/\[\|x \* factor \+ 1\|\]/, 'x * factor + 1'));
    expect(block.result).toMatchObject({ parameters: ['x', 'factor'], returnsValue: true });
    expect(block.after).toContain('        x => {\n            extracted(x, factor)\n        },');
    await expectSameBehaviour(block.before, block.after);

    const arm = extract(source.replace('[|{', '{').replace('}|],', '},'));
    expect(arm.result).toMatchObject({ parameters: ['x', 'factor'], returnsValue: true });
    expect(arm.after).toContain('        x => extracted(x, factor),');
    await expectSameBehaviour(arm.before, arm.after);
  });

  test('several outer variables updated (a method call mutates a `mut` array): each comes back through a temporary', async () => {
    const { before, after, result } = extract(`fun collect(xs) {
    let mut doubled = []
    let mut count = 0
    for x in xs {
        [|doubled.push(x * 2)
        count += 1|]
    }
    println(doubled, count)
}

fun main() {
    collect([1, 2, 3])
}
`);
    expect(result).toMatchObject({ parameters: ['doubled', 'x', 'count'], results: ['doubled', 'count'] });
    expect(after).toContain(
      '        let (new_doubled, new_count) = extracted(doubled, x, count)\n        doubled = new_doubled\n        count = new_count\n',
    );
    expect(after).toContain('fun extracted(mut doubled, x, mut count) {');
    await expectSameBehaviour(before, after);
  });

  test('a value and an updated variable together', async () => {
    const { before, after, result } = extract(`fun step(n) {
    let mut calls = 0
    let out = if n > 0 {
        [|calls += 1
        n * 10|]
    } else {
        0
    }
    println(calls)
    out
}

fun main() {
    println(step(4), step(0))
}
`);
    expect(result).toMatchObject({ parameters: ['calls', 'n'], results: ['calls'], returnsValue: true });
    expect(after).toContain('        let (new_calls, result) = extracted(calls, n)\n        calls = new_calls\n        result\n');
    expect(after).toContain('fun extracted(mut calls, n) {\n    calls += 1\n    let value = n * 10\n    (calls, value)\n}');
    await expectSameBehaviour(before, after);
  });

  test('a variable declared in the range and changed after it stays `mut`', async () => {
    const { before, after } = extract(`fun main() {
    let base = 5
    [|let mut acc = base * 2|]
    acc += 1
    println(acc)
}
`);
    expect(after).toContain('    let mut acc = extracted(base)\n');
    await expectSameBehaviour(before, after);
  });

  test('jumps and loops entirely inside the range, and a closure\'s own return, are fine', async () => {
    const { before, after, result } = extract(`fun main() {
    let limit = 3
    [|let mut found = 0
    for i in 0..10 {
        if i == 1 { continue }
        if i > limit { break }
        found += i
    }
    let f = |v| { return v + found }|]
    println(f(1))
}
`);
    expect(result).toMatchObject({ parameters: ['limit'], results: ['f'] });
    await expectSameBehaviour(before, after);
  });

  test('a method that does not use self: the new function goes after the impl block', async () => {
    const { before, after } = extract(`struct Counter { n: i64 }

impl Counter {
    fun bump(self, k) {
        [|let twice = k * 2
        println(twice)|]
    }
}

fun main() {
    let c = Counter { n: 1 }
    c.bump(4)
}
`);
    expect(after).toContain('        extracted(k)\n    }\n}\n\nfun extracted(k) {\n    let twice = k * 2\n    println(twice)\n}\n\nfun main()');
    await expectSameBehaviour(before, after);
  });

  test('inside a module: the new function stays in the module, indented as its neighbours', () => {
    const { after, result } = extract(`mod maths {
    pub fun f(a) {
        [|let b = a + 1
        b * 2|]
    }
}

fun main() {
    println(maths::f(1))
}
`);
    expect('edits' in result).toBe(true);
    expect(after).toContain('    pub fun f(a) {\n        extracted(a)\n    }\n\n    fun extracted(a) {\n        let b = a + 1\n        b * 2\n    }\n}');
  });

  test('the lines of a multi-line string keep their exact text', async () => {
    const { before, after } = extract(`fun main() {
    let name = "x"
    [|let text = """first
        second"""
    println(text, name)|]
}
`);
    expect(after).toContain('    let text = """first\n        second"""\n    println(text, name)\n}');
    await expectSameBehaviour(before, after);
  });

  test('a name of one\'s choosing; a name already in use is refused; the default name is made unique', () => {
    const source = 'fun extracted() {\n    1\n}\n\nfun main() {\n    let a = 1\n    [|println(a)|]\n    println(extracted())\n}\n';
    expect(extract(source, 'show').result).toMatchObject({ name: 'show' });
    expect(extract(source, 'main').result).toEqual({ error: '`main` is already used in the workspace: choose another name' });
    expect(extract(source, 'fun').result).toEqual({ error: '`fun` is not a valid function name' });
    expect(extract(source).result).toMatchObject({ name: 'extracted_2' });
  });

  test.each([
    ['a `return`', 'fun f(x) {\n    [|if x > 1 { return 2 }\n    println(x)|]\n    3\n}\n', 'cannot extract this code: it contains `return`, which would leave the new function instead'],
    ['a `break` of an outer loop', 'fun f() {\n    loop {\n        [|println(1)\n        break|]\n    }\n}\n', 'cannot extract this code: it contains a `break` out of the selection, which would leave the new function instead'],
    ['a `continue` of an outer loop', "fun f() {\n    'outer: for i in 0..3 {\n        for j in 0..3 {\n            [|if j > i { continue 'outer }|]\n        }\n    }\n}\n", 'cannot extract this code: it contains a `continue` out of the selection, which would leave the new function instead'],
    ['`?`', 'fun f(x) {\n    [|let v = x?|]\n    Some(v)\n}\n', 'cannot extract this code: it contains `?`, which would leave the new function instead'],
    ['`self`', 'struct P { x: i64 }\nimpl P {\n    fun get(self) {\n        [|let v = self.x|]\n        v\n    }\n}\n', 'cannot extract this code: it uses `self`'],
  ])('refused: %s', (_what, source, error) => {
    expect(extract(source).result).toEqual({ error });
  });

  test.each([
    ['part of a statement', 'fun f(a) {\n    let b = [|a + 1|]\n    b\n}\n', 'the selection cuts a statement: select whole statements'],
    ['an expression inside a condition', 'fun f(a) {\n    if [|a > 1|] { println(a) }\n}\n', 'the selection cuts a statement: select whole statements'],
    ['half of a statement', 'fun f(a) {\n    let b = a [|+ 1\n    println(b)|]\n}\n', 'the selection cuts a statement: select whole statements'],
    ['a top-level statement', 'let a = 1\n[|println(a)|]\n', 'select statements inside the body of a function'],
    ['several top-level statements', '[|let a = 1\nprintln(a)|]\n', 'the selection spans several top-level items'],
    ['nothing', 'fun f() {\n    [|   |]\n}\n', 'the selection is empty'],
  ])('refused selection: %s', (_what, source, error) => {
    expect(extract(source).result).toEqual({ error });
  });
});

describe('refactorSuggestions', () => {
  const COMPLEX = `fun process(items, limit) {
    let mut total = 0
    for item in items {
        if item > limit {
            total += limit
        } else {
            let half = item / 2
            let rest = item - half
            if half > rest {
                total += half
            } else {
                total += rest
            }
        }
    }
    total
}

fun main() {
    println(process([1, 5, 9], 6))
}
`;

  test('the largest nested block to extract, with its lines and what it reads and gives back; the extraction it describes works', async () => {
    const service = serviceOf(COMPLEX);
    const fn = service.quality(URI).functions.find((f) => f.name === 'process')!;
    const [suggestion] = refactorSuggestions(service, URI, fn);
    expect(suggestion).toMatchObject({
      kind: 'extract-function',
      startLine: 7,
      endLine: 13,
      reads: ['item', 'total'],
      writes: ['total'],
      blocker: null,
      message: 'extract lines 7-13 (the `else` branch of the `if` at line 4) into a function: it reads `item` and `total` and gives back `total`',
    });
    const result = extractFunction(service, URI, suggestion.start, suggestion.end);
    if (!('edits' in result)) throw new Error(result.error);
    const after = applyEdits(COMPLEX, result.edits);
    await expectSameBehaviour(COMPLEX, after);
    const reduced = serviceOf(after).quality(URI).functions.find((f) => f.name === 'process')!;
    expect(reduced.cognitive).toBeLessThan(fn.cognitive);
  });

  test('a block that cannot be extracted as it is says why', () => {
    const source = 'fun find(xs, goal) {\n    for x in xs {\n        if x == goal {\n            println("found")\n            println(x)\n            return x\n        }\n    }\n    0\n}\n';
    const service = serviceOf(source);
    const fn = service.quality(URI).functions[0];
    const [suggestion] = refactorSuggestions(service, URI, fn);
    expect(suggestion.kind).toBe('extract-function');
    expect(suggestion.blocker).toBe('it contains `return`, which would leave the new function instead');
    expect(suggestion.message).toContain('(first rework it: it contains `return`');
  });

  test('an `if` wrapping the rest of the function: return early', () => {
    const source = 'fun save(record) {\n    let ok = record > 0\n    if ok {\n        println("saving")\n        println(record)\n        println("saved")\n    }\n}\n';
    const service = serviceOf(source);
    const suggestions = refactorSuggestions(service, URI, service.quality(URI).functions[0]);
    const early = suggestions.find((s) => s.kind === 'early-return')!;
    expect(early.message).toBe('return early: `if ok` (line 3) wraps the rest of the function; write `if !(...) { return }` and un-indent lines 4-6');
    expect(source.slice(early.start, early.end)).toBe('ok');
  });

  test('a short `else` after a long branch: handle it first', () => {
    const source = 'fun describe(n) {\n    if n > 0 {\n        let a = n * 2\n        let b = a + 1\n        let c = b * 3\n        println(a, b, c)\n        c\n    } else {\n        0\n    }\n}\n';
    const service = serviceOf(source);
    const early = refactorSuggestions(service, URI, service.quality(URI).functions[0]).find((s) => s.kind === 'early-return')!;
    expect(early.message).toBe('return early: handle the short `else` of `if n > 0` (line 2) first (`if !(...) { ...; return }`), then un-indent the long branch (lines 3-7)');
  });

  test('a loop body that is one big `if`: continue early', () => {
    const source = 'fun show(xs) {\n    for x in xs {\n        if x > 0 {\n            println(x)\n            println(x * 2)\n            println(x * 3)\n        }\n    }\n}\n';
    const service = serviceOf(source);
    const messages = refactorSuggestions(service, URI, service.quality(URI).functions[0]).map((s) => s.message);
    expect(messages).toContain('continue early: `if x > 0` (line 3) wraps the whole loop body; write `if !(...) { continue }` and un-indent its body');
  });
});
