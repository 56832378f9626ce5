// Text synchronisation: the editor's open documents override the files on disk.
//
// didOpen sets the editor's text (a large text is parsed in slices: the server answers
// meanwhile, and the changes after it wait); didChange applies the content changes, in
// order, as offset edits (each change's range is in the text left by the changes before it);
// didClose reverts the file to its content on disk, or drops it when it has none or lies
// outside the workspace folders.

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as L from 'vscode-languageserver/node.js';
import { readSourceFile, isSkippedFolder, SOURCE_EXTENSION } from '../../src/service/host.js';
import type { LanguageService } from '../../src/service/language-service.js';
import type { TextEdit } from '../../src/service/types.js';
import { LineIndex } from '../../src/syntax/positions.js';
import type { Convert } from './convert.js';
import type { Diagnostics } from './diagnostics.js';
import type { Session } from './session.js';

export function didOpen(session: Session, diagnostics: Diagnostics, params: L.DidOpenTextDocumentParams): void {
  const uri = session.serviceUri(params.textDocument.uri);
  try {
    const { text, version } = params.textDocument;
    session.open.set(uri, version);
    session.mutate(uri, (service) => {
      // Re-opening a file whose text did not change keeps its analysis.
      const current = service.getDocument(uri);
      if (current === undefined || current.text !== text || current.version !== version) return setText(service, uri, text, version);
    });
    diagnostics.changed(uri);
  } finally {
    session.noteApplied(uri);
  }
}

export function didChange(session: Session, diagnostics: Diagnostics, params: L.DidChangeTextDocumentParams): void {
  const uri = session.serviceUri(params.textDocument.uri);
  try {
    const version = params.textDocument.version;
    session.open.set(uri, version);
    session.mutate(uri, (service) => {
      const document = service.getDocument(uri);
      if (document === undefined) {
        session.log.error(`didChange for a document that is not open: ${params.textDocument.uri}`);
        return;
      }
      // The whole text replaced (by an editor without incremental sync): parsed like an opened file.
      const last = params.contentChanges[params.contentChanges.length - 1];
      if (last !== undefined && !L.TextDocumentContentChangeEvent.isIncremental(last)) return setText(service, uri, last.text, version);
      service.editFile(uri, changesToEdits(session.convert, document.text, document.lineIndex, params.contentChanges), version);
    });
    diagnostics.changed(uri);
  } finally {
    session.noteApplied(uri);
  }
}

export function didClose(session: Session, diagnostics: Diagnostics, params: L.DidCloseTextDocumentParams): void {
  const uri = session.serviceUri(params.textDocument.uri);
  try {
    session.open.delete(uri);
    session.mutate(uri, (service) => {
      const file = workspaceFile(session, uri);
      const disk = file === null ? null : readSourceFile(file);
      if (disk !== null && 'text' in disk) {
        diagnostics.changed(uri);
        if (service.getDocument(uri)?.text !== disk.text) return setText(service, uri, disk.text);
      } else {
        service.removeFile(uri);
        diagnostics.removed(uri);
      }
    });
  } finally {
    session.noteApplied(uri);
  }
}

/** Texts at least this long are parsed in slices, so that the server answers meanwhile. */
const LARGE_TEXT_CHARS = 128 * 1024;

/** Sets a file's whole text: a large text in slices (a promise, see Session.mutate). */
function setText(service: LanguageService, uri: string, text: string, version?: number): Promise<void> | undefined {
  if (text.length < LARGE_TEXT_CHARS) {
    service.setFile(uri, text, version);
    return undefined;
  }
  return service.setFileInSlices(uri, text, version).then(() => undefined);
}

/**
 * LSP content changes -> offset edits, each in the text produced by the edits before it.
 * A change on lines before every earlier change (editors send multi-cursor edits bottom
 * up) is converted with the document's own line index; otherwise the text so far is
 * rebuilt and indexed.
 */
export function changesToEdits(convert: Convert, text: string, lines: LineIndex, changes: readonly L.TextDocumentContentChangeEvent[]): TextEdit[] {
  const edits: TextEdit[] = [];
  let baseText = text;
  let index = lines;
  /** Edits made since `baseText`, all on lines >= `limit` of it. */
  let since: TextEdit[] = [];
  let limit = Infinity;
  for (const change of changes) {
    if (!L.TextDocumentContentChangeEvent.isIncremental(change)) {
      const current = applyEdits(baseText, since);
      edits.push({ start: 0, end: current.length, text: change.text });
      baseText = change.text;
      index = new LineIndex(baseText);
      since = [];
      limit = Infinity;
      continue;
    }
    if (change.range.end.line >= limit) {
      baseText = applyEdits(baseText, since);
      index = new LineIndex(baseText);
      since = [];
      limit = Infinity;
    }
    const { start, end } = convert.offsets(index, change.range);
    const edit = { start, end, text: change.text };
    edits.push(edit);
    since.push(edit);
    limit = Math.min(limit, change.range.start.line);
  }
  return edits;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The file's path when it is a `.ruchy` file inside a workspace folder (not in a skipped folder), else null. */
export function workspaceFile(session: Session, uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    return null;
  }
  if (!file.endsWith(SOURCE_EXTENSION)) return null;
  for (const folder of session.folders) {
    const relative = path.relative(folder, file);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const parts = relative.split(path.sep);
    if (parts.slice(0, -1).some(isSkippedFolder)) continue;
    return file;
  }
  return null;
}
