// Type annotations -> checker types, and the declared shapes of user types.
//
// An annotation is read in the context of the item that wrote it: its type names are the
// binder's references there (a type parameter of the item, or a free name resolved by the
// program tables). `TypeShapes` converts the fields and variants of structs, enums and
// actors once per analysis, with their type parameters as `gen` placeholders, and gives
// each type a fingerprint of its declared shape for the incremental engine.

import { Codes, format } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import { findRef, moduleNamesKey, type ItemCore, type ProgramEnv, type Resolution, type Target, type TypeInfo } from './globals.js';
import { BUILTIN_TYPE_DOCS } from './prelude.js';
import { suggest } from '../diagnostics/suggest.js';
import {
  arrayOf,
  DYN,
  fnOf,
  freshVar,
  gen,
  mapOf,
  named,
  NEVER,
  optionOf,
  primByName,
  rangeOf,
  resultOf,
  setOf,
  tupleOf,
  UNIT,
  type NamedKind,
  type Type,
} from './types.js';

/** Names whose type is their single argument (Ruchy has no ownership at run time). */
const TRANSPARENT = new Set(['Box', 'Rc', 'Arc', 'RefCell', 'Cell', 'Mutex', 'RwLock', 'Cow', 'Pin']);
const ARRAYS = new Set(['Vec', 'VecDeque', 'LinkedList', 'BinaryHeap']);
const MAPS = new Set(['HashMap', 'BTreeMap']);
const SETS = new Set(['HashSet', 'BTreeSet']);

export interface ConvertContext {
  readonly env: ProgramEnv;
  readonly item: ItemCore;
  /** Types of the item's type parameters, by binder symbol index. */
  readonly typeParams: ReadonlyMap<number, Type>;
  readonly selfType: Type | null;
  /** Where unknown type names are reported; null: silently `dyn`. */
  readonly diagnostics: Diagnostic[] | null;
  readonly level: number;
  /** Called for every global a conversion depends on. */
  readonly onResolve?: (name: string, resolution: Resolution | null) => void;
  /** Called with every other key a conversion depends on (`names:<uri>` of a module it looks into). */
  readonly onConsult?: (key: string) => void;
  readonly shapes: TypeShapes;
}

export function convertType(node: A.TypeNode | null, ctx: ConvertContext): Type {
  if (node === null) return DYN;
  switch (node.kind) {
    case 'NamedType':
      return convertNamed(node, ctx);
    case 'TupleType':
      return tupleOf(node.elements.map((e) => convertType(e, ctx)));
    case 'ArrayType':
      return arrayOf(convertType(node.element, ctx));
    case 'RefType':
      return convertType(node.target, ctx);
    case 'FnType':
      return fnOf(node.params.map((p) => convertType(p, ctx)), node.returnType === null ? UNIT : convertType(node.returnType, ctx));
    case 'ImplTraitType': {
      const fn = node.bounds.find((b) => b.kind === 'FnType');
      return fn !== undefined ? convertType(fn, ctx) : DYN;
    }
    case 'InferType':
      return freshVar(ctx.level);
    case 'NeverType':
      return NEVER;
    case 'ErrorType':
      return DYN;
  }
}

function convertNamed(node: A.NamedType, ctx: ConvertContext): Type {
  const first = node.path[0];
  if (first === undefined) return DYN;
  const args = node.args.map((a) => convertType(a, ctx));
  if (first.name === 'Self' && node.path.length === 1) return ctx.selfType ?? DYN;
  const b = ctx.item.binding;
  const refIndex = findRef(b.refStart, first.start);
  let target: Target | null = null;
  if (refIndex >= 0) {
    const t = b.refTarget[refIndex];
    if (t >= 0) {
      const sym = b.symbols[t];
      if (sym.kind === 'typeParameter') return ctx.typeParams.get(t) ?? DYN;
      return DYN;
    }
    const name = b.freeNames[-t - 1];
    const res = ctx.env.resolveName(ctx.item, name);
    ctx.onResolve?.(name, res);
    target = res?.target ?? null;
  } else if (first.name === 'crate' || first.name === 'self' || first.name === 'super') {
    target = { t: 'module', key: `${ctx.item.uri}::`, name: first.name, sym: null };
  }
  for (let i = 1; i < node.path.length && target !== null; i++) {
    const namesKey = moduleNamesKey(target);
    if (namesKey !== null) ctx.onConsult?.(namesKey);
    target = ctx.env.memberTarget(target, node.path[i].name);
  }
  if (target === null) {
    const last = node.path[node.path.length - 1].name;
    if (node.path.length > 1 && BUILTIN_TYPE_DOCS.has(last)) return builtinType(last, args);
    if (ctx.diagnostics !== null && node.path.length === 1) {
      ctx.onConsult?.(`names:${ctx.item.uri}`);
      const candidates = [...typeParamsAt(ctx, first.start), ...ctx.env.fileNames(ctx.item.uri).filter((n) => namesType(ctx, n)), ...BUILTIN_TYPE_DOCS.keys()];
      const hint = suggest(first.name, candidates);
      ctx.diagnostics.push({
        code: Codes.UnknownType.code,
        severity: Codes.UnknownType.severity,
        message: format(Codes.UnknownType.template, { name: first.name, hint: hint === null ? '' : `; did you mean \`${hint}\`?` }),
        start: first.start,
        end: first.end,
        data: { name: first.name, ...(hint !== null ? { suggestion: hint } : {}) },
      });
    }
    return DYN;
  }
  switch (target.t) {
    case 'builtin':
      // `bool`, `int`, `str` name both conversion functions and types: here, the type.
      return target.cat === 'type' || BUILTIN_TYPE_DOCS.has(target.name) ? builtinType(target.name, args) : DYN;
    case 'external':
      return BUILTIN_TYPE_DOCS.has(target.name) ? builtinType(target.name, args) : DYN;
    case 'module':
      return DYN;
    case 'sym': {
      const info = ctx.env.types.get(target.sym.key);
      if (info === undefined) return DYN;
      return ctx.shapes.typeOf(info, args, ctx.level);
    }
  }
}

/** The type parameters in scope at `at` (`Item` of `fun f<Item>(...)`). */
function typeParamsAt(ctx: ConvertContext, at: number): string[] {
  const b = ctx.item.binding;
  return b.symbols
    .filter((s) => {
      const scope = b.scopes[s.scope];
      return s.kind === 'typeParameter' && (scope === undefined || (at >= scope.start && at <= scope.end));
    })
    .map((s) => s.name);
}

const TYPE_KINDS: ReadonlySet<string> = new Set(['struct', 'enum', 'trait', 'typeAlias', 'actor', 'effect']);

/** Whether a top-level name of the file names a type (a suggestion for an unknown type must). */
function namesType(ctx: ConvertContext, name: string): boolean {
  // Consulted, not recorded as a resolution: a suggestion must not make the item a user of every name.
  const target = ctx.env.resolveName(ctx.item, name)?.target ?? null;
  if (target?.t === 'sym' && target.sym.item.record !== ctx.item.record) ctx.onConsult?.(target.sym.key);
  if (target === null) return false;
  if (target.t === 'builtin') return target.cat === 'type' || BUILTIN_TYPE_DOCS.has(target.name);
  if (target.t === 'external') return true;
  return target.t === 'sym' && TYPE_KINDS.has(target.sym.kind);
}

export function builtinType(name: string, args: readonly Type[]): Type {
  const prim = primByName(name);
  if (prim !== null) return prim;
  const a0 = args[0] ?? DYN;
  const a1 = args[1] ?? DYN;
  if (TRANSPARENT.has(name)) return a0;
  if (ARRAYS.has(name)) return arrayOf(a0);
  if (MAPS.has(name)) return mapOf(a0, a1);
  if (SETS.has(name)) return setOf(a0);
  switch (name) {
    case 'Option':
      return optionOf(a0);
    case 'Result':
      return resultOf(a0, a1);
    case 'Range':
      return rangeOf(a0);
    case 'DataFrame':
      return named('DataFrame', 'DataFrame', 'builtin');
    default:
      return DYN;
  }
}

// ---------------------------------------------------------------- declared shapes

export interface FieldShape {
  readonly name: string;
  /** With the type's parameters as `gen` 0..n-1. */
  readonly type: Type;
  readonly declared: boolean;
  readonly hasDefault: boolean;
}

export interface VariantShape {
  readonly name: string;
  readonly shape: 'unit' | 'tuple' | 'named';
  readonly tuple: readonly Type[];
  readonly fields: ReadonlyMap<string, FieldShape>;
}

export interface Shape {
  readonly info: TypeInfo;
  readonly params: readonly string[];
  readonly fields: ReadonlyMap<string, FieldShape>;
  readonly tuple: readonly Type[];
  readonly variants: ReadonlyMap<string, VariantShape>;
  readonly fingerprint: string;
}

/** Declared shapes of user types, converted on first use within one analysis. */
export class TypeShapes {
  private readonly cache = new Map<string, Shape>();
  private readonly aliasCache = new Map<string, Type>();
  private readonly aliasBusy = new Set<string>();

  constructor(private readonly env: ProgramEnv) {}

  shape(info: TypeInfo): Shape {
    let s = this.cache.get(info.key);
    if (s === undefined) {
      s = this.build(info);
      this.cache.set(info.key, s);
    }
    return s;
  }

  /** The nominal type of a user type applied to `args` (missing arguments: fresh variables at `level`). */
  typeOf(info: TypeInfo, args: readonly Type[], level: number): Type {
    if (info.kind === 'trait' || info.kind === 'effect') return DYN;
    if (info.kind === 'typeAlias') return this.alias(info);
    const params = this.typeParamsOf(info);
    const full = params.map((_, i) => args[i] ?? (level >= 0 ? freshVar(level) : DYN));
    const kind: NamedKind = info.kind === 'actor' ? 'actor' : info.kind === 'enum' ? 'enum' : 'struct';
    return named(info.key, info.name, kind, full);
  }

  typeParamsOf(info: TypeInfo): string[] {
    const node = info.symbol?.node;
    if (node === undefined || node === null) return [];
    const params = (node as { typeParams?: A.TypeParam[] }).typeParams ?? [];
    return params.filter((p) => !p.isLifetime).map((p) => p.name.name);
  }

  private alias(info: TypeInfo): Type {
    const cached = this.aliasCache.get(info.key);
    if (cached !== undefined) return cached;
    if (this.aliasBusy.has(info.key) || info.symbol === null) return DYN;
    this.aliasBusy.add(info.key);
    const node = info.symbol.node as A.TypeAliasDecl;
    const t = convertType(node.type, this.context(info, new Map()));
    this.aliasBusy.delete(info.key);
    this.aliasCache.set(info.key, t);
    return t;
  }

  private context(info: TypeInfo, typeParams: Map<number, Type>): ConvertContext {
    return { env: this.env, item: info.symbol!.item, typeParams, selfType: null, diagnostics: null, level: -1, shapes: this };
  }

  private build(info: TypeInfo): Shape {
    const sym = info.symbol;
    const empty: Shape = { info, params: [], fields: new Map(), tuple: [], variants: new Map(), fingerprint: `${info.kind}:${[...info.members.keys()].join(',')}|${info.traits.join(',')}` };
    if (sym === null || sym.node === null) return empty;
    const node = sym.node as A.StructDecl | A.EnumDecl | A.ActorDecl;
    const params = this.typeParamsOf(info);
    const typeParams = new Map<number, Type>();
    const b = sym.item.binding;
    const declaredParams = ('typeParams' in node ? node.typeParams : []).filter((p) => !p.isLifetime);
    declaredParams.forEach((p, i) => {
      const index = b.symbols.findIndex((s) => s.kind === 'typeParameter' && s.start === p.name.start);
      if (index >= 0) typeParams.set(index, gen(i));
    });
    const ctx = this.context(info, typeParams);
    const text = sym.item.record.text;
    const slice = (n: A.Node | null): string => (n === null ? '' : text.slice(n.start, n.end));
    const fieldShapes = (decls: readonly A.FieldDecl[]): Map<string, FieldShape> => {
      const out = new Map<string, FieldShape>();
      for (const f of decls) out.set(f.name.name, { name: f.name.name, type: f.type === null ? DYN : convertType(f.type, ctx), declared: f.type !== null, hasDefault: f.defaultValue !== null });
      return out;
    };
    let fields = new Map<string, FieldShape>();
    let tuple: Type[] = [];
    const variants = new Map<string, VariantShape>();
    const parts: string[] = [info.kind, params.join(',')];
    if (node.kind === 'StructDecl' || node.kind === 'ActorDecl') {
      fields = fieldShapes(node.fields);
      for (const f of node.fields) parts.push(`${f.name.name}:${slice(f.type)}=${f.defaultValue !== null}`);
      if (node.kind === 'StructDecl') {
        tuple = node.tupleFields.map((t) => convertType(t, ctx));
        parts.push(`(${node.tupleFields.map(slice).join(',')})`);
      }
    } else if (node.kind === 'EnumDecl') {
      for (const v of node.variants) {
        variants.set(v.name.name, { name: v.name.name, shape: v.shape, tuple: v.tupleFields.map((t) => convertType(t, ctx)), fields: fieldShapes(v.fields) });
        parts.push(`${v.name.name}:${v.shape}(${v.tupleFields.map(slice).join(',')}){${v.fields.map((f) => `${f.name.name}:${slice(f.type)}`).join(',')}}`);
      }
    }
    // An impl is checked against the methods its trait requires.
    if ((node as A.Node).kind === 'TraitDecl') parts.push(`required:${requiredMethods(node as unknown as A.TraitDecl).join(',')}`);
    parts.push(`members:${this.env.allMemberNames(info).join(',')}`);
    return { info, params, fields, tuple, variants, fingerprint: parts.join('|') };
  }
}

/** The methods of a trait without a default body: every impl of the trait must define them. */
export function requiredMethods(trait: A.TraitDecl): string[] {
  return trait.members.filter((m): m is A.FunctionDecl => m.kind === 'FunctionDecl' && m.body === null).map((m) => m.name.name);
}
