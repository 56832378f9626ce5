// Value ranges of integer operations: an interval analysis over the AST, run after the
// representation analysis (kinds.ts), that proves integer operations cannot leave the
// exact range of JS numbers, so that the emitter can use plain JS arithmetic for them.
//
// WHAT "SAFE" MEANS. An operation node (`a + b`, `a - b`, `a * b`, `a / b`, `a % b`, `-a`,
// `x op= y` on a variable) is safe when both operands are within +-(2^53-1) and so is the
// result, and, for `/` and `%`, the divisor cannot be zero. The runtime keeps every integer
// within +-(2^53-1) a JS number (value.ts: a bigint only beyond), so a safe operation has
// number operands and an exact number result: no typeof test, no overflow test.
//
// THE DOMAIN. Per function body (and the top level), a forward abstract interpretation maps
// each int-kind local variable to an interval [lo, hi] of doubles; a bound beyond
// +-(2^53-1) becomes +-Infinity, so every finite bound is an exact integer (interval
// arithmetic on exact integers either stays exact or overflows to Infinity). Only
// variables declared in the body and never assigned from another function or closure are
// tracked ("stable"); anything else (other variables, call results, array elements) is
// [-Inf, +Inf]. Conditions refine intervals (`i < n` in the loop body, `if n < 2 { return }`).
//
// LOOPS. Widening would lose loop counters and accumulators, so loops use trip counts:
//   - an induction variable `i` of a while loop (exactly one `i = i + c` / `i += c`, c > 0,
//     as a statement of the body itself, no `continue`, a condition `i < e`, `i <= e` or
//     `i * i <= e` with a loop-invariant e) lies in [i0, max(e) - 1 + c] at the loop head,
//     and bounds the number of iterations T; a `for i in a..b` loop runs at most b - a times;
//   - an accumulator `s` (every assignment in the loop is `s = s + x`, `s = s - x`,
//     `s += x` or `s -= x`, with x not depending on s) changes per iteration by at most
//     the sum, over its assignments, of |x| times the trip counts of the inner loops around
//     the assignment, so at the loop head s lies in s0 + T * delta;
//   - any other variable assigned in the loop is iterated to a fixpoint, and widened to
//     [-Inf, +Inf] after a few rounds.
// Constructs the analysis does not model (match, closures, labelled blocks, ...) make every
// variable they assign unknown. Nodes are marked during the last, stable pass of each loop.
//
// VERSIONS. Function parameters are unknown, so a loop `while i < n` of `fun f(n)` proves
// little. For a non-escaping function whose int parameters are simple names (and whose
// body holds no nested function, type or closure), the analysis is re-run assuming every
// int parameter is a number within [-B, B]; when that proves more operations safe in loops
// (or anywhere in a recursive function), the emitter emits a fast copy `f$fast` and starts
// `f` with `if (typeof n === "number" && n <= B && n >= -B) return f$fast(n);`, the exact
// generic body following. A call whose arguments are proved within the callee's guard
// (`fib(n - 1)` in `fib$fast`, `f(1000)`) calls `f$fast` directly. B is the largest power
// of two (2^10..2^52) that proves as many operations safe as the smallest, so that the
// fast version covers the widest inputs.

import type * as A from '../syntax/ast.js';
import { intLiteralValue } from '../syntax/literals.js';
import { childrenOf } from '../syntax/walk.js';
import { FnInfo, Var, type KindInfo } from './kinds.js';

export interface RangeInfo {
  /** Whether an integer operation is proved to stay within +-(2^53-1) with number operands (generic version). */
  safe(node: A.Node): boolean;
  /** A guarded fast version of a function, when assuming bounded int parameters proves more. */
  fastPath(fn: A.FunctionDecl): FastPath | null;
}

export interface FastPath {
  /** Indexes (into the declaration's parameters) of the int parameters the guard tests. */
  readonly params: readonly number[];
  /** The guard: every such parameter is a JS number within [-bound, bound]. */
  readonly bound: number;
  /** Whether an operation of the function's body is safe in the fast version (a call: may call a fast version). */
  safe(node: A.Node): boolean;
}

const MAX = Number.MAX_SAFE_INTEGER;

interface Interval {
  readonly lo: number;
  readonly hi: number;
}

const TOP: Interval = { lo: -Infinity, hi: Infinity };

/**
 * An interval whose bounds beyond +-(2^53-1) are widened to infinity, in the sound
 * direction: then every finite bound is an exact safe integer (a rounded result of
 * exact integers is beyond 2^53 in magnitude, so it is widened away).
 */
function iv(lo: number, hi: number): Interval {
  if (Number.isNaN(lo) || Number.isNaN(hi)) return TOP;
  return { lo: lo < -MAX || lo > MAX ? -Infinity : lo, hi: hi > MAX || hi < -MAX ? Infinity : hi };
}

function finite(a: Interval): boolean {
  return a.lo >= -MAX && a.hi <= MAX;
}

/** x * y where 0 times an infinite bound is 0 (bounds of finite values). */
function mulB(x: number, y: number): number {
  return x === 0 || y === 0 ? 0 : x * y;
}

function add(a: Interval, b: Interval): Interval {
  return iv(a.lo + b.lo, a.hi + b.hi);
}

function neg(a: Interval): Interval {
  return iv(-a.hi, -a.lo);
}

function mul(a: Interval, b: Interval): Interval {
  const p = [mulB(a.lo, b.lo), mulB(a.lo, b.hi), mulB(a.hi, b.lo), mulB(a.hi, b.hi)];
  return iv(Math.min(...p), Math.max(...p));
}

function hull(a: Interval, b: Interval): Interval {
  return { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
}

function sameIv(a: Interval, b: Interval): boolean {
  return a.lo === b.lo && a.hi === b.hi;
}

/** null: unreachable. A missing variable is unknown (TOP). */
type State = Map<Var, Interval> | null;

function joinStates(a: State, b: State): State {
  if (a === null) return b === null ? null : new Map(b);
  if (b === null) return new Map(a);
  const out = new Map<Var, Interval>();
  for (const [v, x] of a) {
    const y = b.get(v);
    if (y !== undefined) out.set(v, hull(x, y));
  }
  return out;
}

function unwrap(e: A.Expr): A.Expr {
  while (e.kind === 'ParenExpr') e = e.expr;
  return e;
}

/** Per function body: the loops and assignment sites it contains. */
interface Site {
  node: A.Node;
  v: Var;
  /** For an accumulator form: the added expression and its sign; else null. */
  delta: { e: A.Expr; sign: 1 | -1 } | null;
}

interface LoopFrame {
  node: A.Node;
  label: string | null;
  /** Trip count bound (Infinity: unknown). */
  trips: number;
  acc: Set<Var>;
  /** Accumulator changes per iteration, by site, already multiplied by inner trip counts. */
  records: Map<A.Node, Map<Var, Interval>>;
  breaks: State[];
  conts: State[];
}

type Guard = { params: number[]; bound: number };

export function analyzeRanges(file: A.SourceFile, kinds: KindInfo | undefined): RangeInfo {
  if (kinds === undefined) return { safe: () => false, fastPath: () => null };
  const pre = new Prepass(kinds);
  pre.run(file);
  // Phase 1: each function's guard, from its own body alone.
  const guards = new Map<A.FunctionDecl, Guard>();
  for (const fn of pre.functions) {
    if (fn.body === null) continue;
    const baseline = new Map<A.Node, boolean>();
    runFunction(kinds, pre, fn, baseline, null, guards);
    const guard = chooseGuard(kinds, pre, fn, baseline);
    if (guard !== null) guards.set(fn, guard);
  }
  // Phase 2: the final marks, with calls whose arguments pass the callee's guard marked too.
  const generic = new Map<A.Node, boolean>();
  new BodyAnalysis(kinds, pre, file, generic, guards).block(file.stmts.filter((s) => !isItem(s)), new Map());
  const fast = new Map<A.FunctionDecl, FastPath>();
  for (const fn of pre.functions) {
    if (fn.body === null) continue;
    runFunction(kinds, pre, fn, generic, null, guards);
    const guard = guards.get(fn);
    if (guard === undefined) continue;
    const marks = new Map<A.Node, boolean>();
    runFunction(kinds, pre, fn, marks, guard, guards);
    fast.set(fn, { params: guard.params, bound: guard.bound, safe: (n) => marks.get(n) === true });
  }
  return { safe: (n) => generic.get(n) === true, fastPath: (f) => fast.get(f) ?? null };
}

function isItem(s: A.Stmt): boolean {
  return s.kind === 'FunctionDecl' || s.kind === 'StructDecl' || s.kind === 'EnumDecl' || s.kind === 'ImplDecl' || s.kind === 'TraitDecl';
}

function containsNode(node: A.Node, test: (n: A.Node) => boolean): boolean {
  return test(node) || childrenOf(node).some((c) => containsNode(c, test));
}

function collectNodes(node: A.Node, test: (n: A.Node) => boolean, out: A.Node[]): void {
  if (test(node)) out.push(node);
  for (const c of childrenOf(node)) collectNodes(c, test, out);
}

function runFunction(kinds: KindInfo, pre: Prepass, fn: A.FunctionDecl, out: Map<A.Node, boolean>, guard: Guard | null, guards: ReadonlyMap<A.FunctionDecl, Guard>): void {
  const a = new BodyAnalysis(kinds, pre, fn, out, guards);
  const state = new Map<Var, Interval>();
  if (guard !== null) {
    for (const i of guard.params) {
      const v = kinds.declVar(fn.params[i].pattern);
      if (v !== undefined && a.tracked(v)) state.set(v, { lo: -guard.bound, hi: guard.bound });
    }
  }
  a.block(fn.body!.stmts, state);
}

function chooseGuard(kinds: KindInfo, pre: Prepass, fn: A.FunctionDecl, baseline: Map<A.Node, boolean>): Guard | null {
  const info = kinds.fn(fn);
  // A body with nested functions, types or closures is not duplicated.
  if (info === undefined || info.escapes || pre.hasNestedCode.has(fn)) return null;
  const params: number[] = [];
  fn.params.forEach((p, i) => {
    if (p.self !== null || p.defaultValue !== null || p.pattern.kind !== 'IdentPattern' || p.pattern.subpattern !== null) return;
    const v = kinds.declVar(p.pattern);
    if (v !== undefined && v.kind === 'int' && pre.stable(v)) params.push(i);
  });
  if (params.length === 0) return null;
  // What a fast version is worth: the operations it proves safe in loops (or anywhere in
  // a recursive function); straight-line code gains too little to be duplicated.
  const recursive = containsNode(fn.body!, (n) => n.kind === 'CallExpr' && (n as A.CallExpr).callee.kind === 'Identifier' && kinds.use((n as A.CallExpr).callee) === info);
  const loops: A.Node[] = [];
  collectNodes(fn.body!, (n) => n.kind === 'WhileExpr' || n.kind === 'LoopExpr' || n.kind === 'ForExpr', loops);
  const counts = (n: A.Node): boolean => recursive || loops.some((l) => n.start >= l.start && n.end <= l.end);
  const countIn = (m: Map<A.Node, boolean>): number => {
    let c = 0;
    for (const [n, safe] of m) if (safe && counts(n)) c++;
    return c;
  };
  const count = (exp: number): number => {
    const m = new Map<A.Node, boolean>();
    runFunction(kinds, pre, fn, m, { params, bound: 2 ** exp }, new Map());
    return countIn(m);
  };
  const LOW = 10;
  const HIGH = 52;
  const best = count(LOW);
  if (best <= countIn(baseline)) return null;
  // The largest exponent that keeps every operation the smallest bound proves.
  let lo = LOW;
  let hi = HIGH;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(mid) >= best) lo = mid;
    else hi = mid - 1;
  }
  return { params, bound: 2 ** lo };
}

/** Which function/closure declares each variable, which are assigned elsewhere, and each function's assignment sites. */
class Prepass {
  readonly functions: A.FunctionDecl[] = [];
  /** Functions whose bodies hold nested items or closures (not duplicated into a fast version). */
  readonly hasNestedCode = new Set<A.FunctionDecl>();
  private readonly declCtx = new Map<Var, A.Node>();
  readonly declNode = new Map<Var, A.Node>();
  private readonly assignCtx = new Map<Var, Set<A.Node>>();

  constructor(private readonly kinds: KindInfo) {}

  run(file: A.SourceFile): void {
    this.visit(file, file, null);
  }

  stable(v: Var): boolean {
    const d = this.declCtx.get(v);
    if (d === undefined) return false;
    const a = this.assignCtx.get(v);
    return a === undefined || [...a].every((c) => c === d);
  }

  contextOf(v: Var): A.Node | undefined {
    return this.declCtx.get(v);
  }

  private visit(node: A.Node, ctx: A.Node, fn: A.FunctionDecl | null): void {
    const v = this.kinds.declVar(node);
    if (v !== undefined && !this.declCtx.has(v)) {
      this.declCtx.set(v, ctx);
      this.declNode.set(v, node);
    }
    if (node.kind === 'AssignExpr') for (const t of assignedVars(this.kinds, (node as A.AssignExpr).target)) this.noteAssign(t, ctx);
    let innerCtx = ctx;
    let innerFn = fn;
    if (node.kind === 'FunctionDecl') {
      const f = node as A.FunctionDecl;
      this.functions.push(f);
      if (fn !== null) this.hasNestedCode.add(fn);
      innerCtx = f;
      innerFn = f;
    } else if (node.kind === 'ClosureExpr') {
      if (fn !== null) this.hasNestedCode.add(fn);
      innerCtx = node;
    } else if (fn !== null && (node.kind === 'StructDecl' || node.kind === 'EnumDecl' || node.kind === 'ImplDecl' || node.kind === 'TraitDecl' || node.kind === 'MacroCall' && (node as A.MacroCall).tokens !== null)) {
      this.hasNestedCode.add(fn);
    }
    for (const c of childrenOf(node)) this.visit(c, innerCtx, innerFn);
  }

  private noteAssign(v: Var, ctx: A.Node): void {
    let s = this.assignCtx.get(v);
    if (s === undefined) this.assignCtx.set(v, (s = new Set()));
    s.add(ctx);
  }
}

/** The variables an assignment target writes. */
function assignedVars(kinds: KindInfo, target: A.Expr): Var[] {
  const t = unwrap(target);
  if (t.kind === 'Identifier') {
    const r = kinds.use(t);
    return r instanceof Var ? [r] : [];
  }
  if (t.kind === 'UnaryExpr' && t.op === '*') return assignedVars(kinds, t.operand);
  if (t.kind === 'TupleExpr') return t.elements.flatMap((e) => assignedVars(kinds, e));
  return [];
}

function containsKind(node: A.Node, kinds: ReadonlySet<string>): boolean {
  if (kinds.has(node.kind)) return true;
  return childrenOf(node).some((c) => containsKind(c, kinds));
}

const IMPURE = new Set(['AssignExpr', 'CallExpr', 'MethodCallExpr', 'MacroCall', 'ClosureExpr', 'ReturnExpr', 'BreakExpr', 'ContinueExpr', 'TryExpr', 'AwaitExpr', 'YieldExpr']);
const CONTINUE = new Set(['ContinueExpr']);

/** No side effect: no assignment or call, except reading a length (`v.len()`, whose int kind means the built-in one). */
function pureCondition(node: A.Node): boolean {
  if (node.kind === 'MethodCallExpr') {
    const m = node as A.MethodCallExpr;
    return m.method.name === 'len' && m.args.length === 0 && !m.optional && pureCondition(m.receiver);
  }
  if (IMPURE.has(node.kind)) return false;
  return childrenOf(node).every(pureCondition);
}

class BodyAnalysis {
  private readonly frames: LoopFrame[] = [];
  /** Peek mode: evaluate without marking nodes. */
  private peek = 0;
  private readonly siteCache = new Map<A.Node, Site[]>();

  constructor(
    private readonly kinds: KindInfo,
    private readonly pre: Prepass,
    private readonly ctx: A.Node,
    private readonly out: Map<A.Node, boolean>,
    private readonly guards: ReadonlyMap<A.FunctionDecl, Guard>,
  ) {}

  tracked(v: Var): boolean {
    return v.kind === 'int' && this.pre.contextOf(v) === this.ctx && this.pre.stable(v);
  }

  private mark(node: A.Node, safe: boolean): void {
    if (this.peek === 0) this.out.set(node, safe);
  }

  private isInt(e: A.Expr): boolean {
    return this.kinds.expr(e) === 'int';
  }

  private varOf(e: A.Expr): Var | null {
    const u = unwrap(e);
    if (u.kind !== 'Identifier') return null;
    const r = this.kinds.use(u);
    return r instanceof Var && this.tracked(r) ? r : null;
  }

  // ---------------------------------------------------------------- statements

  /** Runs a block; returns the state after it and the interval of its tail value. */
  block(stmts: readonly A.Stmt[], s: State): [State, Interval] {
    let tail = -1;
    for (let i = stmts.length - 1; i >= 0; i--) {
      const k = stmts[i].kind;
      if (k === 'EmptyStmt') continue;
      if (k === 'ExprStmt') tail = i;
      break;
    }
    let value = TOP;
    for (let i = 0; i < stmts.length; i++) {
      const st = stmts[i];
      if (s === null) break;
      if (st.kind === 'ExprStmt') {
        const [s2, x] = this.ev(st.expr, s);
        s = s2;
        if (i === tail) value = x;
      } else if (st.kind === 'LetStmt') {
        s = this.letStmt(st, s);
      } else if (st.kind === 'EmptyStmt' || isItem(st)) {
        continue;
      } else {
        s = this.havoc(st, s);
      }
    }
    return [s, value];
  }

  private letStmt(st: A.LetStmt, s: State): State {
    const p = st.pattern;
    if (st.elseBlock !== null) return this.havoc(st, s);
    let x = TOP;
    if (st.init !== null) [s, x] = this.ev(st.init, s);
    if (s === null) return null;
    const out = new Map(s);
    if (p.kind === 'IdentPattern' && p.subpattern === null) {
      const v = this.kinds.declVar(p);
      if (v !== undefined && this.tracked(v)) {
        if (this.isIntExpr(st.init)) out.set(v, x);
        else out.delete(v);
      }
    }
    return out;
  }

  private isIntExpr(e: A.Expr | null): boolean {
    return e !== null && this.isInt(e);
  }

  /** An unmodelled construct: every variable it assigns becomes unknown, and so do its exits. */
  private havoc(node: A.Node, s: State): State {
    if (s === null) return null;
    const out = new Map(s);
    const assigned = new Set<Var>();
    this.collectAssigned(node, assigned);
    for (const v of assigned) out.delete(v);
    for (const f of this.frames) {
      const top = new Map<Var, Interval>();
      for (const v of assigned) if (f.acc.has(v)) top.set(v, TOP);
      if (top.size > 0) f.records.set(node, top);
      f.breaks.push(out);
      f.conts.push(out);
    }
    return out;
  }

  private collectAssigned(node: A.Node, out: Set<Var>): void {
    if (node.kind === 'AssignExpr') for (const v of assignedVars(this.kinds, (node as A.AssignExpr).target)) out.add(v);
    for (const c of childrenOf(node)) this.collectAssigned(c, out);
  }

  // ---------------------------------------------------------------- expressions

  private ev(e: A.Expr, s: State): [State, Interval] {
    if (s === null) return [null, TOP];
    switch (e.kind) {
      case 'IntLiteral': {
        const v = intLiteralValue(e);
        if (v === null) return [s, TOP];
        const n = Number(v);
        return [s, Math.abs(n) <= MAX ? { lo: n, hi: n } : TOP];
      }
      case 'FloatLiteral':
      case 'StringLiteral':
      case 'CharLiteral':
      case 'BoolLiteral':
      case 'UnitLiteral':
        return [s, TOP];
      case 'Identifier': {
        const v = this.varOf(e);
        return [s, v === null ? TOP : (s.get(v) ?? TOP)];
      }
      case 'ParenExpr':
        return this.ev(e.expr, s);
      case 'UnaryExpr': {
        const [s2, x] = this.ev(e.operand, s);
        if (e.op === '-' && this.isInt(e.operand)) {
          const r = neg(x);
          this.mark(e, finite(x) && finite(r));
          return [s2, r];
        }
        if (e.op === '+' || e.op === '&' || e.op === '&mut' || e.op === '*') return [s2, x];
        return [s2, TOP];
      }
      case 'BinaryExpr':
        return this.binary(e, s);
      case 'AssignExpr':
        return [this.assign(e, s), TOP];
      case 'BlockExpr':
        if (e.label !== null) return [this.havoc(e, s), TOP];
        return this.block(e.stmts, s);
      case 'IfExpr':
        return this.ifExpr(e, s);
      case 'WhileExpr':
      case 'LoopExpr':
      case 'ForExpr':
        return [this.loop(e, s), TOP];
      case 'ReturnExpr':
        if (e.value !== null) this.ev(e.value, s);
        return [null, TOP];
      case 'BreakExpr': {
        let s2: State = s;
        if (e.value !== null) [s2] = this.ev(e.value, s);
        this.target(e.label)?.breaks.push(s2);
        return [null, TOP];
      }
      case 'ContinueExpr':
        this.target(e.label)?.conts.push(s);
        return [null, TOP];
      case 'CallExpr': {
        let s2: State = s;
        if (e.callee.kind !== 'Identifier' && e.callee.kind !== 'Path') [s2] = this.ev(e.callee, s2);
        const args: Interval[] = [];
        for (const a of e.args) {
          let x: Interval;
          [s2, x] = this.ev(a, s2);
          args.push(this.isInt(a) ? x : TOP);
        }
        // A call whose int arguments pass the callee's guard may call its fast version directly.
        const f = e.callee.kind === 'Identifier' ? this.kinds.use(e.callee) : null;
        const guard = f instanceof FnInfo ? this.guards.get(f.decl) : undefined;
        if (guard !== undefined) this.mark(e, guard.params.every((i) => i < args.length && args[i].lo >= -guard.bound && args[i].hi <= guard.bound));
        return [s2, TOP];
      }
      case 'MethodCallExpr': {
        let [s2] = this.ev(e.receiver, s);
        for (const a of e.args) [s2] = this.ev(a, s2);
        const len = e.method.name === 'len' && e.args.length === 0 && this.isInt(e);
        return [s2, len ? { lo: 0, hi: 2 ** 32 } : TOP];
      }
      case 'MacroCall': {
        if (e.tokens !== null) return [s, TOP];
        if (e.args.some((a) => a.kind === 'MacroArgPair')) return [this.havoc(e, s), TOP];
        let s2: State = s;
        for (const a of e.args) [s2] = this.ev(a as A.Expr, s2);
        return [s2, TOP];
      }
      case 'IndexExpr': {
        let [s2] = this.ev(e.object, s);
        [s2] = this.ev(e.index, s2);
        return [s2, TOP];
      }
      case 'FieldExpr':
        return [this.ev(e.object, s)[0], TOP];
      case 'CastExpr':
        return [this.ev(e.expr, s)[0], TOP];
      case 'TupleExpr':
      case 'ArrayExpr': {
        let s2: State = s;
        for (const a of e.elements) [s2] = this.ev(a, s2);
        return [s2, TOP];
      }
      case 'FString': {
        let s2: State = s;
        for (const p of e.parts) if (p.kind === 'FStringInterpolation') [s2] = this.ev(p.expr, s2);
        return [s2, TOP];
      }
      default:
        return [this.havoc(e, s), TOP];
    }
  }

  private target(label: A.Label | null): LoopFrame | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      if (label === null || this.frames[i].label === label.name) return this.frames[i];
    }
    return undefined;
  }

  private binary(e: A.BinaryExpr, s: State): [State, Interval] {
    const op = e.op;
    if (op === '&&' || op === '||') {
      const [s1] = this.ev(e.left, s);
      const [s2] = this.ev(e.right, this.refine(s1, e.left, op === '&&'));
      return [joinStates(s1, s2), TOP];
    }
    const [s1, l] = this.ev(e.left, s);
    const [s2, r] = this.ev(e.right, s1);
    if (!this.isInt(e.left) || !this.isInt(e.right)) return [s2, TOP];
    const res = this.arith(op, l, r);
    if (res !== null) this.mark(e, res.safe);
    return [s2, res?.value ?? TOP];
  }

  /** The interval of an int operation and whether it is safe (null: not an arithmetic operator). */
  private arith(op: string, l: Interval, r: Interval): { value: Interval; safe: boolean } | null {
    const operands = finite(l) && finite(r);
    let value: Interval;
    switch (op) {
      case '+':
        value = add(l, r);
        break;
      case '-':
        value = add(l, neg(r));
        break;
      case '*':
        value = mul(l, r);
        break;
      case '/': {
        const nonZero = r.lo > 0 || r.hi < 0;
        const m = Math.max(Math.abs(l.lo), Math.abs(l.hi));
        value = l.lo >= 0 && r.lo > 0 ? iv(0, Math.floor(l.hi / r.lo)) : iv(-m, m);
        return { value, safe: operands && nonZero && finite(value) };
      }
      case '%': {
        const nonZero = r.lo > 0 || r.hi < 0;
        const m = Math.max(Math.abs(r.lo), Math.abs(r.hi)) - 1;
        const a = Math.max(Math.abs(l.lo), Math.abs(l.hi));
        const k = Math.min(m, a);
        value = l.lo >= 0 ? iv(0, k) : iv(-k, k);
        return { value, safe: operands && nonZero && finite(value) };
      }
      default:
        return null;
    }
    return { value, safe: operands && finite(value) };
  }

  private assign(e: A.AssignExpr, s: State): State {
    const t = unwrap(e.target);
    if (t.kind !== 'Identifier') {
      // `a[i] = v`, `p.x = v`, `(a, b) = t`: evaluated, and any variable written becomes unknown.
      let [s2] = this.ev(e.value, s);
      if (t.kind === 'IndexExpr') {
        [s2] = this.ev(t.object, s2);
        [s2] = this.ev(t.index, s2);
      } else if (t.kind === 'FieldExpr') {
        [s2] = this.ev(t.object, s2);
      }
      return this.havocVars(e, s2, assignedVars(this.kinds, t));
    }
    const v = this.varOf(t);
    this.recordSite(e, s);
    const [s2, x] = this.ev(e.value, s);
    if (s2 === null) return null;
    if (v === null) return s2;
    const out = new Map(s2);
    if (e.op === '=') {
      if (this.isInt(e.value)) out.set(v, x);
      else out.delete(v);
      return out;
    }
    const op = e.op.slice(0, -1);
    const cur = s2.get(v) ?? TOP;
    const res = this.isInt(e.value) && v.kind === 'int' ? this.arith(op, cur, x) : null;
    if (res !== null) {
      this.mark(e, res.safe);
      out.set(v, res.value);
    } else out.delete(v);
    return out;
  }

  private havocVars(node: A.Node, s: State, vars: Var[]): State {
    if (s === null) return null;
    const out = new Map(s);
    for (const v of vars) out.delete(v);
    for (const f of this.frames) {
      const top = new Map<Var, Interval>();
      for (const v of vars) if (f.acc.has(v)) top.set(v, TOP);
      if (top.size > 0) f.records.set(node, top);
    }
    return out;
  }

  /** An assignment to an accumulator of enclosing loops: its change, times the inner loops' trip counts. */
  private recordSite(e: A.AssignExpr, s: State): void {
    if (s === null || this.frames.length === 0) return;
    const v = this.varOf(e.target);
    if (v === null) return;
    let mult = 1;
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.acc.has(v)) {
        const site = this.sitesOf(f.node).find((x) => x.node === e);
        let d = TOP;
        if (site?.delta != null) {
          this.peek++;
          try {
            d = this.ev(site.delta.e, s)[1];
          } finally {
            this.peek--;
          }
          if (site.delta.sign < 0) d = neg(d);
        }
        const step = { lo: Math.min(0, d.lo), hi: Math.max(0, d.hi) };
        f.records.set(e, new Map([[v, { lo: mulB(step.lo, mult), hi: mulB(step.hi, mult) }]]));
      }
      mult = mulB(mult, f.trips);
    }
  }

  private ifExpr(e: A.IfExpr, s: State): [State, Interval] {
    let sThen: State;
    let sElse: State;
    if (e.condition.kind === 'LetCondition') {
      const [s1] = this.ev(e.condition.value, s);
      sThen = s1;
      sElse = s1;
    } else {
      const [s1] = this.ev(e.condition, s);
      sThen = this.refine(s1, e.condition, true);
      sElse = this.refine(s1, e.condition, false);
    }
    const [a, x] = this.block(e.then.stmts, sThen);
    let b: State = sElse;
    let y = TOP;
    if (e.else !== null) [b, y] = e.else.kind === 'IfExpr' ? this.ifExpr(e.else, sElse) : this.block(e.else.stmts, sElse);
    const value = a === null ? y : b === null ? x : hull(x, y);
    return [joinStates(a, b), value];
  }

  // ---------------------------------------------------------------- conditions

  /** The state in which `cond` evaluated to `truth` (pure conditions only; else unchanged). */
  private refine(s: State, cond: A.Expr, truth: boolean): State {
    if (s === null) return null;
    const c = unwrap(cond);
    if (c.kind === 'UnaryExpr' && c.op === '!') return this.refine(s, c.operand, !truth);
    if (c.kind !== 'BinaryExpr') return s;
    if (c.op === '&&') return truth ? this.refine(this.refine(s, c.left, true), c.right, true) : s;
    if (c.op === '||') return truth ? s : this.refine(this.refine(s, c.left, false), c.right, false);
    if (!['<', '<=', '>', '>=', '=='].includes(c.op)) return s;
    if (!this.isInt(c.left) || !this.isInt(c.right) || !pureCondition(c)) return s;
    // Normalise to `l OP r` with OP in <, <=, ==, for the truth value.
    let op: string = c.op;
    if (!truth) op = op === '<' ? '>=' : op === '<=' ? '>' : op === '>' ? '<=' : op === '>=' ? '<' : '!=';
    if (op === '!=') return s;
    const l = this.peekEv(c.left, s);
    const r = this.peekEv(c.right, s);
    const out = new Map(s);
    const restrict = (side: A.Expr, lo: number, hi: number): boolean => {
      const u = unwrap(side);
      let v = this.varOf(u);
      if (v !== null) {
        const cur = out.get(v) ?? TOP;
        const lo2 = Math.max(cur.lo, lo);
        const hi2 = Math.min(cur.hi, hi);
        if (lo2 > hi2) return false;
        out.set(v, iv(lo2, hi2));
        return true;
      }
      // `i * i <= e` with i >= 0: i <= floor(sqrt(e)).
      if (u.kind === 'BinaryExpr' && u.op === '*' && (v = this.varOf(u.left)) !== null && this.varOf(u.right) === v) {
        const cur = out.get(v) ?? TOP;
        if (cur.lo >= 0 && hi !== Infinity) {
          const hi2 = Math.min(cur.hi, Math.floor(Math.sqrt(Math.max(0, hi))));
          if (cur.lo > hi2) return false;
          out.set(v, iv(cur.lo, hi2));
        }
      }
      return true;
    };
    let ok = true;
    switch (op) {
      case '<':
        ok = restrict(c.left, -Infinity, r.hi - 1) && restrict(c.right, l.lo + 1, Infinity);
        break;
      case '<=':
        ok = restrict(c.left, -Infinity, r.hi) && restrict(c.right, l.lo, Infinity);
        break;
      case '>':
        ok = restrict(c.left, r.lo + 1, Infinity) && restrict(c.right, -Infinity, l.hi - 1);
        break;
      case '>=':
        ok = restrict(c.left, r.lo, Infinity) && restrict(c.right, -Infinity, l.hi);
        break;
      case '==':
        ok = restrict(c.left, r.lo, r.hi) && restrict(c.right, l.lo, l.hi);
        break;
    }
    return ok ? out : null;
  }

  private peekEv(e: A.Expr, s: State): Interval {
    this.peek++;
    try {
      return this.ev(e, s)[1];
    } finally {
      this.peek--;
    }
  }

  // ---------------------------------------------------------------- loops

  private sitesOf(loop: A.Node): Site[] {
    let sites = this.siteCache.get(loop);
    if (sites !== undefined) return sites;
    sites = [];
    const visit = (n: A.Node): void => {
      if (n.kind === 'AssignExpr') {
        const a = n as A.AssignExpr;
        for (const v of assignedVars(this.kinds, a.target)) sites!.push({ node: a, v, delta: this.accumulation(a, v) });
      }
      for (const c of childrenOf(n)) visit(c);
    };
    visit(loop);
    this.siteCache.set(loop, sites);
    return sites;
  }

  /** `v = v + x`, `v = x + v`, `v = v - x`, `v += x`, `v -= x` with x pure and free of v. */
  private accumulation(a: A.AssignExpr, v: Var): Site['delta'] {
    if (unwrap(a.target).kind !== 'Identifier') return null;
    const free = (x: A.Expr): boolean => !containsKind(x, IMPURE) && !this.mentions(x, v);
    if (a.op === '+=' || a.op === '-=') return free(a.value) ? { e: a.value, sign: a.op === '+=' ? 1 : -1 } : null;
    if (a.op !== '=') return null;
    const val = unwrap(a.value);
    if (val.kind !== 'BinaryExpr' || (val.op !== '+' && val.op !== '-')) return null;
    if (this.isVar(val.left, v) && free(val.right)) return { e: val.right, sign: val.op === '+' ? 1 : -1 };
    if (val.op === '+' && this.isVar(val.right, v) && free(val.left)) return { e: val.left, sign: 1 };
    return null;
  }

  private isVar(e: A.Expr, v: Var): boolean {
    const u = unwrap(e);
    return u.kind === 'Identifier' && this.kinds.use(u) === v;
  }

  private mentions(e: A.Node, v: Var): boolean {
    if (e.kind === 'Identifier' && this.kinds.use(e) === v) return true;
    return childrenOf(e).some((c) => this.mentions(c, v));
  }

  private declaredInside(v: Var, loop: A.Node): boolean {
    const d = this.pre.declNode.get(v);
    return d !== undefined && d.start >= loop.start && d.end <= loop.end;
  }

  /** A while loop's induction variable, its head interval and the trip count bound. */
  private induction(e: A.WhileExpr, s: Map<Var, Interval>, sites: Site[]): { v: Var; head: Interval; trips: number } | null {
    if (containsKind(e.body, CONTINUE)) return null;
    for (const st of e.body.stmts) {
      if (st.kind !== 'ExprStmt' || unwrap(st.expr).kind !== 'AssignExpr') continue;
      const a = unwrap(st.expr) as A.AssignExpr;
      const v = this.varOf(a.target);
      if (v === null) continue;
      const site = sites.find((x) => x.node === a);
      if (site?.delta == null || site.delta.sign < 0 || sites.filter((x) => x.v === v).length !== 1) continue;
      const c = unwrap(site.delta.e);
      if (c.kind !== 'IntLiteral') continue;
      const step = Number(intLiteralValue(c) ?? 0n);
      if (!(step > 0 && step <= 2 ** 31)) continue;
      const start = s.get(v) ?? TOP;
      if (start.lo === -Infinity) continue;
      const bound = this.loopBound(e.condition, v, s, sites);
      if (bound === null) continue;
      const last = bound; // the largest value of v in an iteration's body, before the step
      if (last === Infinity) return { v, head: { lo: start.lo, hi: Infinity }, trips: Infinity };
      const head = iv(start.lo, Math.max(start.hi, last + step));
      const trips = Math.max(0, Math.ceil((last - start.lo + 1) / step)) + 1;
      return { v, head, trips };
    }
    return null;
  }

  /** The largest value of `v` for which the condition can hold (null: no bound found). */
  private loopBound(cond: A.Expr, v: Var, s: Map<Var, Interval>, sites: Site[]): number | null {
    const c = unwrap(cond);
    if (c.kind !== 'BinaryExpr') return null;
    if (c.op === '&&') {
      const l = this.loopBound(c.left, v, s, sites);
      const r = this.loopBound(c.right, v, s, sites);
      return l === null ? r : r === null ? l : Math.min(l, r);
    }
    let op: string = c.op;
    let side = c.left;
    let other = c.right;
    if (op === '>' || op === '>=') {
      op = op === '>' ? '<' : '<=';
      side = c.right;
      other = c.left;
    }
    if (op !== '<' && op !== '<=') return null;
    if (!this.isInt(other) || !this.invariant(other, sites)) return null;
    const e = this.peekEv(other, s).hi;
    const max = op === '<' ? e - 1 : e;
    const u = unwrap(side);
    if (this.isVar(u, v)) return max;
    if (u.kind === 'BinaryExpr' && u.op === '*' && this.isVar(u.left, v) && this.isVar(u.right, v)) {
      const start = s.get(v) ?? TOP;
      if (start.lo < 0) return null;
      return max === Infinity ? Infinity : Math.floor(Math.sqrt(Math.max(0, max))) + 1;
    }
    return null;
  }

  /** Pure and reading no variable the loop assigns. */
  private invariant(e: A.Expr, sites: Site[]): boolean {
    if (containsKind(e, IMPURE)) return false;
    const assigned = new Set(sites.map((x) => x.v));
    const reads = (n: A.Node): boolean => {
      if (n.kind === 'Identifier') {
        const r = this.kinds.use(n);
        if (r instanceof Var && assigned.has(r)) return true;
        if (r === undefined || (r !== null && !(r instanceof Var) && !(r instanceof FnInfo))) return true;
      }
      return childrenOf(n).some(reads);
    };
    return !reads(e);
  }

  private loop(e: A.WhileExpr | A.LoopExpr | A.ForExpr, s0: State): State {
    if (s0 === null) return null;
    if (e.kind === 'WhileExpr' && e.condition.kind === 'LetCondition') return this.havoc(e, s0);
    let entry: Map<Var, Interval> = s0;
    let forVar: { v: Var; range: Interval } | null = null;
    let trips = Infinity;
    if (e.kind === 'ForExpr') {
      const it = e.iterable;
      if (it.kind !== 'RangeExpr' || it.from === null || it.to === null) {
        const [s1] = this.ev(it, entry);
        if (s1 === null) return null;
        entry = s1;
      } else {
        const [s1, a] = this.ev(it.from, entry);
        const [s2, b] = this.ev(it.to, s1);
        if (s2 === null) return null;
        entry = s2;
        const p = e.pattern;
        const v = p.kind === 'IdentPattern' && p.subpattern === null ? this.kinds.declVar(p) : undefined;
        if (this.isInt(it.from) && this.isInt(it.to) && finite(a) && finite(b)) {
          const last = it.inclusive ? b.hi : b.hi - 1;
          trips = Math.max(0, last - a.lo + 1) + 1;
          if (v !== undefined && this.tracked(v) && last >= a.lo) forVar = { v, range: iv(a.lo, last) };
        }
      }
    }
    const sites = this.sitesOf(e);
    const w = new Set<Var>();
    for (const x of sites) if (this.tracked(x.v) && !this.declaredInside(x.v, e)) w.add(x.v);
    const ind = e.kind === 'WhileExpr' ? this.induction(e, entry, sites) : null;
    if (ind !== null) trips = ind.trips;
    const acc = new Set<Var>();
    for (const v of w) {
      if (v === ind?.v) continue;
      if (sites.every((x) => x.v !== v || x.delta !== null)) acc.add(v);
    }
    let head = new Map(entry);
    if (ind !== null) head.set(ind.v, ind.head);
    for (let round = 0; ; round++) {
      const frame: LoopFrame = { node: e, label: e.label?.name ?? null, trips, acc, records: new Map(), breaks: [], conts: [] };
      this.frames.push(frame);
      let exit: State;
      let end: State;
      try {
        let bodyIn: State = head;
        exit = null;
        if (e.kind === 'WhileExpr') {
          const [s1] = this.ev(e.condition, head);
          bodyIn = this.refine(s1, e.condition, true);
          exit = this.refine(s1, e.condition, false);
        } else if (e.kind === 'ForExpr') {
          exit = head;
          if (forVar !== null) {
            bodyIn = new Map(head);
            bodyIn.set(forVar.v, forVar.range);
          }
        }
        [end] = this.block(e.body.stmts, bodyIn);
      } finally {
        this.frames.pop();
      }
      for (const c of frame.conts) end = joinStates(end, c);
      const next = new Map(head);
      let changed = false;
      for (const v of w) {
        if (v === ind?.v) continue;
        const cur = head.get(v) ?? TOP;
        let x: Interval;
        if (acc.has(v)) {
          let lo = 0;
          let hi = 0;
          for (const r of frame.records.values()) {
            const d = r.get(v);
            if (d !== undefined) {
              lo += d.lo;
              hi += d.hi;
            }
          }
          const start = entry.get(v) ?? TOP;
          x = iv(start.lo + mulB(lo, trips), start.hi + mulB(hi, trips));
        } else {
          x = end === null ? cur : (end.get(v) ?? TOP);
        }
        let joined = hull(cur, x);
        // Widening: a variable still growing after a few rounds becomes unknown (then stable).
        if ((round >= 6 && !sameIv(joined, cur)) || round >= 12) joined = TOP;
        if (!sameIv(joined, cur)) changed = true;
        if (joined === TOP || (joined.lo === -Infinity && joined.hi === Infinity)) next.delete(v);
        else next.set(v, joined);
      }
      if (!changed) {
        for (const b of frame.breaks) exit = joinStates(exit, b);
        return exit;
      }
      head = next;
    }
  }
}
