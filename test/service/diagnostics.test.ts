// LanguageService.diagnostics: syntax and semantic diagnostics of a file, merged and
// sorted by position, each with its code, severity and exact range; kept up to date
// through incremental edits and across files.

import { describe, expect, test } from 'vitest';
import { compareDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { describeDiagnostics, single, workspace } from '../helpers/service.js';

describe('diagnostics', () => {
  test('syntax and semantic diagnostics are merged and sorted by position', () => {
    const ws = single('fun main() {\n    let [|x|] = 1\n    [|x|] = 2\n    println([|y|][||]\n}\n');
    const diagnostics = ws.service.diagnostics(ws.main);
    expect(diagnostics.map((d) => [d.code, d.severity, d.start, d.end])).toEqual([
      ['R0401', 'warning', ws.marks['main.ruchy'].ranges[0].start, ws.marks['main.ruchy'].ranges[0].end],
      ['R0105', 'error', ws.marks['main.ruchy'].ranges[1].start, ws.marks['main.ruchy'].ranges[1].end],
      ['R0101', 'error', ws.marks['main.ruchy'].ranges[2].start, ws.marks['main.ruchy'].ranges[2].end],
      // The syntax error: zero-width, where the `)` is missing.
      ['R0003', 'error', ws.marks['main.ruchy'].ranges[3].start, ws.marks['main.ruchy'].ranges[3].end],
    ]);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'unused variable `x`',
      'cannot assign to `x`: it is not declared `mut`',
      'cannot find `y` in this scope; did you mean `x`?',
      'expected `)` to close the argument list opened at 4:12',
    ]);
    expect([...diagnostics].sort(compareDiagnostics)).toEqual(diagnostics);
  });

  test('messages, codes and ranges of type and name problems', () => {
    const ws = single('fun main() {\n    let total = 1\n    println(totl + "a" * true)\n    undefined_fn(1)\n}\n');
    expect(describeDiagnostics(ws.text('main.ruchy'), ws.service.diagnostics(ws.main))).toEqual([
      'R0401 `total` unused variable `total`',
      'R0101 `totl` cannot find `totl` in this scope; did you mean `total`?',
      'R0202 `*` cannot apply `*` to `String` and `bool`',
      'R0102 `undefined_fn` function `undefined_fn` is not defined',
    ]);
    const undefinedName = ws.service.diagnostics(ws.main)[1];
    expect(undefinedName.data).toMatchObject({ name: 'totl', suggestion: 'total' });
  });

  test('a clean program has none; a file that is not open has none', () => {
    const ws = single('fun main() {\n    let xs = [1, 2, 3]\n    println(xs.len())\n}\n');
    expect(ws.service.diagnostics(ws.main)).toEqual([]);
    expect(ws.service.diagnostics('file:///ws/other.ruchy')).toEqual([]);
  });

  test('incremental edits update the diagnostics', () => {
    const ws = single('fun main() {\n    let total = 1\n    println(totl)\n}\n');
    expect(ws.service.diagnostics(ws.main).map((d) => d.code)).toEqual(['R0401', 'R0101']);
    const at = ws.at('main.ruchy', 'totl)');
    ws.service.editFile(ws.main, [{ start: at, end: at + 4, text: 'total' }]);
    expect(ws.service.diagnostics(ws.main)).toEqual([]);
    // An edit that breaks the syntax: a syntax error, and the rest still checked.
    const open = ws.service.getDocument(ws.main)!.text.indexOf('println(') + 'println('.length;
    ws.service.editFile(ws.main, [{ start: open, end: open, text: '(' }]);
    const codes = ws.service.diagnostics(ws.main).map((d) => d.code);
    expect(codes).toContain('R0003');
  });

  test('across files: an import of a missing name, and a fix in the other file clears it', () => {
    const ws = workspace({
      'main.ruchy': 'use util::{[|tripel|]}\n\nfun main() {\n    println(tripel(2))\n}\n',
      'util.ruchy': 'pub fun triple(x: i64) -> i64 {\n    x * 3\n}\n',
    });
    const main = ws.uri('main.ruchy');
    const diagnostics = ws.service.diagnostics(main);
    expect(diagnostics[0]).toMatchObject({ code: 'R0106', severity: 'error', ...ws.marks['main.ruchy'].ranges[0] });
    expect(diagnostics[0].message).toBe('cannot find `tripel` in module `util`; did you mean `triple`?');
    ws.service.setFile(ws.uri('util.ruchy'), 'pub fun tripel(x: i64) -> i64 {\n    x * 3\n}\n');
    expect(ws.service.diagnostics(main)).toEqual([]);
  });

  test('a syntax error and a semantic error at the same place with the same message are reported once', () => {
    const ws = single('fun main() {\n    let a = [1, 2\n    println(a)\n}\n');
    const diagnostics = ws.service.diagnostics(ws.main);
    const keys = diagnostics.map((d) => `${d.start}:${d.end}:${d.message}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});
