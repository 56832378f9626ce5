// The checker's types: what Hindley–Milner inference works on, and how they print.
//
// Ruchy is gradually typed in practice (see LANGUAGE.md, "Typing: gradual in practice"),
// so besides the usual constructors there is `dyn`, the dynamic type, compatible with
// everything: whatever the checker cannot type precisely degrades to it. Type variables
// are mutable cells (union-find without path compression, so that a variable can later
// be widened to `dyn` when values of several types flow into it). Generalised type
// schemes hold `gen` placeholders instead of variables and are immutable, so they can be
// cached with an item's analysis and shared between analyses.

export type PrimName = 'int' | 'float' | 'bool' | 'str' | 'char' | 'unit' | 'never';

export interface PrimType {
  readonly k: 'prim';
  readonly p: PrimName;
  /** How it prints: `i64`, `i32`, `f64`, `String`, `()`... (all integer types unify). */
  readonly name: string;
}

export interface ArrayType {
  readonly k: 'array';
  readonly elem: Type;
}

export interface TupleType {
  readonly k: 'tuple';
  readonly elems: readonly Type[];
}

export interface FnType {
  readonly k: 'fn';
  readonly params: readonly Type[];
  readonly ret: Type;
  /** Arguments that must be given (the rest have defaults). */
  readonly min: number;
  /** Accepts any number of further arguments (builtins such as `println`). */
  readonly variadic: boolean;
}

export type NamedKind = 'struct' | 'enum' | 'trait' | 'actor' | 'builtin';

/** A nominal type: a user struct/enum/actor (key = global key) or a builtin (`Option`, `Result`, `HashMap`...). */
export interface NamedType {
  readonly k: 'named';
  readonly key: string;
  readonly name: string;
  readonly kind: NamedKind;
  readonly args: readonly Type[];
}

/** An object literal `{ name: "x", age: 3 }` (objects double as maps at run time). */
export interface ObjectType {
  readonly k: 'object';
  readonly fields: ReadonlyMap<string, Type>;
}

export interface TypeVar {
  readonly k: 'var';
  readonly id: number;
  ref: Type | null;
  level: number;
  /** A declared type parameter inside its own declaration: unifies only with itself. */
  readonly rigid: string | null;
}

/** A quantified variable of a scheme. */
export interface GenType {
  readonly k: 'gen';
  readonly i: number;
}

export interface DynType {
  readonly k: 'dyn';
}

/** The value of a module name (`math` in `math.add(1, 2)`). */
export interface ModuleType {
  readonly k: 'module';
  readonly key: string;
}

export type Type = PrimType | ArrayType | TupleType | FnType | NamedType | ObjectType | TypeVar | GenType | DynType | ModuleType;

export interface Scheme {
  /** Number of quantified variables (`gen` 0..n-1). */
  readonly n: number;
  /** Display names of the quantified variables (declared type parameter names, or T, U...). */
  readonly names: readonly string[];
  readonly t: Type;
}

// ---------------------------------------------------------------- constructors

function prim(p: PrimName, name: string): PrimType {
  return { k: 'prim', p, name };
}

export const INT = prim('int', 'i64');
export const FLOAT = prim('float', 'f64');
export const BOOL = prim('bool', 'bool');
export const STRING = prim('str', 'String');
export const CHAR = prim('char', 'char');
export const UNIT = prim('unit', '()');
export const NEVER = prim('never', '!');
export const DYN: DynType = { k: 'dyn' };

const INT_NAMES = ['i8', 'i16', 'i32', 'i64', 'i128', 'isize', 'u8', 'u16', 'u32', 'u64', 'u128', 'usize'];
const intTypes = new Map<string, PrimType>(INT_NAMES.map((n) => [n, n === 'i64' ? INT : prim('int', n)]));
const F32 = prim('float', 'f32');

/** The primitive named by a type name (`i32`, `f64`, `bool`, `String`, `str`, `char`), or null. */
export function primByName(name: string): PrimType | null {
  const int = intTypes.get(name);
  if (int !== undefined) return int;
  switch (name) {
    case 'f64':
      return FLOAT;
    case 'f32':
      return F32;
    case 'bool':
      return BOOL;
    case 'String':
    case 'str':
      return STRING;
    case 'char':
      return CHAR;
    default:
      return null;
  }
}

export function isIntTypeName(name: string): boolean {
  return intTypes.has(name);
}

export function arrayOf(elem: Type): ArrayType {
  return { k: 'array', elem };
}

export function tupleOf(elems: readonly Type[]): Type {
  return elems.length === 0 ? UNIT : { k: 'tuple', elems };
}

export function fnOf(params: readonly Type[], ret: Type, min = params.length, variadic = false): FnType {
  return { k: 'fn', params, ret, min, variadic };
}

export function named(key: string, name: string, kind: NamedKind, args: readonly Type[] = []): NamedType {
  return { k: 'named', key, name, kind, args };
}

export function optionOf(t: Type): NamedType {
  return named('Option', 'Option', 'builtin', [t]);
}

export function resultOf(t: Type, e: Type): NamedType {
  return named('Result', 'Result', 'builtin', [t, e]);
}

export function rangeOf(t: Type): NamedType {
  return named('Range', 'Range', 'builtin', [t]);
}

export function mapOf(k: Type, v: Type): NamedType {
  return named('HashMap', 'HashMap', 'builtin', [k, v]);
}

export function setOf(t: Type): NamedType {
  return named('HashSet', 'HashSet', 'builtin', [t]);
}

export function objectOf(fields: ReadonlyMap<string, Type>): ObjectType {
  return { k: 'object', fields };
}

export function moduleOf(key: string): ModuleType {
  return { k: 'module', key };
}

const genCache: GenType[] = [];
export function gen(i: number): GenType {
  return (genCache[i] ??= { k: 'gen', i });
}

let nextVarId = 1;
export function freshVar(level: number, rigid: string | null = null): TypeVar {
  return { k: 'var', id: nextVarId++, ref: null, level, rigid };
}

export function monoScheme(t: Type): Scheme {
  return { n: 0, names: [], t };
}

// ---------------------------------------------------------------- inspection

/** Follows bound variables to the representative type. */
export function resolve(t: Type): Type {
  while (t.k === 'var' && t.ref !== null) t = t.ref;
  return t;
}

export function isDyn(t: Type): boolean {
  return resolve(t).k === 'dyn';
}

export function isPrim(t: Type, p: PrimName): boolean {
  const r = resolve(t);
  return r.k === 'prim' && r.p === p;
}

export function isNumeric(t: Type): boolean {
  const r = resolve(t);
  return r.k === 'prim' && (r.p === 'int' || r.p === 'float');
}

/** A type with no variables, generics or `dyn` anywhere: known exactly. */
export function isGround(t: Type): boolean {
  const r = resolve(t);
  switch (r.k) {
    case 'prim':
    case 'module':
      return true;
    case 'array':
      return isGround(r.elem);
    case 'tuple':
      return r.elems.every(isGround);
    case 'fn':
      return r.params.every(isGround) && isGround(r.ret);
    case 'named':
      return r.args.every(isGround);
    case 'object':
      for (const f of r.fields.values()) if (!isGround(f)) return false;
      return true;
    default:
      return false;
  }
}

/** Replaces bound variables by what they stand for (a snapshot; unbound variables stay). */
export function zonk(t: Type): Type {
  const r = resolve(t);
  switch (r.k) {
    case 'array': {
      const e = zonk(r.elem);
      return e === r.elem ? r : arrayOf(e);
    }
    case 'tuple':
      return { k: 'tuple', elems: r.elems.map(zonk) };
    case 'fn':
      return fnOf(r.params.map(zonk), zonk(r.ret), r.min, r.variadic);
    case 'named':
      return r.args.length === 0 ? r : named(r.key, r.name, r.kind, r.args.map(zonk));
    case 'object': {
      const fields = new Map<string, Type>();
      for (const [k, v] of r.fields) fields.set(k, zonk(v));
      return objectOf(fields);
    }
    default:
      return r;
  }
}

// ---------------------------------------------------------------- schemes

/**
 * Quantifies the unbound variables of `t` whose level is above `level` (and the rigid
 * variables of declared type parameters). With `close` (schemes exported from an item),
 * unbound variables that cannot be generalised become `dyn`, so that the scheme never
 * refers to mutable state; without it (a local `let`), they stay shared with the outer scope.
 */
export function generalize(t: Type, level: number, close = true): Scheme {
  const map = new Map<number, GenType>();
  const names: string[] = [];
  const go = (x: Type): Type => {
    const r = resolve(x);
    switch (r.k) {
      case 'var': {
        if (r.level <= level) {
          if (!close) return r;
          if (r.rigid === null) return DYN;
        }
        let g = map.get(r.id);
        if (g === undefined) {
          g = gen(map.size);
          map.set(r.id, g);
          names.push(r.rigid ?? '');
        }
        return g;
      }
      case 'array':
        return arrayOf(go(r.elem));
      case 'tuple':
        return { k: 'tuple', elems: r.elems.map(go) };
      case 'fn':
        return fnOf(r.params.map(go), go(r.ret), r.min, r.variadic);
      case 'named':
        return r.args.length === 0 ? r : named(r.key, r.name, r.kind, r.args.map(go));
      case 'object': {
        const fields = new Map<string, Type>();
        for (const [k, v] of r.fields) fields.set(k, go(v));
        return objectOf(fields);
      }
      default:
        return r;
    }
  };
  const body = go(t);
  return { n: map.size, names: nameGenerics(names), t: body };
}

/** Fills anonymous generic names with T, U, V, W, T1... avoiding declared names. */
function nameGenerics(names: string[]): string[] {
  const taken = new Set(names.filter((n) => n !== ''));
  const pool = ['T', 'U', 'V', 'W', 'X', 'Y', 'Z'];
  let next = 0;
  let suffix = 0;
  return names.map((n) => {
    if (n !== '') return n;
    for (;;) {
      const candidate = suffix === 0 ? pool[next] : `${pool[next]}${suffix}`;
      next++;
      if (next === pool.length) {
        next = 0;
        suffix++;
      }
      if (!taken.has(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
  });
}

/** A fresh copy of a scheme's type with new variables at `level`. */
export function instantiate(s: Scheme, level: number): Type {
  if (s.n === 0) return s.t;
  const vars: TypeVar[] = [];
  for (let i = 0; i < s.n; i++) vars.push(freshVar(level));
  return substGen(s.t, vars);
}

/** Replaces `gen i` by `args[i]` (missing arguments become `dyn`). */
export function substGen(t: Type, args: readonly Type[]): Type {
  switch (t.k) {
    case 'gen':
      return args[t.i] ?? DYN;
    case 'array':
      return arrayOf(substGen(t.elem, args));
    case 'tuple':
      return { k: 'tuple', elems: t.elems.map((e) => substGen(e, args)) };
    case 'fn':
      return fnOf(t.params.map((p) => substGen(p, args)), substGen(t.ret, args), t.min, t.variadic);
    case 'named':
      return t.args.length === 0 ? t : named(t.key, t.name, t.kind, t.args.map((a) => substGen(a, args)));
    case 'object': {
      const fields = new Map<string, Type>();
      for (const [k, v] of t.fields) fields.set(k, substGen(v, args));
      return objectOf(fields);
    }
    case 'var':
      return t.ref === null ? t : substGen(t.ref, args);
    default:
      return t;
  }
}

// ---------------------------------------------------------------- printing

export interface RenderOptions {
  /** Names of `gen` placeholders. */
  generics?: readonly string[];
  /** How an unbound variable prints (default `_`). */
  unknown?: string;
}

/** The type as Ruchy would write it: `i64`, `[String]`, `(i64, bool)`, `fun(i64) -> bool`, `Option<T>`. */
export function renderType(t: Type, options: RenderOptions = {}): string {
  const r = resolve(t);
  switch (r.k) {
    case 'prim':
      return r.name;
    case 'array':
      return `[${renderType(r.elem, options)}]`;
    case 'tuple':
      return `(${r.elems.map((e) => renderType(e, options)).join(', ')}${r.elems.length === 1 ? ',' : ''})`;
    case 'fn': {
      const params = r.params.map((p) => renderType(p, options));
      if (r.variadic) params.push('...');
      return `fun(${params.join(', ')}) -> ${renderType(r.ret, options)}`;
    }
    case 'named':
      return r.args.length === 0 ? r.name : `${r.name}<${r.args.map((a) => renderType(a, options)).join(', ')}>`;
    case 'object': {
      if (r.fields.size === 0) return '{}';
      const parts: string[] = [];
      for (const [k, v] of r.fields) parts.push(`${k}: ${renderType(v, options)}`);
      return `{ ${parts.join(', ')} }`;
    }
    case 'var':
      return r.rigid ?? options.unknown ?? '_';
    case 'gen':
      return options.generics?.[r.i] ?? `T${r.i}`;
    case 'dyn':
      return 'any';
    case 'module':
      return `module ${r.key.slice(r.key.lastIndexOf('::') + 2) || r.key}`;
  }
}

export function renderScheme(s: Scheme): string {
  return renderType(s.t, { generics: s.names });
}

/** Whether a type is worth showing as an inlay hint: fully known, no `any` and no `_`. */
export function isPrecise(t: Type): boolean {
  const r = resolve(t);
  switch (r.k) {
    case 'prim':
      return r.p !== 'never';
    case 'array':
      return isPrecise(r.elem);
    case 'tuple':
      return r.elems.every(isPrecise);
    case 'fn':
      return r.params.every(isPrecise) && isPrecise(r.ret);
    case 'named':
      return r.args.every(isPrecise);
    case 'object':
      for (const f of r.fields.values()) if (!isPrecise(f)) return false;
      return true;
    case 'gen':
      return true;
    default:
      return false;
  }
}
