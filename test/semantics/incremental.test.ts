// Incrementality: an edit inside a body re-analyses that item only; a changed signature
// re-analyses its dependents (in other files too); results always equal a cold analysis
// of the same text; cancellation stops the work.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyzeProgram } from '../../src/semantics/analyze.js';
import type { ProgramAnalysis } from '../../src/semantics/api.js';
import { CancellationSource, NeverCancelled, OperationCancelled } from '../../src/workspace/program.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { uriOf } from './helpers.js';

const PROGRAM = `struct Point { x: i64, y: i64 }

fun make(n) { Point { x: n, y: n * 2 } }

fun total(p: Point) -> i64 {
    let sum = p.x + p.y
    sum
}

fun report(n) {
    let p = make(n)
    println(total(p))
}

fun unrelated(s: String) -> String {
    s.to_uppercase()
}

fun main() {
    report(3)
    println(unrelated("x"))
}
`;

function edit(ws: Workspace, uri: string, find: string, replace: string): void {
  const text = ws.get(uri)!.text;
  const at = text.indexOf(find);
  if (at < 0) throw new Error(`not found: ${find}`);
  ws.edit(uri, [{ start: at, end: at + find.length, text: replace }]);
}

/** Everything observable about a file, for comparing incremental and cold results. */
function snapshot(a: ProgramAnalysis, uri: string): unknown {
  const text = a.view.files.get(uri)!.text;
  const types: (string | null)[] = [];
  for (let i = 0; i < text.length; i += 7) types.push(a.typeAt(uri, i)?.type ?? null);
  return {
    diagnostics: a.diagnostics(uri).map((d) => ({ code: d.code, start: d.start, end: d.end, message: d.message, data: d.data })),
    types,
    symbols: a.documentSymbols(uri),
    hints: a.inlayHints(uri, 0, text.length),
  };
}

function cold(ws: Workspace): ProgramAnalysis {
  return analyzeProgram(ws.view, null, NeverCancelled);
}

describe('incremental analysis', () => {
  test('an edit inside a body that keeps the signature re-analyses that item only', () => {
    const ws = new Workspace();
    const uri = uriOf('main.ruchy');
    ws.setText(uri, PROGRAM);
    const first = cold(ws);
    expect(first.stats).toEqual({ itemsAnalyzed: 6, itemsReused: 0 });
    edit(ws, uri, 'let sum = p.x + p.y', 'let sum = p.y + p.x + 0');
    const second = analyzeProgram(ws.view, first, NeverCancelled);
    expect(second.stats).toEqual({ itemsAnalyzed: 1, itemsReused: 5 });
    expect(snapshot(second, uri)).toEqual(snapshot(cold(ws), uri));
  });

  test('an edit that changes a signature re-analyses its dependents, not the rest', () => {
    const ws = new Workspace();
    const uri = uriOf('main.ruchy');
    ws.setText(uri, PROGRAM);
    const first = cold(ws);
    // make() now returns a String (same parameter type): report(), its caller, is re-analysed
    // and total(p) becomes an error; report's own signature is unchanged, so main() is not.
    edit(ws, uri, 'fun make(n) { Point { x: n, y: n * 2 } }', 'fun make(n) { let k = n + 1; "point" }');
    const second = analyzeProgram(ws.view, first, NeverCancelled);
    expect(second.stats).toEqual({ itemsAnalyzed: 2, itemsReused: 4 });
    expect(second.diagnostics(uri).filter((d) => d.severity === 'error').map((d) => d.message)).toEqual(['mismatched types: expected `Point`, found `String`']);
    expect(snapshot(second, uri)).toEqual(snapshot(cold(ws), uri));
  });

  test('a text edit above items moves them without re-analysing them', () => {
    const ws = new Workspace();
    const uri = uriOf('main.ruchy');
    ws.setText(uri, PROGRAM);
    const first = cold(ws);
    ws.edit(uri, [{ start: 0, end: 0, text: '// a comment\n\n' }]);
    const second = analyzeProgram(ws.view, first, NeverCancelled);
    expect(second.stats.itemsReused).toBeGreaterThanOrEqual(5);
    expect(snapshot(second, uri)).toEqual(snapshot(cold(ws), uri));
  });

  test('a change in another file re-analyses the importers that depend on it', () => {
    const ws = new Workspace();
    const main = uriOf('main.ruchy');
    const lib = uriOf('lib.ruchy');
    ws.setText(lib, 'pub fun helper(x: i64) -> i64 { x * 2 }\npub fun other() { 1 }');
    ws.setText(main, 'use lib::helper\nfun main() { println(helper(1)) }\nfun alone() { 3 }\nalone()');
    const first = cold(ws);
    expect(first.diagnostics(main)).toEqual([]);
    edit(ws, lib, 'pub fun helper(x: i64) -> i64', 'pub fun helper(x: String) -> i64');
    const second = analyzeProgram(ws.view, first, NeverCancelled);
    expect(second.diagnostics(main).map((d) => d.message)).toEqual(['mismatched types: expected `String`, found `i64`']);
    expect(second.stats.itemsReused).toBeGreaterThanOrEqual(3);
    expect(snapshot(second, main)).toEqual(snapshot(cold(ws), main));
    // Removing the function makes the import unresolved.
    edit(ws, lib, 'pub fun helper(x: String) -> i64 { x * 2 }\n', '');
    const third = analyzeProgram(ws.view, second, NeverCancelled);
    expect(third.diagnostics(main).map((d) => d.code)).toEqual(['R0106']);
    expect(snapshot(third, main)).toEqual(snapshot(cold(ws), main));
  });

  test('adding a declaration resolves a previously undefined name', () => {
    const ws = new Workspace();
    const uri = uriOf('main.ruchy');
    ws.setText(uri, 'fun main() { println(limit) }\n');
    const first = cold(ws);
    expect(first.diagnostics(uri).map((d) => d.code)).toEqual(['R0101']);
    ws.edit(uri, [{ start: ws.get(uri)!.text.length, end: ws.get(uri)!.text.length, text: 'const limit: i64 = 3\n' }]);
    const second = analyzeProgram(ws.view, first, NeverCancelled);
    expect(second.diagnostics(uri)).toEqual([]);
  });

  test('random edits: incremental results always equal a cold analysis', () => {
    const snippets = [
      ['let sum = p.x + p.y', 'let sum = p.x * 2'],
      ['fun make(n) {', 'fun make(n, m = 1) {'],
      ['report(3)', 'report("three")'],
      ['s.to_uppercase()', 's.len()'],
      ['struct Point { x: i64, y: i64 }', 'struct Point { x: i64, y: i64, z: i64 = 0 }'],
      ['println(total(p))', 'println(total(p) + 1)'],
      ['fun unrelated(s: String) -> String {', 'fun unrelated(s) {'],
    ] as const;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: snippets.length - 1 }), fc.boolean()), { minLength: 1, maxLength: 8 }), (steps) => {
        const ws = new Workspace();
        const uri = uriOf('main.ruchy');
        ws.setText(uri, PROGRAM);
        let analysis = cold(ws);
        for (const [i, forward] of steps) {
          const [a, b] = snippets[i];
          const [from, to] = forward ? [a, b] : [b, a];
          if (!ws.get(uri)!.text.includes(from)) continue;
          edit(ws, uri, from, to);
          analysis = analyzeProgram(ws.view, analysis, NeverCancelled);
          expect(snapshot(analysis, uri)).toEqual(snapshot(cold(ws), uri));
        }
      }),
      { numRuns: 25 },
    );
  });

  test('random body-only edits across files (the fast path): always equal to a cold analysis', () => {
    const LIB = `pub struct Box2 { w: i64, h: i64 = 1 }
pub fun area(b: Box2) { b.w * b.h }
pub fun label(n) { if n > 1 { "many" } else { "one" } }
let limit = 10
`;
    const MAIN = `use lib::{Box2, area, label, limit}
fun make(n) { Box2 { w: n, h: 2 } }
fun show(n) {
    let b = make(n)
    println(area(b), label(n), limit)
}
show(3)
`;
    // Each pair keeps every name, so the dependency graph is unchanged.
    const edits: [string, string, string][] = [
      ['lib.ruchy', 'b.w * b.h', 'b.w * b.h * 2.5'],
      ['lib.ruchy', '"many"', '3'],
      ['lib.ruchy', 'let limit = 10', 'let limit = "ten"'],
      ['lib.ruchy', 'h: i64 = 1', 'h: i64 = 2'],
      ['main.ruchy', 'Box2 { w: n, h: 2 }', 'Box2 { w: n, h: "2" }'],
      ['main.ruchy', 'show(3)', 'show("x")'],
      ['main.ruchy', 'println(area(b), label(n), limit)', 'println(area(b) + limit, label(n))'],
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: edits.length - 1 }), fc.boolean()), { minLength: 1, maxLength: 10 }), (steps) => {
        const ws = new Workspace();
        ws.setText(uriOf('lib.ruchy'), LIB);
        ws.setText(uriOf('main.ruchy'), MAIN);
        let analysis = cold(ws);
        expect(analysis.diagnostics(uriOf('main.ruchy'))).toEqual([]);
        for (const [i, forward] of steps) {
          const [file, a, b] = edits[i];
          const [from, to] = forward ? [a, b] : [b, a];
          if (!ws.get(uriOf(file))!.text.includes(from)) continue;
          edit(ws, uriOf(file), from, to);
          analysis = analyzeProgram(ws.view, analysis, NeverCancelled);
          const reference = cold(ws);
          for (const name of ['lib.ruchy', 'main.ruchy']) expect(snapshot(analysis, uriOf(name))).toEqual(snapshot(reference, uriOf(name)));
          expect(analysis.stats.itemsAnalyzed).toBeLessThan(reference.stats.itemsAnalyzed);
        }
      }),
      { numRuns: 40 },
    );
  });

  test('a cancelled token stops the analysis', () => {
    const ws = new Workspace();
    ws.setText(uriOf('main.ruchy'), PROGRAM);
    const source = new CancellationSource();
    source.cancel();
    expect(() => analyzeProgram(ws.view, null, source.token)).toThrow(OperationCancelled);
  });
});
