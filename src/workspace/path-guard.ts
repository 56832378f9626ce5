// The path guard: every path that a protocol client names (an MCP tool argument, a
// resource URI) is resolved here, inside the workspace roots, or refused.
//
// Why a module of its own: a model, or whoever drives it, may pass `../../etc/passwd`,
// an absolute path, a `file://` URL, a percent-encoded `%2e%2e%2f`, a Windows-style
// `..\..\secret`, or a path through a symbolic link that leads out of the workspace. All
// of these must meet one rule, checked once: the REAL path (symbolic links resolved)
// lies inside the REAL path of one of the roots. Refusals are data with a message that
// says what to pass instead; nothing here throws.
//
// Rules, in order:
//   1. Empty paths and NUL bytes are refused.
//   2. `file://` URLs become paths (a host other than localhost is refused).
//   3. Percent-encoding is decoded once; a path still encoded after that (`%252e`) is
//      refused as ambiguous.
//   4. `\` is a separator on every platform; a drive letter (`C:`) is an absolute path.
//   5. Relative paths are taken from each root in turn (the first root where the path
//      exists wins); absolute paths must lie inside a root.
//   6. The lexical path must stay inside the root (`..` may not climb out), and so must
//      its real path: for a path that does not exist, the real path of its deepest
//      existing ancestor plus the rest.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export type GuardResult =
  | {
      ok: true;
      /** The real absolute path (symbolic links resolved as far as the path exists). */
      path: string;
      /** The root (real path) that contains it. */
      root: string;
      /** The path relative to that root, with `/` separators ('' for the root itself). */
      relative: string;
      exists: boolean;
      isDirectory: boolean;
    }
  | { ok: false; error: string };

export interface PathGuard {
  /** The real paths of the roots, in the order given. */
  readonly roots: readonly string[];
  /** Resolves a path argument inside the roots, or says why it is refused. */
  resolve(input: string): GuardResult;
  /** Whether an absolute path (already real) lies inside one of the roots. */
  contains(absolute: string): boolean;
  /** A path for people and models: relative to its root when inside one (prefixed by the root's name when there are several roots). */
  display(absolute: string): string;
}

export function createPathGuard(roots: readonly string[]): PathGuard {
  const real = roots.map((root) => realOrResolved(path.resolve(root)));
  const unique = real.filter((root, i) => real.indexOf(root) === i);
  return new Guard(unique);
}

class Guard implements PathGuard {
  constructor(readonly roots: readonly string[]) {}

  resolve(input: string): GuardResult {
    const normalized = normalizeInput(input);
    if ('error' in normalized) return { ok: false, error: normalized.error };
    const given = normalized.path;
    if (this.roots.length === 0) return { ok: false, error: 'the server has no workspace root; start it with --root DIR or declare roots in the client' };

    const candidates = isAbsolute(given) ? [path.resolve(given)] : this.roots.map((root) => path.resolve(root, given));
    if (!isAbsolute(given) && this.roots.length > 1) {
      // With several roots, displayed paths start with the root's folder name.
      const [first, ...rest] = given.split('/');
      for (const root of this.roots) if (path.basename(root) === first) candidates.push(path.resolve(root, ...rest));
    }
    let firstRefusal: string | null = null;
    let firstInside: Extract<GuardResult, { ok: true }> | null = null;
    for (const candidate of candidates) {
      const result = this.check(candidate, input);
      if (!result.ok) {
        firstRefusal ??= result.error;
        continue;
      }
      if (result.exists) return result;
      firstInside ??= result;
    }
    if (firstRefusal !== null) return { ok: false, error: firstRefusal };
    return firstInside ?? { ok: false, error: outside(input, this.roots) };
  }

  contains(absolute: string): boolean {
    return this.rootOf(absolute) !== null;
  }

  display(absolute: string): string {
    const root = this.rootOf(absolute);
    if (root === null) return absolute;
    const relative = toSlashes(path.relative(root, absolute));
    if (this.roots.length === 1) return relative === '' ? '.' : relative;
    const prefix = path.basename(root);
    return relative === '' ? prefix : `${prefix}/${relative}`;
  }

  private check(candidate: string, input: string): GuardResult {
    const lexicalRoot = this.rootOf(candidate);
    if (lexicalRoot === null) return { ok: false, error: outside(input, this.roots) };
    const resolved = realPathOf(candidate);
    if ('error' in resolved) return { ok: false, error: `cannot resolve "${input}": ${resolved.error}` };
    const root = this.rootOf(resolved.path);
    if (root === null) {
      return { ok: false, error: `path "${input}" leads outside the workspace roots through a symbolic link; only files inside ${listRoots(this.roots)} can be used` };
    }
    let isDirectory = false;
    if (resolved.exists) {
      try {
        isDirectory = fs.statSync(resolved.path).isDirectory();
      } catch {
        isDirectory = false;
      }
    }
    return { ok: true, path: resolved.path, root, relative: toSlashes(path.relative(root, resolved.path)), exists: resolved.exists, isDirectory };
  }

  private rootOf(absolute: string): string | null {
    for (const root of this.roots) if (isInside(root, absolute)) return root;
    return null;
  }
}

/** Whether `child` is `parent` or below it (both absolute and normalized). */
export function isInside(parent: string, child: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(prefix);
}

function normalizeInput(input: string): { path: string } | { error: string } {
  if (typeof input !== 'string' || input.trim() === '') return { error: 'empty path: pass a file or folder path relative to the workspace root' };
  if (input.includes('\0')) return { error: 'the path contains a NUL character' };
  let text = input.trim();
  if (/^file:/i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { error: `"${input}" is not a valid file URL` };
    }
    if (url.host !== '' && url.host !== 'localhost') return { error: `file URL "${input}" names another host; only local files inside the workspace can be used` };
    try {
      text = fileURLToPath(url);
    } catch (error) {
      return { error: `file URL "${input}" cannot be used: ${(error as Error).message}` };
    }
  } else if (/^[a-z][a-z0-9+.-]+:\/\//i.test(text)) {
    return { error: `"${input}" is a URL; pass a file path relative to the workspace root` };
  } else if (/%[0-9a-f]{2}/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return { error: `"${input}" has malformed percent-encoding; pass the plain path` };
    }
    if (/%[0-9a-f]{2}/i.test(text)) return { error: `"${input}" is percent-encoded more than once; pass the plain path` };
  }
  if (text.includes('\0')) return { error: 'the path contains a NUL character' };
  // Windows-style separators and drive letters mean the same on every platform here.
  if (path.sep === '/') {
    text = text.replace(/\\/g, '/');
    if (/^[a-z]:(\/|$)/i.test(text)) return { error: outside(input, []) };
  }
  return { path: text };
}

function isAbsolute(p: string): boolean {
  return path.isAbsolute(p);
}

/** The real path, or for a path that does not exist the real path of its deepest existing ancestor joined with the rest. */
function realPathOf(absolute: string): { path: string; exists: boolean } | { error: string } {
  let current = absolute;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = fs.realpathSync.native(current);
      return { path: rest.length === 0 ? real : path.join(real, ...rest.reverse()), exists: rest.length === 0 };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') return { error: 'too many levels of symbolic links' };
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return { error: code ?? String(error) };
      // A dangling symbolic link: refuse to guess where it leads.
      try {
        if (fs.lstatSync(current).isSymbolicLink()) return { error: 'a symbolic link that leads nowhere' };
      } catch {
        // not there at all: climb
      }
      const parent = path.dirname(current);
      if (parent === current) return { path: absolute, exists: false };
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

function realOrResolved(absolute: string): string {
  try {
    return fs.realpathSync.native(absolute);
  } catch {
    return absolute;
  }
}

function toSlashes(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

function listRoots(roots: readonly string[]): string {
  return roots.length === 0 ? 'the workspace' : roots.join(', ');
}

function outside(input: string, roots: readonly string[]): string {
  return (
    `path "${input}" is outside the workspace roots (${listRoots(roots)}). ` +
    'Pass a path relative to the workspace root (e.g. "src/main.ruchy"), or pass the code inline as `source`.'
  );
}
