// Every token type of Ruchy, in one place: the vocabulary shared by the lexer
// (./lexer.ts, which produces tokens of these types) and the Chevrotain parser.
// Punctuation tokens carry their text as pattern, which is also their image.
// Keywords share the `Keyword` category so that `.type` or `{ match: 1 }` can still
// use them as names; infix operators share `InfixOperator`, which the expression rule
// loops over.

import { createToken, Lexer, type TokenType } from 'chevrotain';

// ---------------------------------------------------------------- categories

/** Every token that can sit between two operands: binary, assignment, range, pipeline. */
export const InfixOperator = createToken({ name: 'InfixOperator', pattern: Lexer.NA });
/** Keywords that may still be used as a field, method or object key after `.`. */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });

// ---------------------------------------------------------------- trivia and literals

function kind(name: string): TokenType {
  return createToken({ name, pattern: Lexer.NA });
}

export const DocComment = kind('DocComment');
export const LineComment = kind('LineComment');
export const BlockComment = kind('BlockComment');
export const HashComment = kind('HashComment');

export const RawStringLiteral = kind('RawStringLiteral');
export const TripleStringLiteral = kind('TripleStringLiteral');
export const StringLiteral = kind('StringLiteral');
export const CharLiteral = kind('CharLiteral');
/** `'outer` / `@outer` where a label is defined or used, and `'a` lifetimes. */
export const Label = kind('Label');
/** `'abc'` */
export const SingleQuotedString = kind('SingleQuotedString');
export const FloatLiteral = kind('FloatLiteral');
export const IntLiteral = kind('IntLiteral');
export const Identifier = kind('Identifier');

// An f-string is expanded into these tokens, with the tokens of each interpolated expression between InterpolationOpen and InterpolationClose.
export const FStringStart = createToken({ name: 'FStringStart', pattern: Lexer.NA });
export const FStringText = createToken({ name: 'FStringText', pattern: Lexer.NA });
export const InterpolationOpen = createToken({ name: 'InterpolationOpen', pattern: Lexer.NA });
export const FormatSpec = createToken({ name: 'FormatSpec', pattern: Lexer.NA });
export const InterpolationClose = createToken({ name: 'InterpolationClose', pattern: Lexer.NA });
export const FStringEnd = createToken({ name: 'FStringEnd', pattern: Lexer.NA });

// ---------------------------------------------------------------- punctuation and operators

const punctuationTokens: TokenType[] = [];

function op(name: string, pattern: string, infix = false): TokenType {
  const type = createToken({ name, pattern, ...(infix ? { categories: [InfixOperator] } : {}) });
  punctuationTokens.push(type);
  return type;
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

/** Every token type the parser knows (lexer tokens, keywords, f-string parts, categories). */
export const allTokens: TokenType[] = [
  DocComment, LineComment, BlockComment, HashComment,
  RawStringLiteral, TripleStringLiteral, StringLiteral, CharLiteral, Label, SingleQuotedString,
  FloatLiteral, IntLiteral, Identifier,
  ...punctuationTokens,
  ...keywordTokens,
  FStringStart, FStringText, InterpolationOpen, FormatSpec, InterpolationClose, FStringEnd,
  InfixOperator,
  Keyword,
];
