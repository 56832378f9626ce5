// One version of one file, split into top-level items.
//
// A file is cut into regions, one per top-level statement: a region runs from the end
// of the previous statement to the end of its own (so it holds the item's doc comment
// and attributes), the first from offset 0, the last to the end of the text. Each item
// keeps its tree, comments and syntax diagnostics with offsets relative to its region,
// so an edit elsewhere never touches it: after an edit only the regions around the
// change are parsed again, and an item whose text did not change keeps its record (and,
// one layer up, its analysis). A DocumentState is immutable; an edit makes a new one.

import { dedupeDiagnostics, hasUnclosedBrace, parse, parseSteps, type ParseResult } from '../../grammar/parse.js';
import { Codes, renderPositionedMessage } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import { LineIndex } from '../syntax/positions.js';
import { shiftTree } from '../syntax/shift.js';
import { runToEnd, type Steps } from './slices.js';

let nextItemId = 1;

/** A top-level item: immutable once made, shared by every document version it survives in. */
export interface ItemRecord {
  /** Unique for this parse of this text; a record reused across versions keeps its id. */
  readonly id: number;
  /** The region's text: leading trivia and the statement. */
  readonly text: string;
  /** The statement, offsets relative to the region; null only for an empty file or trailing trivia. */
  readonly stmt: A.Stmt | null;
  readonly comments: readonly A.Comment[];
  /** Syntax diagnostics inside the region, relative to it. */
  readonly diagnostics: readonly Diagnostic[];
  /** Parsed with indentation recovery (an unclosed `{` nearby when it was parsed). */
  readonly indentationRecovery: boolean;
}

/** A text edit in offsets of the text it applies to. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export class DocumentState {
  private lineIndexCache: LineIndex | null = null;
  private fullParseCache: ParseResult | null = null;
  private diagnosticsCache: Diagnostic[] | null = null;

  private constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    readonly items: readonly ItemRecord[],
    /** Absolute start offset of each item's region. */
    readonly offsets: readonly number[],
    /** How this state was made, for tests and benchmarks. */
    readonly reparsed: { items: number; full: boolean },
    /** Some items were parsed with indentation recovery (the file has, or had, an unclosed `{`). */
    readonly indentationRecovery: boolean,
  ) {}

  static create(uri: string, version: number, text: string, previous?: DocumentState): DocumentState {
    return runToEnd(DocumentState.createSteps(uri, version, text, previous));
  }

  /** create() as steps: a large text is parsed in chunks, yielding between them (see slices.ts). */
  static *createSteps(uri: string, version: number, text: string, previous?: DocumentState): Steps<DocumentState> {
    const parsed = yield* parseSteps(text);
    const { items, offsets } = yield* itemsFromParse(text, parsed, previous?.items ?? []);
    return new DocumentState(uri, version, text, items, offsets, { items: items.length, full: true }, parsed.indentationRecovery);
  }

  get lineIndex(): LineIndex {
    this.lineIndexCache ??= new LineIndex(this.text);
    return this.lineIndexCache;
  }

  /** Syntax diagnostics of the whole file, absolute offsets. */
  get syntaxDiagnostics(): readonly Diagnostic[] {
    if (this.diagnosticsCache === null) {
      const out: Diagnostic[] = [];
      const describe = (offset: number) => this.lineIndex.describe(offset);
      this.items.forEach((item, i) => {
        for (const d of item.diagnostics) out.push(renderPositionedMessage(shiftDiagnostic(d, this.offsets[i]), describe));
      });
      this.diagnosticsCache = dedupeDiagnostics(out);
    }
    return this.diagnosticsCache;
  }

  /** The whole file parsed at once with absolute offsets (for the formatter and the compiler). */
  fullParse(): ParseResult {
    this.fullParseCache ??= parse(this.text);
    return this.fullParseCache;
  }

  /** Index of the item whose region contains `offset` (the last region owns the end of the text). */
  itemIndexAt(offset: number): number {
    const offsets = this.offsets;
    let low = 0;
    let high = offsets.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (offsets[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Applies edits (each in offsets of the text produced by the edits before it). */
  withEdits(edits: readonly TextEdit[], version: number): DocumentState {
    let state: DocumentState = this;
    for (const edit of edits) state = state.applyEdit(edit, version);
    return state;
  }

  /** Replaces the whole text; unchanged items are still reused. */
  withText(text: string, version: number): DocumentState {
    return runToEnd(this.withTextSteps(text, version));
  }

  /** withText() as steps (see createSteps). */
  *withTextSteps(text: string, version: number): Steps<DocumentState> {
    if (text === this.text) return new DocumentState(this.uri, version, text, this.items, this.offsets, { items: 0, full: false }, this.indentationRecovery);
    return yield* DocumentState.createSteps(this.uri, version, text, this);
  }

  private applyEdit(edit: TextEdit, version: number): DocumentState {
    const start = clamp(edit.start, 0, this.text.length);
    const end = clamp(edit.end, start, this.text.length);
    const text = this.text.slice(0, start) + edit.text + this.text.slice(end);
    const delta = edit.text.length - (end - start);
    if (this.items.length === 0 || changesLexicalContext(this.text.slice(start, end)) || changesLexicalContext(edit.text)) {
      return DocumentState.create(this.uri, version, text, this);
    }

    // Parse again the regions touched by the edit, the region before them (a diagnostic
    // at a boundary belongs to the statement before it) and the region after them as
    // context: that last one keeps its record if the parse still starts it where it was.
    let first = Math.max(0, this.itemIndexAt(start) - 1);
    // A statement whose syntax error reaches into the next region (`||` then `impl`) was
    // parsed with the text after it: that text changing may change it too.
    while (first > 0 && this.items[first - 1].diagnostics.some((d) => d.end > this.items[first - 1].text.length)) first--;
    const last = this.itemIndexAt(end);
    const context = last + 1 < this.items.length ? last + 1 : -1;
    const windowLast = context >= 0 ? context : last;
    const windowStart = this.offsets[first];
    const oldWindowEnd = windowLast + 1 < this.items.length ? this.offsets[windowLast + 1] : this.text.length;
    const windowText = text.slice(windowStart, oldWindowEnd + delta);
    // A window that leaves a `{` unclosed is parsed again with indentation recovery, which
    // closes the block where the indentation says it ends: typing inside one function
    // rarely needs more than that function's region. Only when recovery cannot keep the
    // damage inside the window is the file parsed whole.
    let parsed = parse(windowText, { indentationRecovery: false });
    if (hasUnclosedBrace(parsed.diagnostics)) {
      // A stray `}` further down may be what closes this brace in a whole parse: then only
      // the whole file can say how the text reads. (Other errors cannot close a brace.)
      const strayCloser = (item: ItemRecord) => item.diagnostics.some((d) => d.code === Codes.UnexpectedCloser.code);
      if (this.items.slice(first).some(strayCloser)) return DocumentState.create(this.uri, version, text, this);
      parsed = parse(windowText, { indentationRecovery: true });
    }
    if (!parseStaysInside(parsed, windowText)) return DocumentState.create(this.uri, version, text, this);

    // The context item is not a candidate inside the window: it keeps its place at the end,
    // and a record must not appear twice in one document (`x; y` + `y` before it).
    const reusable = this.items.slice(first, last + 1);
    const window = runToEnd(itemsFromParse(windowText, parsed, reusable));
    if (context >= 0) {
      const expectedStart = this.offsets[context] + delta - windowStart;
      const lastIndex = window.items.length - 1;
      if (window.offsets[lastIndex] !== expectedStart || window.items[lastIndex].text !== this.items[context].text) {
        // The edit changed where the next statement starts: the regions after it may move too.
        return DocumentState.create(this.uri, version, text, this);
      }
      window.items[lastIndex] = this.items[context];
    }
    const items = [...this.items.slice(0, first), ...window.items, ...this.items.slice(windowLast + 1)];
    const offsets = [
      ...this.offsets.slice(0, first),
      ...window.offsets.map((o) => o + windowStart),
      ...this.offsets.slice(windowLast + 1).map((o) => o + delta),
    ];
    const recovering = items.some((item) => item.indentationRecovery);
    // Once the file is free of syntax errors again, regions parsed in recovery mode are
    // parsed normally (a badly indented but valid nested item reads differently in that mode).
    if (recovering && items.every((item) => item.diagnostics.every((d) => d.severity !== 'error'))) {
      return DocumentState.create(this.uri, version, text, this);
    }
    const reparsed = window.items.filter((item) => !reusable.includes(item) && (context < 0 || item !== this.items[context])).length;
    return new DocumentState(this.uri, version, text, items, offsets, { items: reparsed, full: false }, recovering);
  }
}

/**
 * Text whose insertion or removal can change how distant text is lexed: a quote can
 * turn the rest of a line, or a multi-line run, into a string; comment delimiters can
 * open or close a comment. Such edits re-parse the whole file.
 */
function changesLexicalContext(text: string): boolean {
  return text.includes('"') || text.includes('/*') || text.includes('*/') || text.includes("'");
}

/**
 * Whether a window's parse is self-contained: a construct still open where the window's
 * content ends (a block, a string, a comment) would continue into the next region, so
 * the file must be parsed whole instead. Errors that recovery closed earlier are local.
 */
function parseStaysInside(parsed: ParseResult, windowText: string): boolean {
  const contentEnd = windowText.trimEnd().length;
  for (const d of parsed.diagnostics) {
    switch (d.code) {
      case Codes.UnclosedDelimiter.code:
      case Codes.UnterminatedString.code:
      case Codes.UnterminatedComment.code:
        if (d.end >= contentEnd || d.code === Codes.UnterminatedComment.code) return false;
        break;
      case Codes.NestingTooDeep.code:
      case Codes.InternalParserError.code:
        return false;
      default:
        break;
    }
  }
  return true;
}

/** How many items itemsFromParse makes between two yields. */
const ITEMS_PER_STEP = 64;

/** Cuts a parse of `text` into item regions, reusing any previous record with the same text. */
function* itemsFromParse(text: string, parsed: ParseResult, previous: readonly ItemRecord[]): Steps<{ items: ItemRecord[]; offsets: number[] }> {
  const stmts = parsed.ast.stmts;
  const byText = new Map<string, ItemRecord>();
  for (const item of previous) if (!byText.has(item.text)) byText.set(item.text, item);

  const bounds: number[] = [0];
  for (let i = 0; i + 1 < stmts.length; i++) bounds.push(stmts[i].end);
  bounds.push(text.length);

  const items: ItemRecord[] = [];
  const offsets: number[] = [];
  const regionCount = Math.max(1, stmts.length);
  let d = 0;
  let c = 0;
  const diagnostics = parsed.diagnostics;
  const comments = parsed.ast.comments;
  for (let i = 0; i < regionCount; i++) {
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    const start = bounds[i];
    const end = i + 1 < bounds.length ? bounds[i + 1] : text.length;
    const regionText = text.slice(start, end);
    const isLast = i === regionCount - 1;
    const regionDiagnostics: Diagnostic[] = [];
    // A diagnostic at a boundary (a missing `;` between two statements) belongs to the
    // statement before it: re-parsing either neighbour re-parses that one too.
    while (d < diagnostics.length && (diagnostics[d].start <= end || isLast)) {
      regionDiagnostics.push(shiftDiagnostic(diagnostics[d], -start));
      d++;
    }
    const regionComments: A.Comment[] = [];
    while (c < comments.length && (comments[c].start < end || isLast)) {
      const comment = { ...comments[c], start: comments[c].start - start, end: comments[c].end - start };
      regionComments.push(comment);
      c++;
    }
    const reused = byText.get(regionText);
    if (reused !== undefined && reused.indentationRecovery === parsed.indentationRecovery && sameDiagnostics(reused.diagnostics, regionDiagnostics)) {
      byText.delete(regionText);
      items.push(reused);
    } else {
      const stmt = stmts[i] ?? null;
      if (stmt !== null) shiftTree(stmt, -start);
      items.push({ id: nextItemId++, text: regionText, stmt, comments: regionComments, diagnostics: regionDiagnostics, indentationRecovery: parsed.indentationRecovery });
    }
    offsets.push(start);
  }
  return { items, offsets };
}

/** Same text normally means same diagnostics; a parse in a wider context can differ, so check. */
function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].code !== b[i].code || a[i].start !== b[i].start || a[i].end !== b[i].end) return false;
    // The message too: it may name the token after the statement (`expected \`;\` before \`e\``),
    // which an edit there changes. Not one that says where something opened: that is rendered again for each version.
    if (a[i].message !== b[i].message && typeof a[i].data?.openedAt !== 'number') return false;
  }
  return true;
}

export function shiftDiagnostic(d: Diagnostic, delta: number): Diagnostic {
  if (delta === 0) return d;
  const openedAt = d.data?.openedAt;
  return {
    ...d,
    start: d.start + delta,
    end: d.end + delta,
    ...(d.related !== undefined ? { related: d.related.map((r) => (r.uri === undefined ? { ...r, start: r.start + delta, end: r.end + delta } : r)) } : {}),
    ...(typeof openedAt === 'number' ? { data: { ...d.data, openedAt: openedAt + delta } } : {}),
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}
