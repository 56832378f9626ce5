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
}

export const PROGRAM_FILE = 'ruchy-program.js';

function inside(target: string, roots: readonly string[]): boolean {
  const full = path.resolve(target);
  return roots.some((root) => {
    const r = path.resolve(root);
    return full === r || full.startsWith(r.endsWith(path.sep) ? r : r + path.sep);
  });
}

function readAll(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
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
      if (!inside(file, request.allowRead)) throw new Error(`permission denied: reading ${file} is not granted`);
      return fs.readFileSync(file, 'utf8');
    },
    writeFile(file, data) {
      if (!inside(file, request.allowWrite)) throw new Error(`permission denied: writing ${file} is not granted`);
      fs.writeFileSync(file, data);
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

async function main(): Promise<void> {
  const request = JSON.parse(await readAll()) as ChildRequest;
  rt.setHost(makeHost(request));
  Error.stackTraceLimit = 30;
  const program = programFunction(request.js);
  const status = program(Object.freeze({ ...rt }));
  process.exitCode = status;
}

main().catch((error: unknown) => {
  fs.writeSync(2, `Error: ${rt.errorMessage(error)}\n`);
  process.exitCode = 1;
});
