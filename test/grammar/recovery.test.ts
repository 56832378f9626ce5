// Error recovery: one mistake gives exactly one diagnostic (code, message and range
// pinned), and the declarations after the mistake are still in the tree. Also the
// half-typed states an editor sees (`let x = `, `foo.`) keep a usable tree.

import { describe, expect, test } from 'vitest';
import { parse } from '../../grammar/parse.js';
import type * as A from '../../src/syntax/ast.js';
import { allNodes, findNode, patternText, toSExpr } from '../helpers/ast.js';

/** `CODE start-end line:column message` for each diagnostic. */
function diags(text: string): string[] {
  const result = parse(text);
  return result.diagnostics.map((d) => `${d.code} ${d.start}-${d.end} ${result.lineIndex.describe(d.start)} ${d.message}`);
}

/** Names of the top-level declarations (`fun:first`), or the kinds of other statements. */
function outline(text: string): string[] {
  return parse(text).ast.stmts.map((s) => ('name' in s && s.name !== undefined ? `${s.kind}:${s.name.name}` : s.kind));
}

function nodesInsideText(text: string): void {
  for (const node of allNodes(parse(text).ast)) {
    expect(node.start, node.kind).toBeGreaterThanOrEqual(0);
    expect(node.end, node.kind).toBeGreaterThanOrEqual(node.start);
    expect(node.end, node.kind).toBeLessThanOrEqual(text.length);
  }
}

describe('missing `}`', () => {
  test('a function whose body is not closed, followed by another function', () => {
    const text = 'fun first() {\n    let x = 1\n\nfun second() {\n    2\n}\n';
    expect(diags(text)).toEqual(['R0003 27-27 2:14 expected `}` to close the block opened at 1:13']);
    expect(outline(text)).toEqual(['FunctionDecl:first', 'FunctionDecl:second']);
    const first = parse(text).ast.stmts[0] as A.FunctionDecl;
    expect(first.body?.stmts.map((s) => s.kind)).toEqual(['LetStmt']);
    expect(first.end).toBe(27);
  });

  test('an `if` block left open inside a function: the `}` at the function`s indentation closes the function', () => {
    const text = 'fun first() {\n    if x {\n        1\n\n}\n\nfun second() {}\n';
    expect(diags(text)).toEqual(['R0003 34-34 3:10 expected `}` to close the block opened at 2:10']);
    expect(outline(text)).toEqual(['FunctionDecl:first', 'FunctionDecl:second']);
  });

  test('a struct body not closed, followed by a function, which stays a top-level function', () => {
    const text = 'struct P { x: i32\nfun b() {}\n';
    expect(diags(text)).toEqual(['R0003 17-17 1:18 expected `}` to close the body of struct `P` opened at 1:10']);
    expect(outline(text)).toEqual(['StructDecl:P', 'FunctionDecl:b']);
    expect((parse(text).ast.stmts[0] as A.StructDecl).fields.map((f) => f.name.name)).toEqual(['x']);
  });

  test('an impl block not closed, followed by a function', () => {
    const text = 'impl P {\n    fun a() {}\n\nfun b() {}\n';
    expect(diags(text)).toEqual(['R0003 23-23 2:15 expected `}` to close the impl block opened at 1:8']);
    expect(outline(text)).toEqual(['ImplDecl', 'FunctionDecl:b']);
  });

  test('a block open at the end of the file', () => {
    expect(diags('if x {')).toEqual(['R0003 6-6 1:7 expected `}` to close the block opened at 1:6']);
  });
});

describe('missing `)`', () => {
  test('in a call, with the next line closing the function', () => {
    const text = 'fun first() {\n    foo(1, 2\n}\nfun second() {}\n';
    expect(diags(text)).toEqual(['R0003 26-26 2:13 expected `)` to close the argument list opened at 2:8']);
    expect(outline(text)).toEqual(['FunctionDecl:first', 'FunctionDecl:second']);
    expect(toSExpr(findNode(parse(text).ast, 'CallExpr'))).toBe('(call foo 1 2)');
  });

  test('in a parenthesized expression', () => {
    const text = 'fun first() {\n    let x = (1 + 2\n    x\n}\nfun second() {}\n';
    expect(diags(text)).toEqual(['R0003 38-38 3:6 expected `)` to close the `(` opened at 2:13']);
    expect(outline(text)).toEqual(['FunctionDecl:first', 'FunctionDecl:second']);
  });

  test('in a parameter list', () => {
    const text = 'fun f(a, b {\n}\nfun g() {}\n';
    expect(diags(text)).toEqual(['R0003 10-10 1:11 expected `)` to close the parameter list opened at 1:6']);
    expect(outline(text)).toEqual(['FunctionDecl:f', 'FunctionDecl:g']);
  });
});

describe('a stray token', () => {
  test('a closer with no opener', () => {
    const text = 'fun first() {\n    let x = 1 )\n}\nfun second() {}\n';
    expect(diags(text)).toEqual(['R0011 28-29 2:15 unexpected `)`: no matching `(`']);
    expect(outline(text)).toEqual(['FunctionDecl:first', 'FunctionDecl:second']);
  });

  test('a token that cannot start a statement: one diagnostic, not also a missing separator', () => {
    const text = 'fun first() {\n    let x = 1 $ 2\n}\nfun second() {}\n';
    expect(diags(text)).toEqual(['R0018 28-29 2:15 expected a statement, found `$`']);
    expect(outline(text)).toEqual(['FunctionDecl:first', 'FunctionDecl:second']);
  });

  test('a stray `}` at the top level', () => {
    const text = 'fun f() {}\n}\nfun g() {}\n';
    expect(diags(text)).toEqual(['R0011 11-12 2:1 unexpected `}`: no matching `{`']);
    expect(outline(text)).toEqual(['FunctionDecl:f', 'FunctionDecl:g']);
  });

  test('a keyword that cannot start anything here', () => {
    const text = 'fun ;\nfun g() {}\n';
    expect(diags(text)).toEqual(['R0018 0-3 1:1 expected a statement, found `fun`']);
    expect(outline(text)).toEqual(['EmptyStmt', 'FunctionDecl:g']);
  });
});

describe('unterminated literals', () => {
  test('an unterminated string stops at the end of its line', () => {
    const text = 'fun first() {\n    let s = "abc\n    s\n}\nfun second() {}\n';
    expect(diags(text)).toEqual(['R0002 26-30 2:13 unterminated string literal: missing closing `"`']);
    expect(outline(text)).toEqual(['FunctionDecl:first', 'FunctionDecl:second']);
  });

  test('an unterminated f-string brace (the f-string closed)', () => {
    const text = 'fun first() {\n    let s = f"x {y"\n}\nfun second() {}\n';
    expect(diags(text)).toEqual(['R0005 30-31 2:17 expected `}` to close the f-string interpolation opened at 2:17']);
    expect(outline(text)).toEqual(['FunctionDecl:first', 'FunctionDecl:second']);
  });

  test('an unterminated f-string brace (nothing closed on the line)', () => {
    const text = 'fun first() {\n    let s = f"x {y\n}\nfun second() {}\n';
    expect(diags(text)).toEqual(['R0005 30-31 2:17 expected `}` to close the f-string interpolation opened at 2:17']);
    expect(outline(text)).toEqual(['FunctionDecl:first', 'FunctionDecl:second']);
  });

  test('an unterminated block comment runs to the end of the file', () => {
    expect(diags('x = 1 /* never closed\nfun f() {}')).toEqual(['R0004 6-8 1:7 unterminated block comment: missing `*/` for the comment opened at 1:7']);
  });
});

describe('half-typed code keeps a usable tree', () => {
  test('`let x = ` at the end of the file', () => {
    const text = 'let y = 2\nlet x = ';
    expect(diags(text)).toEqual(['R0014 17-17 2:8 expected an expression, found end of file']);
    const [y, x] = parse(text).ast.stmts as A.LetStmt[];
    expect(toSExpr(y)).toBe('(let y 2)');
    expect(x).toMatchObject({ kind: 'LetStmt', pattern: { kind: 'IdentPattern', name: { name: 'x' } }, init: { kind: 'ErrorExpr' } });
    nodesInsideText(text);
  });

  test('`let x = ` at the end of a function body: the expression and the `}` are both missing', () => {
    const text = 'fun f() {\n    let x = ';
    expect(diags(text)).toEqual([
      'R0003 21-21 2:12 expected `}` to close the block opened at 1:9',
      'R0014 21-21 2:12 expected an expression, found end of file',
    ]);
    const f = parse(text).ast.stmts[0] as A.FunctionDecl;
    expect(f.body?.stmts[0]).toMatchObject({ kind: 'LetStmt', pattern: { name: { name: 'x' } } });
  });

  test('`foo.` at the end of the file: a field with an empty name', () => {
    expect(diags('foo.')).toEqual(['R0001 4-4 1:5 expected a field or method name after `.`, found end of file']);
    expect(parse('foo.').ast.stmts[0]).toMatchObject({ kind: 'ExprStmt', expr: { kind: 'FieldExpr', object: { name: 'foo' }, field: { name: '', start: 4, end: 4 } } });
    expect(diags('foo. ')).toEqual(['R0001 4-4 1:5 expected a field or method name after `.`, found end of file']);
  });

  test('`foo.` before the end of a block points after the dot, not at the `}`', () => {
    const text = 'fun f() {\n    foo.\n}\nfun g() {}\n';
    expect(diags(text)).toEqual(['R0001 18-18 2:9 expected a field or method name after `.`, found `}`']);
    expect(outline(text)).toEqual(['FunctionDecl:f', 'FunctionDecl:g']);
  });

  test('an unclosed `[`', () => {
    const text = 'let a = [1, 2\nlet b = 3\n';
    expect(diags(text)).toEqual(['R0003 13-13 1:14 expected `]` to close the array opened at 1:9']);
    expect(parse(text).ast.stmts.map(toSExpr)).toEqual(['(let a [1 2])', '(let b 3)']);
  });

  test('a missing `=>` in a match arm', () => {
    const text = 'match x {\n    1 => 2,\n    3 4,\n    5 => 6\n}\nfun b() {}\n';
    expect(diags(text)).toEqual(['R0001 28-29 3:7 expected `=>`, found `4`']);
    expect(toSExpr(parse(text).ast.stmts[0])).toBe('(match x (arm 1 2) (arm 3 4) (arm 5 6))');
    expect(outline(text)).toEqual(['ExprStmt', 'FunctionDecl:b']);
  });

  test('a missing separator between two statements on one line (R0010)', () => {
    expect(diags('let a = 1 let b = 2')).toEqual(['R0010 9-10 1:10 expected `;` or a new line before `let`']);
    expect(parse('let a = 1 let b = 2').ast.stmts.map(toSExpr)).toEqual(['(let a 1)', '(let b 2)']);
    expect(diags('fun f() { let a = 1 let b = 2 }')).toEqual(['R0010 19-20 1:20 expected `;` or a new line before `let`']);
    expect(diags('x = 1 y = 2')).toEqual(['R0010 5-6 1:6 expected `;` or a new line before `y`']);
  });

  test('a missing operand after a binary operator', () => {
    expect(diags('x = 1 +\n')).toEqual(['R0014 7-7 1:8 expected an expression, found end of file']);
    expect(diags('x = 1 + )')).toEqual(['R0014 8-9 1:9 expected an expression, found `)`']);
    expect(parse('x = 1 + )\ny = 2').ast.stmts.map(toSExpr)).toEqual(['(= x (+ 1 <error>))', '(= y 2)']);
  });

  test('a missing type, pattern or block at the end of the file', () => {
    expect(diags('let x: ')).toEqual(['R0016 6-6 1:7 expected a type, found end of file']);
    expect(diags('if x')).toEqual(['R0001 4-4 1:5 expected `{`, found end of file']);
    expect(diags('while x\n')).toEqual(['R0001 7-7 1:8 expected `{`, found end of file']);
    for (const text of ['let x: ', 'if x', 'loop!', 'let (a, ', 'fun f() -> ', 'match x {\n  1 =>', 'struct P {\n    x: ', 'let mut']) {
      expect(parse(text).ast.stmts.length, text).toBeGreaterThan(0);
      nodesInsideText(text);
    }
  });

  test('what is being typed at the end of the file gets the diagnostic that names it', () => {
    expect(diags('let p = Point {')).toEqual(['R0003 15-15 1:16 expected `}` to close the struct literal opened at 1:15']);
    expect(diags('use std::')).toEqual(['R0001 9-9 1:10 expected a name, found end of file']);
    expect(diags('import ')).toEqual(['R0001 6-6 1:7 expected a name, found end of file']);
    expect(diags('#[test]')).toEqual(['R0001 7-7 1:8 expected a declaration (`fun`, `struct`, `enum`, ...), found end of file']);
    expect(diags('x as ')).toEqual(['R0016 4-4 1:5 expected a type, found end of file']);
    expect(diags('let f = |x')).toEqual(['R0001 10-10 1:11 expected `|`, found end of file']);
    expect(diags('f"{')).toEqual(['R0005 2-3 1:3 expected `}` to close the f-string interpolation opened at 1:3']);
    // Two things are missing here, and both are said, at the same place.
    expect(diags('if x == ')).toEqual(['R0001 7-7 1:8 expected `{`, found end of file', 'R0014 7-7 1:8 expected an expression, found end of file']);
  });

  test('an error inside a statement is not followed by a "missing separator" for the rest of its line', () => {
    expect(diags("'a: 5")).toEqual(['R0001 4-5 1:5 expected a loop or a block after the label, found `5`']);
  });

  test('an unclosed attribute', () => {
    expect(diags('#[test\n')).toContain('R0003 6-6 1:7 expected `]` to close the attribute opened at 1:1');
  });

  test('a broken declaration header does not lose the declarations after it', () => {
    const text = 'fun f() -> ;\nfun g() {}\n';
    expect(diags(text)).toEqual(['R0016 11-12 1:12 expected a type, found `;`']);
    expect(outline(text)).toContain('FunctionDecl:g');
  });
});

describe('a mistake inside a list or a body costs that entry, not the rest', () => {
  test('a broken match arm: the later arms and the match are kept', () => {
    const text = 'match x {\n    s s.len() > 10 => "long",\n    s if s.len() > 5 => "medium",\n    _ => "short"\n}\nfun f() {}\n';
    expect(diags(text)).toEqual(['R0001 16-17 2:7 expected `=>`, found `s`']);
    expect(outline(text)).toEqual(['ExprStmt', 'FunctionDecl:f']);
    expect(findNode(parse(text).ast, 'MatchExpr').arms.map((a) => toSExpr(a.body))).toEqual(['(> (method s len) 10)', '"medium"', '"short"']);
  });

  test('an arm without its pattern', () => {
    const text = 'match x {\n    1 => "One",\n    => "Two",\n    3 => "Three"\n}';
    expect(diags(text)).toEqual(['R0015 30-32 3:5 expected a pattern, found `=>`']);
    expect(findNode(parse(text).ast, 'MatchExpr').arms).toHaveLength(2);
  });

  test('an unclosed call inside an arm', () => {
    const text = 'match x {\n    1 => "One",\n    2 => print("Two",\n    3 => "Three"\n    _ => "x"\n}';
    expect(diags(text)).toEqual(['R0003 53-53 4:6 expected `)` to close the argument list opened at 3:15']);
    expect(findNode(parse(text).ast, 'MatchExpr').arms.map((a) => patternText(a.pattern))).toEqual(['1', '2', '_']);
  });

  test('`match {` without its value', () => {
    expect(diags('match {\n    1 => 2,\n    _ => 3\n}')).toEqual(['R0014 6-7 1:7 expected an expression, found `{`']);
  });

  test('a match missing its `}` ends before the next statement', () => {
    const text = 'fun f() {\n    match x {\n        1 => "One",\n        2 => "Two"\n    let y = 2\n}';
    expect(diags(text)).toEqual(['R0003 62-62 4:19 expected `}` to close the match opened at 2:13']);
  });

  test('a field without its name in a struct body', () => {
    const text = 'struct Config {\n    : bool = false,\n    level: i32 = 3,\n}\nfun f() {}\n';
    expect(diags(text)).toEqual(['R0001 20-21 2:5 expected a field or a method, found `:`']);
    expect(outline(text)).toEqual(['StructDecl:Config', 'FunctionDecl:f']);
    expect((parse(text).ast.stmts[0] as A.StructDecl).fields.map((f) => f.name.name)).toEqual(['level']);
  });

  test('stray tokens in enum, impl and struct bodies', () => {
    expect(diags('enum E { A, ;, B }')).toEqual(['R0001 12-13 1:13 expected a variant, found `;`']);
    expect(diags('impl P { ) fun f() {} }')).toEqual(['R0001 9-10 1:10 expected a method, `type` or `const`, found `)`']);
    expect(diags('struct P { x: i32 ) }')).toEqual(['R0001 18-19 1:19 expected a field or a method, found `)`']);
  });

  test('a parameter with a missing `:` or a stray token', () => {
    const text = 'fun f(a i32, b: i32) -> i32 { a + b }\nfun g() {}\n';
    expect(diags(text)).toEqual(['R0001 8-11 1:9 expected `,` or `)`, found `i32`']);
    const f = parse(text).ast.stmts[0] as A.FunctionDecl;
    expect(f.params.map((p) => patternText(p.pattern))).toEqual(['a', 'b']);
    expect(f.body?.stmts.map(toSExpr)).toEqual(['(+ a b)']);
    expect(diags('fun f(a ]) {}')).toEqual(['R0001 8-9 1:9 expected `,` or `)`, found `]`']);
  });

  test('an argument followed by a stray token', () => {
    expect(diags('let x = f(a b, c)\nlet y = 2')).toEqual(['R0001 12-13 1:13 expected `,` or `)`, found `b`']);
    expect(toSExpr(parse('let x = f(a b, c)').ast.stmts[0])).toBe('(let x (call f a c))');
  });

  test('after an error in an `if` head, struct literals are read again in the next statements', () => {
    const text = 'if let = {\n}\nlet p = P { x: 1 }\nlet q = 2';
    expect(diags(text)).toEqual(['R0015 7-8 1:8 expected a pattern, found `=`']);
    expect(toSExpr(parse(text).ast.stmts[1])).toBe('(let p (struct P x:1))');
  });
});

describe('the error cap', () => {
  test('at most 100 syntax errors are reported', () => {
    const text = Array.from({ length: 300 }, () => '$').join('\n');
    const errors = parse(text).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(100);
  });
});
