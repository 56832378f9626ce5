// compile(): the shape of the output (ES module / function body), source maps, diagnostics
// for constructs outside the compiled core, the type-oracle hook, and the CLI commands.

import { spawnSync } from 'node:child_process';
import * as vm from 'node:vm';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compileCommand } from '../../src/cli/commands/compile.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { compile } from '../../src/compiler/compile.js';
import { runInProcess } from '../../src/compiler/run.js';
import * as rt from '../../src/compiler/runtime/index.js';
import { decodeMappings, SourcePositions } from '../../src/compiler/sourcemap.js';
import type * as A from '../../src/syntax/ast.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const distRuntime = pathToFileURL(path.join(root, 'dist/src/compiler/runtime/index.js')).href;
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ruchy-compile-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function codes(source: string): string[] {
  return compile(source).diagnostics.map((d) => d.code);
}

describe('output', () => {
  test('an ES module that imports the runtime and runs when node imports it', () => {
    const result = compile('fun main() { println("from main") }\nprintln("top", 1 + 2)', { runtimeUrl: distRuntime });
    expect(result.diagnostics).toEqual([]);
    expect(result.js.split('\n')[0]).toMatch(/^import \{ .* \} from "file:\/\/.*runtime\/index\.js";$/);
    const file = path.join(dir, 'prog.mjs');
    fs.writeFileSync(file, result.js);
    const child = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    expect(child.stdout).toBe('top 3\nfrom main\n');
    expect(child.status).toBe(0);
  });

  test('a failing standalone module exits with status 1', () => {
    const result = compile('println(1 / 0)', { runtimeUrl: distRuntime });
    const file = path.join(dir, 'fail.mjs');
    fs.writeFileSync(file, result.js);
    const child = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    expect(child.stderr).toBe('Error: Division by zero\n');
    expect(child.status).toBe(1);
  });

  test('readable output: names kept, no IIFEs', () => {
    const { js } = compile('fun add(a, b) { a + b }\nlet total = add(1, 2)\nlet label = if total > 2 { "big" } else { "small" }\nprintln(label)');
    expect(js).toContain('function add(a, b) {');
    expect(js).toContain('let total = add(1, 2);');
    const body = js.split('\n').slice(2).join('\n');
    expect(body).not.toMatch(/\(\(\) =>|\(function\s*\(/);
  });

  test('JS reserved words and shadowing get distinct names', () => {
    const r = runInProcess('let class = 1\nlet x = 1\nlet x = x + class\nlet Number = 5\nprintln(x, Number, 2 + 3)');
    expect(r.stdout).toBe('2 5 5\n');
  });

  test('a source map (v3) maps generated positions back to Ruchy lines and columns', () => {
    const source = 'let a = 1\nlet b = 2\n\nprintln(a + b)';
    const result = compile(source, { fileName: 'calc.ruchy' });
    const map = result.map!;
    expect(map.version).toBe(3);
    expect(map.sources).toEqual(['calc.ruchy']);
    expect(map.sourcesContent).toEqual([source]);
    const decoded = decodeMappings(map.mappings);
    expect(decoded).toEqual(result.mappings);
    const lines = result.js.split('\n');
    const printLine = lines.findIndex((l) => l.includes('$println('));
    const pos = new SourcePositions(decoded).lookup(printLine, lines[printLine].indexOf('$println'));
    expect(pos).toEqual({ line: 4, column: 1 });
  });

  test('no source map when not asked for', () => {
    expect(compile('println(1)', { sourceMap: false }).map).toBeNull();
  });

  test('syntax errors give no code', () => {
    const result = compile('let x = (1 +');
    expect(result.js).toBe('');
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});

describe('constructs outside the core: one diagnostic at the construct', () => {
  test.each([
    ['actor Counter { count: i32 }', 'R0501', 'actor Counter'],
    ['mod util { fun f() { 1 } }', 'R0501', 'mod util'],
    ['let x = spawn worker()', 'R0501', 'spawn worker()'],
    ['let d = df![ "a" => [1, 2] ]', 'R0502', 'df!'],
    ['break', 'R0503', 'break'],
    ['let n = 99999999999999999999', 'R0504', '99999999999999999999'],
  ])('%s -> %s', (source, code, text) => {
    const result = compile(source);
    const found = result.diagnostics.filter((d) => d.code === code);
    expect(found).toHaveLength(1);
    expect(source.slice(found[0].start, found[0].end)).toContain(text);
    expect(found[0].message.length).toBeGreaterThan(10);
  });

  test('supported programs have no compiler diagnostics', () => {
    expect(codes('struct P { x: i32 }\nimpl P { fun get(&self) -> i32 { self.x } }\nprintln(P { x: 1 }.get())')).toEqual([]);
  });
});

describe('type oracle', () => {
  test('expressions proved i64 use plain comparisons and the integer fast path', () => {
    const types = (e: A.Expr): 'i64' | null => (e.kind === 'Identifier' || e.kind === 'IntLiteral' ? 'i64' : null);
    // `!=` bounds nothing (ranges.ts cannot prove the counter stays small).
    const typed = compile('let mut i = 0\nwhile i != 10 { i = i + 1 }\nprintln(i)', { types, format: 'function' });
    expect(typed.js).toContain('while ((i !== 10))');
    // The addition is plain JS arithmetic, with the exact path only past 2^53.
    expect(typed.js).toContain('($r = i + 1) <= 9007199254740991');
    expect(typed.js).toContain('$intAdd(i, 1)');
    // Without an oracle, the compiler's own representation analysis (kinds.ts) proves the same.
    const analyzed = compile('let mut i = 0\nwhile i < 10 { i = i + 1 }\nprintln(i)', { format: 'function' });
    expect(analyzed.analysis).toBe('specialized');
    expect(analyzed.js).toContain('while ((i < 10))');
    // With the analysis off, the generic runtime operations.
    const generic = compile('let mut i = 0\nwhile i < 10 { i = i + 1 }\nprintln(i)', { format: 'function', analyze: false });
    expect(generic.js).toContain('$lt(i, 10)');
  });

  test('a value of unknown kind (a parameter called with a float and an int) keeps the generic operations', () => {
    const source = 'fun add(a, b) { a + b }\nprintln(add(1, 2), add(1.5, 2.5))';
    const result = compile(source, { format: 'function' });
    expect(result.js).toContain('$add(a, b)');
    expect(runInProcess(source).stdout).toBe('3 4.0\n');
  });

  test('expressions proved f64 use JS float arithmetic and stay floats', () => {
    const types = (e: A.Expr): 'f64' | null => (e.kind === 'Identifier' || e.kind === 'FloatLiteral' ? 'f64' : null);
    const source = 'let a = 1.5\nlet b = 0.5\nprintln(a + b, a * b, a < b, a - b)';
    const typed = compile(source, { types, format: 'function' });
    expect(typed.js).not.toContain('$add(');
    const host = rt.memoryHost();
    rt.setHost(host);
    const status = (vm.compileFunction(typed.js, ['$rt']) as (r: unknown) => number)(rt);
    expect({ status, stdout: host.stdout }).toEqual({ status: 0, stdout: '2.0 0.75 false 1.0\n' });
    expect(runInProcess(source).stdout).toBe('2.0 0.75 false 1.0\n');
  });
});

describe('CLI commands', () => {
  const io = () => {
    const captured = { stdout: '', stderr: '' };
    return {
      captured,
      io: {
        stdout: (t: string) => void (captured.stdout += t),
        stderr: (t: string) => void (captured.stderr += t),
        readStdin: async () => '',
      },
    };
  };

  test('compile writes OUT.js and OUT.js.map atomically', async () => {
    const src = path.join(dir, 'hello.ruchy');
    fs.writeFileSync(src, 'println("hello")\n');
    const out = path.join(dir, 'hello.js');
    const { captured, io: cio } = io();
    expect(await compileCommand(src, { out, sourceMap: true }, cio)).toBe(0);
    expect(captured.stderr).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toContain('//# sourceMappingURL=hello.js.map');
    expect(JSON.parse(fs.readFileSync(out + '.map', 'utf8')).version).toBe(3);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const child = spawnSync(process.execPath, [out], { encoding: 'utf8' });
    expect(child.stdout).toBe('hello\n');
  });

  test('compile prints diagnostics as file:line:col: error[CODE]: message', async () => {
    const src = path.join(dir, 'bad.ruchy');
    fs.writeFileSync(src, 'println("x")\nactor A { n: i32 }\n');
    const { captured, io: cio } = io();
    expect(await compileCommand(src, { out: path.join(dir, 'bad.js') }, cio)).toBe(1);
    // The first line of the diagnostic; a code frame follows it.
    expect(captured.stderr.split('\n')[0]).toBe(`${src}:2:1: error[R0501]: not supported by the compiler yet: actors`);
    expect(fs.existsSync(path.join(dir, 'bad.js'))).toBe(false);
  });

  test('compile prints to stdout without --out', async () => {
    const src = path.join(dir, 'p.ruchy');
    fs.writeFileSync(src, 'println(1)');
    const { captured, io: cio } = io();
    expect(await compileCommand(src, { sourceMap: false }, cio)).toBe(0);
    expect(captured.stdout).toContain('$println(1);');
  });

  test('run prints the output and returns the exit status', async () => {
    const src = path.join(dir, 'r.ruchy');
    fs.writeFileSync(src, 'println("ok")\nlet x = [1][2]');
    const { captured, io: cio } = io();
    expect(await runCommand(src, { timeout: 10_000 }, cio)).toBe(1);
    expect(captured.stdout).toBe('ok\n');
    expect(captured.stderr).toContain('Error: Index out of bounds: index 2, length 1');
    expect(captured.stderr).toContain(`${src}:2:9`);
  });

  test('a missing file is reported', async () => {
    const { captured, io: cio } = io();
    expect(await runCommand(path.join(dir, 'nope.ruchy'), {}, cio)).toBe(1);
    expect(captured.stderr).toContain('cannot read the file');
  });
});

describe('valid JavaScript for odd but valid programs (found by the fuzzer)', () => {
  test('a closure as an operand of a comparison', () => {
    expect(runInProcess('let y = "" == || {}\nprintln(y)\nlet z = """"""!= || -> [u] { 1 }\nprintln(z)').stdout).toBe('false\ntrue\n');
  });

  test('a local const that shadows a parameter, and two local consts of one name', () => {
    const source = 'fun f(arr) {\n    const arr = 2\n    const B = 3\n    const B = 4\n    arr + B\n}\nconst T = 5\nprintln(f(1), T)';
    const result = runInProcess(source);
    expect({ stdout: result.stdout, stderr: result.stderr }).toEqual({ stdout: '6 5\n', stderr: '' });
  });
});
