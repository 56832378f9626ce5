// Every diagnostic code of the checker (R01xx names, R02xx types, R03xx control flow,
// R04xx lint) is exercised by a test of test/semantics, by name or by code.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { Codes } from '../../src/diagnostics/codes.js';

test('every semantic diagnostic code has a test', () => {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const sources = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts') && f !== 'codes.test.ts')
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  const semantic = Object.entries(Codes).filter(([, c]) => /^R0[1-4]/.test(c.code));
  expect(semantic.length).toBeGreaterThan(25);
  const untested = semantic.filter(([name, c]) => !sources.includes(`Codes.${name}.code`) && !sources.includes(`'${c.code}'`)).map(([name]) => name);
  expect(untested).toEqual([]);
});
