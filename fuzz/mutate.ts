// Mutations for the fuzzer: of source text (UTF-16 code-unit flips, rough-token deletion,
// duplication, swap and insertion, truncation, splices from other programs, lone
// surrogates and split surrogate pairs, deep nesting of thousands of levels, huge
// literals, comments and lines) and of the UTF-8 bytes a file is read as (byte flips,
// invalid and overlong sequences, NUL bytes, byte-order marks), which are then decoded
// through the CLI's own path (src/workspace/files.ts decodeSource).

import type { Random } from './random.js';

/** Rough tokens: words, numbers, blanks, single other characters (surrogate pairs kept whole). */
export function roughTokens(text: string): string[] {
  return text.match(/[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9_.]*|\s+|[\uD800-\uDBFF][\uDC00-\uDFFF]|[^]/g) ?? [];
}

/** Pieces that matter to the lexer and parser, for insertions and soups. */
export const INTERESTING = [
  '{', '}', '(', ')', '[', ']', '<', '>', '"', "'", 'f"', 'f"{', '}"', 'r"', 'r#"', '"#', '"""', '\\', '/*', '*/', '//', '///', '#', '#[', '#![',
  '\n', '\r', '\r\n', '\t', ' ', ':', '::', ';', ',', '.', '..', '..=', '...', '|', '||', '|>', '&', '&&', '<-', '<?', '?', '?.', '??',
  '=', '==', '=>', '->', '@', '$', '!', '~', '-', '+', '*', '**', '/', '%', '^', '_', '{{', '}}', ':.2}', ':?}',
  'fun', 'fn', 'let', 'mut', 'if', 'else', 'match', 'for', 'in', 'while', 'loop', 'struct', 'enum', 'impl', 'trait', 'actor', 'effect',
  'handle', 'with', 'receive', 'try', 'catch', 'throw', 'async', 'await', 'return', 'break', 'continue', "'outer", '@outer:', 'self', 'Self',
  'pub', 'use', 'import', 'mod', 'type', 'const', 'where', 'spawn', 'lazy', 'yield', 'as', 'Some', 'None', 'Ok', 'Err', 'println', 'vec!',
  'x', 'y', 'Foo', 'Point', '0', '1.5', '0x', '1e', '42i32', '1_000', "'a'", '\u{1F600}', '漢', '\uD800', '\uDC00', '\u0000',
  '\u007f', '\u200b', '\uFEFF', '\u2028', 'é', 'e\u0301', 'undefined', 'constructor', '__proto__', 'toString',
];

export type Mutator = (text: string, r: Random, donor: () => string) => string;

function at(text: string, r: Random): number {
  return r.below(text.length + 1);
}

/** Inverts one bit of one UTF-16 code unit (can make lone surrogates and control characters). */
const flipChar: Mutator = (text, r) => {
  if (text.length === 0) return text;
  const i = r.below(text.length);
  const bit = r.chance(0.8) ? r.below(8) : r.below(16);
  return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << bit)) + text.slice(i + 1);
};

const tokenEdit: Mutator = (text, r) => {
  const tokens = roughTokens(text);
  if (tokens.length === 0) return text;
  const i = r.below(tokens.length);
  switch (r.below(4)) {
    case 0:
      tokens.splice(i, r.chance(0.8) ? 1 : r.int(1, 8));
      break;
    case 1:
      tokens.splice(i, 0, ...tokens.slice(i, i + (r.chance(0.8) ? 1 : r.int(1, 8))));
      break;
    case 2: {
      const j = r.chance(0.7) ? Math.min(tokens.length - 1, i + 1) : r.below(tokens.length);
      [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
      break;
    }
    default:
      tokens[i] = r.pick(INTERESTING);
  }
  return tokens.join('');
};

const insertPiece: Mutator = (text, r) => {
  const i = at(text, r);
  const piece = r.chance(0.9) ? r.pick(INTERESTING) : r.pick(INTERESTING).repeat(r.int(2, 50));
  return text.slice(0, i) + piece + text.slice(i);
};

const truncate: Mutator = (text, r) => (r.chance(0.5) ? text.slice(0, at(text, r)) : text.slice(at(text, r)));

const deleteRange: Mutator = (text, r) => {
  const i = at(text, r);
  return text.slice(0, i) + text.slice(Math.min(text.length, i + r.int(1, 40)));
};

/** A piece of another program pasted at a random place. */
const splice: Mutator = (text, r, donor) => {
  const other = donor();
  const from = at(other, r);
  const piece = other.slice(from, from + r.int(1, 200));
  const i = at(text, r);
  return text.slice(0, i) + piece + text.slice(i);
};

const surrogates: Mutator = (text, r) => {
  // Split an existing pair when there is one, else add a lone half or a reversed pair.
  for (let tries = 0; tries < 4 && text.length > 0; tries++) {
    const i = r.below(text.length);
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) return r.chance(0.5) ? text.slice(0, i + 1) + r.pick(INTERESTING) + text.slice(i + 1) : text.slice(0, i) + text.slice(i + 1);
  }
  const i = at(text, r);
  return text.slice(0, i) + r.pick(['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDC00\uD800', '\uD83D']) + text.slice(i);
};

const lineShuffle: Mutator = (text, r) => {
  const lines = text.split('\n');
  if (lines.length < 2) return text;
  const i = r.below(lines.length);
  switch (r.below(3)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, lines[r.below(lines.length)]);
      break;
    default:
      lines[i] = (r.chance(0.5) ? ' '.repeat(r.int(0, 12)) : '\t') + lines[i].trimStart();
  }
  return lines.join(r.chance(0.05) ? '\r\n' : '\n');
};

const SMALL: readonly (readonly [number, Mutator])[] = [
  [3, flipChar],
  [6, tokenEdit],
  [4, insertPiece],
  [1.5, truncate],
  [2, deleteRange],
  [2, splice],
  [1, surrogates],
  [1.5, lineShuffle],
];

/** One to four small mutations. */
export function mutateText(text: string, r: Random, donor: () => string): string {
  let out = text;
  const n = r.chance(0.6) ? 1 : r.int(2, 4);
  for (let i = 0; i < n; i++) out = r.weighted(SMALL)(out, r, donor);
  return out;
}

// ---------------------------------------------------------------- big inputs

const OPENERS: readonly (readonly [string, string])[] = [
  ['(', ')'], ['[', ']'], ['{ ', ' }'], ['f"{', '}"'], ['if c { ', ' }'], ['|x| ', ''], ['-', ''], ['!', ''], ['f(', ')'],
  ['match x { _ => ', ' }'], ['Vec<', '>'], ['&', ''], ['(', ',)'], ['Some(', ')'], ['x.f(', ')'], ['[', '; 2]'], ['loop { ', ' }'],
  ['fun f() { ', ' }'], ['mod m { ', ' }'], ['/* ', ' */'], ['1 + ', ''], ['x = ', ''], ['a |> ', ''], ['..', ''], ['await ', ''],
];

/** Thousands of levels of one kind of nesting (or a mix), closed or not, inside a small program. */
export function deepNesting(r: Random, host: string): string {
  const levels = r.int(500, r.chance(0.2) ? 30_000 : 5_000);
  let open = '';
  let close = '';
  if (r.chance(0.7)) {
    const [o, c] = r.pick(OPENERS);
    open = o.repeat(levels);
    close = c.repeat(levels);
  } else {
    const kinds = [r.pick(OPENERS), r.pick(OPENERS), r.pick(OPENERS)];
    const closers: string[] = [];
    for (let i = 0; i < levels; i++) {
      const [o, c] = kinds[i % kinds.length];
      open += o;
      closers.push(c);
    }
    close = closers.reverse().join('');
  }
  if (r.chance(0.3)) close = close.slice(0, r.below(close.length + 1));
  const middle = r.pick(['1', 'x', '"s"', 'f"{x}"', '']);
  const nested = `let deep = ${open}${middle}${close}\n`;
  const i = host.indexOf('\n', r.below(host.length + 1));
  return i < 0 ? host + '\n' + nested : host.slice(0, i + 1) + nested + host.slice(i + 1);
}

/** Huge literals, names, comments, strings, line counts and operator chains. */
export function hugeInput(r: Random, host: string): string {
  const n = r.int(2_000, r.chance(0.2) ? 200_000 : 20_000);
  const piece = r.pick<() => string>([
    () => `let big = ${'9'.repeat(n)}\n`,
    () => `let big = 0x${'f'.repeat(n)}\n`,
    () => `let big = 1.${'5'.repeat(n)}e${'9'.repeat(Math.min(n, 400))}\n`,
    () => `let big = "${'a'.repeat(n)}"\n`,
    () => `let big = f"${'{x}'.repeat(Math.floor(n / 3))}"\n`,
    () => `let ${'x'.repeat(n)} = 1\n`,
    () => `// ${'c'.repeat(n)}\n`,
    () => `/*${'/*'.repeat(Math.floor(n / 2))}`,
    () => '\n'.repeat(n),
    () => `let big = 1${' + 1'.repeat(Math.floor(n / 4))}\n`,
    () => `let big = [${'1, '.repeat(Math.floor(n / 3))}]\n`,
    () => `let big = x${'.f()'.repeat(Math.floor(n / 4))}\n`,
    () => `${'let a = 1\n'.repeat(Math.floor(n / 10))}`,
    () => `fun f(${Array.from({ length: Math.floor(n / 8) }, (_, i) => `p${i}`).join(', ')}) {}\n`,
    () => `let s = "${'\\u{1F600}'.repeat(Math.floor(n / 9))}"\n`,
    () => `'${'a'.repeat(n)}\n`,
  ])();
  const i = host.indexOf('\n', r.below(host.length + 1));
  return i < 0 ? host + '\n' + piece : host.slice(0, i + 1) + piece + host.slice(i + 1);
}

// ---------------------------------------------------------------- bytes

const BAD_SEQUENCES: readonly number[][] = [
  [0xff], [0xfe], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xbf], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xef, 0xbb, 0xbf], [0x00], [0xc3], [0xf0, 0x9f, 0x98, 0x80],
];

/** Byte-level mutations of the UTF-8 encoding of a text. */
export function mutateBytes(text: string, r: Random): Uint8Array {
  let bytes = Array.from(Buffer.from(text, 'utf8'));
  const n = r.int(1, 4);
  for (let k = 0; k < n; k++) {
    const i = r.below(bytes.length + 1);
    switch (r.below(5)) {
      case 0:
        if (bytes.length > 0) bytes[Math.min(i, bytes.length - 1)] ^= 1 << r.below(8);
        break;
      case 1:
        bytes.splice(i, 0, ...r.pick(BAD_SEQUENCES));
        break;
      case 2:
        bytes = bytes.slice(0, i);
        break;
      case 3:
        if (bytes.length > 0) bytes[Math.min(i, bytes.length - 1)] = r.below(256);
        break;
      default:
        bytes.splice(0, 0, ...(r.chance(0.5) ? [0xef, 0xbb, 0xbf] : [0xfe, 0xff]));
    }
  }
  return Uint8Array.from(bytes);
}

/** A soup of interesting pieces and random characters. */
export function soup(r: Random): string {
  const n = r.int(0, 60);
  let out = '';
  for (let i = 0; i < n; i++) {
    out += r.chance(0.85) ? r.pick(INTERESTING) : String.fromCharCode(r.below(r.chance(0.8) ? 128 : 0x10000));
    if (r.chance(0.3)) out += ' ';
  }
  return out;
}
