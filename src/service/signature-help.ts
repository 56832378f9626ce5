// Signature help: the call whose argument list holds the offset, with the parameter being
// written. The checker answers for calls the parser could close; while a call is still
// being typed (`add(1, |` with no `)` yet) the innermost unclosed `(` is found in the text
// instead, the checker is asked about the call it opens, and the commas before the
// offset give the active parameter.

import type { ProgramAnalysis, SignatureInfo } from '../semantics/api.js';
import type { DocumentState } from '../workspace/document.js';

export function signatureHelp(analysis: ProgramAnalysis, document: DocumentState, offset: number): SignatureInfo | null {
  const direct = analysis.signatureAt(document.uri, offset);
  if (direct !== null) return direct;
  const open = unclosedCall(document, offset);
  if (open === null) return null;
  const signature = analysis.signatureAt(document.uri, open.paren + 1);
  if (signature === null) return null;
  return { ...signature, activeParameter: open.commas };
}

interface Frame {
  char: string;
  at: number;
  commas: number;
}

/** The innermost `(` still open at `offset` (in the offset's top-level item), with the commas after it. */
export function unclosedCall(document: DocumentState, offset: number): { paren: number; commas: number } | null {
  const text = document.text;
  const from = document.offsets[document.itemIndexAt(offset)] ?? 0;
  const stack: Frame[] = [];
  for (let i = from; i < offset; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      while (i < offset && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close >= offset) return null;
      i = close + 1;
    } else if (c === '"') {
      i = skipString(text, i, offset);
      if (i >= offset) return null;
    } else if (c === "'") {
      // A char literal (`'('`, `'\n'`); a label (`'outer:`) has no closing quote.
      const close = text[i + 1] === '\\' ? text.indexOf("'", i + 3) : i + 2;
      if (close > i && close < offset && text[close] === "'" && close - i <= 10) i = close;
    } else if (c === '(' || c === '[' || c === '{') {
      stack.push({ char: c, at: i, commas: 0 });
    } else if (c === ')' || c === ']' || c === '}') {
      stack.pop();
    } else if (c === ',' && stack.length > 0) {
      stack[stack.length - 1].commas++;
    }
  }
  const top = stack[stack.length - 1];
  return top !== undefined && top.char === '(' ? { paren: top.at, commas: top.commas } : null;
}

/** The offset of the closing quote of the string opening at `i` (or `limit`). */
function skipString(text: string, i: number, limit: number): number {
  const triple = text.startsWith('"""', i);
  if (triple) {
    const close = text.indexOf('"""', i + 3);
    return close < 0 || close >= limit ? limit : close + 2;
  }
  for (let j = i + 1; j < limit; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j;
  }
  return limit;
}
