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
import { TokenStream, type RToken } from './lexer.js';
import { RuchyParser } from './parser.js';
import * as T from './tokens.js';

export interface ParseResult {
  ast: A.SourceFile;
  diagnostics: Diagnostic[];
  /** Built on first use. */
  readonly lineIndex: LineIndex;
}

function result(text: string, ast: A.SourceFile, diagnostics: Diagnostic[], known: LineIndex | null): ParseResult {
  let lineIndex = known;
  return {
    ast,
    diagnostics,
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

export function parse(text: string): ParseResult {
  try {
    let stream = new TokenStream(text);
    let parsed = runParser(text, stream, false);
    if (parsed.diagnostics.some((d) => d.code === Codes.UnclosedDelimiter.code && d.message.startsWith('expected `}`'))) {
      stream = new TokenStream(text);
      parsed = runParser(text, stream, true);
    }
    const ast = parsed.ast;
    ast.comments = stream.comments.map((c) => toComment(c));
    attachDocComments(ast, text);
    const diagnostics = dedupe([...stream.diagnostics, ...parsed.diagnostics]);
    return result(text, ast, diagnostics, null);
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
    return result(text, ast, [diagnostic], null);
  }
}

function runParser(text: string, stream: TokenStream, closeByIndentation: boolean): { ast: A.SourceFile; diagnostics: Diagnostic[] } {
  const parser = getParser();
  parser.prepare(text, stream, null);
  parser.closeBlocksByIndentation = closeByIndentation;
  const ast = parser.sourceFile();
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
  if (Number.isNaN(token.startOffset) || token.nl) {
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

/** One error per position (recovery can report the same place twice), and at most MAX_SYNTAX_ERRORS. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  diagnostics.sort(compareDiagnostics);
  const out: Diagnostic[] = [];
  let lastErrorStart = -1;
  let errors = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') {
      if (d.start === lastErrorStart) continue;
      lastErrorStart = d.start;
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
