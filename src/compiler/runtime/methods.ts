// Method calls `x.name(args)`: user methods of structs and enums (impl blocks and trait
// impls) first, then the built-in methods of strings, arrays, maps, numbers, Option and
// Result. `mc0`/`mc1`/`mc2` keep the hottest built-ins (len, push, ...) allocation-free.

import { builtinImpls, index, iter, parseNumber, rangeToArray, toInt } from './core.js';
import { debug, display } from './display.js';
import { add, compare, eq, intPow, lt, mul } from './ops.js';
import { refuseInternal } from './refusals.js';
import {
  enumMethodTables, Err, fail, mkFloat, NONE, Ok, REnum, RFloat, RMap, RRange, RSet, RStruct, RTuple, RuchyError, Some, toF64, typeName,
} from './value.js';

type Fn = (...args: any[]) => any;

export function mc0(r: any, name: string): any {
  if (Array.isArray(r) && name === 'len') return r.length;
  return callMethod(r, name, []);
}

export function mc1(r: any, name: string, a: any): any {
  if (Array.isArray(r) && name === 'push') {
    r.push(a);
    return undefined;
  }
  return callMethod(r, name, [a]);
}

export function mc2(r: any, name: string, a: any, b: any): any {
  return callMethod(r, name, [a, b]);
}

export function mcN(r: any, name: string, args: any[]): any {
  return callMethod(r, name, args);
}

/** `s.push_str(x)` / `s.push(c)` on a string variable: the new string (strings are immutable in JS). */
export function pushTo(r: any, name: string, a: any): any {
  if (typeof r === 'string') return r + display(a);
  callMethod(r, name, [a]);
  return r;
}

function builtinTypeKey(r: unknown): string {
  switch (typeof r) {
    case 'number':
      return Number.isInteger(r) ? 'i64' : 'f64';
    case 'bigint':
      return 'i64';
    case 'string':
      return 'String';
    case 'boolean':
      return 'bool';
  }
  if (r instanceof RFloat) return 'f64';
  if (Array.isArray(r)) return 'Vec';
  return typeName(r);
}

const NUMERIC_ALIASES: Record<string, string[]> = {
  i64: ['i64', 'i32', 'int', 'isize', 'usize', 'u32', 'u64', 'i16', 'i8', 'u8', 'u16'],
  f64: ['f64', 'f32', 'float'],
  String: ['String', 'str', '&str'],
  Vec: ['Vec', 'Array'],
  bool: ['bool'],
};

function userBuiltinMethod(r: unknown, name: string): Fn | undefined {
  const key = builtinTypeKey(r);
  for (const alias of NUMERIC_ALIASES[key] ?? [key]) {
    const table = builtinImpls.get(alias);
    if (table !== undefined && table[name] !== undefined) return table[name];
  }
  return undefined;
}

export function callMethod(r: any, name: string, args: any[]): any {
  if (r instanceof RStruct) {
    const m = r.$T.methods[name];
    if (m !== undefined) return m(r, ...args);
    if (Object.prototype.hasOwnProperty.call(r, name) && typeof (r as any)[name] === 'function') return (r as any)[name](...args);
    return structMethod(r, name, args);
  }
  if (r instanceof REnum) {
    const t = enumMethodTables.get(r.tn);
    const m = t?.[name];
    if (m !== undefined) return m(r, ...args);
    return enumMethod(r, name, args);
  }
  if (builtinImpls.size > 0) {
    const m = userBuiltinMethod(r, name);
    if (m !== undefined) return m(r, ...args);
  }
  if (Array.isArray(r)) return arrayMethod(r, name, args);
  switch (typeof r) {
    case 'string':
      return stringMethod(r, name, args);
    case 'number':
    case 'bigint':
      return numberMethod(r, name, args);
    case 'boolean':
      return commonMethod(r, name, args);
    case 'function':
      if (name === 'call') return r(...args);
      break;
  }
  if (r instanceof RFloat) return numberMethod(r, name, args);
  if (r instanceof RMap) return mapMethod(r, name, args);
  if (r instanceof RSet) return setMethod(r, name, args);
  if (r instanceof RTuple) return commonMethod(r, name, args);
  if (r instanceof RRange) return rangeMethod(r, name, args);
  return commonMethod(r, name, args);
}

function noMethod(r: unknown, name: string): never {
  refuseInternal(name, 'method');
  throw new RuchyError(`Unknown method '${name}' on ${typeName(r)}`);
}

function arity(name: string, args: unknown[], n: number): void {
  if (args.length !== n) fail(`${name}() expects ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`);
}

function commonMethod(r: unknown, name: string, args: unknown[]): any {
  switch (name) {
    case 'to_string':
      return display(r);
    case 'clone':
    case 'to_owned':
    case 'as_ref':
    case 'borrow':
      return cloneValue(r);
    case 'eq':
      return eq(r, args[0]);
    case 'ne':
      return !eq(r, args[0]);
    case 'cmp':
      return ordering(compare(r, args[0]));
    case 'fmt':
      return display(r);
  }
  if (r instanceof RTuple && name === 'len') return r.v.length;
  return noMethod(r, name);
}

function ordering(c: number): REnum {
  return new REnum('Ordering', c < 0 ? 'Less' : c > 0 ? 'Greater' : 'Equal', null, null);
}

function cloneValue(r: unknown): unknown {
  if (Array.isArray(r)) return r.map(cloneValue);
  if (r instanceof RTuple) return new RTuple(r.v.map(cloneValue));
  if (r instanceof RMap) return new RMap([...r.m].map(([k, v]) => [k, cloneValue(v)] as const));
  if (r instanceof RSet) return new RSet(r.s);
  if (r instanceof RStruct) {
    const copy = Object.create(Object.getPrototypeOf(r));
    for (const k of Object.keys(r)) {
      // A field named `__proto__` must stay an own property, not replace the copy's prototype.
      if (k === '__proto__') Object.defineProperty(copy, k, { value: cloneValue((r as any)[k]), writable: true, enumerable: true, configurable: true });
      else copy[k] = cloneValue((r as any)[k]);
    }
    return copy;
  }
  if (r instanceof REnum) {
    return new REnum(r.tn, r.n, r.v === null ? null : r.v.map(cloneValue), r.f === null ? null : { ...r.f });
  }
  return r;
}

function structMethod(r: RStruct, name: string, args: unknown[]): any {
  return commonMethod(r, name, args);
}

// ------------------------------------------------------------------ strings

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function strLen(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return utf8Length(s);
  return s.length;
}

function str(x: unknown, what: string): string {
  if (typeof x !== 'string') fail(`${what} expects a string argument, found ${typeName(x)}`);
  return x;
}

function stringMethod(s: string, name: string, args: any[]): any {
  switch (name) {
    case 'len':
      return strLen(s);
    case 'is_empty':
      return s.length === 0;
    case 'to_uppercase':
      return s.toUpperCase();
    case 'to_lowercase':
      return s.toLowerCase();
    case 'trim':
      return s.trim();
    case 'trim_start':
      return s.trimStart();
    case 'trim_end':
      return s.trimEnd();
    case 'split':
      if (args.length === 0) return s.split(/\s+/).filter((p) => p !== '');
      return s.split(str(args[0], 'split'));
    case 'split_whitespace':
      return s.split(/\s+/).filter((p) => p !== '');
    case 'lines':
      return s.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l, i, all) => i < all.length - 1 || l !== '');
    case 'contains':
      return s.includes(str(args[0], 'contains'));
    case 'starts_with':
      return s.startsWith(str(args[0], 'starts_with'));
    case 'ends_with':
      return s.endsWith(str(args[0], 'ends_with'));
    case 'replace':
      return s.split(str(args[0], 'replace')).join(str(args[1], 'replace'));
    case 'chars':
      return Array.from(s);
    case 'bytes':
      return Array.from(new TextEncoder().encode(s));
    case 'repeat': {
      const n = Number(args[0]);
      return n <= 0 ? '' : s.repeat(n);
    }
    case 'to_string':
    case 'to_owned':
    case 'clone':
    case 'as_str':
    case 'into':
    case 'to_str':
      return s;
    case 'parse':
      return parseNumber(s, args.length > 0 ? String(args[0]) : null);
    case 'push_str':
    case 'push':
      return fail(`${name} needs a mutable string variable`);
    case 'find':
    case 'index_of': {
      const i = s.indexOf(str(args[0], name));
      if (name === 'index_of') return i < 0 ? -1 : Array.from(s.slice(0, i)).length;
      return i < 0 ? NONE : Some(strLen(s.slice(0, i)));
    }
    case 'char_at': {
      const chars = Array.from(s);
      const i = Number(args[0]);
      return i >= 0 && i < chars.length ? chars[i] : fail(`Index out of bounds: index ${i}, length ${chars.length}`);
    }
    case 'substring':
    case 'substr': {
      const chars = Array.from(s);
      const start = Number(args[0]);
      const end = name === 'substr' ? start + Number(args[1]) : args.length > 1 ? Number(args[1]) : chars.length;
      return chars.slice(start, end).join('');
    }
    case 'reverse':
      return Array.from(s).reverse().join('');
    case 'get': {
      const v = index(s, args[0]);
      return Some(v);
    }
    case 'is_numeric':
      return s.length > 0 && /^\p{N}+$/u.test(s);
    case 'is_alphabetic':
      return s.length > 0 && /^\p{L}+$/u.test(s);
    case 'is_alphanumeric':
      return s.length > 0 && /^[\p{L}\p{N}]+$/u.test(s);
    case 'is_whitespace':
      return s.length > 0 && /^\s+$/u.test(s);
    case 'is_uppercase':
      return /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s);
    case 'is_lowercase':
      return /\p{Ll}/u.test(s) && !/\p{Lu}/u.test(s);
    case 'is_digit':
      return s.length > 0 && /^[0-9]+$/.test(s);
    case 'to_digit': {
      const radix = args.length > 0 ? Number(args[0]) : 10;
      const v = parseInt(s, radix);
      return Number.isNaN(v) || s.length !== 1 ? NONE : Some(v);
    }
    case 'to_int':
    case 'to_i64': {
      const r = parseNumber(s, 'i64') as REnum;
      return r.n === 'Ok' ? r.v![0] : fail(`Cannot convert '${s}' to an integer`);
    }
    case 'to_float':
    case 'to_f64': {
      const r = parseNumber(s, 'f64') as REnum;
      return r.n === 'Ok' ? r.v![0] : fail(`Cannot convert '${s}' to a float`);
    }
    case 'concat':
      return s + display(args[0]);
    case 'count':
      return Array.from(s).length;
    case 'iter':
      return Array.from(s);
    case 'pad_start':
    case 'pad_left':
      return s.padStart(Number(args[0]), args.length > 1 ? String(args[1]) : ' ');
    case 'pad_end':
    case 'pad_right':
      return s.padEnd(Number(args[0]), args.length > 1 ? String(args[1]) : ' ');
  }
  return commonMethod(s, name, args);
}

// ------------------------------------------------------------------ numbers

function numberMethod(x: any, name: string, args: any[]): any {
  const isFloatVal = x instanceof RFloat || (typeof x === 'number' && !Number.isInteger(x));
  switch (name) {
    case 'abs':
      if (isFloatVal) return mkFloat(Math.abs(toF64(x)));
      return typeof x === 'bigint' ? (x < 0n ? -x : x) : Math.abs(x);
    case 'pow':
    case 'powi':
    case 'powf':
      if (!isFloatVal && name === 'pow' && (typeof args[0] === 'bigint' || Number.isInteger(args[0]))) return intPow(x, args[0]);
      return mkFloat(Math.pow(toF64(x), toF64(args[0])));
    case 'sqrt':
      return mkFloat(Math.sqrt(toF64(x)));
    case 'cbrt':
      return mkFloat(Math.cbrt(toF64(x)));
    case 'floor':
      return isFloatVal ? mkFloat(Math.floor(toF64(x))) : x;
    case 'ceil':
      return isFloatVal ? mkFloat(Math.ceil(toF64(x))) : x;
    case 'round':
      return isFloatVal ? mkFloat(roundHalfAway(toF64(x))) : x;
    case 'trunc':
      return isFloatVal ? mkFloat(Math.trunc(toF64(x))) : x;
    case 'fract':
      return mkFloat(toF64(x) - Math.trunc(toF64(x)));
    case 'sin': return mkFloat(Math.sin(toF64(x)));
    case 'cos': return mkFloat(Math.cos(toF64(x)));
    case 'tan': return mkFloat(Math.tan(toF64(x)));
    case 'asin': return mkFloat(Math.asin(toF64(x)));
    case 'acos': return mkFloat(Math.acos(toF64(x)));
    case 'atan': return mkFloat(Math.atan(toF64(x)));
    case 'atan2': return mkFloat(Math.atan2(toF64(x), toF64(args[0])));
    case 'exp': return mkFloat(Math.exp(toF64(x)));
    case 'ln': return mkFloat(Math.log(toF64(x)));
    case 'log10': return mkFloat(Math.log10(toF64(x)));
    case 'log2': return mkFloat(Math.log2(toF64(x)));
    case 'log': return mkFloat(Math.log(toF64(x)) / Math.log(toF64(args[0])));
    case 'is_nan': return Number.isNaN(toF64(x));
    case 'is_infinite': return Math.abs(toF64(x)) === Infinity;
    case 'is_finite': return Number.isFinite(toF64(x));
    case 'signum':
      if (isFloatVal) return mkFloat(Number.isNaN(toF64(x)) ? NaN : toF64(x) < 0 || Object.is(toF64(x), -0) ? -1 : 1);
      return typeof x === 'bigint' ? (x < 0n ? -1 : 1) : Math.sign(x) + 0;
    case 'min':
      return lt(args[0], x) ? args[0] : x;
    case 'max':
      return lt(x, args[0]) ? args[0] : x;
    case 'clamp':
      return lt(x, args[0]) ? args[0] : lt(args[1], x) ? args[1] : x;
    case 'to_f64':
    case 'to_float':
    case 'as_f64':
      return mkFloat(toF64(x));
    case 'to_i64':
    case 'to_int':
    case 'as_i64':
      return toInt(x);
    case 'is_positive':
      return toF64(x) > 0;
    case 'is_negative':
      return toF64(x) < 0;
    case 'to_radians':
      return mkFloat((toF64(x) * Math.PI) / 180);
    case 'to_degrees':
      return mkFloat((toF64(x) * 180) / Math.PI);
  }
  return commonMethod(x, name, args);
}

/** Rust's `round`: half away from zero. */
export function roundHalfAway(v: number): number {
  return v < 0 ? -Math.round(-v) : Math.round(v);
}

// ------------------------------------------------------------------ arrays

function fn(f: unknown, what: string): Fn {
  if (typeof f !== 'function') fail(`${what} expects a function, found ${typeName(f)}`);
  return f as Fn;
}

function sumOf(items: unknown[]): unknown {
  let total: unknown = 0;
  for (const x of items) total = add(total, x);
  return total;
}

function arrayMethod(a: any[], name: string, args: any[]): any {
  switch (name) {
    case 'len':
      return a.length;
    case 'is_empty':
      return a.length === 0;
    case 'push':
      arity(name, args, 1);
      a.push(args[0]);
      return undefined;
    case 'pop':
      return a.length === 0 ? NONE : Some(a.pop());
    case 'first':
      return a.length === 0 ? NONE : Some(a[0]);
    case 'last':
      return a.length === 0 ? NONE : Some(a[a.length - 1]);
    case 'get': {
      const i = args[0];
      return typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < a.length ? Some(a[i]) : NONE;
    }
    case 'map':
      return a.map((x) => fn(args[0], 'map')(x));
    case 'filter':
      return a.filter((x) => fn(args[0], 'filter')(x) === true);
    case 'for_each':
    case 'each':
      for (const x of a) fn(args[0], name)(x);
      return undefined;
    case 'reduce': {
      if (args.length >= 2) {
        let acc = args[0];
        for (const x of a) acc = fn(args[1], 'reduce')(acc, x);
        return acc;
      }
      if (a.length === 0) return NONE;
      let acc = a[0];
      for (let i = 1; i < a.length; i++) acc = fn(args[0], 'reduce')(acc, a[i]);
      return Some(acc);
    }
    case 'fold': {
      let acc = args[0];
      for (const x of a) acc = fn(args[1], 'fold')(acc, x);
      return acc;
    }
    case 'sum':
      return sumOf(a);
    case 'product': {
      let total: unknown = 1;
      for (const x of a) total = mul(total, x);
      return total;
    }
    case 'join':
      return a.map((x) => display(x)).join(args.length > 0 ? String(args[0]) : '');
    case 'contains':
      return a.some((x) => eq(x, args[0]));
    case 'reverse':
      a.reverse();
      return undefined;
    case 'reversed':
    case 'rev':
      return a.slice().reverse();
    case 'sort':
      a.sort(compare);
      return undefined;
    case 'sorted':
      return a.slice().sort(compare);
    case 'sort_by': {
      const f = fn(args[0], 'sort_by');
      a.sort((x, y) => orderingValue(f(x, y)));
      return undefined;
    }
    case 'sort_by_key': {
      const f = fn(args[0], 'sort_by_key');
      a.sort((x, y) => compare(f(x), f(y)));
      return undefined;
    }
    case 'enumerate':
      return a.map((x, i) => new RTuple([i, x]));
    case 'zip': {
      const other = [...iter(args[0])];
      const n = Math.min(a.length, other.length);
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = new RTuple([a[i], other[i]]);
      return out;
    }
    case 'any':
      return a.some((x) => fn(args[0], 'any')(x) === true);
    case 'all':
      return a.every((x) => fn(args[0], 'all')(x) === true);
    case 'find': {
      const f = fn(args[0], 'find');
      for (const x of a) if (f(x) === true) return Some(x);
      return NONE;
    }
    case 'position': {
      const f = fn(args[0], 'position');
      for (let i = 0; i < a.length; i++) if (f(a[i]) === true) return Some(i);
      return NONE;
    }
    case 'index_of': {
      for (let i = 0; i < a.length; i++) if (eq(a[i], args[0])) return i;
      return -1;
    }
    case 'count':
      if (args.length === 0) return a.length;
      return a.filter((x) => fn(args[0], 'count')(x) === true).length;
    case 'iter':
    case 'into_iter':
    case 'iter_mut':
    case 'collect':
    case 'to_vec':
    case 'cloned':
    case 'copied':
      return name === 'collect' || name === 'iter' || name === 'into_iter' || name === 'iter_mut' ? a : a.slice();
    case 'clone':
      return cloneValue(a);
    case 'min':
    case 'max': {
      if (a.length === 0) return NONE;
      let best = a[0];
      for (const x of a) if (name === 'min' ? lt(x, best) : lt(best, x)) best = x;
      return Some(best);
    }
    case 'insert': {
      const i = Number(args[0]);
      if (i < 0 || i > a.length) fail(`Index out of bounds: index ${i}, length ${a.length}`);
      a.splice(i, 0, args[1]);
      return undefined;
    }
    case 'remove': {
      const i = Number(args[0]);
      if (!(i >= 0 && i < a.length)) fail(`Index out of bounds: index ${i}, length ${a.length}`);
      return a.splice(i, 1)[0];
    }
    case 'clear':
      a.length = 0;
      return undefined;
    case 'extend':
    case 'append':
      for (const x of iter(args[0])) a.push(x);
      if (name === 'append' && Array.isArray(args[0])) args[0].length = 0;
      return undefined;
    case 'concat':
      return a.concat(args[0]);
    case 'slice':
      return a.slice(Number(args[0]), args.length > 1 ? Number(args[1]) : undefined);
    case 'take':
      return a.slice(0, Math.max(0, Number(args[0])));
    case 'skip':
      return a.slice(Math.max(0, Number(args[0])));
    case 'flat_map':
      return a.flatMap((x) => {
        const r = fn(args[0], 'flat_map')(x);
        return Array.isArray(r) ? r : [...iter(r)];
      });
    case 'flatten':
      return a.flatMap((x) => (Array.isArray(x) ? x : [...iter(x)]));
    case 'filter_map': {
      const out: unknown[] = [];
      for (const x of a) {
        const r = fn(args[0], 'filter_map')(x);
        if (r instanceof REnum && r.n === 'Some') out.push(r.v![0]);
      }
      return out;
    }
    case 'dedup': {
      let w = 0;
      for (let i = 0; i < a.length; i++) if (i === 0 || !eq(a[i], a[w - 1])) a[w++] = a[i];
      a.length = w;
      return undefined;
    }
    case 'unique': {
      const out: unknown[] = [];
      for (const x of a) if (!out.some((y) => eq(x, y))) out.push(x);
      return out;
    }
    case 'swap': {
      const i = Number(args[0]);
      const j = Number(args[1]);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
      return undefined;
    }
    case 'windows': {
      const n = Number(args[0]);
      const out: unknown[] = [];
      for (let i = 0; i + n <= a.length; i++) out.push(a.slice(i, i + n));
      return out;
    }
    case 'chunks': {
      const n = Number(args[0]);
      const out: unknown[] = [];
      for (let i = 0; i < a.length; i += n) out.push(a.slice(i, i + n));
      return out;
    }
    case 'partition': {
      const yes: unknown[] = [];
      const no: unknown[] = [];
      for (const x of a) (fn(args[0], 'partition')(x) === true ? yes : no).push(x);
      return new RTuple([yes, no]);
    }
    case 'to_string':
      return display(a);
  }
  return commonMethod(a, name, args);
}

function orderingValue(x: unknown): number {
  if (x instanceof REnum) return x.n === 'Less' ? -1 : x.n === 'Greater' ? 1 : 0;
  if (typeof x === 'number') return x;
  return 0;
}

// ------------------------------------------------------------------ maps and sets

function mapMethod(m: RMap, name: string, args: any[]): any {
  switch (name) {
    case 'len':
      return m.m.size;
    case 'is_empty':
      return m.m.size === 0;
    case 'get':
      return m.m.has(args[0]) ? Some(m.m.get(args[0])) : NONE;
    case 'insert': {
      const had = m.m.has(args[0]);
      const old = m.m.get(args[0]);
      m.m.set(args[0], args[1]);
      return had ? Some(old) : NONE;
    }
    case 'contains_key':
    case 'has':
      return m.m.has(args[0]);
    case 'remove': {
      if (!m.m.has(args[0])) return NONE;
      const old = m.m.get(args[0]);
      m.m.delete(args[0]);
      return Some(old);
    }
    case 'keys':
      return [...m.m.keys()];
    case 'values':
      return [...m.m.values()];
    case 'items':
    case 'iter':
    case 'entries':
    case 'into_iter':
      return [...m.m].map(([k, v]) => new RTuple([k, v]));
    case 'clear':
      m.m.clear();
      return undefined;
    case 'get_or':
    case 'get_or_default':
      return m.m.has(args[0]) ? m.m.get(args[0]) : args[1];
  }
  return commonMethod(m, name, args);
}

function setMethod(s: RSet, name: string, args: any[]): any {
  switch (name) {
    case 'len':
      return s.s.size;
    case 'is_empty':
      return s.s.size === 0;
    case 'insert': {
      const had = s.s.has(args[0]);
      s.s.add(args[0]);
      return !had;
    }
    case 'contains':
      return s.s.has(args[0]);
    case 'remove':
      return s.s.delete(args[0]);
    case 'iter':
    case 'into_iter':
      return [...s.s];
  }
  return commonMethod(s, name, args);
}

function rangeMethod(r: RRange, name: string, args: any[]): any {
  switch (name) {
    case 'contains': {
      const x = args[0];
      return !lt(x, r.start) && (r.inclusive ? !lt(r.end, x) : lt(x, r.end));
    }
    case 'len':
      return rangeToArray(r).length;
  }
  return arrayMethod(rangeToArray(r), name, args);
}

// ------------------------------------------------------------------ Option, Result, enums

function enumMethod(e: REnum, name: string, args: any[]): any {
  if (e.tn === 'Option' || e.tn === 'Result') {
    const good = e.n === 'Some' || e.n === 'Ok';
    const payload = e.v === null ? undefined : e.v[0];
    switch (name) {
      case 'is_some':
      case 'is_ok':
        return good;
      case 'is_none':
      case 'is_err':
        return !good;
      case 'unwrap':
        if (good) return payload;
        if (e.n === 'None') fail('called `Option::unwrap()` on a `None` value');
        return fail(`called \`Result::unwrap()\` on an \`Err\` value: ${debug(payload)}`);
      case 'expect':
        if (good) return payload;
        return fail(e.n === 'None' ? display(args[0]) : `${display(args[0])}: ${debug(payload)}`);
      case 'unwrap_or':
        return good ? payload : args[0];
      case 'unwrap_or_else':
        return good ? payload : e.n === 'Err' ? fn(args[0], name)(payload) : fn(args[0], name)();
      case 'unwrap_or_default':
        return good ? payload : 0;
      case 'unwrap_err':
        if (e.n === 'Err') return payload;
        return fail(`called \`Result::unwrap_err()\` on an \`Ok\` value: ${debug(payload)}`);
      case 'map':
        return good ? new REnum(e.tn, e.n, [fn(args[0], 'map')(payload)], null) : e;
      case 'map_err':
        return e.n === 'Err' ? Err(fn(args[0], 'map_err')(payload)) : e;
      case 'and_then':
        return good ? fn(args[0], 'and_then')(payload) : e;
      case 'or_else':
        return good ? e : e.n === 'Err' ? fn(args[0], 'or_else')(payload) : fn(args[0], 'or_else')();
      case 'or':
        return good ? e : args[0];
      case 'and':
        return good ? args[0] : e;
      case 'filter':
        return good && fn(args[0], 'filter')(payload) === true ? e : NONE;
      case 'ok':
        return e.n === 'Ok' ? Some(payload) : NONE;
      case 'err':
        return e.n === 'Err' ? Some(payload) : NONE;
      case 'ok_or':
        return good ? Ok(payload) : Err(args[0]);
      case 'unwrap_or_nil':
        return payload;
      case 'iter':
        return good ? [payload] : [];
    }
  }
  return commonMethod(e, name, args);
}
