// Converts the language service's plain data (UTF-16 offsets into a file's text) to what
// MCP tools show a model: paths relative to the workspace root and 1-based lines and
// columns counted in Unicode code points, and back. The only offset arithmetic is
// LineIndex's (src/syntax/positions.ts).

import type { Diagnostic } from '../../src/service/types.js';
import type { LineIndex } from '../../src/syntax/positions.js';

export interface Range1 {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
}

export interface LocationOut extends Range1 {
  path: string;
}

export interface DiagnosticOut extends LocationOut {
  severity: Diagnostic['severity'];
  code: string;
  message: string;
}

export function rangeOf(lines: LineIndex, start: number, end: number): Range1 {
  const a = lines.humanPosition(start);
  const b = lines.humanPosition(end);
  return { line: a.line, column: a.column, end_line: b.line, end_column: b.column };
}

export function diagnosticOut(lines: LineIndex, path: string, d: Diagnostic): DiagnosticOut {
  return { path, ...rangeOf(lines, d.start, d.end), severity: d.severity, code: d.code, message: d.message };
}

/** `path:line:column: severity[CODE]: message`, as the CLI prints it. */
export function diagnosticLine(d: DiagnosticOut): string {
  return `${d.path}:${d.line}:${d.column}: ${d.severity}[${d.code}]: ${d.message}`;
}

export function locationLine(l: LocationOut): string {
  return `${l.path}:${l.line}:${l.column}`;
}

/**
 * A 1-based line and column (code points) -> offset, or why the position is not in the
 * file. The column may be one past the end of the line (the position after its last character).
 */
export function offsetOf(lines: LineIndex, line: number, column: number): { offset: number } | { error: string } {
  if (!Number.isInteger(line) || line < 1) return { error: `line must be a whole number from 1, got ${line}` };
  if (!Number.isInteger(column) || column < 1) return { error: `column must be a whole number from 1, got ${column}` };
  if (line > lines.lineCount) return { error: `line ${line} is past the end of the file, which has ${lines.lineCount} line${lines.lineCount === 1 ? '' : 's'}` };
  const text = lines.lineText(line - 1);
  const width = [...text].length;
  if (column > width + 1) return { error: `column ${column} is past the end of line ${line}, which has ${width} character${width === 1 ? '' : 's'}: ${JSON.stringify(text)}` };
  return { offset: lines.offsetAt({ line: line - 1, character: column - 1 }, 'utf-32') };
}

/** Severity order for filtering and counting. */
export const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
  hint: number;
}

export function countSeverities(diagnostics: readonly { severity: Diagnostic['severity'] }[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
