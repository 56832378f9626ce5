// Scanners for the lexical structures that need more than one character of context:
// strings (with a heuristic that keeps one missing quote from swallowing the file),
// f-strings (nested interpolations, nested strings, format specs) and nested block
// comments. Pure functions of (text, offset); they never throw.

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

// ---------------------------------------------------------------- comments

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
  /** Where the interpolation ends: after its `}`, or (unterminated) where the scan stopped. */
  end: number;
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
/** F-strings nest through their interpolations; past this depth a nested f-string is skipped whole (skipFString). */
export const MAX_FSTRING_NESTING = 32;

export function scanFString(text: string, offset: number, depth = 0): FStringScan {
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
      const part = scanInterpolation(text, i, depth);
      parts.push(part);
      i = part.end;
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

function scanInterpolation(text: string, open: number, depth: number): FStringInterpolationPart {
  let brackets = 0;
  let i = open + 1;
  let specStart = -1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isLineBreak(c)) break;
    if (specStart >= 0) {
      if (c === CH_RBRACE) return { kind: 'interpolation', open, exprStart: open + 1, exprEnd: specStart, specStart, close: i, end: i + 1 };
      if (c === CH_QUOTE) break;
      i++;
      continue;
    }
    if (c === CH_QUOTE) {
      // A nested string, unless nothing closes it on this line: then this quote ends the f-string.
      const end = scanNestedQuoted(text, i, CH_QUOTE);
      if (end < 0) break;
      i = end;
    } else if (c === 114 /* r */ && text.charCodeAt(i + 1) === 35 /* # */ && !isIdentPart(text.charCodeAt(i - 1)) && rawHashesThenQuote(text, i + 1)) {
      // `r#"..."#` (the lexer reads it as one raw string: the scan must skip it the same way).
      const end = rawStringEndOnLine(text, i);
      if (end < 0) break;
      i = end;
    } else if ((c === 102 /* f */ || c === 114 /* r */) && text.charCodeAt(i + 1) === CH_QUOTE && !isIdentPart(text.charCodeAt(i - 1))) {
      // An unterminated nested f-string runs to the end of the line, and this interpolation
      // with it (stopping before it would make every enclosing f-string rescan it: quadratic).
      if (c === 102 && depth < MAX_FSTRING_NESTING) {
        const nested = scanFString(text, i, depth + 1);
        i = nested.end;
        if (!nested.terminated) break;
      } else if (c === 102) {
        const end = skipFString(text, i);
        if (end < 0) {
          i = lineEndFrom(text, i);
          break;
        }
        i = end;
      } else {
        const end = scanNestedQuoted(text, i + 1, CH_QUOTE);
        if (end < 0) break;
        i = end;
      }
    } else if (c === CH_APOS) {
      const end = scanNestedQuoted(text, i, CH_APOS);
      i = end < 0 ? i + 1 : end;
    } else if (c === 40 || c === 91 || c === CH_LBRACE) {
      brackets++;
      i++;
    } else if (c === 41 || c === 93) {
      if (brackets > 0) brackets--;
      i++;
    } else if (c === CH_RBRACE) {
      if (brackets === 0) return { kind: 'interpolation', open, exprStart: open + 1, exprEnd: i, specStart: -1, close: i, end: i + 1 };
      brackets--;
      i++;
    } else if (c === CH_PIPE && text.charCodeAt(i + 1) === CH_PIPE) {
      i += 2; // `||`: the operator, or a closure without parameters
    } else if (c === CH_PIPE && brackets === 0 && text.charCodeAt(i + 1) !== 62 /* |> */ && text.charCodeAt(i + 1) !== 61 /* |= */ && startsClosure(text, open, i)) {
      // `|x: i64| x + 1`: the `:` of typed closure parameters is not a spec.
      i = closureParamsEnd(text, i);
    } else if (c === 58 /* : */ && brackets === 0 && text.charCodeAt(i + 1) !== 58 && text.charCodeAt(i - 1) !== 58) {
      specStart = i;
      i++;
    } else i++;
  }
  const exprEnd = specStart >= 0 ? specStart : i;
  return { kind: 'interpolation', open, exprStart: open + 1, exprEnd, specStart, close: -1, end: i };
}

const CH_PIPE = 124;
/** Characters after which a `|` opens closure parameters rather than being an operator. */
const BEFORE_CLOSURE = new Set([...'({[,=+-*/%<>!&|^;'].map((ch) => ch.charCodeAt(0)));

/** Whether the `|` at `i` opens closure parameters: the first thing of the interpolation or after an operator. */
function startsClosure(text: string, open: number, i: number): boolean {
  let k = i - 1;
  while (k > open && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
  if (k === open) return true;
  const prev = text.charCodeAt(k);
  // `move |x|`, `return |x|` also open closures; an identifier or a `)` before the `|` make it an operator.
  return BEFORE_CLOSURE.has(prev) || /(^|[^A-Za-z0-9_])(move|return)$/.test(text.slice(Math.max(open + 1, k - 6), k + 1));
}

/** The offset after the `|` closing the closure parameters opened at `i` (the line's end if none). */
function closureParamsEnd(text: string, i: number): number {
  let depth = 0;
  for (let k = i + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (isLineBreak(c) || c === CH_QUOTE) return k;
    if (c === 40 || c === 91 || c === 60 /* < */) depth++;
    else if ((c === 41 || c === 93 || c === 62 /* > */) && depth > 0) depth--;
    else if (c === CH_PIPE && depth === 0) return k + 1;
    else if (c === CH_RBRACE && depth === 0) return k; // not closure parameters after all
  }
  return text.length;
}

function rawHashesThenQuote(text: string, i: number): boolean {
  let k = i;
  while (text.charCodeAt(k) === 35) k++;
  return text.charCodeAt(k) === CH_QUOTE;
}

/** End of the raw string `r#"..."#` at `offset` if it closes on its line, else -1. */
function rawStringEndOnLine(text: string, offset: number): number {
  let k = offset + 1;
  while (text.charCodeAt(k) === 35) k++;
  const terminator = '"' + '#'.repeat(k - offset - 1);
  const close = text.indexOf(terminator, k + 1);
  if (close < 0) return -1;
  const end = close + terminator.length;
  for (let i = offset; i < end; i++) if (isLineBreak(text.charCodeAt(i))) return -1;
  return end;
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

/**
 * End of the f-string starting at `offset` (its `f"`), found without recursion however
 * deeply f-strings nest in it, or -1 when it does not close on its line. For f-strings
 * nested past MAX_FSTRING_NESTING, which are not expanded into tokens.
 */
export function skipFString(text: string, offset: number): number {
  // One entry per open f-string (-1: in its text) or interpolation (>= 0: its bracket depth).
  const stack: number[] = [-1];
  let i = offset + 2;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isLineBreak(c)) return -1;
    const top = stack[stack.length - 1];
    if (top < 0) {
      if (c === CH_BACKSLASH) i += 2;
      else if (c === CH_QUOTE) {
        stack.pop();
        i++;
        if (stack.length === 0) return i;
      } else if ((c === CH_LBRACE || c === CH_RBRACE) && text.charCodeAt(i + 1) === c) i += 2;
      else if (c === CH_LBRACE) {
        stack.push(0);
        i++;
      } else i++;
      continue;
    }
    if (c === CH_QUOTE) {
      const end = scanNestedQuoted(text, i, CH_QUOTE);
      if (end < 0) return -1;
      i = end;
    } else if (c === 102 /* f */ && text.charCodeAt(i + 1) === CH_QUOTE && !isIdentPart(text.charCodeAt(i - 1))) {
      stack.push(-1);
      i += 2;
    } else if (c === CH_APOS) {
      const end = scanNestedQuoted(text, i, CH_APOS);
      i = end < 0 ? i + 1 : end;
    } else if (c === 40 || c === 91 || c === CH_LBRACE) {
      stack[stack.length - 1] = top + 1;
      i++;
    } else if (c === 41 || c === 93) {
      if (top > 0) stack[stack.length - 1] = top - 1;
      i++;
    } else if (c === CH_RBRACE) {
      if (top === 0) stack.pop();
      else stack[stack.length - 1] = top - 1;
      i++;
    } else if (c === 58 /* : */ && top === 0 && text.charCodeAt(i + 1) !== 58 && text.charCodeAt(i - 1) !== 58) {
      // A format spec runs to the `}`.
      while (i < text.length && text.charCodeAt(i) !== CH_RBRACE) {
        const d = text.charCodeAt(i);
        if (d === CH_QUOTE || isLineBreak(d)) return -1;
        i++;
      }
    } else i++;
  }
  return -1;
}
