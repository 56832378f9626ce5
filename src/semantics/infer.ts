// Type inference and checking of items, one strongly connected component of the item
// dependency graph at a time (mutually recursive functions are inferred together and
// generalised together, Hindley–Milner style with levels).
//
// Gradual typing (LANGUAGE.md): every expression gets a type *and* a certainty bit.
// Types drive hover, completion and inlay hints; they may contain guesses (an operand
// of `*` next to an integer is probably an integer). Errors are only reported from
// certain facts: literals, annotations, declared shapes, constructors, and expressions
// built from certain parts. A value that went through an unannotated parameter, a guess
// or a reassigned `mut` binding is never the basis of an error. Conflicts between
// inferred types widen to `dyn` instead.

import { Codes, format, type DiagnosticCode } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import type { ItemRecord } from '../workspace/document.js';
import type { SymbolKind } from './api.js';
import { RefFlag, restBinding, SymFlag, type Binding } from './binder.js';
import { convertType, requiredMethods, TypeShapes, type ConvertContext, type Shape, type VariantShape } from './convert.js';
import { findRef, letsOfItem, moduleNamesKey, targetKey, type GlobalSymbol, type ItemContext, type ProgramEnv, type Resolution, type Target, type TypeInfo } from './globals.js';
import { ARITHMETIC, BITWISE, binaryInvalid, COMPARISON, operandClass, orderingInvalid, unaryInvalid } from './operators.js';
import {
  BUILTIN_ARITY,
  BUILTIN_CONSTANTS,
  BUILTIN_NAMESPACES,
  builtinAssociated,
  builtinFunctions,
  builtinMacros,
  G_E,
  G_K,
  G_SELF,
  G_T,
  G_V,
  GEN_COUNT,
  methodTable,
  tablesWithMethod,
  type BuiltinSig,
  type MethodTableName,
} from './prelude.js';
import { suggest } from '../diagnostics/suggest.js';
import {
  arrayOf,
  BOOL,
  CHAR,
  DYN,
  FLOAT,
  fnOf,
  freshVar,
  generalize,
  INT,
  instantiate,
  isGround,
  moduleOf,
  NEVER,
  objectOf,
  optionOf,
  primByName,
  rangeOf,
  renderScheme,
  renderType,
  resolve,
  resultOf,
  STRING,
  substGen,
  tupleOf,
  UNIT,
  zonk,
  type FnType,
  type Scheme,
  type Type,
} from './types.js';
import { compatible, Unifier } from './unify.js';

// ---------------------------------------------------------------- results

/**
 * Diagnostic data naming another global's declaration by key (`declaration` depends on
 * where that global is in the current view): the queries replace it with the range.
 */
export const DECLARATION_OF = 'declarationOf';

export interface FnMeta {
  /** Parameter names, without `self`. */
  readonly paramNames: readonly string[];
  /** Whether each parameter (without `self`) has a type annotation. */
  readonly declared: readonly boolean[];
  readonly min: number;
  readonly max: number;
  readonly hasSelf: boolean;
  /** The return type is known for certain (declared and not generic, or inferred from certain parts). */
  readonly returnCertain: boolean;
  readonly returnDeclared: boolean;
}

export interface ExportInfo {
  readonly kind: SymbolKind;
  /** For methods with `self`, the first parameter is the receiver. */
  readonly scheme: Scheme;
  /** The value's type is certain (lets and constants). */
  readonly certain: boolean;
  readonly mutable: boolean;
  readonly fn: FnMeta | null;
  readonly fingerprint: string;
}

export interface MemberRefs {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly keys: readonly string[];
}

export interface CallSite {
  readonly start: number;
  readonly end: number;
  readonly openParen: number;
  readonly closeParen: number;
  readonly label: string;
  readonly params: readonly string[];
  readonly doc: string | null;
  /** Arguments given outside the parentheses (the piped value). */
  readonly implicitArgs: number;
}

/** Per-expression facts for queries, recorded only when asked for (lazily, one item at a time). */
export interface Detail {
  readonly exprStart: Int32Array;
  readonly exprEnd: Int32Array;
  readonly exprTypes: readonly Type[];
  /** Zonked type of each binder symbol (null for labels and type parameters). */
  readonly localTypes: readonly (Type | null)[];
  readonly calls: readonly CallSite[];
  /** Constant candidates of patterns that name a constant or variant: symbol index -> member key. */
  readonly constPatterns: ReadonlyMap<number, string>;
  /**
   * Globals whose declaration (not only their signature) a call site label or doc shows: the
   * detail stays valid while the item's inference does and these are the same symbols.
   */
  readonly symbols: readonly GlobalSymbol[];
}

/** The items inferred together (one component of the dependency graph). */
export interface InferenceGroup {
  readonly records: readonly ItemRecord[];
}

export interface ItemInference {
  /** The item as it was when inferred (its offset may have changed since: use its record). */
  readonly item: ItemContext;
  readonly group: InferenceGroup;
  readonly diagnostics: readonly Diagnostic[];
  readonly exports: ReadonlyMap<string, ExportInfo>;
  /** Global keys consulted, with their fingerprint at the time. */
  readonly consulted: ReadonlyMap<string, string>;
  /** Free name -> target key, as resolved for this analysis. */
  readonly resolutions: ReadonlyMap<string, string>;
  readonly memberRefs: MemberRefs;
  /** Keys of import symbols this item used. */
  readonly usedImports: readonly string[];
  /** Globals this item uses (outside their own declaration, so recursion does not count). */
  readonly globalUses: readonly string[];
  /** Globals this item assigns or mutates. */
  readonly globalWrites: readonly string[];
  readonly detail: Detail | null;
}

export interface ExportSource {
  get(key: string): ExportInfo | undefined;
  fingerprint(key: string): string;
}

// ---------------------------------------------------------------- internal state

interface R {
  readonly t: Type;
  readonly c: boolean;
}

const rDyn: R = { t: DYN, c: false };
const rUnitCertain: R = { t: UNIT, c: true };
const rNever: R = { t: NEVER, c: true };

function r(t: Type, c: boolean): R {
  return { t, c };
}

interface Pending {
  readonly kind: SymbolKind;
  readonly key: string;
  type: Type;
  readonly scheme: Scheme | null;
  readonly fn: FnMeta | null;
  readonly mutable: boolean;
  certain: boolean;
  returnCertain: boolean;
  readonly item: ItemContext;
  /** Closure-valued lets are generalised (value restriction). */
  generalizable: boolean;
}

interface FnCtx {
  readonly name: string;
  readonly ret: Type;
  readonly declaredRet: Type | null;
  readonly isClosure: boolean;
  returnsCertain: boolean;
}

interface LoopCtx {
  readonly label: string | null;
  breakType: Type | null;
  broke: boolean;
  readonly isLoop: boolean;
}

interface ItemState {
  readonly item: ItemContext;
  readonly diagnostics: Diagnostic[];
  readonly typeParams: Map<number, Type>;
  /** The declared bounds (`T: Area`, `where T: Area`) of each type parameter, by variable id. */
  readonly typeParamBounds: Map<number, A.TypeNode[]>;
  readonly consulted: Map<string, string>;
  readonly resolutions: Map<string, string>;
  readonly usedImports: Set<string>;
  readonly memberRefs: { start: number; end: number; key: string }[];
  readonly res: (Resolution | null | undefined)[];
  readonly localTypes: (Type | null)[];
  readonly localSchemes: (Scheme | null)[];
  readonly localCertain: boolean[];
  readonly closureArity: Map<number, { min: number; max: number }>;
  readonly constPatterns: Map<number, string>;
  readonly fnKeys: Map<A.FunctionDecl, { key: string; self: Type | null }>;
  readonly reported: Set<string>;
  exprs: { start: number; end: number; type: Type }[] | null;
  calls: CallSite[] | null;
  callees: Set<GlobalSymbol> | null;
}

const symIndexCache = new WeakMap<Binding, Map<number, number>>();
function symbolsByStart(b: Binding): Map<number, number> {
  let m = symIndexCache.get(b);
  if (m === undefined) {
    m = new Map();
    b.symbols.forEach((s, i) => {
      if (s.kind !== 'label' && !m!.has(s.start)) m!.set(s.start, i);
    });
    symIndexCache.set(b, m);
  }
  return m;
}

const writesCache = new WeakMap<Binding, Uint8Array>();
function writtenSymbols(b: Binding): Uint8Array {
  let w = writesCache.get(b);
  if (w === undefined) {
    w = new Uint8Array(b.symbols.length);
    for (let i = 0; i < b.refTarget.length; i++) {
      const t = b.refTarget[i];
      if (t >= 0 && (b.refFlags[i] & RefFlag.Write) !== 0) w[t] = 1;
    }
    writesCache.set(b, w);
  }
  return w;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function isClosureValue(e: A.Expr | null): boolean {
  while (e !== null && e.kind === 'ParenExpr') e = e.expr;
  return e !== null && e.kind === 'ClosureExpr';
}

export function fingerprintOf(e: Omit<ExportInfo, 'fingerprint'>): string {
  const fn = e.fn === null ? '' : `|${e.fn.min}-${e.fn.max}|${e.fn.declared.map((d) => (d ? 1 : 0)).join('')}|${e.fn.hasSelf ? 's' : ''}|${e.fn.returnCertain ? 'c' : ''}|${e.fn.paramNames.join(',')}`;
  return `${e.kind}|${renderScheme(e.scheme)}|${e.certain ? 'c' : ''}|${e.mutable ? 'm' : ''}${fn}`;
}

/** The names of the generic letters of builtin signatures, filled from a receiver. */
function genArgs(level: number, fill: Partial<Record<number, Type>>): Type[] {
  const out: Type[] = [];
  for (let i = 0; i < GEN_COUNT; i++) out.push(fill[i] ?? freshVar(level));
  return out;
}

// ---------------------------------------------------------------- the inferrer

export interface InferOptions {
  readonly detail: boolean;
}

export class Inferrer {
  private readonly u = new Unifier();
  private level = 0;
  private readonly states = new Map<ItemContext, ItemState>();
  private s!: ItemState;
  private b!: Binding;
  private readonly pending = new Map<string, Pending>();
  private fnStack: FnCtx[] = [];
  private loopStack: LoopCtx[] = [];
  private selfType: Type | null = null;

  constructor(
    private readonly env: ProgramEnv,
    private readonly shapes: TypeShapes,
    private readonly exports: ExportSource,
    private readonly options: InferOptions,
  ) {}

  /** Infers the items of one component together. */
  inferComponent(items: readonly ItemContext[]): ItemInference[] {
    for (const item of items) this.states.set(item, this.newState(item));
    this.level = 1;
    for (const item of items) {
      this.use(item);
      this.predeclareItem(item);
    }
    for (const item of items) {
      this.use(item);
      this.inferItem(item);
    }
    this.level = 0;
    const results: ItemInference[] = [];
    const exportsByItem = new Map<ItemContext, Map<string, ExportInfo>>();
    for (const p of this.pending.values()) {
      let map = exportsByItem.get(p.item);
      if (map === undefined) exportsByItem.set(p.item, (map = new Map()));
      map.set(p.key, this.finishExport(p));
    }
    const group: InferenceGroup = { records: items.map((i) => i.record) };
    for (const item of items) {
      const st = this.states.get(item)!;
      results.push(this.result(st, group, exportsByItem.get(item) ?? new Map()));
    }
    return results;
  }

  private newState(item: ItemContext): ItemState {
    const n = item.binding.symbols.length;
    return {
      item,
      diagnostics: [],
      typeParams: new Map(),
      typeParamBounds: new Map(),
      consulted: new Map(),
      resolutions: new Map(),
      usedImports: new Set(),
      memberRefs: [],
      res: new Array(item.binding.freeNames.length),
      localTypes: new Array(n).fill(null),
      localSchemes: new Array(n).fill(null),
      localCertain: new Array(n).fill(false),
      closureArity: new Map(),
      constPatterns: new Map(),
      fnKeys: new Map(),
      reported: new Set(),
      exprs: this.options.detail ? [] : null,
      calls: this.options.detail ? [] : null,
      callees: this.options.detail ? new Set() : null,
    };
  }

  private use(item: ItemContext): void {
    this.s = this.states.get(item)!;
    this.b = item.binding;
    this.selfType = null;
    this.fnStack = [];
    this.loopStack = [];
  }

  private finishExport(p: Pending): ExportInfo {
    let scheme: Scheme;
    if (p.scheme !== null) scheme = p.scheme;
    else if (p.fn !== null || p.generalizable) scheme = generalize(p.type, 0, true);
    else scheme = generalize(p.type, Number.MAX_SAFE_INTEGER, true);
    const fn = p.fn === null ? null : { ...p.fn, returnCertain: p.returnCertain };
    const base = { kind: p.kind, scheme, certain: p.certain, mutable: p.mutable, fn };
    return { ...base, fingerprint: fingerprintOf(base) };
  }

  private result(st: ItemState, group: InferenceGroup, exports: Map<string, ExportInfo>): ItemInference {
    st.memberRefs.sort((a, b) => a.start - b.start);
    const n = st.memberRefs.length;
    const start = new Int32Array(n);
    const end = new Int32Array(n);
    const keys: string[] = [];
    st.memberRefs.forEach((m, i) => {
      start[i] = m.start;
      end[i] = m.end;
      keys.push(m.key);
    });
    // Every free name is resolved, used or not, so that reuse can compare resolutions.
    this.s = st;
    this.b = st.item.binding;
    for (let i = 0; i < this.b.freeNames.length; i++) this.resolveFree(i);
    const uses = new Set<string>();
    const writes = new Set<string>();
    const b = this.b;
    const USE = RefFlag.Read | RefFlag.Call | RefFlag.Type | RefFlag.Path | RefFlag.StructName | RefFlag.Macro;
    const record = st.item.record;
    const outsideOwn = (key: string, at: number): boolean => {
      const sym = this.env.symbols.get(key);
      return sym === undefined || sym.item.record !== record || at < sym.declStart || at >= sym.declEnd;
    };
    for (let i = 0; i < b.refTarget.length; i++) {
      const t = b.refTarget[i];
      let key: string | undefined;
      if (t >= 0) key = st.constPatterns.get(t);
      else {
        const res = st.res[-t - 1];
        if (res != null && res.target.t === 'sym') key = res.target.sym.key;
        else if (res != null && res.target.t === 'module' && res.target.sym !== null) key = res.target.sym.key;
      }
      if (key === undefined) continue;
      const f = b.refFlags[i];
      if ((f & (RefFlag.Write | RefFlag.Mutate)) !== 0) writes.add(key);
      if ((f & USE) !== 0 && outsideOwn(key, b.refStart[i])) uses.add(key);
    }
    for (const m of st.memberRefs) if (outsideOwn(m.key, m.start)) uses.add(m.key);
    let detail: Detail | null = null;
    if (st.exprs !== null) {
      st.exprs.sort((a, b) => a.start - b.start || b.end - a.end);
      const en = st.exprs.length;
      const es = new Int32Array(en);
      const ee = new Int32Array(en);
      const et: Type[] = [];
      st.exprs.forEach((x, i) => {
        es[i] = x.start;
        ee[i] = x.end;
        et.push(zonk(x.type));
      });
      const localTypes = st.localTypes.map((t, i) => {
        const scheme = st.localSchemes[i];
        if (scheme !== null) return scheme.t;
        return t === null ? null : zonk(t);
      });
      detail = { exprStart: es, exprEnd: ee, exprTypes: et, localTypes, calls: st.calls ?? [], constPatterns: st.constPatterns, symbols: [...(st.callees ?? [])] };
    }
    return {
      item: st.item,
      group,
      diagnostics: st.diagnostics,
      exports,
      consulted: st.consulted,
      resolutions: st.resolutions,
      memberRefs: { start, end, keys },
      usedImports: [...st.usedImports],
      globalUses: [...uses],
      globalWrites: [...writes],
      detail,
    };
  }

  // ---------------------------------------------------------------- diagnostics

  private report(code: DiagnosticCode, start: number, end: number, args: Record<string, string | number>, data?: Record<string, unknown>): void {
    const id = `${code.code}:${start}:${end}`;
    if (this.s.reported.has(id)) return;
    this.s.reported.add(id);
    this.s.diagnostics.push({
      code: code.code,
      severity: code.severity,
      message: format(code.template, { hint: '', ...args }),
      start,
      end,
      ...(data !== undefined ? { data } : {}),
    });
  }

  private mismatch(expected: Type, found: Type, node: A.Node): void {
    const e = renderType(expected);
    const f = renderType(found);
    this.report(Codes.TypeMismatch, node.start, node.end, { expected: e, found: f }, { expected: e, found: f });
  }

  /** Checks a certain value against a declared type; unifies when compatible. */
  private check(expected: Type, value: R, node: A.Node): void {
    if (value.c && !compatible(expected, value.t)) {
      this.mismatch(expected, value.t, node);
      return;
    }
    this.u.unify(expected, value.t);
  }

  // ---------------------------------------------------------------- globals

  private consult(key: string): void {
    if (!this.s.consulted.has(key)) this.s.consulted.set(key, this.exports.fingerprint(key));
  }

  /** A lookup inside a module depends on what the module declares. */
  private consultModule(target: Target): void {
    const key = moduleNamesKey(target);
    if (key !== null) this.consult(key);
  }

  private resolveFree(index: number): Resolution | null {
    const cached = this.s.res[index];
    if (cached !== undefined) return cached;
    const name = this.b.freeNames[index];
    const res = this.env.resolveName(this.s.item, name);
    this.s.res[index] = res;
    this.s.resolutions.set(name, targetKey(res?.target ?? null));
    if (res !== null) {
      if (res.via !== null) this.s.usedImports.add(res.via.key);
      if (res.target.t === 'sym') this.consult(res.target.sym.key);
    }
    return res;
  }

  private refAt(start: number): number {
    return findRef(this.b.refStart, start);
  }

  private symbolAt(start: number): number {
    return symbolsByStart(this.b).get(start) ?? -1;
  }

  private memberRef(start: number, end: number, key: string): void {
    this.s.memberRefs.push({ start, end, key });
  }

  private exportOf(key: string): { scheme: Scheme | null; type: Type | null; fn: FnMeta | null; certain: boolean; mutable: boolean; returnCertain: boolean } | null {
    const p = this.pending.get(key);
    if (p !== undefined) return { scheme: p.scheme, type: p.type, fn: p.fn, certain: p.certain, mutable: p.mutable, returnCertain: p.returnCertain && p.scheme !== null };
    const e = this.exports.get(key);
    this.consult(key);
    if (e === undefined) return null;
    return { scheme: e.scheme, type: null, fn: e.fn, certain: e.certain, mutable: e.mutable, returnCertain: e.fn?.returnCertain ?? false };
  }

  private instantiateExport(key: string): { t: Type; fn: FnMeta | null; certain: boolean; returnCertain: boolean; mutable: boolean } | null {
    const e = this.exportOf(key);
    if (e === null) return null;
    const t = e.scheme !== null ? instantiate(e.scheme, this.level) : (e.type ?? DYN);
    return { t, fn: e.fn, certain: e.certain, returnCertain: e.returnCertain, mutable: e.mutable };
  }

  private typeInfo(key: string): TypeInfo | null {
    const info = this.env.types.get(key);
    if (info !== undefined) this.consult(key);
    return info ?? null;
  }

  private shape(info: TypeInfo): Shape {
    this.consult(info.key);
    return this.shapes.shape(info);
  }

  private convCtx(report: boolean): ConvertContext {
    return {
      env: this.env,
      item: this.s.item,
      typeParams: this.s.typeParams,
      selfType: this.selfType,
      diagnostics: report ? this.s.diagnostics : null,
      level: this.level,
      shapes: this.shapes,
      onResolve: (name, res) => {
        this.s.resolutions.set(name, targetKey(res?.target ?? null));
        if (res?.via != null) this.s.usedImports.add(res.via.key);
        if (res?.target.t === 'sym') this.consult(res.target.sym.key);
      },
      onConsult: (key) => this.consult(key),
    };
  }

  private convert(node: A.TypeNode | null, report = true): Type {
    if (node === null) return DYN;
    const id = `type:${node.start}`;
    const doReport = report && !this.s.reported.has(id);
    if (doReport) this.s.reported.add(id);
    return convertType(node, this.convCtx(doReport));
  }

  private declareTypeParams(params: readonly A.TypeParam[], where: readonly A.WherePredicate[] = []): void {
    for (const p of params) {
      if (p.isLifetime) continue;
      const index = this.b.symbols.findIndex((s) => s.kind === 'typeParameter' && s.start === p.name.start);
      if (index >= 0 && !this.s.typeParams.has(index)) {
        const v = freshVar(this.level, p.name.name);
        this.s.typeParams.set(index, v);
        if (p.bounds.length > 0) this.s.typeParamBounds.set(v.id, [...p.bounds]);
      }
    }
    for (const w of where) {
      const target = resolve(this.convert(w.target, false));
      if (target.k !== 'var' || target.rigid === null) continue;
      const bounds = this.s.typeParamBounds.get(target.id) ?? [];
      if (!this.s.typeParamBounds.has(target.id)) this.s.typeParamBounds.set(target.id, bounds);
      for (const b of w.bounds) if (!bounds.includes(b)) bounds.push(b);
    }
  }

  /** The traits a type parameter is bounded by (`T: Area + Display`), as declared. */
  private boundTraits(t: Type): TypeInfo[] {
    if (t.k !== 'var' || t.rigid === null) return [];
    const out: TypeInfo[] = [];
    const add = (info: TypeInfo | null): void => {
      if (info === null || info.kind !== 'trait' || out.includes(info)) return;
      this.consult(info.key);
      out.push(info);
      // `trait Shape: Area`: a `T: Shape` has the methods of `Area` too.
      const decl = info.symbol?.node;
      if (decl?.kind === 'TraitDecl') for (const s of (decl as A.TraitDecl).supertraits) add(this.env.resolveTypeNode(info.symbol!.item, s));
    };
    for (const b of this.s.typeParamBounds.get(t.id) ?? []) {
      this.convert(b, false); // records the resolution of the bound's name, for reuse
      add(this.env.resolveTypeNode(this.s.item, b));
    }
    return out;
  }

  /**
   * The trait method a call on a receiver of unknown type names: the method of a trait
   * bounding the receiver's type parameter, or else, when every user method of that name
   * is one trait's method or implements it (`shape.area()` on a `dyn Area`), that trait's.
   */
  private traitMethodFor(t: Type, name: string): GlobalSymbol | null {
    for (const info of this.boundTraits(t)) {
      const m = info.members.get(name);
      if (m !== undefined && m.kind === 'method') return m;
    }
    // A receiver of unknown type may as well be a string or an array: a name that builtin
    // types have too (`len`, `push`) is left to the builtin tables.
    if (tablesWithMethod(name).length > 0) return null;
    const user = (this.env.membersByName.get(name) ?? []).filter((m) => m.kind === 'method');
    const declared = user.filter((m) => m.ownerKey !== null && this.env.types.get(m.ownerKey)?.kind === 'trait');
    if (declared.length !== 1) return null;
    const traitKey = declared[0].ownerKey!;
    for (const m of user) {
      if (m === declared[0]) continue;
      this.consult(m.ownerKey!);
      if (!(this.env.types.get(m.ownerKey!)?.traits.includes(traitKey) ?? false)) return null;
    }
    this.consult(traitKey);
    return declared[0];
  }

  // ---------------------------------------------------------------- predeclaration

  private predeclareItem(item: ItemContext): void {
    const stmt = item.record.stmt;
    if (stmt === null) return;
    this.predeclareStmt(stmt, '');
  }

  private keyOf(path: string): string {
    return `${this.s.item.uri}::${path}`;
  }

  private predeclareStmt(stmt: A.Stmt, module: string): void {
    const path = (name: string): string => (module === '' ? name : `${module}::${name}`);
    switch (stmt.kind) {
      case 'FunctionDecl':
        this.predeclareFn(stmt, this.keyOf(path(stmt.name.name)), 'function', null);
        return;
      case 'ConstDecl': {
        const key = this.keyOf(path(stmt.name.name));
        const t = stmt.type !== null ? this.convert(stmt.type) : freshVar(this.level);
        this.pending.set(key, { kind: 'constant', key, type: t, scheme: null, fn: null, mutable: false, certain: stmt.type !== null, returnCertain: false, item: this.s.item, generalizable: false });
        return;
      }
      case 'LetStmt': {
        const file = this.env.file(this.s.item.uri);
        for (const d of this.s.item.decls.decls) {
          if (d.kind !== 'variable' || d.letStmt !== stmt) continue;
          const sym = (file === undefined ? undefined : letsOfItem(file.lets.get(d.path), this.s.item.record).find((l) => l.start === d.start));
          if (sym === undefined) continue;
          this.pending.set(sym.key, {
            kind: 'variable',
            key: sym.key,
            type: freshVar(this.level),
            scheme: null,
            fn: null,
            mutable: d.mutable,
            certain: false,
            returnCertain: false,
            item: this.s.item,
            generalizable: !d.mutable && stmt.pattern.kind === 'IdentPattern' && isClosureValue(stmt.init),
          });
        }
        return;
      }
      case 'ModuleDecl':
        if (stmt.body !== null) for (const s of stmt.body) this.predeclareStmt(s, path(stmt.name.name));
        return;
      case 'StructDecl': {
        if (stmt.methods.length === 0) return;
        const info = this.env.types.get(this.keyOf(path(stmt.name.name)));
        if (info === undefined) return;
        this.declareTypeParams(stmt.typeParams);
        const self = this.selfTypeFor(info, stmt.typeParams);
        for (const m of stmt.methods) this.predeclareFn(m, `${info.key}.${m.name.name}`, 'method', self);
        return;
      }
      case 'ImplDecl': {
        const info = this.env.resolveTypeNode(this.s.item, stmt.selfType);
        this.declareTypeParams(stmt.typeParams, stmt.where);
        const saved = this.selfType;
        this.selfType = null;
        const self = this.convert(stmt.selfType);
        this.selfType = saved;
        for (const m of stmt.members) {
          if (m.kind !== 'FunctionDecl') continue;
          if (info === null || info.members.get(m.name.name)?.node !== m) {
            this.s.fnKeys.set(m, { key: '', self });
            continue;
          }
          this.predeclareFn(m, `${info.key}.${m.name.name}`, 'method', self);
        }
        return;
      }
      case 'TraitDecl': {
        const key = this.keyOf(path(stmt.name.name));
        this.declareTypeParams(stmt.typeParams);
        for (const m of stmt.members) if (m.kind === 'FunctionDecl') this.predeclareFn(m, `${key}.${m.name.name}`, 'method', DYN);
        return;
      }
      case 'ActorDecl': {
        const info = this.env.types.get(this.keyOf(path(stmt.name.name)));
        if (info === undefined) return;
        this.declareTypeParams(stmt.typeParams);
        const self = this.selfTypeFor(info, stmt.typeParams);
        for (const m of stmt.methods) this.predeclareFn(m, `${info.key}.${m.name.name}`, 'method', self);
        return;
      }
      case 'EffectDecl': {
        const key = this.keyOf(path(stmt.name.name));
        for (const op of stmt.operations) this.predeclareFn(op, `${key}.${op.name.name}`, 'method', null);
        return;
      }
      default:
        return;
    }
  }

  /** `impl Trait for T` defines every method of the trait that has no default body. */
  private checkRequiredMethods(impl: A.ImplDecl, traitNode: A.TypeNode): void {
    const trait = this.env.resolveTypeNode(this.s.item, traitNode);
    if (trait === null || trait.kind !== 'trait' || trait.symbol?.node?.kind !== 'TraitDecl') return;
    this.consult(trait.key); // its shape's fingerprint covers which methods are required
    const defined = new Set(impl.members.filter((m) => m.kind === 'FunctionDecl').map((m) => m.name.name));
    const missing = requiredMethods(trait.symbol.node as A.TraitDecl).filter((name) => !defined.has(name));
    if (missing.length === 0) return;
    const text = this.s.item.record.text;
    const type = text.slice(impl.selfType.start, impl.selfType.end);
    const methods = `method${missing.length === 1 ? '' : 's'} ${missing.map((m) => `\`${m}\``).join(', ')}`;
    this.report(Codes.MissingTraitMethods, impl.start, impl.selfType.end, { trait: trait.name, type, methods }, { trait: trait.name, type, missing });
  }

  private selfTypeFor(info: TypeInfo, typeParams: readonly A.TypeParam[]): Type {
    const args = typeParams
      .filter((p) => !p.isLifetime)
      .map((p) => {
        const index = this.b.symbols.findIndex((s) => s.kind === 'typeParameter' && s.start === p.name.start);
        return (index >= 0 ? this.s.typeParams.get(index) : undefined) ?? DYN;
      });
    return this.shapes.typeOf(info, args, this.level);
  }

  /** The monomorphic signature of a function for its component (declared parts converted). */
  private signatureOf(fn: A.FunctionDecl, self: Type | null): { type: FnType; meta: FnMeta; fullyDeclared: boolean } {
    this.declareTypeParams(fn.typeParams, fn.where);
    const saved = this.selfType;
    if (self !== null) this.selfType = self;
    const hasSelf = fn.params.some((p) => p.self !== null);
    const params = fn.params.filter((p) => p.self === null);
    const paramTypes = params.map((p) => (p.type !== null ? this.convert(p.type) : freshVar(this.level)));
    const declared = params.map((p) => p.type !== null);
    const ret = fn.returnType !== null ? this.convert(fn.returnType) : fn.body === null ? UNIT : freshVar(this.level);
    this.selfType = saved;
    let min = 0;
    params.forEach((p, i) => {
      if (p.defaultValue === null) min = i + 1;
    });
    const all = hasSelf ? [self ?? DYN, ...paramTypes] : paramTypes;
    const type = fnOf(all, ret, min + (hasSelf ? 1 : 0));
    const names = params.map((p) => (p.pattern.kind === 'IdentPattern' ? p.pattern.name.name : '_'));
    const fullyDeclared = declared.every((d) => d) && (fn.returnType !== null || fn.body === null);
    const generic = fn.typeParams.some((p) => !p.isLifetime);
    const meta: FnMeta = {
      paramNames: names,
      declared,
      min,
      max: params.length,
      hasSelf,
      returnCertain: fn.returnType !== null && !generic,
      returnDeclared: fn.returnType !== null,
    };
    return { type, meta, fullyDeclared };
  }

  private predeclareFn(fn: A.FunctionDecl, key: string, kind: SymbolKind, self: Type | null): void {
    const { type, meta, fullyDeclared } = this.signatureOf(fn, self);
    this.s.fnKeys.set(fn, { key, self });
    this.pending.set(key, {
      kind,
      key,
      type,
      scheme: fullyDeclared ? generalize(type, 0, true) : null,
      fn: meta,
      mutable: false,
      certain: true,
      returnCertain: meta.returnCertain,
      item: this.s.item,
      generalizable: true,
    });
  }

  // ---------------------------------------------------------------- items

  private inferItem(item: ItemContext): void {
    const stmt = item.record.stmt;
    if (stmt === null) return;
    try {
      this.inferTopStmt(stmt, '');
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // Nesting beyond what the stack allows: the parser already reported it.
    }
  }

  private inferTopStmt(stmt: A.Stmt, module: string): void {
    const path = (name: string): string => (module === '' ? name : `${module}::${name}`);
    switch (stmt.kind) {
      case 'LetStmt':
        this.inferLet(stmt, true);
        return;
      case 'ExprStmt':
        this.inferExpr(stmt.expr);
        return;
      case 'EmptyStmt':
      case 'UseDecl':
        return;
      case 'FunctionDecl':
        this.inferFnDecl(stmt);
        return;
      case 'ConstDecl': {
        const p = this.pending.get(this.keyOf(path(stmt.name.name)));
        if (stmt.value !== null) {
          const v = this.inferExpr(stmt.value);
          if (p !== undefined) {
            if (stmt.type !== null) this.check(p.type, v, stmt.value);
            else {
              this.u.unify(p.type, v.t);
              p.certain = v.c;
            }
          }
        }
        return;
      }
      case 'ModuleDecl':
        if (stmt.body !== null) for (const s of stmt.body) this.inferTopStmt(s, path(stmt.name.name));
        return;
      case 'StructDecl': {
        const info = this.env.types.get(this.keyOf(path(stmt.name.name)));
        this.declareTypeParams(stmt.typeParams);
        for (const f of stmt.fields) {
          const declared = f.type !== null ? this.convert(f.type) : null;
          if (f.defaultValue !== null) {
            const v = this.inferExpr(f.defaultValue);
            if (declared !== null) this.check(declared, v, f.defaultValue);
          }
        }
        for (const t of stmt.tupleFields) this.convert(t);
        if (info !== undefined) {
          const self = this.selfTypeFor(info, stmt.typeParams);
          for (const m of stmt.methods) this.inferFnDecl(m, self);
        }
        return;
      }
      case 'EnumDecl':
        this.declareTypeParams(stmt.typeParams);
        for (const v of stmt.variants) {
          for (const t of v.tupleFields) this.convert(t);
          for (const f of v.fields) this.convert(f.type);
          if (v.discriminant !== null) this.inferExpr(v.discriminant);
        }
        return;
      case 'TraitDecl':
        this.declareTypeParams(stmt.typeParams);
        for (const m of stmt.members) {
          if (m.kind === 'FunctionDecl') this.inferFnDecl(m, DYN);
          else if (m.kind === 'ConstDecl' && m.value !== null) this.inferExpr(m.value);
        }
        return;
      case 'ImplDecl':
        this.declareTypeParams(stmt.typeParams, stmt.where);
        if (stmt.trait !== null) {
          this.convert(stmt.trait);
          this.checkRequiredMethods(stmt, stmt.trait);
        }
        for (const m of stmt.members) {
          if (m.kind === 'FunctionDecl') this.inferFnDecl(m, this.s.fnKeys.get(m)?.self ?? DYN);
          else if (m.kind === 'ConstDecl' && m.value !== null) this.inferExpr(m.value);
        }
        return;
      case 'TypeAliasDecl':
        this.declareTypeParams(stmt.typeParams);
        this.convert(stmt.type);
        return;
      case 'ActorDecl': {
        const info = this.env.types.get(this.keyOf(path(stmt.name.name)));
        this.declareTypeParams(stmt.typeParams);
        const self = info !== undefined ? this.selfTypeFor(info, stmt.typeParams) : DYN;
        for (const f of stmt.fields) {
          const declared = f.type !== null ? this.convert(f.type) : null;
          if (f.defaultValue !== null) {
            const v = this.inferExpr(f.defaultValue);
            if (declared !== null) this.check(declared, v, f.defaultValue);
          }
        }
        for (const h of stmt.handlers) {
          const saved = this.selfType;
          this.selfType = self;
          this.fnStack.push({ name: h.message.name, ret: freshVar(this.level), declaredRet: null, isClosure: false, returnsCertain: true });
          for (const p of h.params) this.destructure(p.pattern, p.type !== null ? this.convert(p.type) : freshVar(this.level), p.type !== null);
          this.inferExpr(h.body);
          this.fnStack.pop();
          this.selfType = saved;
        }
        for (const m of stmt.methods) this.inferFnDecl(m, self);
        return;
      }
      case 'EffectDecl':
        for (const op of stmt.operations) {
          for (const p of op.params) this.convert(p.type);
          this.convert(op.returnType);
        }
        return;
    }
  }

  /** Infers a function's body against its predeclared signature. */
  private inferFnDecl(fn: A.FunctionDecl, self: Type | null = null): void {
    const entry = this.s.fnKeys.get(fn);
    const p = entry !== undefined && entry.key !== '' ? this.pending.get(entry.key) : undefined;
    let type: FnType;
    if (p !== undefined && p.type.k === 'fn') type = p.type;
    else type = this.signatureOf(fn, self ?? entry?.self ?? null).type;
    const selfT = self ?? entry?.self ?? null;
    const savedSelf = this.selfType;
    this.selfType = selfT;
    const params = fn.params;
    let i = 0;
    for (const param of params) {
      const t = type.params[i] ?? DYN;
      i++;
      if (param.self !== null) {
        const sym = param.pattern.kind === 'IdentPattern' ? this.symbolAt(param.pattern.name.start) : -1;
        if (sym >= 0) {
          this.s.localTypes[sym] = t;
          this.s.localCertain[sym] = selfT !== null && resolve(selfT).k === 'named';
        }
        continue;
      }
      if (param.defaultValue !== null) {
        const v = this.inferExpr(param.defaultValue);
        if (param.type !== null) this.check(t, v, param.defaultValue);
        else this.u.unify(t, v.t);
      }
      this.destructure(param.pattern, t, param.type !== null);
    }
    if (fn.body !== null) {
      const ctx: FnCtx = { name: fn.name.name, ret: type.ret, declaredRet: fn.returnType !== null ? type.ret : null, isClosure: false, returnsCertain: true };
      this.fnStack.push(ctx);
      const savedLoops = this.loopStack;
      this.loopStack = [];
      const body = this.inferBlock(fn.body);
      this.loopStack = savedLoops;
      this.fnStack.pop();
      if (fn.returnType !== null) {
        const tail = tailExpr(fn.body);
        if (body.t !== NEVER) this.check(type.ret, body, tail ?? fn.returnType);
      } else if (!this.u.unify(type.ret, body.t)) {
        this.u.unifyOrWiden(type.ret, body.t);
      }
      if (p !== undefined && fn.returnType === null) p.returnCertain = ctx.returnsCertain && (body.c || body.t === NEVER) && isGround(type.ret);
    }
    this.selfType = savedSelf;
  }

  // ---------------------------------------------------------------- statements

  private inferLet(stmt: A.LetStmt, global: boolean): void {
    const declared = stmt.type !== null ? this.convert(stmt.type) : null;
    const generalize_ = !global && stmt.pattern.kind === 'IdentPattern' && !stmt.pattern.mutable && isClosureValue(stmt.init);
    if (generalize_) this.level++;
    let value: R = stmt.init !== null ? this.inferExpr(stmt.init, declared ?? undefined) : r(declared ?? freshVar(this.level), declared !== null);
    if (generalize_) this.level--;
    if (declared !== null && stmt.init !== null) {
      this.check(declared, value, stmt.init);
      value = r(declared, true);
    }
    if (stmt.elseBlock !== null) this.inferExpr(stmt.elseBlock);
    if (global) {
      if (declared === null) value = this.filledLater(stmt, value);
      this.destructureGlobal(stmt.pattern, value);
      return;
    }
    if (generalize_ && stmt.pattern.kind === 'IdentPattern') {
      const sym = this.symbolAt(stmt.pattern.name.start);
      if (sym >= 0) {
        this.s.localSchemes[sym] = generalize(value.t, this.level, false);
        this.s.localTypes[sym] = value.t;
        this.s.localCertain[sym] = value.c;
        const f = resolve(value.t);
        if (f.k === 'fn') this.s.closureArity.set(sym, { min: f.min, max: f.params.length });
        return;
      }
    }
    if (stmt.pattern.kind === 'IdentPattern' && !stmt.pattern.mutable && isClosureValue(stmt.init)) {
      const sym = this.symbolAt(stmt.pattern.name.start);
      const f = resolve(value.t);
      if (sym >= 0 && f.k === 'fn') this.s.closureArity.set(sym, { min: f.min, max: f.params.length });
    }
    this.destructure(stmt.pattern, value.t, value.c);
  }

  /**
   * A top-level `let v = []` filled by `v.push(...)` elsewhere in the file: when every push
   * is a literal of one kind, the element type is that kind (a guess, so not certain).
   */
  private filledLater(stmt: A.LetStmt, value: R): R {
    const init = stmt.init;
    if (init === null || init.kind !== 'ArrayExpr' || init.elements.length !== 0 || stmt.pattern.kind !== 'IdentPattern') return value;
    const t = resolve(value.t);
    if (t.k !== 'array' || resolve(t.elem).k !== 'var') return value;
    const at = stmt.pattern.name.start;
    const d = this.s.item.decls.decls.find((x) => x.kind === 'variable' && x.start === at);
    if (d === undefined) return value;
    const uri = this.s.item.uri;
    const kinds = this.env.pushedKinds(uri, d.path);
    this.s.consulted.set(`pushes:${uri}\u0000${d.path}`, kinds);
    const elem = kinds === 'int' ? INT : kinds === 'float' ? FLOAT : kinds === 'str' ? STRING : kinds === 'bool' ? BOOL : kinds === 'char' ? CHAR : null;
    if (elem === null) return value;
    this.u.unify(t.elem, elem);
    return r(value.t, false);
  }

  /** A top-level (or module-level) `let`: its names are globals of the file. */
  private destructureGlobal(p: A.Pattern, value: R): void {
    const collect = new Map<number, R>();
    this.destructureInto(p, value.t, value.c, collect, false);
    const file = this.env.file(this.s.item.uri);
    for (const d of this.s.item.decls.decls) {
      if (d.kind !== 'variable') continue;
      const got = collect.get(d.start);
      if (got === undefined) continue;
      const sym = (file === undefined ? undefined : letsOfItem(file.lets.get(d.path), this.s.item.record).find((l) => l.start === d.start));
      const pending = sym !== undefined ? this.pending.get(sym.key) : undefined;
      if (pending === undefined) continue;
      this.u.unify(pending.type, got.t);
      let reassigned = false;
      if (pending.mutable) {
        const key = `written:${this.s.item.uri}\u0000${d.path}`;
        reassigned = this.env.isWritten(this.s.item.uri, d.path);
        this.s.consulted.set(key, reassigned ? 'w' : '');
      }
      pending.certain = got.c && !reassigned;
    }
  }

  private inferBlock(block: A.BlockExpr): R {
    let label: LoopCtx | null = null;
    if (block.label !== null) {
      label = { label: block.label.name, breakType: null, broke: false, isLoop: false };
      this.loopStack.push(label);
    }
    // Nested functions are visible in the whole block: give them a signature first.
    for (const stmt of block.stmts) if (stmt.kind === 'FunctionDecl') this.predeclareLocalFn(stmt);
    let result: R = rUnitCertain;
    let diverged: string | null = null;
    let reportedUnreachable = false;
    const stmts = block.stmts;
    for (let i = 0; i < stmts.length; i++) {
      const stmt = stmts[i];
      if (diverged !== null && !reportedUnreachable && stmt.kind !== 'EmptyStmt' && stmt.kind !== 'FunctionDecl') {
        const last = stmts[stmts.length - 1];
        this.report(Codes.UnreachableCode, stmt.start, last.end, { after: diverged });
        reportedUnreachable = true;
      }
      const isLast = i === stmts.length - 1;
      switch (stmt.kind) {
        case 'LetStmt':
          this.inferLet(stmt, false);
          result = r(UNIT, false);
          break;
        case 'ExprStmt': {
          const v = this.inferExpr(stmt.expr);
          if (v.t === NEVER && v.c && diverged === null) diverged = divergenceKeyword(stmt.expr);
          result = isLast ? (stmt.semicolon && v.t !== NEVER ? r(v.t, false) : v) : v;
          break;
        }
        case 'FunctionDecl':
          this.inferLocalFn(stmt);
          result = r(UNIT, false);
          break;
        case 'EmptyStmt':
          break;
        default:
          this.inferTopStmt(stmt, '');
          result = r(UNIT, false);
          break;
      }
    }
    if (diverged !== null) result = rNever;
    if (label !== null) {
      this.loopStack.pop();
      if (label.broke) result = r(label.breakType ?? UNIT, false);
    }
    return result;
  }

  private predeclareLocalFn(fn: A.FunctionDecl): void {
    const sym = this.symbolAt(fn.name.start);
    if (sym < 0) return;
    this.level++;
    const { type, meta } = this.signatureOf(fn, null);
    this.level--;
    this.s.localTypes[sym] = type;
    this.s.localCertain[sym] = true;
    this.s.closureArity.set(sym, { min: meta.min, max: meta.max });
  }

  private inferLocalFn(fn: A.FunctionDecl): void {
    const sym = this.symbolAt(fn.name.start);
    const type = sym >= 0 ? this.s.localTypes[sym] : null;
    this.level++;
    if (type !== null && type.k === 'fn') {
      this.s.fnKeys.set(fn, { key: '', self: null });
      const savedSelf = this.selfType;
      // Infer against the predeclared signature.
      let i = 0;
      for (const param of fn.params) {
        const t = type.params[i++] ?? DYN;
        if (param.self !== null) continue;
        if (param.defaultValue !== null) this.u.unify(t, this.inferExpr(param.defaultValue).t);
        this.destructure(param.pattern, t, param.type !== null);
      }
      if (fn.body !== null) {
        const ctx: FnCtx = { name: fn.name.name, ret: type.ret, declaredRet: fn.returnType !== null ? type.ret : null, isClosure: false, returnsCertain: true };
        this.fnStack.push(ctx);
        const savedLoops = this.loopStack;
        this.loopStack = [];
        const body = this.inferBlock(fn.body);
        this.loopStack = savedLoops;
        this.fnStack.pop();
        if (fn.returnType !== null) {
          if (body.t !== NEVER) this.check(type.ret, body, tailExpr(fn.body) ?? fn.returnType);
        } else this.u.unifyOrWiden(type.ret, body.t);
      }
      this.selfType = savedSelf;
    }
    this.level--;
    if (sym >= 0 && type !== null) this.s.localSchemes[sym] = generalize(type, this.level, false);
  }

  // ---------------------------------------------------------------- patterns

  /** Gives the bindings of `p` their types, matching `t` (with certainty `c`). */
  private destructure(p: A.Pattern, t: Type, c: boolean): void {
    this.destructureInto(p, t, c, new Map(), true);
  }

  private bindLocal(name: A.Identifier, t: Type, c: boolean): void {
    const sym = this.symbolAt(name.start);
    if (sym < 0) return;
    const s = this.b.symbols[sym];
    if ((s.flags & SymFlag.Mutable) !== 0) {
      const v = freshVar(this.level);
      v.ref = t;
      this.s.localTypes[sym] = v;
      this.s.localCertain[sym] = c && writtenSymbols(this.b)[sym] === 0;
    } else {
      this.s.localTypes[sym] = t;
      this.s.localCertain[sym] = c;
    }
  }

  private destructureInto(p: A.Pattern, t: Type, c: boolean, sink: Map<number, R>, local: boolean): void {
    const direct = (x: Type): boolean => c && x.k !== 'var' && x.k !== 'dyn';
    switch (p.kind) {
      case 'IdentPattern': {
        const sym = local ? this.symbolAt(p.name.start) : -1;
        if (sym >= 0 && (this.b.symbols[sym].flags & SymFlag.ConstCandidate) !== 0) {
          const constant = this.constantPattern(sym, p.name);
          if (constant !== null) {
            this.u.unify(t, constant);
            this.s.localTypes[sym] = constant;
            return;
          }
        }
        if (local) this.bindLocal(p.name, t, c);
        else sink.set(p.name.start, r(t, c));
        if (p.subpattern !== null) this.destructureInto(p.subpattern, t, c, sink, local);
        return;
      }
      case 'WildcardPattern':
      case 'ErrorPattern':
        return;
      case 'LiteralPattern': {
        const v = this.inferExpr(p.value.kind === 'UnaryExpr' ? p.value.operand : p.value);
        this.u.unify(t, v.t);
        return;
      }
      case 'RangePattern': {
        const low = p.low?.kind === 'LiteralPattern' ? (p.low.value.kind === 'UnaryExpr' ? INT : this.inferExpr(p.low.value).t) : INT;
        this.u.unify(t, low);
        return;
      }
      case 'TuplePattern': {
        const rt = resolve(t);
        const restAt = p.elements.findIndex((e) => e.kind === 'RestPattern' || restBinding(e) !== null);
        let elems: readonly Type[];
        if (rt.k === 'tuple') elems = rt.elems;
        else if (rt.k === 'var' && restAt < 0) {
          const fresh = p.elements.map(() => freshVar(this.level));
          this.u.unify(rt, tupleOf(fresh));
          elems = fresh;
        } else elems = [];
        p.elements.forEach((e, i) => {
          let et: Type = DYN;
          if (restAt < 0 || i < restAt) et = elems[i] ?? DYN;
          else if (i > restAt) et = elems[elems.length - (p.elements.length - i)] ?? DYN;
          if (e.kind === 'RestPattern') return;
          const rest = restBinding(e);
          if (rest !== null) {
            if (local) this.bindLocal(rest, DYN, false);
            else sink.set(rest.start, rDyn);
            return;
          }
          this.destructureInto(e, et, direct(et), sink, local);
        });
        return;
      }
      case 'ArrayPattern': {
        const rt = resolve(t);
        let elem: Type = DYN;
        if (rt.k === 'array') elem = rt.elem;
        else if (rt.k === 'var') {
          elem = freshVar(this.level);
          this.u.unify(rt, arrayOf(elem));
        }
        for (const e of p.elements) {
          const rest = e.kind === 'RestPattern' ? e.binding : restBinding(e);
          if (rest !== null || e.kind === 'RestPattern') {
            if (rest !== null) {
              if (local) this.bindLocal(rest, arrayOf(elem), c);
              else sink.set(rest.start, r(arrayOf(elem), c));
            }
            continue;
          }
          this.destructureInto(e, elem, direct(elem), sink, local);
        }
        return;
      }
      case 'RestPattern':
        if (p.binding !== null) {
          if (local) this.bindLocal(p.binding, DYN, false);
          else sink.set(p.binding.start, rDyn);
        }
        return;
      case 'RefPattern':
        this.destructureInto(p.pattern, t, c, sink, local);
        return;
      case 'OrPattern':
        for (const alt of p.alternatives) this.destructureInto(alt, t, c, sink, local);
        return;
      case 'TupleStructPattern': {
        const ctor = this.patternCtor(p.path);
        const elems = this.ctorElements(ctor, t);
        p.elements.forEach((e, i) => {
          const et = elems[i] ?? DYN;
          if (e.kind !== 'RestPattern') this.destructureInto(e, et, direct(et), sink, local);
        });
        return;
      }
      case 'StructPattern': {
        const ctor = this.patternCtor(p.path);
        const fields = this.ctorFields(ctor, t);
        for (const f of p.fields) {
          let ft: Type = DYN;
          let fc = false;
          if (fields !== null) {
            const field = fields.map.get(f.name.name);
            if (field === undefined) {
              if (fields.certain) this.unknownField(f.name, fields.typeName, [...fields.map.keys()]);
            } else {
              ft = field.t;
              fc = c && field.c;
              if (fields.key !== null) this.memberRef(f.name.start, f.name.end, `${fields.key}.${f.name.name}`);
            }
          }
          if (f.pattern !== null) this.destructureInto(f.pattern, ft, fc, sink, local);
          else if (local) this.bindLocal(f.name, ft, fc);
          else sink.set(f.name.start, r(ft, fc));
        }
        return;
      }
      case 'PathPattern': {
        const ctor = this.patternCtor(p.path);
        if (ctor !== null && ctor.type !== null) this.u.unify(t, ctor.type);
        return;
      }
    }
  }

  /** The type of a constant candidate if its name is a constant, unit variant or unit struct in scope. */
  private constantPattern(sym: number, name: A.Identifier): Type | null {
    const s = this.b.symbols[sym];
    const res = this.resolveFree(s.constRef);
    if (res === null) return null;
    const target = res.target;
    if (target.t === 'builtin' && target.cat === 'variant' && target.name === 'None') {
      this.s.constPatterns.set(sym, 'builtin:variant:None');
      return optionOf(freshVar(this.level));
    }
    if (target.t === 'builtin' && target.cat === 'constant') {
      this.s.constPatterns.set(sym, `builtin:constant:${target.name}`);
      return BUILTIN_CONSTANTS.get(target.name)!.type;
    }
    if (target.t !== 'sym') return null;
    const g = target.sym;
    if (g.kind === 'variant' && g.ownerKey !== null) {
      const info = this.typeInfo(g.ownerKey);
      this.s.constPatterns.set(sym, g.key);
      this.memberRef(name.start, name.end, g.key);
      return info !== null ? this.shapes.typeOf(info, [], this.level) : DYN;
    }
    if (g.kind === 'constant' || (g.kind === 'struct' && (g.node as A.StructDecl).shape === 'unit')) {
      this.s.constPatterns.set(sym, g.key);
      const e = this.instantiateExport(g.key);
      return e?.t ?? DYN;
    }
    return null;
  }

  // ---------------------------------------------------------------- constructors (variants, structs)

  private patternCtor(path: A.Path): Ctor | null {
    return this.pathCtor(path);
  }

  /** What a path names when used as a constructor: a variant, a struct, a prelude variant. */
  private pathCtor(path: A.Path | A.Identifier): Ctor | null {
    const segments: A.Identifier[] = path.kind === 'Identifier' ? [path] : path.segments.map((s) => s.name);
    if (segments.length === 0) return null;
    const first = segments[0];
    let target: Target | null = null;
    if (first.name === 'Self') {
      const st = this.selfType !== null ? resolve(this.selfType) : null;
      if (st !== null && st.k === 'named') {
        const sym = this.env.symbols.get(st.key);
        if (sym !== undefined) target = { t: 'sym', sym };
      }
      if (target === null) return null;
    } else {
      const ref = this.refAt(first.start);
      if (ref < 0) return null;
      const t = this.b.refTarget[ref];
      if (t >= 0) return null;
      const res = this.resolveFree(-t - 1);
      if (res === null) {
        if (!BUILTIN_NAMESPACES.has(first.name)) this.undefinedName(first, false);
        return null;
      }
      target = res.target;
    }
    for (let i = 1; i < segments.length; i++) {
      const seg = segments[i];
      this.consultModule(target);
      const next = this.env.memberTarget(target, seg.name);
      if (next === null) {
        if (target.t === 'sym' || target.t === 'module') this.unknownMember(seg, target);
        return null;
      }
      if (next.t === 'sym') {
        this.memberRef(seg.start, seg.end, next.sym.key);
        this.consult(next.sym.key);
      }
      target = next;
    }
    if (target.t === 'builtin' && target.cat === 'variant') return { kind: 'builtin', name: target.name, key: null, info: null, variant: null, type: null, typeName: target.name };
    if (target.t !== 'sym') return null;
    const sym = target.sym;
    if (sym.kind === 'variant' && sym.ownerKey !== null) {
      const info = this.typeInfo(sym.ownerKey);
      if (info === null) return null;
      const shape = this.shape(info);
      const variant = shape.variants.get(sym.name) ?? null;
      const args = shape.params.map(() => freshVar(this.level) as Type);
      const type = this.shapes.typeOf(info, args, this.level);
      return { kind: info.kind === 'actor' ? 'message' : 'variant', name: sym.name, key: sym.key, info, variant, type, typeName: `${info.name}::${sym.name}`, args };
    }
    if (sym.kind === 'struct' || sym.kind === 'actor') {
      const info = this.typeInfo(sym.key);
      if (info === null) return null;
      const shape = this.shape(info);
      const args = shape.params.map(() => freshVar(this.level) as Type);
      return { kind: 'struct', name: sym.name, key: sym.key, info, variant: null, type: this.shapes.typeOf(info, args, this.level), typeName: sym.name, args };
    }
    if (sym.kind === 'typeAlias') {
      const info = this.typeInfo(sym.key);
      if (info === null) return null;
      const aliased = resolve(this.shapes.typeOf(info, [], this.level));
      if (aliased.k === 'named' && aliased.kind === 'struct') {
        const real = this.env.types.get(aliased.key);
        if (real !== undefined) return { kind: 'struct', name: real.name, key: real.key, info: real, variant: null, type: aliased, typeName: real.name, args: aliased.args };
      }
    }
    return null;
  }

  /** Element types of a tuple-like constructor pattern, unifying the scrutinee with its type. */
  private ctorElements(ctor: Ctor | null, t: Type): Type[] {
    if (ctor === null) return [];
    if (ctor.kind === 'builtin') {
      const inner = freshVar(this.level);
      switch (ctor.name) {
        case 'Some':
          this.u.unify(t, optionOf(inner));
          return [inner];
        case 'Ok': {
          const e = freshVar(this.level);
          this.u.unify(t, resultOf(inner, e));
          return [inner];
        }
        case 'Err': {
          const v = freshVar(this.level);
          this.u.unify(t, resultOf(v, inner));
          return [inner];
        }
        default:
          return [];
      }
    }
    if (ctor.type !== null) this.u.unify(t, ctor.type);
    const args = ctor.args ?? [];
    if (ctor.kind === 'variant' && ctor.variant !== null) return ctor.variant.tuple.map((x) => substGen(x, args));
    if (ctor.kind === 'struct' && ctor.info !== null) return this.shape(ctor.info).tuple.map((x) => substGen(x, args));
    return [];
  }

  private ctorFields(ctor: Ctor | null, t: Type): { map: Map<string, R>; certain: boolean; typeName: string; key: string | null } | null {
    if (ctor === null || ctor.kind === 'builtin' || ctor.info === null) return null;
    if (ctor.type !== null) this.u.unify(t, ctor.type);
    const args = ctor.args ?? [];
    const map = new Map<string, R>();
    const fields = ctor.kind === 'variant' ? ctor.variant?.fields : this.shape(ctor.info).fields;
    if (fields === undefined) return null;
    for (const [name, f] of fields) map.set(name, r(substGen(f.type, args), f.declared));
    return { map, certain: true, typeName: ctor.typeName, key: ctor.key };
  }

  // ---------------------------------------------------------------- name errors

  /** The names visible at `at`; for a call, only those that can be called. */
  private visibleNames(at: number, callable = false): string[] {
    const locals = new Map<string, number>();
    const b = this.b;
    b.symbols.forEach((s, i) => {
      if (s.kind === 'label' || s.visibleFrom > at) return;
      const scope = b.scopes[s.scope];
      if (scope !== undefined && (at < scope.start || at > scope.end)) return;
      locals.set(s.name, i); // a later declaration shadows an earlier one
    });
    const names = new Set<string>();
    for (const [name, i] of locals) if (!callable || this.isCallableLocal(i)) names.add(name);
    this.consult(`names:${this.s.item.uri}`);
    for (const n of this.env.fileNames(this.s.item.uri)) if (!locals.has(n) && (!callable || this.isCallableGlobal(n))) names.add(n);
    for (const n of builtinFunctions().keys()) names.add(n);
    return [...names];
  }

  private isCallableLocal(index: number): boolean {
    const s = this.b.symbols[index];
    switch (s.kind) {
      case 'function':
        return true;
      case 'variable':
      case 'parameter':
      case 'constant': {
        const t = resolve(this.s.localTypes[index] ?? DYN);
        // A closure, or a value whose type is not known: it may be a function.
        return t.k === 'fn' || t.k === 'var' || t.k === 'dyn';
      }
      default:
        return false;
    }
  }

  /** A global name of the file that can be called: a function, a tuple constructor, a value of function type. */
  private isCallableGlobal(name: string): boolean {
    // Consulted, not recorded as a resolution: a suggestion must not make the item a user of every name.
    return this.isCallableTarget(this.env.resolveName(this.s.item, name)?.target ?? null);
  }

  private isCallableTarget(target: Target | null): boolean {
    if (target === null) return false;
    if (target.t === 'builtin') return target.cat === 'function' || target.cat === 'variant';
    if (target.t !== 'sym') return target.t === 'external';
    const sym = target.sym;
    // What this item declares is known without consulting it (and an item must not depend on itself).
    if (sym.item.record !== this.s.item.record) this.consult(sym.key);
    switch (sym.kind) {
      case 'function':
      case 'method':
        return true;
      case 'struct':
        return sym.node?.kind === 'StructDecl' && (sym.node as A.StructDecl).shape === 'tuple';
      case 'variant':
        return sym.node?.kind === 'EnumVariant' && (sym.node as A.EnumVariant).shape === 'tuple';
      case 'variable':
      case 'constant': {
        if (sym.item.record === this.s.item.record) return true;
        const t = resolve(this.instantiateExport(sym.key)?.t ?? DYN);
        return t.k === 'fn' || t.k === 'var' || t.k === 'dyn';
      }
      default:
        return false;
    }
  }

  /** A member that `.name()` can call: a method, or a field holding a function (or a value of unknown type). */
  private isCallableMember(info: TypeInfo, name: string): boolean {
    const m = this.env.lookupMember(info, name);
    if (m === null) return false;
    if (m.kind === 'method') return true;
    if (m.kind !== 'field') return false;
    const f = this.shape(info).fields.get(name);
    const t = f === undefined ? DYN : resolve(f.type);
    return t.k === 'fn' || t.k === 'dyn' || t.k === 'var' || t.k === 'gen';
  }

  private undefinedName(id: A.Identifier, isCall: boolean, arity?: number): void {
    const hint = suggest(id.name, this.visibleNames(id.start, isCall));
    const hintText = hint === null ? '' : `; did you mean \`${hint}\`?`;
    const data: Record<string, unknown> = { name: id.name };
    if (hint !== null) data.suggestion = hint;
    if (isCall && arity !== undefined) data.callArity = arity;
    this.report(isCall ? Codes.UndefinedFunction : Codes.UndefinedName, id.start, id.end, { name: id.name, hint: hintText }, data);
  }

  /** `m::nme`, `Point::nw`: for a call (`callable`), only what can be called is suggested. */
  private unknownMember(seg: A.Identifier, container: Target, callable = false): void {
    const names = this.env.memberNamesOf(container).filter((n) => !callable || this.isCallableTarget(this.env.memberTarget(container, n)));
    const hint = suggest(seg.name, names);
    const containerName = container.t === 'sym' ? container.sym.name : container.t === 'module' ? container.name : '';
    if (container.t === 'sym') this.consult(container.sym.key);
    const namesKey = moduleNamesKey(container);
    if (namesKey !== null) this.consult(namesKey);
    this.report(Codes.UnknownMember, seg.start, seg.end, { name: seg.name, container: containerName, hint: hint === null ? '' : `; did you mean \`${hint}\`?` }, { name: seg.name, ...(hint !== null ? { suggestion: hint } : {}) });
  }

  private unknownField(name: A.Identifier, typeName: string, candidates: string[]): void {
    const hint = suggest(name.name, candidates);
    this.report(Codes.UnknownField, name.start, name.end, { name: name.name, type: typeName, hint: hint === null ? '' : `; did you mean \`${hint}\`?` }, { name: name.name, ...(hint !== null ? { suggestion: hint } : {}) });
  }

  // ---------------------------------------------------------------- expressions

  private recordExpr(e: A.Node, t: Type): void {
    this.s.exprs?.push({ start: e.start, end: e.end, type: t });
  }

  inferExpr(e: A.Expr, hint?: Type): R {
    const v = this.inferExprInner(e, hint);
    if (this.s.exprs !== null) this.recordExpr(e, v.t);
    return v;
  }

  private inferExprInner(e: A.Expr, hint?: Type): R {
    switch (e.kind) {
      case 'IntLiteral':
        return r(e.suffix !== null ? (primByName(e.suffix) ?? INT) : INT, true);
      case 'FloatLiteral':
        return r(e.suffix !== null ? (primByName(e.suffix) ?? FLOAT) : FLOAT, true);
      case 'StringLiteral':
        return r(STRING, true);
      case 'CharLiteral':
        return r(CHAR, true);
      case 'BoolLiteral':
        return r(BOOL, true);
      case 'UnitLiteral':
        return rUnitCertain;
      case 'FString':
        for (const part of e.parts) if (part.kind === 'FStringInterpolation') this.inferExpr(part.expr);
        return r(STRING, true);
      case 'Identifier':
        return this.identifierValue(e, false).r;
      case 'Path':
        return this.pathValue(e, false).r;
      case 'SelfExpr': {
        const ref = this.refAt(e.start);
        if (ref >= 0 && this.b.refTarget[ref] >= 0) return this.localValue(this.b.refTarget[ref]);
        return r(this.selfType ?? DYN, false);
      }
      case 'UnaryExpr':
        return this.inferUnary(e);
      case 'BinaryExpr':
        return this.inferBinary(e);
      case 'AssignExpr':
        return this.inferAssign(e);
      case 'PipelineExpr':
        return this.inferPipeline(e);
      case 'RangeExpr': {
        const from = e.from !== null ? this.inferExpr(e.from) : null;
        const to = e.to !== null ? this.inferExpr(e.to) : null;
        let elem: Type = from?.t ?? to?.t ?? INT;
        if (from !== null && to !== null && !this.u.unify(from.t, to.t)) elem = DYN;
        return r(rangeOf(elem), true);
      }
      case 'CallExpr':
        return this.inferCall(e);
      case 'MethodCallExpr':
        return this.inferMethodCall(e);
      case 'FieldExpr':
        return this.inferField(e);
      case 'IndexExpr':
        return this.inferIndex(e);
      case 'TryExpr':
        return this.inferTry(e);
      case 'CastExpr': {
        this.inferExpr(e.expr);
        return r(this.convert(e.type), true);
      }
      case 'AwaitExpr':
      case 'LazyExpr':
        return this.inferExpr(e.expr, hint);
      case 'ParenExpr':
        return this.inferExpr(e.expr, hint);
      case 'TupleExpr': {
        const hints = hint !== undefined ? resolve(hint) : null;
        const parts = e.elements.map((x, i) => this.inferExpr(x, hints?.k === 'tuple' ? hints.elems[i] : undefined));
        return r(tupleOf(parts.map((p) => p.t)), parts.every((p) => p.c));
      }
      case 'ArrayExpr':
        return this.inferArray(e, hint);
      case 'ArrayRepeatExpr': {
        const v = this.inferExpr(e.value);
        this.inferExpr(e.count);
        return r(arrayOf(v.t), v.c);
      }
      case 'ComprehensionExpr': {
        const it = this.inferExpr(e.iterable);
        const elem = this.elementOf(it);
        this.destructure(e.pattern, elem.t, elem.c);
        if (e.condition !== null) this.inferExpr(e.condition);
        const v = this.inferExpr(e.element);
        return r(arrayOf(v.t), true);
      }
      case 'ObjectExpr': {
        const fields = new Map<string, Type>();
        for (const f of e.fields) {
          if (f.kind === 'ObjectField') {
            const v = this.inferExpr(f.value);
            fields.set(f.key.kind === 'Identifier' ? f.key.name : f.key.value, v.t);
          } else this.inferExpr(f.expr);
        }
        return r(objectOf(fields), true);
      }
      case 'StructExpr':
        return this.inferStruct(e);
      case 'BlockExpr':
        return this.inferBlock(e);
      case 'IfExpr':
        return this.inferIf(e);
      case 'LetCondition': {
        const v = this.inferExpr(e.value);
        this.destructure(e.pattern, v.t, v.c);
        return r(BOOL, true);
      }
      case 'MatchExpr':
        return this.inferMatch(e);
      case 'WhileExpr': {
        const loop: LoopCtx = { label: e.label?.name ?? null, breakType: null, broke: false, isLoop: true };
        this.loopStack.push(loop);
        if (e.condition.kind === 'LetCondition') {
          const v = this.inferExpr(e.condition.value);
          this.destructure(e.condition.pattern, v.t, v.c);
        } else this.condition(e.condition);
        this.inferBlock(e.body);
        this.loopStack.pop();
        return r(UNIT, false);
      }
      case 'ForExpr': {
        const it = this.inferExpr(e.iterable);
        const elem = this.elementOf(it);
        this.destructure(e.pattern, elem.t, elem.c);
        const loop: LoopCtx = { label: e.label?.name ?? null, breakType: null, broke: false, isLoop: true };
        this.loopStack.push(loop);
        this.inferBlock(e.body);
        this.loopStack.pop();
        return r(UNIT, false);
      }
      case 'LoopExpr': {
        const loop: LoopCtx = { label: e.label?.name ?? null, breakType: null, broke: false, isLoop: true };
        this.loopStack.push(loop);
        this.inferBlock(e.body);
        this.loopStack.pop();
        if (!loop.broke) return rNever;
        return r(loop.breakType ?? UNIT, false);
      }
      case 'BreakExpr': {
        const v = e.value !== null ? this.inferExpr(e.value) : rUnitCertain;
        const target = this.jumpTarget(e.label?.name ?? null);
        // Outside a loop the binder reported an error; do not pile "unreachable" on it.
        if (target === null) return r(UNIT, false);
        target.broke = true;
        if (target.breakType === null) target.breakType = v.t;
        else if (!this.u.unify(target.breakType, v.t)) target.breakType = DYN;
        return rNever;
      }
      case 'ContinueExpr':
        return this.jumpTarget(e.label?.name ?? null) === null ? r(UNIT, false) : rNever;
      case 'ReturnExpr':
        return this.inferReturn(e);
      case 'ThrowExpr':
        this.inferExpr(e.value);
        return rNever;
      case 'YieldExpr':
        if (e.value !== null) this.inferExpr(e.value);
        return r(DYN, false);
      case 'ClosureExpr':
        return this.inferClosure(e, hint);
      case 'MacroCall':
        return this.inferMacro(e);
      case 'TryCatchExpr': {
        const body = this.inferBlock(e.body);
        let result = body;
        if (e.catchParam !== null) this.destructure(e.catchParam, DYN, false);
        if (e.catchBody !== null) {
          const c = this.inferBlock(e.catchBody);
          result = this.join(body, c);
        }
        if (e.finallyBody !== null) this.inferBlock(e.finallyBody);
        return result;
      }
      case 'AsyncBlockExpr':
        return this.inferBlock(e.body);
      case 'SpawnExpr': {
        if (e.expr.kind === 'Identifier') {
          const v = this.identifierValue(e.expr, false);
          if (v.sym !== null && v.sym.kind === 'actor') {
            const info = this.typeInfo(v.sym.key);
            if (info !== null) return r(this.shapes.typeOf(info, [], this.level), true);
          }
          return r(DYN, false);
        }
        this.inferExpr(e.expr);
        return r(DYN, false);
      }
      case 'HandleExpr': {
        this.inferExpr(e.expr);
        for (const c of e.cases) {
          if (c.operation.kind === 'Identifier' && c.operation.name !== 'return') {
            const ref = this.refAt(c.operation.start);
            if (ref >= 0 && this.b.refTarget[ref] < 0) this.resolveFree(-this.b.refTarget[ref] - 1);
          }
          for (const p of c.params) this.destructure(p, DYN, false);
          this.inferExpr(c.body);
        }
        return r(DYN, false);
      }
      case 'ErrorExpr':
        return rDyn;
    }
  }

  private jumpTarget(label: string | null): LoopCtx | null {
    for (let i = this.loopStack.length - 1; i >= 0; i--) {
      const l = this.loopStack[i];
      if (label === null ? l.isLoop : l.label === label) return l;
    }
    return null;
  }

  private condition(e: A.Expr): void {
    const v = this.inferExpr(e);
    const t = resolve(v.t);
    if (t.k === 'var') this.u.unify(t, BOOL);
  }

  private join(a: R, b: R): R {
    if (a.t === NEVER) return b;
    if (b.t === NEVER) return a;
    if (this.u.unify(a.t, b.t)) return r(a.t, a.c && b.c && isGround(a.t));
    return r(DYN, false);
  }

  // ---------------------------------------------------------------- names

  private localValue(sym: number): R {
    const s = this.b.symbols[sym];
    if ((s.flags & SymFlag.ConstCandidate) !== 0) {
      const key = this.s.constPatterns.get(sym);
      if (key !== undefined) {
        const t = this.s.localTypes[sym];
        return r(t ?? DYN, false);
      }
    }
    if ((s.flags & SymFlag.Item) !== 0 && s.kind !== 'function') return rDyn;
    const scheme = this.s.localSchemes[sym];
    if (scheme !== null) return r(instantiate(scheme, this.level), this.s.localCertain[sym]);
    const t = this.s.localTypes[sym];
    if (t === null) return rDyn;
    return r(t, this.s.localCertain[sym]);
  }

  /** The value of a name: a local, a global, a builtin. */
  private identifierValue(e: A.Identifier, asCallee: boolean, arity?: number): NameValue {
    const ref = this.refAt(e.start);
    if (ref < 0) return { r: rDyn, sym: null, meta: null, returnCertain: false, builtin: null, local: -1, label: null, doc: null };
    const target = this.b.refTarget[ref];
    if (target >= 0) return { r: this.localValue(target), sym: null, meta: null, returnCertain: false, builtin: null, local: target, label: null, doc: null };
    const res = this.resolveFree(-target - 1);
    if (res === null) {
      this.undefinedName(e, asCallee, arity);
      return { r: rDyn, sym: null, meta: null, returnCertain: false, builtin: null, local: -1, label: null, doc: null };
    }
    return this.targetValue(res.target);
  }

  private targetValue(target: Target): NameValue {
    const none: NameValue = { r: rDyn, sym: null, meta: null, returnCertain: false, builtin: null, local: -1, label: null, doc: null };
    switch (target.t) {
      case 'module':
        return { ...none, r: r(moduleOf(target.key), true) };
      case 'external':
        return none;
      case 'builtin':
        return this.builtinValue(target.name, target.cat);
      case 'sym':
        break;
    }
    const sym = target.sym;
    switch (sym.kind) {
      case 'function':
      case 'method':
      case 'variable':
      case 'constant': {
        const e = this.instantiateExport(sym.key);
        if (e === null) return { ...none, sym };
        const isFn = sym.kind === 'function' || sym.kind === 'method';
        return { r: r(e.t, isFn ? true : e.certain), sym, meta: e.fn, returnCertain: e.returnCertain, builtin: null, local: -1, label: null, doc: sym.doc };
      }
      case 'struct': {
        const info = this.typeInfo(sym.key);
        if (info === null) return { ...none, sym };
        const shape = this.shape(info);
        const node = sym.node as A.StructDecl;
        const args = shape.params.map(() => freshVar(this.level) as Type);
        const type = this.shapes.typeOf(info, args, this.level);
        if (node.shape === 'tuple') {
          const params = shape.tuple.map((t) => substGen(t, args));
          const meta: FnMeta = { paramNames: params.map((_, i) => `_${i}`), declared: params.map(() => true), min: params.length, max: params.length, hasSelf: false, returnCertain: true, returnDeclared: true };
          return { r: r(fnOf(params, type), true), sym, meta, returnCertain: true, builtin: null, local: -1, label: null, doc: sym.doc };
        }
        if (node.shape === 'unit') return { ...none, r: r(type, true), sym };
        return { ...none, sym };
      }
      case 'variant':
        return this.variantValue(sym);
      case 'actor':
      case 'enum':
      case 'trait':
      case 'typeAlias':
      case 'effect':
        return { ...none, sym };
      default:
        return { ...none, sym };
    }
  }

  private variantValue(sym: GlobalSymbol): NameValue {
    const none: NameValue = { r: rDyn, sym, meta: null, returnCertain: false, builtin: null, local: -1, label: null, doc: sym.doc };
    if (sym.ownerKey === null) return none;
    const info = this.typeInfo(sym.ownerKey);
    if (info === null) return none;
    if (info.kind === 'actor') return { ...none, r: r(DYN, false) };
    const shape = this.shape(info);
    const variant = shape.variants.get(sym.name);
    const args = shape.params.map(() => freshVar(this.level) as Type);
    const type = this.shapes.typeOf(info, args, this.level);
    if (variant === undefined) return none;
    if (variant.shape === 'unit') return { ...none, r: r(type, true) };
    if (variant.shape === 'tuple') {
      const params = variant.tuple.map((t) => substGen(t, args));
      const meta: FnMeta = { paramNames: params.map((_, i) => `_${i}`), declared: params.map(() => true), min: params.length, max: params.length, hasSelf: false, returnCertain: true, returnDeclared: true };
      return { ...none, r: r(fnOf(params, type), true), meta, returnCertain: true, label: `${info.name}::${sym.name}(${params.map((p) => renderType(p)).join(', ')})` };
    }
    return none;
  }

  private builtinValue(name: string, cat: string): NameValue {
    const none: NameValue = { r: rDyn, sym: null, meta: null, returnCertain: false, builtin: null, local: -1, label: null, doc: null };
    switch (cat) {
      case 'function': {
        const sig = builtinFunctions().get(name);
        if (sig === undefined) return none;
        return { ...none, r: r(substGen(sig.type, genArgs(this.level, {})), true), builtin: sig, returnCertain: isGround(sig.type.ret), doc: sig.doc };
      }
      case 'constant':
        return { ...none, r: r(BUILTIN_CONSTANTS.get(name)?.type ?? DYN, name !== 'nil') };
      case 'variant': {
        const a = freshVar(this.level);
        const b = freshVar(this.level);
        const meta: FnMeta = { paramNames: ['value'], declared: [false], min: 1, max: 1, hasSelf: false, returnCertain: false, returnDeclared: false };
        switch (name) {
          case 'None':
            return { ...none, r: r(optionOf(a), true) };
          case 'Some':
            return { ...none, r: r(fnOf([a], optionOf(a)), true), meta, returnCertain: true, label: 'Some(value: T) -> Option<T>' };
          case 'Ok':
            return { ...none, r: r(fnOf([a], resultOf(a, b)), true), meta, returnCertain: true, label: 'Ok(value: T) -> Result<T, E>' };
          case 'Err':
            return { ...none, r: r(fnOf([a], resultOf(b, a)), true), meta, returnCertain: true, label: 'Err(error: E) -> Result<T, E>' };
          default:
            return none;
        }
      }
      default:
        return none;
    }
  }

  /** A path expression: module members, variants, associated functions, builtin namespaces. */
  private pathValue(e: A.Path, asCallee: boolean, arity?: number): NameValue {
    const none: NameValue = { r: rDyn, sym: null, meta: null, returnCertain: false, builtin: null, local: -1, label: null, doc: null };
    const segs = e.segments;
    if (segs.length === 0) return none;
    const first = segs[0].name;
    let target: Target | null = null;
    let typeValue: Type | null = null;
    if (first.name === 'Self') {
      const st = this.selfType !== null ? resolve(this.selfType) : null;
      if (st !== null && st.k === 'named') {
        const sym = this.env.symbols.get(st.key);
        if (sym !== undefined) target = { t: 'sym', sym };
        typeValue = st;
      }
      if (target === null) return none;
    } else if (first.name === 'crate' || first.name === 'self' || first.name === 'super') {
      target = { t: 'module', key: `${this.s.item.uri}::`, name: first.name, sym: null };
    } else {
      const ref = this.refAt(first.start);
      if (ref < 0) return none;
      const t = this.b.refTarget[ref];
      if (t >= 0) return none;
      const res = this.resolveFree(-t - 1);
      if (res === null) {
        if (!BUILTIN_NAMESPACES.has(first.name)) this.undefinedName(first, asCallee, arity);
        return none;
      }
      target = res.target;
    }
    for (let i = 1; i < segs.length; i++) {
      const seg = segs[i].name;
      const isLast = i === segs.length - 1;
      if (target.t === 'builtin' || target.t === 'external') {
        if (target.t === 'builtin' && target.cat === 'type' && isLast) return this.builtinAssociatedValue(target.name, seg.name);
        return none;
      }
      this.consultModule(target);
      const next = this.env.memberTarget(target, seg.name);
      if (next === null) {
        // `Point::default()`, `Color::from(x)`: derived or blanket trait functions.
        const derivable = target.t === 'sym' && target.sym.kind !== 'module' && UNIVERSAL_ASSOCIATED.has(seg.name);
        if (!derivable) this.unknownMember(seg, target, asCallee && isLast);
        return none;
      }
      if (next.t === 'sym') {
        this.memberRef(seg.start, seg.end, next.sym.key);
        this.consult(next.sym.key);
      }
      if (isLast && next.t === 'sym' && target.t === 'sym' && next.sym.ownerKey !== null) {
        // A member of a type: variant, associated function or method (UFCS).
        const m = next.sym;
        if (m.kind === 'variant') return this.variantValue(m);
        if (m.kind === 'method' || m.kind === 'constant') {
          const ex = this.instantiateExport(m.key);
          if (ex === null) return { ...none, sym: m };
          if (typeValue !== null && ex.fn?.hasSelf) {
            const ft = resolve(ex.t);
            if (ft.k === 'fn' && ft.params.length > 0) this.u.unify(ft.params[0], typeValue);
          }
          const meta = ex.fn === null ? null : ex.fn.hasSelf ? { ...ex.fn, paramNames: ['self', ...ex.fn.paramNames], declared: [true, ...ex.fn.declared], min: ex.fn.min + 1, max: ex.fn.max + 1 } : ex.fn;
          return { r: r(ex.t, m.kind === 'method' ? true : ex.certain), sym: m, meta, returnCertain: ex.returnCertain, builtin: null, local: -1, label: null, doc: m.doc };
        }
      }
      target = next;
    }
    return this.targetValue(target);
  }

  private builtinAssociatedValue(typeName: string, member: string): NameValue {
    const none: NameValue = { r: rDyn, sym: null, meta: null, returnCertain: false, builtin: null, local: -1, label: null, doc: null };
    const table = builtinAssociated(typeName);
    const sig = table?.get(member);
    if (sig !== undefined) return { ...none, r: r(substGen(sig.type, genArgs(this.level, {})), true), builtin: sig, returnCertain: isGround(sig.type.ret), doc: sig.doc };
    const prim = primByName(typeName);
    if (prim !== null && (member === 'MAX' || member === 'MIN' || member === 'EPSILON' || member === 'INFINITY' || member === 'NAN')) return { ...none, r: r(prim, true) };
    return none;
  }

  // ---------------------------------------------------------------- operators

  private inferUnary(e: A.UnaryExpr): R {
    const v = this.inferExpr(e.operand);
    switch (e.op) {
      case '!':
        return r(BOOL, true);
      case '-':
      case '+':
      case '~': {
        if (v.c && unaryInvalid(e.op === '+' ? '-' : e.op, operandClass(v.t))) {
          this.report(Codes.InvalidOperand, e.start, e.end, { op: e.op, type: renderType(v.t) });
          return rDyn;
        }
        return e.op === '~' ? r(INT, v.c) : v;
      }
      default:
        return v;
    }
  }

  private inferBinary(e: A.BinaryExpr): R {
    const op = e.op;
    if (op === '&&' || op === '||') {
      const l = this.inferExpr(e.left);
      const rr = this.inferExpr(e.right);
      for (const x of [l, rr]) if (resolve(x.t).k === 'var') this.u.unify(x.t, BOOL);
      return this.join(l, rr);
    }
    if (op === '??') return this.join(this.inferExpr(e.left), this.inferExpr(e.right));
    if (op === '<-') {
      this.inferExpr(e.left);
      this.inferMessage(e.right);
      return r(UNIT, false);
    }
    if (op === '<?') {
      this.inferExpr(e.left);
      this.inferMessage(e.right);
      return rDyn;
    }
    const l = this.inferExpr(e.left);
    const rr = this.inferExpr(e.right);
    return this.binaryResult(op, l, rr, e.opStart);
  }

  private inferMessage(e: A.Expr): void {
    // An actor message: a handler name, possibly applied to arguments.
    if (e.kind === 'Identifier') {
      const ref = this.refAt(e.start);
      if (ref >= 0 && this.b.refTarget[ref] < 0) {
        const res = this.resolveFree(-this.b.refTarget[ref] - 1);
        if (res === null) return;
      }
      return;
    }
    if (e.kind === 'CallExpr' && e.callee.kind === 'Identifier') {
      const ref = this.refAt(e.callee.start);
      if (ref >= 0 && this.b.refTarget[ref] < 0) this.resolveFree(-this.b.refTarget[ref] - 1);
      for (const a of e.args) this.inferExpr(a);
      return;
    }
    this.inferExpr(e);
  }

  private binaryResult(op: string, l: R, rr: R, opStart: number): R {
    const lt = resolve(l.t);
    const rt = resolve(rr.t);
    const certain = l.c && rr.c;
    if (COMPARISON.has(op)) {
      if (op !== '==' && op !== '!=') {
        if (certain && orderingInvalid(operandClass(lt), operandClass(rt))) {
          this.report(Codes.InvalidOperands, opStart, opStart + op.length, { op, left: renderType(lt), right: renderType(rt) }, { op, left: renderType(lt), right: renderType(rt) });
          return r(BOOL, true);
        }
        if (lt.k === 'var' && rt.k !== 'var' && rt.k !== 'dyn') this.u.unify(lt, rt);
        else if (rt.k === 'var' && lt.k !== 'var' && lt.k !== 'dyn') this.u.unify(rt, lt);
        else if (lt.k === 'var' && rt.k === 'var') this.u.unify(lt, rt);
      }
      return r(BOOL, true);
    }
    if (!ARITHMETIC.has(op) && !BITWISE.has(op)) return rDyn;
    const lc = operandClass(lt);
    const rc = operandClass(rt);
    if (certain && binaryInvalid(op, lc, rc)) {
      this.report(Codes.InvalidOperands, opStart, opStart + op.length, { op, left: renderType(lt), right: renderType(rt) }, { op, left: renderType(lt), right: renderType(rt) });
      return rDyn;
    }
    if (BITWISE.has(op)) {
      if (lc === 'bool' && rc === 'bool') return r(BOOL, certain);
      if (lt.k === 'var') this.u.unify(lt, INT);
      if (rt.k === 'var') this.u.unify(rt, INT);
      return r(INT, certain || (lc === 'int' && rc === 'int'));
    }
    // Concatenation and repetition.
    if (op === '+' && (lc === 'str' || rc === 'str')) return r(STRING, lc === 'str' ? l.c : rr.c);
    if (op === '*' && lc === 'str' && rc === 'int') return r(STRING, certain);
    if (op === '+' && lc === 'array' && rc === 'array') {
      const la = lt as { elem: Type };
      const ra = rt as { elem: Type };
      return r(arrayOf(this.u.unify(la.elem, ra.elem) ? la.elem : DYN), certain);
    }
    if (lc === 'int' && rc === 'int') return r(lt, certain && op !== '**');
    if ((lc === 'int' || lc === 'float') && (rc === 'int' || rc === 'float')) return r(lc === 'float' ? lt : rt, certain);
    // Guesses for operands of unknown type: numbers go with numbers.
    if (lt.k === 'var' && rt.k === 'var') {
      this.u.unify(lt, rt);
      return r(lt, false);
    }
    if (lt.k === 'var' && (rc === 'int' || rc === 'float')) {
      this.u.unify(lt, rt);
      return r(rt, false);
    }
    if (rt.k === 'var' && (lc === 'int' || lc === 'float')) {
      this.u.unify(rt, lt);
      return r(lt, false);
    }
    return rDyn;
  }

  private inferAssign(e: A.AssignExpr): R {
    let target: A.Expr = e.target;
    while (target.kind === 'ParenExpr') target = target.expr;
    const value = this.inferExpr(e.value);
    if (target.kind === 'Identifier') {
      const ref = this.refAt(target.start);
      const t = ref >= 0 ? this.b.refTarget[ref] : 0;
      let current: R | null = null;
      let declared: Type | null = null;
      if (ref >= 0 && t >= 0) {
        current = this.localValue(t);
        const sym = this.b.symbols[t];
        if ((sym.flags & SymFlag.Annotated) !== 0) declared = resolve(current.t);
      } else if (ref >= 0) {
        const res = this.resolveFree(-t - 1);
        if (res === null) {
          this.undefinedName(target, false);
        } else if (res.target.t === 'sym') {
          const sym = res.target.sym;
          if (sym.kind === 'variable') {
            const ex = this.exportOf(sym.key);
            if (ex !== null && !ex.mutable) {
              this.report(Codes.AssignToImmutable, target.start, target.end, { name: target.name }, { name: target.name, [DECLARATION_OF]: sym.key, uri: sym.item.uri });
            }
            const inst = this.instantiateExport(sym.key);
            if (inst !== null) current = r(inst.t, false);
          }
        }
      }
      if (this.s.exprs !== null && current !== null) this.recordExpr(target, current.t);
      let assigned = value;
      if (e.op !== '=' && current !== null) assigned = this.binaryResult(e.op.slice(0, -1), current, value, e.opStart);
      if (current !== null) {
        if (declared !== null) this.check(declared, assigned, e.value);
        else this.u.unifyOrWiden(current.t, assigned.t);
      }
      return rUnitCertain;
    }
    if (target.kind === 'FieldExpr') {
      const obj = this.inferExpr(target.object);
      const current = this.fieldAccess(target, obj);
      if (this.s.exprs !== null) this.recordExpr(target, current.t);
      const declared = this.declaredFieldType(target, obj);
      let assigned = value;
      if (e.op !== '=') assigned = this.binaryResult(e.op.slice(0, -1), current, value, e.opStart);
      if (declared !== null) this.check(declared, assigned, e.value);
      else this.u.unifyOrWiden(current.t, assigned.t);
      return rUnitCertain;
    }
    const current = this.inferExpr(target);
    if (e.op !== '=') this.binaryResult(e.op.slice(0, -1), current, value, e.opStart);
    else this.u.unifyOrWiden(current.t, value.t);
    return rUnitCertain;
  }

  /** The declared type of `obj.field` when the object is certainly a struct with that field annotated. */
  private declaredFieldType(e: A.FieldExpr, o: R): Type | null {
    if (!o.c) return null;
    const t = resolve(o.t);
    if (t.k !== 'named' || (t.kind !== 'struct' && t.kind !== 'actor')) return null;
    const info = this.env.types.get(t.key);
    if (info === undefined) return null;
    const f = this.shape(info).fields.get(e.field.name);
    if (f === undefined || !f.declared) return null;
    return substGen(f.type, t.args);
  }

  // ---------------------------------------------------------------- calls

  private inferCall(e: A.CallExpr): R {
    const callee = e.callee;
    let value: NameValue;
    let calleeNode: A.Node = callee;
    if (callee.kind === 'Identifier') value = this.identifierValue(callee, true, e.args.length);
    else if (callee.kind === 'Path') {
      value = this.pathValue(callee, true, e.args.length);
      calleeNode = callee.segments[callee.segments.length - 1]?.name ?? callee;
    } else value = { r: this.inferExpr(callee), sym: null, meta: null, returnCertain: false, builtin: null, local: -1, label: null, doc: null };
    if (this.s.exprs !== null && (callee.kind === 'Identifier' || callee.kind === 'Path')) this.recordExpr(callee, value.r.t);
    const name = callee.kind === 'Identifier' ? callee.name : callee.kind === 'Path' ? callee.segments.map((s) => s.name.name).join('::') : null;
    return this.applyCall(value, name, e.args, [], calleeNode, e);
  }

  private inferPipeline(e: A.PipelineExpr): R {
    const left = this.inferExpr(e.left);
    const right = e.right;
    if (right.kind === 'CallExpr') {
      let value: NameValue;
      if (right.callee.kind === 'Identifier') value = this.identifierValue(right.callee, true, right.args.length + 1);
      else if (right.callee.kind === 'Path') value = this.pathValue(right.callee, true, right.args.length + 1);
      else value = { r: this.inferExpr(right.callee), sym: null, meta: null, returnCertain: false, builtin: null, local: -1, label: null, doc: null };
      const name = right.callee.kind === 'Identifier' ? right.callee.name : null;
      const result = this.applyCall(value, name, right.args, [left], right.callee, right);
      if (this.s.exprs !== null) this.recordExpr(right, result.t);
      return result;
    }
    let value: NameValue;
    if (right.kind === 'Identifier') value = this.identifierValue(right, true, 1);
    else if (right.kind === 'Path') value = this.pathValue(right, true, 1);
    else value = { r: this.inferExpr(right), sym: null, meta: null, returnCertain: false, builtin: null, local: -1, label: null, doc: null };
    if (this.s.exprs !== null && (right.kind === 'Identifier' || right.kind === 'Path')) this.recordExpr(right, value.r.t);
    return this.applyCall(value, right.kind === 'Identifier' ? right.name : null, [], [left], right, null);
  }

  /**
   * Applies a callee to arguments. `pre` are arguments already inferred (a piped value,
   * placed first). Arity is checked for callees whose parameter list is known.
   */
  private applyCall(callee: NameValue, name: string | null, args: readonly A.Expr[], pre: readonly R[], calleeNode: A.Node, call: A.CallExpr | A.MethodCallExpr | null): R {
    const ft = resolve(callee.r.t);
    const n = args.length + pre.length;
    if (call !== null && this.s.calls !== null) this.recordCallSite(call, callee, ft, name, pre.length);
    if (call !== null && call.kind === 'MethodCallExpr' && this.s.exprs !== null) this.recordExpr(call.method, ft);
    if (ft.k === 'fn') {
      let arity = callee.local >= 0 ? (this.s.closureArity.get(callee.local) ?? null) : callee.meta !== null ? { min: callee.meta.min, max: callee.meta.max } : null;
      // A top-level `let f = |x| ...` that is never reassigned: the closure's arity.
      const letStmt = callee.sym?.kind === 'variable' && !callee.sym.mutable ? callee.sym.letStmt : null;
      if (arity === null && letStmt !== null && letStmt.pattern.kind === 'IdentPattern' && isClosureValue(letStmt.init)) arity = { min: ft.min, max: ft.params.length };
      // Builtin functions whose argument count the runtime checks.
      const checked = callee.builtin !== null && builtinFunctions().get(callee.builtin.name) === callee.builtin ? BUILTIN_ARITY.get(callee.builtin.name) : undefined;
      if (checked !== undefined && (n < checked.min || n > checked.max)) {
        const expected = checked.min === checked.max ? plural(checked.max, 'argument') : checked.max === Infinity ? `at least ${plural(checked.min, 'argument')}` : `${checked.min} to ${checked.max} arguments`;
        let start = calleeNode.start;
        let end = calleeNode.end;
        if (n > checked.max && args.length > 0) {
          start = args[Math.min(Math.max(0, checked.max - pre.length), args.length - 1)].start;
          end = args[args.length - 1].end;
        }
        this.report(Codes.WrongArgumentCount, start, end, { name: name ?? callee.builtin!.name, expected, found: n, verb: n === 1 ? 'was' : 'were' }, { name: name ?? callee.builtin!.name, expected: { min: checked.min, max: checked.max === Infinity ? null : checked.max }, found: n });
      } else if (arity !== null && !ft.variadic && (n < arity.min || n > arity.max)) {
        const expected = arity.min === arity.max ? plural(arity.max, 'argument') : `${arity.min} to ${arity.max} arguments`;
        let start = calleeNode.start;
        let end = calleeNode.end;
        if (n > arity.max && args.length > 0) {
          const firstExtra = Math.max(0, arity.max - pre.length);
          start = args[Math.min(firstExtra, args.length - 1)].start;
          end = args[args.length - 1].end;
        }
        this.report(Codes.WrongArgumentCount, start, end, { name: name ?? 'this function', expected, found: n, verb: n === 1 ? 'was' : 'were' }, { name: name ?? '', expected: arity, found: n });
      }
      let conflict = false;
      const all: (A.Expr | R)[] = [...pre, ...args];
      all.forEach((a, i) => {
        const pt = ft.params[i] ?? (ft.variadic ? DYN : null);
        const isExpr = 'kind' in a;
        const v = isExpr ? this.inferExpr(a as A.Expr, pt ?? undefined) : (a as R);
        if (pt === null) return;
        const declared = callee.meta?.declared[i] ?? false;
        if (declared && isExpr) {
          if (v.c && !compatible(pt, v.t)) {
            this.mismatch(pt, v.t, a as A.Expr);
            conflict = true;
            return;
          }
        }
        if (!this.u.unify(pt, v.t)) conflict = true;
      });
      let ret = ft.ret;
      if (conflict && !isGround(ret)) ret = DYN;
      const certain = !conflict && (callee.returnCertain || (callee.builtin !== null && isGround(ret)));
      return r(ret, certain);
    }
    const argTypes: Type[] = pre.map((p) => p.t);
    for (const a of args) argTypes.push(this.inferExpr(a).t);
    if (ft.k === 'var') {
      const ret = freshVar(this.level);
      this.u.unify(ft, fnOf(argTypes, ret));
      return r(ret, false);
    }
    if (ft.k === 'dyn' || ft.k === 'gen' || !callee.r.c) return rDyn;
    if (ft.k === 'named' && ft.kind === 'trait') return rDyn;
    this.report(Codes.NotCallable, calleeNode.start, calleeNode.end, { name: name ?? 'this expression', type: renderType(ft) }, { type: renderType(ft) });
    return rDyn;
  }

  private recordCallSite(call: A.CallExpr | A.MethodCallExpr, callee: NameValue, ft: Type, name: string | null, implicit: number): void {
    let label: string;
    let params: string[];
    let doc = callee.doc;
    if (callee.sym !== null) this.s.callees?.add(callee.sym);
    if (callee.builtin !== null) {
      const sig = callee.builtin;
      label = sig.label;
      params = sig.paramNames.map((p, i) => labelParam(sig.label, p, i));
      doc = sig.doc;
    } else if (callee.sym !== null && callee.sym.node !== null && callee.sym.node.kind === 'FunctionDecl') {
      // Show the generalised signature (`T`) rather than this call's variables.
      const e = this.exports.get(callee.sym.key);
      let shown: Type = ft;
      let generics: readonly string[] | undefined;
      if (e !== undefined) {
        const st = resolve(e.scheme.t);
        const arity = ft.k === 'fn' ? ft.params.length : -1;
        shown = st.k === 'fn' && st.params.length === arity + 1 && callee.meta !== null && callee.meta.hasSelf ? fnOf(st.params.slice(1), st.ret, Math.max(0, st.min - 1)) : st;
        generics = e.scheme.names;
      }
      label = signatureLabel(callee.sym, shown, generics);
      params = paramLabels(callee.sym, shown, generics);
    } else if (ft.k === 'fn') {
      params = ft.params.map((p, i) => `${callee.meta?.paramNames[i] ?? `_${i}`}: ${renderType(p)}`);
      label = callee.label ?? `${name ?? 'fun'}(${params.join(', ')}) -> ${renderType(ft.ret)}`;
    } else return;
    this.s.calls!.push({ start: call.start, end: call.end, openParen: call.openParen, closeParen: call.closeParen, label, params, doc, implicitArgs: implicit });
  }

  // ---------------------------------------------------------------- members

  private inferField(e: A.FieldExpr): R {
    return this.fieldAccess(e, this.inferExpr(e.object));
  }

  private fieldAccess(e: A.FieldExpr, obj: R): R {
    const t = resolve(obj.t);
    const name = e.field.name;
    if (t.k === 'module') {
      this.consultModule({ t: 'module', key: t.key, name: '', sym: null });
      const target = this.env.memberTarget({ t: 'module', key: t.key, name: '', sym: null }, name);
      if (target === null) {
        this.unknownMember(e.field, { t: 'module', key: t.key, name: t.key.slice(t.key.lastIndexOf('::') + 2) || t.key, sym: this.env.symbols.get(t.key) ?? null });
        return rDyn;
      }
      if (target.t === 'sym') this.memberRef(e.field.start, e.field.end, target.sym.key);
      return this.targetValue(target).r;
    }
    if (t.k === 'tuple') {
      const i = Number(name);
      const et = Number.isInteger(i) ? t.elems[i] : undefined;
      if (et === undefined) return rDyn;
      return r(et, obj.c && et.k !== 'var');
    }
    if (t.k === 'object') {
      const f = t.fields.get(name);
      return f === undefined ? rDyn : r(f, obj.c && f.k !== 'var');
    }
    if (t.k === 'named' && t.kind !== 'builtin') {
      const info = this.typeInfo(t.key);
      if (info === null) return rDyn;
      const shape = this.shape(info);
      const field = shape.fields.get(name) ?? (Number.isInteger(Number(name)) ? undefined : undefined);
      if (field !== undefined) {
        this.memberRef(e.field.start, e.field.end, `${info.key}.${name}`);
        const ft = substGen(field.type, t.args);
        return r(ft, obj.c && field.declared && isGround(ft));
      }
      const tupleIndex = Number(name);
      if (Number.isInteger(tupleIndex) && shape.tuple[tupleIndex] !== undefined) {
        this.memberRef(e.field.start, e.field.end, `${info.key}.${name}`);
        return r(substGen(shape.tuple[tupleIndex], t.args), false);
      }
      const m = this.env.lookupMember(info, name);
      if (m !== null) {
        this.memberRef(e.field.start, e.field.end, m.key);
        const ex = this.instantiateExport(m.key);
        return r(ex?.t ?? DYN, false);
      }
      if (obj.c && (info.kind === 'struct' || info.kind === 'actor')) this.unknownField(e.field, renderType(t), this.env.allMemberNames(info));
      return rDyn;
    }
    if (t.k === 'var' || t.k === 'dyn') {
      this.consult(`members:${name}`);
      const candidates = (this.env.membersByName.get(name) ?? []).filter((m) => m.kind === 'field');
      if (candidates.length === 1) {
        const m = candidates[0];
        this.consult(m.ownerKey!);
        this.memberRef(e.field.start, e.field.end, m.key);
        const info = this.env.types.get(m.ownerKey!);
        const f = info !== undefined ? this.shapes.shape(info).fields.get(name) : undefined;
        if (f !== undefined && isGround(f.type)) return r(f.type, false);
      }
    }
    return rDyn;
  }

  private inferIndex(e: A.IndexExpr): R {
    const obj = this.inferExpr(e.object);
    const idx = this.inferExpr(e.index);
    const t = resolve(obj.t);
    const it = resolve(idx.t);
    const isRange = it.k === 'named' && it.key === 'Range';
    if (isRange) return r(t.k === 'array' || (t.k === 'prim' && t.p === 'str') ? t : DYN, false);
    switch (t.k) {
      case 'array':
        return r(t.elem, obj.c && t.elem.k !== 'var' && t.elem.k !== 'dyn');
      case 'prim':
        return t.p === 'str' ? r(STRING, false) : rDyn;
      case 'named':
        if (t.key === 'HashMap') return r(t.args[1] ?? DYN, false);
        return rDyn;
      case 'tuple': {
        if (e.index.kind === 'IntLiteral' && t.elems[e.index.value] !== undefined) return r(t.elems[e.index.value], false);
        return rDyn;
      }
      case 'object':
        if (e.index.kind === 'StringLiteral') return r(t.fields.get(e.index.value) ?? DYN, false);
        return rDyn;
      case 'var': {
        if (it.k === 'prim' && it.p === 'int') {
          const elem = freshVar(this.level);
          this.u.unify(t, arrayOf(elem));
          return r(elem, false);
        }
        return rDyn;
      }
      default:
        return rDyn;
    }
  }

  private inferTry(e: A.TryExpr): R {
    const v = this.inferExpr(e.expr);
    const t = resolve(v.t);
    const fn = this.fnStack.length > 0 ? this.fnStack[this.fnStack.length - 1] : null;
    if (fn !== null && !fn.isClosure && fn.declaredRet !== null) {
      const ret = resolve(fn.declaredRet);
      const allowed = ret.k === 'dyn' || ret.k === 'var' || ret.k === 'gen' || (ret.k === 'named' && (ret.key === 'Option' || ret.key === 'Result' || ret.kind === 'trait'));
      if (!allowed) this.report(Codes.TryWithoutResult, e.end - 1, e.end, { name: fn.name, type: renderType(ret) }, { name: fn.name, type: renderType(ret) });
    }
    if (t.k === 'named' && (t.key === 'Option' || t.key === 'Result')) {
      const inner = t.args[0] ?? DYN;
      return r(inner, v.c && inner.k !== 'var' && inner.k !== 'dyn');
    }
    return rDyn;
  }

  /** The element type of what a `for` loop iterates over. */
  private elementOf(v: R): R {
    const t = resolve(v.t);
    switch (t.k) {
      case 'array':
        return r(t.elem, v.c && t.elem.k !== 'var' && t.elem.k !== 'dyn');
      case 'named':
        if (t.key === 'Range' || t.key === 'HashSet') return r(t.args[0] ?? DYN, v.c && t.key === 'Range' && (t.args[0]?.k ?? 'dyn') !== 'var');
        if (t.key === 'HashMap') return r(tupleOf([t.args[0] ?? DYN, t.args[1] ?? DYN]), false);
        return rDyn;
      case 'prim':
        return t.p === 'str' ? r(STRING, false) : rDyn;
      case 'object':
        return r(tupleOf([STRING, DYN]), false);
      case 'var': {
        const elem = freshVar(this.level);
        this.u.unify(t, arrayOf(elem));
        return r(elem, false);
      }
      default:
        return rDyn;
    }
  }

  private inferMethodCall(e: A.MethodCallExpr): R {
    const recv = this.inferExpr(e.receiver);
    const t = resolve(recv.t);
    const name = e.method.name;
    const none: NameValue = { r: rDyn, sym: null, meta: null, returnCertain: false, builtin: null, local: -1, label: null, doc: null };
    if (t.k === 'module') {
      this.consultModule({ t: 'module', key: t.key, name: '', sym: null });
      const target = this.env.memberTarget({ t: 'module', key: t.key, name: '', sym: null }, name);
      if (target === null) {
        this.unknownMember(e.method, { t: 'module', key: t.key, name: t.key.slice(t.key.lastIndexOf('::') + 2) || t.key, sym: this.env.symbols.get(t.key) ?? null });
        for (const a of e.args) this.inferExpr(a);
        return rDyn;
      }
      if (target.t === 'sym') this.memberRef(e.method.start, e.method.end, target.sym.key);
      const value = this.targetValue(target);
      return this.applyCall(value, name, e.args, [], e.method, e);
    }
    // User types: methods from impls and traits, fields holding functions.
    let userKey: string | null = null;
    if (t.k === 'named') userKey = t.kind === 'builtin' ? (this.env.types.has(`builtin:${t.name}`) ? `builtin:${t.name}` : null) : t.key;
    else if (t.k === 'prim' || t.k === 'array') {
      const bname = t.k === 'array' ? 'Vec' : t.name;
      if (this.env.types.has(`builtin:${bname}`)) userKey = `builtin:${bname}`;
    }
    if (userKey !== null) {
      const info = this.typeInfo(userKey);
      const m = info !== null ? this.env.lookupMember(info, name) : null;
      if (m !== null && m.kind === 'method') {
        this.memberRef(e.method.start, e.method.end, m.key);
        const ex = this.instantiateExport(m.key);
        if (ex === null) {
          for (const a of e.args) this.inferExpr(a);
          return rDyn;
        }
        const ft = resolve(ex.t);
        let callee: NameValue = { ...none, r: r(ex.t, true), sym: m, meta: ex.fn, returnCertain: ex.returnCertain, doc: m.doc };
        if (ft.k === 'fn' && ex.fn?.hasSelf) {
          this.u.unify(ft.params[0], recv.t);
          callee = { ...callee, r: r(fnOf(ft.params.slice(1), ft.ret, Math.max(0, ft.min - 1)), true) };
        }
        return this.applyCall(callee, name, e.args, [], e.method, e);
      }
      if (m !== null && m.kind === 'field' && info !== null && t.k === 'named') {
        this.memberRef(e.method.start, e.method.end, m.key);
        const f = this.shape(info).fields.get(name);
        const ft = f !== undefined ? substGen(f.type, t.args) : DYN;
        return this.applyCall({ ...none, r: r(ft, recv.c && (f?.declared ?? false)) }, name, e.args, [], e.method, e);
      }
      if (m === null && info !== null && t.k === 'named' && t.kind !== 'builtin') {
        const common = methodTable('common').get(name) ?? (info.kind === 'actor' ? methodTable('actor').get(name) : undefined);
        if (common !== undefined) return this.callBuiltinMethod(common, t, {}, e, recv, info.kind === 'actor' && methodTable('actor').get(name) === common ? 'actor' : 'common');
        if (recv.c && info.kind !== 'trait') {
          const hint = suggest(name, [...this.env.allMemberNames(info).filter((n) => this.isCallableMember(info, n)), ...methodTable('common').keys()]);
          this.report(Codes.UnknownMethod, e.method.start, e.method.end, { name, type: renderType(t), hint: hint === null ? '' : `; did you mean \`${hint}\`?` }, { name, ...(hint !== null ? { suggestion: hint } : {}) });
        }
        for (const a of e.args) this.inferExpr(a);
        return rDyn;
      }
    }
    // Builtin types.
    const table = builtinTableOf(t);
    if (table !== null) {
      const fill: Partial<Record<number, Type>> = { [G_SELF]: t };
      if (t.k === 'array') fill[G_T] = t.elem;
      else if (t.k === 'named') {
        if (t.key === 'Option' || t.key === 'Range' || t.key === 'HashSet') fill[G_T] = t.args[0];
        if (t.key === 'Result') {
          fill[G_T] = t.args[0];
          fill[G_E] = t.args[1];
        }
        if (t.key === 'HashMap') {
          fill[G_K] = t.args[0];
          fill[G_V] = t.args[1];
        }
      } else if (t.k === 'object') {
        fill[G_K] = STRING;
        fill[G_V] = DYN;
      }
      const sig = methodTable(table).get(name) ?? methodTable('common').get(name);
      if (sig !== undefined) return this.callBuiltinMethod(sig, t, fill, e, recv, table);
      if (recv.c) {
        const hint = suggest(name, [...methodTable(table).keys(), ...methodTable('common').keys()]);
        if (hint !== null) this.report(Codes.PossiblyUnknownMethod, e.method.start, e.method.end, { name, type: renderType(t), hint: `; did you mean \`${hint}\`?` }, { name, suggestion: hint });
      }
      for (const a of e.args) this.inferExpr(a);
      return rDyn;
    }
    // Unknown receiver: a unique user method of that name, or the builtin tables by name.
    if (t.k === 'var' || t.k === 'dyn') {
      this.consult(`members:${name}`);
      const user = (this.env.membersByName.get(name) ?? []).filter((m) => m.kind === 'method');
      const m = user.length === 1 ? user[0] : this.traitMethodFor(t, name);
      if (m !== null) {
        this.consult(m.ownerKey!);
        this.memberRef(e.method.start, e.method.end, m.key);
        const ex = this.instantiateExport(m.key);
        if (ex !== null) {
          const ft = resolve(ex.t);
          let callee: NameValue = { ...none, r: r(ex.t, true), sym: m, meta: ex.fn, returnCertain: false, doc: m.doc };
          if (ft.k === 'fn' && ex.fn?.hasSelf) callee = { ...callee, r: r(fnOf(ft.params.slice(1), ft.ret, Math.max(0, ft.min - 1)), true) };
          const result = this.applyCall(callee, name, e.args, [], e.method, e);
          return r(result.t, false);
        }
      }
      const tables = tablesWithMethod(name);
      if (tables.length > 0) {
        const rets = tables.map((tb) => methodTable(tb).get(name)!.type.ret);
        const first = rets[0];
        const same = rets.every((x) => x === first) && isGround(first);
        if (tables.length === 1 || same) {
          const sig = methodTable(tables[0]).get(name)!;
          const result = this.callBuiltinMethod(sig, t, {}, e, r(recv.t, false));
          return r(same ? first : result.t, false);
        }
      }
    }
    for (const a of e.args) this.inferExpr(a);
    return rDyn;
  }

  private callBuiltinMethod(sig: BuiltinSig, recvType: Type, fill: Partial<Record<number, Type>>, e: A.MethodCallExpr, recv: R, table: MethodTableName | null = null): R {
    if (table !== null) this.memberRef(e.method.start, e.method.end, `builtin:method:${methodTable(table).get(sig.name) === sig ? table : 'common'}.${sig.name}`);
    const args = genArgs(this.level, { [G_SELF]: recvType, ...fill });
    const ft = substGen(sig.type, args);
    const callee: NameValue = { r: r(ft, true), sym: null, meta: null, returnCertain: false, builtin: sig, local: -1, label: null, doc: sig.doc };
    const result = this.applyCall(callee, e.method.name, e.args, [], e.method, e);
    return r(result.t, result.c && recv.c && isGround(sig.type.ret));
  }

  // ---------------------------------------------------------------- structured expressions

  private inferArray(e: A.ArrayExpr, hint?: Type): R {
    const h = hint !== undefined ? resolve(hint) : null;
    const elemHint = h !== null && h.k === 'array' ? h.elem : undefined;
    if (e.elements.length === 0) return r(arrayOf(elemHint ?? freshVar(this.level)), true);
    let elem: Type | null = null;
    let certain = true;
    let mixed = false;
    for (const x of e.elements) {
      const v = this.inferExpr(x, elemHint);
      certain &&= v.c;
      if (v.t === NEVER) continue;
      if (elem === null) elem = v.t;
      else if (!mixed && !this.u.unify(elem, v.t)) mixed = true;
    }
    if (mixed) return r(arrayOf(DYN), false);
    return r(arrayOf(elem ?? freshVar(this.level)), certain);
  }

  private inferStruct(e: A.StructExpr): R {
    const ctor = this.pathCtor(e.name);
    const values = new Map<string, { node: A.FieldInit; v: R }>();
    for (const f of e.fields) {
      const v = f.value !== null ? this.inferExpr(f.value) : this.identifierValue(f.name, false).r;
      if (f.value === null && this.s.exprs !== null) this.recordExpr(f.name, v.t);
      values.set(f.name.name, { node: f, v });
    }
    if (e.base !== null) this.inferExpr(e.base);
    if (ctor === null || ctor.kind === 'builtin' || ctor.info === null) return rDyn;
    const args = ctor.args ?? [];
    const fields = ctor.kind === 'variant' ? (ctor.variant?.fields ?? null) : this.shape(ctor.info).fields;
    if (fields === null) return r(ctor.type ?? DYN, true);
    for (const [name, { node, v }] of values) {
      const field = fields.get(name);
      if (field === undefined) {
        this.unknownField(node.name, ctor.typeName, [...fields.keys()]);
        continue;
      }
      this.memberRef(node.name.start, node.name.end, `${ctor.key}.${name}`);
      const ft = substGen(field.type, args);
      if (field.declared) this.check(ft, v, node.value ?? node.name);
      else this.u.unify(ft, v.t);
    }
    if (e.base === null) {
      const missing = [...fields.values()].filter((f) => !f.hasDefault && !values.has(f.name)).map((f) => f.name);
      if (missing.length > 0 && ctor.kind !== 'message') {
        const nameNode = e.name.kind === 'Identifier' ? e.name : e.name;
        const list = missing.map((m) => `\`${m}\``).join(', ');
        this.report(Codes.MissingFields, nameNode.start, nameNode.end, { fields: `field${missing.length === 1 ? '' : 's'} ${list}`, type: ctor.typeName }, { missing });
      }
    }
    return r(ctor.type ?? DYN, true);
  }

  private inferIf(e: A.IfExpr): R {
    if (e.condition.kind === 'LetCondition') {
      const v = this.inferExpr(e.condition.value);
      if (this.s.exprs !== null) this.recordExpr(e.condition, BOOL);
      this.destructure(e.condition.pattern, v.t, v.c);
    } else this.condition(e.condition);
    const then = this.inferBlock(e.then);
    if (e.else === null) return r(UNIT, then.c && then.t === UNIT);
    const other = this.inferExpr(e.else);
    return this.join(then, other);
  }

  private inferMatch(e: A.MatchExpr): R {
    const scrutinee = this.inferExpr(e.scrutinee);
    let result: R | null = null;
    for (const arm of e.arms) {
      this.destructure(arm.pattern, scrutinee.t, scrutinee.c);
      if (arm.guard !== null) this.condition(arm.guard);
      const v = this.inferExpr(arm.body);
      result = result === null ? v : this.join(result, v);
    }
    this.checkExhaustive(e, scrutinee.t);
    return result ?? r(UNIT, false);
  }

  private inferReturn(e: A.ReturnExpr): R {
    const v = e.value !== null ? this.inferExpr(e.value) : rUnitCertain;
    const fn = this.fnStack.length > 0 ? this.fnStack[this.fnStack.length - 1] : null;
    if (fn !== null) {
      fn.returnsCertain &&= v.c;
      if (fn.declaredRet !== null) this.check(fn.declaredRet, v, e.value ?? e);
      else this.u.unifyOrWiden(fn.ret, v.t);
    }
    return rNever;
  }

  private inferClosure(e: A.ClosureExpr, hint?: Type): R {
    const h = hint !== undefined ? resolve(hint) : null;
    const hintFn = h !== null && h.k === 'fn' ? h : null;
    const params: Type[] = e.params.map((p, i) => {
      if (p.type !== null) return this.convert(p.type);
      return hintFn?.params[i] ?? freshVar(this.level);
    });
    e.params.forEach((p, i) => this.destructure(p.pattern, params[i], p.type !== null));
    const declaredRet = e.returnType !== null ? this.convert(e.returnType) : null;
    const ret = declaredRet ?? freshVar(this.level);
    const ctx: FnCtx = { name: 'closure', ret, declaredRet, isClosure: true, returnsCertain: true };
    this.fnStack.push(ctx);
    const savedLoops = this.loopStack;
    this.loopStack = [];
    const body = this.inferExpr(e.body);
    this.loopStack = savedLoops;
    this.fnStack.pop();
    if (declaredRet !== null) {
      if (body.t !== NEVER) this.check(declaredRet, body, e.body.kind === 'BlockExpr' ? (tailExpr(e.body) ?? e.body) : e.body);
    } else this.u.unifyOrWiden(ret, body.t);
    return r(fnOf(params, ret), true);
  }

  private inferMacro(e: A.MacroCall): R {
    if (e.tokens !== null) return rDyn;
    const name = e.name.name;
    const args: A.Expr[] = [];
    for (const a of e.args) {
      if (a.kind === 'MacroArgPair') {
        this.inferExpr(a.key);
        this.inferExpr(a.value);
      } else args.push(a);
    }
    const known = builtinMacros().get(name);
    if (known === undefined) {
      const ref = this.refAt(e.name.start);
      const res = ref >= 0 && this.b.refTarget[ref] < 0 ? this.resolveFree(-this.b.refTarget[ref] - 1) : null;
      if (res === null) {
        const hint = suggest(name, builtinMacros().keys());
        this.report(Codes.UndefinedMacro, e.name.start, e.name.end, { name, hint: hint === null ? '' : `; did you mean \`${hint}!\`?` }, { name, ...(hint !== null ? { suggestion: hint } : {}) });
      }
      for (const a of args) this.inferExpr(a);
      return rDyn;
    }
    if (name === 'vec') {
      if (args.length === 1 && args[0].kind === 'ArrayRepeatExpr') return this.inferExpr(args[0]);
      return this.inferArray({ kind: 'ArrayExpr', elements: args, start: e.start, end: e.end });
    }
    if (this.s.calls !== null && (e.delimiter === '(' || e.delimiter === '[')) {
      const open = e.start + name.length + 1;
      this.s.calls.push({ start: e.start, end: e.end, openParen: open, closeParen: e.end - 1, label: `${name}!${known.label.slice(4 + name.length)}`, params: known.paramNames.map((p, i) => labelParam(known.label, p, i)), doc: known.doc, implicitArgs: 0 });
    }
    for (const a of args) this.inferExpr(a);
    const ret = known.type.ret;
    return r(ret.k === 'gen' ? DYN : ret, isGround(ret));
  }

  // ---------------------------------------------------------------- exhaustiveness

  private checkExhaustive(e: A.MatchExpr, scrutineeType: Type): void {
    const t = resolve(scrutineeType);
    let ctors: { name: string; label: string }[] | null = null;
    if (t.k === 'prim' && t.p === 'bool') ctors = [{ name: 'true', label: '`true`' }, { name: 'false', label: '`false`' }];
    else if (t.k === 'named' && t.key === 'Option') ctors = [{ name: 'Some', label: '`Some(_)`' }, { name: 'None', label: '`None`' }];
    else if (t.k === 'named' && t.key === 'Result') ctors = [{ name: 'Ok', label: '`Ok(_)`' }, { name: 'Err', label: '`Err(_)`' }];
    else if (t.k === 'named' && t.kind === 'enum') {
      const info = this.env.types.get(t.key);
      if (info === undefined) return;
      const shape = this.shape(info);
      ctors = [...shape.variants.values()].map((v) => ({ name: v.name, label: `\`${info.name}::${v.name}${v.shape === 'tuple' ? `(${v.tuple.map(() => '_').join(', ')})` : v.shape === 'named' ? ' { .. }' : ''}\`` }));
    }
    if (ctors === null || ctors.length === 0) return;
    const covered = new Set<string>();
    for (const arm of e.arms) {
      if (arm.guard !== null) continue;
      if (this.coverage(arm.pattern, covered)) return;
    }
    const missing = ctors.filter((c) => !covered.has(c.name));
    if (missing.length === 0) return;
    const list = missing.length === 1 ? missing[0].label : `${missing.slice(0, -1).map((m) => m.label).join(', ')} and ${missing[missing.length - 1].label}`;
    this.report(Codes.NonExhaustiveMatch, e.scrutinee.start, e.scrutinee.end, { missing: list }, { missing: missing.map((m) => m.label.slice(1, -1)) });
  }

  /** Adds the constructors `p` fully covers to `covered`; true if it matches everything. */
  private coverage(p: A.Pattern, covered: Set<string>): boolean {
    switch (p.kind) {
      case 'WildcardPattern':
        return true;
      case 'IdentPattern': {
        const sym = this.symbolAt(p.name.start);
        if (sym >= 0 && (this.b.symbols[sym].flags & SymFlag.ConstCandidate) !== 0) {
          const key = this.s.constPatterns.get(sym);
          if (key !== undefined) {
            covered.add(key.slice(key.lastIndexOf(key.startsWith('builtin:') ? ':' : '.') + 1));
            return false;
          }
        }
        return p.subpattern === null ? true : this.coverage(p.subpattern, covered);
      }
      case 'LiteralPattern':
        if (p.value.kind === 'BoolLiteral') covered.add(String(p.value.value));
        return false;
      case 'OrPattern': {
        for (const alt of p.alternatives) if (this.coverage(alt, covered)) return true;
        return false;
      }
      case 'RefPattern':
        return this.coverage(p.pattern, covered);
      case 'TupleStructPattern':
        if (p.elements.every(irrefutable)) covered.add(p.path.segments[p.path.segments.length - 1]?.name.name ?? '');
        return false;
      case 'StructPattern':
        if (p.fields.every((f) => f.pattern === null || irrefutable(f.pattern))) covered.add(p.path.segments[p.path.segments.length - 1]?.name.name ?? '');
        return false;
      case 'PathPattern':
        covered.add(p.path.segments[p.path.segments.length - 1]?.name.name ?? '');
        return false;
      case 'TuplePattern':
        return p.elements.every(irrefutable);
      default:
        return false;
    }
  }
}

// ---------------------------------------------------------------- helpers

/** Associated functions every type may have through `#[derive]` or blanket traits. */
const UNIVERSAL_ASSOCIATED = new Set(['default', 'from', 'into', 'clone', 'fmt', 'eq', 'ne', 'cmp', 'partial_cmp', 'hash', 'to_string', 'try_from', 'from_str']);

interface NameValue {
  readonly r: R;
  readonly sym: GlobalSymbol | null;
  readonly meta: FnMeta | null;
  readonly returnCertain: boolean;
  readonly builtin: BuiltinSig | null;
  /** Binder symbol index when the callee is a local. */
  readonly local: number;
  readonly label: string | null;
  readonly doc: string | null;
}

interface Ctor {
  readonly kind: 'variant' | 'struct' | 'builtin' | 'message';
  readonly name: string;
  readonly key: string | null;
  readonly info: TypeInfo | null;
  readonly variant: VariantShape | null;
  readonly type: Type | null;
  readonly typeName: string;
  readonly args?: readonly Type[];
}

function irrefutable(p: A.Pattern): boolean {
  switch (p.kind) {
    case 'WildcardPattern':
    case 'RestPattern':
      return true;
    case 'IdentPattern':
      return !/^[A-Z]/.test(p.name.name) && (p.subpattern === null || irrefutable(p.subpattern));
    case 'TuplePattern':
      return p.elements.every(irrefutable);
    case 'RefPattern':
      return irrefutable(p.pattern);
    default:
      return false;
  }
}

function tailExpr(block: A.BlockExpr): A.Expr | null {
  const last = block.stmts[block.stmts.length - 1];
  return last !== undefined && last.kind === 'ExprStmt' ? last.expr : null;
}

function divergenceKeyword(e: A.Expr): string {
  switch (e.kind) {
    case 'ReturnExpr':
      return 'return';
    case 'BreakExpr':
      return 'break';
    case 'ContinueExpr':
      return 'continue';
    case 'ThrowExpr':
      return 'throw';
    case 'MacroCall':
      return `${e.name.name}!`;
    case 'CallExpr':
      return e.callee.kind === 'Identifier' ? `${e.callee.name}(...)` : 'call that never returns';
    case 'LoopExpr':
      return 'loop without break';
    default:
      return 'expression that never completes';
  }
}

function builtinTableOf(t: Type): MethodTableName | null {
  switch (t.k) {
    case 'prim':
      switch (t.p) {
        case 'int':
          return 'int';
        case 'float':
          return 'float';
        case 'str':
          return 'string';
        case 'bool':
          return 'bool';
        case 'char':
          return 'char';
        default:
          return null;
      }
    case 'array':
      return 'array';
    case 'object':
      return 'map';
    case 'tuple':
      return 'bool';
    case 'named':
      switch (t.key) {
        case 'Option':
          return 'option';
        case 'Result':
          return 'result';
        case 'HashMap':
          return 'map';
        case 'HashSet':
          return 'set';
        case 'Range':
          return 'range';
        default:
          return null;
      }
    default:
      return null;
  }
}

function labelParam(label: string, name: string, index: number): string {
  const open = label.indexOf('(');
  const close = label.lastIndexOf(')');
  const parts = splitTopLevel(label.slice(open + 1, close));
  return parts[index] ?? name;
}

export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '<' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '>' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') out.push(current.trim());
  return out;
}

/**
 * `fun add(a: i64, b: i64) -> i64`, from a declaration and a type for it. When the type's
 * parameters include the receiver (a method seen as a plain function), `self` is listed.
 */
export function signatureLabel(sym: GlobalSymbol, ft: Type, generics?: readonly string[]): string {
  const params = paramLabels(sym, ft, generics);
  const fnType = resolve(ft);
  const ret = fnType.k === 'fn' ? renderType(fnType.ret, { generics }) : 'any';
  const node = sym.node as A.FunctionDecl | null;
  const isAsync = node !== null && node.kind === 'FunctionDecl' && node.isAsync;
  return `${isAsync ? 'async ' : ''}fun ${sym.name}(${params.join(', ')})${ret === '()' ? '' : ` -> ${ret}`}`;
}

export function paramLabels(sym: GlobalSymbol, ft: Type, generics?: readonly string[]): string[] {
  const fnType = resolve(ft);
  const node = sym.node as A.FunctionDecl | null;
  const types = fnType.k === 'fn' ? fnType.params : [];
  if (node === null || node.kind !== 'FunctionDecl') return types.map((p, i) => `_${i}: ${renderType(p, { generics })}`);
  const text = sym.item.record.text;
  const withSelf = types.length === node.params.length && node.params.some((p) => p.self !== null);
  const out: string[] = [];
  let ti = 0;
  for (const p of node.params) {
    if (p.self !== null) {
      if (withSelf) {
        out.push(p.self === 'ref' ? '&self' : p.self === 'refMut' ? '&mut self' : 'self');
        ti++;
      }
      continue;
    }
    const t = types[ti++];
    const name = p.pattern.kind === 'IdentPattern' ? p.pattern.name.name : text.slice(p.pattern.start, p.pattern.end);
    const def = p.defaultValue !== null ? ` = ${text.slice(p.defaultValue.start, p.defaultValue.end)}` : '';
    out.push(`${name}: ${t !== undefined ? renderType(t, { generics }) : 'any'}${def}`);
  }
  return out;
}
