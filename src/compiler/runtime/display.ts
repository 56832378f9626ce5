// How Ruchy shows values: `println` (top-level strings raw, strings quoted inside
// collections), f-strings (strings raw everywhere), `{:?}` (strings quoted everywhere),
// and the float rules of the reference (integral floats with `.0`, shortest round-trip
// decimal otherwise, never exponent notation; `inf`, `-inf`, `NaN`).

import { REnum, RFloat, RMap, RRange, RSet, RStruct, RTuple } from './value.js';

/** Quoting of strings: 0 raw at top level only, 1 raw everywhere (f-strings), 2 quoted everywhere (debug). */
type Mode = 0 | 1 | 2;

/** `println(x)`: a top-level string raw, strings inside collections quoted. */
export function display(x: unknown): string {
  if (typeof x === 'string') return x;
  return show(x, 0, false);
}

/** `f"{x}"`: strings stay raw even inside collections. */
export function fdisplay(x: unknown): string {
  if (typeof x === 'string') return x;
  return show(x, 1, false);
}

/** `{:?}`: strings quoted, also at the top level. */
export function debug(x: unknown): string {
  return show(x, 2, true);
}

/** The reference's `Value` Display: strings always quoted (used by `{:.N}` on non-numbers). */
export function valueDisplay(x: unknown): string {
  return show(x, 0, true);
}

function show(x: unknown, mode: Mode, nested: boolean): string {
  switch (typeof x) {
    case 'number':
      return Number.isInteger(x) ? String(x) : floatDisplay(x);
    case 'bigint':
      return x.toString();
    case 'string':
      return nested && mode !== 1 ? '"' + x + '"' : x;
    case 'boolean':
      return x ? 'true' : 'false';
    case 'undefined':
      return 'nil';
    case 'function':
      return '<function>';
  }
  if (x === null) return 'nil';
  if (x instanceof RFloat) return floatDisplay(x.v);
  if (Array.isArray(x)) return '[' + list(x, mode) + ']';
  if (x instanceof RTuple) return '(' + list(x.v, mode) + ')';
  if (x instanceof REnum) {
    if (x.v !== null) return x.v.length === 0 ? x.n : x.n + '(' + list(x.v, mode) + ')';
    if (x.f !== null) return x.n + ' ' + fields(x.f, mode);
    return x.n;
  }
  if (x instanceof RStruct) {
    const t = x.$T;
    if (t.tuple) return t.name + '(' + list(t.fields.map((f) => (x as any)[f]), mode) + ')';
    return t.name + ' ' + fields(x as any, mode);
  }
  if (x instanceof RMap) {
    const keys = [...x.m.keys()].sort(keyOrder);
    return '{' + keys.map((k) => show(k, 1, true) + ': ' + show(x.m.get(k), mode, true)).join(', ') + '}';
  }
  if (x instanceof RSet) return '{' + list([...x.s], mode) + '}';
  if (x instanceof RRange) {
    return show(x.start, mode, true) + (x.inclusive ? '..=' : '..') + show(x.end, mode, true);
  }
  return String(x);
}

function keyOrder(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function list(items: readonly unknown[], mode: Mode): string {
  let out = '';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ', ';
    out += show(items[i], mode, true);
  }
  return out;
}

function fields(obj: Record<string, unknown>, mode: Mode): string {
  const keys = Object.keys(obj).sort();
  return '{' + keys.map((k) => k + ': ' + show(obj[k], mode, true)).join(', ') + '}';
}

// ------------------------------------------------------------------ floats

/** The reference's float display: integral values with `.0`, else Rust's `{}`. */
export function floatDisplay(v: number): string {
  if (Number.isInteger(v)) {
    if (Object.is(v, -0)) return '-0.0';
    return BigInt(v).toString() + '.0';
  }
  return rustFloat(v);
}

/** Rust's `{}` of an f64: shortest round-trip digits, no exponent; `inf`, `-inf`, `NaN`. */
export function rustFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0';
  if (Number.isInteger(v)) return BigInt(v).toString();
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  return expandExponent(s.slice(0, e), Number(s.slice(e + 1)));
}

function expandExponent(mantissa: string, exp: number): string {
  let sign = '';
  if (mantissa.startsWith('-')) {
    sign = '-';
    mantissa = mantissa.slice(1);
  }
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const pointAt = (dot < 0 ? mantissa.length : dot) + exp;
  if (pointAt <= 0) return sign + '0.' + '0'.repeat(-pointAt) + digits;
  if (pointAt >= digits.length) return sign + digits + '0'.repeat(pointAt - digits.length);
  return sign + digits.slice(0, pointAt) + '.' + digits.slice(pointAt);
}

/** Rust's `{:.N}` of an f64: the exact binary value rounded half to even, no exponent. */
export function toFixedExact(v: number, precision: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  const negative = v < 0 || Object.is(v, -0);
  const { mantissa, exponent } = decompose(Math.abs(v));
  // |v| = mantissa * 2^exponent; scaled = |v| * 10^precision, rounded half to even.
  const ten = 10n ** BigInt(precision);
  let q: bigint;
  if (exponent >= 0) {
    q = (mantissa << BigInt(exponent)) * ten;
  } else {
    const num = mantissa * ten;
    const den = 1n << BigInt(-exponent);
    q = num / den;
    const r = num - q * den;
    const twice = r * 2n;
    if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  }
  let digits = q.toString();
  if (precision > 0) {
    if (digits.length <= precision) digits = '0'.repeat(precision - digits.length + 1) + digits;
    digits = digits.slice(0, digits.length - precision) + '.' + digits.slice(digits.length - precision);
  }
  return (negative ? '-' : '') + digits;
}

function decompose(v: number): { mantissa: bigint; exponent: number } {
  if (v === 0) return { mantissa: 0n, exponent: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number;
  if (biased === 0) {
    exponent = -1074;
  } else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  return { mantissa, exponent };
}

// ------------------------------------------------------------------ format specs

/** `f"{x:SPEC}"`: `.N` formats numbers with N decimals; `?` is debug; widths are ignored. */
export function formatSpec(x: unknown, spec: string): string {
  const precision = /^\.(\d+)$/.exec(spec);
  if (precision !== null) {
    const n = Number(precision[1]);
    if (typeof x === 'number') return toFixedExact(x, n);
    if (x instanceof RFloat) return toFixedExact(x.v, n);
    if (typeof x === 'bigint') return toFixedExact(Number(x), n);
    return valueDisplay(x);
  }
  if (spec.endsWith('?')) return debug(x);
  return fdisplay(x);
}

/**
 * The `{}` substitution of `println!`/`format!` with several arguments: `{}` shows the next
 * value (strings raw), `{:?}` its debug form; other braces are copied.
 */
export function formatPlaceholders(fmt: string, values: readonly unknown[]): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '{' && fmt[i + 1] === '}') {
      if (next < values.length) out += display(values[next++]);
      else out += '{}';
      i++;
    } else if (c === '{' && fmt.startsWith('{:?}', i)) {
      if (next < values.length) out += debug(values[next++]);
      else out += '{:?}';
      i += 3;
    } else {
      out += c;
    }
  }
  return out;
}
