// Operators on Ruchy values: checked 64-bit integer arithmetic, float arithmetic, the
// mixing rules of the reference interpreter (eval_operations.rs), comparison and
// equality. Each generic operator is a small function whose first lines are the
// allocation-free fast path on plain JS numbers (so that V8 inlines it); everything else
// goes to a `...Slow` function. The `...I` variants are for operands a type checker has
// proved to be integers.

import { display, rustFloat } from './display.js';
import { fail, mkFloat, REnum, RFloat, RMap, RSet, RStruct, RTuple, RuchyError, typeName, toF64, hasOwn } from './value.js';

const I64_MAX = 9223372036854775807n;
const I64_MIN = -9223372036854775808n;
const SAFE_MAX = 9007199254740991n;

/** A bigint in the i64 range -> canonical form (number when safe). */
export function normInt(b: bigint): number | bigint {
  return b >= -SAFE_MAX && b <= SAFE_MAX ? Number(b) : b;
}

function big(x: unknown): bigint {
  return typeof x === 'bigint' ? x : BigInt(x as number);
}

function checked(r: bigint, what: string): number | bigint {
  if (r > I64_MAX || r < I64_MIN) throw new RuchyError(`Integer overflow in ${what}`);
  return normInt(r);
}

/** An integer from a literal's exact value. */
export function intConst(b: bigint): number | bigint {
  return normInt(b);
}

// ------------------------------------------------------------------ integers

export function intAdd(a: number | bigint, b: number | bigint): number | bigint {
  return checked(big(a) + big(b), 'addition');
}
export function intSub(a: number | bigint, b: number | bigint): number | bigint {
  return checked(big(a) - big(b), 'subtraction');
}
export function intMul(a: number | bigint, b: number | bigint): number | bigint {
  return checked(big(a) * big(b), 'multiplication');
}
export function intDiv(a: number | bigint, b: number | bigint): number | bigint {
  if (b === 0) throw new RuchyError('Division by zero');
  if (typeof a === 'number' && typeof b === 'number') return Math.trunc(a / b) + 0;
  // BigInt division truncates toward zero, like Rust.
  return checked(big(a) / big(b), 'division');
}
export function intRem(a: number | bigint, b: number | bigint): number | bigint {
  if (b === 0) throw new RuchyError('Division by zero');
  if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
  // i64::MIN % -1 overflows in Rust's checked_rem.
  if (big(a) === I64_MIN && big(b) === -1n) throw new RuchyError('Integer overflow in modulo');
  return normInt(big(a) % big(b));
}

/** Integer `**`: exact when the result fits in i64, a float otherwise (as the reference). */
export function intPow(a: number | bigint, b: number | bigint): unknown {
  const fa = Number(a);
  const fb = Number(b);
  if (fb < 0) return mkFloat(Math.pow(fa, fb));
  const ba = big(a);
  if (ba === 0n || ba === 1n) return fb === 0 ? 1 : Number(ba);
  if (ba === -1n) return big(b) % 2n === 0n ? 1 : -1;
  if (big(b) > 64n) return mkFloat(Math.pow(fa, fb));
  const r = ba ** big(b);
  if (r > I64_MAX || r < I64_MIN) return mkFloat(Math.pow(fa, fb));
  return normInt(r);
}

function intBits(op: string, a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) {
    switch (op) {
      case '&': return a & b;
      case '|': return a | b;
      case '^': return a ^ b;
    }
  }
  const x = big(a);
  const y = big(b);
  switch (op) {
    case '&': return normInt(BigInt.asIntN(64, x & y));
    case '|': return normInt(BigInt.asIntN(64, x | y));
    case '^': return normInt(BigInt.asIntN(64, x ^ y));
    case '<<': return normInt(BigInt.asIntN(64, x << (y & 63n)));
    default: return normInt(BigInt.asIntN(64, x >> (y & 63n)));
  }
}

// ------------------------------------------------------------------ generic arithmetic

function isIntVal(x: unknown): x is number | bigint {
  return typeof x === 'bigint' || (typeof x === 'number' && Number.isInteger(x));
}
function isNumVal(x: unknown): boolean {
  return typeof x === 'number' || typeof x === 'bigint' || x instanceof RFloat;
}

export function add(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isInteger(a) && Number.isInteger(b)) return Number.isSafeInteger(r) ? r : intAdd(a, b);
    return Number.isInteger(r) ? new RFloat(r) : r;
  }
  return addSlow(a, b);
}

export function sub(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isInteger(a) && Number.isInteger(b)) return Number.isSafeInteger(r) ? r : intSub(a, b);
    return Number.isInteger(r) ? new RFloat(r) : r;
  }
  return numSlow('-', a, b);
}

export function mul(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isInteger(a) && Number.isInteger(b)) return Number.isSafeInteger(r) ? r + 0 : intMul(a, b);
    return Number.isInteger(r) ? new RFloat(r) : r;
  }
  if (typeof a === 'string' && isIntVal(b)) return Number(b) <= 0 ? '' : a.repeat(Number(b));
  return numSlow('*', a, b);
}

export function div(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) && Number.isInteger(b)) return intDiv(a, b);
  return numSlow('/', a, b);
}

export function rem(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) && Number.isInteger(b)) return intRem(a, b);
  return numSlow('%', a, b);
}

export function pow(a: any, b: any): any {
  if (isIntVal(a) && isIntVal(b)) return intPow(a, b);
  return numSlow('**', a, b);
}

export function bitop(op: string, a: any, b: any): any {
  if (isIntVal(a) && isIntVal(b)) return intBits(op, a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') {
    if (op === '&') return a && b;
    if (op === '|') return a || b;
    if (op === '^') return a !== b;
  }
  return fail(`Bitwise operations require integer operands, got ${typeName(a)} and ${typeName(b)}`);
}

const OP_VERB: Record<string, string> = {
  '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '%': 'compute modulo of', '**': 'compute power of',
};

function addSlow(a: any, b: any): any {
  if (typeof a === 'string') {
    if (typeof b === 'string') return a + b;
    if (isNumVal(b) || typeof b === 'boolean') return a + concatForm(b);
  } else if (typeof b === 'string') {
    if (isNumVal(a) || typeof a === 'boolean') return concatForm(a) + b;
  } else if (Array.isArray(a) && Array.isArray(b)) {
    return a.concat(b);
  }
  return numSlow('+', a, b);
}

/** How `String + x` shows x: Rust's `{}` of the raw number (a float 3.0 shows as `3`). */
function concatForm(x: unknown): string {
  if (x instanceof RFloat) return rustFloat(x.v);
  if (typeof x === 'number' && !Number.isInteger(x)) return rustFloat(x);
  return String(x);
}

function numSlow(op: string, a: any, b: any): any {
  if (!isNumVal(a) || !isNumVal(b)) {
    throw new RuchyError(`Cannot ${OP_VERB[op]} ${typeName(a)} and ${typeName(b)}`);
  }
  if (isIntVal(a) && isIntVal(b)) {
    switch (op) {
      case '+': return intAdd(a, b);
      case '-': return intSub(a, b);
      case '*': return intMul(a, b);
      case '/': return intDiv(a, b);
      case '%': return intRem(a, b);
      default: return intPow(a, b);
    }
  }
  const x = toF64(a);
  const y = toF64(b);
  switch (op) {
    case '+': return mkFloat(x + y);
    case '-': return mkFloat(x - y);
    case '*': return mkFloat(x * y);
    case '/': return mkFloat(x / y);
    case '%':
      if (y === 0) throw new RuchyError('Division by zero');
      return mkFloat(x % y);
    default: return mkFloat(Math.pow(x, y));
  }
}

export function neg(a: any): any {
  if (typeof a === 'number') return Number.isInteger(a) ? 0 - a : -a;
  if (a instanceof RFloat) return new RFloat(-a.v);
  if (typeof a === 'bigint') return checked(-a, 'negation');
  return fail(`Cannot negate ${typeName(a)}`);
}

export function bitnot(a: any): any {
  if (typeof a === 'number' && Number.isInteger(a)) return -a - 1;
  if (typeof a === 'bigint') return normInt(-a - 1n);
  return fail(`Cannot apply bitwise NOT to ${typeName(a)}`);
}

// Integer-typed fast paths (the emitter uses them when types prove both operands are i64).
export function addI(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return intAdd(a, b);
}
export function subI(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return intSub(a, b);
}
export function mulI(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r + 0;
  }
  return intMul(a, b);
}

// ------------------------------------------------------------------ comparison

export function lt(a: any, b: any): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  return cmpSlow(a, b, '<') < 0;
}
export function le(a: any, b: any): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a <= b;
  const c = cmpSlow(a, b, '<=');
  return c <= 0;
}
export function gt(a: any, b: any): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a > b;
  return cmpSlow(a, b, '>') > 0;
}
export function ge(a: any, b: any): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a >= b;
  const c = cmpSlow(a, b, '>=');
  return c >= 0;
}

/** -1, 0, 1, or NaN when unordered (NaN operands). Throws on values that have no order. */
function cmpSlow(a: any, b: any, op: string): number {
  if (isNumVal(a) && isNumVal(b)) {
    const x = a instanceof RFloat ? a.v : a;
    const y = b instanceof RFloat ? b.v : b;
    return x < y ? -1 : x > y ? 1 : x == y ? 0 : NaN;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return fail(`Cannot compare ${typeName(a)} and ${typeName(b)} for ordering (${op})`);
}

/** A total order for sorting (numbers, strings, then structural). */
export function compare(a: any, b: any): number {
  if (isNumVal(a) && isNumVal(b)) {
    const c = cmpSlow(a, b, 'cmp');
    return Number.isNaN(c) ? 0 : c;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if ((Array.isArray(a) && Array.isArray(b)) || (a instanceof RTuple && b instanceof RTuple)) {
    const x: unknown[] = Array.isArray(a) ? a : a.v;
    const y: unknown[] = Array.isArray(b) ? b : (b as RTuple).v;
    for (let i = 0; i < x.length && i < y.length; i++) {
      const c = compare(x[i], y[i]);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  if (a instanceof REnum && b instanceof REnum && a.tn === b.tn) {
    if (a.n !== b.n) return a.n < b.n ? -1 : 1;
    return compare(a.v ?? [], b.v ?? []);
  }
  const x = display(a);
  const y = display(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function eq(a: any, b: any): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return false;
  return eqSlow(a, b);
}

export function ne(a: any, b: any): boolean {
  return !eq(a, b);
}

function eqSlow(a: any, b: any): boolean {
  if (typeof a !== 'object' && typeof b !== 'object') {
    if (typeof a === 'bigint' || typeof b === 'bigint') return false; // canonical: bigint never equals a number int
    return false;
  }
  if (a instanceof RFloat || b instanceof RFloat) {
    if (!isNumVal(a) || !isNumVal(b)) return false;
    return toF64(a) === toF64(b);
  }
  if (Array.isArray(a)) return Array.isArray(b) && eqList(a, b);
  if (a instanceof RTuple) return b instanceof RTuple && eqList(a.v, b.v);
  if (a instanceof REnum) {
    if (!(b instanceof REnum) || a.n !== b.n || a.tn !== b.tn) return false;
    if (a.v !== null) return b.v !== null && eqList(a.v, b.v);
    if (a.f !== null) return b.f !== null && eqFields(a.f, b.f);
    return true;
  }
  if (a instanceof RStruct) {
    if (!(b instanceof RStruct) || a.$T !== b.$T) return false;
    return eqFields(a as any, b as any);
  }
  if (a instanceof RMap) {
    if (!(b instanceof RMap) || a.m.size !== b.m.size) return false;
    for (const [k, v] of a.m) if (!b.m.has(k) || !eq(v, b.m.get(k))) return false;
    return true;
  }
  if (a instanceof RSet) {
    if (!(b instanceof RSet) || a.s.size !== b.s.size) return false;
    for (const v of a.s) if (!b.s.has(v)) return false;
    return true;
  }
  return false;
}

function eqList(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
  return true;
}

function eqFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!hasOwn.call(b, k) || !eq(a[k], b[k])) return false;
  return true;
}

/** Ruchy truthiness: false and nil are false, everything else is true. */
export function truthy(x: unknown): boolean {
  return x !== false && x !== undefined;
}

/** `&&` and `||` on values that may not be booleans. */
export function and(a: unknown, b: () => unknown): unknown {
  return truthy(a) ? b() : a;
}

// Helpers of the inline fast paths the emitter writes into generated code, e.g. for `a + b`:
//   (typeof a === "number" && typeof b === "number"
//     ? ($isSafe($r = a + b) && $isInt(a) && $isInt(b) ? $r : $addN(a, b, $r))
//     : $add(a, b))
// `...N(a, b, r)` finishes the number case: `r` is the JS result of the operation.

/** A number result that was not an int + int within 53 bits. */
function finishN(a: number, b: number, r: number, op: '+' | '-' | '*'): unknown {
  if (Number.isInteger(a) && Number.isInteger(b)) {
    return op === '+' ? intAdd(a, b) : op === '-' ? intSub(a, b) : intMul(a, b);
  }
  return Number.isInteger(r) ? new RFloat(r) : r;
}
export function addN(a: number, b: number, r: number): unknown {
  return Number.isInteger(r) ? finishN(a, b, r, '+') : r;
}
export function subN(a: number, b: number, r: number): unknown {
  return Number.isInteger(r) ? finishN(a, b, r, '-') : r;
}
export function mulN(a: number, b: number, r: number): unknown {
  return Number.isInteger(r) ? finishN(a, b, r, '*') : r;
}
// Conversions between the canonical and the raw representation of statically-float values
// (the emitter keeps floats it has proved to be floats as plain JS numbers, 2.0 included).

/** The raw number of a canonical float (an RFloat box or a plain non-integral number). */
export function unF(x: any): number {
  return typeof x === 'number' ? x : x.v;
}

/** An int as a float (Rust's `as f64`: bigints round to nearest). */
export function toF(x: any): number {
  return typeof x === 'number' ? x : Number(x);
}

/** Float remainder: as the reference, a zero divisor is an error. */
export function remF(a: number, b: number): number {
  if (b === 0) throw new RuchyError('Division by zero');
  return a % b;
}

export const isInt = Number.isInteger;
export const isSafe = Number.isSafeInteger;
export const trunc = Math.trunc;
export const floor = Math.floor;
export const isArr = Array.isArray;
