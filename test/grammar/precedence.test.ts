// Operator precedence and associativity, pinned as tree shapes (S-expressions).
//
// The binary table is grammar/precedence.ts, loosest first:
//   assignment (right) | `|>` | `<-` `<?` | ranges | `||` | `??` | `&&` | `==` `!=` |
//   `<` `>` `<=` `>=` | `|` | `^` | `&` | `<<` `>>` | `+` `-` | `*` `/` `%` | `**` (right)
// then prefix operators, then postfix ones. One recorded design decision differs from
// LANGUAGE.md's list: assignment is looser than the pipeline, so `x = a |> f` assigns the
// result of the pipeline.

import { describe, expect, test } from 'vitest';
import { parse } from '../../grammar/parse.js';
import { Prec } from '../../grammar/precedence.js';
import { describeDiagnostics, parseClean, sexpr, toSExpr } from '../helpers/ast.js';
import type * as A from '../../src/syntax/ast.js';

interface Level {
  name: string;
  ops: string[];
  right: boolean;
}

/** Loosest first, exactly as the table in grammar/precedence.ts. */
const LEVELS: Level[] = [
  { name: 'assignment', ops: ['=', '+=', '-=', '*=', '/=', '%=', '**=', '&=', '|=', '^=', '<<=', '>>='], right: true },
  { name: 'pipeline', ops: ['|>'], right: false },
  { name: 'actor', ops: ['<-', '<?'], right: false },
  { name: 'range', ops: ['..', '..=', '...'], right: false },
  { name: 'or', ops: ['||'], right: false },
  { name: 'coalesce', ops: ['??'], right: false },
  { name: 'and', ops: ['&&'], right: false },
  { name: 'equality', ops: ['==', '!='], right: false },
  { name: 'comparison', ops: ['<', '>', '<=', '>='], right: false },
  { name: 'bitOr', ops: ['|'], right: false },
  { name: 'bitXor', ops: ['^'], right: false },
  { name: 'bitAnd', ops: ['&'], right: false },
  { name: 'shift', ops: ['<<', '>>'], right: false },
  { name: 'additive', ops: ['+', '-'], right: false },
  { name: 'multiplicative', ops: ['*', '/', '%'], right: false },
  { name: 'power', ops: ['**'], right: true },
];

/** How a binary operator prints in the tree. */
function head(op: string): string {
  if (op === '..') return 'range';
  if (op === '..=' || op === '...') return 'range=';
  return op;
}

function node(op: string, left: string, right: string): string {
  return `(${head(op)} ${left} ${right})`;
}

test('the test table lists the levels of grammar/precedence.ts in its order', () => {
  const byPrec = Object.entries(Prec).sort((a, b) => a[1] - b[1]).map(([name]) => name);
  expect(LEVELS.map((l) => l.name).map((n) => (n === 'assignment' ? 'assign' : n))).toEqual(byPrec);
});

describe('every binary operator parses as itself', () => {
  const all = LEVELS.flatMap((level) => level.ops);
  test.each(all)('a %s b', (op) => {
    expect(sexpr(`a ${op} b`)).toBe(node(op, 'a', 'b'));
  });
});

describe('associativity of every binary operator', () => {
  const cases = LEVELS.filter((l) => l.name !== 'range').flatMap((level) => level.ops.map((op) => ({ op, right: level.right })));
  test.each(cases)('a $op b $op c', ({ op, right }) => {
    const expected = right ? node(op, 'a', node(op, 'b', 'c')) : node(op, node(op, 'a', 'b'), 'c');
    expect(sexpr(`a ${op} b ${op} c`)).toBe(expected);
  });

  // Operators of one level mix left to right (right to left for assignment).
  const mixes = LEVELS.filter((l) => l.ops.length > 1 && l.name !== 'range').flatMap((level) =>
    level.ops.flatMap((op1) => level.ops.filter((op2) => op2 !== op1).map((op2) => ({ op1, op2, right: level.right }))),
  );
  test.each(mixes)('a $op1 b $op2 c (same level)', ({ op1, op2, right }) => {
    const expected = right ? node(op1, 'a', node(op2, 'b', 'c')) : node(op2, node(op1, 'a', 'b'), 'c');
    expect(sexpr(`a ${op1} b ${op2} c`)).toBe(expected);
  });
});

describe('each level against its tighter neighbour, every operator pair, both orders', () => {
  const pairs: { looser: string; tighter: string }[] = [];
  for (let i = 0; i + 1 < LEVELS.length; i++) {
    for (const looser of LEVELS[i].ops) for (const tighter of LEVELS[i + 1].ops) pairs.push({ looser, tighter });
  }
  test.each(pairs)('$looser against $tighter', ({ looser, tighter }) => {
    expect(sexpr(`a ${looser} b ${tighter} c`)).toBe(node(looser, 'a', node(tighter, 'b', 'c')));
    expect(sexpr(`a ${tighter} b ${looser} c`)).toBe(node(looser, node(tighter, 'a', 'b'), 'c'));
  });
});

describe('every level against every tighter level (first operator of each)', () => {
  const pairs: { looser: string; tighter: string }[] = [];
  for (let i = 0; i < LEVELS.length; i++) {
    for (let j = i + 2; j < LEVELS.length; j++) pairs.push({ looser: LEVELS[i].ops[0], tighter: LEVELS[j].ops[0] });
  }
  test.each(pairs)('$looser against $tighter', ({ looser, tighter }) => {
    expect(sexpr(`a ${looser} b ${tighter} c`)).toBe(node(looser, 'a', node(tighter, 'b', 'c')));
    expect(sexpr(`a ${tighter} b ${looser} c`)).toBe(node(looser, node(tighter, 'a', 'b'), 'c'));
  });
});

describe('longer chains fold by precedence', () => {
  test.each([
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['1 * 2 + 3 * 4', '(+ (* 1 2) (* 3 4))'],
    ['a | b ^ c & d << e + f * g ** h', '(| a (^ b (& c (<< d (+ e (* f (** g h)))))))'],
    ['a ** b * c + d << e & f ^ g | h', '(| (^ (& (<< (+ (* (** a b) c) d) e) f) g) h)'],
    ['a || b && c || d', '(|| (|| a (&& b c)) d)'],
    ['a == b && c != d || e', '(|| (&& (== a b) (!= c d)) e)'],
    ['x = y = z = 1', '(= x (= y (= z 1)))'],
    ['x += y *= 2', '(+= x (*= y 2))'],
    ['2 ** 3 ** 2', '(** 2 (** 3 2))'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b * c % d', '(% (* (/ a b) c) d)'],
    ['(1 + 2) * 3', '(* (paren (+ 1 2)) 3)'],
    ['a ?? b ?? c', '(?? (?? a b) c)'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });
});

describe('the pipeline', () => {
  test.each([
    ['x |> f |> g(1)', '(|> (|> x f) (call g 1))'],
    // The recorded design decision: assignment is looser than the pipeline.
    ['x = a |> f', '(= x (|> a f))'],
    ['total += xs |> sum', '(+= total (|> xs sum))'],
    ['a + 1 |> f', '(|> (+ a 1) f)'],
    ['a |> f || g', '(|> a (|| f g))'],
    ['0..n |> collect', '(|> (range 0 n) collect)'],
    ['a |> |x| x + 1', '(|> a (fn [x] (+ x 1)))'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });
});

describe('actor send and ask', () => {
  test.each([
    ['counter <- Increment', '(<- counter Increment)'],
    ['counter <? Get', '(<? counter Get)'],
    ['a <- m |> f', '(|> (<- a m) f)'],
    ['a <- b || c', '(<- a (|| b c))'],
    ['r = a <? Get', '(= r (<? a Get))'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });
});

describe('`>>` is two adjacent `>` tokens joined by the parser', () => {
  test.each([
    ['a >> b', '(>> a b)'],
    ['a >> b >> c', '(>> (>> a b) c)'],
    ['a >> b > c', '(> (>> a b) c)'],
    ['a > b >> c', '(> a (>> b c))'],
    ['a + b >> c', '(>> (+ a b) c)'],
    ['x < y >> 1', '(< x (>> y 1))'],
    ['a >>b', '(>> a b)'],
    ['a >>= 2', '(>>= a 2)'],
    ['a << b >> c', '(>> (<< a b) c)'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });

  test('`> >` with a space between is not a shift', () => {
    const result = parse('a > > b');
    expect(describeDiagnostics(result)).toEqual(['R0014 1:5 expected an expression, found `>`']);
  });

  test('the closing `>>` of nested generics stays two closers', () => {
    expect(sexpr('Vec::<Vec<i32>>::new()')).toBe('(call Vec::<Vec<i32>>::new)');
    expect(toSExpr(parseClean('let x: Vec<Vec<i32>> = v').stmts[0])).toBe('(let x : Vec<Vec<i32>> v)');
  });
});

describe('prefix operators bind tighter than every binary operator', () => {
  test.each([
    ['-2 ** 2', '(** (neg 2) 2)'],
    ['!a && b', '(&& (not a) b)'],
    ['-a * b', '(* (neg a) b)'],
    ['~a & b', '(& (bitnot a) b)'],
    ['*p + 1', '(+ (deref p) 1)'],
    ['- -a', '(neg (neg a))'],
    ['!!a', '(not (not a))'],
    ['-x.abs()', '(neg (method x abs))'],
    ['&mut x', '(refmut x)'],
    ['&x.y', '(ref (. x y))'],
    ['&&x', '(ref (ref x))'],
    ['&mut v[0]', '(refmut (index v 0))'],
    ['await f()', '(await (call f))'],
    ['await a + b', '(+ (await a) b)'],
    ['await fetch(url)?', '(await (? (call fetch url)))'],
    ['x = -y', '(= x (neg y))'],
    ['a - -b', '(- a (neg b))'],
    ['a * -b ** 2', '(* a (** (neg b) 2))'],
    // Postfix binds tighter than prefix, `as` included (documented in LANGUAGE.md's operator list).
    ['-a as i64', '(neg (as a i64))'],
    ['!f(x)?', '(not (? (call f x)))'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });
});

describe('postfix operators', () => {
  test.each([
    ['a?.b', '(?. a b)'],
    ['a?.b()', '(method? a b)'],
    ['a?.b?.c', '(?. (?. a b) c)'],
    ['f(x)?', '(? (call f x))'],
    // `?.` is one token, optional chaining; `? .` is the try operator, then a field.
    ['f(x)?.y', '(?. (call f x) y)'],
    ['f(x)? .y', '(. (? (call f x)) y)'],
    ['x as i64 * 2', '(* (as x i64) 2)'],
    ['x as i32 as i64', '(as (as x i32) i64)'],
    ['a + b as f64', '(+ a (as b f64))'],
    ['a[i].b(c)', '(method (index a i) b c)'],
    ['a.b.c', '(. (. a b) c)'],
    ['a.b(c).d[e]', '(index (. (method a b c) d) e)'],
    ['f(x)(y)', '(call (call f x) y)'],
    ['m[i][j]', '(index (index m i) j)'],
    ['t.0.1', '(. (. t 0) 1)'],
    ['f().await', '(.await (call f))'],
    ['f().await?', '(? (.await (call f)))'],
    ['x.y?.z?', '(? (?. (. x y) z))'],
    ['"abc".len()', '(method "abc" len)'],
    ['xs.iter().map(|x| x * 2).collect::<Vec<i32>>()', '(method (method (method xs iter) map (fn [x] (* x 2))) collect)'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });
});

describe('ranges', () => {
  test.each([
    ['0..n', '(range 0 n)'],
    ['0..=n', '(range= 0 n)'],
    ['1...5', '(range= 1 5)'],
    ['0..n + 1', '(range 0 (+ n 1))'],
    ['a..b || c', '(range a (|| b c))'],
    ['a || b..c', '(range (|| a b) c)'],
    ['..5', '(range _ 5)'],
    ['..=5', '(range= _ 5)'],
    ['..a + b', '(range _ (+ a b))'],
    ['a..', '(range a _)'],
    ['arr[..]', '(index arr (range _ _))'],
    ['arr[1..]', '(index arr (range 1 _))'],
    ['arr[..n]', '(index arr (range _ n))'],
    ['arr[i..j]', '(index arr (range i j))'],
    ['(a..)', '(paren (range a _))'],
    ['x = ..5', '(= x (range _ 5))'],
    ['f(..)', '(call f (range _ _))'],
    ['(1..=10).map(f)', '(method (paren (range= 1 10)) map f)'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });

  test('an open range before a block: `for i in 0.. {` reads the block as the loop body', () => {
    expect(sexpr('for i in 0.. { f(i) }')).toBe('(for i (range 0 _) (block (call f i)))');
  });
});

// Newlines are whitespace in Ruchy (the reference lexer skips `[ \t\n\f]+`), so a binary
// operator or a `.method()` at the start of a line continues the expression of the line
// before: `a\n - b` is a subtraction, not a statement `a` then `-b`. Two exceptions keep
// statements apart: `(` and `[` on a new line start a new statement (a call or index
// across lines would silently join two statements), and so does anything after a
// block-like statement (`if`, `match`, loops), as in Rust.
describe('a line starting with an operator', () => {
  const stmts = (text: string): string[] => parseClean(text).stmts.map((s) => toSExpr(s));
  test.each([
    ['let x = a\n    + b', '(let x (+ a b))'],
    ['let x = a\n    - b', '(let x (- a b))'],
    ['let x = a\n    * b', '(let x (* a b))'],
    ['let x = a\n    & b', '(let x (& a b))'],
    ['let ok = a\n    && b\n    || c', '(let ok (|| (&& a b) c))'],
    ['let r = xs\n    |> f\n    |> g(1)', '(let r (|> (|> xs f) (call g 1)))'],
    ['let r = xs\n    .map(|x| x * 2)\n    .sum()', '(let r (method (method xs map (fn [x] (* x 2))) sum))'],
    ['let r = user\n    ?.name', '(let r (?. user name))'],
  ])('%j continues the expression', (text, expected) => {
    expect(stmts(text)).toEqual([expected]);
  });

  test('inside a block, too: the last expression is the whole sum', () => {
    const fn = parseClean('fun f(a, b) {\n    a\n    - b\n}').stmts[0] as A.FunctionDecl;
    expect(fn.body!.stmts.map((s) => toSExpr(s))).toEqual(['(- a b)']);
  });

  test('after a block-like statement, and for `(` and `[`, a new statement starts', () => {
    const fn = parseClean('fun f(c) {\n    if c { 1 } else { 2 }\n    - 3\n}').stmts[0] as A.FunctionDecl;
    expect(fn.body!.stmts.map((s) => toSExpr(s))).toEqual(['(if c (block 1) (block 2))', '(neg 3)']);
    expect(stmts('let v = a\n(1)')).toEqual(['(let v a)', '(paren 1)']);
    expect(stmts('let v = a\n[1]')).toEqual(['(let v a)', '[1]']);
  });
});
