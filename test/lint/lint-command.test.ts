// `ruchy-agent lint` as a command (lintCommand with a captured io, in temp projects):
// human output, --json, --sarif (validated against the SARIF 2.1.0 schema), --fix, the
// quality gate and its exit statuses, configuration and overrides.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import type * as Sarif from 'sarif';
import { afterAll, describe, expect, test } from 'vitest';
import { lintCommand, type LintCommandOptions } from '../../src/cli/commands/lint.js';
import { makeTempProject } from '../helpers/cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const folders: string[] = [];

function project(files: Record<string, string>): string {
  const root = makeTempProject(files);
  folders.push(root);
  return root;
}

afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

async function lint(cwd: string, paths: string[], opts: LintCommandOptions = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await lintCommand(paths, opts, { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

// The SARIF 2.1.0 schema (draft-04), as published with @microsoft/jest-sarif (see fixtures/README.md).
const sarifSchema = JSON.parse(fs.readFileSync(path.join(here, 'fixtures', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
const Ajv = ((AjvDraft04 as unknown as { default?: unknown }).default ?? AjvDraft04) as typeof AjvDraft04;
// The schema has a `pattern` that is only valid without the `u` flag of JavaScript regular expressions.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
ajv.addFormat('uri', (value: string) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(value));
ajv.addFormat('uri-reference', (value: string) => !/\s/.test(value));
ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
const validateSarif = ajv.compile(sarifSchema);

function expectValidSarif(log: unknown): void {
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

const CLEAN = 'fun main() {\n    let total = 1 + 2\n    println(total)\n}\n';

/** cyclomatic 6, cognitive 5 */
const COMPLEX = `fun grade(score) {
    let mut label = "none"
    if score > 90 { label = "A" }
    if score > 80 { label = "B" }
    if score > 70 { label = "C" }
    if score > 60 { label = "D" }
    if score > 50 { label = "E" }
    label
}

fun main() {
    println(grade(42))
}
`;

describe('human output and the quality gate', () => {
  test('a clean file: the summary and a passed gate, exit 0', async () => {
    const cwd = project({ 'ok.ruchy': CLEAN });
    expect(await lint(cwd, [])).toEqual({ status: 0, stdout: 'linted 1 file: no problems\nquality gate: passed\n', stderr: '' });
  });

  test('a function over the limits of ruchy-agent.toml: R0409 with a code frame, the gate fails, exit 1', async () => {
    const cwd = project({ 'ruchy-agent.toml': '[quality]\nmax_complexity = 5\nmax_cognitive_complexity = 4\n', 'grade.ruchy': COMPLEX });
    const result = await lint(cwd, ['grade.ruchy']);
    expect(result.stdout).toBe(
      [
        'grade.ruchy:1:5: warning[R0409]: function `grade` is too complex: cyclomatic complexity 6 (limit 5), cognitive complexity 5 (limit 4)',
        ' 1 | fun grade(score) {',
        '   |     ^^^^^',
        '',
        'linted 1 file: 1 warning',
        'quality gate: failed: 1 function over the complexity limits (cyclomatic 5, cognitive 4)',
        '',
      ].join('\n'),
    );
    expect(result.status).toBe(1);
  });

  test('refactoring suggestions are shown as help lines under the finding', async () => {
    const source = 'fun show(xs) {\n    for x in xs {\n        if x > 0 {\n            println(x)\n            println(x * 2)\n            println(x * 3)\n        }\n    }\n}\n\nfun main() {\n    show([1])\n}\n';
    const cwd = project({ 'show.ruchy': source });
    const result = await lint(cwd, [], { maxCognitive: 2 });
    expect(result.stdout).toContain(
      '   = help: extract lines 4-6 (the `if` branch at line 3) into a function: it reads `x`\n' +
        '   = help: continue early: `if x > 0` (line 3) wraps the whole loop body; write `if !(...) { continue }` and un-indent its body\n',
    );
  });

  test('enforce_standards = false: the same function is reported but the gate passes, exit 0', async () => {
    const cwd = project({ 'ruchy-agent.toml': '[quality]\nmax_complexity = 5\nenforce_standards = false\n', 'grade.ruchy': COMPLEX });
    const result = await lint(cwd, []);
    expect(result.stdout).toContain('warning[R0409]');
    expect(result.stdout).toContain('quality gate: passed (1 function over the complexity limits, not enforced)\n');
    expect(result.status).toBe(0);
  });

  test('--max-complexity and --max-cognitive override the configuration', async () => {
    const cwd = project({ 'ruchy-agent.toml': '[quality]\nmax_complexity = 5\n', 'grade.ruchy': COMPLEX });
    expect((await lint(cwd, [], { maxComplexity: 6 })).status).toBe(0);
    expect((await lint(cwd, [], { maxComplexity: 50, maxCognitive: 4 })).status).toBe(1);
  });

  test('an error fails the gate; warnings alone do not', async () => {
    const cwd = project({ 'bad.ruchy': 'fun main() {\n    println(1 + true)\n}\n', 'warn.ruchy': 'fun main() {\n    let unused = 1\n}\n' });
    const bad = await lint(cwd, ['bad.ruchy']);
    expect(bad.stdout).toContain('bad.ruchy:2:15: error[R0202]: cannot apply `+` to `i64` and `bool`');
    expect(bad.stdout).toContain('quality gate: failed: 1 error\n');
    expect(bad.status).toBe(1);
    const warn = await lint(cwd, ['warn.ruchy']);
    expect(warn.stdout).toContain('linted 1 file: 1 warning (1 fixable with --fix)\nquality gate: passed\n');
    expect(warn.status).toBe(0);
  });

  test('an explicit --config wins over ruchy-agent.toml', async () => {
    const cwd = project({ 'ruchy-agent.toml': '[quality]\nmax_complexity = 50\n', 'ci/strict.toml': '[quality]\nmax_complexity = 2\n', 'grade.ruchy': COMPLEX });
    expect((await lint(cwd, [])).status).toBe(0);
    expect((await lint(cwd, [], { config: 'ci/strict.toml' })).status).toBe(1);
  });

  test('a bad configuration is a usage error naming the file, line and key: exit 2, nothing linted', async () => {
    const cwd = project({ 'ruchy-agent.toml': '[quality]\nmax_complexity = "high"\n', 'grade.ruchy': COMPLEX });
    const result = await lint(cwd, []);
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: `ruchy-agent: ${path.join(cwd, 'ruchy-agent.toml')}:2: quality.max_complexity: expected an integer from 1 to 1000, found a string ("high")\n`,
    });
  });

  test('a missing path: the others are still linted, exit 2', async () => {
    const cwd = project({ 'ok.ruchy': CLEAN });
    const result = await lint(cwd, ['ok.ruchy', 'nope.ruchy']);
    expect(result.stdout).toBe('linted 1 file: no problems\nquality gate: passed\n');
    expect(result.stderr).toBe('ruchy-agent: nope.ruchy: no such file or directory\n');
    expect(result.status).toBe(2);
  });

  test('a file named alone is analysed with the rest of the project: its imports resolve', async () => {
    const cwd = project({
      'src/main.ruchy': 'use util::double\n\nfun main() {\n    println(double(2))\n}\n',
      'src/util.ruchy': 'pub fun double(n) {\n    n * 2\n}\n',
    });
    const result = await lint(cwd, ['src/main.ruchy']);
    expect(result.stdout).toBe('linted 1 file: no problems\nquality gate: passed\n');
  });
});

describe('--json', () => {
  test('findings with 1-based ranges, fixes and suggestions; the summary and the gate', async () => {
    const cwd = project({ 'ruchy-agent.toml': '[quality]\nmax_complexity = 5\n', 'grade.ruchy': COMPLEX.replace('let mut label', '// TODO: tables\n    let mut label'), 'ok.ruchy': 'fun main() {\n    let mut unused = 1\n}\n' });
    const result = await lint(cwd, [], { json: true });
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['grade.ruchy', 'ok.ruchy']);
    const [complex, debt] = report.files[0].findings;
    expect(debt).toMatchObject({ code: 'R0410', severity: 'info', message: 'TODO comment: tables', range: { start: { line: 2, column: 8 }, end: { line: 2, column: 20 } }, fix: null });
    expect(complex).toMatchObject({ code: 'R0409', range: { start: { line: 1, column: 5 } } });
    expect(report.files[1].findings[0]).toMatchObject({ code: 'R0401', fix: { safe: true, title: 'Prefix with `_`: `_unused`' } });
    expect(report.summary).toEqual({ files: 2, errors: 0, warnings: 2, infos: 1, hints: 0, fixable: 1, fixed: 0 });
    expect(report.gate).toEqual({
      passed: false,
      enforced: true,
      errors: 0,
      maxComplexity: 5,
      maxCognitiveComplexity: 15,
      overLimit: [{ function: 'grade', cyclomatic: 6, cognitive: 5 }],
    });
  });
});

describe('--sarif', () => {
  test('SARIF 2.1.0 on stdout: valid against the schema, rules from the code table, relative URIs, 1-based regions', async () => {
    const cwd = project({
      'ruchy-agent.toml': '[quality]\nmax_complexity = 5\n',
      'src/grade.ruchy': COMPLEX,
      'src/notes.ruchy': 'fun main() {\n    // 🚀 FIXME: launch\n    println(1 + true)\n}\n',
    });
    const result = await lint(cwd, [], { sarif: true });
    expect(result.status).toBe(1);
    const log = JSON.parse(result.stdout) as Sarif.Log;
    expectValidSarif(log);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('ruchy-agent');
    expect(run.tool.driver.rules!.map((r) => [r.id, r.name, r.shortDescription?.text, r.defaultConfiguration?.level])).toEqual([
      ['R0202', 'InvalidOperands', 'invalid operands', 'error'],
      ['R0409', 'TooComplex', 'function too complex', 'warning'],
      ['R0410', 'TechnicalDebt', 'technical debt comment', 'note'],
    ]);
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `file://${cwd}/` } });
    expect(run.columnKind).toBe('unicodeCodePoints');
    const results = run.results!.map((r) => ({
      ruleId: r.ruleId,
      level: r.level,
      uri: r.locations![0].physicalLocation!.artifactLocation!.uri,
      base: r.locations![0].physicalLocation!.artifactLocation!.uriBaseId,
      region: r.locations![0].physicalLocation!.region,
      index: r.ruleIndex,
    }));
    expect(results).toEqual([
      { ruleId: 'R0409', level: 'warning', uri: 'src/grade.ruchy', base: '%SRCROOT%', region: { startLine: 1, startColumn: 5, endLine: 1, endColumn: 10 }, index: 1 },
      // After the emoji (one code point, two UTF-16 units), `FIXME` starts at column 10.
      { ruleId: 'R0410', level: 'note', uri: 'src/notes.ruchy', base: '%SRCROOT%', region: { startLine: 2, startColumn: 10, endLine: 2, endColumn: 23 }, index: 2 },
      { ruleId: 'R0202', level: 'error', uri: 'src/notes.ruchy', base: '%SRCROOT%', region: { startLine: 3, startColumn: 15, endLine: 3, endColumn: 16 }, index: 0 },
    ]);
    expect(run.results![0].message.text).toBe('function `grade` is too complex: cyclomatic complexity 6 (limit 5), cognitive complexity 5 (limit 15)');
  });

  test('--sarif FILE writes the log beside the human output; suggestions become related locations', async () => {
    const source = 'fun show(xs) {\n    for x in xs {\n        if x > 0 {\n            println(x)\n            println(x * 2)\n            println(x * 3)\n        }\n    }\n}\n\nfun main() {\n    show([1])\n}\n';
    const cwd = project({ 'show.ruchy': source });
    const result = await lint(cwd, [], { sarif: 'out/lint.sarif', maxCognitive: 2 }).catch((e) => e);
    // The folder of the output must exist: writing fails cleanly otherwise.
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^ruchy-agent: out\/lint\.sarif: cannot write the SARIF log: /);
    fs.mkdirSync(path.join(cwd, 'out'));
    const ok = await lint(cwd, [], { sarif: 'out/lint.sarif', maxCognitive: 2 });
    expect(ok.stdout).toContain('warning[R0409]');
    const log = JSON.parse(fs.readFileSync(path.join(cwd, 'out', 'lint.sarif'), 'utf8')) as Sarif.Log;
    expectValidSarif(log);
    const related = log.runs[0].results![0].relatedLocations!;
    expect(related.map((r) => [r.message?.text, r.physicalLocation?.region?.startLine])).toEqual([
      ['extract lines 4-6 (the `if` branch at line 3) into a function: it reads `x`', 4],
      ['continue early: `if x > 0` (line 3) wraps the whole loop body; write `if !(...) { continue }` and un-indent its body', 3],
    ]);
    expect(fs.readdirSync(path.join(cwd, 'out'))).toEqual(['lint.sarif']);
  });

  test('an empty project is a valid log with no results', async () => {
    const cwd = project({ 'ok.ruchy': CLEAN });
    const log = JSON.parse((await lint(cwd, [], { sarif: true })).stdout) as Sarif.Log;
    expectValidSarif(log);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules).toEqual([]);
  });

  test('--sarif naming a folder (a path taken for the file name) is a usage error', async () => {
    const cwd = project({ 'src/ok.ruchy': CLEAN });
    const result = await lint(cwd, [], { sarif: 'src' });
    expect(result).toEqual({ status: 2, stdout: '', stderr: 'ruchy-agent: --sarif takes a file name, and src is a folder (write --sarif=FILE, or the paths before --sarif)\n' });
  });

  test('--json together with --sarif on stdout is a usage error', async () => {
    const cwd = project({ 'ok.ruchy': CLEAN });
    const result = await lint(cwd, [], { json: true, sarif: true });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--json and --sarif');
  });
});

describe('--fix', () => {
  test('applies the safe fixes, writes the files atomically, reports what is left', async () => {
    const main = 'use util::double\nuse util::halve\n\nfun main() {\n    let mut count = double(2)\n    let spare = 3\n    println(count)\n}\n\nfun badName() {\n    1\n}\n';
    const cwd = project({ 'main.ruchy': main, 'util.ruchy': 'pub fun double(n) {\n    n * 2\n}\n\npub fun halve(n) {\n    n / 2\n}\n' });
    const result = await lint(cwd, ['main.ruchy'], { fix: true });
    expect(fs.readFileSync(path.join(cwd, 'main.ruchy'), 'utf8')).toBe(
      'use util::double\n\nfun main() {\n    let count = double(2)\n    let _spare = 3\n    println(count)\n}\n\nfun badName() {\n    1\n}\n',
    );
    // The rename to the convention is not applied; nothing else was written.
    expect(fs.readdirSync(cwd).sort()).toEqual(['main.ruchy', 'util.ruchy']);
    expect(result.stdout).toContain('linted 1 file: 2 warnings; fixed 3 problems\n');
    expect(result.stdout).toContain('warning[R0407]: function `badName` should be snake_case: `bad_name`');
    expect(result.status).toBe(0);
    // A second run has nothing to fix.
    const again = await lint(cwd, ['main.ruchy'], { fix: true });
    expect(again.stdout).toContain('linted 1 file: 2 warnings\n');
  });
});
