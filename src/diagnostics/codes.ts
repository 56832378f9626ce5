// One table of every diagnostic code: its default severity, a title, and the message
// template. Codes are stable; a new diagnostic takes a new code, an old code is never
// reused. Templates use {name} placeholders filled by `format`.
//
//   R00xx  lexical and syntax errors (grammar/)
//   R01xx  names and scopes       R02xx  types
//   R03xx  control flow           R04xx  lint and quality
//   R05xx  compiler and runtime

import type { Severity } from './diagnostic.js';

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
