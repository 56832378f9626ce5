// run(source, limits): compile a Ruchy program and run it in a sandbox.
//
// Why this mechanism: `node:vm` alone is not a security boundary (an object from the host
// realm leads back to the host's Function constructor), and a worker thread shares the
// process, its file system rights and its fate (an infinite loop or a memory bomb takes
// the host down with it). So the program runs in a CHILD PROCESS of node, and that child is
// locked down in layers:
//   1. Node's permission model (`--experimental-permission`, Node 20): the child may read
//      only the compiled runtime's folder plus the folders the caller grants
//      (`allowRead`), write only granted folders (`allowWrite`); no `--allow-child-process`,
//      no `--allow-worker`, so it cannot spawn processes or threads.
//   2. `--disallow-code-generation-from-strings`: no eval / new Function anywhere in the
//      child, and the program's vm context also forbids code generation (strings and wasm).
//   3. The program is evaluated by `vm.compileFunction` in a fresh context whose global
//      object is empty: `process`, `require`, `import()` (no dynamic-import hook is given)
//      and every Node API are absent there. Its only handle on the outside is the runtime
//      library, passed as `$rt`; file builtins go through the runtime host, which checks
//      the granted folders again.
//   4. Ruchy source cannot emit arbitrary JavaScript: every identifier it declares is
//      mangled, names it does not declare never become JS identifiers, and fields and
//      methods go through runtime lookups on Ruchy values only (no JS property reflection),
//      so `globalThis`, `constructor` chains or `Function` are not expressible.
//   5. Limits enforced from outside: `--max-old-space-size` (memory bomb -> the child dies,
//      reported as "memory limit of N MB exceeded"), a wall-clock timer that SIGKILLs the
//      child ("time limit of N ms exceeded"), and a cap on collected output. The host
//      process only waits on a pipe, so it survives all of these.
//
// `runInProcess` runs the same compiled code in the calling process, without any of the
// isolation: it exists for fast tests of output and semantics, never for untrusted code.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { Codes, format } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compile } from './compile.js';
import * as rt from './runtime/index.js';
import type { ChildRequest } from './sandbox-child.js';
import { SourcePositions } from './sourcemap.js';

export interface RunLimits {
  timeoutMs?: number;
  memoryMb?: number;
  allowRead?: string[];
  allowWrite?: string[];
  args?: string[];
  stdin?: string;
  /** Shown in error locations (`main.ruchy:3:5`). */
  fileName?: string;
  /** Cap on collected stdout + stderr, in bytes (default 16 MiB). */
  maxOutputBytes?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
  timedOut: boolean;
  diagnostics: Diagnostic[];
  /**
   * What the sandbox refused during the run, one reason each (a file outside the granted
   * folders, a JavaScript or Node.js name, a limit reached): for the caller to log.
   */
  refusals: string[];
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MEMORY_MB = 256;

/** The compiled child script: next to this module in dist/, or in dist/ when this module runs from source (tests). */
function childScript(): string {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(dir, 'sandbox-child.js');
  if (fs.existsSync(beside)) return beside;
  return path.resolve(dir, '../../dist/src/compiler/sandbox-child.js');
}

const CHILD = childScript();
/** The folder the child may read: its own script and the runtime library. */
const here = path.dirname(CHILD);

function diagnosticLines(diagnostics: readonly Diagnostic[], fileName: string, source: string): string {
  const lines: string[] = [];
  for (const d of diagnostics) {
    if (d.severity !== 'error') continue;
    const before = source.slice(0, d.start);
    const line = before.split('\n').length;
    const column = d.start - before.lastIndexOf('\n');
    lines.push(`${fileName}:${line}:${column}: error[${d.code}]: ${d.message}\n`);
  }
  return lines.join('');
}

export async function run(source: string, limits: RunLimits = {}): Promise<RunResult> {
  const started = performance.now();
  const fileName = limits.fileName ?? 'main.ruchy';
  const compiled = compile(source, { fileName, format: 'function', sourceMap: false });
  const diagnostics = compiled.diagnostics;
  if (compiled.js === '' || diagnostics.some((d) => d.severity === 'error')) {
    return {
      stdout: '',
      stderr: diagnosticLines(diagnostics, fileName, source),
      exitCode: 1,
      durationMs: performance.now() - started,
      timedOut: false,
      diagnostics,
      refusals: [],
    };
  }
  const timeoutMs = limits.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const memoryMb = limits.memoryMb ?? DEFAULT_MEMORY_MB;
  const allowRead = (limits.allowRead ?? []).map((p) => path.resolve(p));
  const allowWrite = (limits.allowWrite ?? []).map((p) => path.resolve(p));
  const request: ChildRequest = {
    js: compiled.js,
    fileName,
    mappings: compiled.mappings,
    args: limits.args ?? [],
    stdin: limits.stdin ?? '',
    allowRead,
    allowWrite,
    deadline: Date.now() + timeoutMs,
  };
  // Each folder as given and as its real path (the child opens real paths); written
  // folders are readable to Node so that the child can resolve paths in them (the
  // runtime host still refuses to read them unless they are granted for reading).
  const withReal = (folders: string[]): string[] => [...new Set(folders.flatMap((p) => [p, realOrSame(p)]))];
  const nodeArgs = [
    '--experimental-permission',
    // One flag per path: Node 20 does not split a comma-separated list.
    ...withReal([here, ...allowRead, ...allowWrite]).map((p) => `--allow-fs-read=${p}`),
    ...withReal(allowWrite).map((p) => `--allow-fs-write=${p}`),
    `--max-old-space-size=${Math.max(16, Math.floor(memoryMb))}`,
    '--disallow-code-generation-from-strings',
    '--no-warnings',
    CHILD,
  ];
  const maxOutput = limits.maxOutputBytes ?? 16 * 1024 * 1024;

  return new Promise<RunResult>((resolve) => {
    // fd 3: the child's refusal reports (REFUSAL_FD), one JSON line each.
    const child = spawn(process.execPath, nodeArgs, { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], env: {} });
    const refusals: string[] = [];
    let refusalText = '';
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      refusalText += chunk.toString('utf8');
      let nl: number;
      while ((nl = refusalText.indexOf('\n')) >= 0) {
        const line = refusalText.slice(0, nl);
        refusalText = refusalText.slice(nl + 1);
        try {
          const reason = (JSON.parse(line) as { refused?: unknown }).refused;
          if (typeof reason === 'string' && refusals.length < 100) refusals.push(reason);
        } catch {
          // not a report: ignored
        }
      }
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let overflowed = false;
    const collect = (into: Buffer[]) => (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxOutput) {
        if (!overflowed) {
          overflowed = true;
          child.kill('SIGKILL');
        }
        return;
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(request));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let stderr = Buffer.concat(err).toString('utf8');
      let exitCode = code ?? 1;
      if (timedOut) {
        const reason = format(Codes.RunTimeLimit.template, { limit: timeoutMs });
        stderr += `Error: ${reason}\n`;
        refusals.push(reason);
        exitCode = 1;
      } else if (overflowed) {
        const reason = `output limit of ${maxOutput} bytes exceeded`;
        stderr += `Error: ${reason}\n`;
        refusals.push(reason);
        exitCode = 1;
      } else if (/heap out of memory|Reached heap limit|allocation failed/i.test(stderr) || signal === 'SIGABRT' || code === 134) {
        // V8 prints its own fatal-error report; replace it with one clear line.
        stderr = stderr.replace(/\n?<--- Last few GCs --->[\s\S]*$/, '').replace(/^FATAL ERROR:[\s\S]*$/m, '');
        const reason = format(Codes.RunMemoryLimit.template, { limit: memoryMb });
        stderr += `Error: ${reason}\n`;
        refusals.push(reason);
        exitCode = 1;
      } else if (signal !== null) {
        stderr += `Error: the program was stopped by ${signal}\n`;
        exitCode = 1;
      }
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
        exitCode,
        durationMs: performance.now() - started,
        timedOut,
        diagnostics,
        refusals,
      });
    });
  });
}

function realOrSame(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}

export interface InProcessResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  diagnostics: Diagnostic[];
}

/**
 * Runs a program in this process (NOT sandboxed: tests and trusted code only), with the
 * same compiled code and runtime as `run`, capturing its output.
 */
export function runInProcess(source: string, options: { stdin?: string; args?: string[]; fileName?: string } = {}): InProcessResult {
  const fileName = options.fileName ?? 'main.ruchy';
  const compiled = compile(source, { fileName, format: 'function', sourceMap: false });
  if (compiled.js === '' || compiled.diagnostics.some((d) => d.severity === 'error')) {
    return { stdout: '', stderr: diagnosticLines(compiled.diagnostics, fileName, source), exitCode: 1, diagnostics: compiled.diagnostics };
  }
  const host = rt.memoryHost({ stdin: options.stdin, args: options.args });
  const positions = new SourcePositions(compiled.mappings);
  host.locate = (stack: string): string | null => {
    for (const line of stack.split('\n')) {
      const m = /ruchy-in-process\.js:(\d+):(\d+)/.exec(line);
      if (m === null) continue;
      const pos = positions.lookup(Number(m[1]) - 1, Number(m[2]) - 1);
      if (pos !== null) return `${fileName}:${pos.line}:${pos.column}`;
    }
    return null;
  };
  rt.setHost(host);
  const program = vm.compileFunction(compiled.js, ['$rt'], { filename: 'ruchy-in-process.js' }) as (r: unknown) => number;
  const exitCode = program(rt);
  return { stdout: host.stdout, stderr: host.stderr, exitCode, diagnostics: compiled.diagnostics };
}
