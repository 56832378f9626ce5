// Ruchy AST -> JavaScript. Expressions become JS expressions; the constructs JavaScript has
// only as statements (blocks, if/match as values, loops with `break value`, `?`) are
// lowered to statements that write their value to a destination (discard, return, or a
// `let` temporary), so the output stays readable and free of IIFEs. An expression that
// needs statements emits them first ("prelude" lines) and returns the JS expression that
// reads its value; when a later operand has a prelude, the earlier operands are first
// saved in temporaries, so evaluation order is Ruchy's.
//
// Every run-time operation goes through the runtime library (`$add`, `$index`, `$mc1`, ...)
// unless the representation analysis (kinds.ts, `EmitOptions.kinds`) or a type oracle
// (`EmitOptions.types`) proves more: statically-int operations are plain JS arithmetic
// with a cheap overflow test (or none, where value ranges prove it cannot overflow,
// ranges.ts), comparisons are direct, and statically-float values are RAW JS numbers
// (no RFloat box) in float variables, float arrays and float arithmetic; a raw float is
// boxed exactly where it flows into a canonical place. Every expression is emitted in its
// natural representation (`Val`: raw float or canonical); `emitExpr` boxes, `emitRaw`
// unboxes, and each destination (variable, parameter, array element, return) says which
// one it wants. Constructs outside the compiled core produce one R05xx diagnostic at their
// range and code that raises a clear error if reached.

import { Codes, format } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import { intLiteralValue } from '../syntax/literals.js';
import { collectDeclarations, implTypeName, implTypeNameOf, structInfo, type Declarations } from './declarations.js';
import {
  elemOf, FLOAT_MATH, FLOAT_ONLY_MATH, FLOAT_TYPES, FnInfo, INT_TYPES, isArr, patternIdents, rawElems, Var, type Kind, type KindInfo,
} from './kinds.js';
import { NameAllocator, Scope, mangle, type Binding } from './names.js';
import type { FastPath, RangeInfo } from './ranges.js';
import { compilePattern, type CompiledPattern, type PatternHost } from './patterns.js';
import { BUILTIN_NAMES } from './runtime/builtins.js';
import { marker, MARK_CLOSE, MARK_OPEN } from './sourcemap.js';

/** Static types a checker may report for an expression; `null` when unknown. */
export type StaticType = 'i64' | 'f64' | 'bool' | 'str' | null;

export interface EmitOptions {
  /** Optional type oracle: lets the emitter use plain JS for expressions proved to be i64/bool. */
  types?: (expr: A.Expr) => StaticType;
  /** The representation analysis of the same AST (kinds.ts). */
  kinds?: KindInfo;
  /** Value ranges of integer operations (ranges.ts): operations proved not to overflow. */
  ranges?: RangeInfo;
}

export interface EmitResult {
  /** The program body: statements of the `$run(() => { ... })` callback, with position markers. */
  body: string;
  /** Runtime names used (each imported as `$name`). */
  runtimeNames: string[];
  diagnostics: Diagnostic[];
  /** The emitter resolved a name differently from the analysis: the caller must emit again without kinds. */
  kindsMismatch: boolean;
}

/** Where a value goes; `raw`: the destination holds a raw float. */
type Dest = { k: 'discard' } | { k: 'return' } | { k: 'assign'; js: string; raw?: boolean };

/** An emitted expression: JS text, and whether it is a raw float (else canonical). */
interface Val {
  js: string;
  raw: boolean;
}

/** An operand of a binary operation: its kind, its node (null: a value already emitted), and how to emit it. */
interface Operand {
  kind: Kind;
  node: A.Expr | null;
  val: () => Val;
}

const MAX_SAFE = '9007199254740991';

interface LoopContext {
  /** Ruchy label name, if any. */
  label: string | null;
  /** JS label to use for labelled break/continue. */
  jsLabel: string | null;
  /** Where `break value` puts its value (loop and labelled blocks); null for while/for. */
  dest: Dest | null;
  /** A labelled block, not a loop: unlabelled break/continue skip it. */
  isBlock: boolean;
}

interface FunctionContext {
  isTop: boolean;
  loops: LoopContext[];
  /** Whether the function's code uses the scratch variable `$r` of the inline fast paths. */
  scratch: boolean;
  /** The function returns raw floats. */
  retRaw: boolean;
}

const DISCARD: Dest = { k: 'discard' };
const RETURN: Dest = { k: 'return' };

/** A lookup table without Object.prototype: a program's `toString` or `constructor` is not found in it. */
function table(entries: Record<string, string>): Readonly<Record<string, string>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, string>, entries));
}

const PRINT_BUILTINS = table({
  println: 'println',
  print: 'print',
  eprintln: 'eprintln',
  eprint: 'eprint',
  assert: 'assert',
  assert_eq: 'assertEq',
  assert_ne: 'assertNe',
  panic: 'panic',
  format: 'format',
});

const MACROS = table({
  println: 'printlnMacro',
  print: 'printMacro',
  eprintln: 'eprintlnMacro',
  format: 'format',
  assert: 'assert',
  assert_eq: 'assertEq',
  assert_ne: 'assertNe',
  panic: 'panic',
});

const COMPARISON = new Set(['==', '!=', '<', '>', '<=', '>=']);
const ARITH: Record<string, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'rem', '**': 'pow' };

export function jsString(s: string): string {
  return JSON.stringify(s).replace(/[\u2028\u2029\uE000\uE001]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function isStable(js: string): boolean {
  return /^(-?\d[\w.]*n?|"(?:[^"\\]|\\.)*"|true|false|void 0|\$[tf]\d+|\$NONE)$/.test(js);
}

export class Emitter implements PatternHost {
  readonly decls: Declarations;
  readonly diagnostics: Diagnostic[] = [];
  private lines: string[] = [];
  private depth = 0;
  private readonly alloc = new NameAllocator();
  private scope: Scope;
  private fn: FunctionContext = { isTop: true, loops: [], scratch: false, retRaw: false };
  private readonly used = new Set<string>();
  /** Hoisted constants (integral float literals, built-in function lookups), by JS text. */
  private readonly hoisted = new Map<string, string>();
  private readonly hoistedLines: string[] = [];
  /** JS names of impl functions, by `Type::fn`. */
  private readonly implFns = new Map<string, string>();
  /** Top-level consts, declared before any code runs (predeclare). */
  private readonly predeclaredConsts = new Set<A.ConstDecl>();
  private implType: string | null = null;
  private readonly kinds: KindInfo | null;
  private readonly ranges: RangeInfo | null;
  private kindsMismatch = false;
  /** While emitting a function's guarded fast version (ranges.ts): its safe operations. */
  private fastSafe: ((node: A.Node) => boolean) | null = null;
  /** JS names of the fast versions of functions, by declaration. */
  private readonly fastNames = new Map<A.FunctionDecl, string>();

  constructor(
    private readonly file: A.SourceFile,
    private readonly options: EmitOptions = {},
  ) {
    this.decls = collectDeclarations(file.stmts);
    this.scope = new Scope(null, true, this.alloc);
    this.kinds = options.kinds ?? null;
    this.ranges = options.ranges ?? null;
  }

  // ---------------------------------------------------------------- output helpers

  rt(name: string): string {
    this.used.add(name);
    return '$' + name;
  }

  private emit(text: string, node?: A.Node): void {
    this.lines.push('  '.repeat(this.depth) + (node !== undefined ? marker(node.start) : '') + text);
  }

  private capture<T>(fn: () => T): [T, string[]] {
    const saved = this.lines;
    this.lines = [];
    try {
      const result = fn();
      return [result, this.lines];
    } finally {
      this.lines = saved;
    }
  }

  private nested<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private withScope<T>(fn: () => T, functionBoundary = false): T {
    const saved = this.scope;
    this.scope = saved.child(functionBoundary);
    try {
      return fn();
    } finally {
      this.scope = saved;
    }
  }

  private temp(prefix = 't'): string {
    return this.alloc.temp(prefix);
  }

  fresh(name: string): string {
    return this.alloc.allocate(name);
  }

  unsupported(node: A.Node, what: string): void {
    this.report(Codes.CompilerUnsupported, node, { construct: what });
  }

  private report(code: { code: string; severity: Diagnostic['severity']; template: string }, node: A.Node, args: Record<string, string>): void {
    this.diagnostics.push({ code: code.code, severity: code.severity, message: format(code.template, args), start: node.start, end: node.end });
  }

  private hoist(js: string, prefix: string): string {
    const known = this.hoisted.get(js);
    if (known !== undefined) return known;
    const name = this.temp(prefix);
    this.hoisted.set(js, name);
    this.hoistedLines.push(`  const ${name} = ${js};`);
    return name;
  }

  private type(e: A.Expr): StaticType {
    return this.options.types?.(e) ?? null;
  }

  // ---------------------------------------------------------------- kinds and representations

  /** The static kind of an expression: the analysis', else the oracle's; bot counts as dyn. */
  private kindOf(e: A.Expr): Kind {
    if (this.kinds !== null) {
      const k = this.kinds.expr(e);
      if (k !== 'bot' && k !== 'dyn') return k;
    }
    switch (this.type(e)) {
      case 'i64':
        return 'int';
      case 'f64':
        return 'float';
      case 'bool':
        return 'bool';
      case 'str':
        return 'str';
      default:
        return 'dyn';
    }
  }

  /** Whether the analysis proved the expression a float (so that it may be kept raw). */
  private rawKind(e: A.Expr): boolean {
    return this.kinds !== null && this.kinds.expr(e) === 'float';
  }

  /** The representation analysis' variable/function for a declaring node. */
  private refOf(node: A.Node): Var | null {
    return this.kinds?.declVar(node) ?? null;
  }

  private withRef(b: Binding, ref: Binding['ref']): Binding {
    if (this.kinds !== null) b.ref = ref ?? null;
    return b;
  }

  /** Checks that the emitter resolved an identifier use as the analysis did. */
  private checkUse(node: A.Node, b: Binding | undefined): void {
    if (this.kinds === null) return;
    const expected = this.kinds.use(node);
    if (expected === undefined || (b?.ref ?? null) !== expected) this.kindsMismatch = true;
  }

  /** Whether a binding holds raw floats. */
  private isRawBinding(b: Binding | undefined): boolean {
    return this.kinds !== null && b !== undefined && b.ref instanceof Var && b.ref.raw;
  }

  /** The canonical form of a value: raw floats are boxed when integral. */
  private box(v: Val): string {
    if (!v.raw) return v.js;
    const lit = numberLiteral(v.js);
    if (lit !== null) return this.floatJs(lit);
    return `${this.rt('mkFloat')}(${v.js})`;
  }

  /** The raw float of a value known to be a float. */
  private unbox(v: Val): string {
    if (v.raw) return v.js;
    return `${this.rt('unF')}(${v.js})`;
  }

  /** A value as a raw float: a float unboxed, an int converted (Rust's `as f64`). */
  private asF64(v: Val, k: Kind): string {
    if (k !== 'int') return this.unbox(v);
    if (/^\(?-?\d+\)?$/.test(v.js)) return v.js;
    const big = /^\((-?\d+)n\)$/.exec(v.js);
    if (big !== null) return rawNumberJs(Number(big[1]));
    return `${this.rt('toF')}(${v.js})`;
  }

  /** Emits `e` as a canonical value (the default everywhere). */
  emitExpr(e: A.Expr): string {
    return this.box(this.emitVal(e));
  }

  /** Emits a float-kind expression as a raw JS number. */
  private emitRaw(e: A.Expr): string {
    return this.unbox(this.emitVal(e));
  }

  /** Emits `e` for a destination that is raw when `raw`. */
  private emitFor(e: A.Expr, raw: boolean): string {
    return raw ? this.emitRaw(e) : this.emitExpr(e);
  }

  private destRaw(dest: Dest): boolean {
    if (dest.k === 'assign') return dest.raw === true;
    if (dest.k === 'return') return this.fn.retRaw;
    return false;
  }

  // ---------------------------------------------------------------- program

  emitProgram(): EmitResult {
    const stmts = this.file.stmts;
    this.depth = 1;
    this.predeclare(stmts, true);
    // Type definitions and impls first, so that statements and functions see them.
    for (const s of stmts) if (s.kind === 'StructDecl' || s.kind === 'EnumDecl') this.emitItem(s);
    for (const s of stmts) if (s.kind === 'ImplDecl' || s.kind === 'TraitDecl' || s.kind === 'StructDecl') this.emitImplsOf(s);
    for (const s of stmts) if (s.kind === 'FunctionDecl') this.emitItem(s);
    for (const s of stmts) {
      if (s.kind === 'FunctionDecl' || s.kind === 'StructDecl' || s.kind === 'EnumDecl' || s.kind === 'ImplDecl' || s.kind === 'TraitDecl') continue;
      this.emitStmt(s);
    }
    const main = this.scope.lookup('main');
    if (main !== undefined && main.kind === 'fn') this.emit(`${main.js}();`);
    const scratch = this.fn.scratch ? ['  let $r;'] : [];
    const body = [...scratch, ...this.hoistedLines, ...this.lines].join('\n');
    return { body, runtimeNames: [...this.used].sort(), diagnostics: dedupe(this.diagnostics), kindsMismatch: this.kindsMismatch };
  }

  /** Declares the items of a statement list (functions, types, consts) before any code runs. */
  private predeclare(stmts: readonly A.Stmt[], top: boolean): void {
    for (const s of stmts) {
      // Two items of one name in one scope would be two JavaScript declarations of one name.
      if ((s.kind === 'FunctionDecl' || s.kind === 'StructDecl' || s.kind === 'EnumDecl' || (s.kind === 'ConstDecl' && top)) && this.scope.hasOwn(s.name.name)) {
        this.report(Codes.DuplicateDefinition, s.name, { name: s.name.name });
        continue;
      }
      switch (s.kind) {
        case 'FunctionDecl':
          this.withRef(this.scope.declare(s.name.name, 'fn', false), this.kinds?.fn(s) ?? null);
          break;
        case 'StructDecl':
          this.scope.declare(s.name.name, 'struct', false);
          break;
        case 'EnumDecl':
          this.scope.declare(s.name.name, 'enum', false);
          break;
        case 'TraitDecl':
          break;
        case 'ConstDecl':
          if (top) {
            this.withRef(this.scope.declare(s.name.name, 'const', false), this.refOf(s));
            this.predeclaredConsts.add(s);
          }
          break;
      }
    }
    for (const [typeName, fns] of this.decls.implFunctions) {
      if (!top) break;
      for (const f of fns) this.implFns.set(`${typeName}::${f}`, this.alloc.allocateRaw(`${mangle(typeName)}$${safeMember(f)}`));
    }
    if (top) {
      // Top-level lets are visible to functions declared before them (the interpreter looks names up at call time).
      for (const s of stmts) {
        if (s.kind === 'LetStmt' && s.pattern.kind === 'IdentPattern' && !this.scope.hasOwn(s.pattern.name.name)) {
          this.topLets.set(s, this.withRef(this.scope.declare(s.pattern.name.name, 'var', true), this.refOf(s.pattern)));
        }
      }
    }
  }

  /** Top-level lets declared before any code, with their bindings (a pattern let may shadow the name meanwhile). */
  private readonly topLets = new Map<A.LetStmt, Binding>();

  // ---------------------------------------------------------------- items

  private emitItem(s: A.Item): void {
    switch (s.kind) {
      case 'FunctionDecl': {
        const b = this.scope.lookup(s.name.name)!;
        this.emitFunction(b.js, s);
        return;
      }
      case 'StructDecl': {
        const b = this.scope.lookup(s.name.name)!;
        // Its own declaration: a struct nested in a function may share its name with another.
        const info = structInfo(s);
        const defaults: string[] = [];
        for (const f of s.fields) {
          if (f.defaultValue === null) continue;
          defaults.push(`${jsKey(f.name.name)}: ${this.thunk(f.defaultValue)}`);
        }
        this.emit(
          `const ${b.js} = ${this.rt('defStruct')}(${jsString(s.name.name)}, [${info.fields.map(jsString).join(', ')}], {${defaults.join(', ')}}${info.tuple ? ', true' : ''});`,
          s,
        );
        return;
      }
      case 'EnumDecl': {
        const b = this.scope.lookup(s.name.name)!;
        this.emit(`const ${b.js} = ${this.rt('defEnum')}(${jsString(s.name.name)});`, s);
        return;
      }
      case 'ConstDecl': {
        // A top-level const was declared beforehand (predeclare); a local one is a new binding
        // (renamed if it shadows a parameter or a variable, as `let` is).
        const b = this.predeclaredConsts.has(s) ? this.scope.lookup(s.name.name)! : this.withRef(this.scope.declare(s.name.name, 'const', false), this.refOf(s));
        const value = s.value === null ? 'void 0' : this.emitFor(s.value, this.isRawBinding(b));
        this.emit(`let ${b.js} = ${value};`, s);
        return;
      }
      case 'UseDecl':
        if (s.source !== null) this.unsupported(s, 'imports from other files');
        return;
      case 'TypeAliasDecl':
        return;
      case 'TraitDecl':
      case 'ImplDecl':
        // Top-level ones were emitted by emitProgram; nested ones here.
        this.emitImplsOf(s);
        return;
      case 'ModuleDecl':
        this.unsupported(s, '`mod` declarations');
        return;
      case 'ActorDecl':
        this.unsupported(s, 'actors');
        return;
      case 'EffectDecl':
        this.unsupported(s, 'effects');
        return;
    }
  }

  private thunk(e: A.Expr): string {
    return this.withFunction(() => {
      const [, lines] = this.capture(() => this.nested(() => this.emitExprTo(e, RETURN)));
      if (this.fn.scratch) lines.unshift('  '.repeat(this.depth + 1) + 'let $r;');
      return `() => {\n${lines.join('\n')}\n${'  '.repeat(this.depth)}}`;
    });
  }

  private withFunction<T>(fn: () => T): T {
    const saved = this.fn;
    this.fn = { isTop: false, loops: [], scratch: false, retRaw: false };
    try {
      return this.withScope(fn, true);
    } finally {
      this.fn = saved;
    }
  }

  /** impl blocks, trait default methods, and methods written inside a struct body. */
  private emitImplsOf(s: A.Stmt): void {
    if (s.kind === 'StructDecl') {
      if (s.methods.length > 0) this.emitImplBlock(s.name.name, s.methods, s);
      return;
    }
    if (s.kind === 'TraitDecl') return;
    if (s.kind !== 'ImplDecl') return;
    const typeName = implTypeName(s);
    if (typeName === null) {
      this.unsupported(s, 'impl for this kind of type');
      return;
    }
    const methods = s.members.filter((m): m is A.FunctionDecl => m.kind === 'FunctionDecl');
    const traitName = s.trait === null ? null : implTypeNameOf(s.trait);
    const trait = traitName === null ? undefined : this.decls.traits.get(traitName);
    const defaults: A.FunctionDecl[] = [];
    if (trait !== undefined) {
      for (const m of trait.members) {
        if (m.kind === 'FunctionDecl' && m.body !== null && !methods.some((x) => x.name.name === m.name.name)) defaults.push(m);
      }
    }
    this.emitImplBlock(typeName, [...methods, ...defaults], s);
  }

  private emitImplBlock(typeName: string, methods: readonly A.FunctionDecl[], node: A.Node): void {
    const saved = this.implType;
    this.implType = typeName;
    const entries: string[] = [];
    try {
      for (const m of methods) {
        if (m.body === null) continue;
        let js = this.implFns.get(`${typeName}::${m.name.name}`);
        if (js === undefined) {
          js = this.alloc.allocateRaw(`${mangle(typeName)}$${safeMember(m.name.name)}`);
          this.implFns.set(`${typeName}::${m.name.name}`, js);
        }
        this.emitFunction(js, m);
        entries.push(`${jsKey(m.name.name)}: ${js}`);
      }
    } finally {
      this.implType = saved;
    }
    const target = this.scope.lookup(typeName);
    if (target !== undefined && (target.kind === 'struct' || target.kind === 'enum')) {
      this.emit(`${this.rt('impl')}(${target.js}, {${entries.join(', ')}});`, node);
    } else {
      this.emit(`${this.rt('implBuiltin')}(${jsString(typeName)}, {${entries.join(', ')}});`, node);
    }
  }

  /** Whether an integer operation needs no overflow or type test (ranges.ts), in the version being emitted. */
  private isSafe(node: A.Node): boolean {
    if (this.fastSafe !== null) return this.fastSafe(node);
    return this.ranges?.safe(node) === true;
  }

  private emitFunction(jsName: string, f: A.FunctionDecl): void {
    if (f.body === null) return;
    const fast = this.ranges?.fastPath(f) ?? null;
    this.emitFunctionVersion(jsName, f, fast === null ? null : { clone: this.fastName(f, jsName), fast });
    if (fast !== null) {
      this.fastSafe = fast.safe;
      try {
        this.emitFunctionVersion(this.fastName(f, jsName), f, null);
      } finally {
        this.fastSafe = null;
      }
    }
  }

  /** The JS name of a function's fast version (ranges.ts). */
  private fastName(f: A.FunctionDecl, jsName: string): string {
    let name = this.fastNames.get(f);
    if (name === undefined) {
      name = this.alloc.allocateRaw(`${jsName}$fast`);
      this.fastNames.set(f, name);
    }
    return name;
  }

  /**
   * One JS function for a Ruchy function. With `guard`, the generic version: when every
   * guarded int parameter is a number within the bound, it calls the fast version (emitted
   * with `fastSafe`, the operations proved safe under that assumption) instead.
   */
  private emitFunctionVersion(jsName: string, f: A.FunctionDecl, guard: { clone: string; fast: FastPath } | null): void {
    this.withFunction(() => {
      this.fn.retRaw = this.kinds?.fn(f)?.retRaw ?? false;
      const params = this.emitParams(f.params);
      this.emit(`function ${jsName}(${params.names.join(', ')}) {`, f);
      const [, body] = this.capture(() =>
        this.nested(() => {
          if (guard !== null) {
            const bound = String(guard.fast.bound);
            const n = params.names;
            const test = guard.fast.params.map((i) => `typeof ${n[i]} === "number" && ${n[i]} <= ${bound} && ${n[i]} >= -${bound}`).join(' && ');
            this.emit(`if (${test}) return ${guard.clone}(${n.join(', ')});`);
          }
          for (const line of params.prelude) this.emit(line);
          this.emitBlockBody(f.body!.stmts, RETURN);
        }),
      );
      if (this.fn.scratch) this.nested(() => this.emit('let $r;'));
      this.lines.push(...body);
      this.emit('}');
    });
  }

  /** Parameters: simple names become JS parameters; defaults and patterns are set up in the body. */
  private emitParams(params: readonly A.Param[]): { names: string[]; prelude: string[] } {
    const names: string[] = [];
    const depth = this.depth;
    this.depth = 0;
    const [, prelude] = this.capture(() => {
      for (const p of params) {
        if (p.self !== null) {
          const b = this.withRef(this.scope.declareAs('self', 'self', 'var'), this.refOf(p));
          names.push(b.js);
          continue;
        }
        if (p.pattern.kind === 'IdentPattern' && p.pattern.subpattern === null) {
          const b = this.withRef(this.scope.declare(p.pattern.name.name, 'var', true), this.refOf(p.pattern));
          names.push(b.js);
          if (p.defaultValue !== null) this.emitDefault(b.js, p.defaultValue, this.isRawBinding(b));
          continue;
        }
        const tmp = this.temp('p');
        names.push(tmp);
        if (p.defaultValue !== null) this.emitDefault(tmp, p.defaultValue);
        this.bindIrrefutable(p.pattern, tmp, p);
      }
    });
    this.depth = depth;
    return { names, prelude };
  }

  private emitDefault(js: string, value: A.Expr, raw = false): void {
    this.emit(`if (${js} === void 0) {`);
    this.nested(() => this.emitExprTo(value, { k: 'assign', js, raw }));
    this.emit('}');
  }

  // ---------------------------------------------------------------- statements

  private emitBlockBody(stmts: readonly A.Stmt[], dest: Dest): void {
    this.predeclare(stmts, false);
    for (const s of stmts) if (s.kind === 'StructDecl' || s.kind === 'EnumDecl') this.emitItem(s);
    for (const s of stmts) if (s.kind === 'ImplDecl' || s.kind === 'StructDecl') this.emitImplsOf(s);
    for (const s of stmts) if (s.kind === 'FunctionDecl') this.emitItem(s);
    let tail = -1;
    for (let i = stmts.length - 1; i >= 0; i--) {
      const k = stmts[i].kind;
      if (k === 'EmptyStmt') continue;
      if (k === 'ExprStmt') tail = i;
      break;
    }
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      if (s.kind === 'FunctionDecl' || s.kind === 'StructDecl' || s.kind === 'EnumDecl' || s.kind === 'ImplDecl') continue;
      if (i === tail) this.emitExprTo((s as A.ExprStmt).expr, dest, s);
      else this.emitStmt(s);
    }
    if (tail < 0 && dest.k === 'assign') this.emit(`${dest.js} = void 0;`);
  }

  private emitStmt(s: A.Stmt): void {
    switch (s.kind) {
      case 'EmptyStmt':
        return;
      case 'ExprStmt':
        this.emitExprTo(s.expr, DISCARD, s);
        return;
      case 'LetStmt':
        this.emitLet(s);
        return;
      default:
        this.emitItem(s);
    }
  }

  private emitLet(s: A.LetStmt): void {
    const p = s.pattern;
    if (p.kind === 'IdentPattern' && p.subpattern === null && s.elseBlock === null) {
      const top = this.topLets.get(s);
      const topLevel = top !== undefined;
      const ref = this.refOf(p);
      const raw = this.kinds !== null && ref !== null && ref.raw;
      if (s.init === null) {
        const b = topLevel ? this.scope.rebind(p.name.name, top) : this.withRef(this.scope.declare(p.name.name, 'var', true), ref);
        this.emit(`let ${b.js};`, s);
        return;
      }
      if (!isStatementLike(s.init)) {
        const value = this.emitFor(s.init, raw);
        const b = topLevel ? this.scope.rebind(p.name.name, top) : this.withRef(this.scope.declare(p.name.name, 'var', true), ref);
        this.emit(`let ${b.js} = ${value};`, s);
        return;
      }
      const target = topLevel ? this.scope.rebind(p.name.name, top).js : this.fresh(p.name.name);
      this.emit(`let ${target};`, s);
      this.emitExprTo(s.init, { k: 'assign', js: target, raw });
      if (!topLevel) this.withRef(this.scope.declareAs(p.name.name, target, 'var'), ref);
      return;
    }
    if (s.init === null) {
      for (const id of patternIdents(p)) this.emit(`let ${this.withRef(this.scope.declare(id.name, 'var', true), this.refOf(id)).js};`, s);
      return;
    }
    const value = this.emitExpr(s.init);
    const tmp = this.temp('v');
    this.emit(`const ${tmp} = ${value};`, s);
    if (s.elseBlock !== null) {
      const compiled = compilePattern(p, tmp, this);
      this.declarePre(compiled);
      this.emit(`if (!(${conds(compiled)})) {`);
      this.nested(() => this.withScope(() => this.emitBlockBody(s.elseBlock!.stmts, DISCARD)));
      this.emit('}');
      this.declarePost(compiled);
      return;
    }
    this.bindIrrefutable(p, tmp, s);
  }

  /** Binds a pattern that should always match (let, parameters, for loops); a mismatch is a run-time error. */
  private bindIrrefutable(p: A.Pattern, access: string, node: A.Node): void {
    const compiled = compilePattern(p, access, this);
    this.declarePre(compiled);
    if (compiled.conds.length > 0) this.emit(`if (!(${conds(compiled)})) ${this.rt('noMatch')}(${access});`, node);
    this.declarePost(compiled);
  }

  private declarePre(c: CompiledPattern): void {
    for (const b of c.binds) {
      if (!b.pre) continue;
      this.emit(`let ${b.js};`);
    }
  }

  private declarePost(c: CompiledPattern): void {
    for (const b of c.binds) {
      if (b.pre) {
        this.withRef(this.scope.declareAs(b.name, b.js!, 'var'), this.refOf(b.node));
        continue;
      }
      const binding = this.withRef(this.scope.declare(b.name, 'var', b.mutable), this.refOf(b.node));
      this.emit(`let ${binding.js} = ${b.access};`, b.node);
    }
  }

  // ---------------------------------------------------------------- expressions to destinations

  private toDest(dest: Dest, js: string, node?: A.Node): void {
    switch (dest.k) {
      case 'discard':
        if (!isStable(js) && !/^[A-Za-z_$][\w$]*$/.test(stripMarks(js))) this.emit(`${js};`, node);
        return;
      case 'return':
        this.emit(js === 'void 0' ? 'return;' : `return ${js};`, node);
        return;
      case 'assign':
        this.emit(`${dest.js} = ${js};`, node);
    }
  }

  /** Emits `e` so that its value goes to `dest` (statement context). */
  private emitExprTo(e: A.Expr, dest: Dest, stmt?: A.Node): void {
    switch (e.kind) {
      case 'IfExpr':
        this.emitIf(e, dest);
        return;
      case 'MatchExpr':
        this.emitMatch(e, dest);
        return;
      case 'BlockExpr':
        if (e.label !== null) {
          this.emitLabelledBlock(e, dest);
          return;
        }
        this.emit('{', e);
        this.nested(() => this.withScope(() => this.emitBlockBody(e.stmts, dest)));
        this.emit('}');
        return;
      case 'LoopExpr':
      case 'WhileExpr':
      case 'ForExpr':
        this.emitLoop(e, dest);
        return;
      case 'TryCatchExpr':
        this.emitTryCatch(e, dest);
        return;
      case 'ReturnExpr':
      case 'BreakExpr':
      case 'ContinueExpr':
      case 'ThrowExpr':
        this.emitJump(e);
        return;
      case 'ParenExpr':
        this.emitExprTo(e.expr, dest, stmt);
        return;
      case 'AssignExpr':
        this.emitAssign(e);
        if (dest.k === 'assign') this.toDest(dest, 'void 0');
        return;
      case 'LetCondition':
        this.toDest(dest, this.emitExpr(e), stmt ?? e);
        return;
      default: {
        const js = dest.k === 'discard' ? this.emitVal(e).js : this.emitFor(e, this.destRaw(dest));
        this.toDest(dest, js, stmt ?? e);
      }
    }
  }

  // ---------------------------------------------------------------- control flow

  private emitCond(e: A.Expr): string {
    if (e.kind === 'LetCondition') throw new Error('let condition handled by caller');
    const js = this.emitExpr(e);
    return this.isBool(e) ? js : `${this.rt('truthy')}(${js})`;
  }

  private isBool(e: A.Expr): boolean {
    switch (e.kind) {
      case 'BoolLiteral':
        return true;
      case 'BinaryExpr':
        if (COMPARISON.has(e.op)) return true;
        if (e.op === '&&' || e.op === '||') return this.isBool(e.left) && this.isBool(e.right);
        return false;
      case 'UnaryExpr':
        return e.op === '!' && this.isBool(e.operand);
      case 'ParenExpr':
        return this.isBool(e.expr);
      default:
        return this.kindOf(e) === 'bool';
    }
  }

  private emitIf(e: A.IfExpr, dest: Dest): void {
    if (e.condition.kind === 'LetCondition') {
      this.emitIfLet(e, e.condition, dest);
      return;
    }
    const cond = this.emitCond(e.condition);
    this.emit(`if (${cond}) {`, e);
    this.nested(() => this.withScope(() => this.emitBlockBody(e.then.stmts, dest)));
    this.emitElse(e.else, dest);
  }

  private emitElse(alt: A.BlockExpr | A.IfExpr | null, dest: Dest): void {
    if (alt === null) {
      if (dest.k === 'assign') {
        this.emit('} else {');
        this.nested(() => this.emit(`${dest.js} = void 0;`));
      }
      this.emit('}');
      return;
    }
    if (alt.kind === 'IfExpr' && alt.condition.kind !== 'LetCondition') {
      const [cond, lines] = this.capture(() => this.nested(() => this.emitCond(alt.condition)));
      if (lines.length === 0) {
        this.emit(`} else if (${cond}) {`, alt);
        this.nested(() => this.withScope(() => this.emitBlockBody(alt.then.stmts, dest)));
        this.emitElse(alt.else, dest);
        return;
      }
    }
    this.emit('} else {');
    this.nested(() => {
      if (alt.kind === 'BlockExpr') this.withScope(() => this.emitBlockBody(alt.stmts, dest));
      else this.emitIf(alt, dest);
    });
    this.emit('}');
  }

  private emitIfLet(e: A.IfExpr, cond: A.LetCondition, dest: Dest): void {
    const value = this.emitExpr(cond.value);
    const s = this.temp('s');
    this.emit(`const ${s} = ${value};`, cond);
    this.withScope(() => {
      const compiled = compilePattern(cond.pattern, s, this);
      this.declarePre(compiled);
      this.emit(`if (${conds(compiled)}) {`, e);
      this.nested(() =>
        this.withScope(() => {
          this.declarePost(compiled);
          this.emitBlockBody(e.then.stmts, dest);
        }),
      );
    });
    this.emitElse(e.else, dest);
  }

  private emitMatch(e: A.MatchExpr, dest: Dest): void {
    const value = this.emitExpr(e.scrutinee);
    const s = this.temp('s');
    const label = this.temp('m');
    this.emit(`${label}: {`, e);
    this.nested(() => {
      this.emit(`const ${s} = ${value};`);
      for (const arm of e.arms) {
        this.withScope(() => {
          const compiled = compilePattern(arm.pattern, s, this);
          const pre = compiled.binds.some((b) => b.pre);
          if (pre) {
            this.emit('{');
            this.depth++;
          }
          this.declarePre(compiled);
          const test = conds(compiled);
          const open = test === 'true' ? '{' : `if (${test}) {`;
          this.emit(open, arm);
          this.nested(() => {
            this.declarePost(compiled);
            if (arm.guard !== null) {
              const guard = this.emitCond(arm.guard);
              this.emit(`if (${guard}) {`);
              this.nested(() => this.emitArmBody(arm.body, dest, label));
              this.emit('}');
            } else {
              this.emitArmBody(arm.body, dest, label);
            }
          });
          this.emit('}');
          if (pre) {
            this.depth--;
            this.emit('}');
          }
        });
      }
      this.emit(`${this.rt('noMatch')}(${s});`);
    });
    this.emit('}');
  }

  private emitArmBody(body: A.Expr, dest: Dest, label: string): void {
    this.emitExprTo(body, dest);
    if (dest.k !== 'return' || !endsWithReturn(this.lines)) this.emit(`break ${label};`);
  }

  private emitLabelledBlock(e: A.BlockExpr, dest: Dest): void {
    const jsLabel = this.temp('b');
    this.emit(`${jsLabel}: {`, e);
    this.fn.loops.push({ label: e.label!.name, jsLabel, dest, isBlock: true });
    try {
      this.nested(() => this.withScope(() => this.emitBlockBody(e.stmts, dest)));
    } finally {
      this.fn.loops.pop();
    }
    this.emit('}');
  }

  private emitLoop(e: A.LoopExpr | A.WhileExpr | A.ForExpr, dest: Dest): void {
    const jsLabel = e.label !== null ? this.temp('l_' + mangle(e.label.name).replace(/\$/g, '_')) : null;
    const prefix = jsLabel !== null ? `${jsLabel}: ` : '';
    const ctx: LoopContext = { label: e.label?.name ?? null, jsLabel, dest: e.kind === 'LoopExpr' ? dest : null, isBlock: false };
    const body = (extra?: () => void): void => {
      this.fn.loops.push(ctx);
      try {
        this.nested(() =>
          this.withScope(() => {
            extra?.();
            this.emitBlockBody(e.body.stmts, DISCARD);
          }),
        );
      } finally {
        this.fn.loops.pop();
      }
    };
    if (e.kind === 'LoopExpr') {
      if (dest.k === 'assign') this.emit(`${dest.js} = void 0;`);
      this.emit(`${prefix}while (true) {`, e);
      body();
      this.emit('}');
      return;
    }
    if (e.kind === 'WhileExpr') {
      if (e.condition.kind === 'LetCondition') {
        const cond = e.condition;
        this.emit(`${prefix}while (true) {`, e);
        this.fn.loops.push(ctx);
        try {
          this.nested(() =>
            this.withScope(() => {
              const value = this.emitExpr(cond.value);
              const s = this.temp('s');
              this.emit(`const ${s} = ${value};`, cond);
              const compiled = compilePattern(cond.pattern, s, this);
              this.declarePre(compiled);
              this.emit(`if (!(${conds(compiled)})) break;`);
              this.declarePost(compiled);
              this.emitBlockBody(e.body.stmts, DISCARD);
            }),
          );
        } finally {
          this.fn.loops.pop();
        }
        this.emit('}');
      } else {
        const [cond, lines] = this.capture(() => this.nested(() => this.emitCond(e.condition)));
        if (lines.length === 0) {
          this.emit(`${prefix}while (${cond}) {`, e);
          body();
        } else {
          this.emit(`${prefix}while (true) {`, e);
          this.lines.push(...lines);
          this.nested(() => this.emit(`if (!(${cond})) break;`));
          body();
        }
        this.emit('}');
      }
      this.afterValuelessLoop(dest);
      return;
    }
    // for
    const it = e.iterable;
    const p = e.pattern;
    if (it.kind === 'RangeExpr' && it.from !== null && it.to !== null) {
      const [from, to] = this.emitOperands([it.from, it.to]);
      const end = this.temp('e');
      const simple = p.kind === 'IdentPattern' && p.subpattern === null && !p.mutable && this.constantName(p) === null;
      const counter = simple ? this.fresh((p as A.IdentPattern).name.name) : this.temp('i');
      const bound = (js: string): string => (/^\(?-?\d+\)?$/.test(js) ? js : `${this.rt('rangeStart')}(${js})`);
      this.emit(
        `${prefix}for (let ${counter} = ${bound(from)}, ${end} = ${bound(to)}; ${counter} ${it.inclusive ? '<=' : '<'} ${end}; ${counter}++) {`,
        e,
      );
      body(() => {
        if (simple) this.withRef(this.scope.declareAs((p as A.IdentPattern).name.name, counter, 'var'), this.refOf(p));
        else this.bindIrrefutable(p, counter, p);
      });
      this.emit('}');
      this.afterValuelessLoop(dest);
      return;
    }
    const iterable = this.emitExpr(it);
    const item = this.temp('x');
    this.emit(`${prefix}for (const ${item} of ${this.rt('iter')}(${iterable})) {`, e);
    const ki = this.kindOf(it);
    body(() => {
      if (p.kind === 'IdentPattern' && p.subpattern === null && this.constantName(p) === null) {
        const b = this.withRef(this.scope.declare(p.name.name, 'var', p.mutable), this.refOf(p));
        // A float variable holds raw floats; the elements of a canonical float array are unboxed.
        const value = this.isRawBinding(b) && !rawElems(ki) ? this.unbox({ js: item, raw: false }) : item;
        this.emit(`let ${b.js} = ${value};`);
      } else {
        this.bindIrrefutable(p, item, p);
      }
    });
    this.emit('}');
    this.afterValuelessLoop(dest);
  }

  private constantName(p: A.IdentPattern): string | null {
    return this.isConstantName(p.name.name);
  }

  private afterValuelessLoop(dest: Dest): void {
    if (dest.k === 'assign') this.emit(`${dest.js} = void 0;`);
  }

  private emitTryCatch(e: A.TryCatchExpr, dest: Dest): void {
    this.emit('try {', e);
    this.nested(() => this.withScope(() => this.emitBlockBody(e.body.stmts, dest)));
    if (e.catchBody !== null) {
      const err = this.temp('err');
      this.emit(`} catch (${err}) {`);
      this.nested(() =>
        this.withScope(() => {
          if (e.catchParam !== null) this.bindIrrefutable(e.catchParam, `${this.rt('caught')}(${err})`, e.catchParam);
          this.emitBlockBody(e.catchBody!.stmts, dest);
        }),
      );
    }
    if (e.finallyBody !== null) {
      this.emit('} finally {');
      this.nested(() => this.withScope(() => this.emitBlockBody(e.finallyBody!.stmts, DISCARD)));
    }
    if (e.catchBody === null && e.finallyBody === null) {
      const err = this.temp('err');
      this.emit(`} catch (${err}) {`);
    }
    this.emit('}');
  }

  private findLoop(label: A.Label | null, node: A.Node, isContinue: boolean): LoopContext | null {
    const loops = this.fn.loops;
    for (let i = loops.length - 1; i >= 0; i--) {
      const l = loops[i];
      if (label === null) {
        if (!l.isBlock) return l;
      } else if (l.label === label.name) {
        if (isContinue && l.isBlock) break;
        return l;
      }
    }
    this.report(Codes.CompilerBadJump, node, {
      what: isContinue ? '`continue`' : '`break`',
      where: label === null ? 'outside of a loop' : `to an unknown label '${label.name}'`,
    });
    return null;
  }

  private emitJump(e: A.ReturnExpr | A.BreakExpr | A.ContinueExpr | A.ThrowExpr): void {
    switch (e.kind) {
      case 'ReturnExpr':
        if (e.value === null) this.emit('return;', e);
        else this.emitExprTo(e.value, RETURN, e);
        return;
      case 'ThrowExpr': {
        const v = this.emitExpr(e.value);
        this.emit(`${this.rt('throwValue')}(${v});`, e);
        return;
      }
      case 'ContinueExpr': {
        const l = this.findLoop(e.label, e, true);
        if (l === null) {
          this.emit(`${this.rt('unsupported')}("continue outside of a loop");`, e);
          return;
        }
        this.emit(e.label !== null && l.jsLabel !== null ? `continue ${l.jsLabel};` : 'continue;', e);
        return;
      }
      case 'BreakExpr': {
        const l = this.findLoop(e.label, e, false);
        if (l === null) {
          this.emit(`${this.rt('unsupported')}("break outside of a loop");`, e);
          return;
        }
        if (e.value !== null) {
          if (l.dest === null) this.emitExprTo(e.value, DISCARD);
          else if (l.dest.k === 'return') {
            this.emitExprTo(e.value, RETURN, e);
            return;
          } else this.emitExprTo(e.value, l.dest);
        } else if (l.dest !== null && l.dest.k === 'assign') {
          this.emit(`${l.dest.js} = void 0;`);
        } else if (l.dest !== null && l.dest.k === 'return') {
          this.emit('return;', e);
          return;
        }
        const needLabel = l.isBlock || (e.label !== null && l.jsLabel !== null);
        this.emit(needLabel ? `break ${l.jsLabel};` : 'break;', e);
      }
    }
  }

  // ---------------------------------------------------------------- expressions

  /** Emits operands in order; if a later one needs statements, earlier ones are saved first. */
  private emitOperands(exprs: readonly A.Expr[]): string[] {
    return this.emitOperandsFn(exprs.map((e) => () => this.emitExpr(e)));
  }

  /** Like emitOperands, for operands emitted by the given functions (raw, canonical, ...). */
  private emitOperandsFn(fns: readonly (() => string)[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < fns.length; i++) {
      const mark = this.lines.length;
      const js = fns[i]();
      if (this.lines.length > mark && i > 0) {
        const spills: string[] = [];
        for (let j = 0; j < i; j++) {
          if (isStable(out[j])) continue;
          const t = this.temp();
          spills.push('  '.repeat(this.depth) + `const ${t} = ${out[j]};`);
          out[j] = t;
        }
        this.lines.splice(mark, 0, ...spills);
      }
      out.push(js);
    }
    return out;
  }

  /** A complex expression in value position: lowered into a temporary (raw when a float). */
  private viaTemp(e: A.Expr): Val {
    const t = this.temp();
    const raw = this.rawKind(e);
    this.emit(`let ${t};`);
    this.emitExprTo(e, { k: 'assign', js: t, raw });
    return { js: t, raw };
  }

  /** Emits `e` in its natural representation. */
  private emitVal(e: A.Expr): Val {
    switch (e.kind) {
      case 'FloatLiteral':
        return { js: rawNumberJs(e.value), raw: true };
      case 'UnaryExpr':
        if (e.op === '-' && e.operand.kind === 'FloatLiteral') return { js: rawNumberJs(-e.operand.value), raw: true };
        return this.emitUnary(e);
      case 'Identifier': {
        if (e.name.startsWith('\u0000')) return { js: e.name.slice(1), raw: false };
        const b = this.scope.lookup(e.name);
        this.checkUse(e, b);
        if (b !== undefined) return { js: b.js, raw: this.isRawBinding(b) };
        return { js: this.unboundName(e.name, e), raw: false };
      }
      case 'BinaryExpr':
        return this.emitBinary(e);
      case 'CallExpr':
        return this.emitCall(e);
      case 'MethodCallExpr':
        return this.emitMethodCall(e);
      case 'IndexExpr':
        return this.emitIndex(e);
      case 'CastExpr':
        return this.emitCast(e);
      case 'AwaitExpr':
      case 'ParenExpr':
        return this.emitVal(e.expr);
      case 'IfExpr':
        return this.emitIfValue(e);
      case 'BlockExpr':
        if (e.label === null && e.stmts.length === 1 && e.stmts[0].kind === 'ExprStmt') {
          const inner = (e.stmts[0] as A.ExprStmt).expr;
          if (inner.kind !== 'BlockExpr') return this.withScope(() => this.emitVal(inner));
        }
        return this.viaTemp(e);
      case 'MatchExpr':
      case 'LoopExpr':
      case 'WhileExpr':
      case 'ForExpr':
      case 'TryCatchExpr':
        return this.viaTemp(e);
      case 'PipelineExpr':
        return this.emitPipeline(e);
      default:
        return { js: this.emitOther(e), raw: false };
    }
  }

  /** The expressions that always produce canonical values. */
  private emitOther(e: A.Expr): string {
    switch (e.kind) {
      case 'IntLiteral':
      case 'FloatLiteral':
      case 'StringLiteral':
      case 'CharLiteral':
      case 'BoolLiteral':
      case 'UnitLiteral':
        return this.literal(e);
      case 'FString':
        return this.emitFString(e);
      case 'SelfExpr': {
        const b = this.scope.lookup('self');
        return b !== undefined ? b.js : `${this.rt('undefinedName')}("self")`;
      }
      case 'Path':
        return this.emitPath(e, null);
      case 'AssignExpr':
        this.emitAssign(e);
        return 'void 0';
      case 'RangeExpr': {
        const parts = this.emitOperands([e.from, e.to].filter((x): x is A.Expr => x !== null));
        const from = e.from === null ? 'void 0' : parts.shift()!;
        const to = e.to === null ? 'void 0' : parts.shift()!;
        return `${this.rt('range')}(${from}, ${to}, ${e.inclusive})`;
      }
      case 'FieldExpr': {
        const obj = this.emitExpr(e.object);
        if (e.optional) {
          const t = this.temp();
          this.emit(`const ${t} = ${obj};`);
          return `(${t} === void 0 ? void 0 : ${this.rt('field')}(${t}, ${jsString(e.field.name)}))`;
        }
        return `${marker(e.field.start)}${this.rt('field')}(${obj}, ${jsString(e.field.name)})`;
      }
      case 'TryExpr':
        return this.emitTry(e);
      case 'TupleExpr':
        return `${this.rt('tuple')}(${this.emitOperands(e.elements).join(', ')})`;
      case 'ArrayExpr':
        return this.emitArrayLiteral(e, e.elements);
      case 'ArrayRepeatExpr': {
        const raw = this.rawElemsOf(e);
        const [v, n] = this.emitOperandsFn([() => this.emitFor(e.value, raw), () => this.emitExpr(e.count)]);
        return `${this.rt('repeatArray')}(${v}, ${n})`;
      }
      case 'ComprehensionExpr':
        return this.emitComprehension(e);
      case 'ObjectExpr':
        return this.emitObject(e);
      case 'StructExpr':
        return this.emitStructExpr(e);
      case 'ClosureExpr':
        // Parenthesised: an arrow function is not an operand of `==`, `+`, `?:` in JavaScript.
        return `(${this.emitClosure(e)})`;
      case 'MacroCall':
        return this.emitMacro(e);
      case 'LetCondition': {
        // `let` as a boolean outside if/while: the test only.
        const value = this.emitExpr(e.value);
        const t = this.temp('s');
        this.emit(`const ${t} = ${value};`);
        return `(${conds(compilePattern(e.pattern, t, this))})`;
      }
      case 'ReturnExpr':
      case 'BreakExpr':
      case 'ContinueExpr':
      case 'ThrowExpr':
        this.emitJump(e);
        return 'void 0';
      case 'AsyncBlockExpr':
        this.unsupported(e, 'async blocks');
        return `${this.rt('unsupported')}("async blocks")`;
      case 'SpawnExpr':
        this.unsupported(e, '`spawn`');
        return `${this.rt('unsupported')}("spawn")`;
      case 'LazyExpr':
        this.unsupported(e, '`lazy` expressions');
        return `${this.rt('unsupported')}("lazy")`;
      case 'YieldExpr':
        this.unsupported(e, '`yield`');
        return `${this.rt('unsupported')}("yield")`;
      case 'HandleExpr':
        this.unsupported(e, 'effect handlers');
        return `${this.rt('unsupported')}("effect handlers")`;
      case 'ErrorExpr':
        return `${this.rt('unsupported')}("a syntax error")`;
      default:
        throw new Error(`internal: ${e.kind} has no canonical emitter`);
    }
  }

  private emitIfValue(e: A.IfExpr): Val {
    const raw = this.rawKind(e);
    if (e.condition.kind !== 'LetCondition' && e.else !== null && e.else.kind === 'BlockExpr') {
      const alt = e.else;
      const attempt = this.capture(() => {
        const c = this.emitCond(e.condition);
        const a = this.pureTail(e.then, raw);
        const b = this.pureTail(alt, raw);
        return a === null || b === null ? null : `(${c} ? ${a} : ${b})`;
      });
      if (attempt[0] !== null && attempt[1].length === 0) return { js: attempt[0], raw };
    }
    return this.viaTemp(e);
  }

  /** The value of a block that is a single expression without statements, or null. */
  private pureTail(b: A.BlockExpr, raw: boolean): string | null {
    if (b.stmts.length !== 1 || b.stmts[0].kind !== 'ExprStmt') return null;
    const [js, lines] = this.capture(() => this.withScope(() => this.emitFor((b.stmts[0] as A.ExprStmt).expr, raw)));
    return lines.length === 0 ? js : null;
  }

  literal(e: A.Expr): string {
    switch (e.kind) {
      case 'IntLiteral': {
        const v = intLiteralValue(e);
        if (v === null || v > 9223372036854775807n) {
          this.report(Codes.CompilerIntegerLiteral, e, { text: e.raw });
          return '0';
        }
        return intJs(v);
      }
      case 'FloatLiteral':
        return this.floatJs(e.value);
      case 'StringLiteral':
      case 'CharLiteral':
        return jsString(e.value);
      case 'BoolLiteral':
        return e.value ? 'true' : 'false';
      case 'UnitLiteral':
        return 'void 0';
      case 'UnaryExpr':
        if (e.op === '-' && e.operand.kind === 'IntLiteral') {
          const v = intLiteralValue(e.operand);
          if (v === null || v > 9223372036854775808n) {
            this.report(Codes.CompilerIntegerLiteral, e, { text: '-' + e.operand.raw });
            return '0';
          }
          return intJs(-v);
        }
        if (e.op === '-' && e.operand.kind === 'FloatLiteral') return this.floatJs(-e.operand.value);
        return this.emitExpr(e);
      default:
        return this.emitExpr(e);
    }
  }

  private floatJs(v: number): string {
    if (Number.isInteger(v)) return this.hoist(`${this.rt('mkFloat')}(${Object.is(v, -0) ? '-0' : String(v)})`, 'f');
    if (v === Infinity) return '(1 / 0)';
    if (v === -Infinity) return '(-1 / 0)';
    return String(v);
  }

  private emitFString(e: A.FString): string {
    if (e.parts.length === 0) return '""';
    const parts = e.parts.map((p) => {
      if (p.kind === 'FStringText') return jsString(p.value);
      return p;
    });
    const exprs = parts.filter((p): p is A.FStringInterpolation => typeof p !== 'string').map((p) => p.expr);
    const values = this.emitOperands(exprs);
    let k = 0;
    const out = parts.map((p) => {
      if (typeof p === 'string') return p;
      const v = values[k++];
      if (p.spec === null || p.spec === '') return `${this.rt('fstr')}(${v})`;
      return `${this.rt('fspec')}(${v}, ${jsString(p.spec)})`;
    });
    if (typeof parts[0] !== 'string') out.unshift('""');
    return '(' + out.join(' + ') + ')';
  }

  /** A name the program does not bind: None/Some/..., a unit variant, a built-in, or an error at run time. */
  private unboundName(name: string, node: A.Node): string {
    if (name === 'None') return this.rt('NONE');
    if (name === 'Some' || name === 'Ok' || name === 'Err') return this.rt(name);
    const v = this.uniqueVariant(name);
    if (v !== null && v.shape === 'unit') return this.variantValue(v.enumName, name, null);
    if (BUILTIN_NAMES.has(name) || PRINT_BUILTINS[name] !== undefined) {
      if (PRINT_BUILTINS[name] !== undefined) return this.rt(PRINT_BUILTINS[name]);
      return this.hoist(`${this.rt('builtin')}(${jsString(name)})`, 'b');
    }
    this.report(Codes.CompilerUnknownName, node, { name });
    return `${this.rt('undefinedName')}(${jsString(name)})`;
  }

  private variantValue(enumName: string, variant: string, args: string[] | null): string {
    const b = this.scope.lookup(enumName);
    const t = b !== undefined && b.kind === 'enum' ? b.js : jsString(enumName);
    return `${this.rt('variant')}(${t}, ${jsString(variant)}, ${args === null ? 'null' : `[${args.join(', ')}]`})`;
  }

  private emitPath(e: A.Path, args: readonly A.Expr[] | null): string {
    const segs = e.segments.map((s) => s.name.name);
    if (segs[0] === 'Self' && this.implType !== null) segs[0] = this.implType;
    if (segs.length === 2) {
      const [typeName, member] = segs;
      const en = this.decls.enums.get(typeName);
      if (en !== undefined && en.variants.has(member)) {
        const v = en.variants.get(member)!;
        if (args === null) {
          if (v.shape === 'unit') return this.variantValue(typeName, member, null);
          const xs = this.temp('a');
          return `((...${xs}) => ${this.variantValue(typeName, member, [`...${xs}`])})`;
        }
        return this.variantValue(typeName, member, this.emitOperands(args));
      }
      if ((typeName === 'Option' || typeName === 'Result') && ['Some', 'None', 'Ok', 'Err'].includes(member)) {
        const f = member === 'None' ? this.rt('NONE') : this.rt(member);
        if (args === null || member === 'None') return f;
        return `${f}(${this.emitOperands(args).join(', ')})`;
      }
      const fn = this.implFns.get(`${typeName}::${member}`);
      if (fn !== undefined) return args === null ? fn : `${marker(e.start)}${fn}(${this.emitOperands(args).join(', ')})`;
      const trait = this.decls.traits.get(typeName);
      if (trait !== undefined && args !== null && args.length > 0) {
        const xs = this.emitOperands(args);
        return `${this.rt('mcN')}(${xs[0]}, ${jsString(member)}, [${xs.slice(1).join(', ')}])`;
      }
      if (this.decls.structs.has(typeName) || this.decls.enums.has(typeName)) {
        this.report(Codes.CompilerUnknownName, e, { name: segs.join('::') });
        return `${this.rt('unsupported')}(${jsString('unknown function ' + segs.join('::'))})`;
      }
    }
    const path = segs.join('::');
    if (args === null) return `${this.rt('pathValue')}(${jsString(path)})`;
    const f = this.hoist(`${this.rt('builtin')}(${jsString(path)})`, 'b');
    return `${marker(e.start)}${f}(${this.emitOperands(args).join(', ')})`;
  }

  private emitUnary(e: A.UnaryExpr): Val {
    switch (e.op) {
      case '-': {
        if (e.operand.kind === 'IntLiteral') return { js: this.literal(e), raw: false };
        if (e.operand.kind === 'FloatLiteral') return { js: rawNumberJs(-e.operand.value), raw: true };
        const k = this.kindOf(e.operand);
        if (k === 'float') return { js: `(-${wrap(this.emitRaw(e.operand))})`, raw: true };
        if (k === 'int') {
          const x = this.atom(this.emitExpr(e.operand));
          if (this.isSafe(e)) return { js: `(0 - ${x})`, raw: false };
          return { js: `(typeof ${x} === "number" ? 0 - ${x} : ${marker(e.start)}${this.rt('neg')}(${x}))`, raw: false };
        }
        return { js: `${marker(e.start)}${this.rt('neg')}(${this.emitExpr(e.operand)})`, raw: false };
      }
      case '+':
        return this.emitVal(e.operand);
      case '!': {
        const v = this.emitExpr(e.operand);
        if (this.isBool(e.operand)) return { js: `!${wrap(v)}`, raw: false };
        if (this.type(e.operand) === 'i64') return { js: `${this.rt('bitnot')}(${v})`, raw: false };
        return { js: `!${this.rt('truthy')}(${v})`, raw: false };
      }
      case '~':
        return { js: `${this.rt('bitnot')}(${this.emitExpr(e.operand)})`, raw: false };
      default:
        // `&x`, `&mut x`, `*x`: references are transparent at run time.
        return this.emitVal(e.operand);
    }
  }

  private emitBinary(e: A.BinaryExpr): Val {
    const op = e.op;
    if (op === '&&' || op === '||') return { js: this.emitLogical(e), raw: false };
    if (op === '<-' || op === '<?') {
      this.unsupported(e, 'actor messages');
      return { js: `${this.rt('unsupported')}("actor messages")`, raw: false };
    }
    if (op === '??') {
      const left = this.emitExpr(e.left);
      const t = this.temp();
      this.emit(`let ${t} = ${left};`);
      const [right, lines] = this.capture(() => this.nested(() => this.emitExpr(e.right)));
      this.emit(`if (${t} === void 0 || ${this.rt('isVariant')}(${t}, "Option", "None")) {`);
      this.lines.push(...lines);
      this.nested(() => this.emit(`${t} = ${right};`));
      this.emit('}');
      return { js: t, raw: false };
    }
    return this.binOp(
      op,
      { kind: this.kindOf(e.left), node: e.left, val: () => this.emitVal(e.left) },
      { kind: this.kindOf(e.right), node: e.right, val: () => this.emitVal(e.right) },
      e.opStart,
      e,
    );
  }

  /**
   * `l op r` for arithmetic, comparison and bit operators, specialised on the operands'
   * kinds: int with int (checked JS arithmetic), float with float or int (raw JS floats),
   * string with string, bool with bool; anything else through the generic paths.
   */
  private binOp(op: string, L: Operand, R: Operand, opStart: number, node: A.Node): Val {
    const m = marker(opStart);
    const kl = L.kind;
    const kr = R.kind;
    const isNum = (k: Kind): boolean => k === 'int' || k === 'float';
    const cmp = COMPARISON.has(op);
    const jsCmp = op === '==' ? '===' : op === '!=' ? '!==' : op;
    if (isNum(kl) && isNum(kr) && (kl === 'float' || kr === 'float') && (cmp || ARITH[op] !== undefined)) {
      if (cmp && op !== '==' && op !== '!=') {
        // Ordering: an int operand (number or bigint) compares exactly with a JS number.
        const [l, r] = this.emitOperandsFn([() => (kl === 'float' ? this.unbox(L.val()) : L.val().js), () => (kr === 'float' ? this.unbox(R.val()) : R.val().js)]);
        return { js: `(${l} ${op} ${r})`, raw: false };
      }
      const [l, r] = this.emitOperandsFn([() => this.asF64(L.val(), kl), () => this.asF64(R.val(), kr)]);
      if (cmp) return { js: `(${l} ${jsCmp} ${r})`, raw: false };
      switch (op) {
        case '+':
        case '-':
        case '*':
        case '/':
          return { js: `(${l} ${op} ${r})`, raw: true };
        case '%': {
          const [a, b] = this.atoms(l, r);
          if (numberLiteral(b) !== null && numberLiteral(b) !== 0) return { js: `(${a} % ${b})`, raw: true };
          return { js: `(${b} !== 0 ? ${a} % ${b} : ${m}${this.rt('remF')}(${a}, ${b}))`, raw: true };
        }
        default:
          return { js: `Math.pow(${l}, ${r})`, raw: true };
      }
    }
    if (kl === 'int' && kr === 'int') {
      if (cmp) {
        const [l, r] = this.emitOperandsFn([() => L.val().js, () => R.val().js]);
        return { js: `(${l} ${jsCmp} ${r})`, raw: false };
      }
      const safe = this.isSafe(node);
      switch (op) {
        case '+':
        case '-':
        case '*': {
          const [l, r] = this.atoms(...(this.emitOperandsFn([() => L.val().js, () => R.val().js]) as [string, string]));
          const norm = op === '*' ? ' + 0' : '';
          if (safe) return { js: `(${l} ${op} ${r}${norm})`, raw: false };
          this.fn.scratch = true;
          const slow = `${m}${this.rt(op === '+' ? 'intAdd' : op === '-' ? 'intSub' : 'intMul')}(${l}, ${r})`;
          const typeofs = this.numTest(l, r);
          const guard = typeofs === 'true' ? '' : `${typeofs} && `;
          // A result of safe integers within +-(2^53-1) is exact; beyond it, redo it in BigInt.
          const lit = intLiteralJs(r);
          let check: string;
          if (op !== '*' && lit !== null && lit > 0) check = `($r = ${l} ${op} ${r}) ${op === '+' ? '<=' : '>='} ${op === '+' ? '' : '-'}${MAX_SAFE}`;
          else check = `Math.abs($r = ${l} ${op} ${r}${norm}) <= ${MAX_SAFE}`;
          return { js: `(${guard}${check} ? $r : ${slow})`, raw: false };
        }
        case '/':
        case '%': {
          const [l, r] = this.atoms(...(this.emitOperandsFn([() => L.val().js, () => R.val().js]) as [string, string]));
          const typeofs = this.numTest(l, r);
          const lit = intLiteralJs(r);
          const nonZero = lit !== null && lit !== 0 ? '' : ` && ${r} !== 0`;
          const fast = op === '/' ? `Math.trunc(${l} / ${r}) + 0` : `${l} % ${r} + 0`;
          // Safe (ranges.ts) includes a divisor proved non-zero.
          if (safe) return { js: `(${fast})`, raw: false };
          return { js: `(${typeofs}${nonZero} ? ${fast} : ${m}${this.rt(op === '/' ? 'intDiv' : 'intRem')}(${l}, ${r}))`, raw: false };
        }
        default:
          break;
      }
    }
    if (kl === 'str' && kr === 'str' && (op === '+' || cmp)) {
      const [l, r] = this.emitOperandsFn([() => L.val().js, () => R.val().js]);
      return { js: `(${l} ${op === '+' ? '+' : jsCmp} ${r})`, raw: false };
    }
    if (kl === 'bool' && kr === 'bool' && (op === '==' || op === '!=')) {
      const [l, r] = this.emitOperandsFn([() => L.val().js, () => R.val().js]);
      return { js: `(${l} ${jsCmp} ${r})`, raw: false };
    }
    return { js: this.genericBinOp(op, L, R, m), raw: false };
  }

  /** `l op r` on values of unknown kinds: the inline number fast paths, else the runtime. */
  private genericBinOp(op: string, L: Operand, R: Operand, m: string): string {
    const [l0, r0] = this.emitOperandsFn([() => this.box(L.val()), () => this.box(R.val())]);
    if (/^\$f\d+$/.test(l0) || /^\$f\d+$/.test(r0)) {
      // An integral float constant (a box) is never a plain number: skip the inline fast path.
      const name = op === '==' ? 'eq' : op === '!=' ? 'ne' : op === '<' ? 'lt' : op === '>' ? 'gt' : op === '<=' ? 'le' : op === '>=' ? 'ge' : ARITH[op];
      if (name !== undefined) return `${m}${this.rt(name)}(${l0}, ${r0})`;
    }
    const literalKind = (n: A.Expr | null): boolean => n !== null && (n.kind === 'StringLiteral' || n.kind === 'BoolLiteral');
    const stringLiteral = literalKind(L.node) || literalKind(R.node);
    switch (op) {
      case '==':
      case '!=': {
        if (stringLiteral) return `(${l0} ${op === '==' ? '===' : '!=='} ${r0})`;
        const [l, r] = this.atoms(l0, r0);
        const test = `${this.numTest(l, r)}`;
        const cmp = op === '==' ? `${l} === ${r}` : `${l} !== ${r}`;
        return `(${test} ? ${cmp} : ${m}${this.rt(op === '==' ? 'eq' : 'ne')}(${l}, ${r}))`;
      }
      case '<':
      case '>':
      case '<=':
      case '>=': {
        const [l, r] = this.atoms(l0, r0);
        const name = op === '<' ? 'lt' : op === '>' ? 'gt' : op === '<=' ? 'le' : 'ge';
        return `(${this.numTest(l, r)} ? ${l} ${op} ${r} : ${m}${this.rt(name)}(${l}, ${r}))`;
      }
      case '+':
      case '-':
      case '*': {
        const [l, r] = this.atoms(l0, r0);
        this.fn.scratch = true;
        const norm = op === '*' ? ' + 0' : '';
        const isSafe = 'Number.isSafeInteger';
        // Integrality of the operands, once the result is known to be a safe integer (so finite):
        // Math.floor(x) === x is much cheaper than Number.isInteger in optimized code.
        const floor = 'Math.floor';
        const intChecks = [...new Set([l, r])].filter((x) => !/^\(?-?\d+\)?$/.test(x)).map((x) => ` && ${floor}(${x}) === ${x}`).join('');
        // A result that is not integral comes from a float operand: it is the float result as is.
        return `(${this.numTest(l, r)} ? (${isSafe}($r = ${l} ${op} ${r})${intChecks} ? $r${norm} : Math.floor($r) !== $r ? $r : ${m}${this.rt(ARITH[op] + 'N')}(${l}, ${r}, $r)) : ${m}${this.rt(ARITH[op])}(${l}, ${r}))`;
      }
      case '/':
      case '%': {
        const [l, r] = this.atoms(l0, r0);
        const floor = 'Math.floor';
        const checks = [...new Set([l, r])]
          .filter((x) => !/^\(?-?\d+\)?$/.test(x))
          .map((x) => ` && ${floor}(${x}) === ${x} && ${x} - ${x} === 0`)
          .join('');
        const nonZero = /^\(?-?\d+\)?$/.test(r) && !/^\(?-?0+\)?$/.test(r) ? '' : ` && ${r} !== 0`;
        const fast = op === '/' ? `Math.trunc(${l} / ${r}) + 0` : `${l} % ${r} + 0`;
        return `(${this.numTest(l, r)}${checks}${nonZero} ? ${fast} : ${m}${this.rt(ARITH[op])}(${l}, ${r}))`;
      }
      case '**':
        return `${m}${this.rt(ARITH[op])}(${l0}, ${r0})`;
      case '&':
      case '|':
      case '^':
      case '<<':
      case '>>':
        return `${m}${this.rt('bitop')}(${jsString(op)}, ${l0}, ${r0})`;
      default:
        return `${this.rt('unsupported')}(${jsString('operator ' + op)})`;
    }
  }

  /** `typeof x === "number"` for each operand that is not a number literal (`true` when none). */
  private numTest(...xs: string[]): string {
    const tests = [...new Set(xs)].filter((x) => !/^\(?-?[\d.]+(e[-+]?\d+)?\)?$/.test(x)).map((x) => `typeof ${x} === "number"`);
    return tests.length === 0 ? 'true' : tests.join(' && ');
  }

  /** Operands of an inline fast path are read several times: anything but a name or literal goes to a temporary. */
  private atoms(l: string, r: string): [string, string] {
    return [this.atom(l), this.atom(r)];
  }

  private atom(x: string): string {
    return isStable(x) || /^[A-Za-z_$][\w$]*$/.test(x) ? x : this.spill(x);
  }

  /** An atom that can stand before `.length` or `[i]`: other than a name, it is put in parentheses (`(1).length`, `(void 0).length`). */
  private receiver(x: string): string {
    const a = this.atom(x);
    return /^[A-Za-z_$][\w$]*$/.test(a) ? a : `(${a})`;
  }

  private emitLogical(e: A.BinaryExpr): string {
    const bools = this.isBool(e.left) && this.isBool(e.right);
    const left = this.emitExpr(e.left);
    const [right, lines] = this.capture(() => this.nested(() => this.emitExpr(e.right)));
    const jsOp = e.op === '&&' ? '&&' : '||';
    if (bools && lines.length === 0) return `(${left} ${jsOp} ${right})`;
    const t = this.temp();
    this.emit(`let ${t} = ${left};`);
    const test = bools ? t : `${this.rt('truthy')}(${t})`;
    this.emit(`if (${e.op === '&&' ? test : `!${test}`}) {`);
    this.lines.push(...lines);
    this.nested(() => this.emit(`${t} = ${right};`));
    this.emit('}');
    return t;
  }

  private emitAssign(e: A.AssignExpr): void {
    const target = e.target;
    const op = e.op === '=' ? null : e.op.slice(0, -1);
    const combine = (current: string, value: string): string => {
      if (op === null) return value;
      if (ARITH[op] !== undefined) return `${marker(e.opStart)}${this.rt(ARITH[op])}(${current}, ${value})`;
      return `${marker(e.opStart)}${this.rt('bitop')}(${jsString(op)}, ${current}, ${value})`;
    };
    switch (target.kind) {
      case 'Identifier': {
        const b = this.scope.lookup(target.name);
        this.checkUse(target, b);
        if (b === undefined) {
          this.report(Codes.CompilerUnknownName, target, { name: target.name });
          this.emitExprTo(e.value, DISCARD);
          this.emit(`${this.rt('undefinedName')}(${jsString(target.name)});`, e);
          return;
        }
        const raw = this.isRawBinding(b);
        if (op === null) {
          const value = this.emitFor(e.value, raw);
          this.emit(`${b.js} = ${value};`, e);
          return;
        }
        const v = this.binOp(
          op,
          { kind: this.kindOf(target), node: null, val: () => ({ js: b.js, raw }) },
          { kind: this.kindOf(e.value), node: e.value, val: () => this.emitVal(e.value) },
          e.opStart,
          e,
        );
        this.emit(`${b.js} = ${raw ? this.unbox(v) : this.box(v)};`, e);
        return;
      }
      case 'FieldExpr': {
        const [obj, value] = this.emitOperands([target.object, e.value]);
        const o = op === null || isStable(obj) || /^[\w$]+$/.test(obj) ? obj : this.spill(obj);
        const current = `${this.rt('field')}(${o}, ${jsString(target.field.name)})`;
        this.emit(`${this.rt('setField')}(${o}, ${jsString(target.field.name)}, ${combine(current, value)});`, e);
        return;
      }
      case 'IndexExpr': {
        const ko = this.kindOf(target.object);
        if (this.kinds !== null && isArr(ko) && this.kindOf(target.index) === 'int') {
          this.emitArrayStore(e, target, ko, op);
          return;
        }
        const [obj, idx, value] = this.emitOperands([target.object, target.index, e.value]);
        const o = op === null || /^[\w$]+$/.test(obj) ? obj : this.spill(obj);
        const i = op === null || isStable(idx) || /^[\w$]+$/.test(idx) ? idx : this.spill(idx);
        if (op === null) {
          const [a, k] = [this.receiver(o), this.atom(i)];
          this.emit(`if (Array.isArray(${a}) && typeof ${k} === "number" && (${k} >>> 0) === ${k} && ${k} < ${a}.length) ${a}[${k}] = ${value};`, e);
          this.emit(`else ${this.rt('setIndex')}(${a}, ${k}, ${value});`, e);
          return;
        }
        const current = `${this.rt('index')}(${o}, ${i})`;
        this.emit(`${this.rt('setIndex')}(${o}, ${i}, ${combine(current, value)});`, e);
        return;
      }
      case 'UnaryExpr':
        if (target.op === '*') {
          this.emitAssign({ ...e, target: target.operand });
          return;
        }
        break;
      case 'ParenExpr':
        this.emitAssign({ ...e, target: target.expr });
        return;
      case 'TupleExpr': {
        if (op === null) {
          const value = this.emitExpr(e.value);
          const t = this.spill(value);
          target.elements.forEach((el, i) => this.emitAssign({ ...e, target: el, value: rawExpr(`${t}.v[${i}]`, el) }));
          return;
        }
        break;
      }
      case 'SelfExpr':
        break;
    }
    this.unsupported(target, 'this assignment target');
  }

  /** `a[i] = v` and `a[i] op= v` on an array of a known class with an int index. */
  private emitArrayStore(e: A.AssignExpr, target: A.IndexExpr, ko: Kind, op: string | null): void {
    const raw = rawElems(ko);
    if (op === null) {
      const [a0, k0, v0] = this.emitOperandsFn([() => this.emitExpr(target.object), () => this.emitExpr(target.index), () => this.emitFor(e.value, raw)]);
      const [a, k] = [this.receiver(a0), this.atom(k0)];
      const v = this.atom(v0);
      this.emit(`if (${k} >= 0 && ${k} < ${a}.length) ${a}[${k}] = ${v};`, e);
      this.emit(`else ${this.rt('setIndex')}(${a}, ${k}, ${v});`, e);
      return;
    }
    const [a0, k0] = this.emitOperandsFn([() => this.emitExpr(target.object), () => this.emitExpr(target.index)]);
    const [a, k] = [this.receiver(a0), this.atom(k0)];
    const current = this.spill(`(${k} >= 0 && ${k} < ${a}.length ? ${a}[${k}] : ${marker(target.start)}${this.rt('index')}(${a}, ${k}))`);
    const result = this.binOp(
      op,
      { kind: elemOf(ko), node: null, val: () => ({ js: current, raw }) },
      { kind: this.kindOf(e.value), node: e.value, val: () => this.emitVal(e.value) },
      e.opStart,
      e,
    );
    const v = this.atom(raw ? this.unbox(result) : this.box(result));
    this.emit(`if (${k} >= 0 && ${k} < ${a}.length) ${a}[${k}] = ${v};`, e);
    this.emit(`else ${this.rt('setIndex')}(${a}, ${k}, ${v});`, e);
  }

  /** `a[i]`: on an array of a known class with an int index, an inline read; else the runtime. */
  private emitIndex(e: A.IndexExpr): Val {
    const ko = this.kindOf(e.object);
    const m = marker(e.start);
    if (this.kinds !== null && isArr(ko) && this.kindOf(e.index) === 'int') {
      const [o, i] = this.emitOperands([e.object, e.index]) as [string, string];
      const [obj, idx] = [this.receiver(o), this.atom(i)];
      const elem = elemOf(ko);
      const raw = rawElems(ko);
      if (elem !== 'dyn' && elem !== 'bot') {
        // Elements of such an array are never undefined: a hole, a negative or a big index reads undefined.
        this.fn.scratch = true;
        return { js: `(($r = ${obj}[${idx}]) !== void 0 ? $r : ${m}${this.rt('index')}(${obj}, ${idx}))`, raw };
      }
      return { js: `(${idx} >= 0 && ${idx} < ${obj}.length ? ${obj}[${idx}] : ${m}${this.rt('index')}(${obj}, ${idx}))`, raw };
    }
    const [o, i] = this.emitOperands([e.object, e.index]) as [string, string];
    const [obj, idx] = [this.receiver(o), this.atom(i)];
    // Inline fast path: an array and an in-bounds integer index.
    return {
      js: `(Array.isArray(${obj}) && typeof ${idx} === "number" && (${idx} >>> 0) === ${idx} && ${idx} < ${obj}.length ? ${obj}[${idx}] : ${m}${this.rt('index')}(${obj}, ${idx}))`,
      raw: false,
    };
  }

  private emitCast(e: A.CastExpr): Val {
    const t = e.type.kind === 'NamedType' ? e.type.path[e.type.path.length - 1].name : 'unknown';
    if (this.kinds !== null) {
      const k = this.kindOf(e.expr);
      if (FLOAT_TYPES.has(t)) {
        if (k === 'int') return { js: this.asF64(this.emitVal(e.expr), 'int'), raw: true };
        if (k === 'float') return { js: `(${this.emitRaw(e.expr)} + 0)`, raw: true };
      }
      if (INT_TYPES.has(t) && k === 'int') return this.emitVal(e.expr);
    }
    const v = this.emitExpr(e.expr);
    return { js: `${this.rt('cast')}(${v}, ${jsString(t)})`, raw: false };
  }

  /** Whether the arrays made at this site store raw floats. */
  private rawElemsOf(node: A.Node): boolean {
    return this.kinds !== null && rawElems(this.kinds.expr(node));
  }

  private emitArrayLiteral(node: A.Node, elements: readonly A.Expr[]): string {
    const raw = this.rawElemsOf(node);
    return `[${this.emitOperandsFn(elements.map((x) => () => this.emitFor(x, raw))).join(', ')}]`;
  }

  private spill(js: string): string {
    const t = this.temp();
    this.emit(`const ${t} = ${js};`);
    return t;
  }

  private emitPipeline(e: A.PipelineExpr): Val {
    // `x |> f` is `f(x)`; `x |> g(1)` is `g(x, 1)` (the value becomes the first argument).
    const right = e.right;
    if (right.kind === 'CallExpr') {
      return this.emitCall({ ...right, args: [e.left, ...right.args] });
    }
    if (right.kind === 'MethodCallExpr') {
      return this.emitMethodCall({ ...right, args: [e.left, ...right.args] });
    }
    return this.emitCall({ kind: 'CallExpr', callee: right, args: [e.left], start: e.start, end: e.end, openParen: e.opStart, closeParen: e.end });
  }

  private emitCall(e: A.CallExpr): Val {
    const callee = e.callee;
    const m = marker(callee.start);
    const canon = (js: string): Val => ({ js, raw: false });
    if (callee.kind === 'Identifier') {
      const name = callee.name;
      const b = this.scope.lookup(name);
      this.checkUse(callee, b);
      if (b !== undefined) {
        if (b.kind === 'struct') {
          return canon(`${m}${this.rt('mkTupleStruct')}(${b.js}, [${this.emitOperands(e.args).join(', ')}])`);
        }
        const info = this.kinds !== null && b.kind === 'fn' && b.ref instanceof FnInfo ? b.ref : null;
        if (info !== null) {
          // Parameters that hold raw floats get raw floats; the result is raw when the function returns floats.
          const rawParam = (i: number): boolean => i < info.params.length && info.params[i] !== null && info.params[i]!.raw && info.decl.params[i].defaultValue === null;
          const args = this.emitOperandsFn(e.args.map((a, i) => () => this.emitFor(a, rawParam(i))));
          // Arguments proved to pass the callee's guard (ranges.ts): straight to its fast version.
          const fast = this.isSafe(e) && this.ranges?.fastPath(info.decl) != null ? this.fastName(info.decl, b.js) : b.js;
          return { js: `${m}${fast}(${args.join(', ')})`, raw: info.retRaw };
        }
        return canon(`${m}${b.js}(${this.emitOperands(e.args).join(', ')})`);
      }
      if (name === 'Some' || name === 'Ok' || name === 'Err') return canon(`${this.rt(name)}(${this.emitOperands(e.args).join(', ')})`);
      const v = this.uniqueVariant(name);
      if (v !== null && v.shape === 'tuple') return canon(this.variantValue(v.enumName, name, this.emitOperands(e.args)));
      if (PRINT_BUILTINS[name] !== undefined) return canon(this.emitPrint(name, e.args, m));
      const f = BUILTIN_NAMES.has(name) ? this.hoist(`${this.rt('builtin')}(${jsString(name)})`, 'b') : `${this.rt('builtin')}(${jsString(name)})`;
      return canon(`${m}${f}(${this.emitOperands(e.args).join(', ')})`);
    }
    if (callee.kind === 'Path') return canon(this.emitPath(callee, e.args));
    const [f, ...args] = this.emitOperands([callee, ...e.args]);
    return canon(`${m}${wrap(f)}(${args.join(', ')})`);
  }

  /** println/print/... : one string argument has its own entry (no formatting). */
  private emitPrint(name: string, args: readonly A.Expr[], m: string): string {
    if ((name === 'println' || name === 'print') && args.length === 1 && this.kindOf(args[0]) === 'str') {
      // One argument prints its display form, which for a string is the string itself.
      const [s] = this.emitOperands(args);
      return `${m}${this.rt(name === 'println' ? 'printlnStr' : 'printStr')}(${s})`;
    }
    return `${m}${this.rt(PRINT_BUILTINS[name])}(${this.emitOperands(args).join(', ')})`;
  }

  private emitMethodCall(e: A.MethodCallExpr): Val {
    const name = e.method.name;
    const m = marker(e.method.start);
    const recvNode = e.receiver;
    const canon = (js: string): Val => ({ js, raw: false });
    const special = this.kinds !== null && !e.optional && !this.kinds.builtinImpls;
    if ((name === 'push_str' || name === 'push') && e.args.length === 1 && !e.optional) {
      // Strings are immutable in JS: write the new string back to the variable or field.
      if (recvNode.kind === 'Identifier') {
        const b = this.scope.lookup(recvNode.name);
        this.checkUse(recvNode, b);
        if (b !== undefined) {
          const kr = this.kindOf(recvNode);
          if (special && name === 'push' && isArr(kr)) {
            const [arg] = this.emitOperandsFn([() => this.emitFor(e.args[0], rawElems(kr))]);
            this.emit(`${b.js}.push(${arg});`, e);
            return canon('void 0');
          }
          const [arg] = this.emitOperands([e.args[0]]);
          this.emit(`${b.js} = ${m}${this.rt('pushTo')}(${b.js}, ${jsString(name)}, ${arg});`, e);
          return canon('void 0');
        }
      }
      if (recvNode.kind === 'FieldExpr' && name === 'push_str') {
        const [obj, arg] = this.emitOperands([recvNode.object, e.args[0]]);
        const o = /^[\w$]+$/.test(obj) ? obj : this.spill(obj);
        const f = jsString(recvNode.field.name);
        this.emit(`${this.rt('setField')}(${o}, ${f}, ${m}${this.rt('pushTo')}(${this.rt('field')}(${o}, ${f}), ${jsString(name)}, ${arg}));`, e);
        return canon('void 0');
      }
    }
    if (special) {
      const kr = this.kindOf(recvNode);
      if (isArr(kr) && name === 'len' && e.args.length === 0) return canon(`${wrap(this.emitExpr(recvNode))}.length`);
      if (isArr(kr) && name === 'push' && e.args.length === 1) {
        const [r, v] = this.emitOperandsFn([() => this.emitExpr(recvNode), () => this.emitFor(e.args[0], rawElems(kr))]);
        return canon(`(${wrap(r)}.push(${v}), void 0)`);
      }
      if (e.args.length === 0 && ((kr === 'float' || kr === 'int') && FLOAT_MATH[name] !== undefined)) {
        return { js: `${FLOAT_MATH[name]}(${this.asF64(this.emitVal(recvNode), kr)})`, raw: true };
      }
      if (e.args.length === 0 && kr === 'float' && FLOAT_ONLY_MATH[name] !== undefined) {
        return { js: `${FLOAT_ONLY_MATH[name]}(${this.emitRaw(recvNode)})`, raw: true };
      }
    }
    const [recv, ...args] = this.emitOperands([recvNode, ...e.args]);
    let r = recv;
    let prefix = '';
    if (e.optional) {
      r = this.spill(recv);
      prefix = `${r} === void 0 ? void 0 : `;
    }
    let typeArg = '';
    if (name === 'parse' && e.typeArgs !== null && e.typeArgs.length === 1 && e.typeArgs[0].kind === 'NamedType') {
      typeArg = jsString(e.typeArgs[0].path[e.typeArgs[0].path.length - 1].name);
    }
    const all = typeArg !== '' ? [...args, typeArg] : args;
    let call: string;
    if (all.length === 0) call = `${this.rt('mc0')}(${r}, ${jsString(name)})`;
    else if (all.length === 1) call = `${this.rt('mc1')}(${r}, ${jsString(name)}, ${all[0]})`;
    else if (all.length === 2) call = `${this.rt('mc2')}(${r}, ${jsString(name)}, ${all[0]}, ${all[1]})`;
    else call = `${this.rt('mcN')}(${r}, ${jsString(name)}, [${all.join(', ')}])`;
    return canon(prefix === '' ? m + call : `(${prefix}${m}${call})`);
  }

  private emitTry(e: A.TryExpr): string {
    const v = this.emitExpr(e.expr);
    const t = this.spill(v);
    if (this.fn.isTop) {
      // At the top level, `?` on None/Err ends the program quietly (there is no caller).
      this.emit(`if (${this.rt('tryShort')}(${t}) !== null) return;`, e);
    } else {
      this.emit(`if (${this.rt('tryShort')}(${t}) !== null) return ${t};`, e);
    }
    return `${this.rt('tryValue')}(${t})`;
  }

  private emitComprehension(e: A.ComprehensionExpr): string {
    const out = this.temp('arr');
    this.emit(`const ${out} = [];`, e);
    const iterable = this.emitExpr(e.iterable);
    const item = this.temp('x');
    this.emit(`for (const ${item} of ${this.rt('iter')}(${iterable})) {`);
    this.nested(() =>
      this.withScope(() => {
        this.bindIrrefutable(e.pattern, item, e.pattern);
        if (e.condition !== null) {
          const c = this.emitCond(e.condition);
          this.emit(`if (!(${c})) continue;`);
        }
        const v = this.emitExpr(e.element);
        this.emit(`${out}.push(${v});`);
      }),
    );
    this.emit('}');
    return out;
  }

  private emitObject(e: A.ObjectExpr): string {
    const values: A.Expr[] = [];
    const keys: string[] = [];
    for (const f of e.fields) {
      if (f.kind === 'SpreadElement') {
        this.unsupported(f, 'spread in object literals');
        continue;
      }
      keys.push(jsString(f.key.kind === 'Identifier' ? f.key.name : f.key.value));
      values.push(f.value);
    }
    const vs = this.emitOperands(values);
    return `${this.rt('obj')}(${keys.map((k, i) => `${k}, ${vs[i]}`).join(', ')})`;
  }

  private fieldsObject(names: string[], values: string[]): string {
    return '{' + names.map((n, i) => `${jsKey(n)}: ${values[i]}`).join(', ') + '}';
  }

  private emitStructExpr(e: A.StructExpr): string {
    const segs = e.name.kind === 'Identifier' ? [e.name.name] : e.name.segments.map((s) => s.name.name);
    if (segs[0] === 'Self' && this.implType !== null) segs[0] = this.implType;
    const names = e.fields.map((f) => f.name.name);
    const exprs: A.Expr[] = e.fields.map((f) => f.value ?? f.name);
    if (e.base !== null) exprs.push(e.base);
    const values = this.emitOperands(exprs);
    const base = e.base !== null ? values.pop()! : null;
    const fields = this.fieldsObject(names, values);
    if (segs.length === 1) {
      const b = this.scope.lookup(segs[0]);
      if (b !== undefined && b.kind === 'struct') {
        if (base !== null) return `${this.rt('updateStruct')}(${b.js}, ${base}, ${fields})`;
        return `${marker(e.start)}${this.rt('mkStruct')}(${b.js}, ${fields})`;
      }
      const v = this.uniqueVariant(segs[0]);
      if (v !== null) return `${this.rt('variantStruct')}(${this.enumRef(v.enumName)}, ${jsString(segs[0])}, ${fields})`;
    } else if (segs.length === 2) {
      const en = this.decls.enums.get(segs[0]);
      if (en !== undefined && en.variants.has(segs[1])) {
        return `${this.rt('variantStruct')}(${this.enumRef(segs[0])}, ${jsString(segs[1])}, ${fields})`;
      }
    }
    this.report(Codes.CompilerUnknownName, e.name, { name: segs.join('::') });
    return `${this.rt('unsupported')}(${jsString('unknown struct ' + segs.join('::'))})`;
  }

  private enumRef(name: string): string {
    const b = this.scope.lookup(name);
    return b !== undefined && b.kind === 'enum' ? b.js : jsString(name);
  }

  private emitClosure(e: A.ClosureExpr): string {
    if (e.isAsync) {
      this.unsupported(e, 'async closures');
      return `${this.rt('unsupported')}("async closures")`;
    }
    return this.withFunction(() => {
      const params = this.emitParams(e.params);
      const head = `(${params.names.join(', ')}) => `;
      if (params.prelude.length === 0 && e.body.kind !== 'BlockExpr') {
        const [js, lines] = this.capture(() => this.emitExpr(e.body));
        if (lines.length === 0 && !this.fn.scratch) return head + (js.startsWith('{') ? `(${js})` : js);
        this.fn.scratch = false;
      }
      const [, lines] = this.capture(() =>
        this.nested(() => {
          for (const line of params.prelude) this.emit(line);
          if (e.body.kind === 'BlockExpr' && e.body.label === null) this.emitBlockBody(e.body.stmts, RETURN);
          else this.emitExprTo(e.body, RETURN);
        }),
      );
      if (this.fn.scratch) lines.unshift('  '.repeat(this.depth + 1) + 'let $r;');
      return `${head}{\n${lines.join('\n')}\n${'  '.repeat(this.depth)}}`;
    });
  }

  private emitMacro(e: A.MacroCall): string {
    const name = e.name.name;
    if (e.tokens !== null) {
      this.report(Codes.CompilerUnknownMacro, e, { name });
      return `${this.rt('unsupported')}(${jsString('macro ' + name + '!')})`;
    }
    const args = e.args.filter((a): a is A.Expr => a.kind !== 'MacroArgPair');
    if (args.length !== e.args.length) {
      this.report(Codes.CompilerUnknownMacro, e, { name });
      return `${this.rt('unsupported')}(${jsString('macro ' + name + '!')})`;
    }
    const m = marker(e.start);
    if (name === 'vec') {
      if (args.length === 1 && args[0].kind === 'ArrayRepeatExpr') return this.emitExpr(args[0]);
      return `[${this.emitOperands(args).join(', ')}]`;
    }
    const fn = MACROS[name];
    if (fn === undefined) {
      this.report(Codes.CompilerUnknownMacro, e, { name });
      return `${this.rt('unsupported')}(${jsString('macro ' + name + '!')})`;
    }
    return `${m}${this.rt(fn)}(${this.emitOperands(args).join(', ')})`;
  }

  // ---------------------------------------------------------------- PatternHost

  constant(path: string[]): string | null {
    if (path.length === 1) {
      const b = this.scope.lookup(path[0]);
      if (b !== undefined) return b.js;
      return null;
    }
    return `${this.rt('pathValue')}(${jsString(path.join('::'))})`;
  }

  structRef(name: string): string | null {
    const b = this.scope.lookup(name);
    return b !== undefined && b.kind === 'struct' ? b.js : null;
  }

  uniqueVariant(name: string): { enumName: string; shape: string } | null {
    const list = this.decls.variantsByName.get(name);
    if (list === undefined || list.length !== 1) return null;
    return { enumName: list[0].enumName, shape: list[0].shape };
  }

  isConstantName(name: string): 'none' | 'variant' | 'const' | null {
    if (name === 'None') return 'none';
    const b: Binding | undefined = this.scope.lookup(name);
    if (b !== undefined && b.kind === 'const') return 'const';
    if (b === undefined) {
      const v = this.uniqueVariant(name);
      if (v !== null && v.shape === 'unit') return 'variant';
    }
    return null;
  }

  constRef(name: string): string {
    return this.scope.lookup(name)!.js;
  }

  selfType(): string | null {
    return this.implType;
  }
}

// ---------------------------------------------------------------- helpers

/** Expressions that are lowered to statements (their value is best written straight to a variable). */
function isStatementLike(e: A.Expr): boolean {
  switch (e.kind) {
    case 'MatchExpr':
    case 'LoopExpr':
    case 'WhileExpr':
    case 'ForExpr':
    case 'TryCatchExpr':
      return true;
    case 'BlockExpr':
      return e.stmts.length !== 1 || e.stmts[0].kind !== 'ExprStmt';
    case 'IfExpr':
      return e.else === null || e.then.stmts.length !== 1 || e.condition.kind === 'LetCondition' || e.else.kind !== 'BlockExpr' || e.else.stmts.length !== 1;
    default:
      return false;
  }
}

function conds(c: CompiledPattern): string {
  return c.conds.length === 0 ? 'true' : c.conds.join(' && ');
}

/** JS for a raw float value. */
function rawNumberJs(v: number): string {
  if (v === Infinity) return '(1 / 0)';
  if (v === -Infinity) return '(-1 / 0)';
  if (Number.isNaN(v)) return '(0 / 0)';
  if (Object.is(v, -0)) return '(-0)';
  return v < 0 ? `(${String(v)})` : String(v);
}

/** The number a JS number literal written by rawNumberJs/intJs stands for, or null. */
function numberLiteral(js: string): number | null {
  switch (js) {
    case '(1 / 0)':
      return Infinity;
    case '(-1 / 0)':
      return -Infinity;
    case '(0 / 0)':
      return NaN;
    case '(-0)':
      return -0;
  }
  const m = /^\(?(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\)?$/.exec(js);
  return m === null ? null : Number(m[1]);
}

/** The value of a safe integer literal in JS text, or null. */
function intLiteralJs(js: string): number | null {
  const m = /^\(?(-?\d+)\)?$/.exec(js);
  return m === null ? null : Number(m[1]);
}

function intJs(v: bigint): string {
  if (v >= -9007199254740991n && v <= 9007199254740991n) return v < 0n ? `(${v})` : String(v);
  return `(${v}n)`;
}

function wrap(js: string): string {
  return /^[\w$.]+$/.test(stripMarks(js)) || isParenthesized(js) ? js : `(${js})`;
}

/** Whether `js` is one parenthesized group from its first to its last character. */
function isParenthesized(js: string): boolean {
  if (!js.startsWith('(') || !js.endsWith(')')) return false;
  let depth = 0;
  for (let i = 0; i < js.length; i++) {
    const c = js[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < js.length && js[i] !== c; i++) if (js[i] === '\\') i++;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0 && i < js.length - 1) return false;
    }
  }
  return depth === 0;
}

function stripMarks(js: string): string {
  if (js.indexOf(MARK_OPEN) < 0) return js;
  return js.replace(new RegExp(`${MARK_OPEN}\\d+${MARK_CLOSE}`, 'g'), '');
}

function endsWithReturn(lines: string[]): boolean {
  const last = lines[lines.length - 1];
  return last !== undefined && /^\s*(\uE000\d+\uE001)?return\b/.test(last);
}

/** The names a pattern binds, in order (kinds.ts keeps the one walk over patterns). */
function patternNames(p: A.Pattern): string[] {
  return patternIdents(p).map((identifier) => identifier.name);
}

/** An expression node standing for already-emitted JS (destructuring assignment). */
function rawExpr(js: string, at: A.Node): A.Expr {
  return { kind: 'Identifier', name: `\u0000${js}`, start: at.start, end: at.end } as A.Identifier;
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.code}:${d.start}:${d.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export { mangle };

/**
 * A property key in an object literal. `__proto__`, even quoted, would set the literal's
 * prototype instead of making a property (a field or method would vanish, and the object
 * would inherit from a program value); the computed form makes an own property.
 */
function jsKey(name: string): string {
  return name === '__proto__' ? '["__proto__"]' : jsString(name);
}

/** The member part of an impl function's JS name (`Point$new`): any identifier characters. */
function safeMember(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, (c) => '_' + c.charCodeAt(0).toString(16));
}
