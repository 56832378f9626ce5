// Draws the source line under a diagnostic, with a line-number gutter and carets under
// the range:
//
//    2 |     let x = (1 + 2
//      |                   ^
//
// Columns are counted by LineIndex in code points; this file only decides how wide each
// code point is on a terminal, so the carets line up: tabs expand to the next multiple of
// TAB_WIDTH, East Asian wide characters and emoji take two cells, combining marks none,
// and control or bidirectional-override characters are shown escaped (a file must not be
// able to drive the user's terminal). Lines wider than MAX_FRAME_WIDTH are cut to a
// window around the range. Pure: returns a string.

import type { LineIndex } from '../syntax/positions.js';
import type { Paint, Style } from './color.js';

export const TAB_WIDTH = 4;
export const MAX_FRAME_WIDTH = 160;
/** Cells shown before the range when a long line is cut. */
const WINDOW_CONTEXT = 40;
const ELLIPSIS = '…';

/** One code point of a source line as it appears on the terminal. */
export interface Cell {
  text: string;
  width: number;
}

/** A range within one line, in code points, end exclusive. */
export interface LineRange {
  /** Zero-based line. */
  line: number;
  startColumn: number;
  endColumn: number;
}

/**
 * The part of [start, end) that lies on the line of `start`: a range running into later
 * lines is underlined to the end of its first line.
 */
export function lineRangeOf(lineIndex: LineIndex, start: number, end: number): LineRange {
  const from = lineIndex.humanPosition(start);
  const to = lineIndex.humanPosition(Math.max(start, end));
  const line = from.line - 1;
  const endColumn = to.line === from.line ? to.column - 1 : codePointLength(lineIndex.lineText(line));
  return { line, startColumn: from.column - 1, endColumn };
}

/** The two lines (source and carets) of a frame, each ending in a newline. */
export function codeFrame(lineIndex: LineIndex, start: number, end: number, style: Style, caretPaint: Paint): string {
  const range = lineRangeOf(lineIndex, start, end);
  return renderFrame(range.line + 1, lineIndex.lineText(range.line), range.startColumn, range.endColumn, style, caretPaint);
}

export function renderFrame(
  lineNumber: number,
  lineText: string,
  startColumn: number,
  endColumn: number,
  style: Style,
  caretPaint: Paint,
): string {
  const cells = toCells(lineText);
  const view = caretView(cells, startColumn, endColumn);
  const number = String(lineNumber);
  const sourceGutter = style.dim(`${number} |`);
  const caretGutter = style.dim(`${' '.repeat(number.length)} |`);
  const source = view.text === '' ? ` ${sourceGutter}` : ` ${sourceGutter} ${view.text}`;
  const carets = ` ${caretGutter} ${' '.repeat(view.caretPad)}${caretPaint('^'.repeat(view.caretWidth))}`;
  return `${source}\n${carets}\n`;
}

interface CaretView {
  /** The (possibly cut) line as displayed. */
  text: string;
  /** Cells before the first caret. */
  caretPad: number;
  /** At least 1. */
  caretWidth: number;
}

/** Where the carets go under the displayed line, cutting the line to a window if it is too wide. */
export function caretView(cells: readonly Cell[], startColumn: number, endColumn: number): CaretView {
  const starts = cellStarts(cells);
  const n = cells.length;
  const caretStart = starts[clamp(startColumn, 0, n)];
  const caretEnd = starts[clamp(endColumn, 0, n)];
  const total = starts[n];
  if (total <= MAX_FRAME_WIDTH) {
    return { text: join(cells, 0, n), caretPad: caretStart, caretWidth: Math.max(1, caretEnd - caretStart) };
  }
  let from = 0;
  while (from < n && starts[from] < caretStart - WINDOW_CONTEXT) from++;
  // Near the end of the line, show more of what comes before instead of empty space.
  while (from > 0 && total - starts[from - 1] <= MAX_FRAME_WIDTH - ELLIPSIS.length) from--;
  const prefix = from > 0 ? ELLIPSIS : '';
  let to = n;
  if (total - starts[from] > MAX_FRAME_WIDTH - prefix.length) {
    const budget = MAX_FRAME_WIDTH - prefix.length - ELLIPSIS.length;
    to = from;
    while (to < n && starts[to + 1] - starts[from] <= budget) to++;
  }
  const suffix = to < n ? ELLIPSIS : '';
  const visibleEnd = to < n ? starts[to] : total;
  const caretWidth = Math.max(1, Math.min(caretEnd, visibleEnd) - caretStart);
  return {
    text: prefix + join(cells, from, to) + suffix,
    caretPad: prefix.length + caretStart - starts[from],
    caretWidth,
  };
}

/** Cell index at which each code point starts; one more entry for the end of the line. */
function cellStarts(cells: readonly Cell[]): number[] {
  const starts = [0];
  for (const cell of cells) starts.push(starts[starts.length - 1] + cell.width);
  return starts;
}

function join(cells: readonly Cell[], from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) text += cells[i].text;
  return text;
}

/** Each code point of `line` as the terminal shows it. */
export function toCells(line: string, tabWidth: number = TAB_WIDTH): Cell[] {
  const cells: Cell[] = [];
  let column = 0;
  for (const char of line) {
    const cell = char === '\t' ? tabCell(column, tabWidth) : charCell(char);
    cells.push(cell);
    column += cell.width;
  }
  return cells;
}

function tabCell(column: number, tabWidth: number): Cell {
  const width = tabWidth - (column % tabWidth);
  return { text: ' '.repeat(width), width };
}

function charCell(char: string): Cell {
  const escaped = escapeInvisible(char);
  if (escaped !== char) return { text: escaped, width: escaped.length };
  return { text: char, width: charWidth(char.codePointAt(0)!) };
}

const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/u;
/** Bidirectional formatting characters that could reorder what the terminal shows. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** A visible stand-in for a control, bidi or lone-surrogate character; other characters unchanged. */
export function escapeInvisible(char: string): string {
  if (LONE_SURROGATE.test(char)) return '\ufffd';
  if (!CONTROL.test(char) && !BIDI.test(char)) return char;
  const code = char.codePointAt(0)!;
  return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u{${hex(code, 4)}}`;
}

/** `text` with every control, bidi and lone-surrogate character escaped (tabs kept). */
export function escapeText(text: string): string {
  let out = '';
  for (const char of text) out += char === '\t' ? char : escapeInvisible(char);
  return out;
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200d\u2060\ufe00-\ufe0f\ufeff]$/u;
const WIDE_EMOJI = /^\p{Emoji_Presentation}$/u;

/** Terminal cells taken by a printable code point: 0, 1 or 2. */
export function charWidth(codePoint: number): number {
  const char = String.fromCodePoint(codePoint);
  if (ZERO_WIDTH.test(char)) return 0;
  if (WIDE_EMOJI.test(char) || isEastAsianWide(codePoint)) return 2;
  return 1;
}

/** The main East Asian Wide and Fullwidth blocks (Unicode UAX #11). */
function isEastAsianWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, high));
}
