// Incrementality: an edit inside a body re-analyses that item only; a changed signature
// re-analyses its dependents (in other files too); edits that change free names or
// declarations (typing into a name or a keyword, adding, renaming or removing items)
// re-analyse only what uses those names; results always equal a cold analysis of the same
// text, for diagnostics and for every query; cancellation stops the work.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** More random runs: INCREMENTAL_RUNS=20 npx vitest run test/semantics/incremental.test.ts */
const RUNS = Math.max(1, Number(process.env.INCREMENTAL_RUNS ?? 1));

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

/** Everything the queries say about a file: `snapshot`, plus symbols, references, completion and tokens. */
function deepSnapshot(a: ProgramAnalysis, uri: string): unknown {
  const text = a.view.files.get(uri)!.text;
  const symbols: unknown[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < text.length; i += 3) {
    const found = a.symbolAt(uri, i);
    if (found === null) continue;
    ids.add(found.symbol.id);
    symbols.push({ at: i, range: found.range, symbol: found.symbol });
  }
  const references: Record<string, unknown> = {};
  for (const id of ids) references[id] = a.references(id, true);
  const visible: unknown[] = [];
  for (let i = 0; i < text.length; i += 41) visible.push(a.visibleAt(uri, i).map((e) => `${e.kind} ${e.name}: ${e.detail}`));
  const signatures: unknown[] = [];
  for (let i = 0; i < text.length; i += 5) signatures.push(a.signatureAt(uri, i));
  return {
    ...(snapshot(a, uri) as object),
    symbols,
    references,
    visible,
    signatures,
    classified: a.classify(uri),
    metrics: a.functionMetrics(uri),
    workspace: a.workspaceSymbols(''),
  };
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
      { numRuns: 25 * RUNS },
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
      { numRuns: 40 * RUNS },
    );
  });

  test('typing into names and keywords (free names change): only the edited item is analysed again', () => {
    const ws = new Workspace();
    const uri = uriOf('main.ruchy');
    ws.setText(uri, PROGRAM);
    let analysis = cold(ws);
    const steps: [string, string][] = [
      ['let sum = p.x + p.y\n    sum', 'let sum = p.x + p.y\n    s9um'],
      ['s9um', 'sum'],
      ['let sum = p.x', 'lxet sum = p.x'],
      ['lxet sum = p.x', 'let sum = p.x'],
      ['s.to_uppercase()', 's.to_upxpercase()'],
      ['println(unrelated("x"))', 'println(unrelatd("x"))'],
      ['println(unrelatd("x"))', 'println(unrelated("x"))'],
    ];
    for (const [from, to] of steps) {
      edit(ws, uri, from, to);
      analysis = analyzeProgram(ws.view, analysis, NeverCancelled);
      expect(analysis.stats.itemsAnalyzed, `${from} -> ${to}`).toBe(1);
      expect(deepSnapshot(analysis, uri)).toEqual(deepSnapshot(cold(ws), uri));
    }
  });

  test('renaming, adding and removing declarations re-analyses their users only, as a cold analysis would', () => {
    const ws = new Workspace();
    const uri = uriOf('main.ruchy');
    ws.setText(uri, PROGRAM);
    let analysis = cold(ws);
    const steps: [string, string, number][] = [
      // [from, to, most items analysed (a cold analysis: 6 or 7)]
      ['fun make(n)', 'fun mak(n)', 3], // report now has an undefined name and a new signature: main follows
      ['fun mak(n)', 'fun make(n)', 3],
      ['fun unrelated(s: String)', 'fun unrelated2(s: String)', 2],
      ['fun unrelated2(s: String)', 'fun unrelated(s: String)', 2],
      ['struct Point { x: i64, y: i64 }', 'struct Point { x: i64, yy: i64 }', 3],
      ['struct Point { x: i64, yy: i64 }', 'struct Point { x: i64, y: i64 }', 3],
      ['fun main() {', 'fun helper() -> i64 { 42 }\n\nfun main() {\n    println(helper())', 2],
      ['fun helper() -> i64 { 42 }\n\n', '', 1],
      ['fun main() {\n    println(helper())', 'let helper = 7\nfun main() {\n    println(helper)', 2],
      ['let helper = 7\n', 'impl Point {\n    fun sum(self) -> i64 { self.x + self.y }\n}\n', 4],
    ];
    for (const [from, to, most] of steps) {
      edit(ws, uri, from, to);
      analysis = analyzeProgram(ws.view, analysis, NeverCancelled);
      const reference = cold(ws);
      expect(analysis.stats.itemsAnalyzed, `${from} -> ${to}`).toBeLessThanOrEqual(most);
      expect(deepSnapshot(analysis, uri)).toEqual(deepSnapshot(reference, uri));
    }
  });

  test('random character edits across files (names, keywords, declarations): always equal to a cold analysis', () => {
    const LIB = `pub struct Box2 { w: i64, h: i64 = 1 }
impl Box2 {
    pub fun area(self) -> i64 { self.w * self.h }
}
pub enum Shape { Square(i64), Rect { w: i64, h: i64 } }
pub fun label(n) { if n > 1 { "many" } else { "one" } }
pub fun even(n: i64) -> bool { if n == 0 { true } else { odd(n - 1) } }
pub fun odd(n: i64) -> bool { if n == 0 { false } else { even(n - 1) } }
let mut limit = 10
limit = 12
mod util {
    pub fun twice(x) { x * 2 }
}
`;
    const MAIN = `use lib::{Box2, label, limit, Shape}
use lib::util::twice
fun make(n) { Box2 { w: n, h: 2 } }
fun show(n) {
    let b = make(n)
    let s = Shape::Rect { w: n, h: 1 }
    let total = b.area() + twice(n)
    println(total, label(n), limit)
    match s { Shape::Square(k) => k, Shape::Rect { w, h } => w * h }
}
let values = [1, 2, 3].map(|v| v + 1)
let buf = []
buf.push(1)
fun more() { buf.push(2) }
show(3)
`;
    const alphabet = 'aeixn0 (){}.,:;=\n';
    fc.assert(
      fc.property(
        // Up to 12 steps: past the depths at which layered tables and memos are merged.
        fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.nat({ max: alphabet.length - 1 }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        (steps) => {
          const ws = new Workspace();
          const files = { lib: uriOf('lib.ruchy'), main: uriOf('main.ruchy') };
          ws.setText(files.lib, LIB);
          ws.setText(files.main, MAIN);
          let analysis = cold(ws);
          for (const [inLib, at, c, insert] of steps) {
            const uri = inLib ? files.lib : files.main;
            const text = ws.get(uri)!.text;
            const offset = at % (text.length + 1);
            if (insert) ws.edit(uri, [{ start: offset, end: offset, text: alphabet[c] }]);
            else ws.edit(uri, [{ start: offset, end: Math.min(text.length, offset + 1), text: '' }]);
            analysis = analyzeProgram(ws.view, analysis, NeverCancelled);
            const reference = cold(ws);
            for (const u of [files.lib, files.main]) expect(deepSnapshot(analysis, u)).toEqual(deepSnapshot(reference, u));
          }
        },
      ),
      { numRuns: 20 * RUNS },
    );
  });

  test('random character edits of the conformance programs: always equal to a cold analysis', () => {
    const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/conformance');
    const programs = ['parse-only', 'with-output']
      .flatMap((dir) =>
        fs
          .readdirSync(path.join(corpus, dir))
          .filter((f) => f.endsWith('.ruchy'))
          .sort()
          .map((f) => fs.readFileSync(path.join(corpus, dir, f), 'utf8')),
      )
      .filter((t) => t.length > 200 && t.length < 4000);
    expect(programs.length).toBeGreaterThan(20);
    const alphabet = 'aex1 _(){}.,:=\n';
    fc.assert(
      fc.property(
        fc.nat({ max: programs.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: alphabet.length - 1 }), fc.boolean()), { minLength: 1, maxLength: 4 }),
        (p, steps) => {
          const ws = new Workspace();
          const uri = uriOf('main.ruchy');
          ws.setText(uri, programs[p]);
          let analysis = cold(ws);
          for (const [at, c, insert] of steps) {
            const text = ws.get(uri)!.text;
            const offset = at % (text.length + 1);
            if (insert) ws.edit(uri, [{ start: offset, end: offset, text: alphabet[c] }]);
            else ws.edit(uri, [{ start: offset, end: Math.min(text.length, offset + 1), text: '' }]);
            analysis = analyzeProgram(ws.view, analysis, NeverCancelled);
            expect(snapshot(analysis, uri)).toEqual(snapshot(cold(ws), uri));
          }
        },
      ),
      { numRuns: 40 * RUNS },
    );
  });

  test('what later statements push onto a top-level `let v = []` is followed', () => {
    const ws = new Workspace();
    const uri = uriOf('main.ruchy');
    ws.setText(uri, 'let v = []\nfun fill() { v.push(1) }\nfill()\nprintln(v)\n');
    let analysis = cold(ws);
    const typeOfV = (a: ProgramAnalysis): string | null => a.typeAt(uri, 4)?.type ?? null;
    expect(typeOfV(analysis)).toBe('[i64]');
    for (const [from, to, type] of [['v.push(1)', 'v.push("one")', '[String]'], ['fill()', 'fill()\nv.push(2)', '[any]'], ['v.push(2)', 'v.len()', '[String]']] as const) {
      edit(ws, uri, from, to);
      analysis = analyzeProgram(ws.view, analysis, NeverCancelled);
      expect(typeOfV(analysis), `${from} -> ${to}`).toBe(type);
      expect(deepSnapshot(analysis, uri)).toEqual(deepSnapshot(cold(ws), uri));
    }
  });

  test('quick-fix data naming another item\'s declaration follows it when it moves', () => {
    const ws = new Workspace();
    const uri = uriOf('main.ruchy');
    ws.setText(uri, 'let limit = 1\nfun bump() { limit = 2 }\nbump()\n');
    let analysis = cold(ws);
    const declaration = (a: ProgramAnalysis): unknown => a.diagnostics(uri).find((d) => d.code === 'R0105')?.data?.declaration;
    expect(declaration(analysis)).toEqual({ uri, start: 4, end: 9 });
    ws.edit(uri, [{ start: 0, end: 0, text: '// limits\n' }]);
    analysis = analyzeProgram(ws.view, analysis, NeverCancelled);
    expect(analysis.stats.itemsAnalyzed).toBe(1); // the let itself (its region starts the file); bump() is reused
    expect(declaration(analysis)).toEqual({ uri, start: 14, end: 19 });
    expect(snapshot(analysis, uri)).toEqual(snapshot(cold(ws), uri));
  });

  test('details kept across analyses follow what they show of other items (a callee\'s doc)', () => {
    const ws = new Workspace();
    const uri = uriOf('main.ruchy');
    ws.setText(uri, '/// Adds one.\nfun inc(x: i64) -> i64 { x + 1 }\nfun main() { println(inc(2)) }\n');
    let analysis = cold(ws);
    const at = ws.get(uri)!.text.indexOf('inc(2)') + 4;
    expect(analysis.signatureAt(uri, at)?.doc).toBe('Adds one.');
    edit(ws, uri, '/// Adds one.', '/// Adds one to x.');
    analysis = analyzeProgram(ws.view, analysis, NeverCancelled);
    expect(analysis.stats.itemsAnalyzed).toBe(1);
    expect(analysis.signatureAt(uri, at + 6)?.doc).toBe('Adds one to x.');
    expect(deepSnapshot(analysis, uri)).toEqual(deepSnapshot(cold(ws), uri));
  });

  test('a cancelled token stops the analysis', () => {
    const ws = new Workspace();
    ws.setText(uriOf('main.ruchy'), PROGRAM);
    const source = new CancellationSource();
    source.cancel();
    expect(() => analyzeProgram(ws.view, null, source.token)).toThrow(OperationCancelled);
  });
});
