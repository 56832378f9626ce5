// Custom token matchers for the tokens a regular expression cannot lex well:
// strings (with a heuristic that keeps one missing quote from swallowing the file),
// f-strings (nested interpolations, nested strings, format specs), nested block
// comments, labels versus char literals versus single-quoted strings, `#` comments
// versus attributes, and floats that must not eat a tuple index (`t.0.1`).
//
// Each matcher follows Chevrotain's custom pattern contract: given the text and an
// offset, return `[matchedText]` or null. They never throw.

import type { IToken } from 'chevrotain';

type Match = [string] | null;

const CH_NL = 10;
const CH_CR = 13;
const CH_QUOTE = 34; // "
const CH_APOS = 39; // '
const CH_BACKSLASH = 92;
const CH_LBRACE = 123;
const CH_RBRACE = 125;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isLineBreak(c: number): boolean {
  return c === CH_NL || c === CH_CR;
}

function lineEndFrom(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && !isLineBreak(text.charCodeAt(i))) i++;
  return i;
}

function match(text: string, start: number, end: number): Match {
  return [text.slice(start, end)];
}

// ---------------------------------------------------------------- comments

export function matchBlockComment(text: string, offset: number): Match {
  if (text.charCodeAt(offset) !== 47 || text.charCodeAt(offset + 1) !== 42) return null;
  return match(text, offset, scanBlockComment(text, offset).end);
}

/** Block comments nest. An unterminated one runs to the end of the text. */
export function scanBlockComment(text: string, offset: number): { end: number; terminated: boolean } {
  let depth = 0;
  let i = offset;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      depth++;
      i += 2;
    } else if (c === 42 && text.charCodeAt(i + 1) === 47) {
      depth--;
      i += 2;
      if (depth === 0) return { end: i, terminated: true };
    } else i++;
  }
  return { end: text.length, terminated: false };
}

/** `#` starts a line comment unless it opens an attribute (`#[`, `#![`). */
export function matchHashComment(text: string, offset: number): Match {
  if (text.charCodeAt(offset) !== 35) return null;
  const next = text.charCodeAt(offset + 1);
  if (next === 91) return null;
  if (next === 33 && text.charCodeAt(offset + 2) === 91) return null;
  return match(text, offset, lineEndFrom(text, offset));
}

// ---------------------------------------------------------------- strings

/**
 * End of a `quote`-delimited string starting at `offset` (the opening quote), or -1 when
 * it is unterminated. A string may span lines only if the line where it would close
 * reads as balanced after the closing quote; otherwise one missing quote would swallow
 * the rest of the file, and it is better reported as unterminated at the end of its line.
 */
export function scanQuoted(text: string, offset: number, quote: number): number {
  let i = offset + 1;
  let sawNewline = false;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === CH_BACKSLASH) {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sawNewline && !restOfLineBalanced(text, i + 1, quote)) return -1;
      return i + 1;
    }
    if (isLineBreak(c)) sawNewline = true;
    i++;
  }
  return -1;
}

function restOfLineBalanced(text: string, from: number, quote: number): boolean {
  let count = 0;
  const end = lineEndFrom(text, from);
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === CH_BACKSLASH) i++;
    else if (c === quote) count++;
  }
  return count % 2 === 0;
}

export function matchString(text: string, offset: number): Match {
  if (text.charCodeAt(offset) !== CH_QUOTE) return null;
  const end = scanQuoted(text, offset, CH_QUOTE);
  return end < 0 ? null : match(text, offset, end);
}

/** Only reached when matchString failed: the string runs to the end of its line. */
export function matchUnterminatedString(text: string, offset: number): Match {
  if (text.charCodeAt(offset) !== CH_QUOTE) return null;
  return match(text, offset, lineEndFrom(text, offset));
}

/** `"""..."""`, multi-line; unterminated runs to the end of the text. */
export function matchTripleString(text: string, offset: number): Match {
  if (!text.startsWith('"""', offset)) return null;
  const close = text.indexOf('"""', offset + 3);
  return match(text, offset, close < 0 ? text.length : close + 3);
}

/** `r"..."` and `r#"..."#` (any number of `#`); unterminated runs to the end of its line. */
export function matchRawString(text: string, offset: number): Match {
  if (text.charCodeAt(offset) !== 114 /* r */) return null;
  let i = offset + 1;
  let hashes = 0;
  while (text.charCodeAt(i) === 35) {
    hashes++;
    i++;
  }
  if (text.charCodeAt(i) !== CH_QUOTE) return null;
  const terminator = '"' + '#'.repeat(hashes);
  const close = text.indexOf(terminator, i + 1);
  if (close < 0) return match(text, offset, lineEndFrom(text, offset));
  return match(text, offset, close + terminator.length);
}

export function rawStringTerminated(image: string): boolean {
  let hashes = 0;
  while (image.charCodeAt(1 + hashes) === 35) hashes++;
  const terminator = '"' + '#'.repeat(hashes);
  return image.length >= 3 + 2 * hashes && image.endsWith(terminator);
}

// ---------------------------------------------------------------- f-strings

export interface FStringTextPart {
  kind: 'text';
  start: number;
  end: number;
}

export interface FStringInterpolationPart {
  kind: 'interpolation';
  /** Offset of the `{`. */
  open: number;
  exprStart: number;
  exprEnd: number;
  /** Offset of the `:` that starts the format spec, or -1. */
  specStart: number;
  /** Offset of the closing `}`, or -1 when the interpolation is unterminated. */
  close: number;
}

export interface FStringScan {
  start: number;
  end: number;
  terminated: boolean;
  parts: (FStringTextPart | FStringInterpolationPart)[];
}

/**
 * Scans `f"..."` from `offset`. Interpolations may contain any expression, including
 * strings, nested f-strings and braces; a `:` at nesting depth zero starts a format spec.
 * An f-string ends at its closing quote, or (unterminated) at a line break.
 */
export function scanFString(text: string, offset: number): FStringScan {
  const parts: FStringScan['parts'] = [];
  let i = offset + 2;
  let textStart = i;
  const flushText = (end: number) => {
    if (end > textStart) parts.push({ kind: 'text', start: textStart, end });
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === CH_BACKSLASH) {
      i += 2;
    } else if (c === CH_QUOTE) {
      flushText(i);
      return { start: offset, end: i + 1, terminated: true, parts };
    } else if (isLineBreak(c)) {
      break;
    } else if (c === CH_LBRACE && text.charCodeAt(i + 1) === CH_LBRACE) {
      i += 2;
    } else if (c === CH_RBRACE && text.charCodeAt(i + 1) === CH_RBRACE) {
      i += 2;
    } else if (c === CH_LBRACE) {
      flushText(i);
      const part = scanInterpolation(text, i);
      parts.push(part);
      i = part.close >= 0 ? part.close + 1 : part.exprEnd;
      textStart = i;
      if (part.close < 0) {
        // The interpolation ran into the f-string's closing quote or a line break.
        if (text.charCodeAt(i) === CH_QUOTE) return { start: offset, end: i + 1, terminated: true, parts };
        break;
      }
    } else i++;
  }
  flushText(Math.min(i, text.length));
  return { start: offset, end: Math.min(i, text.length), terminated: false, parts };
}

function scanInterpolation(text: string, open: number): FStringInterpolationPart {
  let depth = 0;
  let i = open + 1;
  let specStart = -1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isLineBreak(c)) break;
    if (specStart >= 0) {
      if (c === CH_RBRACE) return { kind: 'interpolation', open, exprStart: open + 1, exprEnd: specStart, specStart, close: i };
      if (c === CH_QUOTE) break;
      i++;
      continue;
    }
    if (c === CH_QUOTE) {
      // A nested string, unless nothing closes it on this line: then this quote ends the f-string.
      const end = scanNestedQuoted(text, i, CH_QUOTE);
      if (end < 0) break;
      i = end;
    } else if ((c === 102 /* f */ || c === 114 /* r */) && text.charCodeAt(i + 1) === CH_QUOTE && !isIdentPart(text.charCodeAt(i - 1))) {
      if (c === 102) {
        const nested = scanFString(text, i);
        if (!nested.terminated) break;
        i = nested.end;
      } else {
        const end = scanNestedQuoted(text, i + 1, CH_QUOTE);
        if (end < 0) break;
        i = end;
      }
    } else if (c === CH_APOS) {
      const end = scanNestedQuoted(text, i, CH_APOS);
      i = end < 0 ? i + 1 : end;
    } else if (c === 40 || c === 91 || c === CH_LBRACE) {
      depth++;
      i++;
    } else if (c === 41 || c === 93) {
      if (depth > 0) depth--;
      i++;
    } else if (c === CH_RBRACE) {
      if (depth === 0) return { kind: 'interpolation', open, exprStart: open + 1, exprEnd: i, specStart: -1, close: i };
      depth--;
      i++;
    } else if (c === 58 /* : */ && depth === 0 && text.charCodeAt(i + 1) !== 58 && text.charCodeAt(i - 1) !== 58) {
      specStart = i;
      i++;
    } else i++;
  }
  const exprEnd = specStart >= 0 ? specStart : i;
  return { kind: 'interpolation', open, exprStart: open + 1, exprEnd, specStart, close: -1 };
}

/** A string inside an interpolation: must close on the same line. */
function scanNestedQuoted(text: string, offset: number, quote: number): number {
  let i = offset + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === CH_BACKSLASH) i += 2;
    else if (c === quote) return i + 1;
    else if (isLineBreak(c)) return -1;
    else i++;
  }
  return -1;
}

/** The scans of the current lexing run, by start offset, for ./lexer.ts to expand. */
export const fstringScans = new Map<number, FStringScan>();

export function matchFString(text: string, offset: number): Match {
  if (text.charCodeAt(offset) !== 102 /* f */ || text.charCodeAt(offset + 1) !== CH_QUOTE) return null;
  const scan = scanFString(text, offset);
  if (!scan.terminated) return null;
  fstringScans.set(offset, scan);
  return match(text, offset, scan.end);
}

export function matchUnterminatedFString(text: string, offset: number): Match {
  if (text.charCodeAt(offset) !== 102 /* f */ || text.charCodeAt(offset + 1) !== CH_QUOTE) return null;
  const scan = scanFString(text, offset);
  fstringScans.set(offset, scan);
  return match(text, offset, scan.end);
}

// ---------------------------------------------------------------- quotes: chars, labels, 'strings'

/** Length of a char literal body at `offset` (after the quote): one code point or one escape. */
function charBodyEnd(text: string, offset: number): number {
  const c = text.charCodeAt(offset);
  if (Number.isNaN(c) || isLineBreak(c) || c === CH_APOS) return -1;
  if (c === CH_BACKSLASH) {
    const e = text.charCodeAt(offset + 1);
    if (e === 117 /* u */ && text.charCodeAt(offset + 2) === CH_LBRACE) {
      const close = text.indexOf('}', offset + 3);
      return close < 0 || close - offset > 12 ? -1 : close + 1;
    }
    if (e === 120 /* x */) return offset + 4;
    return offset + 2;
  }
  return offset + (c >= 0xd800 && c <= 0xdbff ? 2 : 1);
}

export function matchCharLiteral(text: string, offset: number): Match {
  if (text.charCodeAt(offset) !== CH_APOS) return null;
  const end = charBodyEnd(text, offset + 1);
  if (end < 0 || text.charCodeAt(end) !== CH_APOS) return null;
  return match(text, offset, end + 1);
}

function previousWord(tokens: IToken[]): string {
  const last = tokens[tokens.length - 1];
  return last ? last.image : '';
}

/**
 * `'outer` and `@outer` are labels where one is defined (`'outer: for`) or used
 * (`break 'outer`); `'a` after `&` or `<` is a lifetime. Elsewhere `@` is the
 * pattern binder and `'...'` a string.
 */
export function matchLabel(text: string, offset: number, tokens: IToken[]): Match {
  const sigil = text.charCodeAt(offset);
  if (sigil !== CH_APOS && sigil !== 64 /* @ */) return null;
  if (!isIdentStart(text.charCodeAt(offset + 1))) return null;
  let i = offset + 2;
  while (isIdentPart(text.charCodeAt(i))) i++;
  if (sigil === CH_APOS && text.charCodeAt(i) === CH_APOS) return null; // a string: 'abc'
  let j = i;
  while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
  const definesLabel = text.charCodeAt(j) === 58 && text.charCodeAt(j + 1) !== 58;
  const prev = previousWord(tokens);
  const usesLabel = prev === 'break' || prev === 'continue';
  const lifetime = sigil === CH_APOS && (prev === '&' || prev === '<' || prev === ',' || prev === '+');
  if (definesLabel || usesLabel || lifetime) return match(text, offset, i);
  if (sigil === CH_APOS && scanNestedQuoted(text, offset, CH_APOS) < 0) return match(text, offset, i);
  return null;
}

/** `'abc'`: a string in single quotes (more than one character). */
export function matchSingleQuotedString(text: string, offset: number): Match {
  if (text.charCodeAt(offset) !== CH_APOS) return null;
  const end = scanNestedQuoted(text, offset, CH_APOS);
  return end < 0 ? null : match(text, offset, end);
}

// ---------------------------------------------------------------- numbers

const FLOAT = /[0-9][0-9_]*(?:\.[0-9][0-9_]*(?:[eE][+-]?[0-9_]+)?|[eE][+-]?[0-9_]+)(?:f32|f64)?|[0-9][0-9_]*(?:f32|f64)/y;

/** A float, unless it directly follows a `.` (then `t.0.1` is two tuple indexes). */
export function matchFloat(text: string, offset: number, tokens: IToken[]): Match {
  const last = tokens[tokens.length - 1];
  if (last !== undefined && last.image === '.' && last.endOffset === offset - 1) return null;
  FLOAT.lastIndex = offset;
  const m = FLOAT.exec(text);
  if (m === null) return null;
  // `1.max(2)` and `1..2` are not floats: a digit must follow the dot (the regex ensures it).
  return [m[0]];
}
