// The runtime library on its own: the value representation at its boundaries, checked
// integer arithmetic, float formatting, display and equality.

import { describe, expect, test } from 'vitest';
import * as rt from '../../src/compiler/runtime/index.js';

const { add, sub, mul, div, rem, pow, neg, eq, lt, display, fdisplay, debug, mkFloat, RFloat } = rt;

const I64_MAX = 9223372036854775807n;
const I64_MIN = -9223372036854775808n;

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('value representation', () => {
  test('integers stay numbers while safe, become bigints beyond 2^53, and come back', () => {
    expect(add(9007199254740990, 1)).toBe(9007199254740991);
    expect(add(9007199254740991, 1)).toBe(9007199254740992n);
    expect(sub(9007199254740992n, 1)).toBe(9007199254740991);
    expect(mul(1103515245, 2147483647)).toBe(2369780942852698515n);
    expect(rem(mul(1103515245, 2147483647), 2147483648)).toBe(Number(2369780942852698515n % 2147483648n));
  });

  test('floats: integral values are boxed, others are plain numbers', () => {
    expect(mkFloat(2)).toBeInstanceOf(RFloat);
    expect(mkFloat(2.5)).toBe(2.5);
    expect(add(0.5, 0.5)).toEqual(new RFloat(1));
    expect(display(add(0.5, 0.5))).toBe('1.0');
    expect(div(7, 2)).toBe(3);
    expect(div(mkFloat(7), 2)).toBe(3.5);
    expect(display(mkFloat(2))).toBe('2.0');
    expect(display(2)).toBe('2');
  });

  test('-0 never appears as an integer', () => {
    expect(Object.is(mul(0, -5), 0)).toBe(true);
    expect(Object.is(rem(-6, 3), 0)).toBe(true);
    expect(Object.is(div(-1, 2), 0)).toBe(true);
    expect(Object.is(neg(0), 0)).toBe(true);
  });
});

describe('checked i64 arithmetic at the boundaries', () => {
  const max = rt.intConst(I64_MAX);
  const min = rt.intConst(I64_MIN);

  test('max and min are exact', () => {
    expect(max).toBe(I64_MAX);
    expect(min).toBe(I64_MIN);
    expect(sub(max, 1)).toBe(I64_MAX - 1n);
    expect(add(min, 1)).toBe(I64_MIN + 1n);
    expect(add(max, min)).toBe(-1);
  });

  test.each([
    ['addition', () => add(max, 1)],
    ['addition', () => add(min, -1)],
    ['subtraction', () => sub(min, 1)],
    ['subtraction', () => sub(max, -1)],
    ['multiplication', () => mul(max, 2)],
    ['multiplication', () => mul(3037000500, 3037000500)],
    ['multiplication', () => mul(min, -1)],
    ['division', () => div(min, -1)],
    ['modulo', () => rem(min, -1)],
    ['negation', () => neg(min)],
  ])('overflow in %s', (what, fn) => {
    expect(message(fn)).toBe(`Integer overflow in ${what}`);
  });

  test('division by zero', () => {
    expect(message(() => div(1, 0))).toBe('Division by zero');
    expect(message(() => rem(max, 0))).toBe('Division by zero');
    expect(display(div(1, mkFloat(0)))).toBe('inf');
  });

  test('division and modulo of negative numbers, also beyond 2^53', () => {
    expect([div(-7, 2), rem(-7, 2), div(7, -2), rem(7, -2)]).toEqual([-3, -1, -3, 1]);
    expect(div(-9007199254740993n, 2)).toBe(-4503599627370496);
    expect(rem(-9007199254740993n, 2)).toBe(-1);
    expect(div(min, 2)).toBe(-4611686018427387904n);
  });

  test('3037000499^2 is the largest square that fits', () => {
    expect(mul(3037000499, 3037000499)).toBe(9223372030926249001n);
  });

  test('** overflows to a float', () => {
    expect(pow(2, 62)).toBe(4611686018427387904n);
    expect(pow(2, 63)).toEqual(new RFloat(9223372036854775808));
    expect(pow(-2, 63)).toBe(I64_MIN);
  });

  test('comparison and equality across representations', () => {
    expect(lt(9007199254740993n, 9007199254740994n)).toBe(true);
    expect(lt(1, 9007199254740993n)).toBe(true);
    expect(eq(2, mkFloat(2))).toBe(true);
    expect(eq(9007199254740993n, 9007199254740993n)).toBe(true);
    expect(eq(NaN, NaN)).toBe(false);
    expect(eq([1, 'a'], [1, 'a'])).toBe(true);
  });
});

describe('float formatting', () => {
  test.each([
    [1e21, '1000000000000000000000.0'],
    [1e-7, '0.0000001'],
    [1.5e-10, '0.00000000015'],
    [123456789.125, '123456789.125'],
    [-0.000001, '-0.000001'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'NaN'],
    [2 ** 60, '1152921504606846976.0'],
  ])('%s displays as %s', (v, expected) => {
    expect(display(mkFloat(v))).toBe(expected);
  });

  test('{:.N} rounds the exact binary value half to even', () => {
    expect(rt.toFixedExact(0.125, 2)).toBe('0.12');
    expect(rt.toFixedExact(0.375, 2)).toBe('0.38');
    expect(rt.toFixedExact(2.5, 0)).toBe('2');
    expect(rt.toFixedExact(1.005, 2)).toBe('1.00');
    expect(rt.toFixedExact(-1.5, 0)).toBe('-2');
    expect(rt.toFixedExact(1e21, 2)).toBe('1000000000000000000000.00');
  });

  test('string concatenation uses Rust {} of the float', () => {
    expect(add('x', mkFloat(3))).toBe('x3');
    expect(add('x', 2.5)).toBe('x2.5');
  });
});

describe('display', () => {
  test('nested collections quote strings; f-strings do not; debug quotes everywhere', () => {
    const v = [['a', 1], rt.tuple('b', mkFloat(2)), rt.obj('k', 'v'), rt.Some('s'), rt.NONE];
    expect(display(v)).toBe('[["a", 1], ("b", 2.0), {k: "v"}, Some("s"), None]');
    expect(fdisplay(v)).toBe('[[a, 1], (b, 2.0), {k: v}, Some(s), None]');
    expect(debug('x')).toBe('"x"');
    expect(display('x')).toBe('x');
  });

  test('println substitution', () => {
    expect(rt.formatPrintArgs(['{} + {}', 1, 2])).toBe('1 + 2');
    expect(rt.formatPrintArgs(['a', 'b', 1])).toBe('a b 1');
    expect(rt.formatPrintArgs(['{:.2}', 3.14159])).toBe('{:.2} 3.14159');
    expect(rt.formatPrintArgs(['{}', 'x', 'y'])).toBe('x');
  });
});
