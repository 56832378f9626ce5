// `ruchy-agent fmt [--check | --write] PATH...`: formats Ruchy files with the formatter of
// src/syntax/format.ts. Folders are searched recursively for *.ruchy (src/workspace/files.ts).
//
// - Default: one file prints its formatted text on stdout; several files print a
//   unified diff of each file that would change, then a summary.
// - --check: prints the files that would change, one per line; exit 1 if there is one.
// - --write: replaces each file that changes through a temporary file in the same folder
//   and a rename (atomic: a reader sees the old text or the new, never a mix), keeping
//   the file's mode and byte-order mark; prints the files it rewrote.
// Files with syntax errors are never touched: their diagnostics go to stderr as
// `file:line:col: error[CODE]: message` (with the code frame `check` prints) and the
// exit status is 1. Paths that do not exist are reported and give exit status 2.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FormatOptions, FormatResult } from '../../syntax/format.js';
import { LineIndex } from '../../syntax/positions.js';
import { createStyle, type Style } from '../color.js';
import { ExitCode } from '../exit-codes.js';
import { collectFiles, decodeSource, describeError, type Target } from '../../workspace/files.js';
import { plural, renderDiagnostic, renderFileError, renderUsageError } from '../output.js';

export interface FmtCommandOptions extends FormatOptions {
  /** List the files that would change; change nothing. */
  check?: boolean;
  /** Rewrite the files that change. */
  write?: boolean;
  /** Colour the diagnostics on stderr. */
  color?: boolean;
}

/** Where the command reads and writes; main.ts passes the real process. */
export interface FmtIo {
  /** Folder relative paths are resolved against (default: the process's). */
  cwd?: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processFmtIo: FmtIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** Help text for main.ts (`ruchy-agent help fmt`). */
export const FMT_HELP = `
Without --check or --write, one file is printed formatted on stdout; several files are
shown as a unified diff of what would change.

  --check   list the files that would change (exit status 1 if there is any)
  --write   rewrite the files that change, atomically (temporary file, then rename)

Files with syntax errors are never changed: their errors are reported on stderr.

Exit status:
  0  done (--check: every file is formatted)
  1  a file would change (--check), has syntax errors, or could not be read or written
  2  usage error, such as a path that does not exist`;

type Outcome =
  | { kind: 'unchanged'; display: string; text: string }
  | { kind: 'changed'; display: string; before: string; after: string; absolute: string; bom: boolean }
  | { kind: 'failed' };

export async function fmtCommand(paths: string[], opts: FmtCommandOptions, io: FmtIo = processFmtIo): Promise<number> {
  const style = createStyle(opts.color === true);
  if (opts.check === true && opts.write === true) {
    io.stderr(renderUsageError('--check and --write cannot be used together'));
    return ExitCode.Usage;
  }
  const cwd = io.cwd ?? process.cwd();
  const { targets, missing } = collectFiles(paths.length > 0 ? paths : ['.'], cwd);
  const options: FormatOptions = { indent: opts.indent, maxWidth: opts.maxWidth };
  // Loaded on use, so that importing this module (for FMT_HELP) does not build the parser.
  const { format } = await import('../../syntax/format.js');
  let failed = false;
  const outcomes: Outcome[] = [];
  for (const target of targets) {
    const outcome = formatTarget(target, (text) => format(text, options), io, style);
    if (outcome.kind === 'failed') failed = true;
    outcomes.push(outcome);
  }
  const changed = outcomes.filter((o): o is Extract<Outcome, { kind: 'changed' }> => o.kind === 'changed');
  const formatted = outcomes.filter((o) => o.kind !== 'failed').length;

  if (opts.check === true) {
    for (const o of changed) io.stdout(`${o.display}\n`);
    if (changed.length > 0) io.stderr(`${plural(changed.length, 'file')} would be reformatted, ${formatted - changed.length} already formatted\n`);
  } else if (opts.write === true) {
    for (const o of changed) {
      try {
        writeAtomically(o.absolute, (o.bom ? '\uFEFF' : '') + o.after);
        io.stdout(`${o.display}\n`);
      } catch (error) {
        io.stderr(renderFileError(o.display, `cannot write the file: ${describeError(error)}`, style));
        failed = true;
      }
    }
    if (formatted > 0) io.stderr(`reformatted ${plural(changed.length, 'file')}, ${formatted - changed.length} already formatted\n`);
  } else if (targets.length === 1 && missing.length === 0) {
    const only = outcomes[0];
    if (only.kind === 'changed') io.stdout(only.after);
    else if (only.kind === 'unchanged') io.stdout(only.text);
  } else {
    for (const o of changed) io.stdout(unifiedDiff(o.display, o.before, o.after));
    if (formatted > 0) io.stderr(`${plural(changed.length, 'file')} would be reformatted, ${formatted - changed.length} already formatted\n`);
  }

  for (const given of missing) io.stderr(renderUsageError(`${given}: no such file or directory`));
  if (missing.length > 0) return ExitCode.Usage;
  if (failed) return ExitCode.Problems;
  if (opts.check === true && changed.length > 0) return ExitCode.Problems;
  return ExitCode.Ok;
}

function formatTarget(target: Target, format: (text: string) => FormatResult, io: FmtIo, style: Style): Outcome {
  if (target.kind === 'unreadable') {
    io.stderr(renderFileError(target.display, target.reason, style));
    return { kind: 'failed' };
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(target.absolute);
  } catch (error) {
    io.stderr(renderFileError(target.display, `cannot read file: ${describeError(error)}`, style));
    return { kind: 'failed' };
  }
  const source = decodeSource(bytes);
  if ('error' in source) {
    io.stderr(renderFileError(target.display, source.error, style));
    return { kind: 'failed' };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const result = format(source.text);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const lineIndex = new LineIndex(source.text);
    for (const d of errors) io.stderr(`${renderDiagnostic(target.display, lineIndex, d, style)}\n`);
    return { kind: 'failed' };
  }
  if (!result.changed) return { kind: 'unchanged', display: target.display, text: source.text };
  return { kind: 'changed', display: target.display, before: source.text, after: result.text, absolute: target.absolute, bom };
}

/**
 * Replaces a file's content atomically: a temporary file in the same folder (same file
 * system, so the rename is atomic), with the original's permissions, renamed over the
 * real file (through a symbolic link, the file it points to).
 */
export function writeAtomically(file: string, text: string): void {
  const target = fs.realpathSync(file);
  const mode = fs.statSync(target).mode & 0o7777;
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.fmt.tmp`);
  try {
    fs.writeFileSync(temporary, text, { encoding: 'utf8', mode, flag: 'wx' });
    fs.chmodSync(temporary, mode);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------- unified diff

/** A unified diff of two texts (three lines of context), as `diff -u` prints it. */
export function unifiedDiff(file: string, before: string, after: string): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const out: string[] = [`--- ${file}\n`, `+++ ${file} (formatted)\n`];
  const context = 3;
  // Indexes into `ops` of the changes, grouped into hunks.
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === 'same') {
      i++;
      continue;
    }
    let start = i;
    let back = 0;
    while (start > 0 && ops[start - 1].kind === 'same' && back < context) {
      start--;
      back++;
    }
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end].kind !== 'same') end++;
      let run = 0;
      while (end + run < ops.length && ops[end + run].kind === 'same') run++;
      if (end + run < ops.length && run <= 2 * context) {
        end += run;
        continue;
      }
      end += Math.min(run, context);
      break;
    }
    const hunk = ops.slice(start, end);
    const aStart = hunk[0].a;
    const bStart = hunk[0].b;
    const aCount = hunk.filter((o) => o.kind !== 'insert').length;
    const bCount = hunk.filter((o) => o.kind !== 'delete').length;
    out.push(`@@ -${aCount === 0 ? aStart : aStart + 1},${aCount} +${bCount === 0 ? bStart : bStart + 1},${bCount} @@\n`);
    for (const o of hunk) {
      if (o.kind === 'same') out.push(` ${a[o.a]}`);
      else if (o.kind === 'delete') out.push(`-${a[o.a]}`);
      else out.push(`+${b[o.b]}`);
      const last = out[out.length - 1];
      if (!last.endsWith('\n')) out[out.length - 1] = `${last}\n\\ No newline at end of file\n`;
    }
    i = end;
  }
  return out.join('');
}

function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}

type DiffOp = { kind: 'same' | 'delete' | 'insert'; a: number; b: number };

/** Myers' O(ND) line diff; past a few thousand differences, the whole text is replaced. */
function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, 4000);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) {
    return [...a.map((_, i): DiffOp => ({ kind: 'delete', a: i, b: 0 })), ...b.map((_, j): DiffOp => ({ kind: 'insert', a: n, b: j }))];
  }
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const previous = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && previous[offset + k - 1] < previous[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = previous[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: 'same', a: x, b: y });
    }
    if (x === prevX) {
      y--;
      ops.push({ kind: 'insert', a: x, b: y });
    } else {
      x--;
      ops.push({ kind: 'delete', a: x, b: y });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    ops.push({ kind: 'same', a: x, b: y });
  }
  return ops.reverse();
}
