// The sandboxed runner: programs run in a child node process with the permission model,
// a heap limit and a wall-clock limit. Escapes are refused, runaway programs are stopped,
// and this (the host) process survives all of it.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { run } from '../../src/compiler/run.js';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ruchy-sandbox-'));
  fs.writeFileSync(path.join(dir, 'data.txt'), 'secret data');
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('sandboxed run', () => {
  test('runs a program and reports its output, status and duration', async () => {
    const r = await run('println("hi", 1 + 2)\neprintln("to stderr")', { timeoutMs: 10_000 });
    expect(r).toMatchObject({ stdout: 'hi 3\n', stderr: 'to stderr\n', exitCode: 0, timedOut: false, diagnostics: [] });
    expect(r.durationMs).toBeGreaterThan(0);
  });

  test('a run-time error prints Error: <message> with the Ruchy location and exits with 1', async () => {
    const r = await run('println("a")\nlet x = [1, 2]\nprintln(x[5])', { timeoutMs: 10_000, fileName: 'prog.ruchy' });
    expect(r.stdout).toBe('a\n');
    expect(r.stderr).toBe('Error: Index out of bounds: index 5, length 2\n  --> prog.ruchy:3:9\n');
    expect(r.exitCode).toBe(1);
  });

  test('a program with compile errors does not run', async () => {
    const r = await run('let x = (1 +\nprintln(x)', { timeoutMs: 10_000 });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(r.stderr).toMatch(/^main\.ruchy:\d+:\d+: error\[R0\d+\]/);
  });

  test('stdin and arguments reach the program', async () => {
    const r = await run('let line = read_line()\nprintln("got", line, args())', { timeoutMs: 10_000, stdin: 'hello\nrest', args: ['a', 'b'] });
    expect(r.stdout).toBe('got hello ["a", "b"]\n');
  });

  test('an infinite loop is stopped at the time limit', async () => {
    const r = await run('let mut i = 0\nloop { i = i + 1 }', { timeoutMs: 500 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('time limit of 500 ms exceeded');
    expect(r.durationMs).toBeLessThan(5_000);
  });

  test('a memory bomb is stopped at the memory limit', async () => {
    const r = await run('let mut a = []\nloop { a.push([1, 2, 3, 4, 5, 6, 7, 8]) }', { timeoutMs: 20_000, memoryMb: 48 });
    expect(r.exitCode).toBe(1);
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toContain('memory limit of 48 MB exceeded');
  });

  test('deep recursion is a clean error', async () => {
    const r = await run('fun f(n) { f(n + 1) + 1 }\nprintln(f(0))', { timeoutMs: 10_000 });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('Error: Stack overflow');
  });
});

describe('escapes are refused', () => {
  // Names the program does not declare never become JS identifiers; the JavaScript and
  // Node.js names among them are refused by name (src/compiler/runtime/refusals.ts).
  test.each([
    ['process', 'println(process.env)', 'Error: `process` is refused: programs run in a sandbox'],
    ['globalThis', 'println(globalThis)', 'Error: `globalThis` is refused'],
    ['require', 'let fs = require("fs")\nprintln(fs.readFileSync("/etc/passwd"))', 'Error: `require` is refused'],
    ['Function', 'let f = Function("return process")\nprintln(f())', 'Error: `Function` is refused'],
    ['eval', 'let v = eval("1 + 1")\nprintln(v + 1)', 'Error: `eval` is refused'],
    ['import', 'let m = import("node:fs")', 'error[R0'],
  ])('%s is not reachable', async (_name, source, message) => {
    const r = await run(source, { timeoutMs: 10_000 });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  test('constructor chains are not reachable through fields or methods', async () => {
    const source = `
let s = "abc"
let attempts = [
    || s.constructor,
    || s.constructor("return 1"),
    || println.constructor,
    || [1].constructor,
    || (|x| x).constructor("return process")(),
    || { a: 1 }.constructor,
    || { a: 1 }.__proto__,
]
for f in attempts {
    try { println("reached", f()) } catch (e) { println("refused") }
}`;
    const r = await run(source, { timeoutMs: 10_000 });
    expect(r.stdout).toBe('refused\n'.repeat(7));
    expect(r.exitCode).toBe(0);
  });

  test('file access is denied unless granted', async () => {
    const file = path.join(dir, 'data.txt');
    const denied = await run(`println(read_file(${JSON.stringify(file)}))`, { timeoutMs: 10_000 });
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr).toContain('permission denied');
    expect(denied.stdout).toBe('');
    const etc = await run('println(read_file("/etc/passwd"))', { timeoutMs: 10_000, allowRead: [dir] });
    expect(etc.exitCode).toBe(1);
    expect(etc.stdout).toBe('');
    const granted = await run(`println(read_file(${JSON.stringify(file)}))`, { timeoutMs: 10_000, allowRead: [dir] });
    expect(granted.stdout).toBe('secret data\n');
    expect(granted.exitCode).toBe(0);
  });

  test('writing needs a granted folder', async () => {
    const target = path.join(dir, 'out.txt');
    const denied = await run(`write_file(${JSON.stringify(target)}, "x")`, { timeoutMs: 10_000, allowRead: [dir] });
    expect(denied.exitCode).toBe(1);
    expect(fs.existsSync(target)).toBe(false);
    const granted = await run(`write_file(${JSON.stringify(target)}, "written")`, { timeoutMs: 10_000, allowWrite: [dir] });
    expect(granted.exitCode).toBe(0);
    expect(fs.readFileSync(target, 'utf8')).toBe('written');
  });

  test('the host process is still alive and can run more programs', async () => {
    const r = await run('println(6 * 7)', { timeoutMs: 10_000 });
    expect(r.stdout).toBe('42\n');
  });
});
