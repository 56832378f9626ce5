// Source map v3 for generated code. The emitter writes position markers into the text
// (`\uE000<ruchy offset>\uE001`) where a construct starts; `finishOutput` strips them and
// records, for each, the generated line/column -> Ruchy line/column. String literals in
// the output escape U+E000/U+E001, so a marker can only come from the emitter.
//
// The same table answers "which Ruchy position is this JS position" (`SourcePositions`),
// which the runner uses to report the line:column of a run-time error.

import type { LineIndex } from '../syntax/positions.js';

export const MARK_OPEN = '\uE000';
export const MARK_CLOSE = '\uE001';

export function marker(offset: number): string {
  return MARK_OPEN + offset + MARK_CLOSE;
}

export interface Mapping {
  genLine: number;
  genColumn: number;
  srcLine: number;
  srcColumn: number;
}

export interface SourceMapV3 {
  version: 3;
  file: string;
  sources: string[];
  sourcesContent: (string | null)[];
  names: string[];
  mappings: string;
}

/** Removes the markers; returns the clean code and the mappings (0-based lines and columns). */
export function finishOutput(text: string, lineIndex: LineIndex): { code: string; mappings: Mapping[] } {
  const lines = text.split('\n');
  const mappings: Mapping[] = [];
  const out: string[] = [];
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l];
    if (line.indexOf(MARK_OPEN) < 0) {
      out.push(line);
      continue;
    }
    let clean = '';
    let i = 0;
    while (i < line.length) {
      const open = line.indexOf(MARK_OPEN, i);
      if (open < 0) {
        clean += line.slice(i);
        break;
      }
      clean += line.slice(i, open);
      const close = line.indexOf(MARK_CLOSE, open);
      const offset = Number(line.slice(open + 1, close));
      const pos = lineIndex.positionAt(offset);
      const last = mappings[mappings.length - 1];
      if (last === undefined || last.genLine !== l || last.genColumn !== clean.length) {
        mappings.push({ genLine: l, genColumn: clean.length, srcLine: pos.line, srcColumn: pos.character });
      } else {
        // Several markers at one place: the innermost (last) wins.
        last.srcLine = pos.line;
        last.srcColumn = pos.character;
      }
      i = close + 1;
    }
    out.push(clean);
  }
  return { code: out.join('\n'), mappings };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function vlq(value: number): string {
  let v = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += BASE64[digit];
  } while (v > 0);
  return out;
}

export function encodeMappings(mappings: readonly Mapping[]): string {
  let out = '';
  let line = 0;
  let prevGenColumn = 0;
  let prevSrcLine = 0;
  let prevSrcColumn = 0;
  let first = true;
  for (const m of mappings) {
    while (line < m.genLine) {
      out += ';';
      line++;
      prevGenColumn = 0;
      first = true;
    }
    if (!first) out += ',';
    out += vlq(m.genColumn - prevGenColumn) + vlq(0) + vlq(m.srcLine - prevSrcLine) + vlq(m.srcColumn - prevSrcColumn);
    prevGenColumn = m.genColumn;
    prevSrcLine = m.srcLine;
    prevSrcColumn = m.srcColumn;
    first = false;
  }
  return out;
}

export function buildSourceMap(mappings: readonly Mapping[], file: string, source: string, sourceText: string): SourceMapV3 {
  return { version: 3, file, sources: [source], sourcesContent: [sourceText], names: [], mappings: encodeMappings(mappings) };
}

export function decodeMappings(encoded: string): Mapping[] {
  const out: Mapping[] = [];
  let genLine = 0;
  let srcLine = 0;
  let srcColumn = 0;
  for (const lineText of encoded.split(';')) {
    let genColumn = 0;
    if (lineText !== '') {
      for (const segment of lineText.split(',')) {
        const values: number[] = [];
        let shift = 0;
        let value = 0;
        for (const ch of segment) {
          const digit = BASE64.indexOf(ch);
          value += (digit & 31) << shift;
          if (digit & 32) shift += 5;
          else {
            values.push(value & 1 ? -(value >>> 1) : value >>> 1);
            value = 0;
            shift = 0;
          }
        }
        genColumn += values[0];
        if (values.length >= 4) {
          srcLine += values[2];
          srcColumn += values[3];
          out.push({ genLine, genColumn, srcLine, srcColumn });
        }
      }
    }
    genLine++;
  }
  return out;
}

/** Generated position -> Ruchy position: the last mapping at or before it on that line (or an earlier line). */
export class SourcePositions {
  private readonly byLine = new Map<number, Mapping[]>();

  constructor(mappings: readonly Mapping[]) {
    for (const m of mappings) {
      const list = this.byLine.get(m.genLine);
      if (list === undefined) this.byLine.set(m.genLine, [m]);
      else list.push(m);
    }
  }

  /** 0-based generated line and column -> 1-based Ruchy line and column, or null. */
  lookup(genLine: number, genColumn: number): { line: number; column: number } | null {
    for (let l = genLine; l >= 0 && l > genLine - 50; l--) {
      const list = this.byLine.get(l);
      if (list === undefined) continue;
      let best: Mapping | undefined;
      for (const m of list) if (l < genLine || m.genColumn <= genColumn) best = m;
      if (best !== undefined) return { line: best.srcLine + 1, column: best.srcColumn + 1 };
    }
    return null;
  }
}
