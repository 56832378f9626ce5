// The files of one project as the background agent sees them: the paths under the project
// folder that match `watch_patterns` and no `ignore_patterns` (./patterns.ts), in folders
// that every ruchy-agent search skips anyway left out (node_modules, .git, dist, target,
// hidden folders, so also the agent's own .ruchy-agent/).
//
// Listing never throws and never loops: symbolic links to folders are not followed (a
// link back up the tree is not a cycle for us), a symbolic link to a file counts as that
// file (by its real path, once, and only when the file lies inside the project, as for
// the MCP server), and other kinds of entries (FIFOs, sockets, devices) are never opened.
// What cannot be listed or followed becomes a `problem`, reported like an unreadable file.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeError, isSkippedFolder } from '../../src/service/host.js';
import type { PathRules } from './patterns.js';

/** More files than this in one project: the rest are left out, with a warning. */
export const MAX_FILES = 100_000;

export interface Listing {
  /** Real paths of the files to check, in path order. */
  files: string[];
  /** Entries that matched the patterns but cannot be used (broken links, unreadable folders). */
  problems: { absolute: string; reason: string }[];
  /** The folder listed does not exist (or is no longer a folder). */
  missing: boolean;
  /** MAX_FILES was reached. */
  truncated: boolean;
}

export type PathKind = 'folder' | 'file' | 'missing' | 'other';

export class ProjectFiles {
  constructor(
    /** The real path of the project folder. */
    readonly root: string,
    readonly rules: PathRules,
  ) {}

  /** The project-relative path with `/` separators ('' for the root), or null when outside. */
  relative(absolute: string): string | null {
    if (absolute === this.root) return '';
    if (!absolute.startsWith(this.root + path.sep)) return null;
    return absolute.slice(this.root.length + 1).split(path.sep).join('/');
  }

  contains(absolute: string): boolean {
    return this.relative(absolute) !== null;
  }

  /** Whether a folder inside the project is searched (the root always is). */
  searchesFolder(absolute: string): boolean {
    const relative = this.relative(absolute);
    if (relative === null) return false;
    if (relative === '') return true;
    if (relative.split('/').some(isSkippedFolder)) return false;
    return !this.rules.ignoresFolder(relative);
  }

  /** Whether a path inside the project names a file the agent checks (by name; the file may not exist). */
  watchesFile(absolute: string): boolean {
    const relative = this.relative(absolute);
    if (relative === null || relative === '') return false;
    const parts = relative.split('/');
    if (parts.slice(0, -1).some(isSkippedFolder)) return false;
    return this.rules.watches(relative) && !this.rules.ignoresFile(relative);
  }

  kindOf(absolute: string): PathKind {
    try {
      const stat = fs.lstatSync(absolute);
      if (stat.isDirectory()) return 'folder';
      if (stat.isFile() || stat.isSymbolicLink()) return 'file';
      return 'other';
    } catch {
      return 'missing';
    }
  }

  rootExists(): boolean {
    try {
      return fs.statSync(this.root).isDirectory();
    } catch {
      return false;
    }
  }

  /** The files under `folder` (default: the whole project), searched folder by folder without recursion. */
  list(folder: string = this.root): Listing {
    const listing: Listing = { files: [], problems: [], missing: false, truncated: false };
    const seen = new Set<string>();
    try {
      if (!fs.statSync(folder).isDirectory()) return { ...listing, missing: true };
    } catch {
      return { ...listing, missing: true };
    }
    if (!this.searchesFolder(folder)) return listing;
    const stack = [folder];
    while (stack.length > 0) {
      const current = stack.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(current, { withFileTypes: true });
      } catch (error) {
        if (current === folder && !fs.existsSync(folder)) return { ...listing, missing: true };
        listing.problems.push({ absolute: current, reason: `cannot read folder: ${describeError(error)}` });
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0)); // popped in ascending order
      for (const entry of entries) {
        const absolute = path.join(current, entry.name);
        if (entry.isDirectory()) {
          if (this.searchesFolder(absolute)) stack.push(absolute);
          continue;
        }
        if (!(entry.isFile() || entry.isSymbolicLink()) || !this.watchesFile(absolute)) continue;
        const real = this.realFile(absolute);
        if ('reason' in real) {
          if (real.reason !== null) listing.problems.push({ absolute, reason: real.reason });
          continue;
        }
        if (seen.has(real.path)) continue;
        if (seen.size >= MAX_FILES) {
          listing.truncated = true;
          break;
        }
        seen.add(real.path);
        listing.files.push(real.path);
      }
      if (listing.truncated) break;
    }
    listing.files.sort();
    return listing;
  }

  /**
   * The real path of a file to check, or why not: a reason for a problem to report, null
   * for an entry that is silently not ours (a link to a folder or to a file outside).
   */
  realFile(absolute: string): { path: string } | { reason: string | null } {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(absolute);
    } catch {
      return { reason: null }; // gone meanwhile
    }
    if (stat.isFile()) return { path: absolute };
    if (!stat.isSymbolicLink()) return { reason: null };
    try {
      const target = fs.statSync(absolute);
      if (!target.isFile()) return { reason: null };
      const real = fs.realpathSync.native(absolute);
      return this.contains(real) ? { path: real } : { reason: null };
    } catch (error) {
      return { reason: `broken symbolic link (${describeError(error)})` };
    }
  }
}
