// Lint of one item from its binding alone: unused locals and parameters, shadowed
// bindings, `mut` that is never needed. Depends on nothing outside the item, so it is
// computed once per ItemRecord. Lints about top-level names (unused functions, imports,
// top-level `let`s) need the whole program and live in analyze.ts.
//
// Every warning carries `data` for quick fixes: `rename` (prefix with `_`) and, where a
// deletion is safe to offer, `removal` (relative offsets here; absolute once published).

import { Codes, format, type DiagnosticCode } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { RefFlag, SymFlag, type Binding, type LocalSymbol } from './binder.js';

const USE = RefFlag.Read | RefFlag.Call | RefFlag.Type | RefFlag.Path | RefFlag.StructName | RefFlag.SelfRef | RefFlag.Macro;

function warn(code: DiagnosticCode, start: number, end: number, name: string, data: Record<string, unknown>, unnecessary: boolean): Diagnostic {
  return {
    code: code.code,
    severity: code.severity,
    message: format(code.template, { name }),
    start,
    end,
    ...(unnecessary ? { tags: ['unnecessary' as const] } : {}),
    data,
  };
}

export function lintItem(b: Binding, text: string): Diagnostic[] {
  const n = b.symbols.length;
  if (n === 0) return [];
  const used = new Uint8Array(n);
  const mutated = new Uint8Array(n);
  for (let i = 0; i < b.refTarget.length; i++) {
    const t = b.refTarget[i];
    if (t < 0) continue;
    const f = b.refFlags[i];
    if ((f & USE) !== 0) used[t] = 1;
    if ((f & (RefFlag.Write | RefFlag.Mutate)) !== 0) mutated[t] = 1;
  }
  const out: Diagnostic[] = [];
  b.symbols.forEach((s, i) => {
    if (s.name.startsWith('_') || s.name === 'self' || s.kind === 'label' || s.kind === 'typeParameter') return;
    if ((s.flags & (SymFlag.SelfParam | SymFlag.ConstCandidate | SymFlag.NoBody)) !== 0) return;
    if ((s.flags & SymFlag.Item) !== 0 && s.kind !== 'function') return;
    if (!used[i]) {
      out.push(unused(s, text));
      return;
    }
    // `mut` before the name (after a syntax error the recovered `mut` may lie elsewhere).
    if ((s.flags & SymFlag.Mutable) !== 0 && !mutated[i] && s.mutStart >= 0 && s.mutStart <= s.start) {
      out.push(warn(Codes.UnnecessaryMut, s.mutStart, s.end, s.name, { name: s.name, removal: { start: s.mutStart, end: s.start } }, false));
    }
  });
  for (const [shadowing, shadowed] of b.shadows) {
    const s = b.symbols[shadowing];
    const o = b.symbols[shadowed];
    out.push(warn(Codes.ShadowedBinding, s.start, s.end, s.name, { name: s.name, shadowed: { start: o.start, end: o.end } }, false));
  }
  return out;
}

function unused(s: LocalSymbol, text: string): Diagnostic {
  const data: Record<string, unknown> = { name: s.name, rename: `_${s.name}` };
  if ((s.flags & SymFlag.Item) !== 0) {
    data.removal = { start: s.declStart, end: s.declEnd };
    return warn(Codes.UnusedFunction, s.start, s.end, s.name, data, true);
  }
  if ((s.flags & SymFlag.Param) !== 0 && (s.flags & SymFlag.ClosureParam) === 0) {
    if (s.start >= s.declStart && s.end <= s.declEnd) data.removal = paramRemoval(text, s.declStart, s.declEnd);
    return warn(Codes.UnusedParameter, s.start, s.end, s.name, data, true);
  }
  if ((s.flags & SymFlag.ClosureParam) !== 0) return warn(Codes.UnusedParameter, s.start, s.end, s.name, data, true);
  if ((s.flags & SymFlag.LetBinding) !== 0 && isSimpleLet(text, s)) data.removal = { start: s.declStart, end: s.declEnd };
  return warn(Codes.UnusedVariable, s.start, s.end, s.name, data, true);
}

/** A `let` whose pattern is just this name. */
function isSimpleLet(text: string, s: LocalSymbol): boolean {
  const head = text.slice(s.declStart, s.start);
  return /^let\s+(mut\s+)?$/.test(head);
}

/** A parameter together with one separating comma (the following one, or the preceding one for the last). */
export function paramRemoval(text: string, start: number, end: number): { start: number; end: number } {
  let e = end;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  if (text[e] === ',') {
    e++;
    while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
    return { start, end: e };
  }
  let s = start;
  let p = start - 1;
  while (p >= 0 && (text[p] === ' ' || text[p] === '\t')) p--;
  if (text[p] === ',') s = p;
  return { start: s, end };
}
