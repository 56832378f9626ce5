// The operations compiled code calls besides arithmetic: printing, building tuples, maps,
// structs and enum values, fields and indexing, iteration, ranges, `?`, throw/catch,
// casts, and the program entry `run` that turns an escaping error into
// `Error: <message>` on stderr and exit status 1.

import { debug, display, fdisplay, formatPlaceholders, formatSpec } from './display.js';
import { host } from './host.js';
import { refuseInternal, refusalFor, refuse } from './refusals.js';
import { eq, intPow, normInt } from './ops.js';
import {
  enumMethodTables, Err, fail, hasOwn, mkFloat, NONE, Ok, REnum, RFloat, RMap, RRange, RSet, RStruct, RTuple, RuchyError, Some,
  toF64, typeName, type Method, type TypeInfo,
} from './value.js';

// ------------------------------------------------------------------ printing

/** `println(a, b, ...)`: `{}` substitution when the first argument is a string containing `{}`, else joined by spaces. */
export function formatPrintArgs(args: readonly unknown[]): string {
  if (args.length === 0) return '';
  const first = args[0];
  if (args.length === 1) return display(first);
  if (typeof first === 'string' && first.includes('{}')) {
    let result = first;
    for (let i = 1; i < args.length; i++) {
      const at = result.indexOf('{}');
      if (at < 0) continue;
      result = result.slice(0, at) + display(args[i]) + result.slice(at + 2);
    }
    return result;
  }
  let out = display(first);
  for (let i = 1; i < args.length; i++) out += ' ' + display(args[i]);
  return out;
}

export function println(...args: unknown[]): void {
  host().out(formatPrintArgs(args) + '\n');
}
/** `println(s)` with one string argument (its display form is itself). */
export function printlnStr(s: string): void {
  host().out(s + '\n');
}
export function printStr(s: string): void {
  host().out(s);
}
export function print(...args: unknown[]): void {
  host().out(formatPrintArgs(args));
}
export function eprintln(...args: unknown[]): void {
  host().err(formatPrintArgs(args) + '\n');
}
export function eprint(...args: unknown[]): void {
  host().err(formatPrintArgs(args));
}

/** `format!(fmt, args...)`, and the several-argument forms of `println!`/`print!`. */
export function format(fmt: unknown, ...args: unknown[]): string {
  if (args.length === 0) return display(fmt);
  return formatPlaceholders(typeof fmt === 'string' ? fmt : display(fmt), args);
}
export function printlnMacro(...args: unknown[]): void {
  host().out((args.length === 0 ? '' : format(args[0], ...args.slice(1))) + '\n');
}
export function printMacro(...args: unknown[]): void {
  host().out(args.length === 0 ? '' : format(args[0], ...args.slice(1)));
}
export function eprintlnMacro(...args: unknown[]): void {
  host().err((args.length === 0 ? '' : format(args[0], ...args.slice(1))) + '\n');
}

/** One f-string interpolation. */
export function fstr(x: unknown): string {
  return typeof x === 'string' ? x : fdisplay(x);
}
export function fspec(x: unknown, spec: string): string {
  return formatSpec(x, spec);
}

// ------------------------------------------------------------------ program entry

/** Runs the compiled program; returns its exit status (0, or 1 after printing the error). */
export function run(body: () => void): number {
  const h = host();
  try {
    body();
    h.flush();
    return 0;
  } catch (error) {
    h.flush();
    const message = errorMessage(error);
    const stack = jsError(error) !== null ? String((error as { stack?: unknown }).stack ?? '') : '';
    const where = stack === '' ? null : h.locate(stack);
    h.err(`Error: ${message}\n` + (where === null ? '' : `  --> ${where}\n`));
    return 1;
  }
}

/** Errors may come from another realm (the sandbox's vm context): recognise them by shape. */
function jsError(error: unknown): { name: string; message: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return typeof name === 'string' && typeof message === 'string' ? { name, message } : null;
}

export function errorMessage(error: unknown): string {
  if (error instanceof RuchyError) return error.message;
  const e = jsError(error);
  if (e !== null && e.name === 'RangeError' && /call stack/i.test(e.message)) return 'Stack overflow';
  if (e !== null) return e.message;
  return display(error);
}

// ------------------------------------------------------------------ errors and control

export class ThrowSignal extends RuchyError {}

/** `throw v` */
export function throwValue(v: unknown): never {
  throw new ThrowSignal(`Uncaught exception: ${debug(v)}`, v);
}

/** The value a `catch (e)` binds: the thrown value, or the message of a run-time error. */
export function caught(error: unknown): unknown {
  if (error instanceof RuchyError) return error.value;
  return errorMessage(error);
}

export function panic(...args: unknown[]): never {
  const message = args.length === 0 ? 'explicit panic' : format(args[0], ...args.slice(1));
  throw new RuchyError(message);
}

export function unsupported(what: string): never {
  throw new RuchyError(`not supported by the compiler yet: ${what}`);
}

export function noMatch(value: unknown): never {
  throw new RuchyError(`No match arm matched the value ${debug(value)}`);
}

export function undefinedName(name: string): never {
  const refusal = refusalFor(name);
  if (refusal !== null) return refuse(refusal);
  throw new RuchyError(`Undefined variable: ${name}`);
}

export function assert(cond: unknown, ...message: unknown[]): void {
  if (cond !== true) {
    throw new RuchyError(message.length > 0 ? format(message[0], ...message.slice(1)) : 'Assertion failed');
  }
}

export function assertEq(a: unknown, b: unknown, ...message: unknown[]): void {
  if (!eq(a, b)) {
    const detail = `Assertion failed: left: ${debug(a)}, right: ${debug(b)}`;
    throw new RuchyError(message.length > 0 ? `${detail}: ${format(message[0], ...message.slice(1))}` : detail);
  }
}

export function assertNe(a: unknown, b: unknown): void {
  if (eq(a, b)) throw new RuchyError(`Assertion failed: values are equal: ${debug(a)}`);
}

/** `x?` in a function: the value to return early (None / Err), or null to continue. */
export function tryShort(x: unknown): REnum | null {
  if (x instanceof REnum) {
    if (x.n === 'None' || x.n === 'Err') return x;
    if (x.n === 'Some' || x.n === 'Ok') return null;
  }
  return fail(`The ? operator needs an Option or a Result, found ${typeName(x)}`);
}

export function tryValue(x: REnum): unknown {
  return x.v === null ? undefined : x.v[0];
}

// ------------------------------------------------------------------ construction

export { Some, Ok, Err, NONE, mkFloat };

export function tuple(...items: unknown[]): RTuple {
  return new RTuple(items);
}

/** `{ a: 1, b: 2 }` from a flat key/value list. */
export function obj(...kv: unknown[]): RMap {
  const m = new RMap();
  for (let i = 0; i < kv.length; i += 2) m.m.set(kv[i], kv[i + 1]);
  return m;
}

export function range(start: unknown, end: unknown, inclusive: boolean): RRange {
  return new RRange(start, end, inclusive);
}

/** `[v; n]` */
export function repeatArray(v: unknown, n: unknown): unknown[] {
  const count = Number(n);
  if (!Number.isInteger(count) || count < 0) fail(`Array repeat count must be a non-negative integer, found ${display(n)}`);
  const out = new Array(count);
  for (let i = 0; i < count; i++) out[i] = Array.isArray(v) ? v.slice() : v;
  return out;
}

/** Declares a struct: its fields (in order), field defaults, and the prototype of its values. */
export function defStruct(name: string, fields: string[], defaults: Record<string, () => unknown>, tuple = false): TypeInfo {
  const info: TypeInfo = { name, kind: 'struct', fields, defaults, methods: Object.create(null), proto: null as never, tuple };
  const proto = Object.create(RStruct.prototype, { $T: { value: info } });
  (info as { proto: object }).proto = proto;
  return info;
}

export function defEnum(name: string): TypeInfo {
  const info: TypeInfo = { name, kind: 'enum', fields: [], defaults: {}, methods: Object.create(null), proto: Object.prototype, tuple: false };
  enumMethodTables.set(name, info.methods);
  return info;
}

/** Builds a struct value from the given fields, filling defaults. */
export function mkStruct(t: TypeInfo, given: Record<string, unknown>): RStruct {
  const value = Object.create(t.proto);
  for (const f of t.fields) {
    if (hasOwn.call(given, f)) value[f] = given[f];
    else if (hasOwn.call(t.defaults, f)) value[f] = t.defaults[f]();
    else fail(`Missing field '${f}' in initializer of ${t.name}`);
  }
  if (hasOwn.call(given, '__proto__') || hasOwn.call(t.defaults, '__proto__')) ownProto(value, given, t);
  for (const k of Object.keys(given)) if (!t.fields.includes(k)) fail(`Struct ${t.name} has no field '${k}'`);
  return value;
}

/**
 * A field named `__proto__`: `value[f] = v` above went to the inherited accessor and
 * replaced the struct's prototype; put the prototype back and make the field an own property.
 */
function ownProto(value: object, given: Record<string, unknown>, t: TypeInfo): void {
  Object.setPrototypeOf(value, t.proto);
  const v = hasOwn.call(given, '__proto__') ? given.__proto__ : t.defaults.__proto__();
  Object.defineProperty(value, '__proto__', { value: v, writable: true, enumerable: true, configurable: true });
}

/** `Point { x: 1, ..base }` */
export function updateStruct(t: TypeInfo, base: unknown, given: Record<string, unknown>): RStruct {
  if (!(base instanceof RStruct)) fail(`Struct update needs a ${t.name} value, found ${typeName(base)}`);
  const merged: Record<string, unknown> = Object.create(null);
  for (const f of t.fields) merged[f] = hasOwn.call(given, f) ? given[f] : (base as any)[f];
  return mkStruct(t, merged);
}

export function mkTupleStruct(t: TypeInfo, values: unknown[]): RStruct {
  const value = Object.create(t.proto);
  for (let i = 0; i < t.fields.length; i++) value[t.fields[i]] = values[i];
  return value;
}

/** Unit and tuple variants (`Color::Red`, `Shape::Circle(1.0)`). */
export function variant(t: TypeInfo | string, name: string, values: unknown[] | null): REnum {
  return new REnum(typeof t === 'string' ? t : t.name, name, values, null);
}

export function variantStruct(t: TypeInfo | string, name: string, fields: Record<string, unknown>): REnum {
  const f: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(fields)) f[k] = fields[k];
  return new REnum(typeof t === 'string' ? t : t.name, name, null, f);
}

/** Adds methods (impl blocks, trait impls) to a struct or enum. */
export function impl(t: TypeInfo, methods: Record<string, Method>): void {
  for (const k of Object.keys(methods)) t.methods[k] = methods[k];
}

/** Methods attached to built-in types by `impl Trait for i32` etc. */
export const builtinImpls = new Map<string, Record<string, Method>>();

export function implBuiltin(typeName: string, methods: Record<string, Method>): void {
  const table = builtinImpls.get(typeName) ?? Object.create(null);
  for (const k of Object.keys(methods)) table[k] = methods[k];
  builtinImpls.set(typeName, table);
}

// ------------------------------------------------------------------ access

export function isStructOf(x: unknown, t: TypeInfo): boolean {
  return x instanceof RStruct && x.$T === t;
}

export function isVariant(x: unknown, enumName: string | null, name: string): boolean {
  return x instanceof REnum && x.n === name && (enumName === null || x.tn === enumName);
}

export function isTuple(x: unknown, n: number): boolean {
  return x instanceof RTuple && x.v.length === n;
}

export function isTupleMin(x: unknown, n: number): boolean {
  return x instanceof RTuple && x.v.length >= n;
}

export function isArray(x: unknown): x is unknown[] {
  return Array.isArray(x);
}

/** Range patterns: `lo..=hi` on numbers and strings (chars). */
export function inRange(x: unknown, lo: unknown, hi: unknown, inclusive: boolean): boolean {
  if (typeof x === 'string' && typeof lo === 'string' && typeof hi === 'string') {
    return x >= lo && (inclusive ? x <= hi : x < hi);
  }
  if (!(typeof x === 'number' || typeof x === 'bigint' || x instanceof RFloat)) return false;
  const v = x instanceof RFloat ? x.v : x;
  const l = lo instanceof RFloat ? lo.v : lo;
  const h = hi instanceof RFloat ? hi.v : hi;
  return (l === undefined || (l as number) <= v) && (h === undefined || (inclusive ? v <= (h as number) : v < (h as number)));
}

/** `x.name` */
export function field(o: any, k: string): unknown {
  if (o instanceof RStruct) {
    if (hasOwn.call(o, k)) return (o as any)[k];
  } else if (o instanceof RMap) {
    if (o.m.has(k)) return o.m.get(k);
  } else if (o instanceof RTuple) {
    const i = Number(k);
    if (Number.isInteger(i) && i >= 0 && i < o.v.length) return o.v[i];
  } else if (o instanceof REnum && o.f !== null) {
    if (hasOwn.call(o.f, k)) return o.f[k];
  } else if (o instanceof RRange) {
    if (k === 'start') return o.start;
    if (k === 'end') return o.end;
  }
  refuseInternal(k, 'field');
  return fail(`Cannot access field '${k}' on ${typeName(o)}`);
}

/** `x.name = v` */
export function setField(o: any, k: string, v: unknown): void {
  if (o instanceof RStruct) {
    if (hasOwn.call(o, k)) {
      (o as any)[k] = v;
      return;
    }
  } else if (o instanceof RMap) {
    o.m.set(k, v);
    return;
  } else if (o instanceof RTuple) {
    const i = Number(k);
    if (Number.isInteger(i) && i >= 0 && i < o.v.length) {
      o.v[i] = v;
      return;
    }
  } else if (o instanceof REnum && o.f !== null && hasOwn.call(o.f, k)) {
    o.f[k] = v;
    return;
  }
  refuseInternal(k, 'field');
  fail(`Cannot assign field '${k}' on ${typeName(o)}`);
}

/** `a[i]` */
export function index(a: any, i: any): unknown {
  if (Array.isArray(a) && typeof i === 'number' && i >= 0 && i < a.length) return a[i];
  return indexSlow(a, i);
}

function indexSlow(a: any, i: any): unknown {
  if (i instanceof RRange) return slice(a, i);
  if (!(a instanceof RMap)) refuseInternal(i, 'key');
  if (Array.isArray(a) || typeof a === 'string' || a instanceof RTuple) {
    const items = typeof a === 'string' ? Array.from(a) : Array.isArray(a) ? a : a.v;
    if (typeof i === 'number' && Number.isInteger(i)) {
      const k = i < 0 ? items.length + i : i;
      if (k >= 0 && k < items.length) return items[k];
      return fail(`Index out of bounds: index ${i}, length ${items.length}`);
    }
    return fail(`Cannot index ${typeName(a)} with ${typeName(i)}`);
  }
  if (a instanceof RMap) {
    if (a.m.has(i)) return a.m.get(i);
    return fail(`Key not found: ${debug(i)}`);
  }
  return fail(`Cannot index ${typeName(a)}`);
}

function slice(a: any, r: RRange): unknown {
  const items: unknown[] | null = Array.isArray(a) ? a : typeof a === 'string' ? Array.from(a) : null;
  if (items === null) return fail(`Cannot slice ${typeName(a)}`);
  const start = r.start === undefined ? 0 : Number(r.start);
  let end = r.end === undefined ? items.length : Number(r.end);
  if (r.inclusive) end += 1;
  if (start < 0 || end > items.length || start > end) {
    return fail(`Slice index out of bounds: ${start}..${end}, length ${items.length}`);
  }
  const part = items.slice(start, end);
  return typeof a === 'string' ? part.join('') : part;
}

/** `a[i] = v` */
export function setIndex(a: any, i: any, v: unknown): void {
  if (Array.isArray(a) && typeof i === 'number' && i >= 0 && i < a.length) {
    a[i] = v;
    return;
  }
  if (Array.isArray(a) && typeof i === 'number' && Number.isInteger(i)) {
    const k = i < 0 ? a.length + i : i;
    if (k >= 0 && k < a.length) {
      a[k] = v;
      return;
    }
    fail(`Index out of bounds: index ${i}, length ${a.length}`);
  }
  if (a instanceof RMap) {
    a.m.set(i, v);
    return;
  }
  if (a instanceof RTuple && typeof i === 'number' && i >= 0 && i < a.v.length) {
    a.v[i] = v;
    return;
  }
  refuseInternal(i, 'key');
  fail(`Cannot assign to an index of ${typeName(a)}`);
}

// ------------------------------------------------------------------ iteration

/** The start of a `for` over an integer range literal (a plain number). */
export function rangeStart(x: unknown): number {
  if (typeof x === 'number' && Number.isInteger(x)) return x;
  if (typeof x === 'bigint') return fail('Range bounds beyond 2^53 are not supported');
  return fail(`Range bounds must be integers, found ${typeName(x)}`);
}

/** What `for x in v` iterates. */
export function iter(v: unknown): Iterable<unknown> {
  if (Array.isArray(v)) return v;
  if (v instanceof RRange) return rangeItems(v);
  if (typeof v === 'string') return Array.from(v);
  if (v instanceof RMap) return [...v.m].map(([k, x]) => new RTuple([k, x]));
  if (v instanceof RSet) return [...v.s];
  if (v instanceof RTuple) return v.v;
  if (v instanceof REnum && v.tn === 'Option') return v.v ?? [];
  return fail(`Cannot iterate over ${typeName(v)}`);
}

function* rangeItems(r: RRange): Generator<unknown> {
  if (typeof r.start === 'string' && typeof r.end === 'string') {
    const a = r.start.codePointAt(0)!;
    const b = r.end.codePointAt(0)!;
    for (let c = a; r.inclusive ? c <= b : c < b; c++) yield String.fromCodePoint(c);
    return;
  }
  const start = rangeStart(r.start);
  if (r.end === undefined) {
    for (let i = start; ; i++) yield i;
  }
  const end = rangeStart(r.end);
  if (r.inclusive) for (let i = start; i <= end; i++) yield i;
  else for (let i = start; i < end; i++) yield i;
}

/** An array of a range's items (for methods such as `(0..5).map(f)`). */
export function rangeToArray(r: RRange): unknown[] {
  if (r.end === undefined) return fail('Cannot collect an unbounded range');
  return [...rangeItems(r)];
}

// ------------------------------------------------------------------ casts and conversions

/** `x as T` */
export function cast(x: unknown, type: string): unknown {
  switch (type) {
    case 'f64':
    case 'f32':
    case 'float':
      if (typeof x === 'boolean') return new RFloat(x ? 1 : 0);
      return mkFloat(toF64(x) + 0);
    case 'i8': case 'i16': case 'i32': case 'i64': case 'i128': case 'isize':
    case 'u8': case 'u16': case 'u32': case 'u64': case 'u128': case 'usize': case 'int':
      return toInt(x);
    case 'bool':
      return x !== false && x !== 0 && x !== undefined;
    case 'String': case 'str': case 'string':
      return display(x);
    case 'char':
      if (typeof x === 'number') return String.fromCodePoint(x);
      return x;
    default:
      return x;
  }
}

export function toInt(x: unknown): number | bigint {
  if (typeof x === 'number') {
    if (Number.isInteger(x)) return x + 0;
    if (Number.isNaN(x)) return 0;
    return saturate(Math.trunc(x));
  }
  if (typeof x === 'bigint') return x;
  if (x instanceof RFloat) return saturate(x.v);
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'string' && x.length > 0) return x.codePointAt(0)!;
  return fail(`Cannot convert ${typeName(x)} to an integer`);
}

/** Rust's float-to-int `as`: truncation, saturating at the i64 bounds. */
function saturate(v: number): number | bigint {
  if (v >= 9223372036854775807) return 9223372036854775807n;
  if (v <= -9223372036854775808) return -9223372036854775808n;
  if (Number.isSafeInteger(v)) return v + 0;
  return normInt(BigInt(v));
}

/** `"42".parse()` / `parse::<f64>()`: an int when the text is an integer, else a float. */
export function parseNumber(s: string, type: string | null): unknown {
  const t = s.trim();
  if (type !== null && /^[fF]/.test(type)) {
    const v = Number(t);
    if (t === '' || Number.isNaN(v) && t !== 'NaN') return Err(`invalid float literal`);
    return Ok(mkFloat(v));
  }
  if (/^[+-]?\d+$/.test(t)) {
    const b = BigInt(t);
    if (b > 9223372036854775807n || b < -9223372036854775808n) return Err('number too large to fit in target type');
    return Ok(normInt(b));
  }
  if (type === null && t !== '' && !Number.isNaN(Number(t))) return Ok(mkFloat(Number(t)));
  return Err('invalid digit found in string');
}

export { intPow, normInt, display, Some as some, NONE as none };

// ------------------------------------------------------------------ files (through the host)

export function readFile(path: unknown): unknown {
  try {
    return host().readFile(String(path));
  } catch (error) {
    return fail(`read_file: ${(error as Error).message}`);
  }
}

export function writeFile(path: unknown, data: unknown): void {
  try {
    host().writeFile(String(path), display(data));
  } catch (error) {
    fail(`write_file: ${(error as Error).message}`);
  }
}

export function envArgs(): unknown[] {
  return [...host().args];
}

export function readLine(): string {
  const h = host() as { stdin: string };
  const text = h.stdin;
  const nl = text.indexOf('\n');
  const line = nl < 0 ? text : text.slice(0, nl);
  (h as { stdin: string }).stdin = nl < 0 ? '' : text.slice(nl + 1);
  return line;
}

export { RSet, RMap };

/** Sets the exit status of a standalone compiled module (run directly by node). */
export function exit(code: number): void {
  const proc = (globalThis as { process?: { exitCode?: number } }).process;
  if (proc !== undefined && code !== 0) proc.exitCode = code;
}
