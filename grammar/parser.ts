// The Ruchy parser: a Chevrotain EmbeddedActionsParser whose actions build the typed AST
// of src/syntax/ast.ts directly (no CST step).
//
// Binary operators are read as a flat operand/operator list by one rule and folded by
// precedence (./precedence.ts), which keeps the rule stack shallow and the parser fast.
// Statement lists recover by themselves: a token that cannot start a statement is
// reported once and skipped to the next line. Closing delimiters are expected through
// `expectClose`, which reports "expected `)` to close the `(` opened at L:C" without
// throwing. Everything else falls back on Chevrotain's own recovery.
//
// One instance is created lazily and reused (see ./parse.ts).

import {
  createTokenInstance,
  EarlyExitException,
  EmbeddedActionsParser,
  EOF,
  isRecognitionException,
  NoViableAltException,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import type * as A from '../src/syntax/ast.js';
import { Codes, format } from '../src/diagnostics/codes.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { LineIndex } from '../src/syntax/positions.js';
import { describeToken, describeTokenType } from './describe.js';
import type { RToken, TokenStream } from './lexer.js';
import { buildBinary, buildOperatorTree, infixInfo, type PendingOperator } from './precedence.js';
import { cookChar, cookString, parseFloatLiteral, scanIntLiteral } from '../src/syntax/literals.js';
import * as T from './tokens.js';

/** Rule-stack depth beyond which nested input is skipped with one diagnostic. */
export const MAX_RULE_DEPTH = Number(process.env.RUCHY_MAX_RULE_DEPTH ?? 300);
/** Operators in one flat chain (`a + b + c ...`); the tree of the chain is as deep as it is long. */
export const MAX_OPERATOR_CHAIN = 1000;

const OPENERS: ReadonlyMap<TokenType, TokenType> = new Map([
  [T.LParen, T.RParen],
  [T.LBracket, T.RBracket],
  [T.LBrace, T.RBrace],
  [T.AttributeOpen, T.RBracket],
  [T.InnerAttributeOpen, T.RBracket],
  [T.InterpolationOpen, T.InterpolationClose],
]);
const CLOSERS: ReadonlySet<TokenType> = new Set([T.RParen, T.RBracket, T.RBrace, T.InterpolationClose]);
const CLOSER_OPENER: ReadonlyMap<TokenType, string> = new Map([
  [T.RParen, '('],
  [T.RBracket, '['],
  [T.RBrace, '{'],
  [T.InterpolationClose, '{'],
]);

/** Keywords that begin an item; used by the unclosed-block heuristic. */
const ITEM_START: ReadonlySet<TokenType> = new Set([
  T.KwFun, T.KwFn, T.KwStruct, T.KwEnum, T.KwTrait, T.KwImpl, T.KwMod, T.KwUse, T.KwImport,
  T.KwActor, T.KwEffect, T.KwPub, T.AttributeOpen,
]);

const BLOCK_LIKE: ReadonlySet<string> = new Set([
  'IfExpr', 'MatchExpr', 'WhileExpr', 'ForExpr', 'LoopExpr', 'BlockExpr', 'TryCatchExpr',
  'AsyncBlockExpr', 'HandleExpr',
]);

const ASSIGNABLE_OR_VALUE_END: ReadonlySet<TokenType> = new Set([
  T.RBrace, T.RParen, T.RBracket, T.Semicolon, T.Comma, T.FatArrow, T.InterpolationClose, T.FormatSpec, EOF,
]);

/** Tokens that can begin an operand (used to decide whether `return`/`break` carry a value). */
const OPERAND_START: ReadonlySet<TokenType> = new Set([
  T.IntLiteral, T.FloatLiteral, T.StringLiteral, T.RawStringLiteral, T.TripleStringLiteral,
  T.SingleQuotedString, T.CharLiteral, T.FStringStart, T.Identifier, T.KwSelf, T.KwSuper,
  T.KwTrue, T.KwFalse, T.LParen, T.LBracket, T.LBrace, T.KwIf, T.KwMatch, T.KwWhile, T.KwFor,
  T.KwLoop, T.Label, T.Pipe, T.OrOr, T.KwAsync, T.KwReturn, T.KwBreak, T.KwContinue, T.KwThrow,
  T.KwYield, T.KwTry, T.KwHandle, T.KwFun, T.KwFn, T.Minus, T.Plus, T.Bang, T.Tilde, T.Star,
  T.Amp, T.AndAnd, T.KwAwait, T.KwSpawn, T.KwLazy, T.DotDot, T.DotDotEq,
]);

const PRIMITIVE_NAMES = new Set(['Fn', 'FnMut', 'FnOnce']);

/** Follow sets for in-rule recovery, by rule stack (see getFollowsForInRuleRecovery). */
const followsCache = new Map<string, TokenType[]>();

/** What LA(k) returns past the last token. */
const END_OF_INPUT: IToken = createTokenInstance(EOF, '', NaN, NaN, NaN, NaN, NaN, NaN);

/** Tokens that can begin a pattern. */
const PATTERN_START: ReadonlySet<TokenType> = new Set([
  T.Identifier, T.KwSelf, T.KwSuper, T.KwMut, T.KwRef, T.IntLiteral, T.FloatLiteral, T.StringLiteral,
  T.RawStringLiteral, T.TripleStringLiteral, T.SingleQuotedString, T.CharLiteral, T.KwTrue, T.KwFalse,
  T.Minus, T.Amp, T.AndAnd, T.LParen, T.LBracket, T.DotDot, T.DotDotEq, T.Pipe,
]);
/** After a name, these make a bigger pattern (`Some(x)`, `P { .. }`, `a::B`, `n @ 1..=5`, `a | b`, ranges). */
const PATTERN_CONTINUATION: ReadonlySet<TokenType> = new Set([
  T.PathSep, T.LParen, T.LBrace, T.At, T.DotDot, T.DotDotEq, T.DotDotDot, T.Pipe,
]);
/** Tokens that can begin a parameter. */
const PARAM_START: ReadonlySet<TokenType> = new Set([...PATTERN_START, T.KwSelf]);
/** After a type name, these make a bigger type (`a::B`, `Vec<T>`, `Fn(A) -> B`). */
const TYPE_NAME_CONTINUATION: ReadonlySet<TokenType> = new Set([T.PathSep, T.Lt, T.LParen]);

/** Literal and name tokens that can form an operand on their own. */
const LEAF_TOKENS: ReadonlySet<TokenType> = new Set([
  T.Identifier, T.KwSelf, T.IntLiteral, T.FloatLiteral, T.StringLiteral, T.RawStringLiteral,
  T.TripleStringLiteral, T.SingleQuotedString, T.CharLiteral, T.KwTrue, T.KwFalse,
]);
/** Tokens after an operand that continue it (`(` and `[` only on the same line). */
const POSTFIX_START: ReadonlySet<TokenType> = new Set([T.Dot, T.QuestionDot, T.Question, T.KwAs]);

/** Tokens that can begin a statement (operands, `let`, items, `;`). */
const STATEMENT_START: ReadonlySet<TokenType> = new Set([
  ...OPERAND_START, T.KwLet, T.Semicolon, T.AttributeOpen, T.KwPub, T.KwStruct, T.KwEnum, T.KwTrait,
  T.KwImpl, T.KwType, T.KwConst, T.KwMod, T.KwUse, T.KwImport, T.KwActor, T.KwEffect,
]);

/** Prefix operators, in the order the grammar lists them. */
const PREFIX_OPERATORS: readonly TokenType[] = [
  T.Minus, T.Bang, T.Tilde, T.Star, T.Plus, T.Amp, T.AndAnd, T.KwAwait, T.KwSpawn, T.KwLazy,
];
const PREFIX_OPERATOR_SET: ReadonlySet<TokenType> = new Set(PREFIX_OPERATORS);

// Rule arguments, allocated once: (minimum precedence, starts a statement).
const EXPR = { ARGS: [0, false] as [number, boolean] };
const STMT_EXPR = { ARGS: [0, true] as [number, boolean] };
/** Above assignment: default values (`a = 1`) and `let` conditions. */
const EXPR_NO_ASSIGN = { ARGS: [2, false] as [number, boolean] };
/** Above ranges: the bound of `..n`. */
const RANGE_OPERAND = { ARGS: [5, false] as [number, boolean] };

interface MemberAccess {
  optional: boolean;
  name: IToken;
  typeArgs: A.TypeNode[] | null;
  call: { args: A.Expr[]; open: number; end: number } | null;
}

type Expr = A.Expr;

class MessageProvider implements IParserErrorMessageProvider {
  buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
    return `${Codes.UnexpectedToken.code}|expected ${describeTokenType(options.expected)}, found ${describeToken(options.actual)}`;
  }

  buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
    return `${Codes.ExpectedStatement.code}|expected a statement, found ${describeToken(options.firstRedundant)}`;
  }

  buildNoViableAltMessage(options: { actual: IToken[]; ruleName: string }): string {
    return expectationFor(options.ruleName, options.actual[0]);
  }

  buildEarlyExitMessage(options: { actual: IToken[]; ruleName: string }): string {
    return expectationFor(options.ruleName, options.actual[0]);
  }
}

function expectationFor(ruleName: string, actual: IToken): string {
  const found = describeToken(actual);
  const expected = (what: string) => `${Codes.UnexpectedToken.code}|${format(Codes.UnexpectedToken.template, { expected: what, found })}`;
  switch (ruleName) {
    case 'pattern':
    case 'singlePattern':
    case 'restPattern':
    case 'refPattern':
    case 'namePattern':
    case 'fieldPattern':
    case 'literalPatternValue':
    case 'literalOrRangePattern':
    case 'rangePatternBound':
      return `${Codes.ExpectedPattern.code}|${format(Codes.ExpectedPattern.template, { found })}`;
    case 'typeRef':
    case 'typeArgs':
    case 'refType':
    case 'fnType':
    case 'closureType':
    case 'namedType':
    case 'bounds':
    case 'typeParam':
      return `${Codes.ExpectedType.code}|${format(Codes.ExpectedType.template, { found })}`;
    case 'statement':
      return `${Codes.ExpectedStatement.code}|${format(Codes.ExpectedStatement.template, { found })}`;
    case 'item':
      return expected('a declaration (`fun`, `struct`, `enum`, ...)');
    case 'useDecl':
    case 'useTree':
    case 'useSegment':
    case 'pathSegments':
      return expected('a name');
    case 'macroCall':
      return expected('`(`, `[` or `{` after the macro name');
    case 'asyncExpression':
      return expected('a block or a closure after `async`');
    case 'labeledExpression':
      return expected('a loop or a block after the label');
    default:
      return `${Codes.ExpectedExpression.code}|${format(Codes.ExpectedExpression.template, { found })}`;
  }
}

export class RuchyParser extends EmbeddedActionsParser {
  /** The source text of the current parse. */
  private text = '';
  private lineIndex: LineIndex | null = null;
  /** Diagnostics the actions report themselves (Chevrotain's own errors are in `errors`). */
  diagnostics: Diagnostic[] = [];
  /** When set, struct literals are not allowed (`if x == Y {` reads `{` as the block). */
  private noStruct = false;
  /** Second pass over a broken file: an item keyword at or left of a block's indentation closes it. */
  closeBlocksByIndentation = false;
  private reportedTooDeep = false;

  constructor(validate: boolean) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      skipValidations: !validate,
      errorMessageProvider: new MessageProvider(),
    });
    this.performSelfAnalysis();
  }

  /** Prepares the parser for a new text (the parser instance is reused). */
  prepare(text: string, stream: TokenStream, lineIndex: LineIndex | null): void {
    this.text = text;
    this.lineIndex = lineIndex;
    this.diagnostics = [];
    this.noStruct = false;
    this.reportedTooDeep = false;
    this.fileStatements = [];
    this.stream = stream;
    this.window = stream.tokens;
    this.windowBase = 0;
    this.reset();
  }

  // ------------------------------------------------------------ reading tokens
  //
  // Chevrotain reads a token vector through the LexerAdapter methods below. Here they
  // read a window over the lexer's TokenStream, filled on demand and trimmed behind the
  // current position, so that tokens die young instead of living for the whole parse.

  declare protected currIdx: number;
  private stream: TokenStream | null = null;
  private window: RToken[] = [];
  /** Absolute index of window[0]. */
  private windowBase = 0;

  private tokenAt(index: number): IToken {
    const token = this.window[index - this.windowBase];
    if (token !== undefined) return token;
    return this.tokenBeyondWindow(index - this.windowBase);
  }

  private tokenBeyondWindow(relative: number): IToken {
    if (relative < 0 || this.stream === null) return END_OF_INPUT;
    // Read ahead in chunks; a failed fill means the text has ended.
    this.stream.fill(relative + 256);
    return this.window[relative] ?? END_OF_INPUT;
  }

  override LA(howMuch: number): IToken {
    const index = this.currIdx + howMuch;
    return index < 0 ? END_OF_INPUT : this.tokenAt(index);
  }

  override LA_FAST(howMuch: number): IToken {
    return this.tokenAt(this.currIdx + howMuch);
  }

  // @ts-expect-error LexerAdapter internal
  override consumeToken(): void {
    this.currIdx++;
    const passed = this.currIdx - this.windowBase;
    if (passed > 8192) {
      // Keep some tokens behind for LA(0) and for Chevrotain's in-repetition recovery.
      const drop = passed - 256;
      this.window.splice(0, drop);
      this.windowBase += drop;
    }
  }

  protected override SKIP_TOKEN(): IToken {
    if (this.LA(1).tokenType === EOF) return END_OF_INPUT;
    this.consumeToken();
    return this.LA(1);
  }

  // @ts-expect-error LexerAdapter internal
  override importLexerState(state: number): void {
    this.currIdx = Math.max(state, this.windowBase - 1);
  }

  // @ts-expect-error LexerAdapter internal
  override moveToTerminatedState(): void {
    this.stream?.fill(Infinity);
    this.currIdx = this.windowBase + this.window.length - 1;
  }

  // ------------------------------------------------------------ recovery
  //
  // Chevrotain recovers from a syntax error by unwinding to the innermost rule whose
  // follow set holds a token ahead ("re-sync"), skipping to that token, and returning
  // the rule's recovery value. Two cases of that default lose the tree:
  //  - a rule without a recovery value returns `undefined`, which the enclosing action
  //    then dereferences (`fun f() -> ;` crashed the parse);
  //  - when no token before the end of the file re-syncs any rule but the root, the
  //    root returns `undefined` and the whole file is lost (`let x = ` at the end).
  // So a rule without a recovery value never re-syncs (an enclosing rule does), and a
  // re-sync that can only happen at the end of the file happens in the innermost rule
  // that has a recovery value, keeping everything parsed so far.

  // @ts-expect-error recognizer internal
  override invokeRuleCatch(e: unknown, resyncEnabled: boolean, recoveryValueFunc: (e: IRecognitionException) => unknown): unknown {
    const self = this as unknown as {
      RULE_STACK_IDX: number;
      findReSyncTokenType(): TokenType;
      isInCurrentRuleReSyncSet(type: TokenType): boolean;
      reSyncTo(type: TokenType): IToken[];
      isBackTracking(): boolean;
    };
    if (!isRecognitionException(e as Error) || !resyncEnabled || self.isBackTracking()) {
      // @ts-expect-error recognizer internal
      return super.invokeRuleCatch(e, resyncEnabled, recoveryValueFunc);
    }
    const error = e as IRecognitionException;
    // Recovery values are pure: ask once whether there is one, build the real one after re-syncing.
    if (recoveryValueFunc(error) === undefined && self.RULE_STACK_IDX > 0) throw error;
    const resyncType = self.findReSyncTokenType();
    if (resyncType === EOF || self.isInCurrentRuleReSyncSet(resyncType)) {
      error.resyncedTokens = self.reSyncTo(resyncType);
      return recoveryValueFunc(error);
    }
    throw error;
  }

  // Chevrotain computes every lookahead path of the failed decision to build these two
  // messages; ours name only the rule and the token found, so skip that (it made files
  // with many errors slow: a statement-level error cost as much as parsing many lines).

  // @ts-expect-error recognizer internal
  override raiseNoAltException(): never {
    throw this.saveError(new NoViableAltException(this.expectationMessage(), this.LA(1), this.LA(0)));
  }

  // @ts-expect-error recognizer internal
  override raiseEarlyExitException(): never {
    throw this.saveError(new EarlyExitException(this.expectationMessage(), this.LA(1), this.LA(0)));
  }

  /**
   * The tokens that may follow `type` where the parser stands, for Chevrotain's single-token
   * insertion and deletion. Chevrotain walks the grammar from the root for each error; the
   * answer depends only on the rule stack, so it is cached (the grammar never changes).
   */
  // @ts-expect-error recognizer internal
  override getFollowsForInRuleRecovery(type: TokenType, occurrence: number): TokenType[] {
    const self = this as unknown as { RULE_STACK: number[]; RULE_STACK_IDX: number; RULE_OCCURRENCE_STACK: number[] };
    let key = `${type.tokenTypeIdx}:${occurrence}`;
    for (let i = 0; i <= self.RULE_STACK_IDX; i++) key += `/${self.RULE_STACK[i]}.${self.RULE_OCCURRENCE_STACK[i]}`;
    let follows = followsCache.get(key);
    if (follows === undefined) {
      // @ts-expect-error recognizer internal
      follows = super.getFollowsForInRuleRecovery(type, occurrence) as TokenType[];
      if (followsCache.size > 10_000) followsCache.clear();
      followsCache.set(key, follows);
    }
    return follows;
  }

  private expectationMessage(): string {
    const ruleName = (this as unknown as { getCurrRuleFullName(): string }).getCurrRuleFullName();
    return expectationFor(ruleName, this.LA(1));
  }

  private saveError(error: Error): Error {
    return (this as unknown as { SAVE_ERROR(e: Error): Error }).SAVE_ERROR(error);
  }

  /**
   * A token Chevrotain pretends was there (single-token insertion). It is placed, empty,
   * right after the last real token, so that nodes built from it keep real offsets.
   */
  override getTokenToInsert(type: TokenType): IToken {
    const at = this.lastEnd();
    const token = createTokenInstance(type, '', at, at - 1, NaN, NaN, NaN, NaN) as RToken;
    token.nl = false;
    (token as IToken & { isInsertedInRecovery: boolean }).isInsertedInRecovery = true;
    return token;
  }

  // The root rule consumes the whole input itself; no sentinel padding is needed.
  // @ts-expect-error recognizer hook
  override onBeforeParse(): void {}
  // @ts-expect-error recognizer hook
  override onAfterParse(): void {}

  // ------------------------------------------------------------ helpers (no grammar)

  private la(k: number): RToken {
    return this.LA(k) as RToken;
  }

  private isEnd(token: IToken): boolean {
    return token.tokenType === EOF;
  }

  private startOf(token: IToken): number {
    return Number.isNaN(token.startOffset) ? this.text.length : token.startOffset;
  }

  private endOf(token: IToken): number {
    return Number.isNaN(token.endOffset) ? this.text.length : token.endOffset! + 1;
  }

  /** End offset of the last consumed token. */
  private lastEnd(): number {
    const previous = this.LA(0);
    return previous === undefined || this.isEnd(previous) ? 0 : this.endOf(previous);
  }

  private position(offset: number): string {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex.describe(offset);
  }

  private report(code: (typeof Codes)[keyof typeof Codes], start: number, end: number, args: Record<string, string | number> = {}): void {
    // One error per place: a second one where the parser just reported one is a consequence of the first.
    // (A missing closer is always reported: it decides the indentation recovery pass.)
    const last = this.diagnostics[this.diagnostics.length - 1];
    if (last !== undefined && last.start === start && last.severity === 'error' && code !== Codes.UnclosedDelimiter) return;
    this.diagnostics.push({ code: code.code, severity: code.severity, message: format(code.template, args), start, end });
  }

  /**
   * Reports an unclosed delimiter. Its message names where the opener is ("opened at
   * 12:5"); the opener's offset travels in `data` and `related`, so that the workspace
   * can render the position again when the text moves (see positionedMessage).
   */
  private reportUnclosed(at: number, opener: number, openerEnd: number, close: string, what: string): void {
    const args = { close, what, position: this.position(opener) };
    this.diagnostics.push({
      code: Codes.UnclosedDelimiter.code,
      severity: Codes.UnclosedDelimiter.severity,
      message: format(Codes.UnclosedDelimiter.template, args),
      start: at,
      end: at,
      related: [{ start: opener, end: openerEnd, message: `the ${what} opened here` }],
      data: { openedAt: opener, close, what },
    });
  }

  private depthExceeded(): boolean {
    return !this.RECORDING_PHASE && (this as unknown as { RULE_STACK_IDX: number }).RULE_STACK_IDX > MAX_RULE_DEPTH;
  }

  /**
   * Skips the construct that starts here without recursing: a balanced bracket group
   * when one starts here, else tokens up to the end of the enclosing construct (an
   * unmatched closer, `,`, `;`, `=>`, a new line, or the `{` after an `if`/`while` head;
   * in a type also `=` and `{`, with `<`/`>` nesting; in a pattern also `=`, `:`, `in`,
   * `if` and `|`). Reports once per file.
   */
  private skipTooDeep(context: 'expression' | 'type' | 'pattern' = 'expression'): number {
    const angles = context === 'type';
    const first = this.la(1);
    const start = this.startOf(first);
    if (!this.reportedTooDeep) {
      this.reportedTooDeep = true;
      this.report(Codes.NestingTooDeep, start, start + 1, { limit: MAX_RULE_DEPTH });
    }
    const groupOnly = OPENERS.has(first.tokenType);
    let depth = 0;
    let skipped = 0;
    for (;;) {
      const token = this.la(1);
      if (this.isEnd(token)) break;
      const t = token.tokenType;
      if (depth === 0 && skipped > 0) {
        if (groupOnly) break;
        if (token.nl || t === T.Comma || t === T.Semicolon || t === T.FatArrow) break;
        if (t === T.LBrace && this.noStruct) break;
        // In a type, `=` ends it (`let x: T = v`), and so does `{` (a body).
        if (angles && (t === T.Eq || t === T.LBrace)) break;
        // A pattern ends before `=`, `:`, `in`, `if`, and the `|` of closure parameters or alternatives.
        if (context === 'pattern' && (t === T.Eq || t === T.Colon || t === T.KwIn || t === T.KwIf || t === T.Pipe)) break;
      }
      // In a type, `<`/`>` nest like brackets: the enclosing type arguments keep their `>`.
      if (OPENERS.has(t) || (angles && t === T.Lt)) depth++;
      else if (CLOSERS.has(t) || (angles && t === T.Gt)) {
        if (depth === 0) break;
        depth--;
      }
      this.SKIP_TOKEN();
      skipped++;
    }
    return start;
  }

  /**
   * Reports that `found` is not what was expected. A token on a later line (or the end of
   * the file) is not the culprit, something is missing at the end of this line: the
   * diagnostic is then empty, just after the last token read (as for Chevrotain's errors).
   */
  private reportFound(code: (typeof Codes)[keyof typeof Codes], found: IToken, args: Record<string, string | number>): void {
    if (this.isEnd(found) || (found as RToken).nl) {
      const at = this.lastEnd();
      this.report(code, at, at, { ...args, found: describeToken(found) });
    } else {
      this.report(code, this.startOf(found), this.endOf(found), { ...args, found: describeToken(found) });
    }
  }

  private errorExpr(start: number, end = start): A.ErrorExpr {
    return { kind: 'ErrorExpr', start, end };
  }

  private ident(token: IToken): A.Identifier {
    return { kind: 'Identifier', name: token.image, start: this.startOf(token), end: this.endOf(token) };
  }

  /**
   * Consumes `close` if it is next; otherwise reports it as missing (pointing just after
   * the last token) and carries on as if it had been there.
   */
  private expectClose(closeType: TokenType, open: IToken, what: string, consumed: IToken | undefined): number {
    if (consumed !== undefined) return this.endOf(consumed);
    // An opener that recovery pretended was there: its missing `{` is already reported.
    if (!this.RECORDING_PHASE && !(open as IToken & { isInsertedInRecovery?: boolean }).isInsertedInRecovery) {
      const at = this.lastEnd();
      this.reportUnclosed(at, this.startOf(open), this.endOf(open), describeTokenType(closeType).replace(/`/g, ''), what);
    }
    return this.lastEnd();
  }

  /** Indentation (column of the first non-blank character) of the line containing `offset`. */
  private lineIndent(offset: number): number {
    let lineStart = offset;
    while (lineStart > 0 && this.text.charCodeAt(lineStart - 1) !== 10 && this.text.charCodeAt(lineStart - 1) !== 13) lineStart--;
    let i = lineStart;
    while (this.text.charCodeAt(i) === 32 || this.text.charCodeAt(i) === 9) i++;
    return i - lineStart;
  }

  private column(offset: number): number {
    let lineStart = offset;
    while (lineStart > 0 && this.text.charCodeAt(lineStart - 1) !== 10 && this.text.charCodeAt(lineStart - 1) !== 13) lineStart--;
    return offset - lineStart;
  }

  /** In the recovery pass: does the next token start an item that belongs outside this block? */
  private closesBlockByIndentation(open: IToken | null): boolean {
    if (!this.closeBlocksByIndentation || open === null) return false;
    const next = this.la(1);
    if (!next.nl || !ITEM_START.has(next.tokenType)) return false;
    return this.column(this.startOf(next)) <= this.lineIndent(this.startOf(open));
  }

  /**
   * In the recovery pass: is `close`, a `}` that starts a line left of the indentation of
   * the line that opened this block, the closer of an enclosing block? Then this block is
   * the one missing its `}` (`if x {` left open inside a function).
   */
  private closerBelongsOutside(close: RToken, open: IToken): boolean {
    if (!this.closeBlocksByIndentation || !close.nl) return false;
    return this.column(this.startOf(close)) < this.lineIndent(this.startOf(open));
  }

  private canStartOperand(token: IToken): boolean {
    return OPERAND_START.has(token.tokenType);
  }

  /** A value after `return`/`break`/`yield` must start on the same line. */
  private valueFollows(): boolean {
    const next = this.la(1);
    return !next.nl && this.canStartOperand(next) && !(this.noStruct && next.tokenType === T.LBrace);
  }

  /** Errors reported so far, by Chevrotain and by the actions. */
  private errorCount(): number {
    return (this as unknown as { _errors: unknown[] })._errors.length + this.diagnostics.length;
  }

  /** After a statement: it must end with `;`, a line break, or the end of the block. */
  private checkSeparator(stmt: A.Stmt, closer: TokenType | null): void {
    const next = this.la(1);
    if (this.isEnd(next) || next.nl || next.tokenType === T.Semicolon) return;
    if (this.LA(0).tokenType === T.Semicolon) return;
    if (closer !== null && next.tokenType === closer) return;
    if (CLOSERS.has(next.tokenType)) return; // reported as a stray closer by the statement loop
    if (stmt.kind === 'ExprStmt' && stmt.semicolon) return;
    if (stmt.kind === 'EmptyStmt') return;
    if (this.endsWithBlock(stmt)) return;
    // A token that cannot start a statement is the mistake itself: the statement loop reports it.
    if (!STATEMENT_START.has(next.tokenType)) return;
    const start = this.startOf(next);
    this.report(Codes.MissingSeparator, this.lastEnd(), start, { found: describeToken(next) });
  }

  private endsWithBlock(stmt: A.Stmt): boolean {
    if (stmt.kind === 'ExprStmt') return BLOCK_LIKE.has(stmt.expr.kind);
    return stmt.kind !== 'LetStmt';
  }

  /** Skips a stray token and the rest of its line. */
  private skipStray(closer: TokenType | null): void {
    const token = this.la(1);
    const start = this.startOf(token);
    if (CLOSERS.has(token.tokenType) && token.tokenType !== closer) {
      const close = token.image;
      this.report(Codes.UnexpectedCloser, start, this.endOf(token), { close, open: CLOSER_OPENER.get(token.tokenType) ?? '' });
      this.SKIP_TOKEN();
      return;
    }
    this.report(Codes.ExpectedStatement, start, this.endOf(token), { found: describeToken(token) });
    let depth = 0;
    this.SKIP_TOKEN();
    for (;;) {
      const next = this.la(1);
      if (this.isEnd(next)) return;
      if (depth === 0 && (next.nl || next.tokenType === T.Semicolon)) return;
      if (OPENERS.has(next.tokenType)) depth++;
      else if (CLOSERS.has(next.tokenType)) {
        if (depth === 0) return;
        depth--;
      }
      this.SKIP_TOKEN();
    }
  }

  /** Skips to the end of the line, over balanced brackets, without reporting. */
  private skipLine(): void {
    let depth = 0;
    this.SKIP_TOKEN();
    for (;;) {
      const next = this.la(1);
      if (this.isEnd(next)) return;
      if (depth === 0 && (next.nl || next.tokenType === T.Semicolon)) return;
      if (OPENERS.has(next.tokenType)) depth++;
      else if (CLOSERS.has(next.tokenType)) {
        if (depth === 0) return;
        depth--;
      }
      this.SKIP_TOKEN();
    }
  }

  /**
   * The statements of a block or file, up to `closer` (or the end of the input).
   * Statements the grammar cannot start are reported and skipped; the loop never gives up.
   */
  private statementList(closer: TokenType | null, open: IToken | null): A.Stmt[] {
    const stmts: A.Stmt[] = [];
    if (this.RECORDING_PHASE) {
      this.MANY(() => this.SUBRULE(this.statement));
      return stmts;
    }
    if (closer === null) this.fileStatements = stmts;
    for (;;) {
      while (STATEMENT_START.has(this.la(1).tokenType) && !this.closesBlockByIndentation(open)) {
        const before = this.currIdx;
        const errorsBefore = this.errorCount();
        // Statements start with struct literals allowed; an error thrown out of an `if`
        // head must not leave them disallowed for the rest of the file.
        this.noStruct = false;
        const stmt = closer === null ? this.topLevelStatement() : this.SUBRULE(this.statement);
        if (this.currIdx === before) {
          // No statement can start here (`fun ;`); the error is reported: skip the line.
          this.skipLine();
          continue;
        }
        if (stmt === null) continue;
        stmts.push(stmt);
        // After a statement with an error, what follows it on the line is that error's doing.
        if (this.errorCount() === errorsBefore) this.checkSeparator(stmt, closer);
      }
      const next = this.la(1);
      if (this.isEnd(next) || (closer !== null && next.tokenType === closer)) break;
      if (this.closesBlockByIndentation(open)) break;
      this.skipStray(closer);
    }
    return stmts;
  }

  /**
   * A statement of the file. Input nested past what the stack holds (despite the depth
   * guard, e.g. in Chevrotain's own recovery) costs that statement, not the file.
   */
  private topLevelStatement(): A.Stmt | null {
    const first = this.la(1);
    try {
      return this.SUBRULE(this.statement);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      if (!this.reportedTooDeep) {
        this.reportedTooDeep = true;
        this.report(Codes.NestingTooDeep, this.startOf(first), this.endOf(first), { limit: MAX_RULE_DEPTH });
      }
      // Resume at the next line that starts at depth zero.
      while (!this.isEnd(this.la(1)) && !(this.la(1).nl && this.la(1).startOffset > first.startOffset)) this.SKIP_TOKEN();
      return null;
    }
  }

  // ------------------------------------------------------------ file and statements

  /** The top-level statements read so far (what is left of the file if recovery reaches the root). */
  private fileStatements: A.Stmt[] = [];

  sourceFile = this.RULE(
    'sourceFile',
    (): A.SourceFile => {
      const attributes: A.Attribute[] = [];
      this.MANY2(() => {
        const attribute = this.SUBRULE(this.innerAttribute);
        this.ACTION(() => attributes.push(attribute));
      });
      const stmts = this.statementList(null, null);
      return { kind: 'SourceFile', stmts, comments: [], attributes, start: 0, end: this.text.length };
    },
    { recoveryValueFunc: () => ({ kind: 'SourceFile', stmts: this.fileStatements, comments: [], attributes: [], start: 0, end: this.text.length }) as A.SourceFile },
  );

  statement = this.RULE(
    'statement',
    (): A.Stmt =>
      this.OR(
        (this.statementAlternatives ??= [
          { ALT: () => this.SUBRULE(this.emptyStatement) },
          { ALT: () => this.SUBRULE(this.letStatement) },
          { ALT: () => this.SUBRULE(this.item) },
          { ALT: () => this.SUBRULE(this.expressionStatement) },
        ]),
      ),
    { recoveryValueFunc: (e) => this.recoveredStatement(e) },
  );

  private recoveredStatement(e: IRecognitionException): A.ExprStmt {
    const range = this.recoveredRange(e);
    return { kind: 'ExprStmt', expr: { kind: 'ErrorExpr', ...range }, semicolon: false, ...range };
  }

  /**
   * The range of a node that recovery puts in place of what could not be parsed: the
   * tokens recovery skipped, or an empty range just after the last token read. (The
   * token of the error may lie past the end of the enclosing node, after blanks.)
   */
  private recoveredRange(e: IRecognitionException): { start: number; end: number } {
    const end = this.lastEnd();
    const token = e.token;
    const start = Number.isNaN(token.startOffset) ? end : Math.min(token.startOffset, end);
    return { start, end };
  }

  private statementAlternatives: any;

  emptyStatement = this.RULE('emptyStatement', (): A.EmptyStmt => {
    const semi = this.CONSUME(T.Semicolon);
    return { kind: 'EmptyStmt', start: this.startOf(semi), end: this.endOf(semi) };
  });

  letStatement = this.RULE('letStatement', (): A.LetStmt => {
    const kw = this.CONSUME(T.KwLet);
    const pattern = this.SUBRULE(this.pattern);
    let type: A.TypeNode | null = null;
    let init: Expr | null = null;
    let elseBlock: A.BlockExpr | null = null;
    if (this.RECORDING_PHASE) {
      this.OPTION(() => {
        this.CONSUME(T.Colon);
        this.SUBRULE(this.typeRef);
      });
      this.OPTION2(() => {
        this.CONSUME(T.Eq);
        this.SUBRULE(this.expression, EXPR);
      });
      this.OPTION3(() => {
        this.CONSUME(T.KwElse);
        this.SUBRULE(this.block);
      });
      this.OPTION4(() => this.CONSUME(T.Semicolon));
      return { kind: 'LetStmt', pattern, type, init, elseBlock, start: 0, end: 0 };
    }
    if (this.la(1).tokenType === T.Colon) {
      this.CONSUME(T.Colon);
      type = this.SUBRULE(this.typeRef);
    }
    if (this.la(1).tokenType === T.Eq) {
      this.CONSUME(T.Eq);
      init = this.SUBRULE(this.expression, EXPR);
    }
    if (this.la(1).tokenType === T.KwElse) {
      this.CONSUME(T.KwElse);
      elseBlock = this.SUBRULE(this.block);
    }
    let end = this.lastEnd();
    if (this.la(1).tokenType === T.Semicolon) end = this.endOf(this.CONSUME(T.Semicolon));
    return { kind: 'LetStmt', pattern, type, init, elseBlock, start: kw.startOffset, end };
  });

  expressionStatement = this.RULE('expressionStatement', (): A.ExprStmt => {
    const expr = this.SUBRULE(this.expression, STMT_EXPR);
    if (this.RECORDING_PHASE) {
      this.OPTION(() => this.CONSUME(T.Semicolon));
      return { kind: 'ExprStmt', expr, semicolon: false, start: 0, end: 0 };
    }
    if (this.la(1).tokenType === T.Semicolon) {
      const semi = this.CONSUME(T.Semicolon);
      return { kind: 'ExprStmt', expr, semicolon: true, start: expr.start, end: this.endOf(semi) };
    }
    return { kind: 'ExprStmt', expr, semicolon: false, start: expr.start, end: expr.end };
  });

  // ------------------------------------------------------------ items

  item = this.RULE('item', (): A.Item => {
    const attributes: A.Attribute[] = [];
    this.MANY(() => {
      const attribute = this.SUBRULE(this.attribute);
      this.ACTION(() => attributes.push(attribute));
    });
    const start = this.startOf(this.LA(1));
    const visibility = this.SUBRULE(this.visibility);
    const item = this.OR([
      { ALT: () => this.SUBRULE(this.functionDecl) },
      { ALT: () => this.SUBRULE(this.structDecl) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.traitDecl) },
      { ALT: () => this.SUBRULE(this.implDecl) },
      { ALT: () => this.SUBRULE(this.typeAliasDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.moduleDecl) },
      { ALT: () => this.SUBRULE(this.useDecl) },
      { ALT: () => this.SUBRULE(this.actorDecl) },
      { ALT: () => this.SUBRULE(this.effectDecl) },
    ]);
    this.ACTION(() => {
      item.start = start;
      (item as { attributes: A.Attribute[] }).attributes = attributes;
      if ('visibility' in item) (item as { visibility: A.Visibility }).visibility = visibility;
    });
    const semicolon = this.OPTION(() => this.CONSUME(T.Semicolon));
    this.ACTION(() => {
      if (semicolon !== undefined) item.end = this.endOf(semicolon);
    });
    return item;
  }, { recoveryValueFunc: (e) => this.recoveredStatement(e) as unknown as A.Item });

  attribute = this.RULE('attribute', (): A.Attribute => {
    const open = this.CONSUME(T.AttributeOpen);
    return this.attributeBody(open, false);
  });

  innerAttribute = this.RULE('innerAttribute', (): A.Attribute => {
    const open = this.CONSUME(T.InnerAttributeOpen);
    return this.attributeBody(open, true);
  });

  /** An attribute's body is not Ruchy syntax: keep its name and the raw text of its arguments. */
  private attributeBody(open: IToken, inner: boolean): A.Attribute {
    const attribute: A.Attribute = { kind: 'Attribute', name: '', args: null, inner, start: this.startOf(open), end: this.endOf(open) };
    if (this.RECORDING_PHASE) return attribute;
    const nameToken = this.la(1);
    if (nameToken.tokenType === T.Identifier || nameToken.tokenType.CATEGORIES?.includes(T.Keyword)) attribute.name = nameToken.image;
    let depth = 0;
    let argsStart = -1;
    let argsEnd = -1;
    for (;;) {
      const token = this.la(1);
      if (this.isEnd(token)) break;
      if (token.tokenType === T.RBracket && depth === 0) {
        this.SKIP_TOKEN();
        attribute.end = this.endOf(token);
        break;
      }
      if (token.tokenType === T.LParen && depth === 0 && argsStart < 0) argsStart = this.endOf(token);
      if (OPENERS.has(token.tokenType)) depth++;
      else if (CLOSERS.has(token.tokenType)) {
        depth--;
        if (depth === 0 && token.tokenType === T.RParen && argsEnd < 0) argsEnd = this.startOf(token);
        if (depth < 0) break;
      }
      attribute.end = this.endOf(token);
      this.SKIP_TOKEN();
    }
    if (argsStart >= 0 && argsEnd >= argsStart) attribute.args = this.text.slice(argsStart, argsEnd).trim();
    if (this.isEnd(this.la(1)) && !this.text.slice(attribute.start, attribute.end).endsWith(']')) {
      this.reportUnclosed(attribute.end, attribute.start, attribute.start + 2, ']', 'attribute');
    }
    return attribute;
  }

  visibility = this.RULE('visibility', (): A.Visibility => {
    let visibility: A.Visibility = 'private';
    this.OPTION(() => {
      this.CONSUME(T.KwPub);
      visibility = 'pub';
      this.OPTION2({
        GATE: () => this.la(2).tokenType === T.KwSuper || this.la(2).tokenType === T.KwSelf || this.la(2).image === 'crate',
        DEF: () => {
          this.CONSUME(T.LParen);
          const scope = this.OR([
            { ALT: () => this.CONSUME(T.KwSuper).image },
            { ALT: () => this.CONSUME(T.KwSelf).image },
            { ALT: () => this.CONSUME(T.Identifier).image },
          ]);
          this.CONSUME(T.RParen);
          visibility = `pub(${scope})` as A.Visibility;
        },
      });
    });
    return visibility;
  });

  private itemBase(name: A.Identifier) {
    return { name, visibility: 'private' as A.Visibility, attributes: [] as A.Attribute[], doc: null };
  }

  /** A declaration's name; when missing, Chevrotain inserts one and reports "expected a name". */
  private itemName(): A.Identifier {
    return this.ident(this.CONSUME9(T.Identifier));
  }

  functionDecl = this.RULE('functionDecl', (): A.FunctionDecl => {
    const first = this.la(1);
    if (this.RECORDING_PHASE) {
      this.OPTION(() => this.CONSUME(T.KwAsync));
      this.OR([{ ALT: () => this.CONSUME(T.KwFun) }, { ALT: () => this.CONSUME(T.KwFn) }]);
    } else {
      if (first.tokenType === T.KwAsync) this.CONSUME(T.KwAsync);
      this.CONSUME(this.la(1).tokenType === T.KwFn ? T.KwFn : T.KwFun);
    }
    const name = this.itemName();
    const typeParams = this.SUBRULE(this.typeParamsOpt);
    const params = this.SUBRULE(this.paramList);
    let returnType: A.TypeNode | null = null;
    let body: A.BlockExpr | null = null;
    if (this.RECORDING_PHASE) {
      this.OPTION2(() => {
        this.CONSUME(T.Arrow);
        this.SUBRULE(this.typeRef);
      });
    } else if (this.la(1).tokenType === T.Arrow) {
      this.CONSUME(T.Arrow);
      returnType = this.SUBRULE(this.typeRef);
    }
    const where = this.SUBRULE(this.whereClauseOpt);
    if (this.RECORDING_PHASE) this.OPTION3(() => this.SUBRULE(this.block));
    else if (this.la(1).tokenType === T.LBrace) body = this.SUBRULE(this.block);
    return {
      kind: 'FunctionDecl', ...this.itemBase(name), isAsync: first.tokenType === T.KwAsync, typeParams, params, returnType, where, body,
      start: this.startOf(first), end: this.lastEnd(),
    };
  });

  paramList = this.RULE('paramList', (): A.Param[] => {
    const params: A.Param[] = [];
    const open = this.CONSUME(T.LParen);
    if (this.RECORDING_PHASE) {
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.param) });
      this.OPTION(() => this.CONSUME(T.RParen));
      return params;
    }
    const errorsBefore = this.errorCount();
    while (PARAM_START.has(this.la(1).tokenType)) {
      params.push(this.SUBRULE(this.param));
      if (this.la(1).tokenType === T.Comma) this.CONSUME(T.Comma);
      else if (!this.skipListJunk(errorsBefore)) break;
    }
    const close = this.la(1).tokenType === T.RParen ? this.CONSUME(T.RParen) : undefined;
    this.expectClose(T.RParen, open, 'parameter list', close);
    return params;
  });

  param = this.RULE('param', (): A.Param =>
    this.OR(
      (this.paramAlternatives ??= {
        IGNORE_AMBIGUITIES: true,
        DEF: [
          // Listed first: `self`, `&self`, `&mut self`, `mut self` take this alternative.
          { ALT: () => this.SUBRULE(this.selfParam) },
          { ALT: () => this.SUBRULE(this.plainParam) },
        ],
      }),
    ),
  );

  private paramAlternatives: any;

  selfParam = this.RULE('selfParam', (): A.Param => {
    const start = this.startOf(this.LA(1));
    let self: A.Param['self'] = 'value';
    let mutable = false;
    this.OPTION(() => {
      this.CONSUME(T.Amp);
      self = 'ref';
      this.OPTION2(() => this.CONSUME(T.Label));
      this.OPTION3(() => {
        this.CONSUME(T.KwMut);
        self = 'refMut';
      });
    });
    this.OPTION4(() => {
      this.CONSUME2(T.KwMut);
      mutable = true;
    });
    const selfToken = this.CONSUME(T.KwSelf);
    let type: A.TypeNode | null = null;
    this.OPTION5(() => {
      this.CONSUME(T.Colon);
      type = this.SUBRULE(this.typeRef);
    });
    const name: A.Identifier = this.ident(selfToken);
    const pattern: A.IdentPattern = { kind: 'IdentPattern', name, mutable, byRef: false, subpattern: null, start: name.start, end: name.end };
    return { kind: 'Param', pattern, type, defaultValue: null, self, start, end: this.lastEnd() };
  });

  plainParam = this.RULE('plainParam', (): A.Param => {
    const pattern = this.SUBRULE(this.singlePattern);
    let type: A.TypeNode | null = null;
    let defaultValue: Expr | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      type = this.SUBRULE(this.typeRef);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Eq);
      defaultValue = this.SUBRULE(this.expression, EXPR_NO_ASSIGN);
    });
    return { kind: 'Param', pattern, type, defaultValue, self: null, start: this.RECORDING_PHASE ? 0 : pattern.start, end: this.lastEnd() };
  });

  structDecl = this.RULE('structDecl', (): A.StructDecl => {
    const kw = this.CONSUME(T.KwStruct);
    const name = this.itemName();
    const typeParams = this.SUBRULE(this.typeParamsOpt);
    let shape: A.StructDecl['shape'] = 'unit';
    const fields: A.FieldDecl[] = [];
    const methods: A.FunctionDecl[] = [];
    let tupleFields: A.TypeNode[] = [];
    let where: A.WherePredicate[] = [];
    // A unit struct needs no `;` (a line break ends it, as any statement); the item reads the `;`.
    this.OPTION3(() => this.OR([
      {
        ALT: () => {
          tupleFields = this.SUBRULE(this.tupleFieldTypes);
          shape = 'tuple';
          where = this.SUBRULE(this.whereClauseOpt);
        },
      },
      {
        ALT: () => {
          where = this.SUBRULE2(this.whereClauseOpt);
          const open = this.CONSUME(T.LBrace);
          shape = 'named';
          for (;;) {
            this.MANY({ GATE: () => !this.closesBlockByIndentation(open), DEF: () => {
              this.OR2({ IGNORE_AMBIGUITIES: true, DEF: [
                {
                  GATE: () => this.fieldAhead(),
                  ALT: () => {
                    const field = this.SUBRULE(this.fieldDecl);
                    this.ACTION(() => fields.push(field));
                  },
                },
                {
                  ALT: () => {
                    const method = this.SUBRULE(this.memberFunction);
                    this.ACTION(() => methods.push(method));
                  },
                },
              ]});
              this.OPTION(() => this.CONSUME(T.Comma));
            }});
            if (this.RECORDING_PHASE || !this.skipBodyJunk(open, 'a field or a method')) break;
          }
          const close = this.OPTION2(() => this.CONSUME(T.RBrace));
          this.ACTION(() => this.expectClose(T.RBrace, open, `body of struct \`${name.name}\``, close));
        },
      },
    ]));
    return {
      kind: 'StructDecl', ...this.itemBase(name), typeParams, shape, fields, tupleFields, methods, where,
      start: this.startOf(kw), end: this.lastEnd(),
    };
  });

  /**
   * In the body of a struct, enum, trait, impl, actor or effect, after its members: when
   * something that is not a member stands before the `}` (a field without its name, a
   * stray `:`), reports it once, skips it to the end of its line (or its `,`), and answers
   * true so that the members after it are read. False at the `}`, at the end of the file,
   * and before what must close the body (a declaration left of it, a `let`).
   */
  private skipBodyJunk(open: IToken, what: string): boolean {
    const first = this.la(1);
    const t = first.tokenType;
    if (t === T.RBrace || this.isEnd(first) || this.closesBlockByIndentation(open)) return false;
    if (first.nl && (t === T.KwLet || CLOSERS.has(t))) return false;
    if (!this.alreadyReportedAt(first)) this.report(Codes.UnexpectedToken, this.startOf(first), this.endOf(first), { expected: what, found: describeToken(first) });
    // The first token always goes (a stray `)` too), so that the member loop moves on.
    let depth = OPENERS.has(t) ? 1 : 0;
    this.SKIP_TOKEN();
    if (t === T.Comma || t === T.Semicolon) {
      if (this.la(1).tokenType === T.Comma && !this.la(1).nl) this.SKIP_TOKEN();
      return true;
    }
    for (;;) {
      const token = this.la(1);
      if (this.isEnd(token)) break;
      const k = token.tokenType;
      if (depth === 0) {
        if (token.nl || k === T.RBrace) break;
        if (k === T.Comma || k === T.Semicolon) {
          this.SKIP_TOKEN();
          break;
        }
      }
      if (OPENERS.has(k)) depth++;
      else if (CLOSERS.has(k)) {
        if (depth === 0) break;
        depth--;
      }
      this.SKIP_TOKEN();
    }
    return true;
  }

  /** Did Chevrotain just report an error at `token`? */
  private alreadyReportedAt(token: IToken): boolean {
    const errors = (this as unknown as { _errors: IRecognitionException[] })._errors;
    return errors.length > 0 && errors[errors.length - 1].token === token;
  }

  /**
   * In a parameter or argument list, after an item followed by neither `,` nor `)` on its
   * line (`fun f(a i32)`): reports it (unless the list already had an error: one per
   * list), skips to the next `,` (true: the list goes on) or to the `)` or the end of
   * the line (false).
   */
  private skipListJunk(errorsBefore: number): boolean {
    const first = this.la(1);
    const t = first.tokenType;
    if (t === T.RParen || t === T.Comma || this.isEnd(first) || first.nl) return false;
    // A body, a return type, a match arm's `=>` after the list: only its `)` is missing
    // (reported by the caller).
    if (t === T.LBrace || t === T.RBrace || t === T.Arrow || t === T.FatArrow || t === T.Semicolon) return false;
    if (this.errorCount() === errorsBefore) {
      this.report(Codes.UnexpectedToken, this.startOf(first), this.endOf(first), { expected: '`,` or `)`', found: describeToken(first) });
    }
    let depth = 0;
    for (;;) {
      const token = this.la(1);
      if (this.isEnd(token) || (token.nl && token !== first)) return false;
      const k = token.tokenType;
      if (depth === 0) {
        if (k === T.Comma) {
          this.CONSUME(T.Comma);
          return true;
        }
        if (k === T.RParen || k === T.RBrace || k === T.LBrace || k === T.Arrow) return false;
      }
      if (OPENERS.has(k)) depth++;
      else if (CLOSERS.has(k) && depth > 0) depth--;
      // (A stray `]` at depth 0 is skipped with the rest.)
      this.SKIP_TOKEN();
    }
  }

  /** A field starts with a name (maybe after attributes and visibility), not with `fun`. */
  private fieldAhead(): boolean {
    const t = this.la(this.afterAttributesAndVisibility()).tokenType;
    return t === T.Identifier || t === T.IntLiteral;
  }

  /** The lookahead index of the first token after any attributes and a visibility (`pub`, `pub(crate)`). */
  private afterAttributesAndVisibility(): number {
    let k = 1;
    while (this.la(k).tokenType === T.AttributeOpen) {
      // Attributes are short; find the `]`.
      let depth = 0;
      for (;;) {
        const t = this.la(k).tokenType;
        if (t === EOF) return k;
        if (t === T.AttributeOpen || t === T.LBracket || t === T.LParen) depth++;
        else if (t === T.RBracket || t === T.RParen) depth--;
        k++;
        if (depth === 0) break;
      }
    }
    if (this.la(k).tokenType === T.KwPub) {
      k++;
      if (this.la(k).tokenType === T.LParen) k += 3;
    }
    return k;
  }

  memberFunction = this.RULE('memberFunction', (): A.FunctionDecl => {
    const attributes: A.Attribute[] = [];
    this.MANY(() => {
      const attribute = this.SUBRULE(this.attribute);
      this.ACTION(() => attributes.push(attribute));
    });
    const start = this.startOf(this.LA(1));
    const visibility = this.SUBRULE(this.visibility);
    const fn = this.SUBRULE(this.functionDecl);
    this.ACTION(() => {
      fn.start = start;
      fn.visibility = visibility;
      fn.attributes = attributes;
    });
    const semicolon = this.OPTION(() => this.CONSUME(T.Semicolon));
    this.ACTION(() => {
      if (semicolon !== undefined) fn.end = this.endOf(semicolon);
    });
    return fn;
  });

  tupleFieldTypes = this.RULE('tupleFieldTypes', (): A.TypeNode[] => {
    const types: A.TypeNode[] = [];
    const open = this.CONSUME(T.LParen);
    let more = true;
    this.MANY({
      GATE: () => more,
      DEF: () => {
        this.SUBRULE(this.visibility);
        const type = this.SUBRULE(this.typeRef);
        this.ACTION(() => types.push(type));
        // A comma continues the list; one before the closer is allowed.
        more = this.OPTION2(() => this.CONSUME(T.Comma)) !== undefined;
      },
    });
    const close = this.OPTION(() => this.CONSUME(T.RParen));
    this.ACTION(() => this.expectClose(T.RParen, open, 'field list', close));
    return types;
  });

  fieldDecl = this.RULE('fieldDecl', (): A.FieldDecl => {
    this.MANY(() => this.SUBRULE(this.attribute));
    const start = this.startOf(this.LA(1));
    const visibility = this.SUBRULE(this.visibility);
    const nameToken = this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.IntLiteral) }]);
    let type: A.TypeNode | null = null;
    let defaultValue: Expr | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      type = this.SUBRULE(this.typeRef);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Eq);
      defaultValue = this.SUBRULE(this.expression, EXPR_NO_ASSIGN);
    });
    return { kind: 'FieldDecl', name: this.ident(nameToken), type, defaultValue, visibility, doc: null, start, end: this.lastEnd() };
  });

  enumDecl = this.RULE('enumDecl', (): A.EnumDecl => {
    const kw = this.CONSUME(T.KwEnum);
    const name = this.itemName();
    const typeParams = this.SUBRULE(this.typeParamsOpt);
    const where = this.SUBRULE(this.whereClauseOpt);
    const variants: A.EnumVariant[] = [];
    const open = this.CONSUME(T.LBrace);
    for (;;) {
      this.MANY({ GATE: () => !this.closesBlockByIndentation(open), DEF: () => {
        const variant = this.SUBRULE(this.enumVariant);
        this.ACTION(() => variants.push(variant));
        this.OPTION(() => this.CONSUME(T.Comma));
      }});
      if (this.RECORDING_PHASE || !this.skipBodyJunk(open, 'a variant')) break;
    }
    const close = this.OPTION2(() => this.CONSUME(T.RBrace));
    this.ACTION(() => this.expectClose(T.RBrace, open, `body of enum \`${name.name}\``, close));
    return { kind: 'EnumDecl', ...this.itemBase(name), typeParams, variants, where, start: this.startOf(kw), end: this.lastEnd() };
  });

  enumVariant = this.RULE('enumVariant', (): A.EnumVariant => {
    this.MANY3(() => this.SUBRULE(this.attribute));
    const nameToken = this.CONSUME(T.Identifier);
    let shape: A.EnumVariant['shape'] = 'unit';
    let tupleFields: A.TypeNode[] = [];
    const fields: A.FieldDecl[] = [];
    let discriminant: Expr | null = null;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            tupleFields = this.SUBRULE(this.tupleFieldTypes);
            shape = 'tuple';
          },
        },
        {
          ALT: () => {
            const open = this.CONSUME(T.LBrace);
            shape = 'named';
            this.MANY(() => {
              const field = this.SUBRULE(this.fieldDecl);
              this.ACTION(() => fields.push(field));
              this.OPTION2(() => this.CONSUME(T.Comma));
            });
            const close = this.OPTION3(() => this.CONSUME(T.RBrace));
            this.ACTION(() => this.expectClose(T.RBrace, open, 'variant fields', close));
          },
        },
      ]);
    });
    this.OPTION4(() => {
      this.CONSUME(T.Eq);
      discriminant = this.SUBRULE(this.expression, EXPR_NO_ASSIGN);
    });
    return {
      kind: 'EnumVariant', name: this.ident(nameToken), shape, tupleFields, fields, discriminant, doc: null,
      start: this.startOf(nameToken), end: this.lastEnd(),
    };
  });

  traitDecl = this.RULE('traitDecl', (): A.TraitDecl => {
    const kw = this.CONSUME(T.KwTrait);
    const name = this.itemName();
    const typeParams = this.SUBRULE(this.typeParamsOpt);
    let supertraits: A.TypeNode[] = [];
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      supertraits = this.SUBRULE(this.bounds);
    });
    const where = this.SUBRULE(this.whereClauseOpt);
    const members = this.SUBRULE(this.memberBlock, { ARGS: [`body of trait \`${this.RECORDING_PHASE ? '' : name.name}\``] });
    return { kind: 'TraitDecl', ...this.itemBase(name), typeParams, supertraits, members, where, start: this.startOf(kw), end: this.lastEnd() };
  });

  implDecl = this.RULE('implDecl', (): A.ImplDecl => {
    const kw = this.CONSUME(T.KwImpl);
    const typeParams = this.SUBRULE(this.typeParamsOpt);
    let selfType = this.SUBRULE(this.typeRef);
    let trait: A.TypeNode | null = null;
    this.OPTION(() => {
      this.CONSUME(T.KwFor);
      trait = selfType;
      selfType = this.SUBRULE2(this.typeRef);
    });
    const where = this.SUBRULE(this.whereClauseOpt);
    const members = this.SUBRULE(this.memberBlock, { ARGS: ['impl block'] });
    return { kind: 'ImplDecl', attributes: [], typeParams, trait, selfType, members, where, doc: null, start: this.startOf(kw), end: this.lastEnd() };
  });

  memberBlock = this.RULE('memberBlock', (what: string): A.TraitMember[] => {
    const members: A.TraitMember[] = [];
    const open = this.CONSUME(T.LBrace);
    for (;;) {
      this.MANY({ GATE: () => !this.closesBlockByIndentation(open), DEF: () => {
        let member: A.TraitMember;
        if (this.RECORDING_PHASE) {
          member = this.OR({ IGNORE_AMBIGUITIES: true, DEF: [
            { ALT: () => this.SUBRULE(this.associatedType) },
            { ALT: () => this.SUBRULE(this.memberConst) },
            { ALT: () => this.SUBRULE(this.memberFunction) },
          ]});
        } else {
          // Decided by the keyword after attributes and visibility (`pub(crate) fun` is past LL(3)).
          const keyword = this.la(this.afterAttributesAndVisibility()).tokenType;
          member =
            keyword === T.KwType ? this.SUBRULE(this.associatedType)
            : keyword === T.KwConst ? this.SUBRULE(this.memberConst)
            : this.SUBRULE(this.memberFunction);
        }
        this.ACTION(() => members.push(member));
        this.OPTION(() => this.CONSUME(T.Comma));
      }});
      if (this.RECORDING_PHASE || !this.skipBodyJunk(open, 'a method, `type` or `const`')) break;
    }
    const close = this.OPTION2(() => this.CONSUME(T.RBrace));
    this.ACTION(() => this.expectClose(T.RBrace, open, what, close));
    return members;
  });

  associatedType = this.RULE('associatedType', (): A.AssociatedType => {
    this.MANY(() => this.SUBRULE(this.attribute));
    this.SUBRULE(this.visibility);
    const kw = this.CONSUME(T.KwType);
    const name = this.ident(this.CONSUME(T.Identifier));
    let bounds: A.TypeNode[] = [];
    let value: A.TypeNode | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      bounds = this.SUBRULE(this.bounds);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Eq);
      value = this.SUBRULE(this.typeRef);
    });
    this.OPTION3(() => this.CONSUME(T.Semicolon));
    return { kind: 'AssociatedType', name, bounds, value, start: this.startOf(kw), end: this.lastEnd() };
  });

  memberConst = this.RULE('memberConst', (): A.ConstDecl => {
    const attributes: A.Attribute[] = [];
    this.MANY(() => {
      const attribute = this.SUBRULE(this.attribute);
      this.ACTION(() => attributes.push(attribute));
    });
    const start = this.startOf(this.LA(1));
    const visibility = this.SUBRULE(this.visibility);
    const decl = this.SUBRULE(this.constDecl);
    this.ACTION(() => {
      decl.start = start;
      decl.visibility = visibility;
      decl.attributes = attributes;
    });
    this.OPTION(() => this.CONSUME(T.Semicolon));
    return decl;
  });

  typeAliasDecl = this.RULE('typeAliasDecl', (): A.TypeAliasDecl => {
    const kw = this.CONSUME(T.KwType);
    const name = this.itemName();
    const typeParams = this.SUBRULE(this.typeParamsOpt);
    this.CONSUME(T.Eq);
    const type = this.SUBRULE(this.typeRef);
    return { kind: 'TypeAliasDecl', ...this.itemBase(name), typeParams, type, start: this.startOf(kw), end: this.lastEnd() };
  });

  constDecl = this.RULE('constDecl', (): A.ConstDecl => {
    const kw = this.CONSUME(T.KwConst);
    const name = this.itemName();
    let type: A.TypeNode | null = null;
    let value: Expr | null = null;
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      type = this.SUBRULE(this.typeRef);
    });
    this.OPTION3(() => {
      this.CONSUME(T.Eq);
      value = this.SUBRULE(this.expression, EXPR);
    });
    return {
      kind: 'ConstDecl', ...this.itemBase(name), type, value, isStatic: false,
      start: this.startOf(kw), end: this.lastEnd(),
    };
  });

  moduleDecl = this.RULE('moduleDecl', (): A.ModuleDecl => {
    const kw = this.CONSUME(T.KwMod);
    const name = this.itemName();
    let body: A.Stmt[] | null = null;
    this.OPTION(() => {
      const open = this.CONSUME(T.LBrace);
      body = this.statementList(T.RBrace, open);
      const close = this.OPTION2(() => this.CONSUME(T.RBrace));
      this.ACTION(() => this.expectClose(T.RBrace, open, `module \`${name.name}\``, close));
    });
    return { kind: 'ModuleDecl', ...this.itemBase(name), body, start: this.startOf(kw), end: this.lastEnd() };
  });

  useDecl = this.RULE('useDecl', (): A.UseDecl => {
    const kw = this.OR([{ ALT: () => this.CONSUME(T.KwUse) }, { ALT: () => this.CONSUME(T.KwImport) }]);
    let source: A.StringLiteral | null = null;
    let tree: A.UseTree = { kind: 'UseTree', path: [], alias: null, children: null, glob: false, start: this.endOf(kw), end: this.endOf(kw) };
    this.OR2([
      {
        ALT: () => {
          const s = this.CONSUME(T.StringLiteral);
          source = { kind: 'StringLiteral', value: cookString(s.image.slice(1, -1)).value, style: 'normal', start: this.startOf(s), end: this.endOf(s) };
        },
      },
      {
        ALT: () => {
          tree = this.SUBRULE(this.useTree);
          // `import { a, b } from "file"`
          this.OPTION({
            GATE: () => this.la(1).image === 'from',
            DEF: () => {
              this.CONSUME(T.Identifier);
              const s = this.CONSUME2(T.StringLiteral);
              source = { kind: 'StringLiteral', value: cookString(s.image.slice(1, -1)).value, style: 'normal', start: this.startOf(s), end: this.endOf(s) };
            },
          });
        },
      },
    ]);
    return {
      kind: 'UseDecl', keyword: kw.image === 'use' ? 'use' : 'import', tree, source, visibility: 'private',
      attributes: [], doc: null, start: this.startOf(kw), end: this.lastEnd(),
    };
  });

  useTree = this.RULE('useTree', (): A.UseTree => {
    const start = this.startOf(this.LA(1));
    const path: A.Identifier[] = [];
    let children: A.UseTree[] | null = null;
    let glob = false;
    let alias: A.Identifier | null = null;
    this.OR([
      { ALT: () => (children = this.SUBRULE(this.useGroup)) },
      { ALT: () => { this.CONSUME(T.Star); glob = true; } },
      {
        ALT: () => {
          path.push(this.SUBRULE(this.useSegment));
          this.MANY(() => {
            this.OR2([{ ALT: () => this.CONSUME(T.PathSep) }, { ALT: () => this.CONSUME(T.Dot) }]);
            this.OR3([
              { ALT: () => path.push(this.SUBRULE2(this.useSegment)) },
              { ALT: () => (children = this.SUBRULE2(this.useGroup)) },
              { ALT: () => { this.CONSUME2(T.Star); glob = true; } },
            ]);
          });
        },
      },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.KwAs);
      alias = this.ident(this.CONSUME(T.Identifier));
    });
    return { kind: 'UseTree', path, alias, children, glob, start, end: this.lastEnd() };
  });

  useSegment = this.RULE('useSegment', (): A.Identifier =>
    this.ident(
      this.OR([
        { ALT: () => this.CONSUME(T.Identifier) },
        { ALT: () => this.CONSUME(T.KwSelf) },
        { ALT: () => this.CONSUME(T.KwSuper) },
      ]),
    ),
  );

  useGroup = this.RULE('useGroup', (): A.UseTree[] => {
    const children: A.UseTree[] = [];
    const open = this.CONSUME(T.LBrace);
    this.MANY(() => {
      const child = this.SUBRULE(this.useTree);
      this.ACTION(() => children.push(child));
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    const close = this.OPTION2(() => this.CONSUME(T.RBrace));
    this.ACTION(() => this.expectClose(T.RBrace, open, 'import list', close));
    return children;
  });

  actorDecl = this.RULE('actorDecl', (): A.ActorDecl => {
    const kw = this.CONSUME(T.KwActor);
    const name = this.itemName();
    const typeParams = this.SUBRULE(this.typeParamsOpt);
    const fields: A.FieldDecl[] = [];
    const handlers: A.ActorHandler[] = [];
    const methods: A.FunctionDecl[] = [];
    const open = this.CONSUME(T.LBrace);
    for (;;) {
      this.MANY({ GATE: () => !this.closesBlockByIndentation(open), DEF: () => {
        this.OR([
          {
            ALT: () => {
              const member = this.SUBRULE(this.actorNamedMember);
              this.ACTION(() => {
                if (member.field !== undefined) fields.push(member.field);
                if (member.handlers !== undefined) handlers.push(...member.handlers);
              });
            },
          },
          {
            ALT: () => {
              const method = this.SUBRULE(this.memberFunction);
              this.ACTION(() => methods.push(method));
            },
          },
        ]);
        this.OPTION4(() => this.OR3([{ ALT: () => this.CONSUME2(T.Comma) }, { ALT: () => this.CONSUME2(T.Semicolon) }]));
      }});
      if (this.RECORDING_PHASE || !this.skipBodyJunk(open, 'a field, a `receive` handler or a method')) break;
    }
    const close = this.OPTION5(() => this.CONSUME2(T.RBrace));
    this.ACTION(() => this.expectClose(T.RBrace, open, `body of actor \`${name.name}\``, close));
    return { kind: 'ActorDecl', ...this.itemBase(name), typeParams, fields, handlers, methods, start: this.startOf(kw), end: this.lastEnd() };
  });

  /** Actor members that start with a name: `receive { ... }`, `receive Msg(x) => ...`, `state n: T`, `n: T = v`. */
  actorNamedMember = this.RULE('actorNamedMember', (): { field?: A.FieldDecl; handlers?: A.ActorHandler[] } => {
    const first = this.CONSUME(T.Identifier);
    const block = this.OPTION({
      GATE: () => first.image === 'receive' && this.la(1).tokenType === T.LBrace,
      DEF: () => {
        const handlers: A.ActorHandler[] = [];
        const open = this.CONSUME(T.LBrace);
        this.MANY(() => {
          const handler = this.SUBRULE(this.actorHandler);
          this.ACTION(() => handlers.push(handler));
          this.OPTION2(() => this.OR([{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Semicolon) }]));
        });
        const close = this.OPTION3(() => this.CONSUME(T.RBrace));
        this.ACTION(() => this.expectClose(T.RBrace, open, 'receive block', close));
        return handlers;
      },
    });
    if (!this.RECORDING_PHASE && block !== undefined) return { handlers: block };
    const single = this.OPTION4({
      GATE: () => first.image === 'receive' && this.la(1).tokenType === T.Identifier,
      DEF: () => this.SUBRULE2(this.actorHandler),
    });
    if (!this.RECORDING_PHASE && single !== undefined) return { handlers: [single] };
    const stateName = this.OPTION5({
      GATE: () => first.image === 'state' && this.la(1).tokenType === T.Identifier,
      DEF: () => this.CONSUME2(T.Identifier),
    });
    const nameToken = stateName ?? first;
    let type: A.TypeNode | null = null;
    let defaultValue: Expr | null = null;
    this.OPTION6(() => {
      this.CONSUME(T.Colon);
      type = this.SUBRULE(this.typeRef);
    });
    this.OPTION7(() => {
      this.CONSUME(T.Eq);
      defaultValue = this.SUBRULE(this.expression, EXPR_NO_ASSIGN);
    });
    const field: A.FieldDecl = {
      kind: 'FieldDecl', name: this.ident(nameToken), type, defaultValue, visibility: 'private', doc: null,
      start: this.startOf(first), end: this.lastEnd(),
    };
    return { field };
  });

  actorHandler = this.RULE('actorHandler', (): A.ActorHandler => {
    const message = this.ident(this.CONSUME(T.Identifier));
    let params: A.Param[] = [];
    this.OPTION(() => {
      params = this.SUBRULE(this.paramList);
    });
    this.OR([{ ALT: () => this.CONSUME(T.FatArrow) }, { ALT: () => this.CONSUME(T.Arrow) }]);
    const body = this.SUBRULE(this.expression, EXPR);
    return { kind: 'ActorHandler', message, params, body, start: message.start, end: this.lastEnd() };
  });

  effectDecl = this.RULE('effectDecl', (): A.EffectDecl => {
    const kw = this.CONSUME(T.KwEffect);
    const name = this.itemName();
    const typeParams = this.SUBRULE(this.typeParamsOpt);
    const operations: A.FunctionDecl[] = [];
    const open = this.CONSUME(T.LBrace);
    for (;;) {
      this.MANY({ GATE: () => !this.closesBlockByIndentation(open), DEF: () => {
        const start = this.startOf(this.LA(1));
        this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.KwFun) }, { ALT: () => this.CONSUME(T.KwFn) }]));
        const opName = this.ident(this.CONSUME(T.Identifier));
        const params = this.SUBRULE(this.paramList);
        let returnType: A.TypeNode | null = null;
        this.OPTION2(() => {
          this.CONSUME(T.Arrow);
          returnType = this.SUBRULE(this.typeRef);
        });
        this.ACTION(() =>
          operations.push({
            kind: 'FunctionDecl', ...this.itemBase(opName), isAsync: false, typeParams: [], params, returnType,
            where: [], body: null, start, end: this.lastEnd(),
          }),
        );
        this.OPTION3(() => this.OR2([{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Semicolon) }]));
      }});
      if (this.RECORDING_PHASE || !this.skipBodyJunk(open, 'an operation')) break;
    }
    const close = this.OPTION4(() => this.CONSUME(T.RBrace));
    this.ACTION(() => this.expectClose(T.RBrace, open, `body of effect \`${name.name}\``, close));
    return { kind: 'EffectDecl', ...this.itemBase(name), typeParams, operations, start: this.startOf(kw), end: this.lastEnd() };
  });

  // ------------------------------------------------------------ generics and types

  typeParamsOpt = this.RULE('typeParamsOpt', (): A.TypeParam[] => {
    const params: A.TypeParam[] = [];
    this.OPTION(() => {
      this.CONSUME(T.Lt);
      let more = true;
      this.MANY({
        GATE: () => more,
        DEF: () => {
          const param = this.SUBRULE(this.typeParam);
          this.ACTION(() => params.push(param));
          // A comma continues the list; one before the closer is allowed.
          more = this.OPTION2(() => this.CONSUME(T.Comma)) !== undefined;
        },
      });
      this.CONSUME(T.Gt);
    });
    return params;
  });

  typeParam = this.RULE('typeParam', (): A.TypeParam =>
    this.OR([
      {
        ALT: () => {
          const label = this.CONSUME(T.Label);
          let bounds: A.TypeNode[] = [];
          this.OPTION(() => {
            this.CONSUME(T.Colon);
            this.AT_LEAST_ONE_SEP({ SEP: T.Plus, DEF: () => this.CONSUME2(T.Label) });
          });
          return {
            kind: 'TypeParam', name: this.ident(label), bounds, constType: null, isLifetime: true, default: null,
            start: this.startOf(label), end: this.lastEnd(),
          } as A.TypeParam;
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(T.KwConst);
          const name = this.ident(this.CONSUME(T.Identifier));
          this.CONSUME2(T.Colon);
          const constType = this.SUBRULE(this.typeRef);
          return { kind: 'TypeParam', name, bounds: [], constType, isLifetime: false, default: null, start: this.startOf(kw), end: this.lastEnd() } as A.TypeParam;
        },
      },
      {
        ALT: () => {
          const name = this.ident(this.CONSUME2(T.Identifier));
          let bounds: A.TypeNode[] = [];
          let defaultType: A.TypeNode | null = null;
          this.OPTION2(() => {
            this.CONSUME3(T.Colon);
            bounds = this.SUBRULE(this.bounds);
          });
          this.OPTION3(() => {
            this.CONSUME(T.Eq);
            defaultType = this.SUBRULE2(this.typeRef);
          });
          return { kind: 'TypeParam', name, bounds, constType: null, isLifetime: false, default: defaultType, start: name.start, end: this.lastEnd() } as A.TypeParam;
        },
      },
    ]),
  );

  bounds = this.RULE('bounds', (): A.TypeNode[] => {
    const bounds: A.TypeNode[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Plus,
      DEF: () => {
        this.OR([
          {
            ALT: () => {
              const bound = this.SUBRULE(this.typeRef);
              this.ACTION(() => bounds.push(bound));
            },
          },
          { ALT: () => this.CONSUME(T.Label) },
          {
            ALT: () => {
              // `?Sized`
              this.CONSUME(T.Question);
              const bound = this.SUBRULE2(this.typeRef);
              this.ACTION(() => bounds.push(bound));
            },
          },
        ]);
      },
    });
    return bounds;
  });

  whereClauseOpt = this.RULE('whereClauseOpt', (): A.WherePredicate[] => {
    const predicates: A.WherePredicate[] = [];
    this.OPTION(() => {
      this.CONSUME(T.KwWhere);
      let more = true;
      this.MANY({
        GATE: () => more,
        DEF: () => {
          const target = this.SUBRULE(this.typeRef);
          this.CONSUME(T.Colon);
          const bounds = this.SUBRULE(this.bounds);
          this.ACTION(() => predicates.push({ kind: 'WherePredicate', target, bounds, start: target.start, end: this.lastEnd() }));
          // A comma continues the list; one before the closer is allowed.
          more = this.OPTION2(() => this.CONSUME(T.Comma)) !== undefined;
        },
      });
    });
    return predicates;
  });

  typeRef = this.RULE(
    'typeRef',
    (): A.TypeNode => {
      if (this.depthExceeded()) {
        const start = this.skipTooDeep('type');
        return { kind: 'ErrorType', start, end: start };
      }
      if (!this.RECORDING_PHASE) {
        // The common case, a plain type name (`i32`, `String`, `T`), read directly.
        const name = this.la(1);
        if (name.tokenType === T.Identifier && name.image !== 'dyn' && name.image !== '_' && !TYPE_NAME_CONTINUATION.has(this.la(2).tokenType)) {
          this.CONSUME(T.Identifier);
          const ident: A.Identifier = { kind: 'Identifier', name: name.image, start: name.startOffset, end: name.endOffset + 1 };
          return { kind: 'NamedType', path: [ident], args: [], start: ident.start, end: ident.end };
        }
      }
      return this.OR({ IGNORE_AMBIGUITIES: true, DEF: [
        { ALT: () => this.SUBRULE(this.refType) },
        { ALT: () => this.SUBRULE(this.parenType) },
        { ALT: () => this.SUBRULE(this.arrayType) },
        { ALT: () => this.SUBRULE(this.fnType) },
        { ALT: () => this.SUBRULE(this.closureType) },
        { ALT: () => this.SUBRULE(this.implTraitType) },
        {
          ALT: () => {
            const bang = this.CONSUME(T.Bang);
            return { kind: 'NeverType', start: this.startOf(bang), end: this.endOf(bang) } as A.NeverType;
          },
        },
        { ALT: () => this.SUBRULE(this.namedType) },
      ]});
    },
    { recoveryValueFunc: (e) => ({ kind: 'ErrorType', ...this.recoveredRange(e) }) as A.ErrorType },
  );

  refType = this.RULE('refType', (): A.RefType => {
    const amp = this.OR([{ ALT: () => this.CONSUME(T.Amp) }, { ALT: () => this.CONSUME(T.AndAnd) }]);
    let lifetime: string | null = null;
    let mutable = false;
    this.OPTION(() => {
      lifetime = this.CONSUME(T.Label).image;
    });
    this.OPTION2(() => {
      this.CONSUME(T.KwMut);
      mutable = true;
    });
    const target = this.SUBRULE(this.typeRef);
    const start = this.startOf(amp);
    const ref: A.RefType = { kind: 'RefType', mutable, lifetime, target, start, end: this.lastEnd() };
    if (amp.image === '&&') return { kind: 'RefType', mutable: false, lifetime: null, target: { ...ref, start: start + 1 }, start, end: ref.end };
    return ref;
  });

  parenType = this.RULE('parenType', (): A.TypeNode => {
    const open = this.CONSUME(T.LParen);
    const elements: A.TypeNode[] = [];
    let trailingComma = false;
    this.MANY(() => {
      const element = this.SUBRULE(this.typeRef);
      this.ACTION(() => elements.push(element));
      trailingComma = false;
      this.OPTION(() => {
        this.CONSUME(T.Comma);
        trailingComma = true;
      });
    });
    const close = this.OPTION2(() => this.CONSUME(T.RParen));
    const end = this.expectClose(T.RParen, open, 'tuple type', close);
    if (elements.length === 1 && !trailingComma) return elements[0];
    return { kind: 'TupleType', elements, start: this.startOf(open), end };
  });

  arrayType = this.RULE('arrayType', (): A.ArrayType => {
    const open = this.CONSUME(T.LBracket);
    const element = this.SUBRULE(this.typeRef);
    let size: Expr | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Semicolon);
      size = this.SUBRULE(this.expression, EXPR);
    });
    const close = this.OPTION2(() => this.CONSUME(T.RBracket));
    const end = this.expectClose(T.RBracket, open, 'array type', close);
    return { kind: 'ArrayType', element, size, start: this.startOf(open), end };
  });

  fnType = this.RULE('fnType', (): A.FnType => {
    const kw = this.OR([{ ALT: () => this.CONSUME(T.KwFn) }, { ALT: () => this.CONSUME(T.KwFun) }]);
    const params = this.SUBRULE(this.typeList);
    let returnType: A.TypeNode | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Arrow);
      returnType = this.SUBRULE(this.typeRef);
    });
    return { kind: 'FnType', style: 'fn', name: null, params, returnType, start: this.startOf(kw), end: this.lastEnd() };
  });

  typeList = this.RULE('typeList', (): A.TypeNode[] => {
    const types: A.TypeNode[] = [];
    const open = this.CONSUME(T.LParen);
    let more = true;
    this.MANY({
      GATE: () => more,
      DEF: () => {
        const type = this.SUBRULE(this.typeRef);
        this.ACTION(() => types.push(type));
        // A comma continues the list; one before the closer is allowed.
        more = this.OPTION2(() => this.CONSUME(T.Comma)) !== undefined;
      },
    });
    const close = this.OPTION(() => this.CONSUME(T.RParen));
    this.ACTION(() => this.expectClose(T.RParen, open, 'parameter types', close));
    return types;
  });

  closureType = this.RULE('closureType', (): A.FnType => {
    const params: A.TypeNode[] = [];
    const start = this.startOf(this.LA(1));
    this.OR([
      { ALT: () => this.CONSUME(T.OrOr) },
      {
        ALT: () => {
          this.CONSUME(T.Pipe);
          this.MANY_SEP({
            SEP: T.Comma,
            DEF: () => {
              const type = this.SUBRULE(this.typeRef);
              this.ACTION(() => params.push(type));
            },
          });
          this.CONSUME2(T.Pipe);
        },
      },
    ]);
    let returnType: A.TypeNode | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Arrow);
      returnType = this.SUBRULE2(this.typeRef);
    });
    return { kind: 'FnType', style: 'closure', name: null, params, returnType, start, end: this.lastEnd() };
  });

  implTraitType = this.RULE('implTraitType', (): A.ImplTraitType => {
    const kw = this.CONSUME(T.KwImpl);
    const bounds = this.SUBRULE(this.bounds);
    return { kind: 'ImplTraitType', style: 'impl', bounds, start: this.startOf(kw), end: this.lastEnd() };
  });

  namedType = this.RULE('namedType', (): A.TypeNode => {
    const path: A.Identifier[] = [];
    const first = this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.KwSelf) },
      { ALT: () => this.CONSUME(T.KwSuper) },
    ]);
    path.push(this.ident(first));
    // `dyn Trait + Send`
    const dynBounds = this.OPTION3({
      GATE: () => first.image === 'dyn' && (this.la(1).tokenType === T.Identifier || this.la(1).tokenType === T.KwFn),
      DEF: () => this.SUBRULE(this.bounds),
    });
    if (!this.RECORDING_PHASE && dynBounds !== undefined) {
      return { kind: 'ImplTraitType', style: 'dyn', bounds: dynBounds, start: this.startOf(first), end: this.lastEnd() };
    }
    this.MANY(() => {
      this.CONSUME(T.PathSep);
      path.push(this.ident(this.CONSUME2(T.Identifier)));
    });
    if (!this.RECORDING_PHASE && path.length === 1 && first.image === '_') {
      return { kind: 'InferType', start: this.startOf(first), end: this.endOf(first) };
    }
    let args: A.TypeNode[] = [];
    let fnParams: A.TypeNode[] | null = null;
    let returnType: A.TypeNode | null = null;
    this.OR2({ IGNORE_AMBIGUITIES: true, DEF: [
      { ALT: () => (args = this.SUBRULE(this.typeArgs)) },
      {
        // `Fn(i32) -> i32`
        GATE: () => PRIMITIVE_NAMES.has(path[path.length - 1].name),
        ALT: () => {
          fnParams = this.SUBRULE(this.typeList);
          this.OPTION(() => {
            this.CONSUME(T.Arrow);
            returnType = this.SUBRULE(this.typeRef);
          });
        },
      },
      { ALT: () => undefined },
    ]});
    const start = this.startOf(first);
    if (fnParams !== null) {
      return { kind: 'FnType', style: 'trait', name: path[path.length - 1].name, params: fnParams, returnType, start, end: this.lastEnd() };
    }
    return { kind: 'NamedType', path, args, start, end: this.lastEnd() };
  });

  /** `<A, B>` after a type name; `>>` arrives as two `>` tokens. Associated bindings (`Item = T`) are kept as their type. */
  typeArgs = this.RULE('typeArgs', (): A.TypeNode[] => {
    const args: A.TypeNode[] = [];
    const open = this.CONSUME(T.Lt);
    let more = true;
    this.MANY({
      GATE: () => more,
      DEF: () => {
        this.OR([
          { ALT: () => this.CONSUME(T.Label) },
          {
            ALT: () => {
              let type = this.SUBRULE(this.typeRef);
              // An associated type binding, `Item = i32`: keep the bound type.
              this.OPTION({
                GATE: () => type.kind === 'NamedType' && type.path.length === 1 && type.args.length === 0,
                DEF: () => {
                  this.CONSUME(T.Eq);
                  type = this.SUBRULE2(this.typeRef);
                },
              });
              this.ACTION(() => args.push(type));
            },
          },
          {
            ALT: () => {
              const literal = this.SUBRULE(this.literal);
              this.ACTION(() => args.push({ kind: 'ErrorType', start: literal.start, end: literal.end }));
            },
          },
        ]);
        // A comma continues the list; one before the closer is allowed.
        more = this.OPTION3(() => this.CONSUME(T.Comma)) !== undefined;
      },
    });
    const close = this.OPTION2(() => this.CONSUME(T.Gt));
    this.ACTION(() => this.expectClose(T.Gt, open, 'type arguments', close));
    return args;
  });

  // ------------------------------------------------------------ patterns

  pattern = this.RULE(
    'pattern',
    (): A.Pattern => {
      if (this.depthExceeded()) {
        const start = this.skipTooDeep('pattern');
        return { kind: 'ErrorPattern', start, end: start };
      }
      if (!this.RECORDING_PHASE) {
        const simple = this.simplePattern();
        if (simple !== null) return simple;
      }
      const alternatives: A.Pattern[] = [];
      const start = this.startOf(this.LA(1));
      this.OPTION(() => this.CONSUME(T.Pipe));
      this.AT_LEAST_ONE_SEP({
        SEP: T.Pipe,
        DEF: () => {
          const p = this.SUBRULE(this.singlePattern);
          this.ACTION(() => alternatives.push(p));
        },
      });
      if (alternatives.length === 1) return alternatives[0];
      return { kind: 'OrPattern', alternatives, start, end: this.lastEnd() };
    },
    { recoveryValueFunc: (e) => ({ kind: 'ErrorPattern', ...this.recoveredRange(e) }) as A.ErrorPattern },
  );

  /** `x`, `mut x`, `_` not followed by anything that makes a bigger pattern: read directly. */
  private simplePattern(): A.Pattern | null {
    let k = 1;
    let mutable = false;
    if (this.la(1).tokenType === T.KwMut) {
      mutable = true;
      k = 2;
    }
    const name = this.la(k);
    if (name.tokenType !== T.Identifier) return null;
    if (PATTERN_CONTINUATION.has(this.la(k + 1).tokenType)) return null;
    const mutToken = mutable ? this.CONSUME(T.KwMut) : null;
    this.CONSUME(T.Identifier);
    const start = mutToken !== null ? mutToken.startOffset : name.startOffset;
    const end = name.endOffset + 1;
    if (name.image === '_' && !mutable) return { kind: 'WildcardPattern', start: name.startOffset, end };
    const ident: A.Identifier = { kind: 'Identifier', name: name.image, start: name.startOffset, end };
    return { kind: 'IdentPattern', name: ident, mutable, byRef: false, subpattern: null, start, end };
  }

  singlePattern = this.RULE(
    'singlePattern',
    (): A.Pattern => {
      // `&&&...x` and `x @ y @ ...` nest through here without passing `pattern`.
      if (this.depthExceeded()) {
        const start = this.skipTooDeep('pattern');
        return { kind: 'ErrorPattern', start, end: start };
      }
      return this.OR(
        (this.singlePatternAlternatives ??= [
          { ALT: () => this.SUBRULE(this.literalOrRangePattern) },
          { ALT: () => this.SUBRULE(this.refPattern) },
          { ALT: () => this.SUBRULE(this.tuplePattern) },
          { ALT: () => this.SUBRULE(this.arrayPattern) },
          { ALT: () => this.SUBRULE(this.restPattern) },
          { ALT: () => this.SUBRULE(this.namePattern) },
        ]),
      ) as A.Pattern;
    },
    { recoveryValueFunc: (e) => ({ kind: 'ErrorPattern', ...this.recoveredRange(e) }) as A.ErrorPattern },
  );

  private singlePatternAlternatives: any;

  restPattern = this.RULE('restPattern', (): A.Pattern => {
    const dots = this.OR([{ ALT: () => this.CONSUME(T.DotDot) }, { ALT: () => this.CONSUME(T.DotDotEq) }]);
    let high: A.LiteralPattern | A.PathPattern | null = null;
    // `..` alone is a rest pattern; `..=5` / `..5` / `..=MAX` a half-open range.
    this.OPTION(() => {
      high = this.SUBRULE(this.rangePatternBound);
    });
    if (high !== null || dots.tokenType === T.DotDotEq) {
      if (high === null && !this.RECORDING_PHASE) this.reportFound(Codes.ExpectedPattern, this.la(1), {});
      return { kind: 'RangePattern', low: null, high, inclusive: dots.tokenType === T.DotDotEq, start: this.startOf(dots), end: this.lastEnd() };
    }
    return { kind: 'RestPattern', binding: null, start: this.startOf(dots), end: this.endOf(dots) };
  });

  /** The upper bound of a range pattern: a literal (`9`, `-1`, `'z'`) or a constant (`MAX`, `i32::MAX`). */
  rangePatternBound = this.RULE('rangePatternBound', (): A.LiteralPattern | A.PathPattern =>
    this.OR([
      { ALT: () => this.SUBRULE(this.literalPatternValue) },
      {
        ALT: () => {
          const segments = this.SUBRULE(this.pathSegments);
          if (this.RECORDING_PHASE) return { kind: 'PathPattern', path: { kind: 'Path', segments, start: 0, end: 0 }, start: 0, end: 0 } as A.PathPattern;
          const start = segments[0].start;
          const end = segments[segments.length - 1].end;
          return { kind: 'PathPattern', path: { kind: 'Path', segments, start, end }, start, end } as A.PathPattern;
        },
      },
    ]),
  );

  literalPatternValue = this.RULE('literalPatternValue', (): A.LiteralPattern => {
    let minus: IToken | undefined;
    this.OPTION(() => {
      minus = this.CONSUME(T.Minus);
    });
    const literal = this.SUBRULE(this.literal);
    if (minus !== undefined && !this.RECORDING_PHASE) {
      const start = this.startOf(minus);
      const negated: A.UnaryExpr = { kind: 'UnaryExpr', op: '-', operand: literal, start, end: literal.end };
      return { kind: 'LiteralPattern', value: negated, start, end: literal.end };
    }
    return { kind: 'LiteralPattern', value: literal, start: this.RECORDING_PHASE ? 0 : literal.start, end: this.RECORDING_PHASE ? 0 : literal.end };
  });

  literalOrRangePattern = this.RULE('literalOrRangePattern', (): A.Pattern => {
    const low = this.SUBRULE(this.literalPatternValue);
    let high: A.LiteralPattern | A.PathPattern | null = null;
    let range: IToken | undefined;
    this.OPTION(() => {
      range = this.OR([
        { ALT: () => this.CONSUME(T.DotDotEq) },
        { ALT: () => this.CONSUME(T.DotDotDot) },
        { ALT: () => this.CONSUME(T.DotDot) },
      ]);
      this.OPTION2(() => {
        high = this.SUBRULE(this.rangePatternBound);
      });
    });
    if (range === undefined) return low;
    return { kind: 'RangePattern', low, high, inclusive: range.image !== '..', start: low.start, end: this.lastEnd() };
  });

  refPattern = this.RULE('refPattern', (): A.RefPattern => {
    const amp = this.OR([{ ALT: () => this.CONSUME(T.Amp) }, { ALT: () => this.CONSUME(T.AndAnd) }]);
    let mutable = false;
    this.OPTION(() => {
      this.CONSUME(T.KwMut);
      mutable = true;
    });
    const pattern = this.SUBRULE(this.singlePattern);
    return { kind: 'RefPattern', mutable, pattern, start: this.startOf(amp), end: this.lastEnd() };
  });

  tuplePattern = this.RULE('tuplePattern', (): A.Pattern => {
    const open = this.CONSUME(T.LParen);
    const elements: A.Pattern[] = [];
    let trailingComma = false;
    this.MANY(() => {
      const element = this.SUBRULE(this.pattern);
      this.ACTION(() => elements.push(element));
      trailingComma = false;
      this.OPTION(() => {
        this.CONSUME(T.Comma);
        trailingComma = true;
      });
    });
    const close = this.OPTION2(() => this.CONSUME(T.RParen));
    const end = this.expectClose(T.RParen, open, 'tuple pattern', close);
    if (elements.length === 1 && !trailingComma) return elements[0];
    if (elements.length === 0) {
      const unit: A.UnitLiteral = { kind: 'UnitLiteral', start: this.startOf(open), end };
      return { kind: 'LiteralPattern', value: unit, start: unit.start, end };
    }
    return { kind: 'TuplePattern', elements, start: this.startOf(open), end };
  });

  arrayPattern = this.RULE('arrayPattern', (): A.ArrayPattern => {
    const open = this.CONSUME(T.LBracket);
    const elements: A.Pattern[] = [];
    let more = true;
    this.MANY({
      GATE: () => more,
      DEF: () => {
        const element = this.SUBRULE(this.pattern);
        this.ACTION(() => elements.push(element));
        // A comma continues the list; one before the closer is allowed.
        more = this.OPTION2(() => this.CONSUME(T.Comma)) !== undefined;
      },
    });
    const close = this.OPTION(() => this.CONSUME(T.RBracket));
    const end = this.expectClose(T.RBracket, open, 'array pattern', close);
    return { kind: 'ArrayPattern', elements, start: this.startOf(open), end };
  });

  namePattern = this.RULE('namePattern', (): A.Pattern => {
    const start = this.startOf(this.LA(1));
    let byRef = false;
    let mutable = false;
    this.OPTION(() => {
      this.CONSUME(T.KwRef);
      byRef = true;
    });
    this.OPTION2(() => {
      this.CONSUME(T.KwMut);
      mutable = true;
    });
    const segments = this.SUBRULE(this.pathSegments);
    const path = (): A.Path =>
      this.RECORDING_PHASE
        ? { kind: 'Path', segments: [], start, end: start }
        : { kind: 'Path', segments, start: segments[0].start, end: segments[segments.length - 1].end };
    return this.OR({ IGNORE_AMBIGUITIES: true, DEF: [
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const elements: A.Pattern[] = [];
          let more = true;
          this.MANY3({
            GATE: () => more,
            DEF: () => {
              const element = this.SUBRULE(this.pattern);
              this.ACTION(() => elements.push(element));
              // A comma continues the list; one before the closer is allowed.
              more = this.OPTION7(() => this.CONSUME2(T.Comma)) !== undefined;
            },
          });
          const close = this.OPTION3(() => this.CONSUME(T.RParen));
          const end = this.expectClose(T.RParen, open, 'pattern', close);
          return { kind: 'TupleStructPattern', path: path(), elements, start, end } as A.TupleStructPattern;
        },
      },
      {
        GATE: () => this.structPatternAhead(segments),
        ALT: () => {
          const open = this.CONSUME(T.LBrace);
          const fields: A.FieldPattern[] = [];
          let hasRest = false;
          this.MANY2(() => {
            this.OR2([
              {
                ALT: () => {
                  this.CONSUME(T.DotDot);
                  hasRest = true;
                },
              },
              {
                ALT: () => {
                  const field = this.SUBRULE(this.fieldPattern);
                  this.ACTION(() => fields.push(field));
                },
              },
            ]);
            this.OPTION4(() => this.CONSUME(T.Comma));
          });
          const close = this.OPTION5(() => this.CONSUME(T.RBrace));
          const end = this.expectClose(T.RBrace, open, 'struct pattern', close);
          return { kind: 'StructPattern', path: path(), fields, hasRest, start, end } as A.StructPattern;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.At);
          const sub = this.SUBRULE(this.singlePattern);
          const name = segments[0]?.name;
          return { kind: 'IdentPattern', name, mutable, byRef, subpattern: sub, start, end: this.lastEnd() } as A.IdentPattern;
        },
      },
      {
        // A range bounded by constants: `MIN..=MAX`.
        ALT: () => {
          const range = this.OR3([
            { ALT: () => this.CONSUME(T.DotDotEq) },
            { ALT: () => this.CONSUME2(T.DotDot) },
          ]);
          let high: A.LiteralPattern | A.PathPattern | null = null;
          this.OPTION6(() => {
            high = this.SUBRULE(this.rangePatternBound);
          });
          const low: A.PathPattern = { kind: 'PathPattern', path: path(), start, end: segments[segments.length - 1]?.end };
          return { kind: 'RangePattern', low, high, inclusive: range.image === '..=', start, end: this.lastEnd() } as A.RangePattern;
        },
      },
      {
        ALT: () => {
          if (this.RECORDING_PHASE) return { kind: 'WildcardPattern', start, end: start } as A.WildcardPattern;
          const end = this.lastEnd();
          if (segments.length > 1 || segments[0].typeArgs !== null) return { kind: 'PathPattern', path: path(), start, end } as A.PathPattern;
          const name = segments[0].name;
          if (name.name === '_' && !mutable && !byRef) return { kind: 'WildcardPattern', start, end } as A.WildcardPattern;
          return { kind: 'IdentPattern', name, mutable, byRef, subpattern: null, start, end } as A.IdentPattern;
        },
      },
    ]});
  });

  /** `Name {` in a pattern is a struct pattern, but `catch e {` is not. */
  private structPatternAhead(segments: A.PathSegment[]): boolean {
    if (this.la(1).tokenType !== T.LBrace) return false;
    const last = segments[segments.length - 1]?.name.name ?? '';
    const upper = segments.length > 1 || (last.charCodeAt(0) >= 65 && last.charCodeAt(0) <= 90);
    const t2 = this.la(2).tokenType;
    if (t2 === T.DotDot) return true;
    if (t2 === T.RBrace) return upper;
    if (t2 === T.KwRef || t2 === T.KwMut) return true;
    if (t2 === T.Identifier || t2 === T.IntLiteral) {
      const t3 = this.la(3).tokenType;
      if (t3 === T.Colon) return true;
      if (t3 === T.Comma || t3 === T.RBrace) return upper;
    }
    return false;
  }

  fieldPattern = this.RULE('fieldPattern', (): A.FieldPattern => {
    const start = this.startOf(this.LA(1));
    let mutable = false;
    let byRef = false;
    this.OPTION(() => {
      this.CONSUME(T.KwRef);
      byRef = true;
    });
    this.OPTION2(() => {
      this.CONSUME(T.KwMut);
      mutable = true;
    });
    const name = this.ident(this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.IntLiteral) }]));
    let pattern: A.Pattern | null = null;
    this.OPTION3(() => {
      this.CONSUME(T.Colon);
      pattern = this.SUBRULE(this.pattern);
    });
    if (pattern === null && (mutable || byRef)) {
      pattern = { kind: 'IdentPattern', name, mutable, byRef, subpattern: null, start, end: name.end };
    }
    return { kind: 'FieldPattern', name, pattern, start, end: this.lastEnd() };
  });

  /** `a`, `a::b::<T>::c`, `self::x`, `super::y` (in expressions and patterns). */
  pathSegments = this.RULE('pathSegments', (): A.PathSegment[] => {
    if (this.RECORDING_PHASE) {
      this.OR([
        { ALT: () => this.CONSUME(T.Identifier) },
        { ALT: () => this.CONSUME(T.KwSelf) },
        { ALT: () => this.CONSUME(T.KwSuper) },
      ]);
      this.MANY(() => {
        this.CONSUME(T.PathSep);
        this.OR2([
          {
            ALT: () =>
              this.OR3([
                { ALT: () => this.CONSUME2(T.Identifier) },
                { ALT: () => this.CONSUME2(T.KwSelf) },
                { ALT: () => this.CONSUME2(T.KwSuper) },
              ]),
          },
          { ALT: () => this.SUBRULE(this.typeArgs) },
        ]);
      });
      return [];
    }
    // The token is not always a name here (`let mut` at the end of the file): CONSUME a name type, never whatever is next.
    const t0 = this.la(1).tokenType;
    const segments: A.PathSegment[] = [this.segment(this.CONSUME(t0 === T.KwSelf || t0 === T.KwSuper ? t0 : T.Identifier))];
    while (this.la(1).tokenType === T.PathSep) {
      const t = this.la(2).tokenType;
      if (t === T.Lt) {
        this.CONSUME(T.PathSep);
        const args = this.SUBRULE(this.typeArgs);
        const last = segments[segments.length - 1];
        last.typeArgs = args;
        last.end = this.lastEnd();
      } else if (t === T.Identifier || t === T.KwSelf || t === T.KwSuper) {
        this.CONSUME(T.PathSep);
        segments.push(this.segment(this.CONSUME2(t)));
      } else {
        // `a::` then something else: report it at the token after `::`.
        this.CONSUME(T.PathSep);
        const at = this.la(1);
        this.reportFound(Codes.UnexpectedToken, at, { expected: 'a name after `::`' });
        break;
      }
    }
    return segments;
  });

  private segment(token: IToken): A.PathSegment {
    const name = this.ident(token);
    return { kind: 'PathSegment', name, typeArgs: null, start: name.start, end: name.end };
  }

  // ------------------------------------------------------------ expressions

  /**
   * An expression whose operators all bind at least as tightly as `minPrec`.
   * `stmtStart`: the expression begins a statement, so after a block-like first operand
   * (`if`, `match`, a loop, a block) an operator on the next line starts a new statement.
   *
   * Like the other hot rules below, it records its grammar with the DSL (so Chevrotain's
   * lookahead and recovery know it) and runs as plain code issuing the same CONSUME and
   * SUBRULE calls, which avoids a closure per repetition.
   */
  expression = this.RULE(
    'expression',
    (minPrec: number, stmtStart: boolean): Expr => {
      if (this.depthExceeded()) {
        const start = this.skipTooDeep();
        return this.errorExpr(start);
      }
      const first = (this.RECORDING_PHASE ? null : this.leafOperand()) ?? this.SUBRULE(this.operand);
      if (this.RECORDING_PHASE) {
        this.MANY(() => {
          this.CONSUME(T.InfixOperator);
          this.OPTION(() => this.CONSUME(T.Gt));
          this.OPTION2(() => this.SUBRULE2(this.operand));
        });
        return first;
      }
      const blockLike = stmtStart && BLOCK_LIKE.has(first.kind);
      if (!this.infixContinues(minPrec, blockLike)) return first;
      // The first operator is read into locals; lists are built only for chains.
      let operator = this.readOperator();
      let rhs = this.readRightOperand(operator);
      if (!this.infixContinues(minPrec, blockLike)) return buildBinary(operator, first, rhs);
      const operands: (Expr | null)[] = [first, rhs];
      const operators: PendingOperator[] = [operator];
      do {
        operator = this.readOperator();
        rhs = this.readRightOperand(operator);
        if (operators.length < MAX_OPERATOR_CHAIN) {
          operators.push(operator);
          operands.push(rhs);
        } else if (!this.reportedTooDeep) {
          // The tree of a longer chain would be too deep for every later walk over it.
          this.reportedTooDeep = true;
          this.report(Codes.NestingTooDeep, operator.start, operator.end, { limit: MAX_OPERATOR_CHAIN });
        }
      } while (this.infixContinues(minPrec, blockLike));
      return buildOperatorTree(operands, operators);
    },
    { recoveryValueFunc: (e) => ({ kind: 'ErrorExpr', ...this.recoveredRange(e) }) as A.ErrorExpr },
  );

  /**
   * A literal or plain name with no prefix or postfix operator: the most common operand,
   * read without entering the operand/primary rules. Returns null (consuming nothing)
   * for anything else.
   */
  private leafOperand(): Expr | null {
    const next = this.la(2);
    const nextType = next.tokenType;
    if (POSTFIX_START.has(nextType)) return null;
    if ((nextType === T.LParen || nextType === T.LBracket) && !next.nl) return null;
    return this.simplePrimary();
  }

  /** A literal, plain name or `self` that does not begin a path, macro call, struct literal or `move` closure. */
  private simplePrimary(): Expr | null {
    const token = this.la(1);
    const type = token.tokenType;
    if (!LEAF_TOKENS.has(type)) return null;
    const nextType = this.la(2).tokenType;
    if (type === T.Identifier) {
      if (nextType === T.PathSep || nextType === T.Bang) return null;
      if (nextType === T.LBrace && !this.noStruct) return null;
      if ((nextType === T.Pipe || nextType === T.OrOr) && token.image === 'move') return null;
      this.CONSUME(T.Identifier);
      return { kind: 'Identifier', name: token.image, start: token.startOffset, end: token.endOffset + 1 };
    }
    if (type === T.KwSelf) {
      if (nextType === T.PathSep) return null;
      this.CONSUME(T.KwSelf);
      return { kind: 'SelfExpr', start: token.startOffset, end: token.endOffset + 1 };
    }
    this.CONSUME(type);
    return this.makeLiteral(token);
  }

  /** Reads one infix operator; two adjacent `>` are the shift `>>`. */
  private readOperator(): PendingOperator {
    const opToken = this.CONSUME(T.InfixOperator);
    const next = this.la(1);
    const end = opToken.endOffset! + 1;
    if (opToken.tokenType === T.Gt && next.tokenType === T.Gt && next.startOffset === end) {
      return { text: '>>', info: infixInfo(T.Shl)!, start: opToken.startOffset, end: this.endOf(this.CONSUME(T.Gt)) };
    }
    return { text: opToken.image, info: infixInfo(opToken.tokenType)!, start: opToken.startOffset, end };
  }

  /** The operand after an operator; a range may have none (`a..`). */
  private readRightOperand(operator: PendingOperator): Expr | null {
    const after = this.la(1);
    if (OPERAND_START.has(after.tokenType) && !(operator.info.range && this.noStruct && after.tokenType === T.LBrace)) {
      return this.leafOperand() ?? this.SUBRULE2(this.operand);
    }
    if (operator.info.range) return null;
    this.reportFound(Codes.ExpectedExpression, after, {});
    return this.errorExpr(this.lastEnd());
  }

  private infixContinues(minPrec: number, blockLikeStatement: boolean): boolean {
    const next = this.la(1);
    const info = infixInfo(next.tokenType);
    if (info === undefined) return false;
    if (blockLikeStatement && next.nl) return false;
    if (info.prec >= minPrec) return true;
    // `>` directly followed by `>` is the shift operator, which binds tighter than `>`.
    return next.tokenType === T.Gt && this.la(2).tokenType === T.Gt && this.la(2).startOffset === next.endOffset! + 1 && infixInfo(T.Shl)!.prec >= minPrec;
  }

  /**
   * One operand: prefix operators (`-x`, `!x`, `&mut x`, `await x`, ...), a primary
   * expression or a prefix range (`..n`), then postfix operators (calls, `.field`,
   * `.method()`, `[i]`, `?`, `as T`). Prefix operators bind tighter than any binary one.
   */
  operand = this.RULE(
    'operand',
    (): Expr => {
      if (this.RECORDING_PHASE) {
        this.MANY(() => {
          this.OR(PREFIX_OPERATORS.map((type) => ({ ALT: () => this.CONSUME(type) })));
          this.OPTION(() => this.CONSUME(T.KwMut));
        });
        const operand = this.OR2([
          { ALT: () => this.SUBRULE(this.prefixRange) },
          { ALT: () => this.SUBRULE(this.primary) },
        ]);
        this.MANY2(() => {
          this.OR3([
            { ALT: () => this.SUBRULE(this.argumentList) },
            { ALT: () => this.SUBRULE(this.indexSuffix) },
            { ALT: () => this.SUBRULE(this.memberSuffix) },
            { ALT: () => this.CONSUME(T.Question) },
            {
              ALT: () => {
                this.CONSUME(T.KwAs);
                this.SUBRULE(this.typeRef);
              },
            },
          ]);
        });
        return operand;
      }

      // Prefix operators, applied innermost-last after the operand is read.
      let ops: IToken[] | null = null;
      let mutFlags: boolean[] | null = null;
      // Levels of the tree the operators make: `&&` is two (`& &x`).
      let levels = 0;
      for (;;) {
        const t = this.la(1).tokenType;
        if (!PREFIX_OPERATOR_SET.has(t)) break;
        const op = this.CONSUME(t);
        ops ??= [];
        levels += t === T.AndAnd ? 2 : 1;
        if (levels > MAX_OPERATOR_CHAIN) {
          if (!this.reportedTooDeep) {
            this.reportedTooDeep = true;
            this.report(Codes.NestingTooDeep, op.startOffset, op.endOffset! + 1, { limit: MAX_OPERATOR_CHAIN });
          }
          continue;
        }
        ops.push(op);
        if ((t === T.Amp || t === T.AndAnd) && this.la(1).tokenType === T.KwMut) {
          this.CONSUME(T.KwMut);
          (mutFlags ??= [])[ops.length - 1] = true;
        }
      }

      const t1 = this.la(1).tokenType;
      let expr: Expr =
        t1 === T.DotDot || t1 === T.DotDotEq ? this.SUBRULE(this.prefixRange) : (this.simplePrimary() ?? this.SUBRULE(this.primary));

      // Postfix operators. Like an operator chain, a postfix chain makes a tree as deep as it
      // is long: past MAX_OPERATOR_CHAIN suffixes, they are read but left out of the tree.
      let suffixes = 0;
      for (;;) {
        const next = this.la(1);
        const t = next.tokenType;
        const base = expr;
        if (t === T.Dot || t === T.QuestionDot) {
          const member = this.SUBRULE(this.memberSuffix);
          expr = this.applyMember(expr, member);
        } else if (t === T.LParen) {
          if (next.nl) break;
          const list = this.SUBRULE(this.argumentList);
          expr = { kind: 'CallExpr', callee: expr, args: list.args, openParen: list.open, closeParen: list.end - 1, start: expr.start, end: list.end };
        } else if (t === T.LBracket) {
          if (next.nl) break;
          const index = this.SUBRULE(this.indexSuffix);
          expr = { kind: 'IndexExpr', object: expr, index: index.expr, start: expr.start, end: index.end };
        } else if (t === T.Question) {
          const q = this.CONSUME(T.Question);
          expr = { kind: 'TryExpr', expr, start: expr.start, end: this.endOf(q) };
        } else if (t === T.KwAs) {
          this.CONSUME(T.KwAs);
          const type = this.SUBRULE(this.typeRef);
          expr = { kind: 'CastExpr', expr, type, start: expr.start, end: this.lastEnd() };
        } else break;
        if (++suffixes > MAX_OPERATOR_CHAIN) {
          if (!this.reportedTooDeep) {
            this.reportedTooDeep = true;
            this.report(Codes.NestingTooDeep, this.startOf(next), this.endOf(next), { limit: MAX_OPERATOR_CHAIN });
          }
          expr = base;
        }
      }

      if (ops === null) return expr;
      for (let i = ops.length - 1; i >= 0; i--) {
        const op = ops[i];
        const start = op.startOffset;
        const end = expr.end;
        const mutable = (mutFlags as boolean[] | null)?.[i] === true;
        switch (op.tokenType) {
          case T.KwAwait:
            expr = { kind: 'AwaitExpr', expr, postfix: false, start, end };
            break;
          case T.KwSpawn:
            expr = { kind: 'SpawnExpr', expr, start, end };
            break;
          case T.KwLazy:
            expr = { kind: 'LazyExpr', expr, start, end };
            break;
          case T.AndAnd: {
            const inner: A.UnaryExpr = { kind: 'UnaryExpr', op: mutable ? '&mut' : '&', operand: expr, start: start + 1, end };
            expr = { kind: 'UnaryExpr', op: '&', operand: inner, start, end };
            break;
          }
          case T.Amp:
            expr = { kind: 'UnaryExpr', op: mutable ? '&mut' : '&', operand: expr, start, end };
            break;
          default:
            expr = { kind: 'UnaryExpr', op: op.image as A.UnaryOperator, operand: expr, start, end };
        }
      }
      return expr;
    },
    { recoveryValueFunc: (e) => ({ kind: 'ErrorExpr', ...this.recoveredRange(e) }) as A.ErrorExpr },
  );

  /** `..`, `..5`, `..=n` */
  prefixRange = this.RULE('prefixRange', (): A.RangeExpr => {
    const op = this.OR([{ ALT: () => this.CONSUME(T.DotDot) }, { ALT: () => this.CONSUME(T.DotDotEq) }]);
    let to: Expr | null = null;
    this.OPTION({
      GATE: () => !(this.noStruct && this.la(1).tokenType === T.LBrace),
      DEF: () => {
        to = this.SUBRULE(this.expression, RANGE_OPERAND);
      },
    });
    return { kind: 'RangeExpr', from: null, to, inclusive: op.image === '..=', start: this.startOf(op), end: this.lastEnd() };
  });

  argumentList = this.RULE('argumentList', (): { args: Expr[]; open: number; end: number } => {
    const args: Expr[] = [];
    const open = this.CONSUME(T.LParen);
    const saved = this.noStruct;
    this.noStruct = false;
    if (this.RECORDING_PHASE) {
      this.MANY(() => {
        this.SUBRULE(this.expression, EXPR);
        this.OPTION(() => this.CONSUME(T.Comma));
      });
    } else {
      const errorsBefore = this.errorCount();
      while (OPERAND_START.has(this.la(1).tokenType)) {
        args.push(this.SUBRULE(this.expression, EXPR));
        if (this.la(1).tokenType === T.Comma) this.CONSUME(T.Comma);
        else if (!this.skipListJunk(errorsBefore)) break;
      }
    }
    this.noStruct = saved;
    // (Recorded too, so that the grammar knows a call ends with `)`: a resync point.)
    if (this.RECORDING_PHASE) this.OPTION2(() => this.CONSUME(T.RParen));
    const close = !this.RECORDING_PHASE && this.la(1).tokenType === T.RParen ? this.CONSUME(T.RParen) : undefined;
    const end = this.expectClose(T.RParen, open, 'argument list', close);
    return { args, open: this.startOf(open), end };
  });

  indexSuffix = this.RULE('indexSuffix', (): { expr: Expr; end: number } => {
    const open = this.CONSUME(T.LBracket);
    const saved = this.noStruct;
    this.noStruct = false;
    const index = this.SUBRULE(this.expression, EXPR);
    this.noStruct = saved;
    if (this.RECORDING_PHASE) this.OPTION(() => this.CONSUME(T.RBracket));
    const close = !this.RECORDING_PHASE && this.la(1).tokenType === T.RBracket ? this.CONSUME(T.RBracket) : undefined;
    const end = this.expectClose(T.RBracket, open, 'index', close);
    return { expr: index, end };
  });

  /** `.name`, `.name(args)`, `.name::<T>(args)`, `.0`, `.await`, and the same after `?.`. */
  memberSuffix = this.RULE('memberSuffix', (): MemberAccess => {
    if (this.RECORDING_PHASE) {
      this.OR([{ ALT: () => this.CONSUME(T.Dot) }, { ALT: () => this.CONSUME(T.QuestionDot) }]);
      this.OR2({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { ALT: () => this.CONSUME(T.KwAwait) },
          { ALT: () => this.CONSUME(T.IntLiteral) },
          { ALT: () => this.CONSUME(T.Identifier) },
          { ALT: () => this.CONSUME(T.Keyword) },
        ],
      });
      this.OPTION(() => {
        this.CONSUME(T.PathSep);
        this.SUBRULE(this.typeArgs);
      });
      this.OPTION2(() => this.SUBRULE(this.argumentList));
      return { optional: false, name: this.LA(1), typeArgs: null, call: null };
    }
    const dot = this.CONSUME(this.la(1).tokenType === T.QuestionDot ? T.QuestionDot : T.Dot);
    const nameToken = this.la(1);
    const t = nameToken.tokenType;
    let name: IToken;
    if (t === T.KwAwait || t === T.IntLiteral || t === T.Identifier) name = this.CONSUME(t);
    else if (nameToken.tokenType.CATEGORIES !== undefined && nameToken.tokenType.CATEGORIES.includes(T.Keyword)) name = this.CONSUME(T.Keyword);
    else {
      // `x.` with nothing after it (typing in an editor): a field with an empty name.
      this.reportFound(Codes.UnexpectedToken, nameToken, { expected: 'a field or method name after `.`' });
      const at = this.endOf(dot);
      name = { image: '', startOffset: at, endOffset: at - 1, tokenType: T.Identifier, tokenTypeIdx: T.Identifier.tokenTypeIdx! } as IToken;
    }
    let typeArgs: A.TypeNode[] | null = null;
    if (this.la(1).tokenType === T.PathSep && this.la(2).tokenType === T.Lt) {
      this.CONSUME(T.PathSep);
      typeArgs = this.SUBRULE(this.typeArgs);
    }
    const next = this.la(1);
    const call = next.tokenType === T.LParen && !next.nl ? this.SUBRULE(this.argumentList) : null;
    return { optional: dot.tokenType === T.QuestionDot, name, typeArgs, call };
  });

  private applyMember(object: Expr, member: MemberAccess): Expr {
    const start = object.start;
    const name = member.name;
    if (name.tokenType === T.KwAwait && member.call === null) {
      return { kind: 'AwaitExpr', expr: object, postfix: true, start, end: this.endOf(name) };
    }
    const field = this.ident(name);
    if (member.call !== null) {
      const { args, open, end } = member.call;
      return { kind: 'MethodCallExpr', receiver: object, method: field, typeArgs: member.typeArgs, args, openParen: open, closeParen: end - 1, optional: member.optional, start, end };
    }
    return { kind: 'FieldExpr', object, field, optional: member.optional, start, end: field.end };
  }

  primary = this.RULE(
    'primary',
    (): Expr =>
      this.OR(
        (this.primaryAlternatives ??= [
          { ALT: () => this.SUBRULE(this.literal) },
          { ALT: () => this.SUBRULE(this.fstring) },
          { ALT: () => this.SUBRULE(this.closure) },
          { ALT: () => this.SUBRULE(this.pathExpression) },
          { ALT: () => this.SUBRULE(this.parenExpression) },
          { ALT: () => this.SUBRULE(this.arrayExpression) },
          { ALT: () => this.SUBRULE(this.braceExpression) },
          { ALT: () => this.SUBRULE(this.ifExpression) },
          { ALT: () => this.SUBRULE(this.matchExpression) },
          { ALT: () => this.SUBRULE(this.loopExpression, { ARGS: [null] }) },
          { ALT: () => this.SUBRULE(this.labeledExpression) },
          { ALT: () => this.SUBRULE(this.asyncExpression) },
          { ALT: () => this.SUBRULE(this.jumpExpression) },
          { ALT: () => this.SUBRULE(this.tryCatch) },
          { ALT: () => this.SUBRULE(this.handleExpression) },
        ]),
      ),
    { recoveryValueFunc: (e) => ({ kind: 'ErrorExpr', ...this.recoveredRange(e) }) as A.ErrorExpr },
  );

  private primaryAlternatives: any;

  /** `{}` and `{ key: value }` are objects; anything else in braces is a block. */
  braceExpression = this.RULE('braceExpression', (): Expr => {
    const object = this.OPTION({ GATE: () => this.objectAhead(), DEF: () => this.SUBRULE(this.objectExpression) });
    if (!this.RECORDING_PHASE && object !== undefined) return object;
    return this.SUBRULE(this.block);
  });

  literal = this.RULE('literal', (): A.Literal => {
    const token = this.OR(
      this.literalAlternatives ??= [
        { ALT: () => this.CONSUME(T.IntLiteral) },
        { ALT: () => this.CONSUME(T.FloatLiteral) },
        { ALT: () => this.CONSUME(T.StringLiteral) },
        { ALT: () => this.CONSUME(T.RawStringLiteral) },
        { ALT: () => this.CONSUME(T.TripleStringLiteral) },
        { ALT: () => this.CONSUME(T.SingleQuotedString) },
        { ALT: () => this.CONSUME(T.CharLiteral) },
        { ALT: () => this.CONSUME(T.KwTrue) },
        { ALT: () => this.CONSUME(T.KwFalse) },
      ],
    );
    return this.makeLiteral(token as IToken);
  });

  private literalAlternatives: any;

  private makeLiteral(token: IToken): A.Literal {
    if (this.RECORDING_PHASE) return { kind: 'UnitLiteral', start: 0, end: 0 };
    const start = this.startOf(token);
    const end = this.endOf(token);
    const image = token.image;
    switch (token.tokenType) {
      case T.IntLiteral: {
        const parsed = scanIntLiteral(image);
        if (parsed.error !== null && !this.RECORDING_PHASE) this.report(Codes.InvalidNumber, start, end, { text: image, reason: parsed.error });
        return { kind: 'IntLiteral', raw: image, value: parsed.value, suffix: parsed.suffix, start, end };
      }
      case T.FloatLiteral: {
        const parsed = parseFloatLiteral(image);
        return { kind: 'FloatLiteral', raw: image, value: parsed.value, suffix: parsed.suffix, start, end };
      }
      case T.KwTrue:
      case T.KwFalse:
        return { kind: 'BoolLiteral', value: token.tokenType === T.KwTrue, start, end };
      case T.CharLiteral: {
        const cooked = cookChar(image.slice(1, -1));
        this.reportEscapes(cooked.invalid, start + 1);
        return { kind: 'CharLiteral', value: cooked.value, start, end };
      }
      case T.RawStringLiteral: {
        let hashes = 0;
        while (image.charCodeAt(1 + hashes) === 35) hashes++;
        const body = image.slice(2 + hashes, Math.max(2 + hashes, image.length - 1 - hashes));
        return { kind: 'StringLiteral', value: body, style: 'raw', start, end };
      }
      case T.TripleStringLiteral: {
        const body = image.slice(3, image.endsWith('"""') && image.length >= 6 ? -3 : undefined);
        return { kind: 'StringLiteral', value: body, style: 'triple', start, end };
      }
      default: {
        // "..." or '...': the closing quote may be missing (already reported by the lexer).
        const quote = image[0];
        const body = image.length >= 2 && image.endsWith(quote) ? image.slice(1, -1) : image.slice(1);
        const cooked = cookString(body);
        this.reportEscapes(cooked.invalid, start + 1);
        return { kind: 'StringLiteral', value: cooked.value, style: quote === "'" ? 'single' : 'normal', start, end };
      }
    }
  }

  private reportEscapes(invalid: { offset: number; text: string }[], base: number): void {
    if (this.RECORDING_PHASE) return;
    for (const escape of invalid) {
      this.report(Codes.InvalidEscape, base + escape.offset, base + escape.offset + escape.text.length, { escape: escape.text });
    }
  }

  fstring = this.RULE('fstring', (): A.FString => {
    const open = this.CONSUME(T.FStringStart);
    const parts: (A.FStringText | A.FStringInterpolation)[] = [];
    if (this.RECORDING_PHASE) {
      this.MANY(() => {
        this.OR([
          { ALT: () => this.CONSUME(T.FStringText) },
          {
            ALT: () => {
              this.CONSUME(T.InterpolationOpen);
              this.OPTION(() => this.SUBRULE(this.expression, EXPR));
              this.OPTION2(() => this.CONSUME(T.FormatSpec));
              this.OPTION3(() => this.CONSUME(T.InterpolationClose));
            },
          },
        ]);
      });
      this.OPTION4(() => this.CONSUME(T.FStringEnd));
      return { kind: 'FString', parts, start: 0, end: 0 };
    }
    for (;;) {
      const next = this.la(1);
      if (next.tokenType === T.FStringText) {
        const text = this.CONSUME(T.FStringText);
        const cooked = cookString(text.image, true);
        this.reportEscapes(cooked.invalid, text.startOffset);
        parts.push({ kind: 'FStringText', value: cooked.value, start: text.startOffset, end: this.endOf(text) });
      } else if (next.tokenType === T.InterpolationOpen) {
        const brace = this.CONSUME(T.InterpolationOpen);
        const saved = this.noStruct;
        this.noStruct = false;
        let expr: Expr | null = OPERAND_START.has(this.la(1).tokenType) ? this.SUBRULE(this.expression, EXPR) : null;
        this.noStruct = saved;
        const spec = this.la(1).tokenType === T.FormatSpec ? this.CONSUME(T.FormatSpec).image.slice(1) : null;
        // A missing `}` was reported by the lexer.
        const close = this.la(1).tokenType === T.InterpolationClose ? this.CONSUME(T.InterpolationClose) : undefined;
        const start = brace.startOffset;
        const end = close !== undefined ? this.endOf(close) : this.lastEnd();
        if (expr === null) {
          // `{}`; an unterminated `{` is reported by the lexer.
          if (close !== undefined) this.report(Codes.EmptyInterpolation, start, end);
          expr = this.errorExpr(start + 1);
        } else if (close === undefined && this.insideInterpolation(this.la(1))) {
          // Tokens the interpolation did not consume belong to it: skip them.
          const at = this.la(1);
          this.report(Codes.UnexpectedToken, this.startOf(at), this.endOf(at), { expected: '`}`', found: describeToken(at) });
          while (this.insideInterpolation(this.la(1)) && this.la(1).tokenType !== T.InterpolationClose) this.SKIP_TOKEN();
          if (this.la(1).tokenType === T.InterpolationClose) this.CONSUME(T.InterpolationClose);
        }
        parts.push({ kind: 'FStringInterpolation', expr, spec, start, end });
      } else break;
    }
    const close = this.la(1).tokenType === T.FStringEnd ? this.CONSUME(T.FStringEnd) : undefined;
    return { kind: 'FString', parts, start: open.startOffset, end: close !== undefined ? this.endOf(close) : this.lastEnd() };
  });

  /**
   * Can `token` still belong to the interpolation being read? Not the f-string's end or
   * text, and not a token on a later line: an f-string whose interpolation is not closed
   * ends with its line, and what follows is the next statement.
   */
  private insideInterpolation(token: RToken): boolean {
    const t = token.tokenType;
    return !token.nl && t !== EOF && t !== T.FStringEnd && t !== T.FStringText;
  }

  /** A name or path, maybe a macro call (`println!(...)`) or a struct literal (`Point { x: 1 }`). */
  pathExpression = this.RULE('pathExpression', (): Expr => {
    const segments = this.SUBRULE(this.pathSegments);
    const macro = this.OPTION({
      GATE: () => this.macroBangAhead(segments),
      DEF: () => this.SUBRULE(this.macroCall, { ARGS: [segments[0]?.name] }),
    });
    if (!this.RECORDING_PHASE && macro !== undefined) return macro;
    const struct = this.OPTION2({
      GATE: () => this.structLiteralAhead(segments),
      DEF: () => this.SUBRULE(this.structLiteral, { ARGS: [segments] }),
    });
    if (!this.RECORDING_PHASE && struct !== undefined) return struct;
    // `move |x| ...`
    const closure = this.OPTION3({
      GATE: () => segments.length === 1 && segments[0].name.name === 'move' && (this.la(1).tokenType === T.Pipe || this.la(1).tokenType === T.OrOr),
      DEF: () => this.SUBRULE(this.closure),
    });
    if (this.RECORDING_PHASE) return this.errorExpr(0);
    if (closure !== undefined) {
      closure.isMove = true;
      closure.start = segments[0].start;
      return closure;
    }
    if (segments.length === 1 && segments[0].typeArgs === null) {
      const name = segments[0].name;
      if (name.name === 'self') return { kind: 'SelfExpr', start: name.start, end: name.end } as A.SelfExpr;
      return name;
    }
    return { kind: 'Path', segments, start: segments[0].start, end: segments[segments.length - 1].end } as A.Path;
  });

  private macroBangAhead(segments: A.PathSegment[]): boolean {
    const bang = this.la(1);
    if (bang.tokenType !== T.Bang || segments.length !== 1) return false;
    if (bang.startOffset !== segments[0].end) return false;
    let k = 2;
    // `macro_rules! name { ... }`
    if (segments[0].name.name === 'macro_rules' && this.la(2).tokenType === T.Identifier) k = 3;
    const open = this.la(k).tokenType;
    return open === T.LParen || open === T.LBracket || open === T.LBrace;
  }

  private structLiteralAhead(segments: A.PathSegment[]): boolean {
    if (this.noStruct || this.la(1).tokenType !== T.LBrace) return false;
    const last = segments[segments.length - 1]?.name.name ?? '';
    const upper = last.charCodeAt(0) >= 65 && last.charCodeAt(0) <= 90;
    const t2 = this.la(2).tokenType;
    if (t2 === T.DotDot) return true;
    if (t2 === T.RBrace) return upper;
    // `Point {` at the end of the file: being typed.
    if (t2 === EOF) return upper;
    if (t2 === T.Identifier || t2 === T.IntLiteral) {
      const t3 = this.la(3).tokenType;
      if (t3 === T.Colon) return true;
      if (t3 === T.Comma || t3 === T.RBrace) return upper;
    }
    return false;
  }

  macroCall = this.RULE('macroCall', (name: A.Identifier): A.MacroCall => {
    this.CONSUME(T.Bang);
    // The name a `macro_rules!` defines.
    const defined = this.OPTION3({
      GATE: () => name.name === 'macro_rules',
      DEF: () => this.CONSUME(T.Identifier),
    });
    const open = this.OR([
      { ALT: () => this.CONSUME(T.LParen) },
      { ALT: () => this.CONSUME(T.LBracket) },
      { ALT: () => this.CONSUME(T.LBrace) },
    ]);
    const closeType = open.tokenType === T.LParen ? T.RParen : open.tokenType === T.LBracket ? T.RBracket : T.RBrace;
    const args: (Expr | A.MacroArgPair)[] = [];
    let tokens: string | null = null;
    const start = this.RECORDING_PHASE ? 0 : name.start;
    if (!this.RECORDING_PHASE && name.name === 'macro_rules') {
      // A macro definition: its body is token trees, kept as text.
      const bodyStart = this.endOf(open);
      let depth = 0;
      for (;;) {
        const token = this.la(1);
        if (this.isEnd(token)) break;
        if (CLOSERS.has(token.tokenType) && depth === 0) break;
        if (OPENERS.has(token.tokenType)) depth++;
        else if (CLOSERS.has(token.tokenType)) depth--;
        this.SKIP_TOKEN();
      }
      tokens = this.text.slice(bodyStart, this.startOf(this.la(1)));
      if (defined !== undefined) args.push(this.ident(defined));
    }
    const saved = this.noStruct;
    this.ACTION(() => (this.noStruct = false));
    this.MANY({
      GATE: () => tokens === null,
      DEF: () => {
        const first = this.SUBRULE(this.expression, EXPR);
        const arg = this.OR2({ IGNORE_AMBIGUITIES: true, DEF: [
          {
            ALT: () => {
              this.CONSUME(T.FatArrow);
              const value = this.SUBRULE2(this.expression, EXPR);
              return { kind: 'MacroArgPair', key: first, value, start: first.start, end: value.end } as A.MacroArgPair;
            },
          },
          {
            // vec![value; count]
            ALT: () => {
              this.CONSUME(T.Semicolon);
              const count = this.SUBRULE3(this.expression, EXPR);
              return { kind: 'ArrayRepeatExpr', value: first, count, start: first.start, end: count.end } as A.ArrayRepeatExpr;
            },
          },
          { ALT: () => first },
        ]});
        this.ACTION(() => args.push(arg));
        this.OPTION(() => this.CONSUME(T.Comma));
      },
    });
    this.ACTION(() => (this.noStruct = saved));
    const close: IToken | undefined = this.OPTION2(() =>
      this.OR3<IToken>([
        { ALT: () => this.CONSUME(T.RParen) },
        { ALT: () => this.CONSUME(T.RBracket) },
        { ALT: () => this.CONSUME(T.RBrace) },
      ]),
    );
    const end = this.expectClose(closeType, open, `\`${this.RECORDING_PHASE ? '' : name.name}!\` call`, close);
    const delimiter = open.image as A.MacroCall['delimiter'];
    return { kind: 'MacroCall', name, delimiter, args, tokens, start, end };
  });

  structLiteral = this.RULE('structLiteral', (segments: A.PathSegment[]): A.StructExpr => {
    const open = this.CONSUME(T.LBrace);
    const fields: A.FieldInit[] = [];
    let base: Expr | null = null;
    const saved = this.noStruct;
    this.ACTION(() => (this.noStruct = false));
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.DotDot);
            base = this.SUBRULE(this.expression, EXPR);
          },
        },
        {
          ALT: () => {
            const nameToken = this.OR2([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.IntLiteral) }]);
            const name = this.ident(nameToken);
            let value: Expr | null = null;
            this.OPTION(() => {
              this.CONSUME(T.Colon);
              value = this.SUBRULE2(this.expression, EXPR);
            });
            this.ACTION(() => fields.push({ kind: 'FieldInit', name, value, start: name.start, end: this.lastEnd() }));
          },
        },
      ]);
      this.OPTION2(() => this.CONSUME(T.Comma));
    });
    this.ACTION(() => (this.noStruct = saved));
    const close = this.OPTION3(() => this.CONSUME(T.RBrace));
    const end = this.expectClose(T.RBrace, open, 'struct literal', close);
    if (this.RECORDING_PHASE) return { kind: 'StructExpr', name: this.errorExpr(0) as never, fields, base, start: 0, end };
    const name: A.Identifier | A.Path =
      segments.length === 1 ? segments[0].name : { kind: 'Path', segments, start: segments[0].start, end: segments[segments.length - 1].end };
    return { kind: 'StructExpr', name, fields, base, start: name.start, end };
  });

  /** `{}` and `{ key: value }` / `{ "key": value }` / `{ ...spread }` are objects; anything else is a block. */
  private objectAhead(): boolean {
    if (this.la(1).tokenType !== T.LBrace) return false;
    const t2 = this.la(2).tokenType;
    if (t2 === T.RBrace || t2 === T.DotDotDot) return true;
    const t3 = this.la(3).tokenType;
    const keyLike = t2 === T.Identifier || t2 === T.StringLiteral || t2 === T.SingleQuotedString || this.la(2).tokenType.CATEGORIES?.includes(T.Keyword) === true;
    return keyLike && (t3 === T.Colon || t3 === T.FatArrow);
  }

  objectExpression = this.RULE('objectExpression', (): A.ObjectExpr => {
    const open = this.CONSUME(T.LBrace);
    const fields: (A.ObjectField | A.SpreadElement)[] = [];
    const saved = this.noStruct;
    this.ACTION(() => (this.noStruct = false));
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const dots = this.CONSUME(T.DotDotDot);
            const expr = this.SUBRULE(this.expression, EXPR);
            this.ACTION(() => fields.push({ kind: 'SpreadElement', expr, start: this.startOf(dots), end: expr.end }));
          },
        },
        {
          ALT: () => {
            const keyToken = this.OR2([
              { ALT: () => this.CONSUME(T.Identifier) },
              { ALT: () => this.CONSUME(T.Keyword) },
              { ALT: () => this.CONSUME(T.StringLiteral) },
              { ALT: () => this.CONSUME(T.SingleQuotedString) },
            ]);
            this.OR3([{ ALT: () => this.CONSUME(T.Colon) }, { ALT: () => this.CONSUME(T.FatArrow) }]);
            const value = this.SUBRULE2(this.expression, EXPR);
            this.ACTION(() => {
              const key: A.Identifier | A.StringLiteral =
                keyToken.tokenType === T.StringLiteral || keyToken.tokenType === T.SingleQuotedString
                  ? (this.makeLiteral(keyToken) as A.StringLiteral)
                  : this.ident(keyToken);
              fields.push({ kind: 'ObjectField', key, value, start: key.start, end: value.end });
            });
          },
        },
      ]);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.ACTION(() => (this.noStruct = saved));
    const close = this.OPTION2(() => this.CONSUME(T.RBrace));
    const end = this.expectClose(T.RBrace, open, 'object literal', close);
    return { kind: 'ObjectExpr', fields, start: this.startOf(open), end };
  });

  parenExpression = this.RULE('parenExpression', (): Expr => {
    const open = this.CONSUME(T.LParen);
    const elements: Expr[] = [];
    let trailingComma = false;
    const saved = this.noStruct;
    this.ACTION(() => (this.noStruct = false));
    this.MANY(() => {
      const element = this.SUBRULE(this.expression, EXPR);
      this.ACTION(() => elements.push(element));
      trailingComma = false;
      this.OPTION(() => {
        this.CONSUME(T.Comma);
        trailingComma = true;
      });
    });
    this.ACTION(() => (this.noStruct = saved));
    const close = this.OPTION2(() => this.CONSUME(T.RParen));
    const end = this.expectClose(T.RParen, open, '`(`', close);
    const start = this.startOf(open);
    if (elements.length === 0) return { kind: 'UnitLiteral', start, end };
    if (elements.length === 1 && !trailingComma) return { kind: 'ParenExpr', expr: elements[0], start, end };
    return { kind: 'TupleExpr', elements, start, end };
  });

  arrayExpression = this.RULE('arrayExpression', (): Expr => {
    const open = this.CONSUME(T.LBracket);
    const elements: Expr[] = [];
    const saved = this.noStruct;
    this.ACTION(() => (this.noStruct = false));
    let result: Expr | null = null;
    this.OPTION(() => {
      const first = this.SUBRULE(this.expression, EXPR);
      this.ACTION(() => elements.push(first));
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Semicolon);
            const count = this.SUBRULE2(this.expression, EXPR);
            result = { kind: 'ArrayRepeatExpr', value: first, count, start: 0, end: 0 };
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.KwFor);
            const pattern = this.SUBRULE(this.pattern);
            this.CONSUME(T.KwIn);
            const iterable = this.SUBRULE3(this.expression, EXPR);
            let condition: Expr | null = null;
            this.OPTION2(() => {
              this.CONSUME(T.KwIf);
              condition = this.SUBRULE4(this.expression, EXPR);
            });
            result = { kind: 'ComprehensionExpr', element: first, pattern, iterable, condition, start: 0, end: 0 };
          },
        },
        {
          ALT: () => {
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.OPTION3(() => {
                const element = this.SUBRULE5(this.expression, EXPR);
                this.ACTION(() => elements.push(element));
              });
            });
          },
        },
      ]);
    });
    this.ACTION(() => (this.noStruct = saved));
    const close = this.OPTION4(() => this.CONSUME(T.RBracket));
    const end = this.expectClose(T.RBracket, open, 'array', close);
    const start = this.startOf(open);
    if (result !== null) {
      const r = result as A.ArrayRepeatExpr | A.ComprehensionExpr;
      r.start = start;
      r.end = end;
      return r;
    }
    return { kind: 'ArrayExpr', elements, start, end };
  });

  block = this.RULE(
    'block',
    (): A.BlockExpr => {
      if (this.depthExceeded()) {
        const start = this.skipTooDeep();
        return { kind: 'BlockExpr', label: null, stmts: [], start, end: start };
      }
      const open = this.CONSUME(T.LBrace);
      const saved = this.noStruct;
      this.noStruct = false;
      const stmts = this.statementList(T.RBrace, open);
      this.noStruct = saved;
      if (this.RECORDING_PHASE) {
        this.OPTION(() => this.CONSUME(T.RBrace));
        return { kind: 'BlockExpr', label: null, stmts, start: 0, end: 0 };
      }
      const next = this.la(1);
      const close = next.tokenType === T.RBrace && !this.closerBelongsOutside(next, open) ? this.CONSUME(T.RBrace) : undefined;
      const end = this.expectClose(T.RBrace, open, 'block', close);
      return { kind: 'BlockExpr', label: null, stmts, start: open.startOffset, end };
    },
    { recoveryValueFunc: (e) => ({ kind: 'BlockExpr', label: null, stmts: [], ...this.recoveredRange(e) }) as A.BlockExpr },
  );

  /** The condition of `if`/`while`: an expression, or `let PATTERN = EXPR`. No struct literals. */
  condition = this.RULE('condition', (): Expr => {
    const saved = this.noStruct;
    this.noStruct = true;
    const condition = this.OR(
      (this.conditionAlternatives ??= [
        {
          ALT: () => {
            const kw = this.CONSUME(T.KwLet);
            const pattern = this.SUBRULE(this.pattern);
            this.CONSUME(T.Eq);
            const value = this.SUBRULE(this.expression, EXPR_NO_ASSIGN);
            return { kind: 'LetCondition', pattern, value, start: this.startOf(kw), end: this.lastEnd() } as A.LetCondition;
          },
        },
        { ALT: () => this.SUBRULE2(this.expression, EXPR) },
      ]),
    );
    this.noStruct = saved;
    return condition as Expr;
  });

  private conditionAlternatives: any;

  ifExpression = this.RULE('ifExpression', (): A.IfExpr => {
    if (this.depthExceeded()) {
      const start = this.skipTooDeep();
      const empty: A.BlockExpr = { kind: 'BlockExpr', label: null, stmts: [], start, end: start };
      return { kind: 'IfExpr', condition: this.errorExpr(start), then: empty, else: null, start, end: start };
    }
    const kw = this.CONSUME(T.KwIf);
    const condition = this.SUBRULE(this.condition);
    const then = this.SUBRULE(this.block);
    let elseBranch: A.BlockExpr | A.IfExpr | null = null;
    if (this.RECORDING_PHASE) {
      this.OPTION(() => {
        this.CONSUME(T.KwElse);
        this.OR([{ ALT: () => this.SUBRULE(this.ifExpression) }, { ALT: () => this.SUBRULE2(this.block) }]);
      });
    } else if (this.la(1).tokenType === T.KwElse) {
      this.CONSUME(T.KwElse);
      const t = this.la(1).tokenType;
      if (t === T.KwIf) elseBranch = this.SUBRULE(this.ifExpression);
      else if (t === T.LBrace) elseBranch = this.SUBRULE2(this.block);
      else {
        const at = this.la(1);
        this.reportFound(Codes.UnexpectedToken, at, { expected: '`{` or `if` after `else`' });
      }
    }
    return { kind: 'IfExpr', condition, then, else: elseBranch, start: kw.startOffset, end: this.lastEnd() };
  });

  matchExpression = this.RULE('matchExpression', (): A.MatchExpr => {
    const kw = this.CONSUME(T.KwMatch);
    const saved = this.noStruct;
    this.noStruct = true;
    let scrutinee: Expr;
    if (!this.RECORDING_PHASE && this.la(1).tokenType === T.LBrace) {
      // `match {`: the value is missing (a block as the value would need parentheses).
      const brace = this.la(1);
      this.report(Codes.ExpectedExpression, this.startOf(brace), this.endOf(brace), { found: describeToken(brace) });
      scrutinee = this.errorExpr(this.lastEnd());
    } else scrutinee = this.SUBRULE(this.expression, EXPR);
    this.noStruct = false;
    const arms: A.MatchArm[] = [];
    const open = this.CONSUME(T.LBrace);
    if (this.RECORDING_PHASE) {
      this.MANY(() => {
        this.SUBRULE(this.matchArm);
        this.OPTION2(() => this.CONSUME(T.Comma));
      });
      this.OPTION(() => this.CONSUME(T.RBrace));
      this.noStruct = saved;
      return { kind: 'MatchExpr', scrutinee, arms, start: 0, end: 0 };
    }
    for (;;) {
      const first = this.la(1);
      if (first.tokenType === T.RBrace || this.isEnd(first)) break;
      if (!PATTERN_START.has(first.tokenType)) {
        // A statement on a line of its own: the match lacks its `}`.
        if (first.nl && STATEMENT_START.has(first.tokenType)) break;
        this.report(Codes.ExpectedPattern, this.startOf(first), this.endOf(first), { found: describeToken(first) });
        this.skipToArmEnd(first);
        continue;
      }
      const errorsBefore = this.errorCount();
      let arm: A.MatchArm;
      try {
        arm = this.SUBRULE(this.matchArm);
      } catch (error) {
        // A broken arm (`x y => 1`) is reported where it broke and skipped up to the next
        // arm; without this the whole match would be lost and each later arm reported as
        // a stray statement.
        if (!isRecognitionException(error as Error)) throw error;
        const start = this.startOf(first);
        this.skipToArmEnd(first);
        const end = Math.max(start, this.lastEnd());
        arm = {
          kind: 'MatchArm', pattern: { kind: 'ErrorPattern', start, end: start }, guard: null,
          body: { kind: 'ErrorExpr', start: end, end }, start, end,
        };
      }
      this.noStruct = false;
      arms.push(arm);
      if (this.la(1).tokenType === T.Comma) {
        this.CONSUME(T.Comma);
        continue;
      }
      const next = this.la(1);
      if (!next.nl && next.tokenType !== T.RBrace && !this.isEnd(next) && !BLOCK_LIKE.has(arm.body.kind)) {
        // After an arm with an error, the rest of its line is that error's doing.
        if (this.errorCount() !== errorsBefore) this.skipToArmEnd(first);
        else this.report(Codes.UnexpectedToken, this.lastEnd(), this.startOf(next), { expected: '`,` between match arms', found: describeToken(next) });
      }
    }
    this.noStruct = saved;
    const close = this.la(1).tokenType === T.RBrace ? this.CONSUME(T.RBrace) : undefined;
    const end = this.expectClose(T.RBrace, open, 'match', close);
    return { kind: 'MatchExpr', scrutinee, arms, start: kw.startOffset, end };
  });

  /**
   * Skips what is left of a broken match arm that began at `first`: up to and with its `,`,
   * or to the `}` of the match, or to the next line at the arm's column or left of it.
   */
  private skipToArmEnd(first: IToken): void {
    const start = this.startOf(first);
    const column = this.column(start);
    const before = this.currIdx;
    let depth = 0;
    for (;;) {
      const token = this.la(1);
      if (this.isEnd(token)) break;
      const t = token.tokenType;
      if (depth === 0) {
        if (t === T.RBrace) break;
        if (t === T.Comma) {
          this.SKIP_TOKEN();
          break;
        }
        if (token.nl && this.startOf(token) > start && this.column(this.startOf(token)) <= column) break;
      }
      if (OPENERS.has(t)) depth++;
      else if (CLOSERS.has(t)) {
        if (depth === 0) break;
        depth--;
      }
      this.SKIP_TOKEN();
    }
    // Always move on, or the arm loop would stand still.
    if (this.currIdx === before && !this.isEnd(this.la(1)) && this.la(1).tokenType !== T.RBrace) this.SKIP_TOKEN();
  }

  matchArm = this.RULE('matchArm', (): A.MatchArm => {
    const pattern = this.SUBRULE(this.pattern);
    let guard: Expr | null = null;
    if (this.RECORDING_PHASE) {
      this.OPTION(() => {
        this.CONSUME(T.KwIf);
        this.SUBRULE(this.expression, EXPR);
      });
    } else if (this.la(1).tokenType === T.KwIf) {
      this.CONSUME(T.KwIf);
      guard = this.SUBRULE(this.expression, EXPR);
    }
    this.CONSUME(T.FatArrow);
    const body = this.SUBRULE2(this.expression, EXPR);
    return { kind: 'MatchArm', pattern, guard, body, start: this.RECORDING_PHASE ? 0 : pattern.start, end: this.lastEnd() };
  });

  /** `'outer: for ...`, `@outer: loop { }`, `'a: { ... }` */
  labeledExpression = this.RULE('labeledExpression', (): Expr => {
    const token = this.CONSUME(T.Label);
    this.CONSUME(T.Colon);
    const label: A.Label = { kind: 'Label', name: token.image.slice(1), sigil: token.image[0] as "'" | '@', start: this.startOf(token), end: this.endOf(token) };
    const labeled = this.OR([
      { ALT: () => this.SUBRULE(this.loopExpression, { ARGS: [label] }) },
      { ALT: () => this.SUBRULE(this.block) },
    ]);
    this.ACTION(() => {
      (labeled as A.BlockExpr).label = label;
      labeled.start = label.start;
    });
    return labeled;
  });

  /** `while`, `for` and `loop`; a label, if any, was read by labeledExpression. */
  loopExpression = this.RULE('loopExpression', (label: A.Label | null): A.WhileExpr | A.ForExpr | A.LoopExpr => {
    const start = this.startOf(this.LA(1));
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.KwWhile);
          const condition = this.SUBRULE(this.condition);
          const body = this.SUBRULE(this.block);
          return { kind: 'WhileExpr', label, condition, body, start, end: this.lastEnd() } as A.WhileExpr;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwFor);
          const pattern = this.SUBRULE(this.pattern);
          this.CONSUME(T.KwIn);
          const saved = this.noStruct;
          this.ACTION(() => (this.noStruct = true));
          const iterable = this.SUBRULE(this.expression, EXPR);
          this.ACTION(() => (this.noStruct = saved));
          const body = this.SUBRULE2(this.block);
          return { kind: 'ForExpr', label, pattern, iterable, body, start, end: this.lastEnd() } as A.ForExpr;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.KwLoop);
          const body = this.SUBRULE3(this.block);
          return { kind: 'LoopExpr', label, body, start, end: this.lastEnd() } as A.LoopExpr;
        },
      },
    ]);
  });

  closure = this.RULE('closure', (): A.ClosureExpr => {
    const start = this.startOf(this.LA(1));
    const params: A.Param[] = [];
    if (this.RECORDING_PHASE) {
      this.OR([
        { ALT: () => this.CONSUME(T.OrOr) },
        {
          ALT: () => {
            this.CONSUME(T.Pipe);
            this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.closureParam) });
            this.CONSUME2(T.Pipe);
          },
        },
        {
          // `fun (x) { ... }` / `fn (x) { ... }`: an anonymous function.
          ALT: () => {
            this.OR2([{ ALT: () => this.CONSUME(T.KwFun) }, { ALT: () => this.CONSUME(T.KwFn) }]);
            this.SUBRULE(this.paramList);
          },
        },
      ]);
      return this.closureRest(start, params, false, false);
    }
    const t = this.la(1).tokenType;
    if (t === T.OrOr) this.CONSUME(T.OrOr);
    else if (t === T.Pipe) {
      this.CONSUME(T.Pipe);
      // (A `|` here closes the parameters: `|a, b,|`; it does not start an or-pattern.)
      while (PATTERN_START.has(this.la(1).tokenType) && this.la(1).tokenType !== T.Pipe) {
        params.push(this.SUBRULE(this.closureParam));
        if (this.la(1).tokenType !== T.Comma) break;
        this.CONSUME(T.Comma);
      }
      this.CONSUME2(T.Pipe);
    } else {
      this.CONSUME(t === T.KwFn ? T.KwFn : T.KwFun);
      params.push(...this.SUBRULE(this.paramList));
    }
    return this.closureRest(start, params, false, false);
  });

  closureParam = this.RULE('closureParam', (): A.Param => {
    const pattern = this.SUBRULE(this.singlePattern);
    let type: A.TypeNode | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      type = this.SUBRULE(this.typeRef);
    });
    return { kind: 'Param', pattern, type, defaultValue: null, self: null, start: this.RECORDING_PHASE ? 0 : pattern.start, end: this.lastEnd() };
  });

  private closureRest(start: number, params: A.Param[], isMove: boolean, isAsync: boolean): A.ClosureExpr {
    let returnType: A.TypeNode | null = null;
    if (this.RECORDING_PHASE) {
      this.OPTION9(() => {
        this.CONSUME9(T.Arrow);
        this.SUBRULE9(this.typeRef);
      });
    } else if (this.la(1).tokenType === T.Arrow) {
      this.CONSUME9(T.Arrow);
      returnType = this.SUBRULE9(this.typeRef);
    }
    const saved = this.noStruct;
    this.noStruct = false;
    const body = this.SUBRULE9(this.expression, EXPR);
    this.noStruct = saved;
    return { kind: 'ClosureExpr', params, returnType, body, isAsync, isMove, start, end: this.lastEnd() };
  }

  asyncExpression = this.RULE('asyncExpression', (): Expr => {
    const kw = this.CONSUME(T.KwAsync);
    const move = this.OPTION({
      GATE: () => this.la(1).image === 'move',
      DEF: () => this.CONSUME(T.Identifier),
    });
    return this.OR([
      {
        ALT: () => {
          const body = this.SUBRULE(this.block);
          return { kind: 'AsyncBlockExpr', body, start: this.startOf(kw), end: this.lastEnd() } as A.AsyncBlockExpr;
        },
      },
      {
        ALT: () => {
          const closure = this.SUBRULE(this.closure);
          this.ACTION(() => {
            closure.isAsync = true;
            closure.isMove = move !== undefined;
            closure.start = this.startOf(kw);
          });
          return closure;
        },
      },
    ]);
  });

  /** `return`, `break`, `continue`, `throw`, `yield`. */
  jumpExpression = this.RULE('jumpExpression', (): Expr =>
    this.OR([
      {
        ALT: () => {
          const kw = this.CONSUME(T.KwReturn);
          const value = this.OPTION({ GATE: () => this.valueFollows(), DEF: () => this.SUBRULE(this.expression, EXPR) }) ?? null;
          return { kind: 'ReturnExpr', value, start: this.startOf(kw), end: this.lastEnd() } as A.ReturnExpr;
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(T.KwBreak);
          const label = this.OPTION2(() => this.SUBRULE(this.labelUse)) ?? null;
          const value = this.OPTION3({ GATE: () => this.valueFollows(), DEF: () => this.SUBRULE2(this.expression, EXPR) }) ?? null;
          return { kind: 'BreakExpr', label, value, start: this.startOf(kw), end: this.lastEnd() } as A.BreakExpr;
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(T.KwContinue);
          const label = this.OPTION4(() => this.SUBRULE2(this.labelUse)) ?? null;
          return { kind: 'ContinueExpr', label, start: this.startOf(kw), end: this.lastEnd() } as A.ContinueExpr;
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(T.KwThrow);
          const value = this.SUBRULE3(this.expression, EXPR);
          return { kind: 'ThrowExpr', value, start: this.startOf(kw), end: this.lastEnd() } as A.ThrowExpr;
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(T.KwYield);
          const value = this.OPTION5({ GATE: () => this.valueFollows(), DEF: () => this.SUBRULE4(this.expression, EXPR) }) ?? null;
          return { kind: 'YieldExpr', value, start: this.startOf(kw), end: this.lastEnd() } as A.YieldExpr;
        },
      },
    ]),
  );

  labelUse = this.RULE('labelUse', (): A.Label => {
    const token = this.CONSUME(T.Label);
    return { kind: 'Label', name: token.image.slice(1), sigil: token.image[0] as "'" | '@', start: this.startOf(token), end: this.endOf(token) };
  });

  tryCatch = this.RULE('tryCatch', (): A.TryCatchExpr => {
    const kw = this.CONSUME(T.KwTry);
    const body = this.SUBRULE(this.block);
    let catchParam: A.Pattern | null = null;
    let catchBody: A.BlockExpr | null = null;
    let finallyBody: A.BlockExpr | null = null;
    this.OPTION(() => {
      this.CONSUME(T.KwCatch);
      this.OPTION2({
        GATE: () => this.la(1).tokenType !== T.LBrace,
        DEF: () => {
          if (this.RECORDING_PHASE) {
            this.OR({ IGNORE_AMBIGUITIES: true, DEF: [
              {
                ALT: () => {
                  this.CONSUME(T.LParen);
                  this.SUBRULE(this.pattern);
                  this.OPTION3(() => {
                    this.CONSUME(T.Colon);
                    this.SUBRULE(this.typeRef);
                  });
                  this.OPTION4(() => this.CONSUME(T.RParen));
                },
              },
              { ALT: () => this.SUBRULE2(this.pattern) },
            ]});
            return;
          }
          // Decided by the first token, not by LL(k): since a tuple pattern's `)` is optional
          // (for recovery), lookahead would read `catch (e: Error)` as a tuple pattern.
          if (this.la(1).tokenType !== T.LParen) {
            catchParam = this.SUBRULE2(this.pattern);
            return;
          }
          const open = this.CONSUME(T.LParen);
          catchParam = this.SUBRULE(this.pattern);
          if (this.la(1).tokenType === T.Colon) {
            this.CONSUME(T.Colon);
            this.SUBRULE(this.typeRef);
          }
          const close = this.la(1).tokenType === T.RParen ? this.CONSUME(T.RParen) : undefined;
          this.expectClose(T.RParen, open, '`catch` parameter', close);
        },
      });
      catchBody = this.SUBRULE2(this.block);
    });
    this.OPTION5(() => {
      this.CONSUME(T.KwFinally);
      finallyBody = this.SUBRULE3(this.block);
    });
    return { kind: 'TryCatchExpr', body, catchParam, catchBody, finallyBody, start: this.startOf(kw), end: this.lastEnd() };
  });

  /** `handle EXPR with { op(x) => ..., return(v) => ... }` */
  handleExpression = this.RULE('handleExpression', (): A.HandleExpr => {
    const kw = this.CONSUME(T.KwHandle);
    const saved = this.noStruct;
    this.ACTION(() => (this.noStruct = true));
    const expr = this.SUBRULE(this.expression, EXPR);
    this.ACTION(() => (this.noStruct = saved));
    this.CONSUME(T.Identifier); // `with`
    const open = this.CONSUME(T.LBrace);
    const cases: A.HandlerCase[] = [];
    this.MANY(() => {
      const start = this.startOf(this.LA(1));
      const operation = this.OR([
        { ALT: () => this.ident(this.CONSUME(T.KwReturn)) },
        {
          ALT: () => {
            const segments = this.SUBRULE(this.pathSegments);
            if (this.RECORDING_PHASE) return segments[0]?.name;
            return segments.length === 1 ? segments[0].name : ({ kind: 'Path', segments, start: segments[0].start, end: segments[segments.length - 1].end } as A.Path);
          },
        },
      ]);
      const params: A.Pattern[] = [];
      this.OPTION(() => {
        this.CONSUME(T.LParen);
        let more = true;
        this.MANY2({
          GATE: () => more,
          DEF: () => {
            const p = this.SUBRULE(this.pattern);
            this.ACTION(() => params.push(p));
            // A comma continues the list; one before the closer is allowed.
            more = this.OPTION4(() => this.CONSUME2(T.Comma)) !== undefined;
          },
        });
        this.CONSUME(T.RParen);
      });
      this.CONSUME(T.FatArrow);
      const body = this.SUBRULE2(this.expression, EXPR);
      this.ACTION(() => cases.push({ kind: 'HandlerCase', operation, params, body, start, end: this.lastEnd() }));
      this.OPTION2(() => this.CONSUME(T.Comma));
    });
    const close = this.OPTION3(() => this.CONSUME(T.RBrace));
    const end = this.expectClose(T.RBrace, open, 'handler', close);
    return { kind: 'HandleExpr', expr, cases, start: this.startOf(kw), end };
  });
}
