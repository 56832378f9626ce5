// Regression cases: each failing input the fuzzer finds is written under
// test/fuzz/regressions/ as one JSON file (the input, minimised when that was cheap, the
// seed and input number that made it, the failing operation and its place, and the
// failure), and test/fuzz/fuzz.test.ts replays every one of them.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Failure, Focus } from './drive.js';
import type { FuzzInput } from './inputs.js';

export interface RegressionCase {
  /** When it was found (ISO date). */
  found: string;
  /** The run seed and input number: `npm run fuzz -- --seed S --from I --inputs 1` makes it again. */
  seed: number;
  index: number;
  origin: string;
  /** Seeds the driver's own choices for this input. */
  driverSeed: number;
  failure: Failure;
  /** Whether `text` is the minimised input (else the input as made). */
  minimized: boolean;
  /** The input: source text, or the raw bytes (base64) when decoding is part of the failure. */
  text?: string;
  bytesBase64?: string;
}

export function inputOf(c: RegressionCase): FuzzInput {
  if (c.bytesBase64 !== undefined) return { bytes: new Uint8Array(Buffer.from(c.bytesBase64, 'base64')) };
  return { text: c.text ?? '' };
}

export function focusOf(c: RegressionCase): Focus {
  return c.failure.focus;
}

/** A file name that says what broke and stays the same for the same input. */
export function caseFileName(c: RegressionCase): string {
  const body = c.bytesBase64 ?? c.text ?? '';
  const hash = createHash('sha256').update(`${c.failure.op}\0${c.failure.check}\0${body}`).digest('hex').slice(0, 10);
  const slug = `${c.failure.op}-${c.failure.check}`.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60);
  return `${slug}-${hash}.json`;
}

/** Writes the case (once: the same input is not saved twice); returns its path. */
export function saveCase(dir: string, c: RegressionCase): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, caseFileName(c));
  if (!fs.existsSync(file)) fs.writeFileSync(file, JSON.stringify(c, null, 2) + '\n');
  return file;
}

export function loadCases(dir: string): { file: string; case: RegressionCase }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ file: path.join(dir, name), case: JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as RegressionCase }));
}
