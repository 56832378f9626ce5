// Applying edits to files of the workspace, for the tools that write (rename and format
// with `apply: true`): every file is written ATOMICALLY (a temporary file beside it, then
// a rename over it, so a reader never sees half a file), only if the disk still holds
// the text the edits were computed from, and the answer says which diagnostics the
// change introduced or removed.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LanguageService } from '../../src/service/language-service.js';
import type { TextEdit } from '../../src/service/types.js';
import { diagnosticOut, type DiagnosticOut } from './convert.js';
import { pathOfUri, type Session } from './session.js';
import { ToolError } from './tools/tool.js';

export interface DiagnosticsDelta {
  introduced: DiagnosticOut[];
  removed: DiagnosticOut[];
}

/** Applies non-overlapping edits given in offsets of `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** Writes `text` to `absolute` through a temporary file in the same folder and a rename. */
export function writeAtomic(absolute: string, text: string): void {
  const temporary = temporaryName(absolute);
  writeTemporary(absolute, temporary, text);
  try {
    fs.renameSync(temporary, absolute);
  } catch (error) {
    removeQuietly(temporary);
    throw error;
  }
}

/** Every diagnostic of the files under the session's roots. */
export function workspaceDiagnostics(session: Session, service: LanguageService): DiagnosticOut[] {
  const out: DiagnosticOut[] = [];
  for (const uri of session.fileUris(service)) {
    const lines = service.getDocument(uri)!.lineIndex;
    const display = session.display(uri);
    for (const d of service.diagnostics(uri)) out.push(diagnosticOut(lines, display, d));
  }
  return out;
}

/**
 * Writes new texts for files of the workspace and reports the diagnostics delta. Refuses
 * (ToolError) when a file changed on disk since it was read: the edits would be wrong.
 * `renamed` makes a message that only changed by the new name count as the same diagnostic.
 */
export function applyToFiles(
  session: Session,
  service: LanguageService,
  changes: readonly { uri: string; text: string }[],
  renamed?: { from: string; to: string },
): DiagnosticsDelta {
  const before = workspaceDiagnostics(session, service);
  const plan: { absolute: string; temporary: string; text: string }[] = [];
  for (const change of changes) {
    const absolute = pathOfUri(change.uri);
    if (absolute === null || !session.guard.contains(absolute)) throw new ToolError(`cannot write ${change.uri}: it is not a file inside the workspace roots`);
    const document = service.getDocument(change.uri);
    let onDisk: string;
    try {
      onDisk = fs.readFileSync(absolute, 'utf8');
    } catch (error) {
      throw new ToolError(`cannot write ${session.display(change.uri)}: ${(error as Error).message}`);
    }
    if (document === undefined || onDisk.replace(/^\uFEFF/, '') !== document.text) {
      throw new ToolError(`${session.display(change.uri)} changed on disk while the edits were computed; nothing was written. Call the tool again.`);
    }
    plan.push({ absolute, temporary: temporaryName(absolute), text: change.text });
  }
  // All temporary files first, so that a failure (disk full, permissions) writes nothing.
  const written: string[] = [];
  try {
    for (const step of plan) {
      writeTemporary(step.absolute, step.temporary, step.text);
      written.push(step.temporary);
    }
    for (const step of plan) fs.renameSync(step.temporary, step.absolute);
  } catch (error) {
    for (const temporary of written) removeQuietly(temporary);
    throw new ToolError(`could not write the files (${(error as Error).message}); files not yet renamed were left unchanged`);
  }
  for (const step of plan) session.files.wrote(service, step.absolute, step.text);
  const after = workspaceDiagnostics(session, service);
  return delta(before, after, renamed);
}

function delta(before: DiagnosticOut[], after: DiagnosticOut[], renamed?: { from: string; to: string }): DiagnosticsDelta {
  const keyOf = (d: DiagnosticOut, rename: boolean): string => {
    const message = rename && renamed !== undefined ? d.message.split(`\`${renamed.from}\``).join(`\`${renamed.to}\``) : d.message;
    return `${d.path}\0${d.code}\0${d.severity}\0${message}`;
  };
  const counts = new Map<string, number>();
  for (const d of before) counts.set(keyOf(d, true), (counts.get(keyOf(d, true)) ?? 0) + 1);
  const introduced: DiagnosticOut[] = [];
  for (const d of after) {
    const key = keyOf(d, false);
    const n = counts.get(key) ?? 0;
    if (n > 0) counts.set(key, n - 1);
    else introduced.push(d);
  }
  const removed: DiagnosticOut[] = [];
  for (const d of before) {
    const key = keyOf(d, true);
    const n = counts.get(key) ?? 0;
    if (n > 0) {
      counts.set(key, n - 1);
      removed.push(d);
    }
  }
  return { introduced, removed };
}

function temporaryName(absolute: string): string {
  return path.join(path.dirname(absolute), `.${path.basename(absolute)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function writeTemporary(absolute: string, temporary: string, text: string): void {
  let mode = 0o644;
  try {
    mode = fs.statSync(absolute).mode & 0o777;
  } catch {
    // a new file: default mode
  }
  const fd = fs.openSync(temporary, 'wx', mode);
  try {
    fs.writeFileSync(fd, text, 'utf8');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // already gone
  }
}
