// Which files a command or a server looks at, and how their text is read.
//
// Paths given on the command line may be files (checked whatever their extension) or
// folders, searched recursively for `*.ruchy` in a fixed order (entry names compared by
// code unit, not by locale) so output is the same on every machine. The search skips
// node_modules, .git, dist, target and hidden folders, and does not follow symbolic links
// to folders (no cycles). Each file is named as the user wrote its path, or as that folder
// joined with the file's place inside it. Nothing here throws: problems become data.

import * as fs from 'node:fs';
import * as path from 'node:path';

export const SOURCE_EXTENSION = '.ruchy';
const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', 'dist', 'target']);

/** A file to check, or a place that could not be searched or read. */
export type Target =
  | { kind: 'file'; display: string; absolute: string }
  | { kind: 'unreadable'; display: string; reason: string };

export interface Collected {
  targets: Target[];
  /** Paths from the command line that do not exist, as written. */
  missing: string[];
}

export function collectFiles(paths: readonly string[], cwd: string): Collected {
  const targets: Target[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (target: Target): void => {
    const key = target.kind === 'file' ? target.absolute : `unreadable:${target.display}`;
    if (seen.has(key)) return;
    seen.add(key);
    targets.push(target);
  };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stat = statOrError(absolute);
    if ('error' in stat) {
      if (isMissing(stat.error)) missing.push(given);
      else add({ kind: 'unreadable', display: given, reason: describeError(stat.error) });
    } else if (stat.stats.isDirectory()) {
      walk(absolute, given, add);
    } else if (stat.stats.isFile()) {
      add({ kind: 'file', display: given, absolute });
    } else {
      add({ kind: 'unreadable', display: given, reason: 'not a regular file' });
    }
  }
  return { targets, missing };
}

function walk(folder: string, display: string, add: (target: Target) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    add({ kind: 'unreadable', display, reason: `cannot read folder: ${describeError(error)}` });
    return;
  }
  entries.sort((a, b) => compareNames(a.name, b.name));
  for (const entry of entries) {
    const absolute = path.join(folder, entry.name);
    const shown = path.join(display, entry.name);
    if (entry.isDirectory()) {
      if (!isSkippedFolder(entry.name)) walk(absolute, shown, add);
    } else if (entry.name.endsWith(SOURCE_EXTENSION)) {
      if (entry.isFile()) add({ kind: 'file', display: shown, absolute });
      else if (entry.isSymbolicLink()) addLinkedFile(absolute, shown, add);
    }
  }
}

/** A symbolic link named `*.ruchy` is checked when it leads to a file. */
function addLinkedFile(absolute: string, display: string, add: (target: Target) => void): void {
  const stat = statOrError(absolute);
  if ('error' in stat) add({ kind: 'unreadable', display, reason: `broken symbolic link (${describeError(stat.error)})` });
  else if (stat.stats.isFile()) add({ kind: 'file', display, absolute });
}

export function isSkippedFolder(name: string): boolean {
  return SKIPPED_FOLDERS.has(name) || name.startsWith('.');
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function statOrError(absolute: string): { stats: fs.Stats } | { error: unknown } {
  try {
    return { stats: fs.statSync(absolute) };
  } catch (error) {
    return { error };
  }
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

// ---------------------------------------------------------------- reading

export type SourceText = { text: string } | { error: string };

/**
 * The file's text, decoded as UTF-8 (a leading byte-order mark is dropped), or why it
 * cannot be checked: unreadable, binary, or not UTF-8.
 */
export function readSourceFile(absolute: string): SourceText {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(absolute);
  } catch (error) {
    return { error: `cannot read file: ${describeError(error)}` };
  }
  return decodeSource(bytes);
}

export function decodeSource(bytes: Uint8Array): SourceText {
  if (bytes.includes(0)) return { error: 'binary file (contains NUL bytes), not Ruchy source text' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch (error) {
    if (errorCode(error) === 'ERR_STRING_TOO_LONG') return { error: 'file too large to check' };
    return { error: 'not valid UTF-8 text' };
  }
}

// ---------------------------------------------------------------- errors

const ERROR_TEXT: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  ERR_FS_FILE_TOO_LARGE: 'file too large to check',
};

/** A short, human reason for a file-system error. */
export function describeError(error: unknown): string {
  const code = errorCode(error);
  if (code !== undefined && ERROR_TEXT[code] !== undefined) return ERROR_TEXT[code];
  const message = error instanceof Error ? error.message : String(error);
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
