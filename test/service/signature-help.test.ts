// LanguageService.signatureHelp: the signature of the call around the cursor, the active
// parameter moving with the commas, the innermost call when calls nest, calls still being
// typed (no closing parenthesis yet), methods without `self`, and no help outside calls.

import { describe, expect, test } from 'vitest';
import { single, workspace } from '../helpers/service.js';

const PRELUDE = `/// Adds two numbers.
fun add(a: i64, b: i64) -> i64 { a + b }
fun scale(v: i64, k: i64) -> i64 { v * k }
struct P { v: i64 }
impl P {
    fun mix(&self, k: i64, m: i64) -> i64 { self.v * k * m }
}
`;

function helpAt(body: string) {
  const ws = single(PRELUDE + body);
  return ws.service.signatureHelp(ws.main, ws.cursorAt);
}

describe('signatureHelp', () => {
  test('the signature, its doc and parameters; the active parameter moves with each comma', () => {
    const first = helpAt('fun main() {\n    println(add(<|>1, 2))\n}\n');
    expect(first).toEqual({
      label: 'fun add(a: i64, b: i64) -> i64',
      doc: 'Adds two numbers.',
      parameters: [
        { label: 'a: i64', doc: null },
        { label: 'b: i64', doc: null },
      ],
      activeParameter: 0,
    });
    expect(helpAt('fun main() {\n    println(add(1<|>, 2))\n}\n')!.activeParameter).toBe(0);
    expect(helpAt('fun main() {\n    println(add(1,<|> 2))\n}\n')!.activeParameter).toBe(1);
    expect(helpAt('fun main() {\n    println(add(1, 2<|>))\n}\n')!.activeParameter).toBe(1);
  });

  test('nested calls: the innermost call around the cursor, then the outer one again after it', () => {
    const body = (cursorIn: string) => `fun main() {\n    println(${cursorIn})\n}\n`;
    expect(helpAt(body('add(1, scale(<|>2, 3))'))).toMatchObject({ label: 'fun scale(v: i64, k: i64) -> i64', activeParameter: 0 });
    expect(helpAt(body('add(1, scale(2, <|>3))'))).toMatchObject({ label: 'fun scale(v: i64, k: i64) -> i64', activeParameter: 1 });
    expect(helpAt(body('add(1, scale(2, 3)<|>)'))).toMatchObject({ label: 'fun add(a: i64, b: i64) -> i64', activeParameter: 1 });
    expect(helpAt(body('add(scale(2, 3), <|>1)'))).toMatchObject({ label: 'fun add(a: i64, b: i64) -> i64', activeParameter: 1 });
  });

  test('commas inside strings, arrays and nested calls do not count', () => {
    expect(helpAt('fun main() {\n    add("a,b".len(), <|>2)\n}\n')).toMatchObject({ activeParameter: 1 });
    expect(helpAt('fun main() {\n    add([1, 2, 3].len(), <|>2)\n}\n')).toMatchObject({ activeParameter: 1 });
  });

  test('a method: the parameters after `self`', () => {
    const help = helpAt('fun main() {\n    let p = P { v: 1 }\n    println(p.mix(1, <|>2))\n}\n');
    expect(help).toMatchObject({ label: 'fun mix(k: i64, m: i64) -> i64', activeParameter: 1 });
    expect(help!.parameters.map((p) => p.label)).toEqual(['k: i64', 'm: i64']);
  });

  test('a call still being typed, before its `)` exists', () => {
    expect(helpAt('fun main() {\n    let x = add(<|>\n}\n')).toMatchObject({ label: 'fun add(a: i64, b: i64) -> i64', activeParameter: 0 });
    expect(helpAt('fun main() {\n    let x = add(1, <|>\n}\n')).toMatchObject({ label: 'fun add(a: i64, b: i64) -> i64', activeParameter: 1 });
    expect(helpAt('fun main() {\n    let x = add(scale(1, 2), <|>\n}\n')).toMatchObject({ label: 'fun add(a: i64, b: i64) -> i64', activeParameter: 1 });
  });

  test('nested calls still being typed: the innermost unclosed call, or the outer one after a closed inner call', () => {
    const inner = { label: 'fun scale(v: i64, k: i64) -> i64' };
    const outer = { label: 'fun add(a: i64, b: i64) -> i64' };
    // `add(1, scale(` while typing: scale, first parameter; then its second.
    expect(helpAt('fun main() {\n    let x = add(1, scale(<|>\n}\n')).toMatchObject({ ...inner, activeParameter: 0 });
    expect(helpAt('fun main() {\n    let x = add(1, scale(2<|>\n}\n')).toMatchObject({ ...inner, activeParameter: 0 });
    expect(helpAt('fun main() {\n    let x = add(1, scale(2, <|>\n}\n')).toMatchObject({ ...inner, activeParameter: 1 });
    // `add(scale(1), ` with the outer call unclosed: add, second parameter.
    expect(helpAt('fun main() {\n    let x = add(scale(1), <|>\n}\n')).toMatchObject({ ...outer, activeParameter: 1 });
    expect(helpAt('fun main() {\n    let x = add(scale(1, 2)<|>\n}\n')).toMatchObject({ ...outer, activeParameter: 0 });
    // Inside a statement of its own, at the end of the file, and with a method call as the inner call.
    expect(helpAt('fun main() {\n    println(add(1, scale(<|>')).toMatchObject({ ...inner, activeParameter: 0 });
    expect(helpAt('fun main() {\n    println(add(scale(1, 2), <|>')).toMatchObject({ ...outer, activeParameter: 1 });
    expect(helpAt('fun main() {\n    let p = P { v: 1 }\n    add(p.mix(1, <|>\n}\n')).toMatchObject({ label: 'fun mix(k: i64, m: i64) -> i64', activeParameter: 1 });
    expect(helpAt('fun main() {\n    let p = P { v: 1 }\n    add(p.mix(1, 2), <|>\n}\n')).toMatchObject({ ...outer, activeParameter: 1 });
  });

  test('a builtin with any number of arguments', () => {
    expect(helpAt('fun main() {\n    println(<|>1)\n}\n')).toMatchObject({ label: 'fun println(...)', parameters: [] });
  });

  test('a function of another file', () => {
    const ws = workspace({
      'util.ruchy': '/// Three times.\npub fun triple(x: i64) -> i64 {\n    x * 3\n}\n',
      'main.ruchy': 'use util::triple\n\nfun main() {\n    println(triple(<|>2))\n}\n',
    });
    expect(ws.service.signatureHelp(ws.uri('main.ruchy'), ws.cursor('main.ruchy'))).toMatchObject({ label: 'fun triple(x: i64) -> i64', doc: 'Three times.', activeParameter: 0 });
  });

  test('no help outside a call: after its `)`, in a declaration, on a plain expression', () => {
    expect(helpAt('fun main() {\n    println(add(1, 2)<|>)\n}\n')).toMatchObject({ label: 'fun println(...)' });
    expect(helpAt('fun main() {\n    let x = add(1, 2)<|>\n    println(x)\n}\n')).toBeNull();
    expect(helpAt('fun f(a: i64,<|> b: i64) { a + b }\n')).toBeNull();
    expect(helpAt('fun main() {\n    let x = 1 +<|> 2\n    println(x)\n}\n')).toBeNull();
  });
});
