// Turning literal text into values: integers (exact as bigints, or as numbers for the
// parser's fast path), floats, and the escapes of strings and chars. Invalid escapes
// are kept as written and reported by the caller.

import type { IntLiteral } from './ast.js';

export interface ParsedInt {
  value: bigint | null;
  suffix: string | null;
  error: string | null;
}

/** The exact value of an integer literal (null when malformed). */
export function intLiteralValue(literal: IntLiteral): bigint | null {
  return parseIntLiteral(literal.raw).value;
}

/** Number value and suffix of an integer literal, without building a bigint. */
export function scanIntLiteral(raw: string): { value: number; suffix: string | null; error: string | null } {
  let plain = raw.length > 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) {
      plain = false;
      break;
    }
  }
  if (plain) return { value: +raw, suffix: null, error: null };
  const parsed = parseIntLiteral(raw);
  return { value: parsed.value === null ? NaN : Number(parsed.value), suffix: parsed.suffix, error: parsed.error };
}

const INT_SUFFIX = /(i8|i16|i32|i64|i128|isize|u8|u16|u32|u64|u128|usize)$/;

export function parseIntLiteral(raw: string): ParsedInt {
  let text = raw;
  let suffix: string | null = null;
  const isPrefixed = /^0[xob]/i.test(text);
  // Suffixes start with `i` or `u`, which are not hex digits either: `0xffu8` is 255u8.
  const m = INT_SUFFIX.exec(text);
  if (m !== null) {
    suffix = m[1];
    text = text.slice(0, -suffix.length);
  }
  const digits = text.replace(/_/g, '');
  const body = isPrefixed ? digits.slice(2) : digits;
  if (body.length === 0) return { value: null, suffix, error: 'no digits after the base prefix' };
  try {
    return { value: BigInt(isPrefixed ? digits.slice(0, 2).toLowerCase() + body : body), suffix, error: null };
  } catch {
    return { value: null, suffix, error: 'not a valid number' };
  }
}

export function parseFloatLiteral(raw: string): { value: number; suffix: string | null } {
  let text = raw.replace(/_/g, '');
  let suffix: string | null = null;
  if (text.endsWith('f32') || text.endsWith('f64')) {
    suffix = text.slice(-3);
    text = text.slice(0, -3);
  }
  return { value: Number(text), suffix };
}

export interface Cooked {
  value: string;
  /** Offsets are relative to the start of the raw body. */
  invalid: { offset: number; text: string }[];
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', '"': '"', "'": "'", '{': '{', '}': '}', '$': '$',
};

/**
 * Applies escapes. In f-string text (`fstring`), `{{` and `}}` stand for single braces.
 * A backslash before a line break continues the string on the next line (leading blanks dropped).
 */
export function cookString(raw: string, fstring = false): Cooked {
  if (raw.indexOf('\\') < 0 && (!fstring || (raw.indexOf('{{') < 0 && raw.indexOf('}}') < 0))) return { value: raw, invalid: [] };
  let out = '';
  const invalid: Cooked['invalid'] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (fstring && (c === '{' || c === '}') && raw[i + 1] === c) {
      out += c;
      i++;
      continue;
    }
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = raw[i + 1];
    if (e === undefined) {
      out += '\\';
      break;
    }
    if (SIMPLE_ESCAPES[e] !== undefined) {
      out += SIMPLE_ESCAPES[e];
      i++;
    } else if (e === '\n' || e === '\r') {
      i++;
      if (e === '\r' && raw[i + 1] === '\n') i++;
      while (raw[i + 1] === ' ' || raw[i + 1] === '\t') i++;
    } else if (e === 'u' && raw[i + 2] === '{') {
      const close = raw.indexOf('}', i + 3);
      const hex = close < 0 ? '' : raw.slice(i + 3, close);
      const code = /^[0-9a-fA-F]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (Number.isNaN(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        const text = close < 0 ? raw.slice(i, i + 3) : raw.slice(i, close + 1);
        invalid.push({ offset: i, text });
        out += text;
        i += text.length - 1;
      } else {
        out += String.fromCodePoint(code);
        i = close;
      }
    } else if (e === 'x' && /^[0-7][0-9a-fA-F]$/.test(raw.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      invalid.push({ offset: i, text: '\\' + e });
      out += '\\' + e;
      i++;
    }
  }
  return { value: out, invalid };
}

export function cookChar(raw: string): Cooked {
  return cookString(raw);
}
