// f-strings: text parts, interpolations with any expression (nested calls, strings and
// f-strings), format specs, `{{`/`}}` escapes, their errors, and the exact offsets of
// interpolated expressions in the file (what hover and go-to-definition inside an
// f-string rely on).

import { describe, expect, test } from 'vitest';
import { lex } from '../../grammar/lexer.js';
import { parse } from '../../grammar/parse.js';
import type * as A from '../../src/syntax/ast.js';
import { describeDiagnostics, findNode, findNodes, parseExpr, sexpr } from '../helpers/ast.js';

function fstring(text: string): A.FString {
  const expr = parseExpr(text);
  expect(expr.kind).toBe('FString');
  return expr as A.FString;
}

describe('parts', () => {
  test.each([
    ['f"plain text"', '(f "plain text")'],
    ['f""', '(f)'],
    ['f"Hello {name}!"', '(f "Hello " ({} name) "!")'],
    ['f"{a}{b}"', '(f ({} a) ({} b))'],
    ['f"{a + b}"', '(f ({} (+ a b)))'],
    ['f"{a + b * c}"', '(f ({} (+ a (* b c))))'],
    ['f"{f(x).g(y, z)}"', '(f ({} (method (call f x) g y z)))'],
    ['f"{user.name.to_uppercase()}"', '(f ({} (method (. user name) to_uppercase)))'],
    ['f"{xs[0]} {m["k"]} {t.0}"', '(f ({} (index xs 0)) " " ({} (index m "k")) " " ({} (. t 0)))'],
    ['f"{if ok { 1 } else { 2 }}"', '(f ({} (if ok (block 1) (block 2))))'],
    ['f"{ {a: 1} }"', '(f ({} (object a:1)))'],
    ['f"{|x| x + 1}"', '(f ({} (fn [x] (+ x 1))))'],
    ["f\"{'c'}\"", "(f ({} 'c'))"],
    ['f"\\n\\t{x}\\""', '(f "\\n\\t" ({} x) "\\"")'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });
});

describe('nested strings and f-strings inside interpolations', () => {
  test.each([
    ['f"{names.join(", ")}"', '(f ({} (method names join ", ")))'],
    ['f"{m.get("a:b")}"', '(f ({} (method m get "a:b")))'],
    ['f"{s.replace("}", "{")}"', '(f ({} (method s replace "}" "{")))'],
    ['f"outer {f"inner {x}"} done"', '(f "outer " ({} (f "inner " ({} x))) " done")'],
    ['f"{f"{f"{deep}"}"}"', '(f ({} (f ({} (f ({} deep))))))'],
    ['f"{r"raw"}"', '(f ({} "raw"))'],
    ['f"{r#"a "b" c"#}"', '(f ({} "a \\"b\\" c"))'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });
});

describe('format specs', () => {
  test.each([
    ['f"{x:.2}"', '.2'],
    ['f"{v:?}"', '?'],
    ['f"{v:#?}"', '#?'],
    ['f"{x:>10}"', '>10'],
    ['f"{y:<5}"', '<5'],
    ['f"{z:^8.3}"', '^8.3'],
    ['f"{n:08.2}"', '08.2'],
    ['f"{x:}"', ''],
  ])('%s has the spec `%s`', (text, spec) => {
    const [part] = fstring(text).parts;
    expect(part).toMatchObject({ kind: 'FStringInterpolation', spec, expr: { kind: 'Identifier' } });
  });

  test('`::` paths inside an interpolation are not specs', () => {
    expect(sexpr('f"{Point::new(1, 2)}"')).toBe('(f ({} (call Point::new 1 2)))');
    expect(sexpr('f"{std::f64::consts::PI:.3}"')).toBe('(f ({} std::f64::consts::PI ".3"))');
    expect(sexpr('f"{Color::Red:?}"')).toBe('(f ({} Color::Red "?"))');
  });

  test('the spec colon is found after `::` paths, strings with colons, nested f-strings, closures, tuples and structs', () => {
    expect(sexpr('f"{Point::new(1, 2).x:>5}"')).toBe('(f ({} (. (call Point::new 1 2) x) ">5"))');
    expect(sexpr('f"{m["a:b"]}"')).toBe('(f ({} (index m "a:b")))');
    expect(sexpr('f"{m["a:b"]:>8}"')).toBe('(f ({} (index m "a:b") ">8"))');
    expect(sexpr('f"{x:?}"')).toBe('(f ({} x "?"))');
    expect(sexpr('f"{a:08.3}"')).toBe('(f ({} a "08.3"))');
    expect(sexpr("f\"{sep(':'):?}\"")).toBe("(f ({} (call sep ':') \"?\"))");
    expect(sexpr('f"{f"{x:>3}":>5}"')).toBe('(f ({} (f ({} x ">3")) ">5"))');
    expect(sexpr('f"{(a, b):?}"')).toBe('(f ({} (tuple a b) "?"))');
    expect(sexpr('f"{Point { x: 1, y: 2 }:?}"')).toBe('(f ({} (struct Point x:1 y:2) "?"))');
    expect(sexpr('f"{xs.map(|x: i64| x * 2):?}"')).toBe('(f ({} (method xs map (fn [x:i64] (* x 2))) "?"))');
    expect(sexpr('f"{if ok { "y:es" } else { "no" }:>4}"')).toBe('(f ({} (if ok (block "y:es") (block "no")) ">4"))');
    expect(sexpr('f"{Vec::<i64>::new():?}"')).toBe('(f ({} (call Vec::<i64>::new) "?"))');
  });

  test('the parameters of a closure are not a spec: `|x: i64|` at the top of an interpolation', () => {
    expect(sexpr('f"{|x: i64| x + 1}"')).toBe('(f ({} (fn [x:i64] (+ x 1))))');
    expect(sexpr('f"{|a: i64, b: i64| a * b:?}"')).toBe('(f ({} (fn [a:i64 b:i64] (* a b)) "?"))');
    expect(sexpr('f"{a | b:?}"')).toBe('(f ({} (| a b) "?"))');
    expect(sexpr('f"{a || b:?}"')).toBe('(f ({} (|| a b) "?"))');
    expect(sexpr('f"{|| 1:?}"')).toBe('(f ({} (fn [] 1) "?"))');
    expect(sexpr('f"{xs |> |v: i64| v + 1:?}"')).toBe('(f ({} (|> xs (fn [v:i64] (+ v 1))) "?"))');
  });

  test('a `:` inside brackets is not a spec', () => {
    expect(sexpr('f"{ {k: v} }"')).toBe('(f ({} (object k:v)))');
    expect(sexpr('f"{f(Point { x: 1 })}"')).toBe('(f ({} (call f (struct Point x:1))))');
  });

  test('the spec is one token from its `:` to the `}`', () => {
    const tokens = lex('f"{x:>10}"').tokens.map((t) => `${t.tokenType.name} ${t.image}`);
    expect(tokens).toEqual(['FStringStart f"', 'InterpolationOpen {', 'Identifier x', 'FormatSpec :>10', 'InterpolationClose }', 'FStringEnd "']);
  });
});

describe('brace escapes', () => {
  test('`{{` and `}}` are literal braces', () => {
    const f = fstring('f"{{literal}} {x} }}{{"');
    expect(f.parts.map((p) => (p.kind === 'FStringText' ? p.value : `<${(p.expr as A.Identifier).name}>`))).toEqual(['{literal} ', '<x>', ' }{']);
  });

  test('an f-string of only escaped braces has no interpolation', () => {
    expect(sexpr('f"{{}}"')).toBe('(f "{}")');
  });
});

describe('errors', () => {
  test('an empty `{}` is an error (R0012) covering the braces', () => {
    const result = parse('s = f"a {} b"');
    expect(result.diagnostics.map((d) => [d.code, d.start, d.end, d.message])).toEqual([
      ['R0012', 8, 10, 'empty `{}` in f-string: write an expression, or `{{` for a literal brace'],
    ]);
    expect(describeDiagnostics(parse('f"{ }"'))).toEqual(['R0012 1:3 empty `{}` in f-string: write an expression, or `{{` for a literal brace']);
  });

  test('an unterminated interpolation before the closing quote is one R0005 at its `{`', () => {
    const text = 'let s = f"Hello {name"\nlet t = 1';
    const result = parse(text);
    expect(result.diagnostics.map((d) => [d.code, d.start, d.end, d.message])).toEqual([
      ['R0005', 16, 17, 'expected `}` to close the f-string interpolation opened at 1:17'],
    ]);
    expect(result.ast.stmts.map((s) => s.kind)).toEqual(['LetStmt', 'LetStmt']);
    expect(findNode(result.ast.stmts[0], 'FStringInterpolation').expr).toMatchObject({ kind: 'Identifier', name: 'name', start: 17, end: 21 });
  });

  test('an interpolation cut by the end of the line is one R0005, not also an unterminated string', () => {
    const text = 'let s = f"Hello {name\nlet t = 1';
    expect(describeDiagnostics(parse(text))).toEqual(['R0005 1:17 expected `}` to close the f-string interpolation opened at 1:17']);
    expect(parse(text).ast.stmts.map((s) => s.kind)).toEqual(['LetStmt', 'LetStmt']);
  });

  test('an unterminated interpolation with a spec ends with its line (its text is not read twice)', () => {
    const text = 'x = f"{a:.2\ny = 2';
    const result = parse(text);
    expect(describeDiagnostics(result)).toEqual(['R0005 1:7 expected `}` to close the f-string interpolation opened at 1:7']);
    expect(result.ast.stmts.map((s) => s.kind)).toEqual(['ExprStmt', 'ExprStmt']);
    expect(lex(text).tokens.map((t) => t.image)).toEqual(['x', '=', 'f"', '{', 'a', ':.2', 'y', '=', '2']);
  });

  test('an unterminated f-string without interpolation problem is R0002', () => {
    expect(describeDiagnostics(parse('s = f"abc {x} def\nt = 1'))).toEqual(['R0002 1:5 unterminated string literal: missing closing `"`']);
  });

  test('an invalid escape in f-string text is reported at its offset in the file (R0007)', () => {
    expect(parse('s = f"a\\qb {x}"').diagnostics.map((d) => [d.code, d.start, d.end])).toEqual([['R0007', 7, 9]]);
  });

  test('an expression followed by junk inside the braces is reported at the junk', () => {
    expect(describeDiagnostics(parse('f"{a b}"'))).toEqual(['R0001 1:6 expected `}`, found `b`']);
  });
});

describe('exact ranges of interpolated expressions (offsets into the file)', () => {
  test('on the first line', () => {
    //          0         1         2
    //          0123456789012345678901234567
    const text = 'let s = f"Hi {a + b}, {n:.2}!"';
    const f = findNode(parse(text).ast, 'FString');
    expect(f).toMatchObject({ start: 8, end: 30 });
    const [hi, sum, comma, n, bang] = f.parts;
    expect(hi).toMatchObject({ kind: 'FStringText', value: 'Hi ', start: 10, end: 13 });
    expect(sum).toMatchObject({ kind: 'FStringInterpolation', start: 13, end: 20, spec: null });
    expect((sum as A.FStringInterpolation).expr).toMatchObject({ kind: 'BinaryExpr', start: 14, end: 19, left: { name: 'a', start: 14, end: 15 }, right: { name: 'b', start: 18, end: 19 } });
    expect(comma).toMatchObject({ kind: 'FStringText', value: ', ', start: 20, end: 22 });
    expect(n).toMatchObject({ kind: 'FStringInterpolation', start: 22, end: 28, spec: '.2' });
    expect((n as A.FStringInterpolation).expr).toMatchObject({ kind: 'Identifier', name: 'n', start: 23, end: 24 });
    expect(bang).toMatchObject({ kind: 'FStringText', value: '!', start: 28, end: 29 });
    for (const id of findNodes(f, 'Identifier')) expect(text.slice(id.start, id.end)).toBe(id.name);
  });

  test('on a later line, inside a nested f-string and a nested call', () => {
    const text = 'fun main() {\n    println(f"{user.name}: {f"{count(items, "x")}"}")\n}\n';
    const ast = parse(text).ast;
    expect(parse(text).diagnostics).toEqual([]);
    const names = findNodes(ast, 'Identifier').filter((id) => ['user', 'name', 'count', 'items'].includes(id.name));
    expect(names.map((id) => [id.name, text.slice(id.start, id.end)])).toEqual([
      ['user', 'user'], ['name', 'name'], ['count', 'count'], ['items', 'items'],
    ]);
    const x = findNodes(ast, 'StringLiteral').find((s) => s.value === 'x')!;
    expect(text.slice(x.start, x.end)).toBe('"x"');
    const call = findNode(ast, 'CallExpr');
    expect(text.slice(call.start, call.end)).toBe('println(f"{user.name}: {f"{count(items, "x")}"}")');
    const inner = findNodes(ast, 'FString')[1];
    expect(text.slice(inner.start, inner.end)).toBe('f"{count(items, "x")}"');
  });

  test('with non-ASCII text before the interpolation (UTF-16 offsets)', () => {
    const text = 's = f"héllo 😀 {name}"';
    const id = findNode(parse(text).ast, 'FStringInterpolation').expr as A.Identifier;
    expect(text.slice(id.start, id.end)).toBe('name');
    expect(id.start).toBe(text.indexOf('name'));
  });
});
