// How `check` results look: the human form (one header per diagnostic, a code frame, a
// summary line) and the `--json` document. Every function here is pure and returns a
// string or plain data; the command decides when to write it.
//
// Human form, one diagnostic:
//   src/main.ruchy:2:19: error[R0003]: expected `)` to close the `(` opened at 2:13
//    2 |     let x = (1 + 2
//      |                   ^
//
// Lines and columns are one-based, columns in code points (LineIndex.humanPosition);
// JSON also carries the raw UTF-16 offsets for tools that index JavaScript strings.

import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import type { LineIndex } from '../syntax/positions.js';
import { codeFrame, escapeText } from './code-frame.js';
import { severityPaint, type Style } from './color.js';

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
}

export function emptySummary(): Summary {
  return { files: 0, errors: 0, warnings: 0, infos: 0, hints: 0 };
}

/** The summary after one more file with these diagnostics (or one that could not be read). */
export function addFile(summary: Summary, diagnostics: readonly Diagnostic[], unreadable: boolean): Summary {
  const next = { ...summary, files: summary.files + 1 };
  if (unreadable) next.errors++;
  for (const d of diagnostics) next[countKey(d.severity)]++;
  return next;
}

function countKey(severity: Severity): 'errors' | 'warnings' | 'infos' | 'hints' {
  switch (severity) {
    case 'error':
      return 'errors';
    case 'warning':
      return 'warnings';
    case 'info':
      return 'infos';
    case 'hint':
      return 'hints';
  }
}

// ---------------------------------------------------------------- human form

/** `file:line:col: severity[CODE]: message`, then the code frame. */
export function renderDiagnostic(file: string, lineIndex: LineIndex, diagnostic: Diagnostic, style: Style): string {
  const { line, column } = lineIndex.humanPosition(diagnostic.start);
  const paint = severityPaint(style, diagnostic.severity);
  const location = `${escapeText(file)}:${line}:${column}:`;
  const tag = paint(`${diagnostic.severity}[${diagnostic.code}]`);
  const header = style.bold(`${location} ${tag}: ${escapeText(diagnostic.message)}`);
  return `${header}\n${codeFrame(lineIndex, diagnostic.start, diagnostic.end, style, (text) => style.bold(paint(text)))}`;
}

/** A file that could not be checked: `file: error: reason`. */
export function renderFileError(file: string, reason: string, style: Style): string {
  return `${style.bold(`${escapeText(file)}: ${style.red('error')}: ${escapeText(reason)}`)}\n`;
}

/** `checked 3 files: 2 errors, 1 warning` or `checked 1 file: no problems`. */
export function renderSummary(summary: Summary, style: Style): string {
  const counts = [
    summary.errors > 0 ? style.red(plural(summary.errors, 'error')) : '',
    summary.warnings > 0 ? style.yellow(plural(summary.warnings, 'warning')) : '',
    summary.infos > 0 ? `${summary.infos} info` : '',
    summary.hints > 0 ? plural(summary.hints, 'hint') : '',
  ].filter((part) => part !== '');
  const outcome = counts.length > 0 ? counts.join(', ') : 'no problems';
  return `${style.bold(`checked ${plural(summary.files, 'file')}:`)} ${outcome}\n`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A command-line mistake, for stderr: `ruchy-agent: message`. */
export function renderUsageError(message: string): string {
  return `ruchy-agent: ${escapeText(message)}\n`;
}

/** A bug in ruchy-agent, for stderr, with its stack so it can be reported. */
export function renderInternalError(error: unknown): string {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `ruchy-agent: internal error (please report it): ${detail}\n`;
}

// ---------------------------------------------------------------- --json form

export interface JsonPosition {
  line: number;
  column: number;
}

export interface JsonDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: { start: JsonPosition; end: JsonPosition };
  /** UTF-16 code-unit offsets into the file's text (after a UTF-8 BOM, if any). */
  offset: { start: number; end: number };
}

export interface JsonFileReport {
  path: string;
  diagnostics: JsonDiagnostic[];
  /** Present when the file could not be read; it then counts as one error. */
  error?: string;
}

export interface JsonReport {
  files: JsonFileReport[];
  summary: { files: number; errors: number; warnings: number };
}

export function toJsonDiagnostic(lineIndex: LineIndex, diagnostic: Diagnostic): JsonDiagnostic {
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    range: { start: lineIndex.humanPosition(diagnostic.start), end: lineIndex.humanPosition(diagnostic.end) },
    offset: { start: diagnostic.start, end: diagnostic.end },
  };
}

export function toJsonFile(path: string, lineIndex: LineIndex, diagnostics: readonly Diagnostic[]): JsonFileReport {
  return { path, diagnostics: diagnostics.map((d) => toJsonDiagnostic(lineIndex, d)) };
}

export function toJsonFileError(path: string, reason: string): JsonFileReport {
  return { path, diagnostics: [], error: reason };
}

export function renderJson(files: readonly JsonFileReport[], summary: Summary): string {
  const report: JsonReport = {
    files: [...files],
    summary: { files: summary.files, errors: summary.errors, warnings: summary.warnings },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
