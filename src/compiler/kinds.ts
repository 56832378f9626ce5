// Representation analysis ("kinds"): a whole-program, monomorphic flow analysis over the
// AST that tells the emitter which values are statically integers, floats, booleans,
// strings or arrays of such, so that it can use plain JavaScript arithmetic and keep floats
// unboxed.
//
// THE LATTICE. Every variable, function parameter, function result and expression gets a
// kind:
//
//        bot  <  int | float | bool | str | arr(C)  <  dyn
//
// `bot` is "no value seen yet" (unreached code, a function never called, `return`), `dyn`
// is "anything" (the canonical runtime representation of value.ts). Two different kinds
// join to `dyn`, except two arrays, whose classes are unified (below). int and float join
// to dyn: they have different representations (an int is a JS number or a bigint; a
// statically-float value is a RAW JS number, 2.0 included, see below).
//
// ARRAY CLASSES. Every array allocation site (`[...]`, `[v; n]`, `vec![...]`) has a class
// C; arrays that may flow into the same place have their classes unified (union-find), so
// a class is the set of arrays one variable/parameter/element may hold, with one element
// kind (the join of every value stored: literal elements, `push`, `a[i] = v`) and two
// flags:
//   - canonical: some generic runtime code reads the arrays (println, `==`, a generic
//     method such as `.contains`, a for loop with a destructuring pattern, ...): their
//     elements are stored in the canonical representation (an integral float boxed).
//     Otherwise float elements are stored raw (a JS array of plain doubles, which V8 keeps
//     unboxed).
//   - escaped: the arrays flow into a place the analysis does not model (an argument of a
//     closure or a method, a tuple, a struct field, a `dyn` variable): unknown code may
//     store anything in them, so the element kind becomes dyn (and the class canonical).
// Nested classes inherit both flags (printing an array of arrays prints the inner ones).
//
// FUNCTIONS are monomorphic: a parameter's kind is the join of the arguments of every call
// site (a missing argument is nil, so dyn); the result is the join of every returned value.
// A function used as a value (passed, stored, called through a variable) or an impl method
// (called by the runtime's dynamic dispatch) has dyn parameters and a dyn result.
// Closures have dyn parameters and results; the variables they capture are ordinary
// variables (flow-insensitive), so a closure assigning an outer variable joins into it.
//
// FLOW-INSENSITIVE per binding: a `let mut` has one kind for its whole life, the join of
// its initializer and every assignment (module-level `let mut` mutated by functions
// included). Shadowing `let`s are different bindings. The fixpoint re-walks the whole
// program until no kind changes (kinds only grow; the lattice has finite height except for
// nested array classes, which unification keeps finite).
//
// NAME RESOLUTION mirrors the emitter's scoping exactly (predeclared items and top-level
// lets, function boundaries, `let` visible after its initializer, pattern bindings through
// the same compilePattern). The emitter re-checks every resolution against this one
// (`use`/`declVar`) and compiles without kinds if they ever disagree, so a divergence costs
// speed, never correctness.
//
// REPRESENTATION RULE the emitter follows: a variable declared by `let`, a parameter or a
// `for` loop variable whose kind is float holds a raw JS number; everything else holds the
// canonical representation. A raw float is boxed (`mkFloat`) exactly where it flows into a
// canonical place (printing, a dyn variable, a canonical array, an argument of a runtime
// function), and a canonical float is unboxed where a raw one is needed.

import type * as A from '../syntax/ast.js';
import { collectDeclarations, implTypeName, implTypeNameOf, type Declarations } from './declarations.js';
import type { BindingKind } from './names.js';
import { compilePattern, type PatternHost } from './patterns.js';
import { BUILTIN_NAMES } from './runtime/builtins.js';

export type Scalar = 'bot' | 'int' | 'float' | 'bool' | 'str' | 'dyn';

export interface ArrKind {
  readonly t: 'arr';
  readonly c: ArrClass;
}

export type Kind = Scalar | ArrKind;

export class ArrClass {
  parent: ArrClass | null = null;
  elem: Kind = 'bot';
  canonical = false;
  escaped = false;
  constructor(readonly id: number) {}

  root(): ArrClass {
    let c: ArrClass = this;
    while (c.parent !== null) c = c.parent;
    // Path compression.
    let x: ArrClass = this;
    while (x.parent !== null && x.parent !== c) {
      const next: ArrClass = x.parent;
      x.parent = c;
      x = next;
    }
    return c;
  }
}

/** A variable (let, parameter, loop variable, pattern binding, const, top-level let). */
export class Var {
  kind: Kind = 'bot';
  constructor(
    readonly name: string,
    /** Holds the canonical representation even when float (pattern bindings). */
    readonly canon: boolean,
  ) {}

  /** Whether the variable holds a raw (unboxed) float. */
  get raw(): boolean {
    return this.kind === 'float' && !this.canon;
  }
}

/** A function declared with `fun` (top level or nested) or an impl method. */
export class FnInfo {
  ret: Kind = 'bot';
  /** Used as a value or called by dynamic dispatch: parameters and result are dyn. */
  escapes = false;
  constructor(
    readonly decl: A.FunctionDecl,
    /** Per parameter: the variable of a simple `name` parameter, else null. */
    readonly params: (Var | null)[],
  ) {}

  get retRaw(): boolean {
    return this.ret === 'float';
  }
}

export type Ref = Var | FnInfo;

export function isArr(k: Kind): k is ArrKind {
  return typeof k !== 'string';
}

export function kindName(k: Kind): string {
  if (typeof k === 'string') return k;
  const r = k.c.root();
  return `arr#${r.id}${r.canonical ? 'c' : ''}${r.escaped ? 'e' : ''}<${kindName(r.elem)}>`;
}

/** The element kind of an array kind (bot for other kinds). */
export function elemOf(k: Kind): Kind {
  return isArr(k) ? k.c.root().elem : 'bot';
}

/** Whether the arrays of this kind store floats raw. */
export function rawElems(k: Kind): boolean {
  return isArr(k) && !k.c.root().canonical && k.c.root().elem === 'float';
}

/** What the emitter asks the analysis. */
export interface KindInfo {
  /** The kind of an expression (bot when unknown: synthetic nodes, unreached code). */
  expr(e: A.Node): Kind;
  /** The kind of `target op value` for a compound assignment. */
  compound(e: A.AssignExpr): Kind | undefined;
  /** The variable a declaring node (IdentPattern, pattern Identifier, ConstDecl, Param) creates. */
  declVar(node: A.Node): Var | undefined;
  /** What an identifier use resolved to (null: not a variable or function). */
  use(node: A.Node): Ref | null | undefined;
  fn(decl: A.FunctionDecl): FnInfo | undefined;
  /** Whether the program adds methods to built-in types (then no method is specialised). */
  readonly builtinImpls: boolean;
}

// ------------------------------------------------------------------ analysis scopes

interface ABinding {
  kind: BindingKind;
  ref: Ref | null;
}

class AScope {
  readonly names = new Map<string, ABinding>();
  constructor(readonly parent: AScope | null) {}
  lookup(name: string): ABinding | undefined {
    for (let s: AScope | null = this; s !== null; s = s.parent) {
      const b = s.names.get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }
}

interface ALoop {
  label: string | null;
  isBlock: boolean;
  /** Loops with a value (loop, labelled blocks) collect the kinds of `break value`. */
  hasValue: boolean;
  value: Kind;
}

interface AFn {
  /** The function whose `return` this is; null for closures, thunks and the top level (results are dyn). */
  info: FnInfo | null;
  loops: ALoop[];
}

const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const PRINT_BUILTINS = new Set(['println', 'print', 'eprintln', 'eprint', 'assert', 'assert_eq', 'assert_ne', 'panic', 'format']);
const MACROS = new Set(['println', 'print', 'eprintln', 'format', 'assert', 'assert_eq', 'assert_ne', 'panic']);
export const INT_TYPES = new Set(['i8', 'i16', 'i32', 'i64', 'i128', 'isize', 'u8', 'u16', 'u32', 'u64', 'u128', 'usize', 'int']);
export const FLOAT_TYPES = new Set(['f64', 'f32', 'float']);
/** Type names whose impl blocks add methods to built-in values (runtime `builtinImpls`). */
const BUILTIN_TYPE_NAMES = new Set([
  ...INT_TYPES, ...FLOAT_TYPES, 'String', 'str', '&str', 'Vec', 'Array', 'bool',
]);
/** Array methods that only read the array's elements (the class becomes canonical, not escaped). */
const READ_ONLY_ARRAY_METHODS = new Set(['len', 'is_empty', 'contains', 'join', 'to_string', 'sum', 'product']);
/** Float methods compiled inline on a raw float (also on an int receiver, converted). */
export const FLOAT_MATH: Record<string, string> = {
  sqrt: 'Math.sqrt', sin: 'Math.sin', cos: 'Math.cos', tan: 'Math.tan', exp: 'Math.exp', ln: 'Math.log',
};
/** Float methods compiled inline on a raw float receiver only (on ints they return ints). */
export const FLOAT_ONLY_MATH: Record<string, string> = {
  abs: 'Math.abs', floor: 'Math.floor', ceil: 'Math.ceil', trunc: 'Math.trunc',
};

export function analyzeKinds(file: A.SourceFile, options: { imported?: ReadonlySet<string>; exported?: boolean } = {}): KindInfo {
  return new Analyzer(file, options).run();
}

class Analyzer implements PatternHost {
  readonly decls: Declarations;
  private readonly exprKinds = new Map<A.Node, Kind>();
  private readonly compoundKinds = new Map<A.AssignExpr, Kind>();
  private readonly vars = new Map<A.Node, Var>();
  private readonly uses = new Map<A.Node, Ref | null>();
  private readonly fns = new Map<A.FunctionDecl, FnInfo>();
  private readonly classes = new Map<A.Node, ArrClass>();
  private classCount = 0;
  private changed = false;
  private scope = new AScope(null);
  private fnCtx: AFn = { info: null, loops: [] };
  private implType: string | null = null;
  private topLets = new Set<A.LetStmt>();
  readonly builtinImpls: boolean;

  constructor(
    private readonly file: A.SourceFile,
    private readonly options: { imported?: ReadonlySet<string>; exported?: boolean },
  ) {
    this.decls = collectDeclarations(file.stmts);
    this.builtinImpls = [...this.decls.implFunctions.keys()].some((t) => BUILTIN_TYPE_NAMES.has(t));
  }

  run(): KindInfo {
    for (let i = 0; i < 200; i++) {
      this.changed = false;
      this.walkProgram();
      if (!this.changed) break;
      if (i === 199) throw new Error('kind analysis did not converge');
    }
    const self = this;
    return {
      expr: (e) => self.exprKinds.get(e) ?? 'bot',
      compound: (e) => self.compoundKinds.get(e),
      declVar: (n) => self.vars.get(n),
      use: (n) => self.uses.get(n),
      fn: (d) => self.fns.get(d),
      builtinImpls: self.builtinImpls,
    };
  }

  // ---------------------------------------------------------------- lattice

  private same(a: Kind, b: Kind): boolean {
    if (a === b) return true;
    return isArr(a) && isArr(b) && a.c.root() === b.c.root();
  }

  join(a: Kind, b: Kind): Kind {
    if (this.same(a, b)) return isArr(a) ? { t: 'arr', c: a.c.root() } : a;
    if (a === 'bot') return b;
    if (b === 'bot') return a;
    if (isArr(a) && isArr(b)) return { t: 'arr', c: this.union(a.c, b.c) };
    if (isArr(a)) this.escape(a.c);
    if (isArr(b)) this.escape(b.c);
    return 'dyn';
  }

  private union(a: ArrClass, b: ArrClass): ArrClass {
    const ra = a.root();
    const rb = b.root();
    if (ra === rb) return ra;
    rb.parent = ra;
    this.changed = true;
    const elem = rb.elem;
    if (rb.escaped) this.escape(ra);
    if (rb.canonical) this.observeClass(ra);
    this.addElem(ra, elem);
    return ra.root();
  }

  private addElem(c: ArrClass, k: Kind): void {
    const r = c.root();
    if (r.escaped) {
      this.sink(k);
      return;
    }
    const next = this.join(r.elem, k);
    const root = r.root();
    if (!this.same(next, root.elem)) {
      root.elem = next;
      this.changed = true;
    }
    if (root.canonical) this.observe(root.elem);
  }

  /** The value flows where unknown code may read, alias or mutate it. */
  sink(k: Kind): void {
    if (isArr(k)) this.escape(k.c);
  }

  private escape(c: ArrClass): void {
    const r = c.root();
    if (r.escaped) return;
    r.escaped = true;
    r.canonical = true;
    this.changed = true;
    const elem = r.elem;
    r.elem = 'dyn';
    this.sink(elem);
  }

  /** The value is read by generic runtime code (printing, comparison): canonical storage. */
  observe(k: Kind): void {
    if (isArr(k)) this.observeClass(k.c);
  }

  private observeClass(c: ArrClass): void {
    const r = c.root();
    if (r.canonical) return;
    r.canonical = true;
    this.changed = true;
    this.observe(r.elem);
  }

  private setVar(v: Var, k: Kind): void {
    const next = this.join(v.kind, k);
    if (!this.same(next, v.kind)) {
      v.kind = next;
      this.changed = true;
    } else if (isArr(next) && isArr(v.kind) && next.c !== v.kind.c) {
      v.kind = next;
    }
  }

  private setRet(f: FnInfo, k: Kind): void {
    const next = this.join(f.ret, f.escapes ? this.join(k, 'dyn') : k);
    if (!this.same(next, f.ret)) {
      f.ret = next;
      this.changed = true;
    }
  }

  private escapeFn(f: FnInfo): void {
    if (f.escapes) return;
    f.escapes = true;
    this.changed = true;
  }

  private applyEscape(f: FnInfo): void {
    if (!f.escapes) return;
    for (const p of f.params) if (p !== null) this.setVar(p, 'dyn');
    this.setRet(f, 'dyn');
  }

  private classFor(node: A.Node): ArrClass {
    let c = this.classes.get(node);
    if (c === undefined) {
      c = new ArrClass(++this.classCount);
      this.classes.set(node, c);
    }
    return c;
  }

  private varFor(node: A.Node, name: string, canon: boolean): Var {
    let v = this.vars.get(node);
    if (v === undefined) {
      v = new Var(name, canon);
      this.vars.set(node, v);
    }
    return v;
  }

  private fnFor(decl: A.FunctionDecl): FnInfo {
    let f = this.fns.get(decl);
    if (f === undefined) {
      const params = decl.params.map((p) => {
        if (p.self !== null) return null;
        if (p.pattern.kind === 'IdentPattern' && p.pattern.subpattern === null) return this.varFor(p.pattern, p.pattern.name.name, false);
        return null;
      });
      f = new FnInfo(decl, params);
      this.fns.set(decl, f);
    }
    return f;
  }

  private record(e: A.Node, k: Kind): Kind {
    this.exprKinds.set(e, k);
    return k;
  }

  // ---------------------------------------------------------------- scopes (mirror of the emitter)

  private withScope<T>(fn: () => T): T {
    const saved = this.scope;
    this.scope = new AScope(saved);
    try {
      return fn();
    } finally {
      this.scope = saved;
    }
  }

  private withFunction<T>(info: FnInfo | null, fn: () => T): T {
    const saved = this.fnCtx;
    this.fnCtx = { info, loops: [] };
    try {
      return this.withScope(fn);
    } finally {
      this.fnCtx = saved;
    }
  }

  private declare(name: string, kind: BindingKind, ref: Ref | null): void {
    this.scope.names.set(name, { kind, ref });
  }

  private lookupUse(node: A.Node, name: string): ABinding | undefined {
    const b = this.scope.lookup(name);
    this.uses.set(node, b?.ref ?? null);
    return b;
  }

  // ---------------------------------------------------------------- program

  private walkProgram(): void {
    this.scope = new AScope(null);
    this.fnCtx = { info: null, loops: [] };
    this.topLets = new Set();
    for (const name of this.options.imported ?? []) this.declare(name, 'var', this.varFor(this.file, `import:${name}`, true));
    for (const v of this.vars.values()) if (v.name.startsWith('import:')) this.setVar(v, 'dyn');
    const stmts = this.file.stmts;
    this.predeclare(stmts, true);
    for (const s of stmts) if (s.kind === 'StructDecl' || s.kind === 'EnumDecl') this.item(s);
    for (const s of stmts) if (s.kind === 'ImplDecl' || s.kind === 'TraitDecl' || s.kind === 'StructDecl') this.impls(s);
    for (const s of stmts) if (s.kind === 'FunctionDecl') this.item(s);
    for (const s of stmts) {
      if (s.kind === 'FunctionDecl' || s.kind === 'StructDecl' || s.kind === 'EnumDecl' || s.kind === 'ImplDecl' || s.kind === 'TraitDecl') continue;
      this.stmt(s);
    }
    const main = this.scope.lookup('main');
    if (main !== undefined && main.kind === 'fn' && main.ref instanceof FnInfo) this.callUser(main.ref, []);
    if (this.options.exported === true) {
      // A module imported by another file: its top-level functions are called from code this analysis does not see.
      for (const s of stmts) if (s.kind === 'FunctionDecl') this.escapeFn(this.fnFor(s));
      for (const s of stmts) {
        if (s.kind === 'LetStmt' && s.pattern.kind === 'IdentPattern') {
          const v = this.vars.get(s.pattern);
          if (v !== undefined) this.setVar(v, 'dyn');
        }
      }
    }
    for (const f of this.fns.values()) this.applyEscape(f);
  }

  private predeclare(stmts: readonly A.Stmt[], top: boolean): void {
    for (const s of stmts) {
      switch (s.kind) {
        case 'FunctionDecl':
          this.declare(s.name.name, 'fn', this.fnFor(s));
          break;
        case 'StructDecl':
          this.declare(s.name.name, 'struct', null);
          break;
        case 'EnumDecl':
          this.declare(s.name.name, 'enum', null);
          break;
        case 'ConstDecl':
          if (top) this.declare(s.name.name, 'const', this.varFor(s, s.name.name, false));
          break;
      }
    }
    if (top) {
      for (const s of stmts) {
        if (s.kind === 'LetStmt' && s.pattern.kind === 'IdentPattern' && !this.scope.names.has(s.pattern.name.name)) {
          this.declare(s.pattern.name.name, 'var', this.varFor(s.pattern, s.pattern.name.name, false));
          this.topLets.add(s);
        }
      }
    }
  }

  private item(s: A.Item): void {
    switch (s.kind) {
      case 'FunctionDecl': {
        const b = this.scope.lookup(s.name.name);
        const info = b?.ref instanceof FnInfo && b.ref.decl === s ? b.ref : this.fnFor(s);
        this.walkFunction(info);
        return;
      }
      case 'StructDecl':
        for (const f of s.fields) if (f.defaultValue !== null) this.thunk(f.defaultValue);
        return;
      case 'ConstDecl': {
        let b = this.scope.lookup(s.name.name);
        if (b === undefined) {
          this.declare(s.name.name, 'const', this.varFor(s, s.name.name, false));
          b = this.scope.lookup(s.name.name)!;
        }
        const k = s.value === null ? 'dyn' : this.ev(s.value);
        if (b.ref instanceof Var) this.setVar(b.ref, k);
        else this.sink(k);
        return;
      }
      case 'TraitDecl':
      case 'ImplDecl':
        this.impls(s);
        return;
      default:
        return;
    }
  }

  private thunk(e: A.Expr): void {
    this.withFunction(null, () => this.sink(this.ev(e)));
  }

  private impls(s: A.Stmt): void {
    if (s.kind === 'StructDecl') {
      if (s.methods.length > 0) this.implBlock(s.name.name, s.methods);
      return;
    }
    if (s.kind !== 'ImplDecl') return;
    const typeName = implTypeName(s);
    if (typeName === null) return;
    const methods = s.members.filter((m): m is A.FunctionDecl => m.kind === 'FunctionDecl');
    const traitName = s.trait === null ? null : implTypeNameOf(s.trait);
    const trait = traitName === null ? undefined : this.decls.traits.get(traitName);
    const defaults: A.FunctionDecl[] = [];
    if (trait !== undefined) {
      for (const m of trait.members) {
        if (m.kind === 'FunctionDecl' && m.body !== null && !methods.some((x) => x.name.name === m.name.name)) defaults.push(m);
      }
    }
    this.implBlock(typeName, [...methods, ...defaults]);
  }

  private implBlock(typeName: string, methods: readonly A.FunctionDecl[]): void {
    const saved = this.implType;
    this.implType = typeName;
    try {
      for (const m of methods) {
        if (m.body === null) continue;
        const info = this.fnFor(m);
        this.escapeFn(info);
        this.walkFunction(info);
      }
    } finally {
      this.implType = saved;
    }
  }

  private walkFunction(info: FnInfo): void {
    const f = info.decl;
    if (f.body === null) return;
    this.withFunction(info, () => {
      this.params(f.params, info);
      const k = this.blockBody(f.body!.stmts);
      this.setRet(info, k);
    });
  }

  /** Declares parameters in the current (function) scope, as emitParams does. */
  private params(params: readonly A.Param[], info: FnInfo | null): void {
    params.forEach((p, i) => {
      if (p.self !== null) {
        this.declare('self', 'var', this.varFor(p, 'self', true));
        this.setVar(this.varFor(p, 'self', true), 'dyn');
        return;
      }
      if (p.pattern.kind === 'IdentPattern' && p.pattern.subpattern === null) {
        const v = info?.params[i] ?? this.varFor(p.pattern, p.pattern.name.name, false);
        this.declare(p.pattern.name.name, 'var', v);
        if (info === null) this.setVar(v, 'dyn');
        if (p.defaultValue !== null) {
          this.setVar(v, this.ev(p.defaultValue));
          this.setVar(v, 'dyn');
        }
        return;
      }
      if (p.defaultValue !== null) this.sink(this.ev(p.defaultValue));
      this.bindPattern(p.pattern, 'dyn');
    });
  }

  // ---------------------------------------------------------------- statements

  private blockBody(stmts: readonly A.Stmt[]): Kind {
    this.predeclare(stmts, false);
    for (const s of stmts) if (s.kind === 'StructDecl' || s.kind === 'EnumDecl') this.item(s);
    for (const s of stmts) if (s.kind === 'ImplDecl' || s.kind === 'StructDecl') this.impls(s);
    for (const s of stmts) if (s.kind === 'FunctionDecl') this.item(s);
    let tail = -1;
    for (let i = stmts.length - 1; i >= 0; i--) {
      const k = stmts[i].kind;
      if (k === 'EmptyStmt') continue;
      if (k === 'ExprStmt') tail = i;
      break;
    }
    let result: Kind = 'dyn';
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      if (s.kind === 'FunctionDecl' || s.kind === 'StructDecl' || s.kind === 'EnumDecl' || s.kind === 'ImplDecl') continue;
      if (i === tail) result = this.ev((s as A.ExprStmt).expr);
      else this.stmt(s);
    }
    return result;
  }

  private stmt(s: A.Stmt): void {
    switch (s.kind) {
      case 'EmptyStmt':
        return;
      case 'ExprStmt':
        this.ev(s.expr);
        return;
      case 'LetStmt':
        this.letStmt(s);
        return;
      default:
        this.item(s);
    }
  }

  private letStmt(s: A.LetStmt): void {
    const p = s.pattern;
    if (p.kind === 'IdentPattern' && p.subpattern === null && s.elseBlock === null) {
      const topLevel = this.topLets.has(s);
      const k = s.init === null ? 'dyn' : this.ev(s.init);
      let v: Var;
      if (topLevel) {
        const b = this.scope.lookup(p.name.name)!;
        v = b.ref as Var;
      } else {
        v = this.varFor(p, p.name.name, false);
        this.declare(p.name.name, 'var', v);
      }
      this.setVar(v, k);
      return;
    }
    if (s.init === null) {
      for (const id of patternIdents(p)) {
        const v = this.varFor(id, id.name, true);
        this.declare(id.name, 'var', v);
        this.setVar(v, 'dyn');
      }
      return;
    }
    const k = this.ev(s.init);
    this.sink(k);
    if (s.elseBlock !== null) {
      const binds = compilePattern(p, '$v', this).binds;
      this.withScope(() => this.blockBody(s.elseBlock!.stmts));
      this.declareBinds(binds);
      return;
    }
    this.bindPattern(p, 'dyn');
  }

  /** compilePattern + declarePost, with the bound values' kind (dyn: read generically). */
  private bindPattern(p: A.Pattern, k: Kind): void {
    this.declareBinds(compilePattern(p, '$v', this).binds, k);
  }

  private declareBinds(binds: { name: string; node: A.Node }[], k: Kind = 'dyn'): void {
    for (const b of binds) {
      const v = this.varFor(b.node, b.name, true);
      this.declare(b.name, 'var', v);
      this.setVar(v, k);
    }
  }

  // ---------------------------------------------------------------- expressions

  ev(e: A.Expr): Kind {
    return this.record(e, this.evInner(e));
  }

  private evInner(e: A.Expr): Kind {
    switch (e.kind) {
      case 'IntLiteral':
        return 'int';
      case 'FloatLiteral':
        return 'float';
      case 'StringLiteral':
      case 'CharLiteral':
        return 'str';
      case 'BoolLiteral':
        return 'bool';
      case 'UnitLiteral':
        return 'dyn';
      case 'FString':
        for (const p of e.parts) if (p.kind === 'FStringInterpolation') this.observe(this.ev(p.expr));
        return 'str';
      case 'Identifier': {
        if (e.name.startsWith('\u0000')) return 'dyn';
        const b = this.lookupUse(e, e.name);
        if (b === undefined) return 'dyn';
        if (b.ref instanceof FnInfo) {
          this.escapeFn(b.ref);
          return 'dyn';
        }
        if (b.ref instanceof Var) return b.ref.kind;
        return 'dyn';
      }
      case 'SelfExpr':
        return 'dyn';
      case 'Path':
        return 'dyn';
      case 'UnaryExpr':
        return this.unary(e);
      case 'BinaryExpr':
        return this.binary(e);
      case 'AssignExpr':
        this.assign(e);
        return 'dyn';
      case 'PipelineExpr': {
        const right = e.right;
        if (right.kind === 'CallExpr') return this.call({ ...right, args: [e.left, ...right.args] });
        if (right.kind === 'MethodCallExpr') return this.method({ ...right, args: [e.left, ...right.args] });
        return this.call({ kind: 'CallExpr', callee: right, args: [e.left], start: e.start, end: e.end, openParen: e.opStart, closeParen: e.end });
      }
      case 'RangeExpr':
        if (e.from !== null) this.sink(this.ev(e.from));
        if (e.to !== null) this.sink(this.ev(e.to));
        return 'dyn';
      case 'CallExpr':
        return this.call(e);
      case 'MethodCallExpr':
        return this.method(e);
      case 'FieldExpr':
        this.observe(this.ev(e.object));
        return 'dyn';
      case 'IndexExpr': {
        const ko = this.ev(e.object);
        const ki = this.ev(e.index);
        if (ko === 'bot' || ki === 'bot') return 'bot';
        if (isArr(ko) && ki === 'int') return ko.c.root().elem;
        this.sink(ko);
        return 'dyn';
      }
      case 'TryExpr': {
        this.sink(this.ev(e.expr));
        if (this.fnCtx.info !== null) this.setRet(this.fnCtx.info, 'dyn');
        return 'dyn';
      }
      case 'CastExpr': {
        const k = this.ev(e.expr);
        const t = e.type.kind === 'NamedType' ? e.type.path[e.type.path.length - 1].name : 'unknown';
        if (FLOAT_TYPES.has(t)) return 'float';
        if (INT_TYPES.has(t)) return 'int';
        if (t === 'bool') return 'bool';
        if (t === 'String' || t === 'str' || t === 'string') {
          this.observe(k);
          return 'str';
        }
        this.sink(k);
        return 'dyn';
      }
      case 'AwaitExpr':
      case 'ParenExpr':
        return this.ev(e.expr);
      case 'TupleExpr':
        for (const x of e.elements) this.sink(this.ev(x));
        return 'dyn';
      case 'ArrayExpr': {
        const c = this.classFor(e);
        for (const x of e.elements) this.addElem(c, this.ev(x));
        return { t: 'arr', c: c.root() };
      }
      case 'ArrayRepeatExpr': {
        const c = this.classFor(e);
        this.addElem(c, this.ev(e.value));
        this.observe(this.ev(e.count));
        return { t: 'arr', c: c.root() };
      }
      case 'ComprehensionExpr':
        return this.withScope(() => {
          this.sink(this.ev(e.iterable));
          this.bindPattern(e.pattern, 'dyn');
          if (e.condition !== null) this.ev(e.condition);
          this.sink(this.ev(e.element));
          return 'dyn';
        });
      case 'ObjectExpr':
        for (const f of e.fields) if (f.kind !== 'SpreadElement') this.sink(this.ev(f.value));
        return 'dyn';
      case 'StructExpr':
        for (const f of e.fields) this.sink(this.ev(f.value ?? f.name));
        if (e.base !== null) this.sink(this.ev(e.base));
        return 'dyn';
      case 'ClosureExpr':
        if (e.isAsync) return 'dyn';
        this.withFunction(null, () => {
          this.params(e.params, null);
          if (e.body.kind === 'BlockExpr' && e.body.label === null) this.sink(this.record(e.body, this.blockBody(e.body.stmts)));
          else this.sink(this.ev(e.body));
        });
        return 'dyn';
      case 'MacroCall':
        return this.macro(e);
      case 'LetCondition':
        this.sink(this.ev(e.value));
        compilePattern(e.pattern, '$v', this);
        return 'bool';
      case 'IfExpr':
        return this.ifExpr(e);
      case 'BlockExpr':
        return this.block(e);
      case 'MatchExpr': {
        this.sink(this.ev(e.scrutinee));
        let k: Kind = 'bot';
        for (const arm of e.arms) {
          this.withScope(() => {
            this.bindPattern(arm.pattern, 'dyn');
            if (arm.guard !== null) this.ev(arm.guard);
            k = this.join(k, this.ev(arm.body));
          });
        }
        return k;
      }
      case 'LoopExpr':
      case 'WhileExpr':
      case 'ForExpr':
        return this.loop(e);
      case 'TryCatchExpr': {
        let k = this.withScope(() => this.blockBody(e.body.stmts));
        if (e.catchBody !== null) {
          const c = this.withScope(() => {
            if (e.catchParam !== null) this.bindPattern(e.catchParam, 'dyn');
            return this.blockBody(e.catchBody!.stmts);
          });
          k = this.join(k, c);
        } else {
          k = this.join(k, 'dyn');
        }
        if (e.finallyBody !== null) this.withScope(() => this.blockBody(e.finallyBody!.stmts));
        return k;
      }
      case 'ReturnExpr': {
        const k = e.value === null ? 'dyn' : this.ev(e.value);
        if (this.fnCtx.info !== null) this.setRet(this.fnCtx.info, k);
        else this.sink(k);
        return 'bot';
      }
      case 'BreakExpr': {
        const l = this.findLoop(e.label, false);
        const k = e.value === null ? 'dyn' : this.ev(e.value);
        if (l !== null && l.hasValue) l.value = this.join(l.value, k);
        return 'bot';
      }
      case 'ContinueExpr':
        return 'bot';
      case 'ThrowExpr':
        this.sink(this.ev(e.value));
        return 'bot';
      case 'AsyncBlockExpr':
      case 'SpawnExpr':
      case 'LazyExpr':
      case 'YieldExpr':
      case 'HandleExpr':
      case 'ErrorExpr':
        return 'dyn';
    }
  }

  private unary(e: A.UnaryExpr): Kind {
    const k = this.ev(e.operand);
    if (k === 'bot') return e.op === '!' ? 'bool' : 'bot';
    switch (e.op) {
      case '-':
        return k === 'int' || k === 'float' ? k : 'dyn';
      case '+':
        return k;
      case '!':
        return 'bool';
      case '~':
        return k === 'int' ? 'int' : 'dyn';
      default:
        return k;
    }
  }

  private binary(e: A.BinaryExpr): Kind {
    const op = e.op;
    if (op === '<-' || op === '<?') return 'dyn';
    const l = this.ev(e.left);
    const r = this.ev(e.right);
    if (op === '&&' || op === '||') {
      if (l === 'bot') return 'bot';
      if (l === 'bool' && (r === 'bool' || r === 'bot')) return 'bool';
      this.sink(l);
      this.sink(r);
      return 'dyn';
    }
    if (op === '??') {
      this.sink(l);
      this.sink(r);
      return 'dyn';
    }
    return this.binKind(op, l, r);
  }

  /** The kind of `l op r` (also compound assignments); generic operands become canonical. */
  binKind(op: string, l: Kind, r: Kind): Kind {
    // Monotone: an operand with no value yet (bot) gives no value yet, so that a later, more
    // precise operand kind can still give a precise result.
    if (l === 'bot' || r === 'bot') return COMPARISONS.has(op) ? 'bool' : 'bot';
    switch (op) {
      case '==':
      case '!=':
      case '<':
      case '>':
      case '<=':
      case '>=':
        this.observe(l);
        this.observe(r);
        return 'bool';
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
        if (op === '+' && l === 'str' && r === 'str') return 'str';
        if (l === 'int' && r === 'int') return 'int';
        if ((l === 'float' || l === 'int') && (r === 'float' || r === 'int')) return 'float';
        if (op === '+' && (l === 'str' || r === 'str') && isDisplayScalar(l) && isDisplayScalar(r)) return 'str';
        this.sink(l);
        this.sink(r);
        return 'dyn';
      case '**':
        if ((l === 'float' && (r === 'float' || r === 'int')) || (r === 'float' && l === 'int')) return 'float';
        this.sink(l);
        this.sink(r);
        return 'dyn';
      case '&':
      case '|':
      case '^':
      case '<<':
      case '>>':
        if (l === 'int' && r === 'int') return 'int';
        if (l === 'bool' && r === 'bool' && (op === '&' || op === '|' || op === '^')) return 'bool';
        this.sink(l);
        this.sink(r);
        return 'dyn';
      default:
        this.sink(l);
        this.sink(r);
        return 'dyn';
    }
  }

  private assign(e: A.AssignExpr): void {
    const target = e.target;
    const op = e.op === '=' ? null : e.op.slice(0, -1);
    switch (target.kind) {
      case 'Identifier': {
        const b = this.lookupUse(target, target.name);
        const k = this.ev(e.value);
        if (b === undefined) {
          this.sink(k);
          return;
        }
        if (b.ref instanceof Var) {
          if (op === null) this.setVar(b.ref, k);
          else {
            // The emitter reads the target's kind for `x op= v` (the variable's own kind).
            this.record(target, b.ref.kind);
            const ck = this.binKind(op, b.ref.kind, k);
            this.compoundKinds.set(e, ck);
            this.setVar(b.ref, ck);
          }
          return;
        }
        if (b.ref instanceof FnInfo) this.escapeFn(b.ref);
        this.sink(k);
        return;
      }
      case 'FieldExpr': {
        this.observe(this.ev(target.object));
        this.sink(this.ev(e.value));
        return;
      }
      case 'IndexExpr': {
        const ko = this.ev(target.object);
        const ki = this.ev(target.index);
        const kv = this.ev(e.value);
        if (isArr(ko) && ki === 'int') {
          if (op === null) this.addElem(ko.c, kv);
          else {
            const ck = this.binKind(op, ko.c.root().elem, kv);
            this.compoundKinds.set(e, ck);
            this.addElem(ko.c, ck);
          }
          return;
        }
        this.sink(ko);
        this.sink(kv);
        return;
      }
      case 'UnaryExpr':
        if (target.op === '*') {
          this.assign({ ...e, target: target.operand });
          return;
        }
        return;
      case 'ParenExpr':
        this.assign({ ...e, target: target.expr });
        return;
      case 'TupleExpr':
        if (op === null) {
          this.sink(this.ev(e.value));
          for (const el of target.elements) this.assignDyn(el);
        }
        return;
      default:
        return;
    }
  }

  /** `el = <dyn value>` for the elements of a destructuring assignment. */
  private assignDyn(target: A.Expr): void {
    switch (target.kind) {
      case 'Identifier': {
        const b = this.lookupUse(target, target.name);
        if (b?.ref instanceof Var) this.setVar(b.ref, 'dyn');
        else if (b?.ref instanceof FnInfo) this.escapeFn(b.ref);
        return;
      }
      case 'FieldExpr':
        this.observe(this.ev(target.object));
        return;
      case 'IndexExpr': {
        const ko = this.ev(target.object);
        const ki = this.ev(target.index);
        if (isArr(ko) && ki === 'int') this.addElem(ko.c, 'dyn');
        else this.sink(ko);
        return;
      }
      case 'UnaryExpr':
        if (target.op === '*') this.assignDyn(target.operand);
        return;
      case 'ParenExpr':
        this.assignDyn(target.expr);
        return;
      case 'TupleExpr':
        for (const el of target.elements) this.assignDyn(el);
        return;
      default:
        return;
    }
  }

  private call(e: A.CallExpr): Kind {
    const callee = e.callee;
    if (callee.kind === 'Identifier') {
      const name = callee.name;
      const b = this.lookupUse(callee, name);
      if (b !== undefined) {
        if (b.ref instanceof FnInfo && b.kind === 'fn') return this.callUser(b.ref, e.args);
        for (const a of e.args) this.sink(this.ev(a));
        return 'dyn';
      }
      if (PRINT_BUILTINS.has(name)) {
        for (const a of e.args) this.observe(this.ev(a));
        return name === 'format' ? 'str' : 'dyn';
      }
      for (const a of e.args) this.sink(this.ev(a));
      return 'dyn';
    }
    if (callee.kind === 'Path') {
      for (const a of e.args) this.sink(this.ev(a));
      return 'dyn';
    }
    this.sink(this.ev(callee));
    for (const a of e.args) this.sink(this.ev(a));
    return 'dyn';
  }

  private callUser(f: FnInfo, args: readonly A.Expr[]): Kind {
    const kinds = args.map((a) => this.ev(a));
    const params = f.decl.params;
    for (let i = 0; i < params.length; i++) {
      const v = f.params[i];
      if (v === null) {
        if (i < kinds.length) this.sink(kinds[i]);
        continue;
      }
      if (params[i].defaultValue !== null) {
        if (i < kinds.length) this.sink(kinds[i]);
        continue;
      }
      this.setVar(v, i < kinds.length ? (f.escapes ? this.join(kinds[i], 'dyn') : kinds[i]) : 'dyn');
    }
    for (let i = params.length; i < kinds.length; i++) this.sink(kinds[i]);
    return f.ret;
  }

  private method(e: A.MethodCallExpr): Kind {
    const name = e.method.name;
    const recv = e.receiver;
    if ((name === 'push_str' || name === 'push') && e.args.length === 1 && !e.optional) {
      if (recv.kind === 'Identifier') {
        const b = this.lookupUse(recv, recv.name);
        if (b !== undefined) {
          const ka = this.ev(e.args[0]);
          const kr = b.ref instanceof Var ? b.ref.kind : 'dyn';
          this.record(recv, kr);
          if (b.ref instanceof FnInfo) this.escapeFn(b.ref);
          if (isArr(kr) && name === 'push') this.addElem(kr.c, ka);
          else if (kr === 'str') this.observe(ka);
          else {
            this.sink(ka);
            // `x = pushTo(x, ...)`: a string stays a string, anything else is returned as is.
          }
          return 'dyn';
        }
      }
      if (recv.kind === 'FieldExpr' && name === 'push_str') {
        this.observe(this.ev(recv.object));
        this.sink(this.ev(e.args[0]));
        return 'dyn';
      }
    }
    const kr = this.ev(recv);
    const ks = e.args.map((a) => this.ev(a));
    if (kr === 'bot') return 'bot';
    if (!e.optional && !this.builtinImpls) {
      if (isArr(kr)) {
        if (name === 'len' && ks.length === 0) return 'int';
        if (name === 'push' && ks.length === 1) {
          this.addElem(kr.c, ks[0]);
          return 'dyn';
        }
        if (READ_ONLY_ARRAY_METHODS.has(name)) {
          this.observe(kr);
          for (const k of ks) this.observe(k);
          return 'dyn';
        }
      }
      if ((kr === 'float' || kr === 'int') && ks.length === 0 && FLOAT_MATH[name] !== undefined) return 'float';
      if (kr === 'float' && ks.length === 0 && FLOAT_ONLY_MATH[name] !== undefined) return 'float';
    }
    this.sink(kr);
    for (const k of ks) this.sink(k);
    return 'dyn';
  }

  private macro(e: A.MacroCall): Kind {
    const name = e.name.name;
    if (e.tokens !== null) return 'dyn';
    const args = e.args.filter((a): a is A.Expr => a.kind !== 'MacroArgPair');
    if (args.length !== e.args.length) return 'dyn';
    if (name === 'vec') {
      if (args.length === 1 && args[0].kind === 'ArrayRepeatExpr') return this.ev(args[0]);
      const c = this.classFor(e);
      for (const a of args) this.addElem(c, this.ev(a));
      return { t: 'arr', c: c.root() };
    }
    if (!MACROS.has(name)) return 'dyn';
    for (const a of args) this.observe(this.ev(a));
    return name === 'format' ? 'str' : 'dyn';
  }

  private ifExpr(e: A.IfExpr): Kind {
    let k: Kind;
    if (e.condition.kind === 'LetCondition') {
      const cond = e.condition;
      this.sink(this.ev(cond.value));
      k = this.withScope(() => {
        const binds = compilePattern(cond.pattern, '$v', this).binds;
        return this.withScope(() => {
          this.declareBinds(binds);
          return this.record(e.then, this.blockBody(e.then.stmts));
        });
      });
    } else {
      this.ev(e.condition);
      k = this.withScope(() => this.record(e.then, this.blockBody(e.then.stmts)));
    }
    const alt = e.else;
    if (alt === null) return this.join(k, 'dyn');
    if (alt.kind === 'IfExpr') return this.join(k, this.ev(alt));
    return this.join(k, this.withScope(() => this.record(alt, this.blockBody(alt.stmts))));
  }

  private block(e: A.BlockExpr): Kind {
    if (e.label !== null) {
      const l: ALoop = { label: e.label.name, isBlock: true, hasValue: true, value: 'bot' };
      this.fnCtx.loops.push(l);
      try {
        const k = this.withScope(() => this.blockBody(e.stmts));
        return this.join(k, l.value);
      } finally {
        this.fnCtx.loops.pop();
      }
    }
    return this.withScope(() => this.blockBody(e.stmts));
  }

  private loop(e: A.LoopExpr | A.WhileExpr | A.ForExpr): Kind {
    const l: ALoop = { label: e.label?.name ?? null, isBlock: false, hasValue: e.kind === 'LoopExpr', value: 'bot' };
    const body = (extra?: () => void): void => {
      this.fnCtx.loops.push(l);
      try {
        this.withScope(() => {
          extra?.();
          this.blockBody(e.body.stmts);
        });
      } finally {
        this.fnCtx.loops.pop();
      }
    };
    if (e.kind === 'LoopExpr') {
      body();
      return l.value;
    }
    if (e.kind === 'WhileExpr') {
      if (e.condition.kind === 'LetCondition') {
        const cond = e.condition;
        this.fnCtx.loops.push(l);
        try {
          this.withScope(() => {
            this.sink(this.ev(cond.value));
            this.declareBinds(compilePattern(cond.pattern, '$v', this).binds);
            this.blockBody(e.body.stmts);
          });
        } finally {
          this.fnCtx.loops.pop();
        }
      } else {
        this.ev(e.condition);
        body();
      }
      return 'dyn';
    }
    const it = e.iterable;
    const p = e.pattern;
    if (it.kind === 'RangeExpr' && it.from !== null && it.to !== null) {
      this.observe(this.ev(it.from));
      this.observe(this.ev(it.to));
      this.record(it, 'dyn');
      const simple = p.kind === 'IdentPattern' && p.subpattern === null && !p.mutable && this.isConstantName(p.name.name) === null;
      body(() => {
        if (simple) {
          const v = this.varFor(p, (p as A.IdentPattern).name.name, false);
          this.declare((p as A.IdentPattern).name.name, 'var', v);
          this.setVar(v, 'int');
        } else this.bindPattern(p, 'int');
      });
      return 'dyn';
    }
    const ki = this.ev(it);
    if (p.kind === 'IdentPattern' && p.subpattern === null && this.isConstantName(p.name.name) === null) {
      const elem: Kind = isArr(ki) ? ki.c.root().elem : 'dyn';
      body(() => {
        const v = this.varFor(p, p.name.name, false);
        this.declare(p.name.name, 'var', v);
        this.setVar(v, elem);
      });
      return 'dyn';
    }
    this.sink(ki);
    body(() => this.bindPattern(p, 'dyn'));
    return 'dyn';
  }

  private findLoop(label: A.Label | null, isContinue: boolean): ALoop | null {
    const loops = this.fnCtx.loops;
    for (let i = loops.length - 1; i >= 0; i--) {
      const l = loops[i];
      if (label === null) {
        if (!l.isBlock) return l;
      } else if (l.label === label.name) {
        if (isContinue && l.isBlock) break;
        return l;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- PatternHost (resolution only)

  literal(): string {
    return '0';
  }

  constant(path: string[]): string | null {
    if (path.length === 1) return this.scope.lookup(path[0]) !== undefined ? 'c' : null;
    return 'c';
  }

  structRef(name: string): string | null {
    const b = this.scope.lookup(name);
    return b !== undefined && b.kind === 'struct' ? 's' : null;
  }

  uniqueVariant(name: string): { enumName: string; shape: string } | null {
    const list = this.decls.variantsByName.get(name);
    if (list === undefined || list.length !== 1) return null;
    return { enumName: list[0].enumName, shape: list[0].shape };
  }

  isConstantName(name: string): 'none' | 'variant' | 'const' | null {
    if (name === 'None') return 'none';
    const b = this.scope.lookup(name);
    if (b !== undefined && b.kind === 'const') return 'const';
    if (b === undefined) {
      const v = this.uniqueVariant(name);
      if (v !== null && v.shape === 'unit') return 'variant';
    }
    return null;
  }

  constRef(): string {
    return 'c';
  }

  rt(name: string): string {
    return '$' + name;
  }

  selfType(): string | null {
    return this.implType;
  }

  unsupported(): void {}

  fresh(name: string): string {
    return name;
  }
}

function isDisplayScalar(k: Kind): boolean {
  return k === 'str' || k === 'int' || k === 'float' || k === 'bool';
}

/** The identifiers a pattern binds, in the emitter's `let (a, b);` order. */
export function patternIdents(p: A.Pattern): A.Identifier[] {
  const out: A.Identifier[] = [];
  const visit = (q: A.Pattern): void => {
    switch (q.kind) {
      case 'IdentPattern':
        out.push(q.name);
        if (q.subpattern !== null) visit(q.subpattern);
        break;
      case 'TuplePattern':
      case 'ArrayPattern':
        q.elements.forEach(visit);
        break;
      case 'StructPattern':
        for (const f of q.fields) {
          if (f.pattern === null) out.push(f.name);
          else visit(f.pattern);
        }
        break;
      case 'TupleStructPattern':
        q.elements.forEach(visit);
        break;
      case 'OrPattern':
        if (q.alternatives.length > 0) visit(q.alternatives[0]);
        break;
      case 'RefPattern':
        visit(q.pattern);
        break;
      case 'RestPattern':
        if (q.binding !== null) out.push(q.binding);
        break;
    }
  };
  visit(p);
  return out;
}

export { BUILTIN_NAMES };
