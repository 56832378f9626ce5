// The binary operator table and the fold that turns a flat list of operands and
// operators into a tree. Higher `prec` binds tighter. From loosest to tightest:
//
//   =  += -= *= /= %= **= &= |= ^= <<= >>=   (right)   assignment
//   |>                                                  pipeline
//   <-  <?                                              actor send / ask
//   ..  ..=  ...                                        range (operand optional on the right)
//   ||   ??   &&   == !=   < > <= >=   |   ^   &   << >>   + -   * / %   ** (right)
//
// Prefix operators (- ! ~ & * await) bind tighter than every binary operator, so
// `-2 ** 2` is `(-2) ** 2`; postfix operators (calls, `.`, `[]`, `?`, `as`) tighter still.

import type { TokenType } from 'chevrotain';
import type * as A from '../src/syntax/ast.js';
import * as T from './tokens.js';

export interface InfixInfo {
  prec: number;
  right: boolean;
  kind: 'assign' | 'pipeline' | 'range' | 'binary';
  range: boolean;
}

export const Prec = {
  assign: 1,
  pipeline: 2,
  actor: 3,
  range: 4,
  or: 5,
  coalesce: 6,
  and: 7,
  equality: 8,
  comparison: 9,
  bitOr: 10,
  bitXor: 11,
  bitAnd: 12,
  shift: 13,
  additive: 14,
  multiplicative: 15,
  power: 16,
} as const;

const table = new Map<TokenType, InfixInfo>();

function add(types: TokenType[], prec: number, kind: InfixInfo['kind'], right = false): void {
  for (const type of types) table.set(type, { prec, right, kind, range: kind === 'range' });
}

add([T.Eq, T.PlusEq, T.MinusEq, T.StarEq, T.SlashEq, T.PercentEq, T.PowEq, T.AmpEq, T.PipeEq, T.CaretEq, T.ShlEq, T.ShrEq], Prec.assign, 'assign', true);
add([T.Pipeline], Prec.pipeline, 'pipeline');
add([T.Send, T.Ask], Prec.actor, 'binary');
add([T.DotDot, T.DotDotEq, T.DotDotDot], Prec.range, 'range');
add([T.OrOr], Prec.or, 'binary');
add([T.QuestionQuestion], Prec.coalesce, 'binary');
add([T.AndAnd], Prec.and, 'binary');
add([T.EqEq, T.NotEq], Prec.equality, 'binary');
add([T.Lt, T.Gt, T.LtEq, T.GtEq], Prec.comparison, 'binary');
add([T.Pipe], Prec.bitOr, 'binary');
add([T.Caret], Prec.bitXor, 'binary');
add([T.Amp], Prec.bitAnd, 'binary');
add([T.Shl], Prec.shift, 'binary');
add([T.Plus, T.Minus], Prec.additive, 'binary');
add([T.Star, T.Slash, T.Percent], Prec.multiplicative, 'binary');
add([T.Pow], Prec.power, 'binary', true);

export function infixInfo(type: TokenType): InfixInfo | undefined {
  return table.get(type);
}

export interface PendingOperator {
  /** Operator text; `>>` when two `>` tokens were joined. */
  text: string;
  info: InfixInfo;
  start: number;
  end: number;
}

/** Folds `operands[0] op[0] operands[1] op[1] ...` by precedence (shunting-yard, iterative). */
export function buildOperatorTree(operands: (A.Expr | null)[], operators: PendingOperator[]): A.Expr {
  const values: (A.Expr | null)[] = [operands[0]];
  const pending: PendingOperator[] = [];
  const reduce = () => {
    const op = pending.pop()!;
    const right = values.pop()!;
    const left = values.pop()!;
    values.push(combine(op, left, right));
  };
  for (let i = 0; i < operators.length; i++) {
    const op = operators[i];
    while (pending.length > 0) {
      const top = pending[pending.length - 1];
      if (top.info.prec > op.info.prec || (top.info.prec === op.info.prec && !op.info.right)) reduce();
      else break;
    }
    pending.push(op);
    values.push(operands[i + 1]);
  }
  while (pending.length > 0) reduce();
  return values[0]!;
}

/** One operator applied to its two operands (the right may be missing after `..`). */
export function buildBinary(op: PendingOperator, left: A.Expr | null, right: A.Expr | null): A.Expr {
  return combine(op, left, right);
}

function combine(op: PendingOperator, left: A.Expr | null, right: A.Expr | null): A.Expr {
  const start = left !== null ? left.start : op.start;
  const end = right !== null ? right.end : op.end;
  const l = left ?? ({ kind: 'ErrorExpr', start: op.start, end: op.start } as A.ErrorExpr);
  switch (op.info.kind) {
    case 'assign':
      return { kind: 'AssignExpr', op: op.text as A.AssignOperator, opStart: op.start, target: l, value: right ?? errorAt(op.end), start, end };
    case 'pipeline':
      return { kind: 'PipelineExpr', opStart: op.start, left: l, right: right ?? errorAt(op.end), start, end };
    case 'range':
      return { kind: 'RangeExpr', from: left, to: right, inclusive: op.text !== '..', start, end };
    default:
      return { kind: 'BinaryExpr', op: op.text as A.BinaryOperator, opStart: op.start, left: l, right: right ?? errorAt(op.end), start, end };
  }
}

function errorAt(offset: number): A.ErrorExpr {
  return { kind: 'ErrorExpr', start: offset, end: offset };
}
