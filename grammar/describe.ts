// How tokens are named in messages people read: "expected `)`, found `let`".

import { EOF, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.js';

const NAMED: ReadonlyMap<TokenType, string> = new Map<TokenType, string>([
  [T.Identifier, 'a name'],
  [T.IntLiteral, 'an integer'],
  [T.FloatLiteral, 'a float'],
  [T.StringLiteral, 'a string'],
  [T.RawStringLiteral, 'a string'],
  [T.TripleStringLiteral, 'a string'],
  [T.SingleQuotedString, 'a string'],
  [T.CharLiteral, 'a character'],
  [T.Label, 'a label'],
  [T.FStringStart, 'an f-string'],
  [T.FStringText, 'f-string text'],
  [T.FormatSpec, 'a format spec'],
  [T.InfixOperator, 'an operator'],
  [T.Keyword, 'a keyword'],
]);

/** The expected side: "`)`", "a name". */
export function describeTokenType(type: TokenType): string {
  if (type === EOF) return 'end of file';
  const named = NAMED.get(type);
  if (named !== undefined) return named;
  if (type.LABEL !== undefined) return type.LABEL;
  const pattern = type.PATTERN;
  if (typeof pattern === 'string') return `\`${pattern}\``;
  if (type === T.InterpolationOpen) return '`{`';
  if (type === T.InterpolationClose) return '`}`';
  if (type === T.FStringEnd) return '`"`';
  return type.name;
}

/** The found side: the token's own text where it is short, else its kind. */
export function describeToken(token: IToken | undefined): string {
  if (token === undefined || token.tokenType === EOF || Number.isNaN(token.startOffset)) return 'end of file';
  const type = token.tokenType;
  if (type === T.FStringStart) return 'an f-string';
  if (type === T.FStringText) return 'f-string text';
  const image = token.image;
  if (image.length > 0 && image.length <= 24 && !/[\r\n]/.test(image)) return `\`${image}\``;
  return describeTokenType(type);
}
