// The only place that converts between offsets and line/character positions.
//
// Offsets are UTF-16 code-unit indexes into a JavaScript string (what the parser
// produces). LSP positions are zero-based lines and characters counted in UTF-16
// code units by default, or UTF-8 bytes when negotiated. People (the CLI, MCP tools)
// read one-based lines and columns counted in Unicode code points.

export type PositionEncoding = 'utf-16' | 'utf-8' | 'utf-32';

export interface LineCharacter {
  /** Zero-based line. */
  line: number;
  /** Zero-based character in the chosen encoding. */
  character: number;
}

export class LineIndex {
  /** Offset at which each line starts; lineStarts[0] === 0. */
  readonly lineStarts: readonly number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Zero-based line containing `offset` (clamped to the text). */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    const target = Math.max(0, Math.min(offset, this.text.length));
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= target) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** End of the line's content, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    let end = this.lineStarts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** Offset -> zero-based line and character in the given encoding. */
  positionAt(offset: number, encoding: PositionEncoding = 'utf-16'): LineCharacter {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    const start = this.lineStarts[line];
    const character = encoding === 'utf-16' ? clamped - start : measure(this.text, start, clamped, encoding);
    return { line, character };
  }

  /** Zero-based line and character in the given encoding -> offset (clamped to the line). */
  offsetAt(position: LineCharacter, encoding: PositionEncoding = 'utf-16'): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    if (encoding === 'utf-16') return Math.min(start + Math.max(0, position.character), end);
    let offset = start;
    let units = 0;
    while (offset < end && units < position.character) {
      const code = this.text.codePointAt(offset)!;
      const width = code > 0xffff ? 2 : 1;
      units += encoding === 'utf-8' ? utf8Length(code) : 1;
      if (units > position.character) break;
      offset += width;
    }
    return offset;
  }

  /** One-based line and column (in code points), as people read them. */
  humanPosition(offset: number): { line: number; column: number } {
    const { line, character } = this.positionAt(offset, 'utf-32');
    return { line: line + 1, column: character + 1 };
  }

  /** `12:5` */
  describe(offset: number): string {
    const { line, column } = this.humanPosition(offset);
    return `${line}:${column}`;
  }
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** Length of text[from, to) in UTF-8 bytes or code points. */
function measure(text: string, from: number, to: number, encoding: 'utf-8' | 'utf-32'): number {
  let units = 0;
  let i = from;
  while (i < to) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    if (i + width > to) {
      // A position inside a surrogate pair counts the lone half as one unit.
      units += 1;
      break;
    }
    units += encoding === 'utf-8' ? utf8Length(code) : 1;
    i += width;
  }
  return units;
}
