// The style rules of src/semantics/style-rules.ts on parsed snippets: naming conventions
// (R0407) with their suggested names, empty blocks (R0408), technical-debt comments
// (R0410), and the complexity diagnostic (R0409) from measured functions.

import { describe, expect, test } from 'vitest';
import { parse } from '../../grammar/parse.js';
import { Codes } from '../../src/diagnostics/codes.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { complexityDiagnostic, followsStyle, isOverLimits, styleDiagnostics, toStyle } from '../../src/semantics/style-rules.js';

/** Style diagnostics of a whole source (one call per top-level statement, as the workspace makes them), as `CODE text: message`. */
function style(source: string): string[] {
  const { ast, diagnostics } = parse(source);
  expect(diagnostics).toEqual([]);
  const out: Diagnostic[] = [];
  // Each statement gets the comments of its region: from the end of the one before it.
  ast.stmts.forEach((stmt, i) => {
    const from = i === 0 ? 0 : ast.stmts[i - 1].end;
    const to = i === ast.stmts.length - 1 ? source.length : stmt.end;
    out.push(...styleDiagnostics(stmt, ast.comments.filter((c) => c.start >= from && c.start < to)));
  });
  return out.map((d) => `${d.code} ${source.slice(d.start, d.end)}: ${d.message}`);
}

describe('naming styles', () => {
  test.each([
    ['get_value', 'snake_case', true],
    ['_private', 'snake_case', true],
    ['x1', 'snake_case', true],
    ['vec2_len', 'snake_case', true],
    ['getValue', 'snake_case', false],
    ['Get', 'snake_case', false],
    ['double__under', 'snake_case', false],
    ['Point', 'CamelCase', true],
    ['HTTPServer', 'CamelCase', true],
    ['Vec3', 'CamelCase', true],
    ['point', 'CamelCase', false],
    ['My_Type', 'CamelCase', false],
    ['MAX_SIZE', 'UPPER_SNAKE_CASE', true],
    ['PI', 'UPPER_SNAKE_CASE', true],
    ['V2', 'UPPER_SNAKE_CASE', true],
    ['maxSize', 'UPPER_SNAKE_CASE', false],
    ['Max_Size', 'UPPER_SNAKE_CASE', false],
  ] as const)('%s is %s: %s', (name, style, expected) => {
    expect(followsStyle(name, style)).toBe(expected);
  });

  test.each([
    ['getValue', 'snake_case', 'get_value'],
    ['parseHTTPRequest', 'snake_case', 'parse_http_request'],
    ['_myVar', 'snake_case', '_my_var'],
    ['Param', 'snake_case', 'param'],
    ['my_type', 'CamelCase', 'MyType'],
    ['Square_Thing', 'CamelCase', 'SquareThing'],
    ['maxSize', 'UPPER_SNAKE_CASE', 'MAX_SIZE'],
    ['max_size', 'UPPER_SNAKE_CASE', 'MAX_SIZE'],
  ] as const)('%s in %s is %s', (name, style, expected) => {
    expect(toStyle(name, style)).toBe(expected);
  });
});

describe('naming conventions (R0407)', () => {
  test('functions, methods, variables, parameters and fields in snake_case', () => {
    expect(
      style(
        [
          'struct Point { myX: i32, y: i32 }',
          'impl Point { fun GetX(self) { self.myX } }',
          'fun computeTotal(firstValue, second) {',
          '    let runningSum = firstValue + second',
          '    for (I, val) in [(1, 2)] { println(I, val) }',
          '    let twice = |X| X * 2',
          '    twice(runningSum)',
          '}',
        ].join('\n'),
      ),
    ).toEqual([
      `${Codes.NamingConvention.code} myX: field \`myX\` should be snake_case: \`my_x\``,
      'R0407 GetX: method `GetX` should be snake_case: `get_x`',
      'R0407 computeTotal: function `computeTotal` should be snake_case: `compute_total`',
      'R0407 firstValue: parameter `firstValue` should be snake_case: `first_value`',
      'R0407 runningSum: variable `runningSum` should be snake_case: `running_sum`',
      'R0407 I: variable `I` should be snake_case: `i`',
      'R0407 X: parameter `X` should be snake_case: `x`',
    ]);
  });

  test('types, traits, variants, aliases and actors in CamelCase; constants in UPPER_SNAKE_CASE', () => {
    expect(
      style(
        [
          'struct point_t { x: i32 }',
          'enum shape { circle, Square_Thing, Big { radius: f64 } }',
          'trait drawable { fun draw(self) }',
          'type my_alias = i32',
          'actor counter_actor { count: i32 }',
          'const maxSize = 10',
          'const OK_CONST = 1',
        ].join('\n'),
      ),
    ).toEqual([
      'R0407 point_t: struct `point_t` should be CamelCase: `PointT`',
      'R0407 shape: enum `shape` should be CamelCase: `Shape`',
      'R0407 circle: variant `circle` should be CamelCase: `Circle`',
      'R0407 Square_Thing: variant `Square_Thing` should be CamelCase: `SquareThing`',
      'R0407 drawable: trait `drawable` should be CamelCase: `Drawable`',
      'R0407 my_alias: type alias `my_alias` should be CamelCase: `MyAlias`',
      'R0407 counter_actor: actor `counter_actor` should be CamelCase: `CounterActor`',
      'R0407 maxSize: constant `maxSize` should be UPPER_SNAKE_CASE: `MAX_SIZE`',
    ]);
  });

  test('not flagged: trait impl methods, upper-case names in match patterns, top-level UPPER_SNAKE lets, underscores', () => {
    expect(
      style(
        [
          'trait Shape { fun area(self) -> f64 }',
          'struct Sq { side: f64 }',
          'impl Shape for Sq { fun area(self) -> f64 { self.side * self.side } }',
          'impl Display for Sq { fun toString(self) { "sq" } }',
          'let PI = 3.14',
          'let MAX_ITEMS = 3',
          'fun f(_unused, __x) {',
          '    match 3 { Foo => 1, _ => 2 }',
          '}',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  test('the data of a naming diagnostic is what the rename quick fix needs', () => {
    const { ast } = parse('fun getValue() { 1 }\n');
    const [d] = styleDiagnostics(ast.stmts[0], []);
    expect(d).toMatchObject({ code: 'R0407', severity: 'warning', data: { name: 'getValue', rename: 'get_value', style: 'snake_case', what: 'function' } });
  });
});

describe('empty blocks (R0408)', () => {
  test('function bodies, if/else, loops and catch without statements or comments', () => {
    expect(
      style(
        [
          'fun nothing() {}',
          'fun main() {',
          '    if true { ; } else { }',
          '    while false {}',
          '    for i in 0..3 {}',
          '    loop { break }',
          '    try { println(1) } catch (e) { }',
          '}',
        ].join('\n'),
      ),
    ).toEqual([
      `${Codes.EmptyBlock.code} {}: empty body of function \`nothing\`: add the missing code, or a comment saying why it is empty`,
      'R0408 { ; }: empty `if` block: add the missing code, or a comment saying why it is empty',
      'R0408 { }: empty `else` block: add the missing code, or a comment saying why it is empty',
      'R0408 {}: empty `while` loop body: add the missing code, or a comment saying why it is empty',
      'R0408 {}: empty `for` loop body: add the missing code, or a comment saying why it is empty',
      'R0408 { }: empty `catch` block: add the missing code, or a comment saying why it is empty',
    ]);
  });

  test('a comment inside the block says why it is empty', () => {
    expect(style('fun later() {\n    // filled in by the next release\n}\nfun main() {\n    while false { /* spin */ }\n}\n')).toEqual([]);
  });

  test('a function without a body (a trait signature) is not an empty block', () => {
    expect(style('trait Named { fun name(self) -> String }\n')).toEqual([]);
  });
});

describe('technical debt (R0410)', () => {
  test('TODO, FIXME, XXX and HACK in every kind of comment, info severity, one per line', () => {
    const source = [
      '// TODO: split this function',
      'fun f() {',
      '    /* FIXME(ana) - overflow on big inputs XXX */',
      '    # HACK',
      '    /// XXX doc comment',
      '    // todo in lower case, a TODOS word and HACKy are not tags',
      '    1',
      '}',
    ].join('\n');
    const { ast } = parse(source);
    const found = styleDiagnostics(ast.stmts[0], ast.comments).filter((d) => d.code === Codes.TechnicalDebt.code);
    expect(found.map((d) => [source.slice(d.start, d.end), d.message, d.severity])).toEqual([
      ['TODO: split this function', 'TODO comment: split this function', 'info'],
      ['FIXME(ana) - overflow on big inputs XXX', 'FIXME comment: overflow on big inputs XXX', 'info'],
      ['HACK', 'HACK comment: (no description)', 'info'],
      ['XXX doc comment', 'XXX comment: doc comment', 'info'],
    ]);
    expect(found[0].data).toEqual({ tag: 'TODO', text: 'split this function' });
  });

  test('a tag on the second line of a block comment is found there', () => {
    const source = '/* notes\n   TODO: remove */\nlet x = 1\n';
    const { ast } = parse(source);
    const [d] = styleDiagnostics(ast.stmts[0], ast.comments);
    expect(source.slice(d.start, d.end)).toBe('TODO: remove');
  });
});

describe('complexity (R0409)', () => {
  const fn = { qualifiedName: 'Shape::area', nameStart: 4, nameEnd: 8, cyclomatic: 12, cognitive: 9 };

  test('over one limit: a warning on the name with both numbers and both limits', () => {
    const d = complexityDiagnostic(fn, { maxCyclomatic: 10, maxCognitive: 15 });
    expect(d).toEqual({
      code: Codes.TooComplex.code,
      severity: 'warning',
      message: 'function `Shape::area` is too complex: cyclomatic complexity 12 (limit 10), cognitive complexity 9 (limit 15)',
      start: 4,
      end: 8,
      data: { name: 'Shape::area', cyclomatic: 12, maxCyclomatic: 10, cognitive: 9, maxCognitive: 15 },
    });
    expect(isOverLimits(fn, { maxCyclomatic: 20, maxCognitive: 8 })).toBe(true);
  });

  test('at the limits: nothing', () => {
    expect(complexityDiagnostic(fn, { maxCyclomatic: 12, maxCognitive: 9 })).toBeNull();
    expect(isOverLimits(fn, { maxCyclomatic: 12, maxCognitive: 9 })).toBe(false);
  });
});
