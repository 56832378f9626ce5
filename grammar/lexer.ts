// The one lexer: Chevrotain's Lexer over ./tokens.ts, followed by one pass that
//  - retypes words that are keywords,
//  - marks each token that starts a new line (statements end at line breaks),
//  - expands each f-string into start / text / interpolation tokens / end, lexing
//    interpolated expressions recursively,
//  - turns lexing errors and unterminated literals into coded diagnostics.
// It never throws.

import { Lexer, type IToken, type TokenType } from 'chevrotain';
import { Codes, format } from '../src/diagnostics/codes.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { LineIndex } from '../src/syntax/positions.js';
import { fstringScans, rawStringTerminated, scanBlockComment, type FStringScan } from './scanners.js';
import * as T from './tokens.js';

/** A Chevrotain token plus whether a line break precedes it. */
export interface RToken extends IToken {
  endOffset: number;
  nl: boolean;
}

export interface LexResult {
  tokens: RToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
}

let chevrotainLexer: Lexer | undefined;

function lexer(): Lexer {
  chevrotainLexer ??= new Lexer(T.lexerTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: process.env.RUCHY_VALIDATE_GRAMMAR !== '1',
  });
  return chevrotainLexer;
}

export function lex(text: string, lineIndex?: LineIndex): LexResult {
  const diagnostics: Diagnostic[] = [];
  const comments: IToken[] = [];
  const tokens: RToken[] = [];
  const ctx: LexContext = { text, diagnostics, comments, lineIndex: lineIndex ?? null };
  lexInto(text, 0, tokens, ctx);
  markLineStarts(text, tokens);
  // Comments lexed inside f-string interpolations arrive after the file's own comments.
  comments.sort((a, b) => a.startOffset - b.startOffset);
  return { tokens, comments, diagnostics };
}

interface LexContext {
  text: string;
  diagnostics: Diagnostic[];
  comments: IToken[];
  lineIndex: LineIndex | null;
}

function describePosition(ctx: LexContext, offset: number): string {
  ctx.lineIndex ??= new LineIndex(ctx.text);
  return ctx.lineIndex.describe(offset);
}

/** Lexes `source` (a slice of the file starting at `base`) and appends its tokens to `out`. */
function lexInto(source: string, base: number, out: RToken[], ctx: LexContext): void {
  fstringScans.clear();
  const result = lexer().tokenize(source);
  // Scans are keyed by offsets in `source`; take them before a nested run clears them.
  const scans = new Map(fstringScans);

  for (const error of result.errors) {
    const start = base + error.offset;
    const char = source.slice(error.offset, error.offset + error.length);
    ctx.diagnostics.push(diagnostic(Codes.InvalidCharacter, start, start + error.length, { char: visible(char) }));
  }

  const comments = result.groups.comments ?? [];
  for (const comment of comments) {
    // Offset-only tracking leaves endOffset unset.
    comment.endOffset = comment.startOffset + comment.image.length - 1;
    shift(comment as RToken, base);
    if (comment.tokenType === T.BlockComment) {
      const scan = scanBlockComment(ctx.text, comment.startOffset);
      if (!scan.terminated) {
        ctx.diagnostics.push(diagnostic(Codes.UnterminatedComment, comment.startOffset, comment.startOffset + 2, {
          position: describePosition(ctx, comment.startOffset),
        }));
      }
    }
    ctx.comments.push(comment);
  }

  for (const raw of result.tokens) {
    const token = raw as RToken;
    token.endOffset = token.startOffset + token.image.length - 1;
    const type = token.tokenType;
    if (type === T.Identifier) {
      const keyword = T.keywordByWord.get(token.image);
      if (keyword !== undefined) retype(token, keyword);
    } else if (type === T.FStringLiteral || type === T.UnterminatedFString) {
      const scan = scans.get(token.startOffset);
      if (scan !== undefined) {
        expandFString(source, base, scan, out, ctx);
        continue;
      }
    } else if (type === T.UnterminatedString) {
      const start = base + token.startOffset;
      ctx.diagnostics.push(diagnostic(Codes.UnterminatedString, start, base + token.endOffset! + 1, { quote: '"' }));
      retype(token, T.StringLiteral);
    } else if (type === T.TripleStringLiteral) {
      if (token.image.length < 6 || !token.image.endsWith('"""')) {
        const start = base + token.startOffset;
        ctx.diagnostics.push(diagnostic(Codes.UnterminatedString, start, start + 3, { quote: '"""' }));
      }
    } else if (type === T.RawStringLiteral) {
      if (!rawStringTerminated(token.image)) {
        const start = base + token.startOffset;
        ctx.diagnostics.push(diagnostic(Codes.UnterminatedString, start, base + token.endOffset! + 1, { quote: '"' }));
      }
    }
    shift(token, base);
    token.nl = false;
    out.push(token);
  }
}

function expandFString(source: string, base: number, scan: FStringScan, out: RToken[], ctx: LexContext): void {
  out.push(synthetic(T.FStringStart, 'f"', base + scan.start));
  for (const part of scan.parts) {
    if (part.kind === 'text') {
      out.push(synthetic(T.FStringText, source.slice(part.start, part.end), base + part.start));
      continue;
    }
    out.push(synthetic(T.InterpolationOpen, '{', base + part.open));
    if (part.exprEnd > part.exprStart) {
      lexInto(source.slice(part.exprStart, part.exprEnd), base + part.exprStart, out, ctx);
    }
    if (part.specStart >= 0) {
      const specEnd = part.close >= 0 ? part.close : part.exprEnd;
      const end = part.close >= 0 ? part.close : lineEnd(source, part.specStart);
      out.push(synthetic(T.FormatSpec, source.slice(part.specStart, Math.max(specEnd, end)), base + part.specStart));
    }
    if (part.close >= 0) {
      out.push(synthetic(T.InterpolationClose, '}', base + part.close));
    } else {
      ctx.diagnostics.push(diagnostic(Codes.UnterminatedInterpolation, base + part.open, base + part.open + 1, {
        position: describePosition(ctx, base + part.open),
      }));
    }
  }
  if (scan.terminated) {
    out.push(synthetic(T.FStringEnd, '"', base + scan.end - 1));
  } else {
    const start = base + scan.start;
    ctx.diagnostics.push(diagnostic(Codes.UnterminatedString, start, base + scan.end, { quote: '"' }));
  }
}

function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

/** Sets `nl` on every token that has a line break between it and the previous token. */
function markLineStarts(text: string, tokens: RToken[]): void {
  let previousEnd = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    let nl = t === 0;
    for (let i = previousEnd; i < token.startOffset; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        nl = true;
        break;
      }
    }
    token.nl = nl;
    previousEnd = token.endOffset + 1;
  }
}

function retype(token: IToken, type: TokenType): void {
  token.tokenType = type;
  token.tokenTypeIdx = type.tokenTypeIdx!;
}

function shift(token: IToken & { endOffset: number }, base: number): void {
  if (base !== 0) {
    token.startOffset += base;
    token.endOffset += base;
  }
}

/** A token with the same shape as the lexer's (offset-only) tokens. */
function synthetic(type: TokenType, image: string, startOffset: number): RToken {
  return {
    image,
    startOffset,
    endOffset: startOffset + image.length - 1,
    tokenTypeIdx: type.tokenTypeIdx!,
    tokenType: type,
    nl: false,
  } as RToken;
}

function diagnostic(
  code: (typeof Codes)[keyof typeof Codes],
  start: number,
  end: number,
  args: Record<string, string>,
): Diagnostic {
  return { code: code.code, severity: code.severity, message: format(code.template, args), start, end };
}

function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}
