// Offsets <-> line/character in UTF-16 (LSP default), UTF-8 (negotiated) and code points
// (what people read): line ends of every kind, surrogate pairs and CJK before the
// position, round trips, and clamping of positions outside the text.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LineIndex, type PositionEncoding } from '../../src/syntax/positions.js';

const ENCODINGS: PositionEncoding[] = ['utf-16', 'utf-8', 'utf-32'];

describe('line ends', () => {
  test.each([
    ['\\n', 'ab\ncd\n\nef', [0, 3, 6, 7]],
    ['\\r\\n', 'ab\r\ncd\r\n\r\nef', [0, 4, 8, 10]],
    ['\\r', 'ab\rcd\r\ref', [0, 3, 6, 7]],
    ['mixed', 'ab\ncd\r\nef\rgh', [0, 3, 7, 10]],
  ])('%s: line starts, texts and ends', (_name, text, starts) => {
    const index = new LineIndex(text);
    expect(index.lineStarts).toEqual(starts);
    expect(index.lineCount).toBe(starts.length);
    const lines = text.split(/\r\n|\r|\n/);
    expect(lines.map((_, i) => index.lineText(i))).toEqual(lines);
    for (let line = 0; line < lines.length; line++) {
      expect(index.lineEnd(line) - index.lineStart(line)).toBe(lines[line].length);
    }
  });

  test('a final line break opens an empty last line; an empty text has one line', () => {
    expect(new LineIndex('a\n').lineCount).toBe(2);
    expect(new LineIndex('a\n').positionAt(2)).toEqual({ line: 1, character: 0 });
    expect(new LineIndex('').lineCount).toBe(1);
    expect(new LineIndex('').positionAt(0)).toEqual({ line: 0, character: 0 });
  });

  test('`\\r\\n` is one line break, not two', () => {
    const index = new LineIndex('a\r\nb');
    expect(index.positionAt(3)).toEqual({ line: 1, character: 0 });
    expect(index.offsetAt({ line: 1, character: 0 })).toBe(3);
    expect(index.lineOf(1)).toBe(0); // on the `\r`
  });
});

describe('encodings', () => {
  // 'a' 1 unit; '😀' 2 UTF-16 units, 4 UTF-8 bytes, 1 code point; '漢' 1 unit, 3 bytes; 'é' 1 unit, 2 bytes.
  const text = 'x\na😀漢éb = 1';
  const index = new LineIndex(text);
  const b = text.indexOf('b');

  test('the same offset in UTF-16 units, UTF-8 bytes and code points', () => {
    expect(b).toBe(7);
    expect(index.positionAt(b, 'utf-16')).toEqual({ line: 1, character: 5 });
    expect(index.positionAt(b, 'utf-8')).toEqual({ line: 1, character: 10 });
    expect(index.positionAt(b, 'utf-32')).toEqual({ line: 1, character: 4 });
  });

  test('back from each encoding to the offset', () => {
    expect(index.offsetAt({ line: 1, character: 5 }, 'utf-16')).toBe(b);
    expect(index.offsetAt({ line: 1, character: 10 }, 'utf-8')).toBe(b);
    expect(index.offsetAt({ line: 1, character: 4 }, 'utf-32')).toBe(b);
  });

  test('UTF-16 is the default encoding', () => {
    expect(index.positionAt(b)).toEqual(index.positionAt(b, 'utf-16'));
    expect(index.offsetAt({ line: 1, character: 5 })).toBe(b);
  });

  test('a UTF-8 or code-point position inside a character rounds down to its start', () => {
    const emoji = text.indexOf('😀');
    expect(index.offsetAt({ line: 1, character: 2 }, 'utf-8')).toBe(emoji); // inside the 4 bytes of 😀
    expect(index.offsetAt({ line: 1, character: 4 }, 'utf-8')).toBe(emoji);
    expect(index.offsetAt({ line: 1, character: 5 }, 'utf-8')).toBe(emoji + 2);
  });

  test('people read one-based lines and code-point columns', () => {
    expect(index.humanPosition(b)).toEqual({ line: 2, column: 5 });
    expect(index.describe(b)).toBe('2:5');
    expect(index.describe(0)).toBe('1:1');
  });
});

describe('round trips', () => {
  const texts = ['', 'plain', 'a\nb\r\nc\rd', '😀😀\n漢字 ok\r\n\r\né', 'fun main() {\n    println(f"{x} 😀")\n}\n'];

  test.each(texts)('offsetAt(positionAt(o)) === o for every code-point boundary of %j', (text) => {
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const c = text.charCodeAt(offset - 1);
      if (c >= 0xd800 && c <= 0xdbff) continue; // inside a surrogate pair
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue; // inside a `\r\n`
      for (const encoding of ENCODINGS) {
        expect(index.offsetAt(index.positionAt(offset, encoding), encoding), `${encoding} at ${offset}`).toBe(offset);
      }
    }
  });

  test('holds for arbitrary text with unicode and every kind of line break', () => {
    const piece = fc.oneof(fc.constantFrom('\n', '\r\n', '\r', '😀', '漢', 'é', ' '), fc.string({ unit: 'grapheme-ascii', maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((parts) => parts.join('')), fc.nat(), (text, seed) => {
        const index = new LineIndex(text);
        const offsets = [...text.matchAll(/[\s\S]/gu)].map((m) => m.index).concat([text.length]);
        const offset = offsets[seed % offsets.length];
        if (text[offset - 1] === '\r' && text[offset] === '\n') return;
        for (const encoding of ENCODINGS) expect(index.offsetAt(index.positionAt(offset, encoding), encoding)).toBe(offset);
      }),
      { numRuns: 300 },
    );
  });
});

describe('clamping', () => {
  const index = new LineIndex('ab\ncd');

  test('offsets before the start or past the end', () => {
    expect(index.positionAt(-5)).toEqual({ line: 0, character: 0 });
    expect(index.positionAt(99)).toEqual({ line: 1, character: 2 });
    expect(index.lineOf(-1)).toBe(0);
    expect(index.lineOf(99)).toBe(1);
  });

  test('lines before the first or past the last', () => {
    expect(index.offsetAt({ line: -1, character: 3 })).toBe(0);
    expect(index.offsetAt({ line: 7, character: 0 })).toBe(5);
    for (const encoding of ENCODINGS) expect(index.offsetAt({ line: 9, character: 9 }, encoding)).toBe(5);
  });

  test('a character past the end of its line stays on that line', () => {
    for (const encoding of ENCODINGS) {
      expect(index.offsetAt({ line: 0, character: 50 }, encoding)).toBe(2);
      expect(index.offsetAt({ line: 0, character: -4 }, encoding)).toBe(0);
    }
  });

  test('lineStart clamps its line', () => {
    expect(index.lineStart(-3)).toBe(0);
    expect(index.lineStart(10)).toBe(3);
  });
});
