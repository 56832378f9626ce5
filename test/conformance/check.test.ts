// No false errors: every program of ../shared/conformance (both folders), which the Ruchy
// reference runs, checks with zero error-severity diagnostics (syntax or semantic).
// Warnings are allowed. The corpus is read in place, never copied.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { analyzeProgram } from '../../src/semantics/analyze.js';
import { NeverCancelled } from '../../src/workspace/program.js';
import { Workspace } from '../../src/workspace/workspace.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(repoRoot, '../shared/conformance');

test('every conformance program checks without errors', () => {
  const files = ['parse-only', 'with-output'].flatMap((dir) =>
    fs
      .readdirSync(path.join(corpus, dir))
      .filter((f) => f.endsWith('.ruchy'))
      .sort()
      .map((f) => path.join(corpus, dir, f)),
  );
  expect(files.length).toBeGreaterThan(100);
  const failures: string[] = [];
  for (const file of files) {
    const workspace = new Workspace();
    const uri = `file:///conformance/${path.basename(file)}`;
    const doc = workspace.setText(uri, fs.readFileSync(file, 'utf8'));
    const analysis = analyzeProgram(workspace.view, null, NeverCancelled);
    const errors = [...doc.syntaxDiagnostics, ...analysis.diagnostics(uri)].filter((d) => d.severity === 'error');
    for (const d of errors) failures.push(`${path.basename(file)}:${doc.lineIndex.lineOf(d.start) + 1} ${d.code} ${d.message}`);
  }
  const clean = files.length - new Set(failures.map((f) => f.split(':')[0])).size;
  console.log(`${clean}/${files.length} clean`);
  expect(failures).toEqual([]);
});
