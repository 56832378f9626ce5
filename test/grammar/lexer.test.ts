// The lexer: numbers, strings, chars versus 'strings, labels, comments, keywords, the
// new-line flag, and the lexical errors (each with its code and exact range).

import { describe, expect, test } from 'vitest';
import { lex } from '../../grammar/lexer.js';
import { parse } from '../../grammar/parse.js';
import * as T from '../../grammar/tokens.js';
import type * as A from '../../src/syntax/ast.js';
import { describeDiagnostics, parseExpr } from '../helpers/ast.js';

/** `Kind image` for each token; `^` marks a token that starts a new line. */
function toks(text: string): string[] {
  return lex(text).tokens.map((t) => `${t.tokenType.name} ${t.image}`);
}

function kinds(text: string): string[] {
  return lex(text).tokens.map((t) => t.tokenType.name);
}

function lexDiagnostics(text: string): string[] {
  return lex(text).diagnostics.map((d) => `${d.code} ${d.start}-${d.end} ${d.message}`);
}

function literal<K extends A.Literal['kind']>(text: string, kind: K): Extract<A.Literal, { kind: K }> {
  const expr = parseExpr(text);
  expect(expr.kind).toBe(kind);
  return expr as Extract<A.Literal, { kind: K }>;
}

describe('integers', () => {
  test.each([
    ['0', 0, null],
    ['42', 42, null],
    ['1_000', 1000, null],
    ['1_000_000', 1_000_000, null],
    ['0xff', 255, null],
    ['0xFF_FF', 0xffff, null],
    ['0o17', 15, null],
    ['0b1010', 10, null],
    ['0b1111_0000', 240, null],
    ['42i32', 42, 'i32'],
    ['7u8', 7, 'u8'],
    ['100_usize', 100, 'usize'],
    ['9i64', 9, 'i64'],
    ['0xFFu8', 255, 'u8'],
    ['0x1F_u8', 31, 'u8'],
    ['0b1010i32', 10, 'i32'],
    ['0xf32', 0xf32, null],
  ])('%s is an integer of value %d (suffix %s)', (text, value, suffix) => {
    expect(kinds(text)).toEqual(['IntLiteral']);
    const lit = literal(text, 'IntLiteral');
    expect(lit.raw).toBe(text);
    expect(lit.value).toBe(value);
    expect(lit.suffix).toBe(suffix);
  });

  test('a malformed literal is reported with its exact range (R0008)', () => {
    const result = parse('x = 0b');
    expect(result.diagnostics.map((d) => [d.code, d.start, d.end, d.message])).toEqual([
      ['R0008', 4, 6, 'invalid number literal `0b`: no digits after the base prefix'],
    ]);
    expect(parse('x = 0xfg').diagnostics.map((d) => [d.code, d.start, d.end, d.message])).toEqual([
      ['R0008', 4, 8, 'invalid number literal `0xfg`: not a valid number'],
    ]);
  });
});

describe('floats', () => {
  test.each([
    ['1.5', 1.5, null],
    ['0.25', 0.25, null],
    ['1e10', 1e10, null],
    ['1E5', 1e5, null],
    ['1e+5', 1e5, null],
    ['2.5e-3', 2.5e-3, null],
    ['1_000.5', 1000.5, null],
    ['1.0f64', 1, 'f64'],
    ['3f32', 3, 'f32'],
  ])('%s is a float of value %d (suffix %s)', (text, value, suffix) => {
    expect(kinds(text)).toEqual(['FloatLiteral']);
    const lit = literal(text, 'FloatLiteral');
    expect(lit.value).toBe(value);
    expect(lit.suffix).toBe(suffix);
  });
});

describe('dots after numbers', () => {
  test('`1..5` is an integer, a range, an integer', () => {
    expect(toks('1..5')).toEqual(['IntLiteral 1', 'DotDot ..', 'IntLiteral 5']);
    expect(toks('1..=5')).toEqual(['IntLiteral 1', 'DotDotEq ..=', 'IntLiteral 5']);
  });

  test('`t.0.1` is two tuple indexes, not the float `0.1`', () => {
    expect(toks('t.0.1')).toEqual(['Identifier t', 'Dot .', 'IntLiteral 0', 'Dot .', 'IntLiteral 1']);
  });

  test('`1.max(2)` is a method call on an integer', () => {
    expect(toks('1.max(2)')).toEqual(['IntLiteral 1', 'Dot .', 'Identifier max', 'LParen (', 'IntLiteral 2', 'RParen )']);
  });

  test('right after a number, `f"` and `r"` are a name and a string, not a prefix', () => {
    expect(toks('4f"x"')).toEqual(['IntLiteral 4', 'Identifier f', 'StringLiteral "x"']);
    expect(toks('2r"x"')).toEqual(['IntLiteral 2', 'Identifier r', 'StringLiteral "x"']);
  });

  test('`1.5.floor()` is a method call on a float', () => {
    expect(toks('1.5.floor()')).toEqual(['FloatLiteral 1.5', 'Dot .', 'Identifier floor', 'LParen (', 'RParen )']);
  });
});

describe('strings', () => {
  test('escapes: \\n \\t \\r \\\\ \\" \\\' \\0 \\u{...}', () => {
    const lit = literal(String.raw`"a\nb\tc\rd\\e\"f\'g\0h\u{1F600}i\u{41}"`, 'StringLiteral');
    expect(lit.value).toBe('a\nb\tc\rd\\e"f\'g\0h\u{1F600}iA');
    expect(lit.style).toBe('normal');
  });

  test('an invalid escape is reported at its exact range (R0007) and kept as written', () => {
    const result = parse(String.raw`s = "a\qb"`);
    expect(result.diagnostics.map((d) => [d.code, d.start, d.end, d.message])).toEqual([['R0007', 6, 8, 'invalid escape sequence `\\q`']]);
    const invalid = parse(String.raw`"\u{D800}" + "\u{110000}"`);
    expect(invalid.diagnostics.map((d) => [d.code, d.start, d.end])).toEqual([['R0007', 1, 9], ['R0007', 14, 24]]);
  });

  test('a backslash before a line break continues the string', () => {
    expect(literal('"line1\\\n    line2"', 'StringLiteral').value).toBe('line1line2');
  });

  test('raw strings keep backslashes; `r#"..."#` may contain quotes', () => {
    expect(toks(String.raw`r"a\nb"`)).toEqual([String.raw`RawStringLiteral r"a\nb"`]);
    expect(literal(String.raw`r"a\nb"`, 'StringLiteral')).toMatchObject({ value: String.raw`a\nb`, style: 'raw' });
    expect(literal('r#"say "hi" now"#', 'StringLiteral')).toMatchObject({ value: 'say "hi" now', style: 'raw' });
    expect(literal('r##"a "# b"##', 'StringLiteral').value).toBe('a "# b');
  });

  test('triple-quoted strings span lines and may contain quotes', () => {
    const text = '"""first\n"quoted"\nlast"""';
    expect(kinds(text)).toEqual(['TripleStringLiteral']);
    expect(literal(text, 'StringLiteral')).toMatchObject({ value: 'first\n"quoted"\nlast', style: 'triple' });
  });

  test('an unterminated string is reported up to the end of its line (R0002) and does not swallow the next lines', () => {
    const text = 'let s = "abc\nlet t = 1';
    expect(lexDiagnostics(text)).toEqual(['R0002 8-12 unterminated string literal: missing closing `"`']);
    expect(toks(text)).toEqual(['KwLet let', 'Identifier s', 'Eq =', 'StringLiteral "abc', 'KwLet let', 'Identifier t', 'Eq =', 'IntLiteral 1']);
    const ast = parse(text).ast;
    expect(ast.stmts.map((s) => s.kind)).toEqual(['LetStmt', 'LetStmt']);
    expect(((ast.stmts[0] as A.LetStmt).init as A.StringLiteral).value).toBe('abc');
  });

  test('an unterminated triple-quoted string is reported at its opening quotes', () => {
    expect(lexDiagnostics('x = """abc\ndef')).toEqual(['R0002 4-7 unterminated string literal: missing closing `"""`']);
  });

  test('an unterminated raw string is reported up to the end of its line', () => {
    expect(lexDiagnostics('x = r#"abc\ny')).toEqual(['R0002 4-10 unterminated string literal: missing closing `"#`']);
  });
});

describe("chars and 'strings", () => {
  test.each([
    ["'a'", 'a'],
    ["'\\n'", '\n'],
    ["'\\''", "'"],
    ["'\\\\'", '\\'],
    ["'\\u{41}'", 'A'],
    ["'\u{1F600}'", '\u{1F600}'],
    ["'漢'", '漢'],
  ])('%s is a char', (text, value) => {
    expect(kinds(text)).toEqual(['CharLiteral']);
    expect(literal(text, 'CharLiteral').value).toBe(value);
  });

  test.each([
    ["'abc'", 'abc'],
    ["'a b'", 'a b'],
    ["''", ''],
    ["'it\\'s'", "it's"],
  ])('%s is a single-quoted string', (text, value) => {
    expect(kinds(text)).toEqual(['SingleQuotedString']);
    expect(literal(text, 'StringLiteral')).toMatchObject({ value, style: 'single' });
  });

  test("a 'string after a comma is a string, not a lifetime", () => {
    expect(toks("f(x, 'ab cd')")).toEqual(['Identifier f', 'LParen (', 'Identifier x', 'Comma ,', "SingleQuotedString 'ab cd'", 'RParen )']);
  });

  test('lifetimes are labels where a lifetime can stand', () => {
    expect(toks("&'a T")).toEqual(['Amp &', "Label 'a", 'Identifier T']);
    expect(toks("<'a, 'b>")).toEqual(['Lt <', "Label 'a", 'Comma ,', "Label 'b", 'Gt >']);
    expect(toks("T: 'static + Send")).toEqual(['Identifier T', 'Colon :', "Label 'static", 'Plus +', 'Identifier Send']);
    expect(parse("fun first<'a>(x: &'a str, y: &'a str) -> &'a str { x }").diagnostics).toEqual([]);
  });

  test("an unterminated 'string is reported (R0002), not read as a label", () => {
    const text = "let c = 'ab\nlet d = 2";
    expect(lexDiagnostics(text)).toEqual(["R0002 8-11 unterminated string literal: missing closing `'`"]);
    const result = parse(text);
    expect(describeDiagnostics(result)).toEqual(["R0002 1:9 unterminated string literal: missing closing `'`"]);
    expect(result.ast.stmts.map((s) => s.kind)).toEqual(['LetStmt', 'LetStmt']);
  });

  test('an invalid escape in a char is reported (R0007)', () => {
    expect(parse("'\\q'").diagnostics.map((d) => [d.code, d.start, d.end])).toEqual([['R0007', 1, 3]]);
  });
});

describe('labels', () => {
  test("`'outer:` defines a label and `break 'outer` uses it", () => {
    expect(toks("'outer: loop { break 'outer }")).toEqual([
      "Label 'outer", 'Colon :', 'KwLoop loop', 'LBrace {', 'KwBreak break', "Label 'outer", 'RBrace }',
    ]);
  });

  test('`@outer:` defines a label and `continue @outer` uses it', () => {
    expect(toks('@outer: for x in xs { continue @outer }')).toEqual([
      'Label @outer', 'Colon :', 'KwFor for', 'Identifier x', 'KwIn in', 'Identifier xs', 'LBrace {', 'KwContinue continue', 'Label @outer', 'RBrace }',
    ]);
  });

  test('`@` elsewhere is the `@` of a binding pattern', () => {
    expect(toks('n @ 1..=9')).toEqual(['Identifier n', 'At @', 'IntLiteral 1', 'DotDotEq ..=', 'IntLiteral 9']);
  });

  test("`'a'` after `break` is still a char", () => {
    expect(toks("break 'a'")).toEqual(['KwBreak break', "CharLiteral 'a'"]);
  });

  test('labels reach the AST with their sigil', () => {
    const loop = parseExpr("'outer: loop { break 'outer 5 }") as A.LoopExpr;
    expect(loop.label).toMatchObject({ name: 'outer', sigil: "'", start: 0, end: 6 });
    const brk = (loop.body.stmts[0] as A.ExprStmt).expr as A.BreakExpr;
    expect(brk.label).toMatchObject({ name: 'outer', sigil: "'" });
    expect(brk.value).toMatchObject({ kind: 'IntLiteral', value: 5 });
    const loop2 = parseExpr('@outer: while true { continue @outer }') as A.WhileExpr;
    expect(loop2.label).toMatchObject({ name: 'outer', sigil: '@' });
  });
});

describe('comments', () => {
  test('line, doc, nested block and hash comments are kept out of the token stream', () => {
    const text = '// line\n/// doc\n//// not doc\n/* a /* nested */ still */ x # hash\ny';
    expect(toks(text)).toEqual(['Identifier x', 'Identifier y']);
    expect(lex(text).comments.map((c) => `${c.tokenType.name} ${c.image}`)).toEqual([
      'LineComment // line', 'DocComment /// doc', 'LineComment //// not doc', 'BlockComment /* a /* nested */ still */', 'HashComment # hash',
    ]);
  });

  test('parse() lists comments with their style and range', () => {
    const comments = parse('x // a\n/* b */ y').ast.comments;
    expect(comments).toEqual([
      { kind: 'Comment', style: 'line', text: '// a', start: 2, end: 6 },
      { kind: 'Comment', style: 'block', text: '/* b */', start: 7, end: 14 },
    ]);
  });

  test('an unterminated block comment is reported at its opening (R0004)', () => {
    expect(lexDiagnostics('x /* a /* b */')).toEqual(['R0004 2-4 unterminated block comment: missing `*/` for the comment opened at 1:3']);
  });

  test('`#[...]` and `#![...]` are attributes, `#` otherwise starts a comment', () => {
    expect(toks('#[test]')).toEqual(['AttributeOpen #[', 'Identifier test', 'RBracket ]']);
    expect(toks('#![allow(x)]')).toEqual(['InnerAttributeOpen #![', 'Identifier allow', 'LParen (', 'Identifier x', 'RParen )', 'RBracket ]']);
    expect(toks('# [not an attribute]')).toEqual([]);
  });
});

describe('keywords and identifiers', () => {
  // The keyword list of LANGUAGE.md, plus the keywords of try/catch/finally/throw and `fn`.
  const keywords = (
    'actor as async await break const continue effect else enum false for fun handle handler if impl import in lazy let loop ' +
    'match mod mut pub ref return self spawn struct super trait true type use where while yield catch finally fn throw try'
  ).split(' ');

  test.each(keywords)('`%s` is a keyword', (word) => {
    const [token] = lex(word).tokens;
    expect(token.tokenType.CATEGORIES).toContain(T.Keyword);
    expect(token.image).toBe(word);
  });

  test.each(['fun_x', 'iffy', 'lets', 'matches', 'Self', 'selfish', 'x1', '_', '_tmp', 'r', 'f', 'async_io', 'types'])('`%s` is an identifier', (word) => {
    expect(toks(word)).toEqual([`Identifier ${word}`]);
  });

  test('keywords may name fields, methods and object keys', () => {
    expect(parseExpr('x.type.match')).toMatchObject({ kind: 'FieldExpr', field: { name: 'match' }, object: { kind: 'FieldExpr', field: { name: 'type' } } });
    expect(parseExpr('x.await')).toMatchObject({ kind: 'AwaitExpr', postfix: true });
    expect(parseExpr('{ type: 1, if: 2 }')).toMatchObject({ kind: 'ObjectExpr', fields: [{ key: { name: 'type' } }, { key: { name: 'if' } }] });
  });
});

describe('the new-line flag', () => {
  function flags(text: string): string[] {
    return lex(text).tokens.map((t) => `${t.image}${t.nl ? '^' : ''}`);
  }

  test('marks the first token of the file and each token that starts a line', () => {
    expect(flags('a b\nc\r\nd\re')).toEqual(['a^', 'b', 'c^', 'd^', 'e^']);
  });

  test('a line break inside a block comment counts, one inside a line comment too', () => {
    expect(flags('a /* x\n */ b /* y */ c // z\nd')).toEqual(['a^', 'b^', 'c', 'd^']);
  });

  test('a line break decides where a statement ends', () => {
    expect(parse('a\n-b').ast.stmts).toHaveLength(1); // binary operators continue lines
    expect(parse('f\n(x)').ast.stmts).toHaveLength(2); // but a call needs its `(` on the same line
    expect(parse('a\n[0]').ast.stmts).toHaveLength(2);
  });
});

describe('invalid characters', () => {
  test('a run of non-ASCII characters is reported once, whole (R0006)', () => {
    expect(lexDiagnostics('a € b ☃☃ c')).toEqual(['R0006 2-3 unexpected character `€`', 'R0006 6-8 unexpected character `☃☃`']);
    expect(toks('a € b')).toEqual(['Identifier a', 'Identifier b']);
  });

  test('a surrogate pair is never split; a lone surrogate is one character', () => {
    expect(lexDiagnostics('é\u{1F600}')).toEqual(['R0006 0-3 unexpected character `é\u{1F600}`']);
    expect(lexDiagnostics('\uD800')).toEqual(['R0006 0-1 unexpected character `\uD800`']);
    expect(lexDiagnostics('x\uDC00')).toEqual(['R0006 1-2 unexpected character `\uDC00`']);
  });

  test('control characters are reported one by one, shown escaped', () => {
    expect(lexDiagnostics('a\u0001\u0002')).toEqual(['R0006 1-2 unexpected character `\\u{1}`', 'R0006 2-3 unexpected character `\\u{2}`']);
  });
});
