// Every token type of Ruchy, in one place.
//
// `lexerTokens` is the ordered list the Chevrotain Lexer tries (first match wins for a
// given first character, so longer punctuation comes before its prefixes). Keywords are
// not in that list: the lexer reads every word as an Identifier and ./lexer.ts retypes
// keywords with one map lookup, which keeps the lexer's candidate list short.
// Tokens that need context (labels, f-strings, strings with the multi-line heuristic,
// nested block comments) use the custom matchers of ./scanners.ts.

import { createToken, Lexer, type TokenType } from 'chevrotain';
import {
  matchBlockComment,
  matchCharLiteral,
  matchFloat,
  matchFString,
  matchHashComment,
  matchLabel,
  matchRawString,
  matchSingleQuotedString,
  matchString,
  matchTripleString,
  matchUnterminatedFString,
  matchUnterminatedString,
} from './scanners.js';

// ---------------------------------------------------------------- categories

/** Every token that can sit between two operands: binary, assignment, range, pipeline. */
export const InfixOperator = createToken({ name: 'InfixOperator', pattern: Lexer.NA });
/** Keywords that may still be used as a field, method or object key after `.`. */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });

// ---------------------------------------------------------------- trivia

export const Whitespace = createToken({
  name: 'Whitespace',
  pattern: /[ \t\r\n\f\v\u00a0\ufeff\u2028\u2029]+/,
  group: Lexer.SKIPPED,
});
export const DocComment = createToken({ name: 'DocComment', pattern: /\/\/\/(?!\/)[^\n\r]*/, group: 'comments' });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: 'comments' });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: { exec: matchBlockComment },
  start_chars_hint: ['/'],
  line_breaks: true,
  group: 'comments',
});
export const HashComment = createToken({
  name: 'HashComment',
  pattern: { exec: matchHashComment },
  start_chars_hint: ['#'],
  group: 'comments',
});

// ---------------------------------------------------------------- literals

export const FStringLiteral = createToken({
  name: 'FStringLiteral',
  pattern: { exec: matchFString },
  start_chars_hint: ['f'],
  line_breaks: true,
});
export const UnterminatedFString = createToken({
  name: 'UnterminatedFString',
  pattern: { exec: matchUnterminatedFString },
  start_chars_hint: ['f'],
});
export const RawStringLiteral = createToken({
  name: 'RawStringLiteral',
  pattern: { exec: matchRawString },
  start_chars_hint: ['r'],
  line_breaks: true,
});
export const TripleStringLiteral = createToken({
  name: 'TripleStringLiteral',
  pattern: { exec: matchTripleString },
  start_chars_hint: ['"'],
  line_breaks: true,
});
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: { exec: matchString },
  start_chars_hint: ['"'],
  line_breaks: true,
});
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: { exec: matchUnterminatedString },
  start_chars_hint: ['"'],
});
export const CharLiteral = createToken({
  name: 'CharLiteral',
  pattern: { exec: matchCharLiteral },
  start_chars_hint: ["'"],
});
export const Label = createToken({
  name: 'Label',
  pattern: { exec: matchLabel },
  start_chars_hint: ["'", '@'],
});
export const SingleQuotedString = createToken({
  name: 'SingleQuotedString',
  pattern: { exec: matchSingleQuotedString },
  start_chars_hint: ["'"],
});
export const FloatLiteral = createToken({
  name: 'FloatLiteral',
  pattern: { exec: matchFloat },
  start_chars_hint: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
});
export const IntLiteral = createToken({
  name: 'IntLiteral',
  pattern: /0[xX][0-9a-fA-F_]*|0[oO][0-7_]*|0[bB][01_]*|[0-9][0-9_]*(?:[iu](?:8|16|32|64|128|size))?/,
});
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

// Tokens produced by ./lexer.ts when it expands an f-string; never matched directly.
export const FStringStart = createToken({ name: 'FStringStart', pattern: Lexer.NA });
export const FStringText = createToken({ name: 'FStringText', pattern: Lexer.NA });
export const InterpolationOpen = createToken({ name: 'InterpolationOpen', pattern: Lexer.NA });
export const FormatSpec = createToken({ name: 'FormatSpec', pattern: Lexer.NA });
export const InterpolationClose = createToken({ name: 'InterpolationClose', pattern: Lexer.NA });
export const FStringEnd = createToken({ name: 'FStringEnd', pattern: Lexer.NA });

// ---------------------------------------------------------------- punctuation and operators

function op(name: string, pattern: string, infix = false): TokenType {
  return createToken({ name, pattern, ...(infix ? { categories: [InfixOperator] } : {}) });
}

export const InnerAttributeOpen = op('InnerAttributeOpen', '#![');
export const AttributeOpen = op('AttributeOpen', '#[');

export const DotDotDot = op('DotDotDot', '...', true);
export const DotDotEq = op('DotDotEq', '..=', true);
export const DotDot = op('DotDot', '..', true);
export const Dot = op('Dot', '.');
export const PathSep = op('PathSep', '::');
export const Colon = op('Colon', ':');
export const Semicolon = op('Semicolon', ';');
export const Comma = op('Comma', ',');

export const LParen = op('LParen', '(');
export const RParen = op('RParen', ')');
export const LBracket = op('LBracket', '[');
export const RBracket = op('RBracket', ']');
export const LBrace = op('LBrace', '{');
export const RBrace = op('RBrace', '}');

export const PowEq = op('PowEq', '**=', true);
export const Pow = op('Pow', '**', true);
export const StarEq = op('StarEq', '*=', true);
export const Star = op('Star', '*', true);
export const PlusEq = op('PlusEq', '+=', true);
export const Plus = op('Plus', '+', true);
export const Arrow = op('Arrow', '->');
export const MinusEq = op('MinusEq', '-=', true);
export const Minus = op('Minus', '-', true);
export const SlashEq = op('SlashEq', '/=', true);
export const Slash = op('Slash', '/', true);
export const PercentEq = op('PercentEq', '%=', true);
export const Percent = op('Percent', '%', true);
export const EqEq = op('EqEq', '==', true);
export const FatArrow = op('FatArrow', '=>');
export const Eq = op('Eq', '=', true);
export const NotEq = op('NotEq', '!=', true);
export const Bang = op('Bang', '!');
export const ShlEq = op('ShlEq', '<<=', true);
export const Shl = op('Shl', '<<', true);
export const LtEq = op('LtEq', '<=', true);
export const Send = op('Send', '<-', true);
export const Ask = op('Ask', '<?', true);
export const Lt = op('Lt', '<', true);
export const ShrEq = op('ShrEq', '>>=', true);
export const GtEq = op('GtEq', '>=', true);
// `>>` is two adjacent `>` tokens, joined by the parser, so that `Vec<Vec<i32>>` closes twice.
export const Gt = op('Gt', '>', true);
export const AndAnd = op('AndAnd', '&&', true);
export const AmpEq = op('AmpEq', '&=', true);
export const Amp = op('Amp', '&', true);
export const OrOr = op('OrOr', '||', true);
export const PipeEq = op('PipeEq', '|=', true);
export const Pipeline = op('Pipeline', '|>', true);
export const Pipe = op('Pipe', '|', true);
export const CaretEq = op('CaretEq', '^=', true);
export const Caret = op('Caret', '^', true);
export const Tilde = op('Tilde', '~');
export const QuestionQuestion = op('QuestionQuestion', '??', true);
export const QuestionDot = op('QuestionDot', '?.');
export const Question = op('Question', '?');
export const At = op('At', '@');
export const Dollar = op('Dollar', '$');

// ---------------------------------------------------------------- keywords

function keyword(word: string): TokenType {
  const name = 'Kw' + word[0].toUpperCase() + word.slice(1);
  return createToken({ name, pattern: Lexer.NA, categories: [Keyword], label: `\`${word}\`` });
}

export const KwActor = keyword('actor');
export const KwAs = keyword('as');
export const KwAsync = keyword('async');
export const KwAwait = keyword('await');
export const KwBreak = keyword('break');
export const KwCatch = keyword('catch');
export const KwConst = keyword('const');
export const KwContinue = keyword('continue');
export const KwEffect = keyword('effect');
export const KwElse = keyword('else');
export const KwEnum = keyword('enum');
export const KwFalse = keyword('false');
export const KwFinally = keyword('finally');
export const KwFn = keyword('fn');
export const KwFor = keyword('for');
export const KwFun = keyword('fun');
export const KwHandle = keyword('handle');
export const KwHandler = keyword('handler');
export const KwIf = keyword('if');
export const KwImpl = keyword('impl');
export const KwImport = keyword('import');
export const KwIn = keyword('in');
export const KwLazy = keyword('lazy');
export const KwLet = keyword('let');
export const KwLoop = keyword('loop');
export const KwMatch = keyword('match');
export const KwMod = keyword('mod');
export const KwMut = keyword('mut');
export const KwPub = keyword('pub');
export const KwRef = keyword('ref');
export const KwReturn = keyword('return');
export const KwSelf = keyword('self');
export const KwSpawn = keyword('spawn');
export const KwStruct = keyword('struct');
export const KwSuper = keyword('super');
export const KwThrow = keyword('throw');
export const KwTrait = keyword('trait');
export const KwTrue = keyword('true');
export const KwTry = keyword('try');
export const KwType = keyword('type');
export const KwUse = keyword('use');
export const KwWhere = keyword('where');
export const KwWhile = keyword('while');
export const KwYield = keyword('yield');

export const keywordTokens: readonly TokenType[] = [
  KwActor, KwAs, KwAsync, KwAwait, KwBreak, KwCatch, KwConst, KwContinue, KwEffect, KwElse,
  KwEnum, KwFalse, KwFinally, KwFn, KwFor, KwFun, KwHandle, KwHandler, KwIf, KwImpl, KwImport,
  KwIn, KwLazy, KwLet, KwLoop, KwMatch, KwMod, KwMut, KwPub, KwRef, KwReturn, KwSelf, KwSpawn,
  KwStruct, KwSuper, KwThrow, KwTrait, KwTrue, KwTry, KwType, KwUse, KwWhere, KwWhile, KwYield,
];

/** `fun` -> KwFun, ... */
export const keywordByWord: ReadonlyMap<string, TokenType> = new Map(
  keywordTokens.map((t) => [(t.LABEL ?? '').slice(1, -1), t]),
);

// ---------------------------------------------------------------- the ordered lexer list

export const lexerTokens: TokenType[] = [
  Whitespace,
  DocComment,
  LineComment,
  BlockComment,
  InnerAttributeOpen,
  AttributeOpen,
  HashComment,
  FStringLiteral,
  UnterminatedFString,
  RawStringLiteral,
  TripleStringLiteral,
  StringLiteral,
  UnterminatedString,
  CharLiteral,
  Label,
  SingleQuotedString,
  FloatLiteral,
  IntLiteral,
  Identifier,
  DotDotDot, DotDotEq, DotDot, Dot,
  PathSep, Colon, Semicolon, Comma,
  LParen, RParen, LBracket, RBracket, LBrace, RBrace,
  PowEq, Pow, StarEq, Star,
  PlusEq, Plus,
  Arrow, MinusEq, Minus,
  SlashEq, Slash,
  PercentEq, Percent,
  EqEq, FatArrow, Eq,
  NotEq, Bang,
  ShlEq, Shl, LtEq, Send, Ask, Lt,
  ShrEq, GtEq, Gt,
  AndAnd, AmpEq, Amp,
  OrOr, PipeEq, Pipeline, Pipe,
  CaretEq, Caret,
  Tilde,
  QuestionQuestion, QuestionDot, Question,
  At, Dollar,
];

/** Every token type the parser knows (lexer tokens, keywords, f-string parts, categories). */
export const allTokens: TokenType[] = [
  ...lexerTokens,
  ...keywordTokens,
  FStringStart, FStringText, InterpolationOpen, FormatSpec, InterpolationClose, FStringEnd,
  InfixOperator,
  Keyword,
];
