// `ruchy-agent compile` end to end through the built CLI: JavaScript on stdout, or written
// atomically to `-o OUT.js` with `OUT.js.map` beside it; diagnostics on stderr in the same
// form as `check` (header with code, code frame, colour rules), and no output on errors.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeTempProject, runCli } from '../helpers/cli.js';

const ESC = '\u001b[';
const HELLO = 'fun main() {\n    let name = "Ruchy"\n    println(f"Hello, {name}!")\n}\n';
const TOO_BIG = 'fun main() {\n    let big = 99999999999999999999\n    println(big)\n}\n';

const folders: string[] = [];
function project(files: Record<string, string>): string {
  const root = makeTempProject(files);
  folders.push(root);
  return root;
}

afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

describe.concurrent('ruchy-agent compile', () => {
  test('to stdout: an ES module that imports the runtime, nothing on stderr, exit 0', async () => {
    const cwd = project({ 'hello.ruchy': HELLO });
    const result = await runCli(['compile', 'hello.ruchy'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^import \{ .* \} from "file:\/\/.*\/runtime\/index\.js";\n/);
    expect(result.stdout).not.toContain('sourceMappingURL');
    // The module printed to stdout runs as it is.
    fs.writeFileSync(path.join(cwd, 'stdout.mjs'), result.stdout);
    expect(spawnSync(process.execPath, ['stdout.mjs'], { cwd, encoding: 'utf8' }).stdout).toBe('Hello, Ruchy!\n');
  });

  test('--source-map to stdout appends an inline map', async () => {
    const cwd = project({ 'hello.ruchy': HELLO });
    const result = await runCli(['compile', '--source-map', 'hello.ruchy'], { cwd });
    const inline = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\n$/.exec(result.stdout);
    expect(inline).not.toBeNull();
    const map = JSON.parse(Buffer.from(inline![1], 'base64').toString('utf8')) as { version: number; sources: string[]; sourcesContent: string[] };
    expect(map.version).toBe(3);
    expect(map.sources).toEqual(['hello.ruchy']);
  });

  test('-o out.js: the module and out.js.map beside it, written atomically, nothing on stdout', async () => {
    const cwd = project({ 'src/hello.ruchy': HELLO, 'build/keep.txt': '' });
    fs.writeFileSync(path.join(cwd, 'build', 'out.js'), '// an older build\n');
    const result = await runCli(['compile', 'src/hello.ruchy', '-o', 'build/out.js'], { cwd });
    expect(result).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const js = fs.readFileSync(path.join(cwd, 'build', 'out.js'), 'utf8');
    expect(js.endsWith('//# sourceMappingURL=out.js.map\n')).toBe(true);
    const map = JSON.parse(fs.readFileSync(path.join(cwd, 'build', 'out.js.map'), 'utf8')) as { version: number; file: string; sources: string[]; mappings: string };
    expect(map).toMatchObject({ version: 3, file: 'out.js', sources: [path.join('..', 'src', 'hello.ruchy')] });
    expect(map.mappings.length).toBeGreaterThan(0);
    // No temporary file is left behind, and the old build was replaced.
    expect(fs.readdirSync(path.join(cwd, 'build')).sort()).toEqual(['keep.txt', 'out.js', 'out.js.map']);
    expect(spawnSync(process.execPath, ['build/out.js'], { cwd, encoding: 'utf8' }).stdout).toBe('Hello, Ruchy!\n');
  });

  test('errors: coded diagnostics with code frames on stderr, exit 1, and the output file is not touched', async () => {
    const cwd = project({ 'big.ruchy': TOO_BIG, 'out.js': '// previous\n' });
    const result = await runCli(['compile', 'big.ruchy', '-o', 'out.js'], { cwd });
    expect(result.stderr).toBe(
      [
        'big.ruchy:2:15: error[R0504]: integer literal `99999999999999999999` does not fit in a 64-bit signed integer',
        ' 2 |     let big = 99999999999999999999',
        '   |               ^^^^^^^^^^^^^^^^^^^^',
        '',
        '',
      ].join('\n'),
    );
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
    expect(fs.readFileSync(path.join(cwd, 'out.js'), 'utf8')).toBe('// previous\n');
    expect(fs.existsSync(path.join(cwd, 'out.js.map'))).toBe(false);
  });

  test('syntax errors and constructs outside the compiled core are reported with their codes', async () => {
    const cwd = project({ 'syntax.ruchy': 'fun main() {\n    println((1 + 2)\n}\n', 'actor.ruchy': 'actor Counter { n: i32 }\nprintln("x")\n' });
    const syntax = await runCli(['compile', 'syntax.ruchy'], { cwd });
    expect(syntax.stderr.split('\n')[0]).toBe('syntax.ruchy:2:20: error[R0003]: expected `)` to close the argument list opened at 2:12');
    expect(syntax).toMatchObject({ status: 1, stdout: '' });
    const actor = await runCli(['compile', 'actor.ruchy'], { cwd });
    expect(actor.stderr.split('\n').slice(0, 3)).toEqual([
      'actor.ruchy:1:1: error[R0501]: not supported by the compiler yet: actors',
      ' 1 | actor Counter { n: i32 }',
      '   | ^^^^^^^^^^^^^^^^^^^^^^^^',
    ]);
    expect(actor.status).toBe(1);
  });

  test('warnings are printed but the module is still produced', async () => {
    const cwd = project({ 'w.ruchy': 'fun main() {\n    println(not_defined)\n}\n' });
    const result = await runCli(['compile', 'w.ruchy'], { cwd });
    expect(result.stderr).toBe(
      [
        'w.ruchy:2:13: warning[R0505]: `not_defined` is not defined; reaching it is a run-time error',
        ' 2 |     println(not_defined)',
        '   |             ^^^^^^^^^^^',
        '',
        '',
      ].join('\n'),
    );
    expect(result.stdout).toContain('function main()');
    expect(result.status).toBe(0);
  });

  test('colour follows the rules of check: none on a pipe, --color forces it, --no-color wins over FORCE_COLOR', async () => {
    const cwd = project({ 'big.ruchy': TOO_BIG });
    const plain = await runCli(['compile', 'big.ruchy'], { cwd });
    expect(plain.stderr).not.toContain(ESC);
    const forced = await runCli(['compile', '--color', 'big.ruchy'], { cwd, env: { NO_COLOR: '1' } });
    expect(forced.stderr).toContain(`${ESC}31merror[R0504]${ESC}39m`);
    expect(forced.stderr).toContain(`${ESC}2m2 |${ESC}22m`);
    expect(forced.stderr.replace(/\u001b\[\d+m/g, '')).toBe(plain.stderr);
    const env = await runCli(['compile', 'big.ruchy'], { cwd, env: { FORCE_COLOR: '1' } });
    expect(env.stderr).toContain(ESC);
    const refused = await runCli(['compile', '--no-color', 'big.ruchy'], { cwd, env: { FORCE_COLOR: '1' } });
    expect(refused.stderr).not.toContain(ESC);
  });

  test('a file that cannot be read, and an output folder that does not exist: clear messages, exit 1', async () => {
    const cwd = project({ 'hello.ruchy': HELLO });
    const missing = await runCli(['compile', 'nope.ruchy'], { cwd });
    expect(missing.stderr).toBe('nope.ruchy: error: cannot read the file: no such file or directory\n');
    expect(missing.status).toBe(1);
    const unwritable = await runCli(['compile', 'hello.ruchy', '-o', path.join('no', 'such', 'folder', 'out.js')], { cwd });
    expect(unwritable.stderr).toBe(`${path.join('no', 'such', 'folder', 'out.js')}: error: cannot write the output: no such file or directory\n`);
    expect(unwritable.status).toBe(1);
    expect(fs.readdirSync(cwd)).toEqual(['hello.ruchy']);
  });
});
