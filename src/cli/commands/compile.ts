// `ruchy-agent compile FILE [--out OUT.js] [--source-map]`: compiles one Ruchy file to a
// JavaScript ES module (plus OUT.js.map). Diagnostics go to stderr in the same form as
// `check` (output.ts: header, code frame, colour rules); the output file is written
// atomically (a temporary file in the same folder, then a rename), and not at all when
// there are errors.

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { compile, installedRuntimeUrl } from '../../compiler/compile.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { LineIndex } from '../../syntax/positions.js';
import { createStyle, type Style } from '../color.js';
import { ExitCode } from '../exit-codes.js';
import { describeError, readSourceFile } from '../../workspace/files.js';
import { renderDiagnostic, renderFileError } from '../output.js';

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

export interface CompileCommandOptions {
  out?: string;
  sourceMap?: boolean;
  /** Colour the diagnostics (main.ts decides from the flags, the environment and stderr). */
  color?: boolean;
}

/** The source of `file`, or null after reporting why it cannot be read (same wording as `check`). */
export function readSource(file: string, io: CommandIo, style: Style): string | null {
  const source = readSourceFile(path.resolve(file));
  if ('error' in source) {
    io.stderr(renderFileError(file, source.error.replace(/^cannot read file:/, 'cannot read the file:'), style));
    return null;
  }
  return source.text;
}

/** Every diagnostic as `check` prints it; true when one of them is an error. */
export function reportDiagnostics(file: string, source: string, diagnostics: readonly Diagnostic[], io: CommandIo, style: Style): boolean {
  if (diagnostics.length === 0) return false;
  const lineIndex = new LineIndex(source);
  for (const d of diagnostics) io.stderr(`${renderDiagnostic(file, lineIndex, d, style)}\n`);
  return diagnostics.some((d) => d.severity === 'error');
}

/** Writes `data` to `target` through a temporary file and a rename. */
export async function writeAtomic(target: string, data: string): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(tmp, data, 'utf8');
    await fs.rename(tmp, target);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
}

export async function compileCommand(file: string, opts: CompileCommandOptions, io: CommandIo = processIo): Promise<number> {
  const style = createStyle(opts.color === true);
  const source = readSource(file, io, style);
  if (source === null) return ExitCode.Problems;
  const wantMap = opts.sourceMap ?? opts.out !== undefined;
  const result = compile(source, { fileName: path.basename(file), sourceMap: wantMap, runtimeUrl: installedRuntimeUrl() });
  const failed = reportDiagnostics(file, source, result.diagnostics, io, style);
  if (result.js === '' || failed) return ExitCode.Problems;
  if (opts.out === undefined) {
    let js = result.js;
    if (wantMap && result.map !== null) {
      js += `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(result.map)).toString('base64')}\n`;
    }
    io.stdout(js);
    return ExitCode.Ok;
  }
  try {
    let js = result.js;
    if (wantMap && result.map !== null) {
      const mapFile = `${opts.out}.map`;
      const map = { ...result.map, file: path.basename(opts.out), sources: [path.relative(path.dirname(path.resolve(opts.out)), path.resolve(file))] };
      await writeAtomic(mapFile, JSON.stringify(map));
      js += `//# sourceMappingURL=${path.basename(mapFile)}\n`;
    }
    await writeAtomic(opts.out, js);
  } catch (error) {
    io.stderr(renderFileError(opts.out, `cannot write the output: ${describeError(error)}`, style));
    return ExitCode.Problems;
  }
  return ExitCode.Ok;
}
