// Files full of errors still parse in time proportional to their size: a file eight times
// longer may take about eight times longer, not sixty-four (each case below was quadratic
// once: a search to the end of the file per unterminated string, a grammar walk per error,
// a rescan of the line per nested unterminated f-string).

import { describe, expect, test } from 'vitest';
import { parse } from '../../grammar/parse.js';

function medianMs(text: string): number {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    parse(text);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[1];
}

const cases: [string, (n: number) => string][] = [
  ['unterminated raw strings', (n) => 'x = r#"abc\n'.repeat(n)],
  ['match arms without `=>`', (n) => `match x {\n${'  1 2\n'.repeat(n)}}`],
  ['stray closers', (n) => 'let x = )\n'.repeat(n)],
  ['nested unterminated f-strings', (n) => `x = ${'[{(|a| f"{'.repeat(n)}`],
  ['lines of garbage', (n) => '$ % ^ let\n'.repeat(n)],
];

describe('error-heavy files parse in linear time', () => {
  test.each(cases)('%s', (_name, make) => {
    parse(make(500)); // warm up
    const small = medianMs(make(2_000));
    const large = medianMs(make(16_000));
    // Linear is 8x; quadratic would be 64x. Generous for noisy machines.
    expect(large).toBeLessThan(small * 24 + 150);
  });
});
