// The fuzzer's inputs: input number `index` of a run with seed `seed` is a pure function of
// the two (and of the corpus), so that any input is made again from its number. Inputs are
// generated programs, mutations of the conformance programs (read from ../shared/conformance
// at run time, never copied here) and of our samples, mutations of generated programs,
// soups of tokens, UTF-8 byte mutations, and now and then a deeply nested or huge input.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateExpression, generateProgram } from './generate.js';
import { deepNesting, hugeInput, mutateBytes, mutateText, soup } from './mutate.js';
import { Random } from './random.js';

/** Source text, or raw bytes that go through the CLI's decoding first. */
export type FuzzInput = { text: string; bytes?: undefined } | { bytes: Uint8Array; text?: undefined };

export interface MadeInput {
  input: FuzzInput;
  /** How it was made, for reports. */
  origin: string;
}

/** The project root: the folder of the package.json above this module (from fuzz/ or dist/fuzz/). */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'grammar'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('cannot find the project root above ' + fileURLToPath(import.meta.url));
}

export function defaultCorpusDir(): string {
  return path.resolve(projectRoot(), '..', 'shared', 'conformance');
}

/** The programs mutations start from: the conformance corpus and our samples. */
export function loadCorpus(conformanceDir = defaultCorpusDir()): string[] {
  const texts: string[] = [];
  const addFolder = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (name.endsWith('.ruchy') && fs.statSync(full).isFile()) texts.push(fs.readFileSync(full, 'utf8'));
    }
  };
  addFolder(path.join(conformanceDir, 'with-output'));
  addFolder(path.join(conformanceDir, 'parse-only'));
  addFolder(path.join(projectRoot(), 'samples'));
  addFolder(path.join(projectRoot(), 'samples', 'errors'));
  if (texts.length === 0) throw new Error(`no Ruchy programs found in ${conformanceDir} or samples/`);
  return texts;
}

/** A few consecutive lines of a program (most inputs are small, which keeps the rate high). */
function window(text: string, r: Random): string {
  const lines = text.split('\n');
  const from = r.below(lines.length);
  return lines.slice(from, from + 1 + r.skewed(20)).join('\n');
}

export function makeInput(seed: number, index: number, corpus: readonly string[]): MadeInput {
  const r = Random.of(seed, index);
  const program = (): string => (r.chance(0.5) ? r.pick(corpus) : generateProgram(r));
  const donor = (): string => (r.chance(0.7) ? r.pick(corpus) : generateProgram(r, { items: 2 }));
  const kind = r.weighted<string>([
    [22, 'generated'],
    [28, 'corpus'],
    [14, 'generated-mutated'],
    [4, 'expression'],
    [5, 'soup'],
    [4, 'bytes'],
    [0.6, 'deep'],
    [0.4, 'huge'],
  ]);
  switch (kind) {
    case 'generated':
      return { input: { text: generateProgram(r) }, origin: kind };
    case 'corpus': {
      const text = r.pick(corpus);
      const base = r.chance(0.6) ? window(text, r) : text;
      return { input: { text: r.chance(0.85) ? mutateText(base, r, donor) : base }, origin: kind };
    }
    case 'generated-mutated':
      return { input: { text: mutateText(generateProgram(r), r, donor) }, origin: kind };
    case 'expression':
      return { input: { text: generateExpression(r, r.int(1, 6)) }, origin: kind };
    case 'soup':
      return { input: { text: soup(r) }, origin: kind };
    case 'bytes':
      return { input: { bytes: mutateBytes(window(program(), r), r) }, origin: kind };
    case 'deep':
      return { input: { text: deepNesting(r, window(program(), r)) }, origin: kind };
    default:
      return { input: { text: hugeInput(r, window(program(), r)) }, origin: kind };
  }
}
