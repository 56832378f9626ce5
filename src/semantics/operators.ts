// The operand rules of Ruchy's operators, from the reference interpreter's
// `eval_operations.rs`: which operand kinds an operator accepts at run time and what it
// produces. Only combinations that certainly fail are called invalid; anything involving
// a user type (which may implement an operator trait), a char or an unknown type is
// left alone.

import { resolve, type Type } from './types.js';

export type OperandClass = 'int' | 'float' | 'bool' | 'str' | 'array' | 'unit' | 'tuple' | 'other' | 'unknown';

export function operandClass(t: Type): OperandClass {
  const r = resolve(t);
  switch (r.k) {
    case 'prim':
      switch (r.p) {
        case 'int':
          return 'int';
        case 'float':
          return 'float';
        case 'bool':
          return 'bool';
        case 'str':
          return 'str';
        case 'unit':
          return 'unit';
        default:
          return 'unknown';
      }
    case 'array':
      return 'array';
    case 'tuple':
      return 'tuple';
    case 'fn':
    case 'object':
    case 'module':
      return 'other';
    case 'named':
      return r.kind === 'builtin' ? 'other' : 'unknown';
    default:
      return 'unknown';
  }
}

const NUMERIC = new Set<OperandClass>(['int', 'float']);

/** Whether `left op right` certainly fails at run time (both operand classes known). */
export function binaryInvalid(op: string, l: OperandClass, r: OperandClass): boolean {
  if (l === 'unknown' || r === 'unknown') return false;
  switch (op) {
    case '+':
      if (NUMERIC.has(l) && NUMERIC.has(r)) return false;
      if (l === 'str' && (NUMERIC.has(r) || r === 'bool' || r === 'str')) return false;
      if (r === 'str' && (NUMERIC.has(l) || l === 'bool')) return false;
      if (l === 'array' && r === 'array') return false;
      return true;
    case '-':
    case '/':
    case '%':
    case '**':
      return !(NUMERIC.has(l) && NUMERIC.has(r));
    case '*':
      if (NUMERIC.has(l) && NUMERIC.has(r)) return false;
      if (l === 'str' && r === 'int') return false;
      return true;
    case '&':
    case '|':
    case '^':
    case '<<':
    case '>>':
      if (l === 'int' && r === 'int') return false;
      if (l === 'bool' && r === 'bool') return false;
      return true;
    default:
      return false;
  }
}

const ORDERED_KINDS = new Set<OperandClass>(['int', 'float', 'str', 'bool', 'array', 'tuple', 'unit']);

/**
 * Whether `<`, `>`, `<=` or `>=` certainly fails: the runtime orders numbers with numbers
 * and strings with strings only (`1 < "a"` is a type error there). Only operands of two
 * different plain kinds count here (not user types, options, maps or functions).
 */
export function orderingInvalid(l: OperandClass, r: OperandClass): boolean {
  if (!ORDERED_KINDS.has(l) || !ORDERED_KINDS.has(r) || l === r) return false;
  return !(NUMERIC.has(l) && NUMERIC.has(r));
}

/** Whether a unary operator certainly fails on this operand class. */
export function unaryInvalid(op: string, c: OperandClass): boolean {
  if (c === 'unknown') return false;
  switch (op) {
    case '-':
      return !NUMERIC.has(c);
    case '~':
      return c !== 'int';
    default:
      return false;
  }
}

export const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '**']);
export const COMPARISON = new Set(['==', '!=', '<', '>', '<=', '>=']);
export const BITWISE = new Set(['&', '|', '^', '<<', '>>']);
