// `ruchy-agent run` end to end through the built CLI: the program's output and exit
// status, its arguments after `--`, the time limit, runtime errors with their Ruchy
// location, compile errors in the form of `check`, and the sandbox's file permissions.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeTempProject, runCli } from '../helpers/cli.js';

const folders: string[] = [];
function project(files: Record<string, string>): string {
  const root = makeTempProject(files);
  folders.push(root);
  return root;
}

afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

describe.concurrent('ruchy-agent run', () => {
  test("prints the program's output and exits 0", async () => {
    const cwd = project({
      'main.ruchy': [
        'fun fib(n: i64) -> i64 {',
        '    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }',
        '}',
        'fun main() {',
        '    let xs = [1, 2, 3].map(|x| x * 10)',
        '    println(xs, fib(20))',
        '    eprintln("done")',
        '}',
        '',
      ].join('\n'),
    });
    const result = await runCli(['run', 'main.ruchy'], { cwd });
    expect(result).toEqual({ status: 0, stdout: '[10, 20, 30] 6765\n', stderr: 'done\n' });
  });

  test('arguments after `--` reach the program, options among them included', async () => {
    const cwd = project({ 'args.ruchy': 'let xs = args()\nprintln(len(xs))\nfor a in xs {\n    println(a)\n}\n' });
    const result = await runCli(['run', 'args.ruchy', '--', 'one', 'two words', '--timeout', '-x'], { cwd });
    expect(result).toEqual({ status: 0, stdout: '4\none\ntwo words\n--timeout\n-x\n', stderr: '' });
  });

  test('a runtime error: output so far, `Error: ...` with the Ruchy location on stderr, exit 1', async () => {
    const cwd = project({
      'div.ruchy': 'fun main() {\n    println("before")\n    let n = 10\n    let r = 100 / (n - 10)\n    println(r)\n}\n',
    });
    const result = await runCli(['run', 'div.ruchy'], { cwd });
    expect(result.stdout).toBe('before\n');
    // The location is the operator that failed.
    expect(result.stderr).toBe('Error: Division by zero\n  --> div.ruchy:4:17\n');
    expect(result.status).toBe(1);
  });

  test('--timeout stops an infinite loop with a clear message and a non-zero status', async () => {
    const cwd = project({ 'loop.ruchy': 'let mut i = 0\nloop {\n    i += 1\n}\n' });
    const started = Date.now();
    const result = await runCli(['run', '--timeout', '300', 'loop.ruchy'], { cwd });
    expect(result.stderr).toBe('Error: time limit of 300 ms exceeded\n');
    expect(result.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  test('output printed before a timeout is shown, then the time-limit message', async () => {
    const cwd = project({ 'late.ruchy': 'println("started")\nprint("no newline yet")\nlet mut i = 0\nloop {\n    i += 1\n}\n' });
    // The limit counts from the child's start: leave a loaded machine time to boot Node.
    const result = await runCli(['run', '--timeout', '6000', 'late.ruchy'], { cwd });
    expect(result).toEqual({ status: 1, stdout: 'started\nno newline yet', stderr: 'Error: time limit of 6000 ms exceeded\n' });
  });

  test('--timeout must be a positive whole number', async () => {
    const cwd = project({ 'p.ruchy': 'println(1)\n' });
    const result = await runCli(['run', '--timeout', 'soon', 'p.ruchy'], { cwd });
    expect(result.stderr).toContain('expected a positive whole number');
    expect(result.status).toBe(2);
  });

  test('compile errors are printed as check prints them, and the program does not run', async () => {
    const cwd = project({ 'bad.ruchy': 'println("never")\nlet big = 99999999999999999999\nprintln(big)\n' });
    const result = await runCli(['run', 'bad.ruchy'], { cwd });
    expect(result.stderr).toBe(
      [
        'bad.ruchy:2:11: error[R0504]: integer literal `99999999999999999999` does not fit in a 64-bit signed integer',
        ' 2 | let big = 99999999999999999999',
        '   |           ^^^^^^^^^^^^^^^^^^^^',
        '',
        '',
      ].join('\n'),
    );
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
    const coloured = await runCli(['run', '--color', 'bad.ruchy'], { cwd });
    expect(coloured.stderr).toContain('\u001b[31merror[R0504]\u001b[39m');
  });

  test('file access is refused without --allow-read and allowed with it', async () => {
    const cwd = project({ 'data/input.txt': 'hello from a file', 'read.ruchy': 'let text = read_file("data/input.txt")\nprintln(text.to_uppercase())\n' });
    const denied = await runCli(['run', 'read.ruchy'], { cwd });
    expect(denied.stdout).toBe('');
    expect(denied.stderr).toBe('Error: read_file: permission denied: reading data/input.txt is not granted; no folder is granted (--allow-read)\n  --> read.ruchy:1:12\n');
    expect(denied.status).toBe(1);

    const allowed = await runCli(['run', '--allow-read', 'data', 'read.ruchy'], { cwd });
    expect(allowed).toEqual({ status: 0, stdout: 'HELLO FROM A FILE\n', stderr: '' });

    // Granting one folder does not grant its neighbours.
    fs.writeFileSync(path.join(cwd, 'secret.txt'), 'secret');
    fs.writeFileSync(path.join(cwd, 'peek.ruchy'), 'println(read_file("secret.txt"))\n');
    const neighbour = await runCli(['run', '--allow-read', 'data', 'peek.ruchy'], { cwd });
    expect(neighbour.stderr).toContain('permission denied: reading secret.txt is not granted');
    expect(neighbour.status).toBe(1);
  });

  test('writing needs --allow-write for the folder', async () => {
    const cwd = project({ 'out/.keep': '', 'write.ruchy': 'write_file("out/result.txt", "42")\nprintln("written")\n' });
    const denied = await runCli(['run', 'write.ruchy'], { cwd });
    expect(denied.stderr).toContain('Error: write_file: permission denied: writing out/result.txt is not granted');
    expect(denied.status).toBe(1);
    expect(fs.existsSync(path.join(cwd, 'out', 'result.txt'))).toBe(false);
    const allowed = await runCli(['run', '--allow-write', 'out', 'write.ruchy'], { cwd });
    expect(allowed).toEqual({ status: 0, stdout: 'written\n', stderr: '' });
    expect(fs.readFileSync(path.join(cwd, 'out', 'result.txt'), 'utf8')).toBe('42');
  });

  test('a missing file: a clear message, exit 1', async () => {
    const result = await runCli(['run', 'nope.ruchy'], { cwd: project({}) });
    expect(result).toEqual({ status: 1, stdout: '', stderr: 'nope.ruchy: error: cannot read the file: no such file or directory\n' });
  });
});
