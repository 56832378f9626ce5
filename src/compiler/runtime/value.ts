// The run-time representation of Ruchy values in compiled JavaScript, and the error type
// that every run-time failure uses.
//
// REPRESENTATION (exact and fast; integers and floats stay distinguishable):
//
//   Ruchy value            JavaScript value
//   ---------------------  -----------------------------------------------------------
//   i64 in [-(2^53-1), 2^53-1]   a JS number that is an integer (never -0)
//   i64 beyond that range        a bigint (always outside the safe range: canonical form)
//   f64, not integral            a JS number that is not an integer (1.5, NaN, +-Infinity)
//   f64, integral (2.0, -0.0,    an RFloat box { v } (the only boxed numbers)
//     1e21, ...)
//   bool                         a JS boolean
//   String, char                 a JS string (a char is a one-character string)
//   nil / unit                   undefined
//   array                        a JS array
//   tuple                        RTuple { v: array }
//   object literal, HashMap      RMap (a JS Map inside; keys are strings or scalars)
//   struct                       an object whose prototype is the struct's prototype
//                                (RStruct chain); fields are own properties
//   enum value (Some, Err, ...)  REnum { tn: enum name, n: variant, v: payload | null, f }
//   range                        RRange
//   closure / function           a JS function
//
// Why: the overwhelmingly common values, integers that fit in 53 bits and non-integral
// floats, are plain JS numbers, so the hot paths (`i + 1`, `a[i] * b[j]`, `i < n`) need
// no allocation: a number is an integer exactly when Number.isInteger says so. After an
// integer + - * the result is checked with Number.isSafeInteger: a safe result of safe
// operands is exact (the rounded result of an inexact operation is never a safe integer),
// anything else is redone in BigInt and checked against the i64 range (overflow is an
// error, as in Ruchy), so products such as 1103515245 * 2147483647 stay exact. Only the
// floats whose value happens to be integral need a box, to keep `2.0` printing as `2.0`
// and `7.0 / 2` being 3.5; every float-producing operation boxes through `mkFloat`.

/** A float whose value is integral (2.0, -0.0, 1e21). Other floats are plain numbers. */
export class RFloat {
  constructor(readonly v: number) {}
}

/** Wraps a float result: integral values are boxed so that they stay floats. */
export function mkFloat(x: number): number | RFloat {
  return Number.isInteger(x) ? new RFloat(x) : x;
}

export class RTuple {
  constructor(readonly v: unknown[]) {}
}

export class RRange {
  constructor(
    readonly start: unknown,
    readonly end: unknown,
    readonly inclusive: boolean,
  ) {}
}

/** Object literals and HashMaps. Keys are strings (objects) or any scalar (maps). */
export class RMap {
  readonly m: Map<unknown, unknown>;
  constructor(entries?: Iterable<readonly [unknown, unknown]>) {
    this.m = new Map(entries);
  }
}

/** A set (HashSet). */
export class RSet {
  readonly s: Set<unknown>;
  constructor(values?: Iterable<unknown>) {
    this.s = new Set(values);
  }
}

export type Method = (self: any, ...args: any[]) => unknown;

/** What a struct or enum declaration creates: its name, fields and methods. */
export interface TypeInfo {
  readonly name: string;
  readonly kind: 'struct' | 'enum' | 'builtin';
  /** Declared fields of a struct, in declaration order. */
  readonly fields: readonly string[];
  /** Struct field defaults (thunks), by field name. */
  readonly defaults: Record<string, () => unknown>;
  /** Methods and associated functions (impl blocks, traits), by name. */
  readonly methods: Record<string, Method>;
  /** The prototype of this struct's values. */
  readonly proto: object;
  readonly tuple: boolean;
}

/** The base of every struct value's prototype chain (for `instanceof`). */
export class RStruct {
  declare readonly $T: TypeInfo;
}

/** Method tables of the program's enums, by enum name (enum values carry only the name). */
export const enumMethodTables = new Map<string, Record<string, Method>>();

export class REnum {
  constructor(
    /** The enum's name (`Option`, `Shape`). */
    readonly tn: string,
    /** The variant's name (`Some`, `Circle`). */
    readonly n: string,
    /** Tuple payload, or null for unit and struct variants. */
    readonly v: unknown[] | null,
    /** Struct-variant fields (a null-prototype object), or null. */
    readonly f: Record<string, unknown> | null,
  ) {}
}

export const NONE = new REnum('Option', 'None', null, null);

export function Some(x: unknown): REnum {
  return new REnum('Option', 'Some', [x], null);
}
export function Ok(x: unknown): REnum {
  return new REnum('Result', 'Ok', [x], null);
}
export function Err(x: unknown): REnum {
  return new REnum('Result', 'Err', [x], null);
}

/**
 * Every failure of a running program: `message` is what `Error: <message>` shows.
 * `value` is the thrown Ruchy value for `throw`, the message string otherwise.
 */
export class RuchyError extends Error {
  constructor(
    message: string,
    readonly value: unknown = message,
  ) {
    super(message);
    this.name = 'RuchyError';
  }
}

export function fail(message: string): never {
  throw new RuchyError(message);
}

export const hasOwn = Object.prototype.hasOwnProperty;

/** A short name of the value's type, for error messages. */
export function typeName(x: unknown): string {
  switch (typeof x) {
    case 'number':
      return Number.isInteger(x) ? 'integer' : 'float';
    case 'bigint':
      return 'integer';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'undefined':
      return 'nil';
    case 'function':
      return 'function';
  }
  if (x instanceof RFloat) return 'float';
  if (Array.isArray(x)) return 'array';
  if (x instanceof RTuple) return 'tuple';
  if (x instanceof RMap) return 'object';
  if (x instanceof RSet) return 'set';
  if (x instanceof RStruct) return x.$T.name;
  if (x instanceof REnum) return x.tn;
  if (x instanceof RRange) return 'range';
  return 'value';
}

export function isInt(x: unknown): boolean {
  return typeof x === 'bigint' || (typeof x === 'number' && Number.isInteger(x));
}

export function isFloat(x: unknown): boolean {
  return x instanceof RFloat || (typeof x === 'number' && !Number.isInteger(x));
}

/** The f64 value of an int or float (ints convert as Rust's `as f64`). */
export function toF64(x: unknown): number {
  if (typeof x === 'number') return x;
  if (x instanceof RFloat) return x.v;
  if (typeof x === 'bigint') return Number(x);
  return fail(`Expected a number, found ${typeName(x)}`);
}
