// One table of every diagnostic code: its default severity, a title, and the message
// template. Codes are stable; a new diagnostic takes a new code, an old code is never
// reused. Templates use {name} placeholders filled by `format`.
//
//   R00xx  lexical and syntax errors (grammar/)
//   R01xx  names and scopes       R02xx  types
//   R03xx  control flow           R04xx  lint and quality
//   R05xx  compiler and runtime

import type { Diagnostic, Severity } from './diagnostic.js';

export interface DiagnosticCode {
  code: string;
  severity: Severity;
  title: string;
  template: string;
}

function d(code: string, severity: Severity, title: string, template: string): DiagnosticCode {
  return { code, severity, title, template };
}

export const Codes = {
  UnexpectedToken: d('R0001', 'error', 'unexpected token', 'expected {expected}, found {found}'),
  UnterminatedString: d('R0002', 'error', 'unterminated string', 'unterminated string literal: missing closing `{quote}`'),
  UnclosedDelimiter: d('R0003', 'error', 'unclosed delimiter', 'expected `{close}` to close the {what} opened at {position}'),
  UnterminatedComment: d('R0004', 'error', 'unterminated block comment', 'unterminated block comment: missing `*/` for the comment opened at {position}'),
  UnterminatedInterpolation: d('R0005', 'error', 'unterminated f-string interpolation', 'expected `}` to close the f-string interpolation opened at {position}'),
  InvalidCharacter: d('R0006', 'error', 'invalid character', 'unexpected character `{char}`'),
  InvalidEscape: d('R0007', 'error', 'invalid escape sequence', 'invalid escape sequence `{escape}`'),
  InvalidNumber: d('R0008', 'error', 'invalid number literal', 'invalid number literal `{text}`: {reason}'),
  NestingTooDeep: d('R0009', 'error', 'nesting too deep', 'nesting deeper than {limit} levels; this part of the file is not analysed'),
  MissingSeparator: d('R0010', 'error', 'missing statement separator', 'expected `;` or a new line before {found}'),
  UnexpectedCloser: d('R0011', 'error', 'unexpected closing delimiter', 'unexpected `{close}`: no matching `{open}`'),
  EmptyInterpolation: d('R0012', 'error', 'empty f-string interpolation', 'empty `{}` in f-string: write an expression, or `{{` for a literal brace'),
  InvalidCharLiteral: d('R0013', 'error', 'invalid character literal', 'invalid character literal: {reason}'),
  ExpectedExpression: d('R0014', 'error', 'expected expression', 'expected an expression, found {found}'),
  ExpectedPattern: d('R0015', 'error', 'expected pattern', 'expected a pattern, found {found}'),
  ExpectedType: d('R0016', 'error', 'expected type', 'expected a type, found {found}'),
  ExpectedItemName: d('R0017', 'error', 'expected name', 'expected a name for the {what}, found {found}'),
  ExpectedStatement: d('R0018', 'error', 'expected statement', 'expected a statement, found {found}'),
  InternalParserError: d('R0019', 'error', 'internal parser error', 'the parser failed on this file ({reason}); please report it with the file'),
  UnreadableFile: d('R0020', 'error', 'unreadable file', 'cannot read this file: {reason}'),

  // R01xx names and scopes (src/semantics)
  UndefinedName: d('R0101', 'error', 'undefined name', 'cannot find `{name}` in this scope{hint}'),
  UndefinedFunction: d('R0102', 'warning', 'undefined function', 'function `{name}` is not defined{hint}'),
  UnknownType: d('R0103', 'warning', 'unknown type', 'unknown type `{name}`{hint}'),
  DuplicateDefinition: d('R0104', 'error', 'duplicate definition', '`{name}` is already defined in this scope'),
  AssignToImmutable: d('R0105', 'error', 'assignment to immutable binding', 'cannot assign to `{name}`: it is not declared `mut`'),
  UnresolvedImport: d('R0106', 'error', 'unresolved import', 'cannot find `{name}` in module `{module}`{hint}'),
  UnknownModule: d('R0107', 'warning', 'unknown module', 'cannot find module `{name}` in the workspace'),
  UndefinedMacro: d('R0108', 'warning', 'undefined macro', 'macro `{name}!` is not defined{hint}'),

  // R02xx types
  TypeMismatch: d('R0201', 'error', 'mismatched types', 'mismatched types: expected `{expected}`, found `{found}`'),
  InvalidOperands: d('R0202', 'error', 'invalid operands', 'cannot apply `{op}` to `{left}` and `{right}`'),
  InvalidOperand: d('R0203', 'error', 'invalid operand', 'cannot apply unary `{op}` to `{type}`'),
  NotCallable: d('R0204', 'error', 'not a function', '`{name}` has type `{type}`, which is not a function'),
  WrongArgumentCount: d('R0205', 'error', 'wrong number of arguments', '`{name}` takes {expected} but {found} {verb} given'),
  UnknownField: d('R0206', 'error', 'unknown field', 'no field `{name}` on type `{type}`{hint}'),
  UnknownMethod: d('R0207', 'error', 'unknown method', 'no method `{name}` on type `{type}`{hint}'),
  UnknownMember: d('R0208', 'error', 'unknown member', 'no `{name}` in `{container}`{hint}'),
  MissingFields: d('R0209', 'warning', 'missing fields', 'missing {fields} in initializer of `{type}`'),
  TryWithoutResult: d('R0210', 'error', '`?` outside a function returning Option or Result', 'the `?` operator needs a function that returns `Option` or `Result`, but `{name}` returns `{type}`'),
  PossiblyUnknownMethod: d('R0211', 'warning', 'possibly unknown method', 'no method `{name}` is known on `{type}`{hint}'),
  MissingTraitMethods: d('R0212', 'warning', 'missing trait methods', '`impl {trait} for {type}` is missing {methods} of trait `{trait}`'),

  // R03xx control flow
  NonExhaustiveMatch: d('R0301', 'warning', 'non-exhaustive match', 'non-exhaustive match: {missing} not covered'),
  UnreachableCode: d('R0302', 'warning', 'unreachable code', 'unreachable code: it follows a `{after}`'),
  OutsideLoop: d('R0303', 'error', 'outside of a loop', '`{keyword}` outside of a loop'),
  UndefinedLabel: d('R0304', 'error', 'undeclared label', 'use of undeclared label `{label}`'),

  // R04xx lint
  UnusedVariable: d('R0401', 'warning', 'unused variable', 'unused variable `{name}`'),
  UnusedParameter: d('R0402', 'warning', 'unused parameter', 'unused parameter `{name}`'),
  UnusedFunction: d('R0403', 'warning', 'unused function', 'function `{name}` is never used'),
  UnusedImport: d('R0404', 'warning', 'unused import', 'unused import `{name}`'),
  ShadowedBinding: d('R0405', 'warning', 'shadowed binding', '`{name}` shadows a binding of the enclosing scope'),
  UnnecessaryMut: d('R0406', 'warning', 'unnecessary `mut`', 'variable `{name}` is declared `mut` but never mutated'),
  NamingConvention: d('R0407', 'warning', 'naming convention', '{what} `{name}` should be {style}: `{suggestion}`'),
  EmptyBlock: d('R0408', 'warning', 'empty block', 'empty {what}: add the missing code, or a comment saying why it is empty'),
  TooComplex: d('R0409', 'warning', 'function too complex', 'function `{name}` is too complex: cyclomatic complexity {cyclomatic} (limit {maxCyclomatic}), cognitive complexity {cognitive} (limit {maxCognitive})'),
  TechnicalDebt: d('R0410', 'info', 'technical debt comment', '{tag} comment: {text}'),
  CompilerUnsupported: d('R0501', 'error', 'not supported by the compiler', 'not supported by the compiler yet: {construct}'),
  CompilerUnknownMacro: d('R0502', 'error', 'unknown macro', 'macro `{name}!` is not supported by the compiler'),
  CompilerBadJump: d('R0503', 'error', 'break or continue outside a loop', '{what} {where}'),
  CompilerIntegerLiteral: d('R0504', 'error', 'integer literal out of range', 'integer literal `{text}` does not fit in a 64-bit signed integer'),
  CompilerUnknownName: d('R0505', 'warning', 'unknown name', '`{name}` is not defined; reaching it is a run-time error'),
  CompilerInternal: d('R0509', 'error', 'internal compiler error', 'internal compiler error ({reason}); please report it with the file'),
  RunTimeLimit: d('R0510', 'error', 'time limit exceeded', 'time limit of {limit} ms exceeded'),
  RunMemoryLimit: d('R0511', 'error', 'memory limit exceeded', 'memory limit of {limit} MB exceeded'),
} as const satisfies Record<string, DiagnosticCode>;

export type CodeName = keyof typeof Codes;

export const codeTable: readonly DiagnosticCode[] = Object.values(Codes);

export function findCode(code: string): DiagnosticCode | undefined {
  return codeTable.find((c) => c.code === code);
}

export function format(template: string, args: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(args, key) ? String(args[key]) : whole);
}

/**
 * Diagnostics whose message names a position ("opened at 12:5") carry that offset in
 * `data.openedAt` (and the other template arguments in `data`). After such a diagnostic
 * is moved — a region of a file parsed alone, an item that moved down — its message is
 * rendered again with `describe` of the offset in the new text.
 */
export function renderPositionedMessage(d: Diagnostic, describe: (offset: number) => string): Diagnostic {
  const openedAt = d.data?.openedAt;
  if (typeof openedAt !== 'number') return d;
  const code = findCode(d.code);
  if (code === undefined) return d;
  const args: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(d.data ?? {})) if (typeof value === 'string' || typeof value === 'number') args[key] = value;
  args.position = describe(openedAt);
  return { ...d, message: format(code.template, args) };
}
