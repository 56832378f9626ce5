// parse(text) -> { ast, diagnostics }: the one entry point to the grammar.
// One parser instance, created on first use and reused; it never throws.
//
// A file with an unclosed `{` is parsed a second time with the indentation heuristic
// on (an item keyword at or left of a block's indentation closes that block), which
// turns "everything after the typo is inside the block" into one precise diagnostic
// and a usable tree for the rest of the file. Valid files are parsed once.

import type { IRecognitionException, IToken } from 'chevrotain';
import { Codes, format } from '../src/diagnostics/codes.js';
import { compareDiagnostics, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import type * as A from '../src/syntax/ast.js';
import { attachDocComments } from '../src/syntax/doc-comments.js';
import { LineIndex } from '../src/syntax/positions.js';
import { shiftTree } from '../src/syntax/shift.js';
import { TokenStream, type RToken } from './lexer.js';
import { RuchyParser } from './parser.js';
import * as T from './tokens.js';

export interface ParseResult {
  ast: A.SourceFile;
  diagnostics: Diagnostic[];
  /** Whether the parse closed unclosed blocks by indentation (see ParseOptions). */
  indentationRecovery: boolean;
  /** Built on first use. */
  readonly lineIndex: LineIndex;
}

function result(text: string, ast: A.SourceFile, diagnostics: Diagnostic[], known: LineIndex | null, indentationRecovery: boolean): ParseResult {
  let lineIndex = known;
  return {
    ast,
    diagnostics,
    indentationRecovery,
    get lineIndex(): LineIndex {
      lineIndex ??= new LineIndex(text);
      return lineIndex;
    },
  };
}

let sharedParser: RuchyParser | undefined;

/** The shared parser. Grammar validations run only when RUCHY_VALIDATE_GRAMMAR=1 (tests). */
export function getParser(): RuchyParser {
  sharedParser ??= new RuchyParser(process.env.RUCHY_VALIDATE_GRAMMAR === '1');
  return sharedParser;
}

/** Whether a parse left a `{` unclosed, so that the file is parsed with indentation recovery. */
export function hasUnclosedBrace(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.code === Codes.UnclosedDelimiter.code && d.data?.close === '}');
}

export interface ParseOptions {
  /**
   * Force indentation recovery on or off. By default a text is parsed without it, and
   * again with it when a `{` was left unclosed. (The workspace parses parts of a file in
   * the mode the whole file needs.)
   */
  indentationRecovery?: boolean;
}

export function parse(text: string, options: ParseOptions = {}): ParseResult {
  try {
    let stream = new TokenStream(text);
    let recovery = options.indentationRecovery ?? false;
    let parsed = runParser(text, stream, recovery);
    if (options.indentationRecovery === undefined && hasUnclosedBrace(parsed.diagnostics)) {
      stream = new TokenStream(text);
      recovery = true;
      parsed = runParser(text, stream, true);
    }
    const ast = parsed.ast;
    ast.comments = stream.comments.map((c) => toComment(c));
    attachDocComments(ast, text);
    const diagnostics = dedupeDiagnostics([...stream.diagnostics, ...parsed.diagnostics]);
    return result(text, ast, diagnostics, null, recovery);
  } catch (error) {
    // A bug must cost the user one diagnostic, not the editor session.
    sharedParser = undefined;
    const reason = error instanceof RangeError ? 'input nested too deeply' : String((error as Error)?.message ?? error).slice(0, 200);
    const ast: A.SourceFile = { kind: 'SourceFile', stmts: [], comments: [], attributes: [], start: 0, end: text.length };
    const diagnostic: Diagnostic = {
      code: Codes.InternalParserError.code,
      severity: 'error',
      message: format(Codes.InternalParserError.template, { reason }),
      start: 0,
      end: Math.min(text.length, 1),
    };
    return result(text, ast, [diagnostic], null, false);
  }
}

/** Texts at least this long are parsed in chunks by parseSteps. */
export const CHUNKED_PARSE_CHARS = 128 * 1024;
/** About how much text one chunk holds (a few milliseconds of parsing). */
const CHUNK_CHARS = 16 * 1024;

/**
 * parse(text) as steps that yield between chunks of a large text, so that a server can
 * parse a 5 MB file in slices (see src/workspace/slices.ts). The text is cut between
 * top-level items only where a line holding just `}` is followed by blank lines and a
 * line starting in column 0 with a name, an attribute or a comment; each chunk is parsed
 * alone and the results are put together. That equals parse(text) when every chunk is
 * self-contained, which is checked: a chunk that ends inside a string, a comment or an
 * open bracket, nests too deeply or fails makes the whole text be parsed at once instead.
 */
export function* parseSteps(text: string): Generator<void, ParseResult, void> {
  const bounds = text.length < CHUNKED_PARSE_CHARS ? null : chunkBounds(text);
  if (bounds === null || bounds.length <= 2) return parse(text);
  const stmts: A.Stmt[] = [];
  const comments: A.Comment[] = [];
  const diagnostics: Diagnostic[] = [];
  let attributes: A.Attribute[] = [];
  for (let c = 0; c + 1 < bounds.length; c++) {
    yield;
    const base = bounds[c];
    const chunk = parse(text.slice(base, bounds[c + 1]), { indentationRecovery: false });
    if (!selfContained(chunk)) return parse(text);
    if (c === 0) attributes = chunk.ast.attributes;
    else if (chunk.ast.attributes.length > 0) return parse(text);
    for (const stmt of chunk.ast.stmts) {
      shiftTree(stmt, base);
      stmts.push(stmt);
    }
    for (const comment of chunk.ast.comments) comments.push({ ...comment, start: comment.start + base, end: comment.end + base });
    for (const d of chunk.diagnostics) diagnostics.push({ ...d, start: d.start + base, end: d.end + base });
  }
  const ast: A.SourceFile = { kind: 'SourceFile', stmts, comments, attributes, start: 0, end: text.length };
  return result(text, ast, dedupeDiagnostics(diagnostics), null, false);
}

/** Where parseSteps cuts a text: 0, the cuts, the text's length. */
function chunkBounds(text: string): number[] {
  const bounds = [0];
  // A line holding only `}` (the end of a top-level item), then blank lines.
  const end = /\n\}[ \t]*\r?\n(?:[ \t]*\r?\n)+/g;
  let from = CHUNK_CHARS;
  while (from < text.length - CHUNK_CHARS / 2) {
    end.lastIndex = from;
    const match = end.exec(text);
    if (match === null) break;
    const cut = match.index + match[0].length;
    if (startsItem(text, cut)) {
      bounds.push(cut);
      from = cut + CHUNK_CHARS;
    } else {
      from = match.index + 1;
    }
  }
  bounds.push(text.length);
  return bounds;
}

/** A name or keyword, an outer attribute `#[` or a comment, in column 0. */
function startsItem(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return letter || (c === 35 && text.charCodeAt(at + 1) === 91) || c === 47;
}

/** No construct of the chunk continues past its end, and nothing went wrong. */
function selfContained(chunk: ParseResult): boolean {
  if (chunk.indentationRecovery) return false;
  for (const d of chunk.diagnostics) {
    if (d.related !== undefined || d.data?.openedAt !== undefined) return false;
    switch (d.code) {
      case Codes.UnterminatedString.code:
      case Codes.UnclosedDelimiter.code:
      case Codes.UnterminatedComment.code:
      case Codes.NestingTooDeep.code:
      case Codes.InternalParserError.code:
        return false;
      default:
        break;
    }
  }
  return true;
}

function runParser(text: string, stream: TokenStream, closeByIndentation: boolean): { ast: A.SourceFile; diagnostics: Diagnostic[] } {
  const parser = getParser();
  parser.prepare(text, stream, null);
  parser.closeBlocksByIndentation = closeByIndentation;
  // Chevrotain recovers from syntax errors by throwing; nobody reads the stack traces of
  // those exceptions, and capturing them doubled the time of files with many errors.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let ast: A.SourceFile;
  try {
    ast = parser.sourceFile();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const diagnostics = [...parser.diagnostics, ...parser.errors.map((e) => fromRecognitionException(e, text))];
  return { ast, diagnostics };
}

function fromRecognitionException(error: IRecognitionException, text: string): Diagnostic {
  const bar = error.message.indexOf('|');
  const code = bar > 0 ? error.message.slice(0, bar) : Codes.UnexpectedToken.code;
  const message = bar > 0 ? error.message.slice(bar + 1) : error.message;
  const token = error.token as RToken;
  const previous = (error as unknown as { previousToken?: IToken }).previousToken;
  let start: number;
  let end: number;
  const rules = error.context?.ruleStack ?? [];
  const atStatementStart = error.name === 'NoViableAltException' && rules[rules.length - 1] === 'statement';
  if (Number.isNaN(token.startOffset) || (token.nl && !atStatementStart)) {
    // Missing something at the end of a line or of the file: point just after the last token.
    const at = previous !== undefined && !Number.isNaN(previous.endOffset!) ? previous.endOffset! + 1 : text.length;
    start = at;
    end = at;
  } else {
    start = token.startOffset;
    end = token.endOffset! + 1;
  }
  return { code, severity: 'error', message, start, end };
}

/** At most this many syntax errors per file: past that, more only bury the first ones. */
export const MAX_SYNTAX_ERRORS = 100;

/**
 * Drops repeats of the same error at the same place (recovery can report a place twice)
 * and keeps at most MAX_SYNTAX_ERRORS errors. Composable: applying it to the union of the
 * diagnostics of a file's parts gives what applying it to the whole file gives.
 */
export function dedupeDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  diagnostics.sort(compareDiagnostics);
  const out: Diagnostic[] = [];
  let errors = 0;
  let previous: Diagnostic | undefined;
  for (const d of diagnostics) {
    if (d.severity === 'error') {
      if (previous !== undefined && previous.start === d.start && previous.code === d.code) continue;
      previous = d;
      if (++errors > MAX_SYNTAX_ERRORS) continue;
    }
    out.push(d);
  }
  return out;
}

function toComment(token: IToken): A.Comment {
  const type = token.tokenType;
  const style: A.Comment['style'] =
    type === T.DocComment ? 'doc' : type === T.BlockComment ? 'block' : type === T.HashComment ? 'hash' : 'line';
  return { kind: 'Comment', style, text: token.image, start: token.startOffset, end: token.endOffset! + 1 };
}
