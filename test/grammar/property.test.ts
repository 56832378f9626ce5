// Property tests: whatever the input, parse() returns (never throws, never hangs),
// and every diagnostic and every AST node lies inside the text. Inputs are arbitrary
// strings and mutations of the real programs of the conformance corpus (read from
// ../shared/conformance at test time, never copied into this repository).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lex } from '../../grammar/lexer.js';
import { parse } from '../../grammar/parse.js';
import { allNodes } from '../helpers/ast.js';

/** RUCHY_FUZZ_SCALE=50 runs fifty times as many cases (for a longer hunt; the default keeps the suite fast). */
const scale = Number(process.env.RUCHY_FUZZ_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.round(n * scale) });

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const conformanceRoot = path.resolve(repoRoot, '../shared/conformance');

function corpus(): { name: string; text: string }[] {
  const files: { name: string; text: string }[] = [];
  for (const dir of ['with-output', 'parse-only']) {
    const full = path.join(conformanceRoot, dir);
    for (const name of fs.readdirSync(full).sort()) {
      if (name.endsWith('.ruchy')) files.push({ name: `${dir}/${name}`, text: fs.readFileSync(path.join(full, name), 'utf8') });
    }
  }
  return files;
}

/** The invariants every parse must satisfy; returns a description of the first violation, or null. */
function violation(text: string): string | null {
  let result;
  try {
    result = parse(text);
  } catch (error) {
    return `parse threw ${String(error)}`;
  }
  for (const d of result.diagnostics) {
    if (!(d.start >= 0 && d.start <= d.end && d.end <= text.length)) return `diagnostic ${d.code} at ${d.start}-${d.end} outside 0-${text.length}`;
    if (d.code === 'R0019') return `internal parser error: ${d.message}`;
  }
  let previousEnd = 0;
  for (const token of lex(text).tokens) {
    if (token.startOffset < previousEnd || token.endOffset + 1 > text.length) return `token ${token.tokenType.name} at ${token.startOffset} overlaps the previous one or the end`;
    previousEnd = token.endOffset + 1;
  }
  if (result.ast.kind !== 'SourceFile' || result.ast.start !== 0 || result.ast.end !== text.length) return 'bad SourceFile range';
  for (const node of allNodes(result.ast)) {
    if (!(typeof node.start === 'number' && typeof node.end === 'number' && node.start >= 0 && node.start <= node.end && node.end <= text.length)) {
      return `${node.kind} at ${node.start}-${node.end} outside 0-${text.length}`;
    }
  }
  return null;
}

function check(text: string): void {
  const problem = violation(text);
  expect(problem, `input: ${JSON.stringify(text.length > 400 ? text.slice(0, 400) + '…' : text)}`).toBeNull();
}

// ---------------------------------------------------------------- arbitrary strings

/** Characters that matter to the lexer, plus unicode, lone surrogates and control characters. */
const interesting = fc.constantFrom(
  '{', '}', '(', ')', '[', ']', '"', "'", 'f"', 'r"', 'r#"', '"#', '"""', '\\', '/*', '*/', '//', '///', '#', '#[', '#![',
  '\n', '\r', '\r\n', '\t', ' ', ':', '::', ';', ',', '.', '..', '..=', '...', '|', '||', '|>', '&', '&&', '<', '>', '>>', '<-', '<?',
  '=', '=>', '->', '?', '?.', '??', '@', '$', '!', '~', '-', '+', '*', '**', '/', '%', '^', '_',
  'fun', 'fn', 'let', 'mut', 'if', 'else', 'match', 'for', 'in', 'while', 'loop', 'struct', 'enum', 'impl', 'trait', 'actor', 'effect',
  'handle', 'with', 'receive', 'try', 'catch', 'finally', 'async', 'await', 'return', 'break', 'continue', "'outer", '@outer', 'x', 'Foo',
  '0', '1.5', '0x', '1e', '42i32', '1_000', "'a'", '\u{1F600}', '漢', '\uD800', '\uDC00', '\u0000', '\u007f', '\u200b', '\uFEFF',
);
const tokenSoup = fc.array(interesting, { maxLength: 60 }).map((parts) => parts.join(''));
const mixedSoup = fc.array(fc.oneof(interesting, fc.string({ unit: 'grapheme', maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 50 }).map((parts) => parts.join(''));

describe('parse never throws on arbitrary input', () => {
  test('arbitrary unicode strings (lone surrogates and control characters included)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => check(text)), runs(300));
  });

  test('soups of Ruchy tokens, brackets, quotes and keywords', () => {
    fc.assert(fc.property(tokenSoup, (text) => check(text)), runs(500));
  });

  test('soups mixing tokens with random characters', () => {
    fc.assert(fc.property(mixedSoup, (text) => check(text)), runs(300));
  });

  test('lex alone never throws and its tokens lie inside the text, in order', () => {
    fc.assert(
      fc.property(fc.oneof(tokenSoup, fc.string({ unit: 'binary', maxLength: 100 })), (text) => {
        const { tokens, diagnostics } = lex(text);
        let previousEnd = 0;
        for (const token of tokens) {
          expect(token.startOffset).toBeGreaterThanOrEqual(0);
          expect(token.endOffset + 1).toBeLessThanOrEqual(text.length);
          // Tokens of an f-string's interpolations follow the `{` they belong to: still in order.
          expect(token.startOffset).toBeGreaterThanOrEqual(previousEnd);
          previousEnd = token.endOffset + 1;
        }
        for (const d of diagnostics) expect(d.start <= d.end && d.end <= text.length).toBe(true);
      }),
      runs(300),
    );
  });
});

// ---------------------------------------------------------------- mutations of real programs

const programs = corpus();

/** Splits into rough tokens (words, numbers, single punctuation, blanks) for token-level mutations. */
function roughTokens(text: string): string[] {
  return text.match(/[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9_.]*|\s+|./gsu) ?? [];
}

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; what: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), what: fc.constantFrom('{', '}', '(', ')', '[', ']', '"', "'", 'f"{', '}"', '|', '<', '>', '/*', '#', '\\', ',', ';', '=>', '..', '\n') }),
);

function mutate(text: string, m: Mutation): string {
  if (text.length === 0) return text;
  switch (m.kind) {
    case 'flip': {
      const i = m.at % text.length;
      return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << m.bit)) + text.slice(i + 1);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'insert': {
      const i = m.at % (text.length + 1);
      return text.slice(0, i) + m.what + text.slice(i);
    }
    default: {
      const tokens = roughTokens(text);
      const i = m.at % tokens.length;
      if (m.kind === 'delete') tokens.splice(i, 1);
      else if (m.kind === 'duplicate') tokens.splice(i, 0, tokens[i]);
      else if (i + 1 < tokens.length) [tokens[i], tokens[i + 1]] = [tokens[i + 1], tokens[i]];
      return tokens.join('');
    }
  }
}

describe('parse never throws on mutated real programs', () => {
  test('the corpus is there', () => {
    expect(programs.length).toBeGreaterThan(100);
  });

  test('byte flips, token deletion/duplication/swap, truncation, inserted brackets and quotes', () => {
    fc.assert(
      fc.property(fc.nat({ max: programs.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, mutations) => {
        check(mutations.reduce(mutate, programs[index].text));
      }),
      runs(500),
    );
  });

  test('every prefix of a real program (typing it from the start)', () => {
    fc.assert(
      fc.property(fc.nat({ max: programs.length - 1 }), fc.nat(), (index, cut) => {
        const text = programs[index].text;
        check(text.slice(0, cut % (text.length + 1)));
      }),
      runs(300),
    );
  });
});
