// The process that runs one compiled program for `run` (./run.ts). It is started by the
// runner with Node's permission model and heap limit; it reads one JSON request on stdin,
// evaluates the program in a fresh vm context whose only way out is the runtime library
// passed in as `$rt`, and writes the program's output to its own stdout/stderr. Its exit
// status is the program's.
//
// The program's stdin and arguments arrive in the request; files are read and written
// through the runtime host below, which allows only the folders granted to the runner
// (the permission model enforces the same folders again underneath).

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as rt from './runtime/index.js';
import { SourcePositions, type Mapping } from './sourcemap.js';

export interface ChildRequest {
  js: string;
  fileName: string;
  mappings: Mapping[];
  args: string[];
  stdin: string;
  allowRead: string[];
  allowWrite: string[];
  /** When the runner kills this process (epoch ms): the program is stopped just before, so that its output is flushed. */
  deadline?: number;
}

export const PROGRAM_FILE = 'ruchy-program.js';

/** The file descriptor on which the child reports each refusal (one JSON line), for the runner to log. */
export const REFUSAL_FD = 3;

/** Tells the runner that the sandbox refused something; the program cannot write to this pipe. */
export function reportRefusal(reason: string): void {
  try {
    fs.writeSync(REFUSAL_FD, JSON.stringify({ refused: reason }) + '\n');
  } catch {
    // Started without the refusal pipe (a test calling makeHost directly): the error message is enough.
  }
}

function isInside(full: string, root: string): boolean {
  return full === root || full.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * The real path of `target` (symbolic links resolved), or of its deepest existing ancestor
 * joined with the rest when it does not exist yet. A dangling link is refused: where it
 * leads is decided only when something is written through it.
 */
export function realTarget(target: string): string {
  const rest: string[] = [];
  let current = path.resolve(target);
  for (;;) {
    try {
      const real = fs.realpathSync.native(current);
      return rest.length === 0 ? real : path.join(real, ...rest.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new Error(`permission denied: cannot resolve ${target} (${code ?? String(error)})`);
      let dangling = false;
      try {
        dangling = fs.lstatSync(current).isSymbolicLink();
      } catch {
        // not there at all: climb
      }
      if (dangling) throw new Error(`permission denied: ${target} is a symbolic link that leads nowhere`);
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(target);
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * Why a path may not be used, or null when it lies inside a granted folder. Both the path
 * as written (so `..` cannot climb out) and its real path (so a symbolic link inside a
 * granted folder cannot lead out: Node's permission model follows links) must lie inside.
 */
export function deniedReason(target: string, roots: readonly string[], verb: 'reading' | 'writing'): string | null {
  if (target.includes('\0')) return `permission denied: ${verb} a path with a NUL character`;
  const flag = verb === 'reading' ? '--allow-read' : '--allow-write';
  const how = roots.length === 0 ? `no folder is granted (${flag})` : `only ${roots.join(', ')} ${roots.length === 1 ? 'is' : 'are'} granted (${flag})`;
  const written = path.resolve(target);
  const given = roots.map((r) => path.resolve(r));
  const realRoots = roots.map(realOrResolved);
  if (![...given, ...realRoots].some((r) => isInside(written, r))) return `permission denied: ${verb} ${target} is not granted; ${how}`;
  const real = realTarget(target);
  if (!realRoots.some((r) => isInside(real, r))) return `permission denied: ${verb} ${target} is not granted: it is a symbolic link that leads to ${real}, outside the granted folders; ${how}`;
  return null;
}

function realOrResolved(p: string): string {
  try {
    return fs.realpathSync.native(path.resolve(p));
  } catch {
    return path.resolve(p);
  }
}

function readAll(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/** A check that failed to run (an unreadable folder on the way) is a refusal too. */
function guarded(check: () => string | null): string | null {
  try {
    return check();
  } catch (error) {
    return (error as Error).message;
  }
}

function refuse(reason: string): never {
  reportRefusal(reason);
  throw new Error(reason);
}

export function makeHost(request: ChildRequest): rt.Host {
  const positions = new SourcePositions(request.mappings);
  let buffer = '';
  const flush = (): void => {
    if (buffer.length > 0) fs.writeSync(1, buffer);
    buffer = '';
  };
  return {
    out(text) {
      buffer += text;
      if (buffer.length > 1 << 16) flush();
    },
    err(text) {
      flush();
      fs.writeSync(2, text);
    },
    flush,
    readFile(file) {
      const denied = guarded(() => deniedReason(file, request.allowRead, 'reading'));
      if (denied !== null) refuse(denied);
      // The real path, opened without following a link swapped in after the check.
      const fd = fs.openSync(realTarget(file), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
      try {
        return fs.readFileSync(fd, 'utf8');
      } finally {
        fs.closeSync(fd);
      }
    },
    writeFile(file, data) {
      const denied = guarded(() => deniedReason(file, request.allowWrite, 'writing'));
      if (denied !== null) refuse(denied);
      const fd = fs.openSync(realTarget(file), fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, 0o666);
      try {
        fs.writeFileSync(fd, data);
      } finally {
        fs.closeSync(fd);
      }
    },
    refused(reason) {
      reportRefusal(reason);
    },
    args: request.args,
    stdin: request.stdin,
    locate(stack) {
      for (const line of stack.split('\n')) {
        const m = new RegExp(`${PROGRAM_FILE.replace('.', '\\.')}:(\\d+):(\\d+)`).exec(line);
        if (m === null) continue;
        const pos = positions.lookup(Number(m[1]) - 1, Number(m[2]) - 1);
        if (pos !== null) return `${request.fileName}:${pos.line}:${pos.column}`;
      }
      return null;
    },
  };
}

/** Compiles the program body into a function of `$rt` inside a context with no Node globals. */
export function programFunction(js: string): (runtime: unknown) => number {
  const context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false } });
  return vm.compileFunction(js, ['$rt'], { parsingContext: context, filename: PROGRAM_FILE }) as (runtime: unknown) => number;
}

/** How long before the runner's deadline the program is stopped, to flush what it printed. */
const FLUSH_MARGIN_MS = 50;

/**
 * Calls the program under V8's own watchdog (vm's `timeout`), which stops it even inside
 * an endless loop shortly before the runner's deadline; then `onTimeout` runs (to flush the
 * buffered output) and this process waits for the runner's kill, which reports the time
 * limit as usual.
 */
export function callBeforeDeadline(program: (runtime: unknown) => number, runtime: unknown, deadline: number | undefined, onTimeout: () => void): number {
  if (deadline === undefined) return program(runtime);
  const context = vm.createContext(Object.assign(Object.create(null) as object, { program, runtime }));
  try {
    return new vm.Script('program(runtime)').runInContext(context, { timeout: Math.max(1, Math.floor(deadline - Date.now() - FLUSH_MARGIN_MS)) }) as number;
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
    onTimeout();
    // The runner kills this process at the deadline; should it not, leave on our own.
    const cell = new Int32Array(new SharedArrayBuffer(4));
    Atomics.wait(cell, 0, 0, Math.max(0, deadline - Date.now()) + 5000);
    fs.writeSync(2, 'Error: time limit exceeded\n');
    return 1;
  }
}

async function main(): Promise<void> {
  const request = JSON.parse(await readAll()) as ChildRequest;
  const host = makeHost(request);
  rt.setHost(host);
  Error.stackTraceLimit = 30;
  const program = programFunction(request.js);
  const status = callBeforeDeadline(program, Object.freeze({ ...rt }), request.deadline, () => host.flush());
  process.exitCode = status;
}

main().catch((error: unknown) => {
  fs.writeSync(2, `Error: ${rt.errorMessage(error)}\n`);
  process.exitCode = 1;
});
