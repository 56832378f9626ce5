// The formatter's promises, checked on every program of the conformance corpus (real
// Ruchy from the Ruchy book, read from ../shared/conformance at test time, never copied
// here), on our samples, on generated programs (bench/generate.ts and the varied
// generator of ./format-generator.ts), and on those programs with comments inserted at
// random token boundaries and their lines re-indented at random:
//   (a) idempotent: format(format(x)) === format(x)
//   (b) meaning preserved: parse(format(x)) has no error and the same tree as parse(x)
//   (c) every comment of x appears in format(x), in the same order
//   (d) input with syntax errors is returned unchanged.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { generateProgram, rng } from '../../bench/generate.js';
import { lex } from '../../grammar/lexer.js';
import { parse } from '../../grammar/parse.js';
import { format, type FormatOptions } from '../../src/syntax/format.js';
import { missingComment, sameTree } from '../../src/syntax/format-verify.js';
import { generateVaried } from './format-generator.js';

/** RUCHY_FUZZ_SCALE=20 runs twenty times as many random cases. */
const scale = Number(process.env.RUCHY_FUZZ_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * scale)) });

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const conformanceRoot = path.resolve(repoRoot, '../shared/conformance');

function readPrograms(root: string, dirs: string[]): { name: string; text: string }[] {
  const files: { name: string; text: string }[] = [];
  for (const dir of dirs) {
    const full = path.join(root, dir);
    for (const name of fs.readdirSync(full).sort()) {
      if (name.endsWith('.ruchy')) files.push({ name: `${dir}/${name}`, text: fs.readFileSync(path.join(full, name), 'utf8') });
    }
  }
  return files;
}

const corpus = readPrograms(conformanceRoot, ['with-output', 'parse-only']);
const samples = readPrograms(repoRoot, ['samples']);

function isClean(text: string): boolean {
  return !parse(text).diagnostics.some((d) => d.severity === 'error');
}

/** The first broken promise for a text that parses without errors, or null. */
function violation(text: string, options: FormatOptions = {}): string | null {
  const before = parse(text);
  const once = format(text, options);
  if (once.diagnostics.some((d) => d.severity === 'error')) return 'format reported syntax errors for a clean input';
  const after = parse(once.text);
  const errors = after.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return `the output does not parse: ${errors[0].message} at ${after.lineIndex.describe(errors[0].start)}\n${once.text}`;
  if (!sameTree(before.ast, after.ast)) return `the output has another tree\n${once.text}`;
  const lost = missingComment(before.ast.comments, once.text);
  if (lost !== null) return `lost the comment ${JSON.stringify(lost.text)}\n${once.text}`;
  const twice = format(once.text, options).text;
  if (twice !== once.text) return `not idempotent:\n--- once\n${once.text}\n--- twice\n${twice}`;
  return null;
}

function expectPromises(name: string, text: string, options: FormatOptions = {}): void {
  const problem = violation(text, options);
  expect(problem, `${name} (width ${options.maxWidth ?? 100}):\n--- input\n${text}\n--- problem`).toBeNull();
}

// ---------------------------------------------------------------- real programs

describe('the conformance corpus and our samples', () => {
  test('the corpus is there', () => {
    expect(corpus.length).toBeGreaterThan(100);
  });

  for (const width of [100, 60, 30]) {
    test(`every program keeps its meaning, comments and shape (width ${width})`, () => {
      let formatted = 0;
      for (const program of [...corpus, ...samples]) {
        if (!isClean(program.text)) continue;
        expectPromises(program.name, program.text, { maxWidth: width });
        formatted++;
      }
      expect(formatted).toBeGreaterThan(100);
    });
  }

  test('with indentation of 2 and of 8', () => {
    for (const program of corpus.slice(0, 60)) {
      if (!isClean(program.text)) continue;
      expectPromises(program.name, program.text, { indent: 2 });
      expectPromises(program.name, program.text, { indent: 8, maxWidth: 80 });
    }
  });

  test('with CRLF line endings', () => {
    for (const program of corpus.slice(0, 60)) {
      const text = program.text.replace(/\r?\n/g, '\r\n');
      if (!isClean(text)) continue;
      expectPromises(program.name, text);
      const out = format(text).text;
      expect(out.replace(/\r\n/g, ''), program.name).not.toMatch(/\n/);
    }
  });
});

// ---------------------------------------------------------------- generated programs

describe('generated programs', () => {
  test('bench/generate.ts programs', () => {
    for (const [lines, seed] of [[200, 1], [600, 2], [1500, 3]]) {
      const text = generateProgram(lines, seed).ruchy;
      expect(isClean(text)).toBe(true);
      expectPromises(`generateProgram(${lines}, ${seed})`, text);
      expectPromises(`generateProgram(${lines}, ${seed})`, text, { maxWidth: 50 });
    }
  });

  test('varied programs: every construct, comments, odd spacing (most of them parse)', () => {
    let clean = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(100, 60, 40), (seed, width) => {
        const text = generateVaried(seed);
        total++;
        if (!isClean(text)) return;
        clean++;
        expectPromises(`generateVaried(${seed})`, text, { maxWidth: width });
      }),
      runs(150),
    );
    expect(clean / total).toBeGreaterThan(0.7);
  });

  test('varied programs without comments, at a narrow width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const text = generateVaried(seed, { comments: 0, items: 6 });
        if (!isClean(text)) return;
        expectPromises(`generateVaried(${seed}, no comments)`, text, { maxWidth: 30 });
      }),
      runs(80),
    );
  });
});

// ---------------------------------------------------------------- random comments and indentation

const bases = (): string[] => [...corpus.map((p) => p.text), ...Array.from({ length: 20 }, (_, i) => generateVaried(1000 + i))];

/** Inserts comments at token boundaries chosen by `seed`. */
function withComments(text: string, seed: number): string {
  const random = rng(seed);
  const { tokens } = lex(text);
  if (tokens.length === 0) return text;
  const offsets: number[] = [];
  const count = 1 + Math.floor(random() * 4);
  for (let i = 0; i < count; i++) {
    const token = tokens[Math.floor(random() * tokens.length)];
    offsets.push(random() < 0.5 ? token.startOffset : token.endOffset! + 1);
  }
  offsets.sort((a, b) => b - a);
  let out = text;
  for (const at of offsets) {
    const r = random();
    const comment = r < 0.4 ? ` /* c${at} */ ` : r < 0.85 ? ` // c${at}\n` : r < 0.93 ? `/* m${at}\n   more */` : ` # h${at}\n`;
    out = out.slice(0, at) + comment + out.slice(at);
  }
  return out;
}

/** Re-indents every line with random blanks (tabs included). */
function reindented(text: string, seed: number): string {
  const random = rng(seed);
  return text
    .split('\n')
    .map((line) => {
      const body = line.replace(/^[ \t]*/, '');
      const n = Math.floor(random() * 6);
      return (random() < 0.2 ? '\t'.repeat(n) : ' '.repeat(n * 2)) + body;
    })
    .join('\n');
}

describe('random comments and indentation', () => {
  const texts = bases();

  test('comments inserted between tokens are kept, in order, and nothing else changes', () => {
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.integer(), fc.constantFrom(100, 50), (index, seed, width) => {
        const text = withComments(texts[index], seed);
        if (!isClean(text)) return;
        expectPromises(`base ${index} with comments (seed ${seed})`, text, { maxWidth: width });
      }),
      runs(300),
    );
  });

  test('any indentation gives the same output as the original', () => {
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.integer(), (index, seed) => {
        const original = corpus[index].text;
        const text = reindented(original, seed);
        if (!isClean(text) || !isClean(original)) return;
        expectPromises(`${corpus[index].name} re-indented (seed ${seed})`, text);
        // Without multi-line strings or comments, indentation cannot matter at all.
        if (!/"""|\/\*|r#?"[^"\n]*\n/.test(original)) expect(format(text).text).toBe(format(original).text);
      }),
      runs(100),
    );
  });
});

// ---------------------------------------------------------------- broken input

describe('broken input is returned unchanged', () => {
  test('programs with a character deleted or inserted that no longer parse', () => {
    let broken = 0;
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.nat(), fc.constantFrom('', '{', '(', '"', ')', 'fun', '=>', ','), (index, at, inserted) => {
        const original = corpus[index].text;
        const i = at % (original.length + 1);
        const text = original.slice(0, i) + inserted + original.slice(i + (inserted === '' ? 1 : 0));
        if (isClean(text)) return;
        broken++;
        const result = format(text);
        expect(result.text).toBe(text);
        expect(result.changed).toBe(false);
        expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      }),
      runs(200),
    );
    expect(broken).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------- speed

describe('speed', () => {
  test('a 10,000-line file formats in well under a second (100 ms is the target on an idle machine)', () => {
    const text = generateProgram(10_000, 7).ruchy;
    format(text); // warm up
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      format(text);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`format 10k lines: best ${times[0].toFixed(1)} ms, median ${times[2].toFixed(1)} ms`);
    expect(times[0]).toBeLessThan(1000);
  });
});
