// The layout engine of the formatter: a small document language (text, groups that fit on
// one line or break, indentation, line breaks) and the printer that lays a document out
// within a maximum width. It is the algorithm of Wadler's "prettier printer" as Prettier
// implements it (printDocToString, fits, propagateBreaks), cut down to what the Ruchy
// formatter needs. It knows nothing about Ruchy: ./format-printer.ts builds the documents.
//
// - A group is printed flat (its lines as spaces or nothing) when it fits in the rest of
//   the line, else broken (its lines as line breaks). A hard line breaks every group
//   around it, except a conditional group, which tries its states in turn.
// - Raw text (string literals, comments, code kept verbatim) is printed exactly as it is,
//   line breaks included, and is never trimmed; generated indentation never leaves
//   trailing blanks.
// - Nothing here recurses over the document: deep trees cannot overflow the stack.

export type Doc = string | Doc[] | Group | Indent | Line | IfBreak | BreakParent | Raw | Mark;

export interface Group {
  readonly kind: 'group';
  contents: Doc;
  /** Set when the group must break (a hard line inside, or asked for). */
  break: boolean;
  /** Conditional group: states tried in order (the first is `contents`), the last is the fallback. */
  expanded: Doc[] | null;
  /** The propagateBreaks pass that last visited the group (states of conditional groups share groups). */
  pass: number;
  /**
   * Set by propagateBreaks: the contents hold only text, raw text, lines, indentation and
   * plain groups, so that, flat, they print as a plain concatenation (printFlat).
   */
  simple: boolean;
}

export interface Indent {
  readonly kind: 'indent';
  contents: Doc;
}

export interface Line {
  readonly kind: 'line';
  /** Always a line break. */
  hard: boolean;
  /** Nothing (rather than a space) when the group is flat. */
  soft: boolean;
}

export interface IfBreak {
  readonly kind: 'ifBreak';
  breakContents: Doc;
  flatContents: Doc;
}

export interface BreakParent {
  readonly kind: 'breakParent';
}

export interface Raw {
  readonly kind: 'raw';
  text: string;
  /** Not counted when measuring whether a group fits (a comment at the end of a line). */
  zeroWidth: boolean;
  /**
   * Source text kept verbatim whose continuation lines move with it: each movable line
   * that begins with `base` (the indentation the text had) gets the current indentation
   * instead. Lines that begin inside a string or a comment are not movable.
   */
  reindent: Reindent | null;
}

export interface Reindent {
  base: string;
  /** Offsets in the text where a line begins. */
  lines: readonly { at: number; movable: boolean }[];
}

/** Records the output offset at which it is printed (see PrintedDoc.marks). */
export interface Mark {
  readonly kind: 'mark';
  id: number;
}

// ---------------------------------------------------------------- builders

/** A space in a flat group, a line break in a broken one. */
export const line: Line = { kind: 'line', hard: false, soft: false };
/** Nothing in a flat group, a line break in a broken one. */
export const softline: Line = { kind: 'line', hard: false, soft: true };
/** Always a line break; breaks the groups around it. */
export const hardline: Line = { kind: 'line', hard: true, soft: false };
/** Breaks the groups around it without printing anything. */
export const breakParent: BreakParent = { kind: 'breakParent' };

export function group(contents: Doc, shouldBreak = false): Group {
  return { kind: 'group', contents, break: shouldBreak, expanded: null, pass: 0, simple: false };
}

/**
 * A group that is printed flat if it fits, else in the first of `states` (after the
 * first, which is the flat one) that fits up to its first line break, else in the last
 * state, broken. Hard lines inside do not break it nor the groups around it.
 */
export function conditionalGroup(states: Doc[]): Group {
  return { kind: 'group', contents: states[0], break: false, expanded: states, pass: 0, simple: false };
}

export function indent(contents: Doc): Indent {
  return { kind: 'indent', contents };
}

export function ifBreak(breakContents: Doc, flatContents: Doc = ''): IfBreak {
  return { kind: 'ifBreak', breakContents, flatContents };
}

export function raw(text: string, zeroWidth = false): Raw {
  return { kind: 'raw', text, zeroWidth, reindent: null };
}

export function reindented(text: string, reindent: Reindent): Raw {
  return { kind: 'raw', text, zeroWidth: false, reindent };
}

/** `text` with its movable lines moved from `base` to `indentation`. */
function applyReindent(text: string, reindent: Reindent, indentation: string): string {
  if (reindent.base === indentation) return text;
  let out = '';
  let from = 0;
  for (const { at, movable } of reindent.lines) {
    if (!movable) continue;
    out += text.slice(from, at);
    from = at;
    let end = at;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    const blank = end >= text.length || text[end] === '\n' || text[end] === '\r';
    if (blank) {
      // A line of blanks becomes empty.
      from = end;
    } else if (text.startsWith(reindent.base, at)) {
      out += indentation;
      from = at + reindent.base.length;
    }
  }
  return out + text.slice(from);
}

export function mark(id: number): Mark {
  return { kind: 'mark', id };
}

export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  const out: Doc[] = [];
  for (let i = 0; i < docs.length; i++) {
    if (i > 0) out.push(separator);
    out.push(docs[i]);
  }
  return out;
}

// ---------------------------------------------------------------- measuring

/** Display width of code: code points (astral characters count once). */
export function textWidth(text: string): number {
  let width = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        width--;
        i++;
      }
    }
  }
  return width;
}

/** Width of the first line of a raw text, and whether the text has more lines. */
function firstLine(text: string): { width: number; more: boolean } {
  const nl = text.search(/[\r\n]/);
  if (nl < 0) return { width: textWidth(text), more: false };
  return { width: textWidth(text.slice(0, nl)), more: true };
}

/** Width of the last line of a raw text that has several. */
function lastLineWidth(text: string): number {
  const nl = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return textWidth(text.slice(nl + 1));
}

// ---------------------------------------------------------------- breaking

let propagation = 0;

/**
 * Marks every group that contains a hard line (or a breakParent) as broken, and the
 * groups around it, up to the nearest conditional group. Iterative, post-order.
 */
export function propagateBreaks(root: Doc): void {
  const pass = ++propagation;
  // A null entry marks the exit of the group on top of `groups`.
  const stack: (Doc | null)[] = [root];
  const groups: Group[] = [];
  const breakTop = (): void => {
    const top = groups[groups.length - 1];
    if (top !== undefined) {
      top.simple = false;
      if (top.expanded === null) top.break = true;
    }
  };
  const notSimple = (): void => {
    const top = groups[groups.length - 1];
    if (top !== undefined) top.simple = false;
  };
  while (stack.length > 0) {
    const doc = stack.pop()!;
    if (doc === null) {
      const g = groups.pop()!;
      if (g.break && g.expanded === null) breakTop();
      else if (!g.simple) notSimple();
      continue;
    }
    if (typeof doc === 'string') continue;
    if (Array.isArray(doc)) {
      for (let i = doc.length - 1; i >= 0; i--) stack.push(doc[i]);
      continue;
    }
    switch (doc.kind) {
      case 'group':
        if (doc.pass === pass) {
          // Shared between the states of a conditional group: already computed.
          if (doc.break && doc.expanded === null) breakTop();
          else if (!doc.simple) notSimple();
          continue;
        }
        doc.pass = pass;
        doc.simple = doc.expanded === null;
        groups.push(doc);
        stack.push(null);
        if (doc.expanded !== null) {
          for (let i = doc.expanded.length - 1; i >= 0; i--) stack.push(doc.expanded[i]);
        } else stack.push(doc.contents);
        break;
      case 'indent':
        stack.push(doc.contents);
        break;
      case 'ifBreak':
        stack.push(doc.flatContents);
        stack.push(doc.breakContents);
        break;
      case 'line':
        if (doc.hard) breakTop();
        break;
      case 'breakParent':
        breakTop();
        break;
      case 'raw':
        if (doc.reindent !== null) notSimple();
        break;
      case 'mark':
        notSimple();
        break;
      default:
        break;
    }
  }
}

/** Whether the document certainly prints a line break (it holds a hard line outside conditional groups). */
export function willBreak(doc: Doc): boolean {
  const stack: Doc[] = [doc];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (typeof d === 'string') continue;
    if (Array.isArray(d)) {
      for (const child of d) stack.push(child);
      continue;
    }
    switch (d.kind) {
      case 'group':
        if (d.expanded !== null) break;
        if (d.break) return true;
        stack.push(d.contents);
        break;
      case 'indent':
        stack.push(d.contents);
        break;
      case 'ifBreak':
        stack.push(d.breakContents);
        break;
      case 'line':
        if (d.hard) return true;
        break;
      case 'breakParent':
        return true;
      default:
        break;
    }
  }
  return false;
}

// ---------------------------------------------------------------- printing
//
// The command stacks are parallel arrays (document, indentation level, mode) rather than
// arrays of objects: the printer handles every node of a large file, and allocation was
// most of its time.

const FLAT = 0;
const BREAK = 1;
type Mode = typeof FLAT | typeof BREAK;

export interface PrintOptions {
  width: number;
  /** Spaces per indentation level. */
  indent: number;
  /** The line break to print ("\n" or "\r\n"). */
  eol: string;
}

export interface PrintedDoc {
  text: string;
  /** Output offset of each Mark, by id. */
  marks: Map<number, number>;
}

/** Scratch stacks of fits(), reused across calls. */
const fitDocs: Doc[] = [];
const fitModes: Mode[] = [];

/**
 * Whether `next` (printed in `mode`) and what follows it on its line fit in `width`
 * columns. `restDocs`/`restModes` are the printer's pending commands (read from the top).
 */
function fits(next: Doc, nextMode: Mode, restDocs: readonly Doc[], restModes: readonly Mode[], width: number, mustBeFlat: boolean): boolean {
  let restIndex = restDocs.length;
  fitDocs.length = 0;
  fitModes.length = 0;
  fitDocs.push(next);
  fitModes.push(nextMode);
  while (width >= 0) {
    if (fitDocs.length === 0) {
      if (restIndex === 0) return true;
      restIndex--;
      fitDocs.push(restDocs[restIndex]);
      fitModes.push(restModes[restIndex]);
      continue;
    }
    const doc = fitDocs.pop()!;
    const mode = fitModes.pop()!;
    if (typeof doc === 'string') {
      width -= doc.length;
      continue;
    }
    if (Array.isArray(doc)) {
      for (let i = doc.length - 1; i >= 0; i--) {
        fitDocs.push(doc[i]);
        fitModes.push(mode);
      }
      continue;
    }
    switch (doc.kind) {
      case 'raw': {
        if (doc.zeroWidth) break;
        const first = firstLine(doc.text);
        width -= first.width;
        if (first.more) return width >= 0;
        break;
      }
      case 'indent':
        fitDocs.push(doc.contents);
        fitModes.push(mode);
        break;
      case 'group': {
        if (mustBeFlat && doc.break) return false;
        const groupMode: Mode = doc.break ? BREAK : mode;
        fitDocs.push(doc.expanded !== null && groupMode === BREAK ? doc.expanded[doc.expanded.length - 1] : doc.contents);
        fitModes.push(groupMode);
        break;
      }
      case 'ifBreak':
        fitDocs.push(mode === BREAK ? doc.breakContents : doc.flatContents);
        fitModes.push(mode);
        break;
      case 'line':
        if (mode === BREAK || doc.hard) return true;
        if (!doc.soft) width -= 1;
        break;
      default:
        break;
    }
  }
  return false;
}

/** Lays `doc` out. Call propagateBreaks first (printDoc does). */
export function printDoc(doc: Doc, options: PrintOptions): PrintedDoc {
  propagateBreaks(doc);
  const out: string[] = [];
  /** Entries of `out` before this index are raw text and are never trimmed. */
  let protectedCount = 0;
  let length = 0;
  let pos = 0;
  /** Indentation owed to the current line, printed before its first text. */
  let pendingIndent = -1;
  let shouldRemeasure = false;
  const marks = new Map<number, number>();
  const indentCache: string[] = [];
  const indentation = (level: number): string => (indentCache[level] ??= ' '.repeat(level * options.indent));

  const emit = (text: string): void => {
    if (text.length === 0) return;
    if (pendingIndent > 0) {
      const spaces = indentation(pendingIndent);
      out.push(spaces);
      length += spaces.length;
      pos = spaces.length;
    }
    pendingIndent = -1;
    out.push(text);
    length += text.length;
  };
  const trimTrailingBlanks = (): void => {
    while (out.length > protectedCount) {
      const last = out[out.length - 1];
      const c = last.charCodeAt(last.length - 1);
      if (c !== 32 && c !== 9) return;
      const trimmed = last.replace(/[ \t]+$/, '');
      length -= last.length - trimmed.length;
      if (trimmed.length > 0) {
        out[out.length - 1] = trimmed;
        return;
      }
      out.pop();
    }
  };

  /** A simple group that fits: its text, its lines as spaces (or nothing). */
  const flatStack: Doc[] = [];
  const printFlat = (contents: Doc): void => {
    flatStack.push(contents);
    while (flatStack.length > 0) {
      const f = flatStack.pop()!;
      if (typeof f === 'string') {
        if (f.length > 0) {
          emit(f);
          pos += f.length;
        }
        continue;
      }
      if (Array.isArray(f)) {
        for (let i = f.length - 1; i >= 0; i--) flatStack.push(f[i]);
        continue;
      }
      switch (f.kind) {
        case 'raw': {
          emit(f.text);
          protectedCount = out.length;
          const first = firstLine(f.text);
          pos = first.more ? lastLineWidth(f.text) : pos + first.width;
          break;
        }
        case 'group':
        case 'indent':
          flatStack.push(f.contents);
          break;
        case 'ifBreak':
          flatStack.push(f.flatContents);
          break;
        case 'line':
          if (!f.soft) {
            emit(' ');
            pos += 1;
          }
          break;
        default:
          break;
      }
    }
  };

  const docs: Doc[] = [doc];
  const levels: number[] = [0];
  const modes: Mode[] = [BREAK];
  const push = (d: Doc, ind: number, mode: Mode): void => {
    docs.push(d);
    levels.push(ind);
    modes.push(mode);
  };
  while (docs.length > 0) {
    const d = docs.pop()!;
    const ind = levels.pop()!;
    const mode = modes.pop()!;
    if (typeof d === 'string') {
      // (Code the printer generates: names and punctuation, measured in code units.)
      emit(d);
      pos += d.length;
      continue;
    }
    if (Array.isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) push(d[i], ind, mode);
      continue;
    }
    switch (d.kind) {
      case 'raw': {
        const text = d.reindent !== null ? applyReindent(d.text, d.reindent, indentation(ind)) : d.text;
        emit(text);
        protectedCount = out.length;
        const first = firstLine(text);
        pos = first.more ? lastLineWidth(text) : pos + first.width;
        break;
      }
      case 'indent':
        push(d.contents, ind + 1, mode);
        break;
      case 'group': {
        if (mode === FLAT && !shouldRemeasure) {
          push(d.expanded !== null && d.break ? d.expanded[d.expanded.length - 1] : d.contents, ind, d.break ? BREAK : FLAT);
          break;
        }
        shouldRemeasure = false;
        const remaining = options.width - pos;
        if (!d.break && fits(d.contents, FLAT, docs, modes, remaining, false)) {
          if (d.simple) printFlat(d.contents);
          else push(d.contents, ind, FLAT);
        } else if (d.expanded !== null) {
          const last = d.expanded.length - 1;
          let chosen = -1;
          if (!d.break) {
            for (let i = 1; i < last; i++) {
              if (fits(d.expanded[i], FLAT, docs, modes, remaining, false)) {
                chosen = i;
                break;
              }
            }
          }
          if (chosen > 0) push(d.expanded[chosen], ind, FLAT);
          else push(d.expanded[last], ind, BREAK);
        } else {
          push(d.contents, ind, BREAK);
        }
        break;
      }
      case 'ifBreak':
        push(mode === BREAK ? d.breakContents : d.flatContents, ind, mode);
        break;
      case 'line':
        if (mode === FLAT && !d.hard) {
          if (!d.soft) {
            emit(' ');
            pos += 1;
          }
          break;
        }
        if (mode === FLAT) shouldRemeasure = true;
        trimTrailingBlanks();
        out.push(options.eol);
        length += options.eol.length;
        pendingIndent = ind;
        pos = ind * options.indent;
        break;
      case 'mark':
        marks.set(d.id, length + (pendingIndent > 0 ? indentation(pendingIndent).length : 0));
        break;
      default:
        break;
    }
  }
  return { text: out.join(''), marks };
}
