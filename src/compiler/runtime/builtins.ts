// Built-in functions called by name (`len(x)`, `sqrt(x)`, `range(0, 5)`, `HashMap::new()`):
// one table from Ruchy name to implementation. The emitter calls `builtin(name)` only for
// names the program does not define itself.

import { cast, envArgs, parseNumber, rangeToArray, readFile, readLine, toInt, writeFile } from './core.js';
import { display } from './display.js';
import { callMethod, roundHalfAway, strLen } from './methods.js';
import { intPow, lt } from './ops.js';
import { refusalFor, refuse } from './refusals.js';
import { fail, mkFloat, NONE, REnum, RFloat, RMap, RRange, RSet, RTuple, Some, toF64, typeName } from './value.js';

type Fn = (...args: any[]) => any;

function n1(name: string, args: unknown[]): unknown {
  if (args.length !== 1) fail(`${name}() expects 1 argument, got ${args.length}`);
  return args[0];
}

function isNum(x: unknown): boolean {
  return typeof x === 'number' || typeof x === 'bigint' || x instanceof RFloat;
}

function isFloatVal(x: unknown): boolean {
  return x instanceof RFloat || (typeof x === 'number' && !Number.isInteger(x));
}

function floatFn(name: string, f: (x: number) => number): Fn {
  return (...args) => {
    const x = n1(name, args);
    if (!isNum(x)) fail(`${name}() expects a number`);
    return mkFloat(f(toF64(x)));
  };
}

/** floor/ceil/round as functions return integers (as the reference does). */
function roundingFn(name: string, f: (x: number) => number): Fn {
  return (...args) => {
    const x = n1(name, args);
    if (!isNum(x)) fail(`${name}() expects a number`);
    return isFloatVal(x) ? toInt(f(toF64(x))) : x;
  };
}

function rangeFn(...args: unknown[]): unknown[] {
  const ints = args.map((a) => {
    if (!(typeof a === 'number' && Number.isInteger(a))) fail('range() expects integer arguments');
    return a as number;
  });
  if (ints.length === 1) return rangeToArray(new RRange(0, ints[0], false));
  if (ints.length === 2) return rangeToArray(new RRange(ints[0], ints[1], false));
  if (ints.length === 3) {
    const [start, end, step] = ints;
    if (step === 0) fail('range() step cannot be zero');
    const out: number[] = [];
    if (step > 0) for (let i = start; i < end; i += step) out.push(i);
    else for (let i = start; i > end; i += step) out.push(i);
    return out;
  }
  return fail('range() expects 1, 2, or 3 arguments');
}

function typeOf(x: unknown): string {
  if (typeof x === 'number' && Number.isInteger(x)) return 'integer';
  if (typeof x === 'bigint') return 'integer';
  if (isFloatVal(x)) return 'float';
  if (typeof x === 'string') return 'string';
  if (typeof x === 'boolean') return 'boolean';
  return typeName(x);
}

const TABLE: Record<string, Fn> = {
  len(...args) {
    const x = n1('len', args);
    if (typeof x === 'string') return strLen(x);
    if (Array.isArray(x)) return x.length;
    if (x instanceof RMap) return x.m.size;
    if (x instanceof RSet) return x.s.size;
    if (x instanceof RTuple) return x.v.length;
    return fail('len() expects a string, array, or dataframe');
  },
  sqrt: floatFn('sqrt', Math.sqrt),
  sin: floatFn('sin', Math.sin),
  cos: floatFn('cos', Math.cos),
  tan: floatFn('tan', Math.tan),
  exp: floatFn('exp', Math.exp),
  log: floatFn('log', Math.log),
  ln: floatFn('ln', Math.log),
  log10: floatFn('log10', Math.log10),
  log2: floatFn('log2', Math.log2),
  floor: roundingFn('floor', Math.floor),
  ceil: roundingFn('ceil', Math.ceil),
  round: roundingFn('round', roundHalfAway),
  abs(...args) {
    const x = n1('abs', args);
    return callMethod(x, 'abs', []);
  },
  pow(...args) {
    if (args.length !== 2) fail(`pow() expects 2 arguments, got ${args.length}`);
    const [a, b] = args;
    if (!isFloatVal(a) && !isFloatVal(b) && isNum(a) && isNum(b)) return intPow(a as number, b as number);
    return mkFloat(Math.pow(toF64(a), toF64(b)));
  },
  min(...args) {
    const items = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
    if (items.length === 0) fail('min() expects at least one argument');
    let best = items[0];
    let float = isFloatVal(best);
    for (const x of items) {
      if (isFloatVal(x)) float = true;
      if (lt(x, best)) best = x;
    }
    return float ? mkFloat(toF64(best)) : best;
  },
  max(...args) {
    const items = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
    if (items.length === 0) fail('max() expects at least one argument');
    let best = items[0];
    let float = isFloatVal(best);
    for (const x of items) {
      if (isFloatVal(x)) float = true;
      if (lt(best, x)) best = x;
    }
    return float ? mkFloat(toF64(best)) : best;
  },
  range: rangeFn,
  type_of: (...args) => typeOf(n1('type_of', args)),
  to_string: (...args) => display(n1('to_string', args)),
  str: (...args) => display(n1('str', args)),
  int(...args) {
    const x = n1('int', args);
    if (typeof x === 'string') {
      const r = parseNumber(x, 'i64') as REnum;
      return r.n === 'Ok' ? r.v![0] : fail(`Cannot convert '${x}' to an integer`);
    }
    return toInt(x);
  },
  float(...args) {
    const x = n1('float', args);
    if (typeof x === 'string') {
      const r = parseNumber(x, 'f64') as REnum;
      return r.n === 'Ok' ? r.v![0] : fail(`Cannot convert '${x}' to a float`);
    }
    return cast(x, 'f64');
  },
  bool: (...args) => cast(n1('bool', args), 'bool'),
  parse_int(...args) {
    const r = parseNumber(String(n1('parse_int', args)), 'i64') as REnum;
    return r.n === 'Ok' ? r.v![0] : fail(`Cannot parse '${args[0]}' as an integer`);
  },
  parse_float(...args) {
    const r = parseNumber(String(n1('parse_float', args)), 'f64') as REnum;
    return r.n === 'Ok' ? r.v![0] : fail(`Cannot parse '${args[0]}' as a float`);
  },
  read_file: (...args) => readFile(n1('read_file', args)),
  write_file: (path, data) => writeFile(path, data),
  input: (...args) => {
    if (args.length > 0) display(args[0]);
    return readLine();
  },
  read_line: () => readLine(),
  get_time_ms: () => Date.now(),
  timestamp: () => Date.now(),
  args: () => envArgs(),
  Some: (x) => Some(x),
  'HashMap::new': () => new RMap(),
  'BTreeMap::new': () => new RMap(),
  'HashSet::new': () => new RSet(),
  'BTreeSet::new': () => new RSet(),
  'Vec::new': () => [],
  'Vec::with_capacity': () => [],
  'String::new': () => '',
  'String::from': (x) => display(x),
  'std::env::args': () => envArgs(),
  'env::args': () => envArgs(),
  'fs::read_to_string': (p) => readFile(p),
  'std::fs::read_to_string': (p) => readFile(p),
  'fs::write': (p, d) => writeFile(p, d),
  'std::fs::write': (p, d) => writeFile(p, d),
  'i64::MAX': () => 9223372036854775807n,
  'i64::MIN': () => -9223372036854775808n,
  'f64::consts::PI': () => Math.PI,
  'std::f64::consts::PI': () => Math.PI,
};

/** Constants reached by path (`i64::MAX`, `f64::consts::PI`). */
const CONSTANTS: Record<string, () => unknown> = {
  'i64::MAX': () => 9223372036854775807n,
  'i64::MIN': () => -9223372036854775808n,
  'i32::MAX': () => 2147483647,
  'i32::MIN': () => -2147483648,
  'u8::MAX': () => 255,
  'usize::MAX': () => 9223372036854775807n,
  'f64::MAX': () => Number.MAX_VALUE,
  'f64::MIN': () => -Number.MAX_VALUE,
  'f64::INFINITY': () => Infinity,
  'f64::NEG_INFINITY': () => -Infinity,
  'f64::NAN': () => NaN,
  'f64::EPSILON': () => Number.EPSILON,
  'f64::consts::PI': () => Math.PI,
  'std::f64::consts::PI': () => Math.PI,
  'f64::consts::E': () => Math.E,
  'std::f64::consts::E': () => Math.E,
};

export const BUILTIN_NAMES: ReadonlySet<string> = new Set(Object.keys(TABLE).filter((k) => !k.includes('::')));

export function isBuiltinPath(path: string): boolean {
  return Object.prototype.hasOwnProperty.call(TABLE, path) || Object.prototype.hasOwnProperty.call(CONSTANTS, path);
}

/** The built-in function called `name` (a name or a `A::b` path). */
export function builtin(name: string): Fn {
  const f = Object.prototype.hasOwnProperty.call(TABLE, name) ? TABLE[name] : undefined;
  // Refused when called, not here: the emitter hoists this lookup to the program's start.
  const refusal = f === undefined ? refusalFor(name) : null;
  if (refusal !== null) return () => refuse(refusal);
  // As in the reference, calling a function that is not defined does not fail at once:
  // it produces a message value (the interpreter's actor-message fallback).
  if (f === undefined) return (...args: unknown[]) => new REnum('Message', name, args, null);
  return f;
}

/** The value of a built-in constant path, or a function value for a built-in function path. */
export function pathValue(path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(CONSTANTS, path)) return CONSTANTS[path]();
  if (Object.prototype.hasOwnProperty.call(TABLE, path)) return TABLE[path];
  const refusal = refusalFor(path);
  if (refusal !== null) return refuse(refusal);
  return fail(`Undefined: ${path}`);
}

export { NONE };
