// Unification, and the two gradual relations built on it.
//
// `unify` is the HM workhorse; it never reports anything itself. A failed unification
// is rolled back completely (bindings and level adjustments are on a trail), so a
// conflict between inferred types costs precision (`dyn`), never a false error.
// `compatible` is the check behind "type mismatch" errors: it only compares what is
// known on both sides and answers "certainly incompatible" for clear contradictions
// (a `String` where an `i64` is declared), leniently for everything gradual.

import { DYN, resolve, type Type, type TypeVar } from './types.js';

interface TrailEntry {
  v: TypeVar;
  ref: Type | null;
  level: number;
}

export class Unifier {
  private trail: TrailEntry[] = [];

  /** Unifies `a` and `b`; on failure nothing is changed and false is returned. */
  unify(a: Type, b: Type): boolean {
    const mark = this.trail.length;
    if (this.u(a, b)) {
      if (mark === 0) this.trail.length = 0;
      return true;
    }
    this.rollback(mark);
    return false;
  }

  /**
   * Unifies, and on a conflict widens the variables of `target` that stand at the
   * conflicting positions to `dyn` (a mutable binding or collection that receives values
   * of several types). Returns whether the first attempt succeeded.
   */
  unifyOrWiden(target: Type, value: Type): boolean {
    if (this.unify(target, value)) return true;
    widen(target, value);
    return false;
  }

  private rollback(mark: number): void {
    for (let i = this.trail.length - 1; i >= mark; i--) {
      const e = this.trail[i];
      e.v.ref = e.ref;
      e.v.level = e.level;
    }
    this.trail.length = mark;
  }

  private record(v: TypeVar): void {
    this.trail.push({ v, ref: v.ref, level: v.level });
  }

  private u(a0: Type, b0: Type): boolean {
    const a = resolve(a0);
    const b = resolve(b0);
    if (a === b) return true;
    if (a.k === 'dyn' || b.k === 'dyn') return true;
    if (a.k === 'prim' && a.p === 'never') return true;
    if (b.k === 'prim' && b.p === 'never') return true;
    if (a.k === 'var') return this.bind(a, b);
    if (b.k === 'var') return this.bind(b, a);
    switch (a.k) {
      case 'prim':
        return b.k === 'prim' && a.p === b.p;
      case 'array':
        return b.k === 'array' && this.u(a.elem, b.elem);
      case 'tuple':
        if (b.k !== 'tuple' || a.elems.length !== b.elems.length) return false;
        for (let i = 0; i < a.elems.length; i++) if (!this.u(a.elems[i], b.elems[i])) return false;
        return true;
      case 'fn': {
        if (b.k !== 'fn') return false;
        if (a.params.length !== b.params.length && !a.variadic && !b.variadic) return false;
        const n = Math.min(a.params.length, b.params.length);
        for (let i = 0; i < n; i++) if (!this.u(a.params[i], b.params[i])) return false;
        return this.u(a.ret, b.ret);
      }
      case 'named':
        if (b.k === 'object') return a.kind === 'struct';
        if (b.k !== 'named' || a.key !== b.key) return false;
        for (let i = 0; i < Math.min(a.args.length, b.args.length); i++) if (!this.u(a.args[i], b.args[i])) return false;
        return true;
      case 'object':
        if (b.k === 'named') return b.kind === 'struct';
        if (b.k !== 'object') return false;
        for (const [k, t] of a.fields) {
          const other = b.fields.get(k);
          if (other !== undefined && !this.u(t, other)) return false;
        }
        return true;
      case 'module':
        return b.k === 'module' && a.key === b.key;
      case 'gen':
        return false;
    }
  }

  private bind(v: TypeVar, t: Type): boolean {
    if (t.k === 'var') {
      if (v.rigid !== null && t.rigid !== null) return false;
      if (v.rigid !== null) return this.bind(t, v);
    } else if (v.rigid !== null) {
      return false;
    }
    if (occurs(v, t)) return false;
    this.adjustLevels(t, v.level);
    this.record(v);
    v.ref = t;
    return true;
  }

  private adjustLevels(t: Type, level: number): void {
    const r = resolve(t);
    switch (r.k) {
      case 'var':
        if (r.level > level) {
          this.record(r);
          r.level = level;
        }
        return;
      case 'array':
        this.adjustLevels(r.elem, level);
        return;
      case 'tuple':
        for (const e of r.elems) this.adjustLevels(e, level);
        return;
      case 'fn':
        for (const p of r.params) this.adjustLevels(p, level);
        this.adjustLevels(r.ret, level);
        return;
      case 'named':
        for (const a of r.args) this.adjustLevels(a, level);
        return;
      case 'object':
        for (const f of r.fields.values()) this.adjustLevels(f, level);
        return;
      default:
        return;
    }
  }
}

function occurs(v: TypeVar, t: Type): boolean {
  const r = resolve(t);
  switch (r.k) {
    case 'var':
      return r === v;
    case 'array':
      return occurs(v, r.elem);
    case 'tuple':
      return r.elems.some((e) => occurs(v, e));
    case 'fn':
      return r.params.some((p) => occurs(v, p)) || occurs(v, r.ret);
    case 'named':
      return r.args.some((a) => occurs(v, a));
    case 'object':
      for (const f of r.fields.values()) if (occurs(v, f)) return true;
      return false;
    default:
      return false;
  }
}

/**
 * Walks `target` and `value` side by side; where they conflict and `target` got its
 * type through a variable, that variable is rebound to `dyn`.
 */
function widen(target: Type, value: Type): void {
  let lastVar: TypeVar | null = null;
  let t: Type = target;
  while (t.k === 'var' && t.ref !== null) {
    lastVar = t;
    t = t.ref;
  }
  const v = resolve(value);
  if (t.k === 'dyn' || v.k === 'dyn') return;
  const sameShape =
    (t.k === 'array' && v.k === 'array') ||
    (t.k === 'tuple' && v.k === 'tuple' && t.elems.length === v.elems.length) ||
    (t.k === 'named' && v.k === 'named' && t.key === v.key);
  if (sameShape) {
    if (t.k === 'array' && v.k === 'array') widen(t.elem, v.elem);
    else if (t.k === 'tuple' && v.k === 'tuple') t.elems.forEach((e, i) => widen(e, v.elems[i]));
    else if (t.k === 'named' && v.k === 'named') t.args.forEach((a, i) => (i < v.args.length ? widen(a, v.args[i]) : undefined));
    return;
  }
  if (lastVar !== null && lastVar.rigid === null) lastVar.ref = DYN;
}

/**
 * Whether a value of type `found` can certainly not be used where `expected` is declared.
 * Anything gradual (variables, generics, `dyn`) is compatible; integers fit floats; all
 * integer widths fit each other; `char` and `String` mix (Ruchy strings and chars are
 * interchangeable at run time in most positions).
 */
export function compatible(expected: Type, found: Type): boolean {
  const e = resolve(expected);
  const f = resolve(found);
  if (e === f) return true;
  if (e.k === 'dyn' || f.k === 'dyn' || e.k === 'var' || f.k === 'var' || e.k === 'gen' || f.k === 'gen') return true;
  if (f.k === 'prim' && f.p === 'never') return true;
  if (e.k === 'prim' && e.p === 'never') return true;
  switch (e.k) {
    case 'prim':
      if (f.k !== 'prim') return false;
      if (e.p === f.p) return true;
      if (e.p === 'float' && f.p === 'int') return true;
      if ((e.p === 'str' && f.p === 'char') || (e.p === 'char' && f.p === 'str')) return true;
      return false;
    case 'array':
      return f.k === 'array' && compatible(e.elem, f.elem);
    case 'tuple':
      return f.k === 'tuple' && f.elems.length === e.elems.length && e.elems.every((x, i) => compatible(x, f.elems[i]));
    case 'fn':
      if (f.k !== 'fn') return false;
      if (!e.variadic && !f.variadic && (f.min > e.params.length || f.params.length < e.min)) return false;
      return compatible(e.ret, f.ret);
    case 'named':
      if (f.k === 'object') return e.kind === 'struct' || e.kind === 'builtin';
      if (f.k !== 'named') return e.kind === 'trait';
      if (e.kind === 'trait' || f.kind === 'trait') return true;
      // Two types of one name from different files: Ruchy values are structural at run time.
      if (e.key !== f.key) return e.name === f.name && e.kind !== 'builtin';
      for (let i = 0; i < Math.min(e.args.length, f.args.length); i++) if (!compatible(e.args[i], f.args[i])) return false;
      return true;
    case 'object':
      return f.k === 'object' || (f.k === 'named' && (f.kind === 'struct' || f.kind === 'builtin'));
    case 'module':
      return f.k === 'module';
  }
}
