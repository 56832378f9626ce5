// The code frame in-process: caret placement under tabs, wide and zero-width
// characters, escaped control characters, ranges that are empty, at the end of a line or
// over several lines, and the window cut out of very long lines.

import { describe, expect, test } from 'vitest';
import { caretView, charWidth, codeFrame, escapeText, lineRangeOf, MAX_FRAME_WIDTH, renderFrame, toCells } from '../../src/cli/code-frame.js';
import { createStyle } from '../../src/cli/color.js';
import { LineIndex } from '../../src/syntax/positions.js';

const plain = createStyle(false);
const same = (text: string): string => text;

/** Frame of the first occurrence of `marked` in `text`, underlining `marked`. */
function frameAt(text: string, marked: string, length = marked.length): string {
  const start = text.indexOf(marked);
  return codeFrame(new LineIndex(text), start, start + length, plain, same);
}

describe('code frame', () => {
  test('underlines the range with one caret per character', () => {
    expect(frameAt('let s = "abc', '"abc')).toBe(' 1 | let s = "abc\n   |         ^^^^\n');
  });

  test('an empty range gets one caret', () => {
    expect(frameAt('let x = 1\n', '=', 0)).toBe(' 1 | let x = 1\n   |       ^\n');
  });

  test('a range at the end of a line puts the caret just after the last character', () => {
    const text = 'fun f() {\n    let x = (1 + 2\n}\n';
    const end = text.indexOf('\n}');
    expect(codeFrame(new LineIndex(text), end, end, plain, same)).toBe(' 2 |     let x = (1 + 2\n   |                   ^\n');
  });

  test('a range over several lines is underlined to the end of its first line', () => {
    const text = 'let s = "abc\ndef"\n';
    const start = text.indexOf('"');
    expect(codeFrame(new LineIndex(text), start, text.length - 1, plain, same)).toBe(' 1 | let s = "abc\n   |         ^^^^\n');
    expect(lineRangeOf(new LineIndex(text), start, text.length - 1)).toEqual({ line: 0, startColumn: 8, endColumn: 12 });
  });

  test('an empty line shows no trailing space after the gutter', () => {
    const text = 'let x = 1 +\n';
    expect(codeFrame(new LineIndex(text), text.length, text.length, plain, same)).toBe(' 2 |\n   | ^\n');
  });

  test('the gutter is as wide as the line number', () => {
    const text = '\n'.repeat(99) + 'oops';
    expect(codeFrame(new LineIndex(text), 99, 103, plain, same)).toBe(' 100 | oops\n     | ^^^^\n');
  });

  test('tabs expand to the next multiple of four, in the line and under it alike', () => {
    const text = 'a\tb\t\tc';
    expect(frameAt(text, 'c')).toBe(` 1 | a   b       c\n   | ${' '.repeat(12)}^\n`);
    expect(frameAt(text, '\tb', 2)).toBe(` 1 | a   b       c\n   |  ^^^^\n`);
  });

  test('emoji and CJK characters take two cells; combining marks none', () => {
    expect(frameAt('"😀" )', ')')).toBe(' 1 | "😀" )\n   |      ^\n');
    expect(frameAt('"日本" )', ')')).toBe(' 1 | "日本" )\n   |        ^\n');
    expect(frameAt('"😀"', '😀')).toBe(' 1 | "😀"\n   |  ^^\n');
    expect(frameAt('"e\u0301" )', ')')).toBe(' 1 | "e\u0301" )\n   |     ^\n');
    expect([charWidth(0x41), charWidth(0x1f600), charWidth(0x65e5), charWidth(0x301)]).toEqual([1, 2, 2, 0]);
  });

  test('control and bidi characters are shown escaped, and the caret follows them', () => {
    expect(frameAt('"\u001b[31m" )', ')')).toBe(` 1 | "\\x1b[31m" )\n   | ${' '.repeat(11)}^\n`);
    expect(escapeText('a\u202eb\u0000\tc')).toBe('a\\u{202e}b\\x00\tc');
  });

  test('colours go on the gutter and the carets only', () => {
    const color = createStyle(true);
    const frame = renderFrame(3, 'x', 0, 1, color, color.red);
    expect(frame).toBe(' \u001b[2m3 |\u001b[22m x\n \u001b[2m  |\u001b[22m \u001b[31m^\u001b[39m\n');
  });
});

describe('long lines', () => {
  const line = `${'a'.repeat(1000)}X${'b'.repeat(1000)}`;

  test('are cut to a window around the range, with ellipses, and the caret stays under it', () => {
    const view = caretView(toCells(line), 1000, 1001);
    expect([...view.text].length).toBeLessThanOrEqual(MAX_FRAME_WIDTH);
    expect(view.text.startsWith('…')).toBe(true);
    expect(view.text.endsWith('…')).toBe(true);
    expect([...view.text][view.caretPad]).toBe('X');
    expect(view.caretWidth).toBe(1);
  });

  test('near the end, the window ends with the line', () => {
    const text = `${'a'.repeat(1000)}X`;
    const view = caretView(toCells(text), 1001, 1001);
    expect(view.text.endsWith('X')).toBe(true);
    expect([...view.text].length).toBeLessThanOrEqual(MAX_FRAME_WIDTH);
    expect(view.caretPad).toBe([...view.text].length);
  });

  test('a range longer than the window is underlined to the window edge', () => {
    const view = caretView(toCells(line), 990, 2001);
    expect(view.caretPad + view.caretWidth).toBeLessThanOrEqual([...view.text].length);
    expect(view.caretWidth).toBeGreaterThan(100);
  });
});
