// Test helpers for the language service: in-memory workspaces built from sources with
// markers, and edits applied to text, so that tests assert results at exact positions.
//
//   `<|>` marks the cursor; `[|...|]` marks an expected range (several allowed; they are
//   listed in source order). Both are stripped before the text is given to the service,
//   and every offset refers to the stripped text. Files are named relative to file:///ws/.

import { expect } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { createLanguageService, type LanguageService, type LanguageServiceOptions } from '../../src/service/language-service.js';
import type { FileEdits, Location, TextEdit } from '../../src/service/types.js';

export interface Marked {
  text: string;
  /** `[|...|]` ranges in source order. */
  ranges: { start: number; end: number }[];
  /** Offset of `<|>`, or -1. */
  cursor: number;
}

export function marked(source: string): Marked {
  let text = '';
  const ranges: { start: number; end: number }[] = [];
  const open: number[] = [];
  let cursor = -1;
  for (let i = 0; i < source.length; ) {
    if (source.startsWith('[|', i)) {
      open.push(text.length);
      i += 2;
    } else if (source.startsWith('|]', i)) {
      const start = open.pop();
      if (start === undefined) throw new Error('unbalanced |] marker');
      ranges.push({ start, end: text.length });
      i += 2;
    } else if (source.startsWith('<|>', i)) {
      if (cursor >= 0) throw new Error('two <|> markers');
      cursor = text.length;
      i += 3;
    } else {
      text += source[i];
      i++;
    }
  }
  if (open.length > 0) throw new Error('unbalanced [| marker');
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  return { text, ranges, cursor };
}

export const uriOf = (name: string): string => `file:///ws/${name}`;

export interface TestWorkspace {
  service: LanguageService;
  /** The marks of each file, by name. */
  marks: Record<string, Marked>;
  /** The stripped text of a file. */
  text(name: string): string;
  uri(name: string): string;
  /** The cursor of a file (throws when the file has none). */
  cursor(name: string): number;
  /** `[|...|]` ranges of a file, as Locations. */
  locations(name: string): Location[];
  /** Offset of the n-th (0-based) occurrence of `needle` in a file, plus `delta`. */
  at(name: string, needle: string, delta?: number, occurrence?: number): number;
}

/** A language service holding these files (name -> source with markers). */
export function workspace(files: Record<string, string>, options?: LanguageServiceOptions): TestWorkspace {
  const service = createLanguageService(options);
  const marks: Record<string, Marked> = {};
  for (const [name, source] of Object.entries(files)) {
    marks[name] = marked(source);
    service.setFile(uriOf(name), marks[name].text);
  }
  const mark = (name: string): Marked => {
    const m = marks[name];
    if (m === undefined) throw new Error(`no file ${name} in the test workspace`);
    return m;
  };
  return {
    service,
    marks,
    text: (name) => mark(name).text,
    uri: uriOf,
    cursor(name) {
      const c = mark(name).cursor;
      if (c < 0) throw new Error(`no <|> in ${name}`);
      return c;
    },
    locations: (name) => mark(name).ranges.map((r) => ({ uri: uriOf(name), ...r })),
    at(name, needle, delta = 0, occurrence = 0) {
      const text = mark(name).text;
      let index = -1;
      for (let i = 0; i <= occurrence; i++) {
        index = text.indexOf(needle, index + 1);
        if (index < 0) throw new Error(`\`${needle}\` occurs fewer than ${occurrence + 1} times in ${name}`);
      }
      return index + delta;
    },
  };
}

/** One file `main.ruchy`. */
export function single(source: string, options?: LanguageServiceOptions): TestWorkspace & { main: string; cursorAt: number } {
  const ws = workspace({ 'main.ruchy': source }, options);
  return { ...ws, main: uriOf('main.ruchy'), cursorAt: ws.marks['main.ruchy'].cursor };
}

/** `text` with the edits applied (offsets of the original text; edits must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].end > sorted[i - 1].start) throw new Error(`overlapping edits at ${sorted[i].start}-${sorted[i].end} and ${sorted[i - 1].start}-${sorted[i - 1].end}`);
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Applies multi-file changes to the service's files; returns the new texts by URI. */
export function applyChanges(service: LanguageService, changes: readonly FileEdits[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const change of changes) {
    const document = service.getDocument(change.uri);
    if (document === undefined) throw new Error(`a change for a file that is not open: ${change.uri}`);
    out[change.uri] = applyEdits(document.text, change.edits);
  }
  for (const [uri, text] of Object.entries(out)) service.setFile(uri, text);
  return out;
}

/** Diagnostics as `CODE `text` message` lines, for readable comparisons. */
export function describeDiagnostics(text: string, diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} \`${text.slice(d.start, d.end)}\` ${d.message}`);
}

/** Every file of the service is free of errors and warnings. */
export function expectClean(service: LanguageService): void {
  for (const uri of service.files()) {
    const text = service.getDocument(uri)!.text;
    expect(describeDiagnostics(text, service.diagnostics(uri)), `${uri}:\n${text}`).toEqual([]);
  }
}

/** The text of a location in the service's current files. */
export function textAt(service: LanguageService, location: { uri: string; start: number; end: number }): string {
  return service.getDocument(location.uri)!.text.slice(location.start, location.end);
}
