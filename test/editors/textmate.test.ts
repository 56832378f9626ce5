// The VS Code TextMate grammar (editors/vscode/syntaxes/ruchy.tmLanguage.json), loaded the
// way VS Code loads it: vscode-textmate with the Oniguruma regex engine (onig.wasm).
// Each test names a piece of a line and the scopes its first character must carry.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const GRAMMAR = path.join(root, 'editors', 'vscode', 'syntaxes', 'ruchy.tmLanguage.json');

let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => (scopeName === 'source.ruchy' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null),
  });
  grammar = (await registry.loadGrammar('source.ruchy'))!;
});

interface Token {
  text: string;
  scopes: string[];
}

/** Tokenizes a (possibly multi-line) source. */
function tokenize(source: string): Token[][] {
  let state = vsctm.INITIAL;
  return source.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes at the first character of `piece`, the `nth` occurrence in `source` (written `a<|>b` to point inside). */
function scopesAt(source: string, piece: string, nth = 0): string[] {
  const marker = piece.indexOf('<|>');
  const needle = piece.replace('<|>', '');
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = source.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`${needle} not in the source`);
  offset += Math.max(0, marker);
  const lines = tokenize(source);
  let lineStart = 0;
  for (const tokens of lines) {
    let column = lineStart;
    for (const token of tokens) {
      if (offset >= column && offset < column + token.text.length) return token.scopes;
      column += token.text.length;
    }
    lineStart = column + 1;
  }
  throw new Error(`no token at ${offset}`);
}

/** The innermost scope at `piece`. */
const scope = (source: string, piece: string, nth = 0) => scopesAt(source, piece, nth).at(-1);

test('the grammar is source.ruchy', () => {
  expect(grammar).toBeDefined();
  expect(scopesAt('let x = 1', 'x')[0]).toBe('source.ruchy');
});

describe('keywords and names', () => {
  const src = 'pub fun area(shape: Shape) -> f64 {\n    let mut total = 0\n    if self.ok && true { return total as f64 } else { loop { break } }\n}';
  test.each([
    ['pub', 'storage.modifier.ruchy'],
    ['fun', 'storage.type.function.ruchy'],
    ['area', 'entity.name.function.ruchy'],
    ['Shape', 'entity.name.type.ruchy'],
    ['f64', 'entity.name.type.primitive.ruchy'],
    ['let', 'storage.type.ruchy'],
    ['mut', 'storage.modifier.ruchy'],
    ['if', 'keyword.control.ruchy'],
    ['self', 'variable.language.ruchy'],
    ['&&', 'keyword.operator.logical.ruchy'],
    ['true', 'constant.language.boolean.ruchy'],
    ['return', 'keyword.control.ruchy'],
    ['as', 'keyword.operator.cast.ruchy'],
    ['else', 'keyword.control.ruchy'],
    ['loop', 'keyword.control.ruchy'],
    ['break', 'keyword.control.ruchy'],
    ['->', 'keyword.operator.arrow.ruchy'],
  ])('%s is %s', (piece, expected) => {
    expect(scope(src, piece)).toBe(expected);
  });

  test('declarations, imports, calls and macros', () => {
    const decls = 'struct Point { x: i64 }\nenum Color { Red }\ntrait Show {}\nuse geometry::{area}\nmod shapes\nprintln!("x")\nlet d = distance(p)';
    expect(scope(decls, 'Point')).toBe('entity.name.type.ruchy');
    expect(scope(decls, 'struct')).toBe('storage.type.ruchy');
    expect(scope(decls, 'Color')).toBe('entity.name.type.ruchy');
    expect(scope(decls, 'Show')).toBe('entity.name.type.ruchy');
    expect(scope(decls, 'use')).toBe('keyword.control.import.ruchy');
    expect(scope(decls, '::')).toBe('punctuation.separator.namespace.ruchy');
    expect(scope(decls, 'shapes')).toBe('entity.name.namespace.ruchy');
    expect(scope(decls, 'println!')).toBe('entity.name.function.macro.ruchy');
    expect(scope(decls, 'distance')).toBe('entity.name.function.call.ruchy');
  });
});

describe('strings', () => {
  test('plain strings with escapes', () => {
    const src = 'let s = "line\\n\\u{1F600} \\q end"';
    expect(scope(src, '"line')).toBe('punctuation.definition.string.begin.ruchy');
    expect(scopesAt(src, 'line')).toEqual(['source.ruchy', 'string.quoted.double.ruchy']);
    expect(scope(src, '\\n')).toBe('constant.character.escape.ruchy');
    expect(scope(src, '\\u{1F600}')).toBe('constant.character.escape.ruchy');
    expect(scope(src, '\\q')).toBe('invalid.illegal.escape.ruchy');
    expect(scopesAt(src, 'end')).toEqual(['source.ruchy', 'string.quoted.double.ruchy']);
  });

  test('raw and triple-quoted strings', () => {
    const src = 'let r = r#"no \\n escape "quoted" here"#\nlet t = """\nmulti "line"\n"""\nlet after = 1';
    expect(scopesAt(src, '\\n')).toEqual(['source.ruchy', 'string.quoted.double.raw.ruchy']);
    expect(scopesAt(src, 'here')).toEqual(['source.ruchy', 'string.quoted.double.raw.ruchy']);
    expect(scopesAt(src, 'multi')).toEqual(['source.ruchy', 'string.quoted.triple.ruchy']);
    expect(scope(src, 'after')).not.toMatch(/^string/);
    expect(scope(src, 'let', 2)).toBe('storage.type.ruchy');
  });

  test('chars, single-quoted strings and labels', () => {
    const src = "let c = 'a'\nlet nl = '\\n'\nlet s = 'abc'\n'outer: loop { break 'outer }\n@inner: for x in xs { continue @inner }";
    expect(scope(src, "'a'")).toBe('string.quoted.single.char.ruchy');
    expect(scopesAt(src, "'<|>\\n'")).toContain('string.quoted.single.char.ruchy');
    expect(scope(src, "'abc'")).toBe('string.quoted.single.ruchy');
    expect(scope(src, "'outer:")).toBe('entity.name.label.ruchy');
    expect(scope(src, "'outer }")).toBe('entity.name.label.ruchy');
    expect(scope(src, '@inner:')).toBe('entity.name.label.ruchy');
    expect(scope(src, '@inner }')).toBe('entity.name.label.ruchy');
  });
});

describe('f-strings', () => {
  const src = 'let s = f"Hi {name}, sum {a + b:.2} {{literal}} {items.len():>8} {m::new()} {v:?}" + tail';

  test('the string part and the f prefix', () => {
    expect(scope(src, 'f"')).toBe('storage.type.string.ruchy');
    expect(scopesAt(src, 'Hi')).toEqual(['source.ruchy', 'string.interpolated.ruchy']);
    expect(scope(src, '{{')).toBe('constant.character.escape.ruchy');
    expect(scopesAt(src, 'literal')).toEqual(['source.ruchy', 'string.interpolated.ruchy']);
  });

  test('interpolations hold embedded Ruchy source', () => {
    expect(scope(src, '{name')).toBe('punctuation.section.interpolation.begin.ruchy');
    expect(scopesAt(src, 'name')).toEqual(['source.ruchy', 'string.interpolated.ruchy', 'meta.interpolation.ruchy', 'source.ruchy']);
    expect(scopesAt(src, '+')).toEqual(['source.ruchy', 'string.interpolated.ruchy', 'meta.interpolation.ruchy', 'source.ruchy', 'keyword.operator.arithmetic.ruchy']);
    expect(scope(src, 'len')).toBe('entity.name.function.call.ruchy');
    expect(scope(src, '::')).toBe('punctuation.separator.namespace.ruchy');
    expect(scope(src, 'name}')).not.toBe('constant.other.format-spec.ruchy');
  });

  test('format specs after a single colon', () => {
    expect(scope(src, ':.2')).toBe('punctuation.separator.format-spec.ruchy');
    expect(scope(src, '.2}')).toBe('constant.other.format-spec.ruchy');
    expect(scope(src, '>8}')).toBe('constant.other.format-spec.ruchy');
    expect(scope(src, '?}')).toBe('constant.other.format-spec.ruchy');
    expect(scope(src, '}, sum')).toBe('punctuation.section.interpolation.end.ruchy');
  });

  test('after the f-string the line is code again', () => {
    expect(scope(src, '" + tail')).toBe('punctuation.definition.string.end.ruchy');
    expect(scope(src, '+ tail')).toBe('keyword.operator.arithmetic.ruchy');
  });

  test('braces, strings and f-strings nested in an interpolation', () => {
    const nested = 'f"{if ok { "yes" } else { 2 }} and {names.map(|n| f"<{n:?}>")} done"';
    expect(scope(nested, 'else')).toBe('keyword.control.ruchy');
    expect(scopesAt(nested, 'yes')).toContain('string.quoted.double.ruchy');
    expect(scopesAt(nested, ' and ')).toEqual(['source.ruchy', 'string.interpolated.ruchy']);
    expect(scopesAt(nested, '<{')).toEqual(['source.ruchy', 'string.interpolated.ruchy', 'meta.interpolation.ruchy', 'source.ruchy', 'string.interpolated.ruchy']);
    expect(scope(nested, '?}>')).toBe('constant.other.format-spec.ruchy');
    expect(scopesAt(nested, 'done')).toEqual(['source.ruchy', 'string.interpolated.ruchy']);
  });
});

describe('comments and attributes', () => {
  const src = '// line comment\n/// doc comment\n/* outer /* inner */ still outer */ let x = 1\n/** block doc */\n# hash comment\n#[test]\nfun t() {}';
  test.each([
    ['line comment', 'comment.line.double-slash.ruchy'],
    ['doc comment', 'comment.line.documentation.ruchy'],
    ['inner', 'comment.block.ruchy'],
    ['still outer', 'comment.block.ruchy'],
    ['block doc', 'comment.block.documentation.ruchy'],
    ['hash comment', 'comment.line.number-sign.ruchy'],
  ])('%s is %s', (piece, expected) => {
    expect(scopesAt(src, piece)).toContain(expected);
  });

  test('a nested block comment nests its scopes and ends where it ends', () => {
    expect(scopesAt(src, 'inner')).toEqual(['source.ruchy', 'comment.block.ruchy', 'comment.block.ruchy']);
    expect(scopesAt(src, 'still outer')).toEqual(['source.ruchy', 'comment.block.ruchy']);
    expect(scope(src, 'let x')).toBe('storage.type.ruchy');
  });

  test('attributes are not comments', () => {
    expect(scopesAt(src, 'test')).toEqual(['source.ruchy', 'meta.attribute.ruchy', 'entity.other.attribute-name.ruchy']);
  });
});

describe('numbers', () => {
  const src = 'let n = [42, 1_000i64, 0xFF, 0xFFu8, 0o17, 0b1010_1010, 3.14, 2.5e-3, 1e10, 1.5f32, 7f64, 0..10]';
  test.each([
    ['42', 'constant.numeric.integer.decimal.ruchy'],
    ['1_000', 'constant.numeric.integer.decimal.ruchy'],
    ['i64', 'storage.type.numeric.ruchy'],
    ['0xFF,', 'constant.numeric.integer.hexadecimal.ruchy'],
    ['u8', 'storage.type.numeric.ruchy'],
    ['0o17', 'constant.numeric.integer.octal.ruchy'],
    ['0b1010_1010', 'constant.numeric.integer.binary.ruchy'],
    ['3.14', 'constant.numeric.float.ruchy'],
    ['2.5e-3', 'constant.numeric.float.ruchy'],
    ['1e10', 'constant.numeric.float.ruchy'],
    ['1.5f32', 'constant.numeric.float.ruchy'],
    ['f32', 'storage.type.numeric.ruchy'],
    ['7f64', 'constant.numeric.float.ruchy'],
    ['0..', 'constant.numeric.integer.decimal.ruchy'],
    ['..10', 'keyword.operator.range.ruchy'],
    ['10]', 'constant.numeric.integer.decimal.ruchy'],
  ])('%s is %s', (piece, expected) => {
    expect(scope(src, piece)).toBe(expected);
  });

  test('a number suffix is one token after the digits', () => {
    const tokens = tokenize('let x = 1_000i64')[0];
    expect(tokens.slice(-2).map((t) => t.text)).toEqual(['1_000', 'i64']);
  });
});
