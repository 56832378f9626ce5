// The one lexer. It turns text into the token vector the Chevrotain parser reads,
// using the token types of ./tokens.ts.
//
// It is a hand-written scanner rather than Chevrotain's regex-driven Lexer: Ruchy's
// lexical grammar needs context (f-strings with nested interpolations, labels versus
// char literals versus 'strings', nested comments, tuple indexes like `t.0.1`, a
// missing quote that must not swallow the file), and a single pass over char codes is
// about twice as fast as the regex engine. In that one pass it also
//  - gives keywords their own token types,
//  - marks each token that starts a new line (statements end at line breaks),
//  - expands each f-string into start / text / interpolation tokens / spec / end,
//  - collects comments, and reports lexical errors as coded diagnostics.
// It never throws.

import type { IToken, TokenType } from 'chevrotain';
import { Codes, format, type DiagnosticCode } from '../src/diagnostics/codes.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { LineIndex } from '../src/syntax/positions.js';
import { MAX_FSTRING_NESTING, scanBlockComment, scanFString, scanQuoted, skipFString, type FStringScan } from './scanners.js';
import * as T from './tokens.js';

/** A Chevrotain token plus whether a line break precedes it. */
export interface RToken extends IToken {
  endOffset: number;
  nl: boolean;
}

export interface LexResult {
  tokens: RToken[];
  comments: RToken[];
  diagnostics: Diagnostic[];
}

interface Context {
  text: string;
  tokens: RToken[];
  comments: RToken[];
  diagnostics: Diagnostic[];
  lineIndex: LineIndex | null;
  /** A line break was seen since the last token. */
  nl: boolean;
  /** Too deeply nested f-strings are reported once per text. */
  reportedTooDeep: boolean;
  /** For a string terminator, an offset from which the text does not contain it. */
  absentFrom: Map<string, number>;
}

/** How many f-strings enclose the text being scanned (the lexer is not reentrant). */
let fstringDepth = 0;

/** Lexes the whole text at once (for tools that want every token). */
export function lex(text: string, lineIndex?: LineIndex): LexResult {
  const stream = new TokenStream(text, lineIndex);
  stream.fill(Infinity);
  return { tokens: stream.tokens, comments: stream.comments, diagnostics: stream.diagnostics };
}

/**
 * Tokens on demand. The parser reads through a window over `tokens` and drops the ones
 * it has passed, so that tokens die young instead of living as long as the whole parse.
 */
export class TokenStream {
  private readonly ctx: Context;
  private position = 0;

  constructor(text: string, lineIndex?: LineIndex) {
    this.ctx = { text, tokens: [], comments: [], diagnostics: [], lineIndex: lineIndex ?? null, nl: true, reportedTooDeep: false, absentFrom: new Map() };
  }

  /** The scanned tokens not yet dropped by the reader. */
  get tokens(): RToken[] {
    return this.ctx.tokens;
  }

  get comments(): RToken[] {
    return this.ctx.comments;
  }

  get diagnostics(): Diagnostic[] {
    return this.ctx.diagnostics;
  }

  /** Scans until `tokens` holds at least `count` tokens; false when the text ended first. */
  fill(count: number): boolean {
    const ctx = this.ctx;
    const end = ctx.text.length;
    while (ctx.tokens.length < count && this.position < end) {
      fstringDepth = 0;
      this.position = scanRange(ctx, this.position, end, count);
    }
    return ctx.tokens.length >= count;
  }
}

function token(type: TokenType, image: string, start: number, nl: boolean): RToken {
  return { image, startOffset: start, endOffset: start + image.length - 1, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type, nl } as RToken;
}

function report(ctx: Context, code: DiagnosticCode, start: number, end: number, args: Record<string, string | number> = {}): void {
  ctx.diagnostics.push({ code: code.code, severity: code.severity, message: format(code.template, args), start, end });
}

/** A diagnostic whose message names where something was opened: the offset also travels in `data` (see positionedMessage). */
function reportOpened(ctx: Context, code: DiagnosticCode, start: number, end: number, opener: number, what: string): void {
  ctx.diagnostics.push({
    code: code.code,
    severity: code.severity,
    message: format(code.template, { position: describe(ctx, opener) }),
    start,
    end,
    related: [{ start: opener, end: opener + 1, message: `the ${what} opened here` }],
    data: { openedAt: opener },
  });
}

function describe(ctx: Context, offset: number): string {
  ctx.lineIndex ??= new LineIndex(ctx.text);
  return ctx.lineIndex.describe(offset);
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}

/** 2 for a surrogate pair at `i`, else 1. */
function codePointWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function lineEnd(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

/** Punctuation: the longest operator starting at `i`, or null. */
function punctuation(text: string, i: number): TokenType | null {
  const c = text.charCodeAt(i);
  const c1 = text.charCodeAt(i + 1);
  const c2 = text.charCodeAt(i + 2);
  switch (c) {
    case 40: return T.LParen; // (
    case 41: return T.RParen;
    case 91: return T.LBracket; // [
    case 93: return T.RBracket;
    case 123: return T.LBrace; // {
    case 125: return T.RBrace;
    case 44: return T.Comma;
    case 59: return T.Semicolon;
    case 126: return T.Tilde;
    case 36: return T.Dollar;
    case 64: return T.At;
    case 46: // .
      if (c1 === 46) return c2 === 46 ? T.DotDotDot : c2 === 61 ? T.DotDotEq : T.DotDot;
      return T.Dot;
    case 58: return c1 === 58 ? T.PathSep : T.Colon; // :
    case 42: // *
      if (c1 === 42) return c2 === 61 ? T.PowEq : T.Pow;
      return c1 === 61 ? T.StarEq : T.Star;
    case 43: return c1 === 61 ? T.PlusEq : T.Plus; // +
    case 45: return c1 === 62 ? T.Arrow : c1 === 61 ? T.MinusEq : T.Minus; // -
    case 47: return c1 === 61 ? T.SlashEq : T.Slash; // /
    case 37: return c1 === 61 ? T.PercentEq : T.Percent; // %
    case 61: return c1 === 61 ? T.EqEq : c1 === 62 ? T.FatArrow : T.Eq; // =
    case 33: return c1 === 61 ? T.NotEq : T.Bang; // !
    case 60: // <
      if (c1 === 60) return c2 === 61 ? T.ShlEq : T.Shl;
      if (c1 === 61) return T.LtEq;
      if (c1 === 45) return T.Send;
      if (c1 === 63) return T.Ask;
      return T.Lt;
    case 62: // >   (`>>` stays two tokens so that `Vec<Vec<T>>` closes twice)
      if (c1 === 62 && c2 === 61) return T.ShrEq;
      return c1 === 61 ? T.GtEq : T.Gt;
    case 38: return c1 === 38 ? T.AndAnd : c1 === 61 ? T.AmpEq : T.Amp; // &
    case 124: return c1 === 124 ? T.OrOr : c1 === 61 ? T.PipeEq : c1 === 62 ? T.Pipeline : T.Pipe; // |
    case 94: return c1 === 61 ? T.CaretEq : T.Caret; // ^
    case 63: return c1 === 63 ? T.QuestionQuestion : c1 === 46 ? T.QuestionDot : T.Question; // ?
    default: return null;
  }
}

/** Fixed images of punctuation tokens (no slicing for them). */
function imageOf(type: TokenType): string {
  return type.PATTERN as string;
}

/** Scans text[from, to) into ctx.tokens, stopping early once it holds `until` tokens; returns where it stopped. */
function scanRange(ctx: Context, from: number, to: number, until = Infinity): number {
  const text = ctx.text;
  const tokens = ctx.tokens;
  let i = from;
  while (i < to) {
    if (tokens.length >= until) return i;
    const c = text.charCodeAt(i);

    // Blanks and line breaks.
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    if (c === 10 || c === 13) {
      ctx.nl = true;
      i++;
      continue;
    }

    // Words: identifiers, keywords, and the prefixes of f"..." and r"...".
    if (isIdentStart(c)) {
      const c1 = text.charCodeAt(i + 1);
      // (Right after a number, `4f"` is not an f-string: as in ./scanners.ts, which must agree.)
      const prefix = c1 === 34 || c1 === 35 ? !isDigit(text.charCodeAt(i - 1)) : false;
      if (c === 102 /* f */ && c1 === 34 && prefix) {
        i = scanFStringToken(ctx, i, to);
        continue;
      }
      if (c === 114 /* r */ && (c1 === 34 || (c1 === 35 && rawStringAhead(text, i))) && prefix) {
        i = scanRawString(ctx, i, to);
        continue;
      }
      let j = i + 1;
      while (j < to && isIdentPart(text.charCodeAt(j))) j++;
      // Keywords are all lower case, 2 to 8 letters: only those words need the lookup,
      // and a keyword's image is its constant spelling (no slice).
      const keyword = j - i >= 2 && j - i <= 8 && c >= 97 ? keywordAt(text, i, j) : undefined;
      if (keyword !== undefined) tokens.push(token(keyword, keyword.LABEL!.slice(1, -1), i, ctx.nl));
      else tokens.push(token(T.Identifier, text.slice(i, j), i, ctx.nl));
      ctx.nl = false;
      i = j;
      continue;
    }

    if (isDigit(c)) {
      i = scanNumber(ctx, i, to);
      continue;
    }

    switch (c) {
      case 34: // "
        i = text.startsWith('"""', i) ? scanTripleString(ctx, i, to) : scanString(ctx, i, to);
        continue;
      case 39: // '
        i = scanQuote(ctx, i, to);
        continue;
      case 47: { // /
        const c1 = text.charCodeAt(i + 1);
        if (c1 === 47) {
          const end = lineEnd(text, i, to);
          const isDoc = text.charCodeAt(i + 2) === 47 && text.charCodeAt(i + 3) !== 47;
          ctx.comments.push(token(isDoc ? T.DocComment : T.LineComment, text.slice(i, end), i, ctx.nl));
          i = end;
          continue;
        }
        if (c1 === 42) {
          const scan = scanBlockComment(text, i);
          const end = Math.min(scan.end, to);
          if (!scan.terminated) reportOpened(ctx, Codes.UnterminatedComment, i, i + 2, i, 'comment');
          ctx.comments.push(token(T.BlockComment, text.slice(i, end), i, ctx.nl));
          for (let k = i; k < end; k++) {
            const ch = text.charCodeAt(k);
            if (ch === 10 || ch === 13) {
              ctx.nl = true;
              break;
            }
          }
          i = end;
          continue;
        }
        break;
      }
      case 35: { // #
        const c1 = text.charCodeAt(i + 1);
        if (c1 === 91) {
          tokens.push(token(T.AttributeOpen, '#[', i, ctx.nl));
          ctx.nl = false;
          i += 2;
          continue;
        }
        if (c1 === 33 && text.charCodeAt(i + 2) === 91) {
          tokens.push(token(T.InnerAttributeOpen, '#![', i, ctx.nl));
          ctx.nl = false;
          i += 3;
          continue;
        }
        const end = lineEnd(text, i, to);
        ctx.comments.push(token(T.HashComment, text.slice(i, end), i, ctx.nl));
        i = end;
        continue;
      }
      case 64: { // @label
        if (isIdentStart(text.charCodeAt(i + 1)) && labelHere(ctx, i, to)) {
          i = pushLabel(ctx, i, to);
          continue;
        }
        break;
      }
      default:
        break;
    }

    const type = punctuation(text, i);
    if (type !== null) {
      const image = imageOf(type);
      tokens.push(token(type, image, i, ctx.nl));
      ctx.nl = false;
      i += image.length;
      continue;
    }

    // Anything else is not Ruchy: report it (a run of such characters once) and go on.
    // Whole code points only: a surrogate pair is never split, a lone surrogate is one character.
    let j = i + codePointWidth(text, i);
    if (c >= 32 && c !== 127) {
      while (j < to && text.charCodeAt(j) > 127) j += codePointWidth(text, j);
    }
    report(ctx, Codes.InvalidCharacter, i, j, { char: visible(text.slice(i, j)) });
    i = j;
  }
  return i;
}

/** The keyword spelled by text[i, j), if any, found by length and first letter without slicing. */
function keywordAt(text: string, i: number, j: number): TokenType | undefined {
  const bucket = KEYWORD_BUCKETS[(j - i) * 32 + (text.charCodeAt(i) - 96)];
  if (bucket === undefined) return undefined;
  outer: for (const [word, type] of bucket) {
    for (let k = 1; k < word.length; k++) if (text.charCodeAt(i + k) !== word.charCodeAt(k)) continue outer;
    return type;
  }
  return undefined;
}

const KEYWORD_BUCKETS: ([string, TokenType][] | undefined)[] = (() => {
  const buckets: ([string, TokenType][] | undefined)[] = [];
  for (const [word, type] of T.keywordByWord) {
    const key = word.length * 32 + (word.charCodeAt(0) - 96);
    (buckets[key] ??= []).push([word, type]);
  }
  return buckets;
})();

// ---------------------------------------------------------------- numbers

const INT_SUFFIXES = ['i8', 'i16', 'i32', 'i64', 'i128', 'isize', 'u8', 'u16', 'u32', 'u64', 'u128', 'usize'];

function scanNumber(ctx: Context, start: number, to: number): number {
  const text = ctx.text;
  let i = start;
  const c1 = text.charCodeAt(i + 1);
  if (text.charCodeAt(i) === 48 && (c1 === 120 || c1 === 88 || c1 === 111 || c1 === 79 || c1 === 98 || c1 === 66)) {
    i += 2;
    while (i < to && isIdentPart(text.charCodeAt(i))) i++;
    return pushNumber(ctx, T.IntLiteral, start, i);
  }
  while (i < to && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
  // After `.` (a tuple index, `t.0.1`) a number is always an integer.
  const last = ctx.tokens[ctx.tokens.length - 1];
  const afterDot = last !== undefined && last.tokenType === T.Dot && last.endOffset === start - 1;
  let isFloat = false;
  if (!afterDot) {
    if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
      isFloat = true;
      i += 1;
      while (i < to && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      let k = i + 1;
      const sign = text.charCodeAt(k);
      if (sign === 43 || sign === 45) k++;
      if (isDigit(text.charCodeAt(k))) {
        isFloat = true;
        i = k;
        while (i < to && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
      }
    }
    if (text.startsWith('f32', i) || text.startsWith('f64', i)) {
      if (!isIdentPart(text.charCodeAt(i + 3))) {
        isFloat = true;
        i += 3;
      }
    }
  }
  if (!isFloat && (text.charCodeAt(i) === 105 || text.charCodeAt(i) === 117)) {
    for (const suffix of INT_SUFFIXES) {
      if (text.startsWith(suffix, i) && !isIdentPart(text.charCodeAt(i + suffix.length))) {
        i += suffix.length;
        break;
      }
    }
  }
  return pushNumber(ctx, isFloat ? T.FloatLiteral : T.IntLiteral, start, i);
}

function pushNumber(ctx: Context, type: TokenType, start: number, end: number): number {
  ctx.tokens.push(token(type, ctx.text.slice(start, end), start, ctx.nl));
  ctx.nl = false;
  return end;
}

// ---------------------------------------------------------------- strings

function scanString(ctx: Context, start: number, to: number): number {
  const text = ctx.text;
  let end = scanQuoted(text, start, 34);
  if (end < 0 || end > to) {
    end = lineEnd(text, start, to);
    report(ctx, Codes.UnterminatedString, start, end, { quote: '"' });
  }
  pushText(ctx, T.StringLiteral, start, end);
  return end;
}

function scanTripleString(ctx: Context, start: number, to: number): number {
  const text = ctx.text;
  const close = findTerminator(ctx, '"""', start + 3);
  let end: number;
  if (close < 0 || close + 3 > to) {
    end = to;
    report(ctx, Codes.UnterminatedString, start, start + 3, { quote: '"""' });
  } else end = close + 3;
  pushText(ctx, T.TripleStringLiteral, start, end);
  return end;
}

/**
 * The next `terminator` from `from`, or -1. A failed search is remembered, so that many
 * unterminated raw or triple-quoted strings do not each search the rest of the file.
 */
function findTerminator(ctx: Context, terminator: string, from: number): number {
  const absentFrom = ctx.absentFrom.get(terminator);
  if (absentFrom !== undefined && from >= absentFrom) return -1;
  const found = ctx.text.indexOf(terminator, from);
  if (found < 0) ctx.absentFrom.set(terminator, Math.min(from, absentFrom ?? from));
  return found;
}

function rawStringAhead(text: string, i: number): boolean {
  let k = i + 1;
  while (text.charCodeAt(k) === 35) k++;
  return text.charCodeAt(k) === 34;
}

function scanRawString(ctx: Context, start: number, to: number): number {
  const text = ctx.text;
  let k = start + 1;
  let hashes = 0;
  while (text.charCodeAt(k) === 35) {
    hashes++;
    k++;
  }
  const terminator = '"' + '#'.repeat(hashes);
  const close = findTerminator(ctx, terminator, k + 1);
  let end: number;
  if (close < 0 || close + terminator.length > to) {
    end = lineEnd(text, start, to);
    report(ctx, Codes.UnterminatedString, start, end, { quote: terminator });
  } else end = close + terminator.length;
  pushText(ctx, T.RawStringLiteral, start, end);
  return end;
}

function pushText(ctx: Context, type: TokenType, start: number, end: number): void {
  ctx.tokens.push(token(type, ctx.text.slice(start, end), start, ctx.nl));
  ctx.nl = false;
}

// ---------------------------------------------------------------- quotes: chars, labels, 'strings'

function isLabelUse(ctx: Context): boolean {
  const last = ctx.tokens[ctx.tokens.length - 1];
  return last !== undefined && (last.tokenType === T.KwBreak || last.tokenType === T.KwContinue);
}

/** Is `'name` / `@name` at `i` a label (defined with `:` after it, or used after break/continue)? */
function labelHere(ctx: Context, i: number, to: number): boolean {
  const text = ctx.text;
  let j = i + 2;
  while (j < to && isIdentPart(text.charCodeAt(j))) j++;
  let k = j;
  while (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9) k++;
  const definesLabel = text.charCodeAt(k) === 58 && text.charCodeAt(k + 1) !== 58;
  return definesLabel || isLabelUse(ctx);
}

function pushLabel(ctx: Context, start: number, to: number): number {
  let j = start + 2;
  while (j < to && isIdentPart(ctx.text.charCodeAt(j))) j++;
  ctx.tokens.push(token(T.Label, ctx.text.slice(start, j), start, ctx.nl));
  ctx.nl = false;
  return j;
}

/** Length of a char literal body at `offset` (after the quote): one code point or one escape; -1 if none. */
function charBodyEnd(text: string, offset: number): number {
  const c = text.charCodeAt(offset);
  if (Number.isNaN(c) || c === 10 || c === 13 || c === 39) return -1;
  if (c === 92) {
    const e = text.charCodeAt(offset + 1);
    if (e === 117 && text.charCodeAt(offset + 2) === 123) {
      const close = text.indexOf('}', offset + 3);
      return close < 0 || close - offset > 12 ? -1 : close + 1;
    }
    if (e === 120) return offset + 4;
    return offset + 2;
  }
  return offset + (c >= 0xd800 && c <= 0xdbff ? 2 : 1);
}

/** `'a'` char, `'outer:` / `break 'outer` label, `'a` lifetime, `'abc'` string. */
function scanQuote(ctx: Context, start: number, to: number): number {
  const text = ctx.text;
  const bodyEnd = charBodyEnd(text, start + 1);
  if (bodyEnd >= 0 && text.charCodeAt(bodyEnd) === 39) {
    ctx.tokens.push(token(T.CharLiteral, text.slice(start, bodyEnd + 1), start, ctx.nl));
    ctx.nl = false;
    return bodyEnd + 1;
  }
  if (isIdentStart(text.charCodeAt(start + 1))) {
    let j = start + 2;
    while (j < to && isIdentPart(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== 39) {
      const last = ctx.tokens[ctx.tokens.length - 1];
      if (labelHere(ctx, start, to)) return pushLabel(ctx, start, to);
      // Where a lifetime can stand (`&'a T`, `<'a, 'b>`, `T: 'static`, `+ 'a`) it is one, unless
      // a quote closes it as a string (`f(x, 'a b')`); a quote directly followed by a name is
      // the next lifetime, not a closing quote. Anything else is a 'string, maybe unterminated.
      const t = last?.tokenType;
      if (t === T.Amp || t === T.AndAnd || t === T.Lt || t === T.Comma || t === T.Plus || t === T.Colon) {
        const close = scanSingleQuoted(text, start, to);
        if (close < 0 || isIdentStart(text.charCodeAt(close))) return pushLabel(ctx, start, to);
      }
    }
  }
  const end = scanSingleQuoted(text, start, to);
  if (end < 0) {
    const stop = lineEnd(text, start, to);
    report(ctx, Codes.UnterminatedString, start, stop, { quote: "'" });
    pushText(ctx, T.SingleQuotedString, start, stop);
    return stop;
  }
  pushText(ctx, T.SingleQuotedString, start, end);
  return end;
}

function scanSingleQuoted(text: string, start: number, to: number): number {
  let i = start + 1;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 92) i += 2;
    else if (c === 39) return i + 1;
    else if (c === 10 || c === 13) return -1;
    else i++;
  }
  return -1;
}


// ---------------------------------------------------------------- f-strings

function scanFStringToken(ctx: Context, start: number, to: number): number {
  if (fstringDepth >= MAX_FSTRING_NESTING) return scanTooDeepFString(ctx, start, to);
  const scan = scanFString(ctx.text, start, fstringDepth);
  const end = Math.min(scan.end, to);
  fstringDepth++;
  expandFString(ctx, scan, to);
  fstringDepth--;
  return end;
}

/**
 * Too deep to expand: the f-string (with everything nested in it) becomes an empty
 * f-string, its inside not analysed, so that nothing recurses further. Reported once.
 */
function scanTooDeepFString(ctx: Context, start: number, to: number): number {
  if (!ctx.reportedTooDeep) {
    ctx.reportedTooDeep = true;
    report(ctx, Codes.NestingTooDeep, start, start + 2, { limit: MAX_FSTRING_NESTING });
  }
  let end = skipFString(ctx.text, start);
  const terminated = end >= 0 && end <= to;
  if (!terminated) end = lineEnd(ctx.text, start, to);
  ctx.tokens.push(token(T.FStringStart, 'f"', start, ctx.nl));
  ctx.nl = false;
  if (terminated) ctx.tokens.push(token(T.FStringEnd, '"', end - 1, false));
  return end;
}

function expandFString(ctx: Context, scan: FStringScan, to: number): void {
  const text = ctx.text;
  ctx.tokens.push(token(T.FStringStart, 'f"', scan.start, ctx.nl));
  ctx.nl = false;
  for (const part of scan.parts) {
    // A nested f-string stops where the interpolation around it stops (`to`): its tokens must not overlap the outer ones.
    if (part.kind === 'text') {
      if (part.start >= to) break;
      ctx.tokens.push(token(T.FStringText, text.slice(part.start, Math.min(part.end, to)), part.start, false));
      continue;
    }
    if (part.open >= to) break;
    ctx.tokens.push(token(T.InterpolationOpen, '{', part.open, false));
    if (part.exprEnd > part.exprStart) scanRange(ctx, part.exprStart, Math.min(part.exprEnd, to));
    ctx.nl = false;
    if (part.specStart >= 0) {
      const specEnd = Math.min(part.close >= 0 ? part.close : part.end, to);
      ctx.tokens.push(token(T.FormatSpec, text.slice(part.specStart, specEnd), part.specStart, false));
    }
    if (part.close >= 0 && part.close < to) {
      ctx.tokens.push(token(T.InterpolationClose, '}', part.close, false));
    } else {
      reportOpened(ctx, Codes.UnterminatedInterpolation, part.open, part.open + 1, part.open, 'interpolation');
    }
  }
  const last = scan.parts[scan.parts.length - 1];
  // The closing quote may already be a token of an unclosed interpolation (`f"{|f"`: the inner `f"`).
  const previous = ctx.tokens[ctx.tokens.length - 1];
  if (scan.terminated && scan.end <= to && (previous === undefined || (previous.endOffset ?? -1) < scan.end - 1)) {
    ctx.tokens.push(token(T.FStringEnd, '"', scan.end - 1, false));
  } else if (last === undefined || last.kind !== 'interpolation' || last.close >= 0) {
    // (An f-string cut short by its unterminated interpolation is reported once, as that.)
    report(ctx, Codes.UnterminatedString, scan.start, scan.end, { quote: '"' });
  }
}

function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}
