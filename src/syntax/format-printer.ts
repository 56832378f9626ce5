// The Ruchy pretty printer: turns a parsed SourceFile into a layout document
// (./format-doc.ts) in the canonical style, close to rustfmt's. ./format.ts drives it.
//
// What makes it safe:
// - Every token comes from the tree or from the source text itself (literals, f-strings,
//   attributes, and the few pieces of syntax the tree does not record are copied), so
//   the re-parsed output has the same tree. Parentheses are ParenExpr nodes, printed as
//   they are; line breaks are only put where the grammar ignores them.
// - Comments are placed by the lists that own the gaps they sit in (statements, members,
//   arms, fields, arguments, elements): above the element they precede, or after the
//   element they follow on its line. A comment that no list owns (inside an expression,
//   a header, a type) makes the smallest statement or member around it print verbatim:
//   its source text, re-indented outside strings and comments. Anything else the printer
//   does not expect does the same (it throws FALLBACK, which that statement catches).
// - Types, patterns and paths are printed canonically only when the result has exactly
//   the non-blank characters of the source; otherwise their source text is kept.

import { lex } from '../../grammar/lexer.js';
import type * as A from './ast.js';
import {
  breakParent,
  conditionalGroup,
  group,
  hardline,
  ifBreak,
  indent,
  join,
  line,
  mark,
  printDoc,
  raw,
  reindented,
  softline,
  willBreak,
  type Doc,
} from './format-doc.js';

/** Thrown when a construct cannot be printed faithfully; the nearest statement prints verbatim. */
export const FALLBACK = { fallback: true } as const;

/** Text that can be printed as generated code (one line, width = length, no trailing blank). */
const PLAIN_TEXT = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

const BLOCK_LIKE: ReadonlySet<string> = new Set([
  'IfExpr', 'MatchExpr', 'WhileExpr', 'ForExpr', 'LoopExpr', 'BlockExpr', 'TryCatchExpr',
  'AsyncBlockExpr', 'HandleExpr',
]);

export interface PrinterOptions {
  indent: number;
  maxWidth: number;
  eol: string;
}

/** An element of a list that owns the comments around it. */
interface Entry {
  start: number;
  end: number;
  print: () => Doc;
  /** Printed after the element when the list is broken (`,`), or nothing. */
  separator: string;
  /** Print verbatim when the element cannot be printed (statements and members). */
  fallback?: boolean;
  /** Top-level statement index: marks record where the statement lands in the output. */
  mark?: number;
}

interface ListLayout {
  /** Comments on the line of the opening delimiter. */
  opener: Doc[];
  /** Elements and comments, one per line; a blank line is an empty string. */
  body: Doc[];
}

export class FormatPrinter {
  private readonly comments: readonly A.Comment[];
  private readonly consumed: Uint8Array;
  /** Top-level statements (by index) to print verbatim: set by the safety net of ./format.ts. */
  readonly verbatimTop = new Set<number>();

  constructor(
    private readonly text: string,
    private readonly file: A.SourceFile,
    private readonly options: PrinterOptions,
  ) {
    this.comments = file.comments;
    this.consumed = new Uint8Array(file.comments.length);
  }

  // ------------------------------------------------------------ file

  /** The whole file; Marks 2i and 2i+1 enclose top-level statement i. */
  printFile(): Doc {
    this.consumed.fill(0);
    const entries: Entry[] = [];
    for (const attribute of this.file.attributes) {
      entries.push({ start: attribute.start, end: attribute.end, print: () => this.rawSlice(attribute.start, attribute.end), separator: '' });
    }
    this.file.stmts.forEach((stmt, index) => {
      const start = this.elementStart(stmt);
      entries.push({
        start,
        end: stmt.end,
        separator: '',
        fallback: true,
        mark: index,
        print: () => {
          if (this.verbatimTop.has(index)) throw FALLBACK;
          return this.stmt(stmt);
        },
      });
    });
    const layout = this.layoutList(entries, 0, this.text.length, { blankLines: true, allowed: '' });
    if (layout.body.length === 0) return '';
    return [this.joinLines(layout.body), hardline];
  }

  /** Lays out a document built by this printer. */
  print(doc: Doc): { text: string; marks: Map<number, number> } {
    return printDoc(doc, { width: this.options.maxWidth, indent: this.options.indent, eol: this.options.eol });
  }

  // ------------------------------------------------------------ source text helpers

  private slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  private isNewline(c: number): boolean {
    return c === 10 || c === 13;
  }

  private hasNewline(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.isNewline(this.text.charCodeAt(i))) return true;
    return false;
  }

  /** Whether the blanks between `from` and `to` hold an empty line. */
  private hasBlankLine(from: number, to: number): boolean {
    let breaks = 0;
    for (let i = from; i < to; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 10) breaks++;
      else if (c === 13) {
        breaks++;
        if (this.text.charCodeAt(i + 1) === 10) i++;
      } else if (c !== 32 && c !== 9) breaks = 0;
      if (breaks >= 2) return true;
    }
    return false;
  }

  /** The first non-blank character at or after `offset` (skipping nothing else), or -1. */
  private nextCharCode(offset: number): number {
    for (let i = offset; i < this.text.length; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return c;
    }
    return -1;
  }

  private endsWithSemicolon(node: A.Node): boolean {
    return this.text.charCodeAt(node.end - 1) === 59;
  }

  /** The `}` that closes an item's body (an item's range includes a `;` after it). */
  private closingBrace(node: A.Node): number {
    let i = node.end - 1;
    if (this.endsWithSemicolon(node)) {
      i--;
      while (i > node.start && /\s/.test(this.text[i])) i--;
    }
    if (this.text[i] !== '}') throw FALLBACK;
    return i;
  }

  // ------------------------------------------------------------ comments

  /** Index of the first comment starting at or after `offset`. */
  private commentIndex(offset: number): number {
    let low = 0;
    let high = this.comments.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.comments[mid].start < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private hasCommentIn(from: number, to: number): boolean {
    const i = this.commentIndex(from);
    return i < this.comments.length && this.comments[i].start < to;
  }

  private hasUnconsumed(from: number, to: number): boolean {
    for (let i = this.commentIndex(from); i < this.comments.length && this.comments[i].start < to; i++) {
      if (this.consumed[i] === 0) return true;
    }
    return false;
  }

  private consumeRange(from: number, to: number): void {
    for (let i = this.commentIndex(from); i < this.comments.length && this.comments[i].start < to; i++) this.consumed[i] = 1;
  }

  /** The source between two offsets without its comments. */
  private withoutComments(from: number, to: number): string {
    let out = '';
    let i = from;
    for (let ci = this.commentIndex(from); ci < this.comments.length && this.comments[ci].start < to; ci++) {
      const c = this.comments[ci];
      out += this.text.slice(i, c.start);
      i = Math.min(c.end, to);
    }
    return out + this.text.slice(i, to);
  }

  /** A comment at the end of a line: not counted in widths; the line must break after it. */
  private trailingComment(c: A.Comment): Doc {
    return c.style === 'block' ? raw(c.text) : [raw(c.text, true), breakParent];
  }

  /**
   * Checks that the source between two elements holds only blanks, comments and the
   * characters of `allowed` (separators); anything else would be lost.
   */
  private checkGap(from: number, to: number, allowed: string): void {
    let ci = this.commentIndex(from);
    let i = from;
    while (i < to) {
      if (ci < this.comments.length && this.comments[ci].start === i) {
        i = this.comments[ci].end;
        ci++;
        continue;
      }
      const c = this.text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || allowed.includes(c)) {
        i++;
        continue;
      }
      throw FALLBACK;
    }
  }

  // ------------------------------------------------------------ lists with comments

  /**
   * The elements of a list between `from` (just after the opening delimiter) and `to`
   * (the closing delimiter), one per line, with the comments of the gaps between them.
   */
  private layoutList(
    entries: readonly Entry[],
    from: number,
    to: number,
    options: { blankLines: boolean; allowed: string; openerLine?: boolean },
  ): ListLayout {
    const opener: Doc[] = [];
    const body: Doc[] = [];
    /** End of what was printed last (an element or a comment). */
    let cursor = from;
    /** The line printed last (index in `body`), to which trailing comments are appended. */
    let last = -1;
    /** The last line begins with a comment of its own (not an element). */
    let lastIsComment = false;
    /** The last line is a block comment that the next element follows on its line. */
    let inlineNext = false;
    const pushLine = (doc: Doc, at: number): void => {
      if (body.length > 0 && options.blankLines && this.hasBlankLine(cursor, at)) body.push('');
      body.push(doc);
      last = body.length - 1;
    };
    const append = (doc: Doc): void => {
      body[last] = [body[last], ' ', doc];
    };
    for (let e = 0; e <= entries.length; e++) {
      const entry = entries[e] as Entry | undefined;
      const gapEnd = entry !== undefined ? entry.start : to;
      // The gap before the element (or before the closing delimiter): its comments.
      this.checkGap(cursor, gapEnd, options.allowed);
      inlineNext = false;
      for (let i = this.commentIndex(cursor); i < this.comments.length && this.comments[i].start < gapEnd; i++) {
        if (this.consumed[i] === 1) continue;
        const c = this.comments[i];
        this.consumed[i] = 1;
        const sameLine = !this.hasNewline(cursor, c.start);
        if (sameLine && last >= 0) {
          append(this.trailingComment(c));
        } else if (sameLine && body.length === 0 && options.openerLine === true) {
          opener.push(this.trailingComment(c));
        } else {
          pushLine(c.style === 'block' ? raw(c.text) : [raw(c.text), breakParent], c.start);
          lastIsComment = true;
        }
        cursor = c.end;
        // A block comment on a line of its own stays in front of the element after it.
        inlineNext = c.style === 'block' && last >= 0 && lastIsComment && !this.hasNewline(c.end, gapEnd);
      }
      if (entry === undefined) break;
      let doc = entry.fallback === true ? this.safely(entry) : entry.print();
      if (entry.separator !== '') doc = [doc, entry.separator];
      if (entry.mark !== undefined) doc = [mark(2 * entry.mark), doc, mark(2 * entry.mark + 1)];
      if (inlineNext && last >= 0) {
        // `/* note */ element`: the comment stays in front of the element.
        append(doc);
      } else {
        pushLine(doc, entry.start);
      }
      lastIsComment = false;
      cursor = entry.end;
    }
    return { opener, body };
  }

  /** Prints an entry, or its source text when it cannot be printed faithfully. */
  private safely(entry: Entry): Doc {
    try {
      const doc = entry.print();
      if (this.hasUnconsumed(entry.start, entry.end)) throw FALLBACK;
      return doc;
    } catch (error) {
      if (error !== FALLBACK) throw error;
      return this.verbatim(entry.start, entry.end);
    }
  }

  /** Joins a layout's lines (blank lines are empty strings). */
  private joinLines(body: readonly Doc[]): Doc[] {
    const out: Doc[] = [];
    for (let i = 0; i < body.length; i++) {
      if (i > 0) out.push(hardline);
      if (body[i] !== '') out.push(body[i]);
    }
    return out;
  }

  /** `{`, the lines indented, `}`; `{}` when empty. */
  private bracedLines(open: string, close: string, layout: ListLayout): Doc {
    if (layout.body.length === 0) {
      if (layout.opener.length === 0) return [open, close];
      return [open, ' ', join(' ', layout.opener), hardline, close];
    }
    const head: Doc[] = [open];
    if (layout.opener.length > 0) head.push(' ', join(' ', layout.opener));
    return [head, indent([hardline, this.joinLines(layout.body)]), hardline, close];
  }

  /**
   * A comma-separated list: on one line if it fits (`(a, b)`, `{ a, b }` when padded),
   * else one element per line with a trailing comma. Comments inside break it.
   */
  private commaList(
    open: string,
    close: string,
    entries: readonly Entry[],
    from: number,
    to: number,
    options: { padded?: boolean; trailing?: 'break' | 'always' | 'never'; hug?: boolean } = {},
  ): Doc {
    const trailing = options.trailing ?? 'break';
    if (entries.length === 0 && !this.hasCommentIn(from, to)) {
      this.checkGap(from, to, ',');
      return [open, close];
    }
    if (this.hasCommentIn(from, to)) {
      const withSeparators = entries.map((entry, i) => ({
        ...entry,
        separator: i < entries.length - 1 || trailing !== 'never' ? ',' : '',
      }));
      const layout = this.layoutList(withSeparators, from, to, { blankLines: false, allowed: ',', openerLine: true });
      if (layout.body.length === 0 && this.onlyBlockComments(from, to)) {
        // Only block comments on the opener's line: `f(/* none */)`.
        return [open, join(' ', layout.opener), close];
      }
      return this.bracedLines(open, close, layout);
    }
    const docs: Doc[] = [];
    let cursor = from;
    for (const entry of entries) {
      this.checkGap(cursor, entry.start, ',');
      docs.push(entry.print());
      cursor = entry.end;
    }
    this.checkGap(cursor, to, ',');
    const lineDoc = options.padded === true ? line : softline;
    const trailingDoc = trailing === 'always' ? ',' : trailing === 'break' ? ifBreak(',') : '';
    const broken: Doc = [open, indent([lineDoc, join([',', line], docs), trailingDoc]), lineDoc, close];
    if (options.hug === true && docs.length > 0 && !docs.slice(0, -1).some(willBreak)) {
      // The last element (a closure with a block, a literal) may break on its own:
      // `f(a, |x| {` ... `})`.
      const space = options.padded === true ? ' ' : '';
      const flatHead = [open, space, join(', ', docs.slice(0, -1)), docs.length > 1 ? ', ' : ''];
      const flat: Doc = [flatHead, docs[docs.length - 1], trailing === 'always' ? ',' : '', space, close];
      const hugged: Doc = [flatHead, expandLast(docs[docs.length - 1]), trailing === 'always' ? ',' : '', space, close];
      return conditionalGroup([flat, hugged, group(broken, true)]);
    }
    return group(broken);
  }

  private onlyBlockComments(from: number, to: number): boolean {
    for (let i = this.commentIndex(from); i < this.comments.length && this.comments[i].start < to; i++) {
      if (this.comments[i].style !== 'block') return false;
    }
    return true;
  }

  // ------------------------------------------------------------ verbatim

  /** The source text of [start, end), its comments consumed. */
  private rawSlice(start: number, end: number): Doc {
    if (this.hasCommentIn(start, end)) this.consumeRange(start, end);
    const text = this.slice(start, end);
    // Printable ASCII on one line measures and prints like generated code.
    return PLAIN_TEXT.test(text) ? text : raw(text);
  }

  /**
   * A statement's source text as it is, its continuation lines moved with the statement's
   * new indentation (except lines that begin inside a string or a comment).
   */
  private verbatim(start: number, end: number): Doc {
    this.consumeRange(start, end);
    const source = this.slice(start, end);
    if (!/[\r\n]/.test(source)) return raw(source);
    let lineStart = start;
    while (lineStart > 0 && !this.isNewline(this.text.charCodeAt(lineStart - 1))) lineStart--;
    const base = this.text.slice(lineStart, start);
    // Only a statement that begins its line has a known indentation to move from.
    if (!/^[ \t]*$/.test(base)) return raw(source);
    const protectedRanges: [number, number][] = [];
    const scanned = lex(source);
    for (const token of scanned.tokens) protectedRanges.push([token.startOffset, token.endOffset! + 1]);
    for (const comment of scanned.comments) protectedRanges.push([comment.startOffset, comment.endOffset! + 1]);
    protectedRanges.sort((a, b) => a[0] - b[0]);
    const lines: { at: number; movable: boolean }[] = [];
    for (let i = 0; i < source.length; i++) {
      const c = source.charCodeAt(i);
      if (c !== 10 && !(c === 13 && source.charCodeAt(i + 1) !== 10)) continue;
      const at = i + 1;
      // A line beginning inside a token (a multi-line string) or a comment stays as it is.
      const inside = this.insideAny(protectedRanges, at);
      lines.push({ at, movable: !inside });
    }
    return reindented(source, { base, lines });
  }

  private insideAny(ranges: readonly [number, number][], at: number): boolean {
    let low = 0;
    let high = ranges.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const [s, e] = ranges[mid];
      if (e <= at) low = mid + 1;
      else if (s >= at) high = mid - 1;
      else return true;
    }
    return false;
  }

  /**
   * Canonical text for a type, pattern or path when it has exactly the non-blank
   * characters of its source; else the source (on one line when it spanned several).
   */
  private leaf(canonical: string | null, start: number, end: number): Doc {
    const source = this.slice(start, end);
    if (canonical === source) return canonical;
    if (this.hasCommentIn(start, end)) return this.rawSlice(start, end);
    if (canonical !== null && stripBlanks(canonical) === stripBlanks(source)) return canonical;
    return this.collapsed(start, end);
  }

  /** Source text on one line: the blanks between its tokens become one space. */
  private collapsed(start: number, end: number): Doc {
    const source = this.slice(start, end);
    if (!/[\r\n]/.test(source)) return raw(source);
    const scanned = lex(source);
    if (scanned.diagnostics.length > 0 || scanned.comments.length > 0) return this.verbatim(start, end);
    let out = '';
    let previousEnd = -1;
    for (const token of scanned.tokens) {
      const tokenEnd = token.endOffset! + 1;
      // Tokens inside an f-string are adjacent pieces of it: keep its text as it is.
      if (previousEnd >= 0) out += token.startOffset > previousEnd ? (/[\r\n]/.test(source.slice(previousEnd, token.startOffset)) ? ' ' : source.slice(previousEnd, token.startOffset)) : '';
      out += source.slice(token.startOffset, tokenEnd);
      previousEnd = tokenEnd;
    }
    return raw(out);
  }

  // ------------------------------------------------------------ statements

  private elementStart(stmt: A.Stmt | A.TraitMember | A.FunctionDecl): number {
    const attributes = (stmt as { attributes?: A.Attribute[] }).attributes;
    if (attributes !== undefined && attributes.length > 0 && attributes[0].start < stmt.start) return attributes[0].start;
    return stmt.start;
  }

  /** A block's statements between its braces. */
  private stmtLayout(stmts: readonly A.Stmt[], from: number, to: number): ListLayout {
    const entries: Entry[] = stmts.map((stmt) => ({
      start: this.elementStart(stmt),
      end: stmt.end,
      separator: '',
      fallback: true,
      print: () => this.stmt(stmt),
    }));
    return this.layoutList(entries, from, to, { blankLines: true, allowed: '', openerLine: true });
  }

  private stmt(stmt: A.Stmt): Doc {
    switch (stmt.kind) {
      case 'LetStmt':
        return this.letStmt(stmt);
      case 'ExprStmt': {
        const noBreak = BLOCK_LIKE.has(leftmostOperand(stmt.expr).kind);
        const expr = this.expr(stmt.expr, { flatOperators: noBreak });
        return stmt.semicolon ? [expr, ';'] : expr;
      }
      case 'EmptyStmt':
        return ';';
      default:
        return this.item(stmt);
    }
  }

  private letStmt(stmt: A.LetStmt): Doc {
    const parts: Doc[] = ['let ', this.pattern(stmt.pattern)];
    if (stmt.type !== null) parts.push(': ', this.type(stmt.type));
    if (stmt.init !== null) parts.push(' = ', this.expr(stmt.init));
    if (stmt.elseBlock !== null) parts.push(' else ', this.block(stmt.elseBlock, 'flat'));
    if (this.endsWithSemicolon(stmt)) parts.push(';');
    return parts;
  }

  // ------------------------------------------------------------ items

  private attributesAndVisibility(node: { attributes: A.Attribute[]; start: number }, visibility: A.Visibility | null): Doc[] {
    const parts: Doc[] = [];
    if (node.attributes.length > 0) {
      const entries: Entry[] = node.attributes.map((a) => ({ start: a.start, end: a.end, separator: '', print: () => this.rawSlice(a.start, a.end) }));
      const layout = this.layoutList(entries, node.attributes[0].start, node.start, { blankLines: false, allowed: '' });
      // Comments between the attributes, and between them and the item, keep their places
      // (those above the first attribute belong to the list the item is in).
      parts.push(this.joinLines(layout.body), hardline);
    }
    if (visibility !== null && visibility !== 'private') parts.push(visibility, ' ');
    return parts;
  }

  private item(item: A.Item): Doc {
    const semicolon = this.endsWithSemicolon(item) ? ';' : '';
    switch (item.kind) {
      case 'FunctionDecl':
        return [this.functionDecl(item), semicolon];
      case 'StructDecl':
        return [this.structDecl(item), semicolon];
      case 'EnumDecl':
        return [this.enumDecl(item), semicolon];
      case 'TraitDecl':
        return [this.traitDecl(item), semicolon];
      case 'ImplDecl':
        return [this.implDecl(item), semicolon];
      case 'TypeAliasDecl':
        return [
          this.attributesAndVisibility(item, item.visibility),
          'type ', item.name.name, this.typeParams(item.typeParams), ' = ', this.type(item.type), semicolon,
        ];
      case 'ConstDecl':
        return [this.constDecl(item), semicolon];
      case 'ModuleDecl':
        return [this.moduleDecl(item), semicolon];
      case 'UseDecl':
        return [this.attributesAndVisibility(item, null), this.useDecl(item, semicolon !== ''), semicolon];
      case 'ActorDecl':
        return [this.actorDecl(item), semicolon];
      case 'EffectDecl':
        return [this.effectDecl(item), semicolon];
    }
  }

  /** `fun` or `fn`, as written at `from` (after blanks). */
  private functionKeyword(from: number): string {
    let at = from;
    while (/\s/.test(this.text[at] ?? '')) at++;
    return this.text.startsWith('fn', at) && !/[A-Za-z0-9_]/.test(this.text[at + 2] ?? '') ? 'fn' : 'fun';
  }

  private functionDecl(fn: A.FunctionDecl, keyword: string | null = null): Doc {
    const parts: Doc[] = this.attributesAndVisibility(fn, fn.visibility);
    const afterVisibility = this.skipVisibility(fn.start);
    if (fn.isAsync) parts.push('async ');
    if (keyword !== '') parts.push(keyword ?? this.functionKeyword(fn.isAsync ? this.text.indexOf('async', afterVisibility) + 5 : afterVisibility), ' ');
    parts.push(fn.name.name, this.typeParams(fn.typeParams));
    const paramsFrom = this.text.indexOf('(', fn.typeParams.length > 0 ? fn.typeParams[fn.typeParams.length - 1].end : fn.name.end) + 1;
    const paramsTo = this.closeParenOfParams(fn, paramsFrom);
    const header: Doc[] = [this.params(fn.params, paramsFrom, paramsTo)];
    if (fn.returnType !== null) header.push(' -> ', this.type(fn.returnType));
    // The `where` clause breaks with the header: ` where T: A {` when it all fits, else
    // rustfmt's block with `{` on its own line.
    const where = this.whereLines(fn.where, fn.body !== null);
    parts.push(group([...header, where]));
    if (fn.body !== null) parts.push(fn.where.length > 0 ? '' : ' ', this.block(fn.body, 'broken'));
    return parts;
  }

  /** Offset of the `)` that closes a parameter list starting at `from` (after its `(`). */
  private closeParenOfParams(fn: A.FunctionDecl, from: number): number {
    const afterParams = fn.params.length > 0 ? fn.params[fn.params.length - 1].end : from;
    const close = this.findChar(')', afterParams);
    if (close < 0) throw FALLBACK;
    return close;
  }

  /** The first occurrence of `word` in [from, to) outside comments, or -1. */
  private findCode(word: string, from: number, to: number): number {
    for (let i = this.text.indexOf(word, from); i >= 0 && i < to; i = this.text.indexOf(word, i + 1)) {
      const ci = this.commentIndex(i + 1) - 1;
      if (ci < 0 || this.comments[ci].end <= i) return i;
    }
    return -1;
  }

  /** The next occurrence of `char` at or after `from`, outside comments. */
  private findChar(char: string, from: number): number {
    let ci = this.commentIndex(from);
    for (let i = from; i < this.text.length; i++) {
      if (ci < this.comments.length && this.comments[ci].start === i) {
        i = this.comments[ci].end - 1;
        ci++;
        continue;
      }
      if (this.text[i] === char) return i;
    }
    return -1;
  }

  private skipVisibility(start: number): number {
    if (!this.text.startsWith('pub', start)) return start;
    let i = start + 3;
    while (/\s/.test(this.text[i] ?? '')) i++;
    if (this.text[i] === '(') i = this.text.indexOf(')', i) + 1;
    return i;
  }

  private params(params: readonly A.Param[], from: number, to: number): Doc {
    const entries: Entry[] = params.map((p) => ({ start: p.start, end: p.end, separator: ',', print: () => this.param(p) }));
    return this.commaList('(', ')', entries, from, to);
  }

  private param(p: A.Param): Doc {
    if (p.self !== null) {
      const pattern = p.pattern as A.IdentPattern;
      const canonical = (p.self === 'ref' ? '&' : p.self === 'refMut' ? '&mut ' : '') + (pattern.mutable ? 'mut ' : '') + 'self';
      if (p.type === null) return this.leaf(canonical, p.start, p.end);
      return [this.leaf(canonical, p.start, pattern.end), ': ', this.type(p.type)];
    }
    const parts: Doc[] = [this.pattern(p.pattern)];
    if (p.type !== null) parts.push(': ', this.type(p.type));
    if (p.defaultValue !== null) parts.push(' = ', this.expr(p.defaultValue));
    return parts;
  }

  private typeParams(params: readonly A.TypeParam[]): Doc {
    if (params.length === 0) return '';
    return ['<', join(', ', params.map((p) => this.leaf(typeParamText(p, this), p.start, p.end))), '>'];
  }

  private whereClause(predicates: readonly A.WherePredicate[], hasBody: boolean): Doc {
    return predicates.length === 0 ? '' : group(this.whereLines(predicates, hasBody));
  }

  private whereLines(predicates: readonly A.WherePredicate[], hasBody: boolean): Doc {
    if (predicates.length === 0) return '';
    const docs = predicates.map((p) => this.leaf(wherePredicateText(p, this), p.start, p.end));
    // ` where T: A {` on one line, or rustfmt's `where` block with `{` on its own line.
    // No trailing comma without a body: the next statement would read as one more predicate.
    return [line, 'where', indent([line, join([',', line], docs), hasBody ? ifBreak(',') : '']), hasBody ? line : ''];
  }

  private structDecl(s: A.StructDecl): Doc {
    const parts: Doc[] = this.attributesAndVisibility(s, s.visibility);
    parts.push('struct ', s.name.name, this.typeParams(s.typeParams));
    if (s.shape === 'tuple') {
      const from = this.text.indexOf('(', s.typeParams.length > 0 ? s.typeParams[s.typeParams.length - 1].end : s.name.end) + 1;
      const to = this.findChar(')', s.tupleFields.length > 0 ? s.tupleFields[s.tupleFields.length - 1].end : from);
      if (to < 0) throw FALLBACK;
      const entries: Entry[] = s.tupleFields.map((t) => ({ start: t.start, end: t.end, separator: ',', print: () => this.type(t) }));
      parts.push(this.commaList('(', ')', entries, from, to));
      parts.push(this.whereClause(s.where, false));
      return parts;
    }
    if (s.shape === 'unit') return parts;
    parts.push(this.whereClause(s.where, true), s.where.length > 0 ? '' : ' ');
    const open = this.findChar('{', s.where.length > 0 ? s.where[s.where.length - 1].end : s.typeParams.length > 0 ? s.typeParams[s.typeParams.length - 1].end : s.name.end);
    if (open < 0) throw FALLBACK;
    const members: Entry[] = [
      ...s.fields.map((f) => this.fieldEntry(f)),
      ...s.methods.map((m) => this.memberEntry(m)),
    ].sort((a, b) => a.start - b.start);
    parts.push(this.bracedLines('{', '}', this.layoutList(members, open + 1, this.closingBrace(s), { blankLines: true, allowed: ',;', openerLine: true })));
    return parts;
  }

  private fieldEntry(f: A.FieldDecl): Entry {
    return { start: f.start, end: f.end, separator: ',', fallback: false, print: () => this.fieldDecl(f) };
  }

  private fieldDecl(f: A.FieldDecl): Doc {
    const parts: Doc[] = [];
    if (f.visibility !== 'private') parts.push(f.visibility, ' ');
    parts.push(f.name.name);
    if (f.type !== null) parts.push(': ', this.type(f.type));
    if (f.defaultValue !== null) parts.push(' = ', this.expr(f.defaultValue));
    return parts;
  }

  /** A method, associated type or constant of a struct, trait, impl or actor: printed verbatim if it must be. */
  private memberEntry(member: A.TraitMember): Entry {
    const start = this.elementStart(member);
    if (member.kind === 'ConstDecl') {
      // A member constant's `;` is read but not part of its range.
      let end = member.end;
      let i = end;
      while (i < this.text.length && (this.text[i] === ' ' || this.text[i] === '\t')) i++;
      if (this.text[i] === ';') end = i + 1;
      return { start, end, separator: '', fallback: true, print: () => [this.constDecl(member), end > member.end ? ';' : ''] };
    }
    if (member.kind === 'AssociatedType') {
      return { start, end: member.end, separator: '', fallback: true, print: () => this.associatedType(member) };
    }
    return { start, end: member.end, separator: '', fallback: true, print: () => [this.functionDecl(member), this.endsWithSemicolon(member) ? ';' : ''] };
  }

  private associatedType(t: A.AssociatedType): Doc {
    const parts: Doc[] = ['type ', t.name.name];
    if (t.bounds.length > 0) parts.push(': ', join(' + ', t.bounds.map((b) => this.type(b))));
    if (t.value !== null) parts.push(' = ', this.type(t.value));
    if (this.endsWithSemicolon(t)) parts.push(';');
    return parts;
  }

  private enumDecl(e: A.EnumDecl): Doc {
    const parts: Doc[] = this.attributesAndVisibility(e, e.visibility);
    parts.push('enum ', e.name.name, this.typeParams(e.typeParams), this.whereClause(e.where, true), e.where.length > 0 ? '' : ' ');
    const open = this.findChar('{', e.where.length > 0 ? e.where[e.where.length - 1].end : e.typeParams.length > 0 ? e.typeParams[e.typeParams.length - 1].end : e.name.end);
    if (open < 0) throw FALLBACK;
    const entries: Entry[] = e.variants.map((v) => ({ start: v.start, end: v.end, separator: ',', print: () => this.variant(v) }));
    parts.push(this.bracedLines('{', '}', this.layoutList(entries, open + 1, this.closingBrace(e), { blankLines: true, allowed: ',', openerLine: true })));
    return parts;
  }

  private variant(v: A.EnumVariant): Doc {
    const parts: Doc[] = [v.name.name];
    if (v.shape === 'tuple') {
      const from = this.text.indexOf('(', v.name.end) + 1;
      const to = this.findChar(')', v.tupleFields.length > 0 ? v.tupleFields[v.tupleFields.length - 1].end : from);
      if (to < 0) throw FALLBACK;
      parts.push(this.commaList('(', ')', v.tupleFields.map((t) => ({ start: t.start, end: t.end, separator: ',', print: () => this.type(t) })), from, to));
    } else if (v.shape === 'named') {
      const from = this.text.indexOf('{', v.name.end) + 1;
      const to = this.findChar('}', v.fields.length > 0 ? v.fields[v.fields.length - 1].end : from);
      if (to < 0) throw FALLBACK;
      parts.push(' ', this.commaList('{', '}', v.fields.map((f) => this.fieldEntry(f)), from, to, { padded: true }));
    }
    if (v.discriminant !== null) parts.push(' = ', this.expr(v.discriminant));
    return parts;
  }

  private memberBody(members: readonly A.TraitMember[], open: number, close: number): Doc {
    const entries = members.map((m) => this.memberEntry(m));
    return this.bracedLines('{', '}', this.layoutList(entries, open + 1, close, { blankLines: true, allowed: ',;', openerLine: true }));
  }

  private traitDecl(t: A.TraitDecl): Doc {
    const parts: Doc[] = this.attributesAndVisibility(t, t.visibility);
    parts.push('trait ', t.name.name, this.typeParams(t.typeParams));
    if (t.supertraits.length > 0) parts.push(': ', join(' + ', t.supertraits.map((s) => this.type(s))));
    parts.push(this.whereClause(t.where, true), t.where.length > 0 ? '' : ' ');
    const after = t.where.length > 0 ? t.where[t.where.length - 1].end : t.supertraits.length > 0 ? t.supertraits[t.supertraits.length - 1].end : t.typeParams.length > 0 ? t.typeParams[t.typeParams.length - 1].end : t.name.end;
    const open = this.findChar('{', after);
    if (open < 0) throw FALLBACK;
    parts.push(this.memberBody(t.members, open, this.closingBrace(t)));
    return parts;
  }

  private implDecl(impl: A.ImplDecl): Doc {
    const parts: Doc[] = this.attributesAndVisibility(impl, null);
    // The tree records no visibility for `impl` (`pub impl` is accepted): keep the source's.
    const afterVisibility = this.skipVisibility(impl.start);
    if (afterVisibility > impl.start) parts.push(this.slice(impl.start, afterVisibility).replace(/\s+/g, ''), ' ');
    parts.push('impl', this.typeParams(impl.typeParams), ' ');
    if (impl.trait !== null) parts.push(this.type(impl.trait), ' for ');
    parts.push(this.type(impl.selfType), this.whereClause(impl.where, true), impl.where.length > 0 ? '' : ' ');
    const open = this.findChar('{', impl.where.length > 0 ? impl.where[impl.where.length - 1].end : impl.selfType.end);
    if (open < 0) throw FALLBACK;
    parts.push(this.memberBody(impl.members, open, this.closingBrace(impl)));
    return parts;
  }

  private constDecl(c: A.ConstDecl): Doc {
    const parts: Doc[] = this.attributesAndVisibility(c, c.visibility);
    parts.push('const ', c.name.name);
    if (c.type !== null) parts.push(': ', this.type(c.type));
    if (c.value !== null) parts.push(' = ', this.expr(c.value));
    return parts;
  }

  private moduleDecl(m: A.ModuleDecl): Doc {
    const parts: Doc[] = this.attributesAndVisibility(m, m.visibility);
    parts.push('mod ', m.name.name);
    if (m.body === null) return parts;
    const open = this.findChar('{', m.name.end);
    if (open < 0) throw FALLBACK;
    const close = this.closingBrace(m);
    parts.push(' ', this.bracedLines('{', '}', this.stmtLayout(m.body, open + 1, close)));
    return parts;
  }

  private useDecl(u: A.UseDecl, semicolon: boolean): Doc {
    const vis = u.visibility !== 'private' ? `${u.visibility} ` : '';
    let canonical: string;
    if (u.tree.path.length === 0 && u.tree.children === null && !u.tree.glob && u.source !== null) {
      canonical = `${vis}${u.keyword} ${this.slice(u.source.start, u.source.end)}`;
    } else {
      canonical = `${vis}${u.keyword} ${useTreeText(u.tree)}`;
      if (u.source !== null) canonical += ` from ${this.slice(u.source.start, u.source.end)}`;
    }
    return this.leaf(canonical, u.start, semicolon ? u.end - 1 : u.end);
  }

  private actorDecl(a: A.ActorDecl): Doc {
    const parts: Doc[] = this.attributesAndVisibility(a, a.visibility);
    parts.push('actor ', a.name.name, this.typeParams(a.typeParams), ' ');
    const open = this.findChar('{', a.typeParams.length > 0 ? a.typeParams[a.typeParams.length - 1].end : a.name.end);
    if (open < 0) throw FALLBACK;
    type Member = { start: number; end: number; kind: 'field' | 'handler' | 'method'; node: A.FieldDecl | A.ActorHandler | A.FunctionDecl };
    const members: Member[] = [
      ...a.fields.map((f): Member => ({ start: f.start, end: f.end, kind: 'field', node: f })),
      ...a.handlers.map((h): Member => ({ start: h.start, end: h.end, kind: 'handler', node: h })),
      ...a.methods.map((m): Member => ({ start: this.elementStart(m), end: m.end, kind: 'method', node: m })),
    ].sort((x, y) => x.start - y.start);
    // Handlers come from `receive { ... }` blocks or single `receive Msg => ...` lines,
    // which the tree does not record: read them from the source between members.
    const entries: Entry[] = [];
    let i = 0;
    let cursor = open + 1;
    while (i < members.length) {
      const m = members[i];
      if (m.kind !== 'handler') {
        const gapText = this.withoutComments(cursor, m.start);
        if (!/^[\s,;]*$/.test(gapText)) throw FALLBACK;
        entries.push(m.kind === 'field' ? this.actorFieldEntry(m.node as A.FieldDecl) : this.memberEntry(m.node as A.FunctionDecl));
        cursor = m.end;
        i++;
        continue;
      }
      const gapText = this.withoutComments(cursor, m.start);
      const receiveAt = this.findCode('receive', cursor, m.start);
      if (receiveAt < 0) throw FALLBACK;
      if (/^[\s,;]*receive\s*\{\s*$/.test(gapText)) {
        // A `receive { ... }` block: its handlers up to the `}`.
        const handlers: A.ActorHandler[] = [];
        let j = i;
        let end = -1;
        while (j < members.length && members[j].kind === 'handler') {
          const h = members[j].node as A.ActorHandler;
          handlers.push(h);
          j++;
          const after = this.withoutComments(h.end, j < members.length ? members[j].start : this.closingBrace(a));
          const close = /^[\s,;]*\}/.exec(after);
          if (close !== null) {
            end = this.findChar('}', h.end) + 1;
            break;
          }
          if (!/^[\s,;]*$/.test(after)) throw FALLBACK;
        }
        if (end <= 0) throw FALLBACK;
        const blockOpen = this.findChar('{', receiveAt);
        const entriesOfBlock: Entry[] = handlers.map((h) => ({ start: h.start, end: h.end, separator: h.body.kind === 'BlockExpr' ? '' : ',', print: () => this.actorHandler(h) }));
        const start = receiveAt;
        entries.push({
          start,
          end,
          separator: '',
          fallback: true,
          print: () => ['receive ', this.bracedLines('{', '}', this.layoutList(entriesOfBlock, blockOpen + 1, end - 1, { blankLines: true, allowed: ',;', openerLine: true }))],
        });
        cursor = end;
        i = j;
      } else if (/^[\s,;]*receive\s*$/.test(gapText)) {
        const h = m.node as A.ActorHandler;
        entries.push({ start: receiveAt, end: h.end, separator: '', fallback: true, print: () => ['receive ', this.actorHandler(h)] });
        cursor = h.end;
        i++;
      } else throw FALLBACK;
    }
    parts.push(this.bracedLines('{', '}', this.layoutList(entries, open + 1, this.closingBrace(a), { blankLines: true, allowed: ',;', openerLine: true })));
    return parts;
  }

  private actorFieldEntry(f: A.FieldDecl): Entry {
    const state = f.name.start > f.start && this.text.startsWith('state', f.start);
    return { start: f.start, end: f.end, separator: ',', fallback: false, print: () => [state ? 'state ' : '', this.fieldDecl(f)] };
  }

  private actorHandler(h: A.ActorHandler): Doc {
    const parts: Doc[] = [h.message.name];
    let after = h.message.end;
    if (h.params.length > 0 || this.nextCharCode(h.message.end) === 40) {
      const from = this.text.indexOf('(', h.message.end) + 1;
      const to = this.findChar(')', h.params.length > 0 ? h.params[h.params.length - 1].end : from);
      if (to < 0) throw FALLBACK;
      parts.push(this.params(h.params, from, to));
      after = to + 1;
    }
    const arrow = stripBlanks(this.slice(after, h.body.start));
    if (arrow !== '=>' && arrow !== '->') throw FALLBACK;
    parts.push(' ', arrow, ' ', this.armBody(h.body));
    return parts;
  }

  private effectDecl(e: A.EffectDecl): Doc {
    const parts: Doc[] = this.attributesAndVisibility(e, e.visibility);
    parts.push('effect ', e.name.name, this.typeParams(e.typeParams), ' ');
    const open = this.findChar('{', e.typeParams.length > 0 ? e.typeParams[e.typeParams.length - 1].end : e.name.end);
    if (open < 0) throw FALLBACK;
    const entries: Entry[] = e.operations.map((op) => ({
      start: op.start,
      end: op.end,
      separator: '',
      fallback: true,
      print: () => {
        const keyword = this.text.startsWith('fun', op.start) ? 'fun' : this.text.startsWith('fn', op.start) ? 'fn' : '';
        return this.functionDecl(op, keyword);
      },
    }));
    parts.push(this.bracedLines('{', '}', this.layoutList(entries, open + 1, this.closingBrace(e), { blankLines: true, allowed: ',;', openerLine: true })));
    return parts;
  }

  // ------------------------------------------------------------ types, patterns, paths

  type(t: A.TypeNode): Doc {
    return this.leaf(typeText(t, this), t.start, t.end);
  }

  pattern(p: A.Pattern): Doc {
    return this.leaf(patternText(p, this), p.start, p.end);
  }

  /** An expression that must print on one line (array sizes in types): its text, or null. */
  flatExpr(e: A.Expr): string | null {
    try {
      const doc = this.expr(e);
      if (willBreak(doc)) return null;
      const printed = printDoc(doc, { width: Number.MAX_SAFE_INTEGER, indent: this.options.indent, eol: '\n' }).text;
      return /[\r\n]/.test(printed) ? null : printed;
    } catch (error) {
      if (error === FALLBACK) return null;
      throw error;
    }
  }

  sourceOf(node: A.Node): string {
    return this.slice(node.start, node.end);
  }

  private path(p: A.Path): Doc {
    return this.leaf(pathText(p, this), p.start, p.end);
  }

  // ------------------------------------------------------------ expressions

  /**
   * An expression. `flatOperators`: the operators of its operator tree must stay on one
   * line (see operatorChain).
   */
  private expr(e: A.Expr, context: { flatOperators?: boolean } = {}): Doc {
    switch (e.kind) {
      case 'IntLiteral':
      case 'FloatLiteral':
      case 'StringLiteral':
      case 'CharLiteral':
      case 'BoolLiteral':
      case 'FString':
        return this.rawSlice(e.start, e.end);
      case 'UnitLiteral':
        return this.leaf('()', e.start, e.end);
      case 'Identifier':
        return e.name;
      case 'SelfExpr':
        return 'self';
      case 'Path':
        return this.path(e);
      case 'UnaryExpr':
        return this.unary(e);
      case 'BinaryExpr':
      case 'PipelineExpr':
        return this.operatorChain(e, context.flatOperators === true);
      case 'AssignExpr': {
        const flat = context.flatOperators === true;
        const separator = endsWithBareJump(e.target) ? indent(this.beforeOperator(e.target, flat)) : ' ';
        return [this.expr(e.target, { flatOperators: flat }), separator, e.op, ' ', this.expr(e.value, { flatOperators: flat })];
      }
      case 'RangeExpr':
        return this.range(e, context.flatOperators === true);
      case 'CallExpr':
      case 'MethodCallExpr':
      case 'FieldExpr':
      case 'IndexExpr':
      case 'TryExpr':
        return this.postfixChain(e);
      case 'AwaitExpr':
        if (e.postfix) return this.postfixChain(e);
        return ['await ', this.expr(e.expr)];
      case 'CastExpr':
        return [this.expr(e.expr), ' as ', this.type(e.type)];
      case 'ParenExpr':
        return ['(', this.expr(e.expr), ')'];
      case 'TupleExpr':
        return this.commaList('(', ')', this.exprEntries(e.elements), e.start + 1, e.end - 1, { trailing: e.elements.length === 1 ? 'always' : 'break' });
      case 'ArrayExpr':
        return this.commaList('[', ']', this.exprEntries(e.elements), e.start + 1, e.end - 1, { hug: this.huggable(e.elements) });
      case 'ArrayRepeatExpr':
        return ['[', this.expr(e.value), '; ', this.expr(e.count), ']'];
      case 'ComprehensionExpr': {
        const parts: Doc[] = ['[', this.expr(e.element), ' for ', this.pattern(e.pattern), ' in ', this.expr(e.iterable)];
        if (e.condition !== null) parts.push(' if ', this.expr(e.condition));
        parts.push(']');
        return group(parts);
      }
      case 'ObjectExpr':
        return this.object(e);
      case 'StructExpr':
        return this.structLiteral(e);
      case 'BlockExpr':
        return this.block(e, 'broken');
      case 'IfExpr':
        return this.ifExpr(e);
      case 'LetCondition':
        return ['let ', this.pattern(e.pattern), ' = ', this.expr(e.value)];
      case 'MatchExpr':
        return this.match(e);
      case 'WhileExpr':
        return [this.label(e.label), 'while ', this.expr(e.condition), ' ', this.block(e.body, 'broken')];
      case 'ForExpr':
        return [this.label(e.label), 'for ', this.pattern(e.pattern), ' in ', this.expr(e.iterable), ' ', this.block(e.body, 'broken')];
      case 'LoopExpr':
        return [this.label(e.label), 'loop ', this.block(e.body, 'broken')];
      case 'BreakExpr': {
        const parts: Doc[] = ['break'];
        if (e.label !== null) parts.push(' ', this.labelText(e.label));
        if (e.value !== null) parts.push(' ', this.expr(e.value));
        return parts;
      }
      case 'ContinueExpr':
        return e.label === null ? 'continue' : ['continue ', this.labelText(e.label)];
      case 'ReturnExpr':
        return e.value === null ? 'return' : ['return ', this.expr(e.value)];
      case 'ClosureExpr':
        return this.closure(e);
      case 'MacroCall':
        return this.macroCall(e);
      case 'TryCatchExpr':
        return this.tryCatch(e);
      case 'ThrowExpr':
        return ['throw ', this.expr(e.value)];
      case 'AsyncBlockExpr': {
        const move = /^async\s+move\b/.test(this.slice(e.start, e.body.start));
        return [move ? 'async move ' : 'async ', this.block(e.body, 'broken')];
      }
      case 'SpawnExpr':
        return ['spawn ', this.expr(e.expr)];
      case 'LazyExpr':
        return ['lazy ', this.expr(e.expr)];
      case 'YieldExpr':
        return e.value === null ? 'yield' : ['yield ', this.expr(e.value)];
      case 'HandleExpr':
        return this.handle(e);
      case 'ErrorExpr':
        throw FALLBACK;
    }
  }

  private exprEntries(elements: readonly A.Expr[]): Entry[] {
    return elements.map((e) => ({ start: e.start, end: e.end, separator: ',', print: () => this.expr(e) }));
  }

  private label(label: A.Label | null): Doc {
    return label === null ? '' : [this.labelText(label), ': '];
  }

  private labelText(label: A.Label): string {
    return this.slice(label.start, label.end);
  }

  private unary(e: A.UnaryExpr): Doc {
    const operand = this.expr(e.operand);
    const op = e.op === '&mut' ? '&mut ' : e.op;
    // `- -x`, `* *p`: two operator characters would read as one token (`--`, `**`).
    const first = firstCharOf(e.operand, this.text);
    const glue = (e.op === '-' && first === '-') || (e.op === '*' && first === '*') || (e.op === '+' && first === '+') || (e.op === '&' && first === '&' && e.operand.kind !== 'UnaryExpr');
    return [op, glue ? ' ' : '', operand];
  }

  /**
   * `a + b - c` (one precedence level, left-associative; `**` to the right): on one line
   * if it fits, else broken before each operator, rustfmt-style. Looser operators around
   * it break first. `flat`: never break (a statement that begins with a block-like
   * expression would end at the line break).
   */
  private operatorChain(e: A.BinaryExpr | A.PipelineExpr, flat: boolean): Doc {
    const operands: A.Expr[] = [];
    /** The operator nodes, left to right: operator i stands between operands i and i+1. */
    const nodes: (A.BinaryExpr | A.PipelineExpr)[] = [];
    const level = operatorLevel(e);
    if (e.kind === 'BinaryExpr' && e.op === '**') {
      let node: A.Expr = e;
      while (node.kind === 'BinaryExpr' && node.op === '**') {
        operands.push(node.left);
        nodes.push(node);
        node = node.right;
      }
      operands.push(node);
    } else {
      let node: A.Expr = e;
      while ((node.kind === 'BinaryExpr' || node.kind === 'PipelineExpr') && operatorLevel(node) === level && !(node.kind === 'BinaryExpr' && node.op === '**')) {
        operands.push(node.right);
        nodes.push(node);
        node = node.left;
      }
      operands.push(node);
      operands.reverse();
      nodes.reverse();
    }
    const ops = nodes.map((n) => (n.kind === 'BinaryExpr' ? n.op : '|>'));
    const context = { flatOperators: flat };
    const first = this.expr(operands[0], context);
    // Comments at line ends before operators (`a > 0 // positive` then `&& b < 10`): one
    // operand per line, the comments after or above them. (A block comment within a line
    // keeps its statement verbatim.)
    let commented = false;
    for (let i = 0; i < nodes.length; i++) {
      if (this.hasCommentIn(operands[i].end, nodes[i].opStart) && this.hasNewline(operands[i].end, nodes[i].opStart)) commented = true;
    }
    if (commented) {
      if (flat) throw FALLBACK;
      const entries: Entry[] = nodes.map((node, i) => ({
        start: node.opStart,
        end: operands[i + 1].end,
        separator: '',
        print: () => [ops[i], ' ', this.expr(operands[i + 1], context)],
      }));
      const layout = this.layoutList(entries, operands[0].end, e.end, { blankLines: false, allowed: '', openerLine: true });
      return [first, layout.opener.length > 0 ? [' ', join(' ', layout.opener)] : '', indent([hardline, this.joinLines(layout.body)])];
    }
    const rest: Doc[] = [];
    for (let i = 0; i < ops.length; i++) {
      rest.push(this.beforeOperator(operands[i], flat), ops[i], ' ', this.expr(operands[i + 1], context));
    }
    if (flat) return [first, rest];
    return group([first, indent(rest)]);
  }

  /**
   * What separates an operand from the operator after it: a space, or a line break when
   * the group breaks. After a bare `return` (`break`, `yield`) the operator must stay on
   * the next line, or it would read as the start of the returned value.
   */
  private beforeOperator(left: A.Expr, flat: boolean): Doc {
    if (!endsWithBareJump(left)) return flat ? ' ' : line;
    if (flat) throw FALLBACK;
    return hardline;
  }

  private range(e: A.RangeExpr, flat: boolean): Doc {
    const from = e.from !== null ? e.from.end : e.start;
    const to = e.to !== null ? e.to.start : e.end;
    const op = this.slice(from, to).trim();
    if (op !== '..' && op !== '..=' && op !== '...') throw FALLBACK;
    const parts: Doc[] = [];
    if (e.from !== null) {
      parts.push(this.expr(e.from, { flatOperators: flat }));
      if (endsWithBareJump(e.from)) parts.push(indent(this.beforeOperator(e.from, flat)));
    }
    parts.push(op);
    if (e.to !== null) {
      const to = this.expr(e.to, { flatOperators: flat });
      // `a.. .b`? Nothing starts with `.`, but `..` then `=`... would glue: keep a space then.
      parts.push(op === '..' && firstCharOf(e.to, this.text) === '=' ? ' ' : '', to);
    }
    return parts;
  }

  /** The source's `=>` or `:` between an object key and its value. */
  private object(e: A.ObjectExpr): Doc {
    const entries: Entry[] = e.fields.map((f) => ({
      start: f.start,
      end: f.end,
      separator: ',',
      print: () => {
        if (f.kind === 'SpreadElement') return ['...', this.expr(f.expr)];
        const key = f.key.kind === 'Identifier' ? f.key.name : this.rawSlice(f.key.start, f.key.end);
        const colon = stripBlanks(this.withoutComments(f.key.end, f.value.start));
        if (colon !== ':' && colon !== '=>') throw FALLBACK;
        return [key, colon === ':' ? ': ' : ' => ', this.expr(f.value)];
      },
    }));
    return this.commaList('{', '}', entries, e.start + 1, e.end - 1, { padded: true });
  }

  private structLiteral(e: A.StructExpr): Doc {
    const entries: Entry[] = e.fields.map((f) => ({
      start: f.start,
      end: f.end,
      separator: ',',
      print: () => (f.value === null ? f.name.name : [f.name.name, ': ', this.expr(f.value)]),
    }));
    if (e.base !== null) {
      const base = e.base;
      const dots = this.text.lastIndexOf('..', base.start);
      entries.push({ start: dots, end: base.end, separator: '', print: () => ['..', this.expr(base)] });
    }
    const name = e.name.kind === 'Identifier' ? e.name.name : this.path(e.name);
    const open = this.findChar('{', e.name.end);
    if (open < 0) throw FALLBACK;
    const list = this.commaList('{', '}', entries, open + 1, e.end - 1, { padded: true, trailing: e.base !== null ? 'never' : 'break' });
    return [name, ' ', list];
  }

  /**
   * A postfix chain (`a.b(c).d()?[0]`): calls, fields, indexes, `?`, `.await`. With two
   * method calls or more it may break before each `.method()`, one per line.
   */
  private postfixChain(e: A.Expr): Doc {
    type Link = { node: A.Expr; breakable: boolean };
    const links: Link[] = [];
    let node: A.Expr = e;
    for (;;) {
      if (node.kind === 'MethodCallExpr') {
        links.push({ node, breakable: true });
        node = node.receiver;
      } else if (node.kind === 'FieldExpr') {
        links.push({ node, breakable: false });
        node = node.object;
      } else if (node.kind === 'AwaitExpr' && node.postfix) {
        links.push({ node, breakable: true });
        node = node.expr;
      } else if (node.kind === 'TryExpr') {
        links.push({ node, breakable: false });
        node = node.expr;
      } else if (node.kind === 'IndexExpr') {
        links.push({ node, breakable: false });
        node = node.object;
      } else if (node.kind === 'CallExpr') {
        links.push({ node, breakable: false });
        node = node.callee;
      } else break;
    }
    links.reverse();
    const root = this.expr(node);
    const calls = links.filter((l) => l.node.kind === 'MethodCallExpr').length;
    // Where each breakable link begins (its `.`), and whether a comment sits before one.
    const starts = links.map((l) => (l.breakable ? this.firstCodeChar(linkBase(l.node).end) : -1));
    let commented = false;
    for (let i = 0; i < links.length; i++) {
      if (links[i].breakable && this.hasCommentIn(linkBase(links[i].node).end, starts[i])) commented = true;
    }
    // Segments: each breakable link starts one; the others stick to the one before.
    const head: Doc[] = [root];
    const segments: { start: number; end: number; docs: Doc[] }[] = [];
    const split = calls >= 2 || commented;
    let lastBreakable = -1;
    for (let i = 0; i < links.length; i++) if (links[i].breakable) lastBreakable = i;
    for (let i = 0; i < links.length; i++) {
      const link = links[i];
      const doc = this.link(link.node, i >= lastBreakable);
      if (link.breakable && split) segments.push({ start: starts[i], end: link.node.end, docs: [doc] });
      else if (segments.length > 0) {
        const segment = segments[segments.length - 1];
        segment.docs.push(doc);
        segment.end = link.node.end;
      } else head.push(doc);
    }
    if (segments.length === 0) return head;
    if (commented) {
      // One `.method()` per line, comments after or above them.
      const headEnd = linkBase(links[links.findIndex((l) => l.breakable)].node).end;
      const entries: Entry[] = segments.map((segment) => ({ start: segment.start, end: segment.end, separator: '', print: () => segment.docs }));
      const layout = this.layoutList(entries, headEnd, e.end, { blankLines: false, allowed: '', openerLine: true });
      return [head, layout.opener.length > 0 ? [' ', join(' ', layout.opener)] : '', indent([hardline, this.joinLines(layout.body)])];
    }
    const docs = segments.map((segment) => segment.docs);
    if (docs.length === 1) return [head, docs[0]];
    // On one line if it fits (a last closure may still break: `.map(|x| {`), else one
    // `.method()` per line.
    return conditionalGroup([[head, docs], [head, indent(docs.map((d) => [hardline, d]))]]);
  }

  /** The first offset at or after `from` that is neither blank nor inside a comment. */
  private firstCodeChar(from: number): number {
    let ci = this.commentIndex(from);
    let i = from;
    while (i < this.text.length) {
      if (ci < this.comments.length && this.comments[ci].start === i) {
        i = this.comments[ci].end;
        ci++;
        continue;
      }
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return i;
      i++;
    }
    return i;
  }

  private link(node: A.Expr, last: boolean): Doc {
    switch (node.kind) {
      case 'MethodCallExpr': {
        // `x?` then `.m()` would print as `x?.m()`, which reads as an optional call.
        if (!node.optional && node.receiver.kind === 'TryExpr') throw FALLBACK;
        const parts: Doc[] = [node.optional ? '?.' : '.', node.method.name];
        if (node.typeArgs !== null) parts.push(this.leaf(`::<${node.typeArgs.map((t) => typeText(t, this) ?? '\u0000').join(', ')}>`, node.method.end, node.openParen));
        parts.push(this.arguments(node.args, node.openParen + 1, node.closeParen));
        return parts;
      }
      case 'FieldExpr':
        // Likewise `0` then `.0` would print as the float `0.0`.
        if (!node.optional && (node.object.kind === 'TryExpr' || node.object.kind === 'IntLiteral' || node.object.kind === 'FloatLiteral')) throw FALLBACK;
        return [node.optional ? '?.' : '.', node.field.name];
      case 'AwaitExpr': {
        // `x?.await` reads as `x.await`: keep the source's `?.`.
        const dots = stripBlanks(this.withoutComments(node.expr.end, node.end));
        if (dots !== '.await' && dots !== '?.await') throw FALLBACK;
        return dots;
      }
      case 'TryExpr':
        return '?';
      case 'IndexExpr':
        return ['[', this.expr(node.index), ']'];
      case 'CallExpr':
        return this.arguments(node.args, node.openParen + 1, node.closeParen);
      default:
        throw FALLBACK;
    }
  }

  /** Call arguments; the last one may be hugged (`f(a, |x| {` ... `})`). */
  private arguments(args: readonly A.Expr[], from: number, to: number): Doc {
    return this.commaList('(', ')', this.exprEntries(args), from, to, { hug: this.huggable(args) });
  }

  /** Whether the last element may break on its own while the others stay on the line. */
  private huggable(elements: readonly A.Expr[]): boolean {
    const last = elements[elements.length - 1];
    if (last === undefined || this.hasCommentIn(elements[0].start, last.end)) return false;
    switch (last.kind) {
      case 'ClosureExpr':
        return last.body.kind === 'BlockExpr';
      case 'StructExpr':
        return last.fields.length + (last.base !== null ? 1 : 0) > 0;
      case 'ObjectExpr':
        return last.fields.length > 0;
      case 'MatchExpr':
      case 'BlockExpr':
        return true;
      default:
        return false;
    }
  }

  private macroCall(m: A.MacroCall): Doc {
    if (m.tokens !== null) return this.rawSlice(m.start, m.end);
    const open = this.findChar(m.delimiter, m.name.end);
    if (open < 0) throw FALLBACK;
    const close = m.end - 1;
    const entries: Entry[] = m.args.map((arg) => ({
      start: arg.start,
      end: arg.end,
      separator: ',',
      print: (): Doc => {
        if (arg.kind === 'MacroArgPair') return [this.expr(arg.key), ' => ', this.expr(arg.value)];
        // `vec![x; n]`: the macro's own `;` form (no brackets of its own).
        if (arg.kind === 'ArrayRepeatExpr' && arg.start === arg.value.start) return [this.expr(arg.value), '; ', this.expr(arg.count)];
        return this.expr(arg as A.Expr);
      },
    }));
    const closer = m.delimiter === '(' ? ')' : m.delimiter === '[' ? ']' : '}';
    const exprArgs = m.args.filter((a): a is A.Expr => a.kind !== 'MacroArgPair');
    const hug = exprArgs.length === m.args.length && !(m.args.length > 0 && m.args[m.args.length - 1].kind === 'ArrayRepeatExpr') ? this.huggable(exprArgs) : false;
    const list = this.commaList(m.delimiter, closer, entries, open + 1, close, { padded: m.delimiter === '{', hug });
    return [m.name.name, '!', m.delimiter === '{' ? ' ' : '', list];
  }

  // ------------------------------------------------------------ blocks and control flow

  /**
   * A block. 'broken': statements on their own lines. 'flat': `{ expr }` on one line when
   * it holds one expression without `;` and fits.
   */
  private block(b: A.BlockExpr, style: 'broken' | 'flat'): Doc {
    const label = this.label(b.label);
    const open = b.label !== null ? this.findChar('{', b.label.end) : b.start;
    const single = style === 'flat' ? this.singleExpression(b) : null;
    if (single !== null) {
      return [label, group(['{', indent([line, this.stmt(single)]), line, '}'])];
    }
    const layout = this.stmtLayout(b.stmts, open + 1, b.end - 1);
    return [label, this.bracedLines('{', '}', layout)];
  }

  /** The one expression of a block that may print as `{ expr }`, or null. */
  private singleExpression(b: A.BlockExpr): A.ExprStmt | null {
    if (b.label !== null || b.stmts.length !== 1) return null;
    const stmt = b.stmts[0];
    if (stmt.kind !== 'ExprStmt' || stmt.semicolon || BLOCK_LIKE.has(stmt.expr.kind)) return null;
    if (this.hasCommentIn(b.start, b.end)) return null;
    return stmt;
  }

  private ifExpr(e: A.IfExpr): Doc {
    // On one line (`if a { 1 } else { 2 }`) only with an `else`, when every branch is
    // one expression (without `;`) and the whole fits.
    let flat = true;
    {
      let node: A.IfExpr | A.BlockExpr | null = e;
      while (node !== null && node.kind === 'IfExpr') {
        if (this.singleExpression(node.then) === null) flat = false;
        node = node.else;
      }
      if (node === null || this.singleExpression(node) === null) flat = false;
    }
    const parts: Doc[] = [];
    let node: A.IfExpr | A.BlockExpr | null = e;
    let first = true;
    while (node !== null) {
      if (node.kind === 'BlockExpr') {
        parts.push(' else ', this.ifBranch(node, flat));
        break;
      }
      if (!first) parts.push(' else ');
      parts.push('if ', this.expr(node.condition), ' ', this.ifBranch(node.then, flat));
      first = false;
      node = node.else;
    }
    return flat ? group(parts) : parts;
  }

  private ifBranch(b: A.BlockExpr, flat: boolean): Doc {
    if (!flat) return this.block(b, 'broken');
    const single = this.singleExpression(b)!;
    return ['{', indent([line, this.stmt(single)]), line, '}'];
  }

  private match(e: A.MatchExpr): Doc {
    const open = this.findChar('{', e.scrutinee.end);
    if (open < 0) throw FALLBACK;
    const entries: Entry[] = e.arms.map((arm, i) => ({
      start: arm.start,
      end: arm.end,
      separator: arm.body.kind === 'BlockExpr' && !this.continuesExpression(e.arms[i + 1]?.pattern) ? '' : ',',
      print: () => this.arm(arm),
    }));
    const layout = this.layoutList(entries, open + 1, e.end - 1, { blankLines: true, allowed: ',', openerLine: true });
    return ['match ', this.expr(e.scrutinee), ' ', this.bracedLines('{', '}', layout)];
  }

  /**
   * Whether a pattern begins with a token that, after a block on the line before, would
   * continue that block as an operand (`}` then `-1 =>` reads `{...} - 1`): the arm
   * before it keeps its comma.
   */
  private continuesExpression(pattern: A.Pattern | undefined): boolean {
    if (pattern === undefined) return false;
    const c = this.text[pattern.start];
    return c === '-' || c === '&' || c === '|' || c === '.';
  }

  private arm(arm: A.MatchArm): Doc {
    const parts: Doc[] = [this.pattern(arm.pattern)];
    if (arm.guard !== null) parts.push(' if ', this.expr(arm.guard));
    parts.push(' => ', this.armBody(arm.body));
    return parts;
  }

  private armBody(body: A.Expr): Doc {
    if (body.kind === 'BlockExpr') return this.block(body, 'flat');
    return this.expr(body);
  }

  private closure(e: A.ClosureExpr): Doc {
    const parts: Doc[] = [];
    if (e.isAsync) parts.push('async ');
    if (e.isMove) parts.push('move ');
    // `|x| ...` or the anonymous-function form `fun(x) ...`.
    let i = e.start;
    if (e.isAsync) i = this.text.indexOf('async', i) + 5;
    if (e.isMove) i = this.text.indexOf('move', i) + 4;
    while (/\s/.test(this.text[i] ?? '')) i++;
    const funForm = this.text.startsWith('fun', i) || this.text.startsWith('fn', i);
    let paramsEnd: number;
    if (funForm) {
      const keyword = this.text.startsWith('fun', i) ? 'fun' : 'fn';
      const from = this.text.indexOf('(', i) + 1;
      const to = this.findChar(')', e.params.length > 0 ? e.params[e.params.length - 1].end : from);
      if (to < 0) throw FALLBACK;
      parts.push(keyword, this.params(e.params, from, to));
      paramsEnd = to + 1;
    } else if (e.params.length === 0) {
      parts.push('||');
      paramsEnd = this.text.startsWith('||', i) ? i + 2 : this.text.indexOf('|', i + 1) + 1;
      this.checkGap(i + 1, paramsEnd - 1, '|');
    } else {
      const docs = e.params.map((p) => {
        const d: Doc[] = [this.pattern(p.pattern)];
        if (p.type !== null) d.push(': ', this.type(p.type));
        return d;
      });
      let cursor = i + 1;
      for (const p of e.params) {
        this.checkGap(cursor, p.start, ',');
        cursor = p.end;
      }
      const close = this.findChar('|', cursor);
      if (close < 0) throw FALLBACK;
      this.checkGap(cursor, close, ',');
      parts.push('|', join(', ', docs), '|');
      paramsEnd = close + 1;
    }
    if (e.returnType !== null) {
      parts.push(' -> ', this.type(e.returnType));
      paramsEnd = e.returnType.end;
    }
    if (this.hasCommentIn(paramsEnd, e.body.start)) throw FALLBACK;
    parts.push(' ');
    if (e.body.kind === 'BlockExpr') parts.push(this.block(e.body, 'flat'));
    else parts.push(this.expr(e.body));
    return parts;
  }

  private tryCatch(e: A.TryCatchExpr): Doc {
    const parts: Doc[] = ['try ', this.block(e.body, 'broken')];
    if (e.catchBody !== null) {
      const header = this.slice(e.body.end, e.catchBody.start).trim();
      if (this.hasCommentIn(e.body.end, e.catchBody.start) || !header.startsWith('catch') || /[\r\n]/.test(header)) throw FALLBACK;
      const rest = header.slice(5).trim();
      parts.push(' catch ', rest === '' ? '' : [rest.replace(/\s+/g, ' '), ' '], this.block(e.catchBody, 'broken'));
    }
    if (e.finallyBody !== null) {
      const after = e.catchBody !== null ? e.catchBody.end : e.body.end;
      if (stripBlanks(this.slice(after, e.finallyBody.start)) !== 'finally') throw FALLBACK;
      parts.push(' finally ', this.block(e.finallyBody, 'broken'));
    }
    return parts;
  }

  private handle(e: A.HandleExpr): Doc {
    const withAt = this.text.indexOf('with', e.expr.end);
    const open = this.findChar('{', withAt);
    if (withAt < 0 || open < 0 || stripBlanks(this.slice(e.expr.end, open)) !== 'with') throw FALLBACK;
    // (A case begins with a name or `return`, which cannot continue a block before it.)
    const entries: Entry[] = e.cases.map((c) => ({
      start: c.start,
      end: c.end,
      separator: c.body.kind === 'BlockExpr' ? '' : ',',
      print: () => {
        const parts: Doc[] = [c.operation.kind === 'Identifier' ? c.operation.name : this.path(c.operation)];
        if (c.params.length > 0 || this.nextCharCode(c.operation.end) === 40) {
          const from = this.text.indexOf('(', c.operation.end) + 1;
          const to = this.findChar(')', c.params.length > 0 ? c.params[c.params.length - 1].end : from);
          if (to < 0) throw FALLBACK;
          parts.push(this.commaList('(', ')', c.params.map((p) => ({ start: p.start, end: p.end, separator: ',', print: () => this.pattern(p) })), from, to));
        }
        parts.push(' => ', this.armBody(c.body));
        return parts;
      },
    }));
    const layout = this.layoutList(entries, open + 1, e.end - 1, { blankLines: true, allowed: ',', openerLine: true });
    return ['handle ', this.expr(e.expr), ' with ', this.bracedLines('{', '}', layout)];
  }
}

/** The same document with its last group broken: `|x| { ... }` as a hugged last argument. */
function expandLast(doc: Doc): Doc {
  if (Array.isArray(doc)) {
    if (doc.length === 0) return doc;
    const copy = doc.slice();
    copy[copy.length - 1] = expandLast(copy[copy.length - 1]);
    return copy;
  }
  if (typeof doc === 'object' && doc.kind === 'group' && doc.expanded === null) return { ...doc, break: true, pass: 0, simple: false };
  return doc;
}

// ---------------------------------------------------------------- canonical text of leaves

function stripBlanks(text: string): string {
  return text.replace(/\s+/g, '');
}

/** The expression a postfix link applies to. */
function linkBase(node: A.Expr): A.Expr {
  switch (node.kind) {
    case 'MethodCallExpr':
      return node.receiver;
    case 'FieldExpr':
    case 'IndexExpr':
      return node.object;
    case 'CallExpr':
      return node.callee;
    case 'AwaitExpr':
    case 'TryExpr':
      return node.expr;
    default:
      return node;
  }
}

/** Whether an expression ends with `return`, `break` or `yield` without a value. */
function endsWithBareJump(e: A.Expr): boolean {
  let node: A.Expr | null = e;
  while (node !== null) {
    switch (node.kind) {
      case 'ReturnExpr':
      case 'YieldExpr':
      case 'BreakExpr':
        if (node.value === null) return true;
        node = node.value;
        break;
      case 'BinaryExpr':
      case 'PipelineExpr':
        node = node.right;
        break;
      case 'AssignExpr':
        node = node.value;
        break;
      case 'RangeExpr':
        node = node.to;
        break;
      case 'UnaryExpr':
        node = node.operand;
        break;
      case 'AwaitExpr':
        if (node.postfix) return false;
        node = node.expr;
        break;
      case 'SpawnExpr':
      case 'LazyExpr':
        node = node.expr;
        break;
      case 'ThrowExpr':
        node = node.value;
        break;
      case 'ClosureExpr':
        node = node.body;
        break;
      default:
        return false;
    }
  }
  return false;
}

/** The operator tree a statement's expression starts with: its leftmost operand. */
function leftmostOperand(e: A.Expr): A.Expr {
  let node = e;
  for (;;) {
    if (node.kind === 'BinaryExpr' || node.kind === 'PipelineExpr') node = node.left;
    else if (node.kind === 'AssignExpr') node = node.target;
    else if (node.kind === 'RangeExpr' && node.from !== null) node = node.from;
    else return node;
  }
}

const LEVELS: Record<string, number> = {
  '|>': 2, '<-': 3, '<?': 3, '||': 5, '??': 6, '&&': 7, '==': 8, '!=': 8, '<': 9, '>': 9, '<=': 9, '>=': 9,
  '|': 10, '^': 11, '&': 12, '<<': 13, '>>': 13, '+': 14, '-': 14, '*': 15, '/': 15, '%': 15, '**': 16,
};

function operatorLevel(e: A.BinaryExpr | A.PipelineExpr): number {
  return LEVELS[e.kind === 'PipelineExpr' ? '|>' : e.op];
}

/** The first source character of an expression. */
function firstCharOf(e: A.Expr, text: string): string {
  return text[e.start] ?? '';
}

interface Leaves {
  flatExpr(e: A.Expr): string | null;
  sourceOf(node: A.Node): string;
}

function all(parts: (string | null)[]): string[] | null {
  return parts.includes(null) ? null : (parts as string[]);
}

export function typeText(t: A.TypeNode, leaves: Leaves): string | null {
  switch (t.kind) {
    case 'NamedType': {
      const name = t.path.map((p) => p.name).join('::');
      if (t.args.length === 0) return name;
      const args = all(t.args.map((a) => typeText(a, leaves)));
      return args === null ? null : `${name}<${args.join(', ')}>`;
    }
    case 'TupleType': {
      const elements = all(t.elements.map((a) => typeText(a, leaves)));
      return elements === null ? null : `(${elements.join(', ')}${elements.length === 1 ? ',' : ''})`;
    }
    case 'ArrayType': {
      const element = typeText(t.element, leaves);
      if (element === null) return null;
      if (t.size === null) return `[${element}]`;
      const size = leaves.flatExpr(t.size);
      return size === null ? null : `[${element}; ${size}]`;
    }
    case 'RefType': {
      const target = typeText(t.target, leaves);
      return target === null ? null : `&${t.lifetime !== null ? `${t.lifetime} ` : ''}${t.mutable ? 'mut ' : ''}${target}`;
    }
    case 'FnType': {
      const params = all(t.params.map((a) => typeText(a, leaves)));
      const ret = t.returnType === null ? '' : typeText(t.returnType, leaves);
      if (params === null || ret === null) return null;
      const arrow = t.returnType === null ? '' : ` -> ${ret}`;
      if (t.style === 'closure') return `|${params.join(', ')}|${arrow}`;
      return `${t.style === 'trait' ? t.name : 'fn'}(${params.join(', ')})${arrow}`;
    }
    case 'ImplTraitType': {
      const bounds = all(t.bounds.map((a) => typeText(a, leaves)));
      return bounds === null ? null : `${t.style} ${bounds.join(' + ')}`;
    }
    case 'InferType':
      return '_';
    case 'NeverType':
      return '!';
    case 'ErrorType':
      return null;
  }
}

function typeParamText(p: A.TypeParam, leaves: Leaves): string | null {
  if (p.isLifetime) return p.bounds.length === 0 ? p.name.name : null;
  if (p.constType !== null) {
    const type = typeText(p.constType, leaves);
    return type === null ? null : `const ${p.name.name}: ${type}`;
  }
  const bounds = all(p.bounds.map((b) => typeText(b, leaves)));
  const def = p.default === null ? '' : typeText(p.default, leaves);
  if (bounds === null || def === null) return null;
  return `${p.name.name}${bounds.length > 0 ? `: ${bounds.join(' + ')}` : ''}${p.default !== null ? ` = ${def}` : ''}`;
}

function wherePredicateText(p: A.WherePredicate, leaves: Leaves): string | null {
  const target = typeText(p.target, leaves);
  const bounds = all(p.bounds.map((b) => typeText(b, leaves)));
  return target === null || bounds === null ? null : `${target}: ${bounds.join(' + ')}`;
}

export function pathText(p: A.Path, leaves: Leaves): string | null {
  const segments: string[] = [];
  for (const s of p.segments) {
    if (s.typeArgs === null) segments.push(s.name.name);
    else {
      const args = all(s.typeArgs.map((t) => typeText(t, leaves)));
      if (args === null) return null;
      segments.push(`${s.name.name}::<${args.join(', ')}>`);
    }
  }
  return segments.join('::');
}

export function patternText(p: A.Pattern, leaves: Leaves): string | null {
  switch (p.kind) {
    case 'WildcardPattern':
      return '_';
    case 'IdentPattern': {
      const sub = p.subpattern === null ? '' : patternText(p.subpattern, leaves);
      if (sub === null) return null;
      return `${p.byRef ? 'ref ' : ''}${p.mutable ? 'mut ' : ''}${p.name.name}${p.subpattern !== null ? ` @ ${sub}` : ''}`;
    }
    case 'LiteralPattern':
      if (p.value.kind === 'UnaryExpr') return `-${leaves.sourceOf(p.value.operand)}`;
      if (p.value.kind === 'UnitLiteral') return '()';
      return leaves.sourceOf(p.value);
    case 'RangePattern': {
      const low = p.low === null ? '' : patternText(p.low, leaves);
      const high = p.high === null ? '' : patternText(p.high, leaves);
      if (low === null || high === null) return null;
      return `${low}${p.inclusive ? '..=' : '..'}${high}`;
    }
    case 'TuplePattern': {
      const elements = all(p.elements.map((e) => patternText(e, leaves)));
      return elements === null ? null : `(${elements.join(', ')}${elements.length === 1 ? ',' : ''})`;
    }
    case 'ArrayPattern': {
      const elements = all(p.elements.map((e) => patternText(e, leaves)));
      return elements === null ? null : `[${elements.join(', ')}]`;
    }
    case 'StructPattern': {
      const path = pathText(p.path, leaves);
      const fields = all(p.fields.map((f) => {
        if (f.pattern === null) return f.name.name;
        const inner = patternText(f.pattern, leaves);
        return inner === null ? null : `${f.name.name}: ${inner}`;
      }));
      if (path === null || fields === null) return null;
      const items = p.hasRest ? [...fields, '..'] : fields;
      return items.length === 0 ? `${path} {}` : `${path} { ${items.join(', ')} }`;
    }
    case 'TupleStructPattern': {
      const path = pathText(p.path, leaves);
      const elements = all(p.elements.map((e) => patternText(e, leaves)));
      return path === null || elements === null ? null : `${path}(${elements.join(', ')})`;
    }
    case 'PathPattern':
      return pathText(p.path, leaves);
    case 'OrPattern': {
      const alternatives = all(p.alternatives.map((e) => patternText(e, leaves)));
      return alternatives === null ? null : alternatives.join(' | ');
    }
    case 'RefPattern': {
      const inner = patternText(p.pattern, leaves);
      return inner === null ? null : `&${p.mutable ? 'mut ' : ''}${inner}`;
    }
    case 'RestPattern':
      return p.binding === null ? '..' : `${p.binding.name} @ ..`;
    case 'ErrorPattern':
      return null;
  }
}

function useTreeText(t: A.UseTree): string {
  let text = t.path.map((p) => p.name).join('::');
  if (t.children !== null) text += `${text !== '' ? '::' : ''}{${t.children.map(useTreeText).join(', ')}}`;
  if (t.glob) text += `${text !== '' ? '::' : ''}*`;
  if (t.alias !== null) text += ` as ${t.alias.name}`;
  return text;
}

