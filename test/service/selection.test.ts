// LanguageService.selectionRanges ("expand selection"): for each offset, the chain of
// syntax nodes around it, innermost first, each strictly larger than the one before and
// containing it, ending with the whole file.

import { describe, expect, test } from 'vitest';
import type { SelectionRange } from '../../src/service/selection.js';
import { single } from '../helpers/service.js';

const SOURCE = `use geom::origin
fun add(a: i64, b: i64) -> i64 { a + b }
fun main() {
    let total = add(1, 2 * 3)
    println(total, origin())
}
`;

function chain(range: SelectionRange): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let r: SelectionRange | null = range; r !== null; r = r.parent) out.push({ start: r.start, end: r.end });
  return out;
}

describe('selectionRanges', () => {
  const ws = single(SOURCE);
  const text = ws.text('main.ruchy');
  const texts = (offset: number) => chain(ws.service.selectionRanges(ws.main, [offset])[0]).map((r) => text.slice(r.start, r.end));

  test('innermost first, then each enclosing node, then the whole file', () => {
    expect(texts(ws.at('main.ruchy', '3)'))).toEqual([
      '3',
      '2 * 3',
      'add(1, 2 * 3)',
      'let total = add(1, 2 * 3)',
      '{\n    let total = add(1, 2 * 3)\n    println(total, origin())\n}',
      'fun main() {\n    let total = add(1, 2 * 3)\n    println(total, origin())\n}',
      text,
    ]);
  });

  test('strictly growing ranges, each containing the one before', () => {
    for (const offset of [0, ws.at('main.ruchy', 'origin'), ws.at('main.ruchy', 'b }'), ws.at('main.ruchy', 'total,'), text.length]) {
      const ranges = chain(ws.service.selectionRanges(ws.main, [offset])[0]);
      expect(ranges[0].start).toBeLessThanOrEqual(offset);
      expect(ranges[0].end).toBeGreaterThanOrEqual(offset);
      for (let i = 1; i < ranges.length; i++) {
        expect(ranges[i].start).toBeLessThanOrEqual(ranges[i - 1].start);
        expect(ranges[i].end).toBeGreaterThanOrEqual(ranges[i - 1].end);
        expect(ranges[i].end - ranges[i].start).toBeGreaterThan(ranges[i - 1].end - ranges[i - 1].start);
      }
      expect(ranges[ranges.length - 1]).toEqual({ start: 0, end: text.length });
    }
  });

  test('in an import and in a one-line function', () => {
    expect(texts(ws.at('main.ruchy', 'origin', 3))).toEqual(['origin', 'geom::origin', 'use geom::origin', text]);
    expect(texts(ws.at('main.ruchy', 'b }'))).toEqual(['b', 'a + b', '{ a + b }', 'fun add(a: i64, b: i64) -> i64 { a + b }', text]);
  });

  test('several offsets at once, one chain each, in order; outside every item only the file', () => {
    const ranges = ws.service.selectionRanges(ws.main, [ws.at('main.ruchy', 'total,'), ws.at('main.ruchy', 'a + b')]);
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual(['total', 'a']);
    expect(texts(text.length)).toEqual([text]);
  });
});
