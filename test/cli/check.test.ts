// `ruchy-agent check` end to end: each test writes Ruchy snippets into a fresh temp
// folder and runs the built CLI as a child process, reading stdout, stderr and the exit
// status as a shell or CI would. Tests run concurrently: each spawn is its own process.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeTempProject, runCli } from '../helpers/cli.js';

// Each snippet uses what it declares, so that it has exactly the one diagnostic it is about.
const UNCLOSED_PAREN = 'fun main() {\n    println((1 + 2)\n}\n';
const UNTERMINATED_STRING = 'let s = "abc\nprintln(s)\n';
const STRAY_PAREN = 'let x = 5 )\nprintln(x)\n';
const CLEAN = 'fun main() {\n    let x = 1 + 2\n    println(f"{x}")\n}\n';
const ESC = '\u001b[';

const folders: string[] = [];
function project(files: Record<string, string | Uint8Array>): string {
  const root = makeTempProject(files);
  folders.push(root);
  return root;
}

afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

describe.concurrent('ruchy-agent check', () => {
  test('a clean file: summary only, exit 0', async () => {
    const cwd = project({ 'ok.ruchy': CLEAN });
    const result = await runCli(['check', 'ok.ruchy'], { cwd });
    expect(result.stdout).toBe('checked 1 file: no problems\n');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('syntax errors: header, code frame with carets, plural summary, exit 1', async () => {
    const cwd = project({ 'bad.ruchy': UNCLOSED_PAREN, 'str.ruchy': UNTERMINATED_STRING });
    const result = await runCli(['check', 'bad.ruchy', 'str.ruchy'], { cwd });
    expect(result.stdout).toBe(
      [
        'bad.ruchy:2:20: error[R0003]: expected `)` to close the argument list opened at 2:12',
        ' 2 |     println((1 + 2)',
        '   |                    ^', // zero-width range at the end of the line: one caret after the last `)`
        '',
        'str.ruchy:1:9: error[R0002]: unterminated string literal: missing closing `"`',
        ' 1 | let s = "abc',
        '   |         ^^^^',
        '',
        'checked 2 files: 2 errors',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
  });

  test('semantic problems: an error with its "did you mean" hint, an immutable assignment and a warning, with codes, ranges and counts', async () => {
    const cwd = project({
      'main.ruchy': 'use util::double\n\nfun main() {\n    let total = 1\n    total = double(total)\n    println(totl)\n    let spare = 3\n}\n',
      // Names imported from another checked file resolve: no unknown-module or undefined-function report.
      'util.ruchy': '/// Twice the input.\npub fun double(x: i64) -> i64 {\n    x * 2\n}\n',
    });
    const result = await runCli(['check', '.'], { cwd });
    expect(result.stdout).toBe(
      [
        'main.ruchy:5:5: error[R0105]: cannot assign to `total`: it is not declared `mut`',
        ' 5 |     total = double(total)',
        '   |     ^^^^^',
        '',
        'main.ruchy:6:13: error[R0101]: cannot find `totl` in this scope; did you mean `total`?',
        ' 6 |     println(totl)',
        '   |             ^^^^',
        '',
        'main.ruchy:7:9: warning[R0401]: unused variable `spare`',
        ' 7 |     let spare = 3',
        '   |         ^^^^^',
        '',
        'checked 2 files: 2 errors, 1 warning',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);

    const json = await runCli(['check', '--json', '.'], { cwd });
    const report = JSON.parse(json.stdout) as { files: { path: string; diagnostics: { code: string; severity: string; range: unknown }[] }[]; summary: unknown };
    expect(report.files.map((f) => [f.path, f.diagnostics.map((d) => `${d.severity}[${d.code}]`)])).toEqual([
      ['main.ruchy', ['error[R0105]', 'error[R0101]', 'warning[R0401]']],
      ['util.ruchy', []],
    ]);
    expect(report.files[0].diagnostics[1].range).toEqual({ start: { line: 6, column: 13 }, end: { line: 6, column: 17 } });
    expect(report.summary).toEqual({ files: 2, errors: 2, warnings: 1 });
  });

  test('one file named: the modules it imports are read from beside it for their names, not reported', async () => {
    const cwd = project({
      'main.ruchy': 'use util::double\n\nfun main() {\n    println(double(2))\n}\n',
      'util.ruchy': 'pub fun double(x: i64) -> i64 {\n    x * 2\n}\nfun unused_helper() {\n    1\n}\n',
      'lib/mod.ruchy': 'pub fun triple(x: i64) -> i64 {\n    x * 3\n}\n',
      'other.ruchy': 'use lib::triple\nuse nowhere::thing\n\nprintln(triple(1), thing)\n',
    });
    const result = await runCli(['check', 'main.ruchy'], { cwd });
    expect(result.stdout).toBe('checked 1 file: no problems\n');
    expect(result.status).toBe(0);
    // `lib/mod.ruchy` is found as well; a module that exists nowhere is still reported.
    const other = await runCli(['check', 'other.ruchy'], { cwd });
    expect(other.stdout.split('\n').filter((line) => line.startsWith('other.ruchy:'))).toEqual([
      'other.ruchy:2:5: warning[R0107]: cannot find module `nowhere` in the workspace',
    ]);
  });

  test('warnings alone do not fail the check', async () => {
    const cwd = project({ 'w.ruchy': 'fun main() {\n    let mut n = 1\n    println(n)\n}\n' });
    const result = await runCli(['check', 'w.ruchy'], { cwd });
    expect(result.stdout).toBe(
      [
        'w.ruchy:2:9: warning[R0406]: variable `n` is declared `mut` but never mutated',
        ' 2 |     let mut n = 1',
        '   |         ^^^^^',
        '',
        'checked 1 file: 1 warning',
        '',
      ].join('\n'),
    );
    expect(result.status).toBe(0);
  });

  test('tabs, emoji and wide characters: columns in code points, carets aligned on screen', async () => {
    const cwd = project({ 'wide.ruchy': '\tlet s = "😀" )\nlet t = "日本" )\nprintln(s, t)\n' });
    const result = await runCli(['check', 'wide.ruchy'], { cwd });
    const lines = result.stdout.split('\n');
    // Tab, `let s = "`, emoji, `" ` are 13 code points before the `)`.
    expect(lines[0]).toBe('wide.ruchy:1:14: error[R0011]: unexpected `)`: no matching `(`');
    // The tab is expanded to 4 spaces; the emoji takes two cells, so the caret is at cell 4 + 9 + 2 + 2.
    expect(lines[1]).toBe(' 1 |     let s = "😀" )');
    expect(lines[2]).toBe(`   | ${' '.repeat(17)}^`);
    expect(lines[4]).toBe('wide.ruchy:2:14: error[R0011]: unexpected `)`: no matching `(`');
    expect(lines[5]).toBe(' 2 | let t = "日本" )');
    expect(lines[6]).toBe(`   | ${' '.repeat(15)}^`);
    expect(result.status).toBe(1);
  });

  test('folders: recursive, sorted, only *.ruchy, skipping node_modules, dist, target and hidden folders', async () => {
    const cwd = project({
      'b.ruchy': STRAY_PAREN,
      'a/z.ruchy': STRAY_PAREN,
      'a/m/deep.ruchy': STRAY_PAREN,
      'a/m/clean.ruchy': CLEAN,
      'a/notes.txt': STRAY_PAREN,
      'a/main.rs': STRAY_PAREN,
      'node_modules/pkg/x.ruchy': STRAY_PAREN,
      'dist/x.ruchy': STRAY_PAREN,
      'target/x.ruchy': STRAY_PAREN,
      '.hidden/x.ruchy': STRAY_PAREN,
      'a/.git/x.ruchy': STRAY_PAREN,
    });
    const result = await runCli(['check'], { cwd }); // no paths: the current folder
    const headers = result.stdout.split('\n').filter((line) => line.includes(': error['));
    expect(headers).toEqual([
      `${path.join('a', 'm', 'deep.ruchy')}:1:11: error[R0011]: unexpected \`)\`: no matching \`(\``,
      `${path.join('a', 'z.ruchy')}:1:11: error[R0011]: unexpected \`)\`: no matching \`(\``,
      'b.ruchy:1:11: error[R0011]: unexpected `)`: no matching `(`',
    ]);
    expect(result.stdout.endsWith('checked 4 files: 3 errors\n')).toBe(true);
    expect(result.status).toBe(1);

    // A folder given by the user is shown as written (normalised), joined with the file's place in it.
    const sub = await runCli(['check', './a/m'], { cwd });
    expect(sub.stdout.split('\n')[0]).toBe(`${path.join('a', 'm', 'deep.ruchy')}:1:11: error[R0011]: unexpected \`)\`: no matching \`(\``);
    expect(sub.stdout.endsWith('checked 2 files: 1 error\n')).toBe(true);
  });

  test('a missing path: message on stderr, other paths still checked, exit 2', async () => {
    const cwd = project({ 'bad.ruchy': STRAY_PAREN });
    const result = await runCli(['check', 'nope.ruchy', 'bad.ruchy', 'gone/'], { cwd });
    expect(result.stdout).toContain('bad.ruchy:1:11: error[R0011]');
    expect(result.stdout.endsWith('checked 1 file: 1 error\n')).toBe(true);
    expect(result.stderr).toContain('nope.ruchy: no such file or directory');
    expect(result.stderr).toContain('gone/: no such file or directory');
    expect(result.status).toBe(2);
  });

  test('--json: one document with 1-based ranges, UTF-16 offsets and a summary; no colour even with --color', async () => {
    const cwd = project({ 'bad.ruchy': UNCLOSED_PAREN, 'emoji.ruchy': '\tlet s = "😀" )\nprintln(s)\n', 'ok.ruchy': CLEAN });
    const result = await runCli(['check', '--json', '--color', 'bad.ruchy', 'emoji.ruchy', 'ok.ruchy'], { cwd });
    expect(result.stdout).not.toContain(ESC);
    expect(JSON.parse(result.stdout)).toEqual({
      files: [
        {
          path: 'bad.ruchy',
          diagnostics: [
            {
              code: 'R0003',
              severity: 'error',
              message: 'expected `)` to close the argument list opened at 2:12',
              range: { start: { line: 2, column: 20 }, end: { line: 2, column: 20 } },
              offset: { start: 32, end: 32 },
            },
          ],
        },
        {
          path: 'emoji.ruchy',
          diagnostics: [
            {
              code: 'R0011',
              severity: 'error',
              message: 'unexpected `)`: no matching `(`',
              // 13 code points but 14 UTF-16 code units precede the `)`.
              range: { start: { line: 1, column: 14 }, end: { line: 1, column: 15 } },
              offset: { start: 14, end: 15 },
            },
          ],
        },
        { path: 'ok.ruchy', diagnostics: [] },
      ],
      summary: { files: 3, errors: 2, warnings: 0 },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
  });

  test('--exit-zero: errors are reported but the exit status is 0', async () => {
    const cwd = project({ 'bad.ruchy': STRAY_PAREN });
    const result = await runCli(['check', '--exit-zero', 'bad.ruchy'], { cwd });
    expect(result.stdout).toContain('bad.ruchy:1:11: error[R0011]');
    expect(result.stdout.endsWith('checked 1 file: 1 error\n')).toBe(true);
    expect(result.status).toBe(0);
  });

  test('files that cannot be read: a clear message each, counted as errors, no crash', async () => {
    const cwd = project({
      'binary.ruchy': new Uint8Array([0x6c, 0x65, 0x74, 0x00, 0x01, 0x02]),
      'latin1.ruchy': new Uint8Array([0x6c, 0x65, 0x74, 0x20, 0x73, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]),
      'ok.ruchy': CLEAN,
    });
    fs.symlinkSync('nowhere.ruchy', path.join(cwd, 'dangling.ruchy'));
    const result = await runCli(['check', '.'], { cwd });
    expect(result.stdout).toBe(
      [
        'binary.ruchy: error: binary file (contains NUL bytes), not Ruchy source text',
        'dangling.ruchy: error: broken symbolic link (no such file or directory)',
        'latin1.ruchy: error: not valid UTF-8 text',
        'checked 4 files: 3 errors',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
  });
});

describe.concurrent('colour', () => {
  const files = { 'bad.ruchy': STRAY_PAREN };

  test('not a TTY and no flag: no ANSI escapes', async () => {
    const result = await runCli(['check', 'bad.ruchy'], { cwd: project(files) });
    expect(result.stdout).not.toContain(ESC);
  });

  test('--color: errors in red, headers bold, gutter dim, even with NO_COLOR set', async () => {
    const result = await runCli(['check', '--color', 'bad.ruchy'], { cwd: project(files), env: { NO_COLOR: '1' } });
    expect(result.stdout).toContain(`${ESC}31merror[R0011]${ESC}39m`);
    expect(result.stdout).toContain(`${ESC}1mbad.ruchy:1:11:`);
    expect(result.stdout).toContain(`${ESC}2m1 |${ESC}22m`);
    // Without the escapes, the text is what a terminal without colour shows.
    expect(result.stdout.replace(/\u001b\[\d+m/g, '')).toContain('bad.ruchy:1:11: error[R0011]: unexpected `)`: no matching `(`\n');
  });

  test('FORCE_COLOR turns colour on without a TTY; --no-color wins over it', async () => {
    const cwd = project(files);
    const forced = await runCli(['check', 'bad.ruchy'], { cwd, env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(ESC);
    const refused = await runCli(['check', '--no-color', 'bad.ruchy'], { cwd, env: { FORCE_COLOR: '1' } });
    expect(refused.stdout).not.toContain(ESC);
  });
});

describe.concurrent('program', () => {
  test('--version prints the version from package.json', async () => {
    const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    const result = await runCli(['--version'], { cwd: project({}) });
    expect(result.stdout).toBe(`${manifest.version}\n`);
    expect(result.status).toBe(0);
  });

  test('--help lists the commands; check --help documents its options and exit codes', async () => {
    const cwd = project({});
    const top = await runCli(['--help'], { cwd });
    expect(top.stdout).toContain('Usage: ruchy-agent');
    expect(top.stdout).toMatch(/check \[options\] \[paths\.\.\.\]/);
    expect(top.status).toBe(0);
    const check = await runCli(['check', '--help'], { cwd });
    for (const option of ['--json', '--exit-zero', '--color', '--no-color', 'Exit status', 'NO_COLOR']) {
      expect(check.stdout).toContain(option);
    }
    expect(check.status).toBe(0);
  });

  test('an unknown option is a usage error: exit 2, message on stderr', async () => {
    const result = await runCli(['check', '--bogus'], { cwd: project({}) });
    expect(result.stderr).toContain("unknown option '--bogus'");
    expect(result.stdout).toBe('');
    expect(result.status).toBe(2);
  });
});
