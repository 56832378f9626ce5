// What a program may name but the sandbox never gives it: JavaScript and Node.js globals
// (`process`, `require`, `Function`, timers, shared memory, ...) and the parts of Rust's
// standard library that reach the machine (environment variables, other programs, the
// network, file operations beyond read_file/write_file). The compiler never turns such a
// name into a JavaScript identifier, so none of them could work anyway; naming them here
// turns "undefined variable" or a message value into a clear refusal that the runner logs
// (host().refused) and the program sees as a run-time error.

import { host } from './host.js';
import { RuchyError } from './value.js';

const HOST_GLOBALS = new Set([
  'process', 'require', 'module', 'exports', '__dirname', '__filename', 'import', 'globalThis', 'global', 'window',
  'Function', 'AsyncFunction', 'GeneratorFunction', 'eval', 'Reflect', 'Proxy', 'SharedArrayBuffer', 'Atomics',
  'WebAssembly', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
  'queueMicrotask', 'fetch', 'Buffer', 'Worker', 'XMLHttpRequest', 'WebSocket', 'Deno', 'Bun', 'constructor',
  'prototype', '__proto__', 'structuredClone', 'FinalizationRegistry', 'WeakRef',
]);

const SANDBOX = 'programs run in a sandbox with no access to JavaScript or Node.js';

/** Why a Rust standard-library path is refused, or null. */
function stdReason(path: string): string | null {
  const p = path.replace(/^std::/, '');
  if (p === 'env::args') return null;
  if (p.startsWith('env::')) return `\`${path}\` is refused: environment variables and the working directory are not available in the sandbox (pass values with args or stdin)`;
  if (p.startsWith('process::Command') || path.startsWith('Command::')) return `\`${path}\` is refused: running other programs is not allowed in the sandbox`;
  if (p.startsWith('net::') || /^(TcpStream|TcpListener|UdpSocket)::/.test(path)) return `\`${path}\` is refused: the sandbox has no network access`;
  if (p.startsWith('os::')) return `\`${path}\` is refused: operating-system interfaces are not available in the sandbox`;
  if (p.startsWith('fs::') && p !== 'fs::read_to_string' && p !== 'fs::write') {
    return `\`${path}\` is refused: the sandbox only reads and writes whole files (read_file / fs::read_to_string, write_file / fs::write) inside the folders granted with --allow-read / --allow-write`;
  }
  return null;
}

/** Why naming `name` (an identifier or an `a::b` path the program does not define) is refused, or null. */
export function refusalFor(name: string): string | null {
  if (HOST_GLOBALS.has(name)) return `\`${name}\` is refused: ${SANDBOX} (process, require, import, eval, Function, timers, shared memory)`;
  return name.includes('::') ? stdReason(name) : null;
}

/** Reports the refusal to the runner and stops the program with it. */
export function refuse(reason: string): never {
  host().refused?.(reason);
  throw new RuchyError(reason);
}

/** JavaScript object internals: a field, method or key of these names is never a Ruchy one unless the program declared it. */
const JS_INTERNALS = new Set([
  'constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
  'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'valueOf', 'toString', 'apply', 'bind',
  'arguments', 'caller', 'callee',
]);

/**
 * Called where a field, method or key was not found: when the name is a JavaScript
 * internal, the attempt is refused (and logged) instead of reported as a plain miss.
 */
export function refuseInternal(name: unknown, what: 'field' | 'method' | 'key'): void {
  if (typeof name === 'string' && JS_INTERNALS.has(name)) {
    refuse(`${what} \`${name}\` is refused: JavaScript object internals are not reachable from a Ruchy program`);
  }
}
