// The Ruchy formatter: format(text) prints a file in the one canonical style (close to
// rustfmt's), formatRange(text, start, end) the top-level statements that overlap a range.
// Used by the language service (LSP document and range formatting, the MCP `format` tool)
// and by `ruchy-agent fmt`.
//
// Guarantees: a file with syntax errors is returned unchanged (with its diagnostics); the
// output parses to the same tree (./format-printer.ts explains how); every comment is
// kept, in order; formatting twice gives what formatting once gives; the line endings of
// the input are kept. As a last safety net, the output must hold exactly the non-blank
// characters of the input, up to commas and semicolons (the only characters the printer
// adds or drops): a top-level statement that breaks this is printed as it was written.

import { parse } from '../../grammar/parse.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from './ast.js';
import { FormatPrinter } from './format-printer.js';

export interface FormatOptions {
  /** Spaces per indentation level (default 4). */
  indent?: number;
  /** Line width the printer aims for (default 100). */
  maxWidth?: number;
}

export interface FormatResult {
  text: string;
  changed: boolean;
  diagnostics: Diagnostic[];
}

export interface FormatEdit {
  start: number;
  end: number;
  text: string;
}

export const DEFAULT_INDENT = 4;
export const DEFAULT_MAX_WIDTH = 100;

export function format(text: string, options: FormatOptions = {}): FormatResult {
  const parsed = parse(text);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { text, changed: false, diagnostics: parsed.diagnostics };
  const printed = formatTree(text, parsed.ast, options);
  return { text: printed.text, changed: printed.text !== text, diagnostics: parsed.diagnostics };
}

/**
 * Edits that format the top-level statements overlapping [start, end) (or containing
 * `start` when the range is empty): none when the text has syntax errors or those
 * statements are already formatted. Offsets are those of `text`.
 */
export function formatRange(text: string, start: number, end: number, options: FormatOptions = {}): FormatEdit[] {
  const parsed = parse(text);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return [];
  const stmts = parsed.ast.stmts;
  let first = -1;
  let last = -1;
  stmts.forEach((stmt, i) => {
    const from = statementStart(stmt);
    const overlaps = start === end ? from <= start && start <= stmt.end : from < end && start < stmt.end;
    if (!overlaps) return;
    if (first < 0) first = i;
    last = i;
  });
  if (first < 0) return [];
  const printed = formatTree(text, parsed.ast, options);
  const outStart = printed.marks.get(2 * first);
  const outEnd = printed.marks.get(2 * last + 1);
  if (outStart === undefined || outEnd === undefined) return [];
  const inStart = statementStart(stmts[first]);
  const inEnd = stmts[last].end;
  const replacement = printed.text.slice(outStart, outEnd);
  if (replacement === text.slice(inStart, inEnd)) return [];
  return [{ start: inStart, end: inEnd, text: replacement }];
}

/** Where a top-level statement begins, its attributes included. */
function statementStart(stmt: A.Stmt): number {
  const attributes = (stmt as { attributes?: A.Attribute[] }).attributes;
  return attributes !== undefined && attributes.length > 0 && attributes[0].start < stmt.start ? attributes[0].start : stmt.start;
}

/** "\r\n" when most line breaks of the text are CRLF, else "\n". */
export function lineEnding(text: string): string {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Formats a file that parsed without errors; `marks` locate each top-level statement in the output. */
export function formatTree(text: string, ast: A.SourceFile, options: FormatOptions = {}): { text: string; marks: Map<number, number> } {
  const indent = validNumber(options.indent, DEFAULT_INDENT, 0, 16);
  const maxWidth = validNumber(options.maxWidth, DEFAULT_MAX_WIDTH, 10, 10_000);
  const printer = new FormatPrinter(text, ast, { indent, maxWidth, eol: lineEnding(text) });
  const unchanged = { text, marks: new Map<number, number>() };
  const expected = significant(text);
  for (let attempt = 0; attempt <= ast.stmts.length && attempt < 16; attempt++) {
    let printed: { text: string; marks: Map<number, number> };
    try {
      printed = printer.print(printer.printFile());
    } catch {
      // A construct the printer cannot handle outside any statement (FALLBACK), input
      // nested deeper than the stack, or a bug: the text stays as it is.
      return unchanged;
    }
    const actual = significant(printed.text);
    if (actual === expected) return printed;
    // Lost or changed text: print the statements around the first difference verbatim.
    let at = 0;
    while (at < actual.length && actual[at] === expected[at]) at++;
    const culprits = [
      statementAt(ast, offsetOfSignificant(text, at)),
      statementAtOutput(printed.marks, ast.stmts.length, offsetOfSignificant(printed.text, at)),
    ].filter((i) => i >= 0 && !printer.verbatimTop.has(i));
    if (culprits.length === 0) return unchanged;
    for (const i of culprits) printer.verbatimTop.add(i);
  }
  return unchanged;
}

function validNumber(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

/** The characters the printer must keep: all but blanks, commas and semicolons. */
function significant(text: string): string {
  return text.replace(/[ \t\n\r,;]+/g, '');
}

/** The offset in `text` of its `index`-th significant character (text.length past the last). */
function offsetOfSignificant(text: string, index: number): number {
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',' || c === ';') continue;
    if (seen === index) return i;
    seen++;
  }
  return text.length;
}

function statementAt(ast: A.SourceFile, offset: number): number {
  let found = -1;
  ast.stmts.forEach((stmt, i) => {
    if (statementStart(stmt) <= offset) found = i;
  });
  return found;
}

function statementAtOutput(marks: Map<number, number>, count: number, offset: number): number {
  let found = -1;
  for (let i = 0; i < count; i++) {
    const start = marks.get(2 * i);
    if (start !== undefined && start <= offset) found = i;
  }
  return found;
}
