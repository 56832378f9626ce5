// The cases of the security batteries, as data: every escape we know of from the `run`
// sandbox (sandbox.test.ts) and every way we know to name a path outside the workspace
// (path.test.ts). A case that starts to work is a real hole: fix it at its root and keep
// the case.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Printed by a program only if it got past the line that should have been refused. */
export const ESCAPED = 'ESCAPED_MARKER';
/** In every file outside the granted folders / the workspace; never in any answer. */
export const SECRET = 'SECRET_MARKER_7731';

export interface SandboxCase {
  name: string;
  /** Ruchy source; `{G}` is the granted folder, `{OUT}` a folder outside it. */
  source: string;
  /** The clear message expected on stderr (after `Error: ` for run-time refusals). */
  message: RegExp;
  /** `compile`: rejected before anything runs (a diagnostic, nothing to log); otherwise refused at run time and logged. */
  stage?: 'compile';
  timeoutMs?: number;
}

const GLOBAL = (name: string) => new RegExp(`\`${name}\` is refused: programs run in a sandbox with no access to JavaScript or Node\\.js`);
const INTERNAL = (kind: string, name: string) => new RegExp(`${kind} \`${name.replace(/\$/g, '\\$')}\` is refused: JavaScript object internals are not reachable`);
const READ_DENIED = /read_file: permission denied: reading .* is not granted; only .* is granted \(--allow-read\)/;
const WRITE_DENIED = /write_file: permission denied: writing .* is not granted; only .* is granted \(--allow-write\)/;
const READ_LINK = /read_file: permission denied: reading .* is not granted: it is a symbolic link that leads to .*, outside the granted folders/;
const WRITE_LINK = /write_file: permission denied: writing .* is not granted: it is a symbolic link that leads to .*, outside the granted folders/;

export const SANDBOX_CASES: SandboxCase[] = [
  // JavaScript and Node.js globals: never JS identifiers, refused by name.
  { name: 'process', source: `println(process)\nprintln("${ESCAPED}")`, message: GLOBAL('process') },
  { name: 'process.env', source: `println(process.env.HOME)`, message: GLOBAL('process') },
  { name: 'require fs', source: `let fs = require("fs")\nprintln(fs.readFileSync("/etc/passwd"))`, message: GLOBAL('require') },
  { name: 'require child_process', source: `require("child_process").execSync("id")\nprintln("${ESCAPED}")`, message: GLOBAL('require') },
  { name: 'Function constructor', source: `let f = Function("return process")\nprintln(f(), "${ESCAPED}")`, message: GLOBAL('Function') },
  { name: 'eval', source: `println(eval("process.env"), "${ESCAPED}")`, message: GLOBAL('eval') },
  { name: 'globalThis', source: `println(globalThis.process)`, message: GLOBAL('globalThis') },
  { name: 'global', source: `println(global)`, message: GLOBAL('global') },
  { name: 'module.exports', source: `println(module.exports)`, message: GLOBAL('module') },
  { name: '__dirname', source: `println(__dirname)`, message: GLOBAL('__dirname') },
  { name: 'SharedArrayBuffer', source: `let b = SharedArrayBuffer(1024)\nprintln(b, "${ESCAPED}")`, message: GLOBAL('SharedArrayBuffer') },
  { name: 'Atomics.wait', source: `Atomics.wait([0], 0, 0)\nprintln("${ESCAPED}")`, message: GLOBAL('Atomics') },
  { name: 'setTimeout', source: `setTimeout(|| println("${ESCAPED}"), 0)`, message: GLOBAL('setTimeout') },
  { name: 'setInterval', source: `setInterval(|| println("${ESCAPED}"), 1)`, message: GLOBAL('setInterval') },
  { name: 'queueMicrotask', source: `queueMicrotask(|| println("${ESCAPED}"))`, message: GLOBAL('queueMicrotask') },
  { name: 'WebAssembly', source: `WebAssembly.compile([0, 97, 115, 109, 1, 0, 0, 0])\nprintln("${ESCAPED}")`, message: GLOBAL('WebAssembly') },
  { name: 'Reflect', source: `println(Reflect.ownKeys(println))`, message: GLOBAL('Reflect') },
  { name: 'Proxy', source: `println(Proxy([], {}), "${ESCAPED}")`, message: GLOBAL('Proxy') },
  { name: 'fetch', source: `fetch("http://127.0.0.1:9/")\nprintln("${ESCAPED}")`, message: GLOBAL('fetch') },
  { name: 'Buffer', source: `println(Buffer.from("x"))`, message: GLOBAL('Buffer') },
  { name: 'Worker', source: `Worker("evil.js")\nprintln("${ESCAPED}")`, message: GLOBAL('Worker') },
  { name: 'dynamic import()', source: `let m = import("node:fs")`, message: /error\[R0014\]: expected an expression, found `import`/, stage: 'compile' },

  // Compile-time reads of files and the environment (the compiler runs in the host, unsandboxed).
  { name: 'include_str!', source: `println(include_str!("{OUT}/secret.txt"))`, message: /error\[R0502\]: macro `include_str!` is not supported by the compiler/, stage: 'compile' },
  { name: 'include!', source: `include!("{OUT}/secret.txt")`, message: /error\[R0502\]: macro `include!` is not supported by the compiler/, stage: 'compile' },
  { name: 'env!', source: `println(env!("HOME"))`, message: /error\[R0502\]: macro `env!` is not supported by the compiler/, stage: 'compile' },
  { name: 'option_env!', source: `println(option_env!("HOME"))`, message: /error\[R0502\]: macro `option_env!` is not supported by the compiler/, stage: 'compile' },
  { name: 'import of a file outside', source: `use "{OUT}/secret.txt"\nprintln("${ESCAPED}")`, message: /error\[R0501\]: not supported by the compiler yet: imports from other files/, stage: 'compile' },

  // Rust standard-library paths that reach the machine.
  { name: 'std::env::var', source: `println(std::env::var("HOME"), "${ESCAPED}")`, message: /`std::env::var` is refused: environment variables and the working directory are not available/ },
  { name: 'std::env::vars', source: `for v in std::env::vars() { println(v) }`, message: /`std::env::vars` is refused: environment variables/ },
  { name: 'env::var', source: `println(env::var("PATH"), "${ESCAPED}")`, message: /`env::var` is refused: environment variables/ },
  { name: 'std::env::current_dir', source: `println(std::env::current_dir(), "${ESCAPED}")`, message: /`std::env::current_dir` is refused/ },
  { name: 'std::process::Command', source: `let o = std::process::Command::new("id").output()\nprintln(o, "${ESCAPED}")`, message: /`std::process::Command::new` is refused: running other programs is not allowed/ },
  { name: 'Command::new', source: `Command::new("sh").arg("-c").arg("id").spawn()`, message: /`Command::new` is refused: running other programs/ },
  { name: 'std::net::TcpStream', source: `let s = std::net::TcpStream::connect("127.0.0.1:9")\nprintln(s, "${ESCAPED}")`, message: /`std::net::TcpStream::connect` is refused: the sandbox has no network access/ },
  { name: 'std::fs::remove_file', source: `std::fs::remove_file("{G}/data.txt")\nprintln("${ESCAPED}")`, message: /`std::fs::remove_file` is refused: the sandbox only reads and writes whole files/ },
  { name: 'std::fs::read_dir', source: `println(std::fs::read_dir("/"), "${ESCAPED}")`, message: /`std::fs::read_dir` is refused/ },

  // Prototype and constructor chains: fields, methods and keys go through runtime lookups on Ruchy values.
  { name: 'string .constructor', source: `let s = "abc"\nprintln(s.constructor)`, message: INTERNAL('field', 'constructor') },
  { name: 'constructor.constructor chain', source: `let s = "abc"\nprintln(s.constructor.constructor("return process")(), "${ESCAPED}")`, message: INTERNAL('field', 'constructor') },
  { name: 'array .__proto__', source: `let a = [1]\nprintln(a.__proto__)`, message: INTERNAL('field', '__proto__') },
  { name: 'map .constructor', source: `let m = { a: 1 }\nprintln(m.constructor)`, message: INTERNAL('field', 'constructor') },
  { name: 'closure .constructor(...)', source: `let f = |x| x\nprintln(f.constructor("return process")(), "${ESCAPED}")`, message: INTERNAL('method', 'constructor') },
  { name: 'builtin function .constructor', source: `println(println.constructor)`, message: INTERNAL('field', 'constructor') },
  { name: 'struct .prototype', source: `struct P { x: i64 }\nlet p = P { x: 1 }\nprintln(p.prototype)`, message: INTERNAL('field', 'prototype') },
  { name: 'struct __proto__ assignment', source: `struct P { x: i64 }\nlet mut p = P { x: 1 }\np.__proto__ = [1]\nprintln("${ESCAPED}")`, message: INTERNAL('field', '__proto__') },
  { name: 'Option .constructor', source: `println(Some(1).constructor)`, message: INTERNAL('field', 'constructor') },
  { name: 'f-string .constructor', source: `let s = "abc"\nprintln(f"{s.constructor}")`, message: INTERNAL('field', 'constructor') },
  { name: 'closure .apply', source: `let f = |x| x\nprintln(f.apply(1, [2]), "${ESCAPED}")`, message: INTERNAL('method', 'apply') },
  { name: 'closure .bind', source: `let f = |x| x\nprintln(f.bind(1), "${ESCAPED}")`, message: INTERNAL('method', 'bind') },
  { name: 'string .valueOf', source: `println("abc".valueOf(), "${ESCAPED}")`, message: INTERNAL('method', 'valueOf') },
  { name: '__defineGetter__', source: `let s = "abc"\ns.__defineGetter__("x", || 1)\nprintln("${ESCAPED}")`, message: INTERNAL('method', '__defineGetter__') },
  { name: 'hasOwnProperty', source: `let p = { a: 1 }\nprintln(p.hasOwnProperty("a"), "${ESCAPED}")`, message: INTERNAL('method', 'hasOwnProperty') },
  { name: 'array ["constructor"]', source: `let a = [1]\nlet k = "constructor"\nprintln(a[k])`, message: INTERNAL('key', 'constructor') },
  { name: 'string ["constructor"]', source: `println("abc"["constructor"])`, message: INTERNAL('key', 'constructor') },
  { name: 'array ["__proto__"] assignment', source: `let mut a = [1]\na["__proto__"] = [2]\nprintln("${ESCAPED}")`, message: INTERNAL('key', '__proto__') },
  { name: 'typed index confusion', source: `fun get(a: Vec<i64>, i: i64) -> i64 { a[i] }\nprintln(get([1, 2], "constructor"))`, message: INTERNAL('key', 'constructor') },
  { name: 'computed index confusion', source: `let a = [1, 2, 3]\nlet k = "constructor"\nlet j = if true { k } else { 0 }\nprintln(a[j])`, message: INTERNAL('key', 'constructor') },

  // Files outside the granted folder (the run grants {G} for reading and writing).
  { name: 'read /etc/passwd', source: `println(read_file("/etc/passwd"))`, message: READ_DENIED },
  { name: 'read /proc/self/environ', source: `println(read_file("/proc/self/environ"))`, message: READ_DENIED },
  { name: 'read through ..', source: `println(read_file("{G}/../outside/secret.txt"))`, message: READ_DENIED },
  { name: 'read relative ../../..', source: `println(read_file("../../../../../../etc/passwd"))`, message: READ_DENIED },
  { name: 'read absolute outside', source: `println(read_file("{OUT}/secret.txt"))`, message: READ_DENIED },
  { name: 'read file:// URL', source: `println(read_file("file://{OUT}/secret.txt"))`, message: READ_DENIED },
  { name: 'read NUL byte', source: `println(read_file("{G}/data.txt\\0/../../outside/secret.txt"))`, message: /read_file: permission denied: reading a path with a NUL character/ },
  { name: 'read std::fs::read_to_string outside', source: `println(std::fs::read_to_string("{OUT}/secret.txt"))`, message: READ_DENIED },
  { name: 'read symlink to a file outside', source: `println(read_file("{G}/link-out.txt"))`, message: READ_LINK },
  { name: 'read through a symlinked folder', source: `println(read_file("{G}/dir-out/secret.txt"))`, message: READ_LINK },
  { name: 'write absolute outside', source: `write_file("{OUT}/pwned.txt", "x")\nprintln("${ESCAPED}")`, message: WRITE_DENIED },
  { name: 'write through ..', source: `write_file("{G}/../outside/pwned.txt", "x")\nprintln("${ESCAPED}")`, message: WRITE_DENIED },
  { name: 'write /tmp', source: `fs::write("/tmp/ruchy-pwned-${process.pid}.txt", "x")\nprintln("${ESCAPED}")`, message: WRITE_DENIED },
  { name: 'write through a symlink to a file outside', source: `write_file("{G}/link-out.txt", "overwritten")\nprintln("${ESCAPED}")`, message: WRITE_LINK },
  { name: 'write through a symlinked folder', source: `write_file("{G}/dir-out/pwned.txt", "x")\nprintln("${ESCAPED}")`, message: WRITE_LINK },
  { name: 'write through a dangling symlink', source: `write_file("{G}/dangling.txt", "x")\nprintln("${ESCAPED}")`, message: /write_file: permission denied: .*dangling\.txt is a symbolic link that leads nowhere/ },

  // Limits, enforced from outside the child.
  { name: 'infinite loop', source: `let mut i = 0\nloop { i = i + 1 }`, message: /time limit of 1500 ms exceeded/, timeoutMs: 1500 },
  { name: 'busy wait in a closure', source: `let spin = || { while true { } }\nspin()`, message: /time limit of 1500 ms exceeded/, timeoutMs: 1500 },
  { name: 'memory bomb', source: `let mut a = []\nloop { a.push([1, 2, 3, 4, 5, 6, 7, 8]) }`, message: /memory limit of \d+ MB exceeded/, timeoutMs: 30_000 },
  { name: 'output flood', source: `let line = "x".repeat(100000)\nloop { println(line) }`, message: /output limit of \d+ bytes exceeded/, timeoutMs: 30_000 },
];

/** Declarations that collide with JS names stay the program's own: they run, and touch nothing outside. */
export const COLLISION_CASES: { name: string; source: string; stdout: string }[] = [
  { name: 'fun require', source: `fun require(x) { x }\nprintln(require("fs"))`, stdout: 'fs\n' },
  { name: 'struct Function', source: `struct Function { x: i64 }\nlet f = Function { x: 1 }\nprintln(f.x)`, stdout: '1\n' },
  { name: 'let process', source: `let process = "mine"\nprintln(process)`, stdout: 'mine\n' },
  { name: 'enum Object', source: `enum Object { A }\nprintln(Object::A)`, stdout: 'A\n' },
  { name: 'struct field __proto__', source: `struct E { __proto__: Vec<i64> }\nlet e = E { __proto__: [1] }\nlet c = e.clone()\nprintln(e, c.__proto__)`, stdout: 'E {__proto__: [1]} [1]\n' },
  { name: 'struct default __proto__', source: `struct S { __proto__: i64 = 5, y: i64 = 1 }\nlet s = S { y: 2 }\nprintln(s, s.__proto__)`, stdout: 'S {__proto__: 5, y: 2} 5\n' },
  {
    name: 'methods named like JS internals',
    source: `struct P { x: i64 }\nimpl P {\n    fun __proto__(self) -> i64 { 41 }\n    fun constructor(self) -> i64 { 42 }\n    fun toString(self) -> String { "mine" }\n}\nlet p = P { x: 1 }\nprintln(p.__proto__(), p.constructor(), p.toString())`,
    stdout: '41 42 mine\n',
  },
  { name: 'map key constructor', source: `let mut m = { "constructor": 1 }\nm["__proto__"] = 2\nprintln(m["constructor"], m["__proto__"])`, stdout: '1 2\n' },
  { name: 'string that looks like JS', source: 'println("\\"); process.exit(7); (\\"")', stdout: '"); process.exit(7); ("\n' },
];

/** The folders of a battery: a granted folder with links out of it, and a folder outside. */
export interface SandboxFolders {
  base: string;
  granted: string;
  outside: string;
  cleanup(): void;
}

export function makeSandboxFolders(): SandboxFolders {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ruchy-security-')));
  const granted = path.join(base, 'granted');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(granted);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(granted, 'data.txt'), 'granted data');
  fs.writeFileSync(path.join(outside, 'secret.txt'), SECRET);
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(granted, 'link-out.txt'));
  fs.symlinkSync(outside, path.join(granted, 'dir-out'));
  fs.symlinkSync('../outside/created.txt', path.join(granted, 'dangling.txt'));
  return { base, granted, outside, cleanup: () => fs.rmSync(base, { recursive: true, force: true }) };
}

export function sourceFor(c: { source: string }, folders: SandboxFolders): string {
  return c.source.replaceAll('{G}', folders.granted).replaceAll('{OUT}', folders.outside);
}

/** What is outside the granted folder, to compare before and after the battery. */
export function snapshot(dir: string): string {
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => `${name}:${fs.readFileSync(path.join(dir, name), 'utf8')}`)
    .join('\n');
}
