// The pure pieces of the CLI's output in-process: the colour decision, the summary line
// and the diagnostic header, without spawning anything.

import { describe, expect, test } from 'vitest';
import { createStyle, shouldUseColor } from '../../src/cli/color.js';
import { addFile, emptySummary, renderDiagnostic, renderSummary, type Summary } from '../../src/cli/output.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { LineIndex } from '../../src/syntax/positions.js';

describe('shouldUseColor', () => {
  test.each([
    { flag: undefined, env: {}, isTTY: true, expected: true },
    { flag: undefined, env: {}, isTTY: false, expected: false },
    { flag: undefined, env: { NO_COLOR: '1' }, isTTY: true, expected: false },
    { flag: undefined, env: { NO_COLOR: '' }, isTTY: true, expected: true },
    { flag: undefined, env: { TERM: 'dumb' }, isTTY: true, expected: false },
    { flag: undefined, env: { FORCE_COLOR: '1' }, isTTY: false, expected: true },
    { flag: undefined, env: { FORCE_COLOR: '0' }, isTTY: true, expected: false },
    { flag: undefined, env: { FORCE_COLOR: '1', NO_COLOR: '1' }, isTTY: false, expected: true },
    { flag: true, env: { NO_COLOR: '1' }, isTTY: false, expected: true },
    { flag: false, env: { FORCE_COLOR: '1' }, isTTY: true, expected: false },
  ])('flag $flag, env $env, TTY $isTTY -> $expected', ({ flag, env, isTTY, expected }) => {
    expect(shouldUseColor({ flag, env, isTTY })).toBe(expected);
  });
});

describe('summary', () => {
  const plain = createStyle(false);
  const summary = (counts: Partial<Summary>): Summary => ({ ...emptySummary(), ...counts });

  test('singular, plural and clean', () => {
    expect(renderSummary(summary({ files: 0 }), plain)).toBe('checked 0 files: no problems\n');
    expect(renderSummary(summary({ files: 1 }), plain)).toBe('checked 1 file: no problems\n');
    expect(renderSummary(summary({ files: 3, errors: 2, warnings: 1 }), plain)).toBe('checked 3 files: 2 errors, 1 warning\n');
    expect(renderSummary(summary({ files: 2, errors: 1, warnings: 2, hints: 1 }), plain)).toBe('checked 2 files: 1 error, 2 warnings, 1 hint\n');
  });

  test('counts diagnostics by severity, and an unreadable file as an error', () => {
    const d = (severity: Diagnostic['severity']): Diagnostic => ({ code: 'R0001', severity, message: '', start: 0, end: 0 });
    let s = addFile(emptySummary(), [d('error'), d('warning'), d('warning'), d('hint')], false);
    s = addFile(s, [], true);
    expect(s).toEqual({ files: 2, errors: 2, warnings: 2, infos: 0, hints: 1 });
  });
});

describe('renderDiagnostic', () => {
  test('header with 1-based line and code-point column, then the frame', () => {
    const text = 'let s = "😀" )\n';
    const diagnostic: Diagnostic = { code: 'R0011', severity: 'warning', message: 'line\nbreak', start: 13, end: 14 };
    expect(renderDiagnostic('a.ruchy', new LineIndex(text), diagnostic, createStyle(false))).toBe(
      'a.ruchy:1:13: warning[R0011]: line\\x0abreak\n 1 | let s = "😀" )\n   |              ^\n',
    );
  });
});
