// Every program of the conformance corpus (../shared/conformance, real Ruchy from the
// Ruchy book) parses with no error-severity diagnostic. The files are read where they
// are, never copied into this repository.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { parse } from '../../grammar/parse.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const conformanceRoot = path.resolve(repoRoot, '../shared/conformance');

function programs(): string[] {
  const files: string[] = [];
  for (const dir of ['with-output', 'parse-only']) {
    for (const name of fs.readdirSync(path.join(conformanceRoot, dir)).sort()) {
      if (name.endsWith('.ruchy')) files.push(path.join(dir, name));
    }
  }
  return files;
}

test('every conformance program parses with zero syntax errors', () => {
  const files = programs();
  expect(files.length).toBeGreaterThan(100);
  const failures: string[] = [];
  for (const file of files) {
    const result = parse(fs.readFileSync(path.join(conformanceRoot, file), 'utf8'));
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      const first = errors[0];
      failures.push(`${file}:${result.lineIndex.describe(first.start)} ${first.code} ${first.message} (${errors.length} error${errors.length === 1 ? '' : 's'})`);
    }
  }
  console.log(`${files.length - failures.length}/${files.length} parsed`);
  for (const failure of failures) console.log(`  FAIL ${failure}`);
  expect(failures).toEqual([]);
});
