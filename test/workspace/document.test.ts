// DocumentState: splitting into items, incremental re-parsing around an edit, reuse of
// unchanged items, and equivalence with parsing the new text from scratch.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocumentState, type TextEdit } from '../../src/workspace/document.js';
import { shiftTree } from '../../src/syntax/shift.js';
import type * as A from '../../src/syntax/ast.js';

const PROGRAM = `// header comment
let limit = 10

/// Adds two numbers.
fun add(a, b) {
    a + b
}

fun main() {
    let mut total = 0
    for i in 0..limit {
        total = add(total, i)
    }
    println(f"total = {total}")
}

struct Point { x: i64, y: i64 }
`;

/** The items of a state as absolute statements, for comparison with a whole-file parse. */
function absoluteStatements(state: DocumentState): unknown[] {
  return state.items.flatMap((item, i) => {
    if (item.stmt === null) return [];
    const copy = structuredClone(item.stmt) as A.Stmt;
    shiftTree(copy, state.offsets[i]);
    return [copy];
  });
}

function wholeFile(text: string): { stmts: unknown[]; diagnostics: unknown[] } {
  const fresh = DocumentState.create('file:///x.ruchy', 1, text);
  return { stmts: fresh.fullParse().ast.stmts, diagnostics: fresh.fullParse().diagnostics.map((d) => [d.code, d.start, d.end]) };
}

function apply(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

describe('DocumentState', () => {
  it('splits a file into one region per top-level statement, covering the text', () => {
    const state = DocumentState.create('file:///a.ruchy', 1, PROGRAM);
    expect(state.items.map((i) => i.stmt?.kind)).toEqual(['LetStmt', 'FunctionDecl', 'FunctionDecl', 'StructDecl']);
    expect(state.items.map((i) => i.text).join('')).toBe(PROGRAM);
    // The doc comment belongs to the function's region.
    const add = state.items[1];
    expect(add.text).toContain('/// Adds two numbers.');
    expect((add.stmt as A.FunctionDecl).doc).toBe('Adds two numbers.');
    // Offsets are relative to the region.
    expect(add.text.slice(add.stmt!.start, add.stmt!.start + 3)).toBe('fun');
  });

  it('re-parses only the regions around an edit and reuses the others', () => {
    const state = DocumentState.create('file:///a.ruchy', 1, PROGRAM);
    const at = PROGRAM.indexOf('total = add');
    const next = state.withEdits([{ start: at, end: at, text: 'grand_' }], 2);
    expect(next.version).toBe(2);
    expect(next.text).toBe(apply(PROGRAM, { start: at, end: at, text: 'grand_' }));
    expect(next.reparsed.full).toBe(false);
    // main changed; its neighbours were parsed again but kept (same text), the rest untouched.
    expect(next.reparsed.items).toBe(1);
    expect(next.items[0]).toBe(state.items[0]);
    expect(next.items[1]).toBe(state.items[1]);
    expect(next.items[2]).not.toBe(state.items[2]);
    expect(next.items[3]).toBe(state.items[3]);
    expect(next.offsets[3]).toBe(state.offsets[3] + 'grand_'.length);
  });

  it('keeps an item that an edit above it only moved', () => {
    const state = DocumentState.create('file:///a.ruchy', 1, PROGRAM);
    const next = state.withEdits([{ start: 0, end: 0, text: '\n\n' }], 2);
    expect(next.items[3]).toBe(state.items[3]);
    expect(next.offsets[3]).toBe(state.offsets[3] + 2);
  });

  it('keeps an unclosed block local with indentation recovery, and re-parses normally once fixed', () => {
    const state = DocumentState.create('file:///a.ruchy', 1, PROGRAM);
    const close = PROGRAM.indexOf('    }\n    println') + 4;
    // Deleting the `}` of the loop leaves a block unclosed; the region is parsed again with
    // indentation recovery instead of the whole file being swallowed by the open block.
    const broken = state.withEdits([{ start: close, end: close + 1, text: '' }], 2);
    expect(broken.reparsed.full).toBe(false);
    expect(broken.syntaxDiagnostics.map((d) => d.code)).toContain('R0003');
    expect(broken.items.at(-1)).toBe(state.items.at(-1));
    expect(broken.items.map((i) => i.stmt?.kind)).toEqual(['LetStmt', 'FunctionDecl', 'FunctionDecl', 'StructDecl']);
    // Typing the `}` back makes the file valid: it is parsed normally and equals a fresh parse.
    const fixed = broken.withEdits([{ start: close, end: close, text: '}' }], 3);
    expect(fixed.text).toBe(PROGRAM);
    expect(fixed.syntaxDiagnostics).toEqual([]);
    expect(fixed.indentationRecovery).toBe(false);
    expect(JSON.stringify(absoluteStatements(fixed))).toBe(JSON.stringify(wholeFile(PROGRAM).stmts));
  });

  it('parses the whole file again when an edit adds or removes a quote', () => {
    const state = DocumentState.create('file:///a.ruchy', 1, PROGRAM);
    const at = PROGRAM.indexOf('let limit');
    expect(state.withEdits([{ start: at, end: at, text: '"' }], 2).reparsed.full).toBe(true);
  });

  it('reports syntax diagnostics with absolute offsets', () => {
    const text = 'fun a() {\n    let x = (1 + 2\n}\n\nfun b() { }\n';
    const state = DocumentState.create('file:///e.ruchy', 1, text);
    expect(state.syntaxDiagnostics.map((d) => [d.code, d.start])).toEqual(wholeFile(text).diagnostics.map((d) => [(d as unknown[])[0], (d as unknown[])[1]]));
    const shifted = state.withEdits([{ start: 0, end: 0, text: '// note\n' }], 2);
    expect(shifted.syntaxDiagnostics.map((d) => d.start)).toEqual(state.syntaxDiagnostics.map((d) => d.start + 8));
  });

  it('renders "opened at L:C" for the current text after the item moved or was parsed alone', () => {
    const text = 'let z = 1\nfun a() {\n    foo(1, 2\n}\n\nfun b() { }\n';
    let current = DocumentState.create('file:///m.ruchy', 1, text);
    const message = () => current.syntaxDiagnostics.find((d) => d.code === 'R0003')!.message;
    expect(message()).toBe('expected `)` to close the argument list opened at 3:8');
    const broken = current.items[1];
    // Two more lines in the first statement move the broken item (reused as it is) down.
    current = current.withEdits([{ start: 9, end: 9, text: ' +\n    2 +\n    3' }], 2);
    expect(current.items[1]).toBe(broken);
    expect(message()).toBe('expected `)` to close the argument list opened at 5:8');
    // An edit inside the function parses its region alone; positions are still of the file.
    const at = current.text.indexOf('foo');
    current = current.withEdits([{ start: at, end: at, text: 'x' }], 3);
    expect(current.reparsed.full).toBe(false);
    expect(message()).toBe('expected `)` to close the argument list opened at 5:9');
  });

  it('an unclosed `{` that a stray `}` further down closes reads as in a whole parse (found by the property below)', () => {
    let state = DocumentState.create('file:///p.ruchy', 1, PROGRAM);
    let text = PROGRAM;
    const edits = [
      { start: PROGRAM.indexOf('oint {'), end: PROGRAM.indexOf('oint {'), text: '}' },
      { start: PROGRAM.indexOf(' b\n}'), end: PROGRAM.indexOf(' b\n}') + 4, text: 'x' },
    ];
    for (const [i, edit] of edits.entries()) {
      text = apply(text, edit);
      state = state.withEdits([edit], i + 2);
    }
    // `fun add(a, b) {\n    a +x ... struct P}oint { ... }`: the stray `}` closes add's body.
    expect(wholeFile(text).diagnostics).toEqual([]);
    expect(state.syntaxDiagnostics).toEqual([]);
    expect(JSON.stringify(absoluteStatements(state))).toBe(JSON.stringify(wholeFile(text).stmts));
  });

  it('equals a from-scratch parse of every valid text reached by random edits', () => {
    // Error recovery is not local (how a parser recovers from garbage can depend on what
    // follows), so an incremental result must equal a fresh parse when the text is valid;
    // for broken texts the structural invariants must hold.
    const fragments = ['x', '1', ' ', '\n', 'let y = 2\n', 'fun f() { 0 }\n', ';', ' + 1', 'if a { b } else { c }', 'total', '{ 1 }', '()', '(2)', '{', '}', '(', ')'];
    const editArb = fc.record({ at: fc.nat(), len: fc.nat({ max: 4 }), text: fc.constantFrom(...fragments) });
    let validStates = 0;
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 6 }), (edits) => {
        let state = DocumentState.create('file:///p.ruchy', 1, PROGRAM);
        let text = PROGRAM;
        let version = 1;
        for (const e of edits) {
          const start = e.at % (text.length + 1);
          const edit = { start, end: Math.min(text.length, start + e.len), text: e.text };
          text = apply(text, edit);
          state = state.withEdits([edit], ++version);
          if (state.text !== text) return false;
          if (state.items.map((i) => i.text).join('') !== text) return false;
          for (let i = 0; i < state.items.length; i++) {
            const stmt = state.items[i].stmt;
            if (stmt !== null && (stmt.start < 0 || stmt.end > state.items[i].text.length)) return false;
          }
          const whole = wholeFile(text);
          if (whole.diagnostics.length > 0) continue;
          validStates++;
          if (JSON.stringify(absoluteStatements(state)) !== JSON.stringify(whole.stmts)) return false;
          if (state.syntaxDiagnostics.length !== 0) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
    expect(validStates).toBeGreaterThan(100);
  });
});
