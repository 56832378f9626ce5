// `ruchy-agent run FILE [--timeout MS] [--allow-read DIR] [--allow-write DIR] [-- ARGS]`:
// compiles and runs one Ruchy file in the sandbox of src/compiler/run.ts, prints what the
// program printed, and returns the program's exit status. Compile diagnostics are printed
// as `check` prints them (header, code frame, colour rules); on an error the program does
// not run. The program reads this process's stdin when it is a pipe or a file (never a
// terminal).

import * as path from 'node:path';
import { compile } from '../../compiler/compile.js';
import { run } from '../../compiler/run.js';
import { createStyle } from '../color.js';
import { ExitCode } from '../exit-codes.js';
import { processIo, readSource, reportDiagnostics, type CommandIo } from './compile.js';

export interface RunIo extends CommandIo {
  /** The program's stdin ('' when there is none). */
  readStdin(): Promise<string>;
}

async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const processRunIo: RunIo = { ...processIo, readStdin: readProcessStdin };

export interface RunCommandOptions {
  timeout?: number;
  memory?: number;
  allowRead?: string[];
  allowWrite?: string[];
  args?: string[];
  /** Colour the diagnostics (main.ts decides from the flags, the environment and stderr). */
  color?: boolean;
}

export async function runCommand(file: string, opts: RunCommandOptions, io: RunIo = processRunIo): Promise<number> {
  const style = createStyle(opts.color === true);
  const source = readSource(file, io, style);
  if (source === null) return ExitCode.Problems;
  // Warnings are shown before the run; errors stop it.
  const checked = compile(source, { fileName: path.basename(file), sourceMap: false });
  const failed = reportDiagnostics(file, source, checked.diagnostics, io, style);
  if (checked.js === '' || failed) return ExitCode.Problems;
  const result = await run(source, {
    timeoutMs: opts.timeout,
    memoryMb: opts.memory,
    allowRead: opts.allowRead,
    allowWrite: opts.allowWrite,
    args: opts.args,
    stdin: await io.readStdin(),
    fileName: file,
  });
  if (result.stdout !== '') io.stdout(result.stdout);
  if (result.stderr !== '') io.stderr(result.stderr);
  return result.exitCode;
}
