// Watches the folders of a project for changes and reports each event's path.
//
// Why not server/mcp/watcher.ts (TreeWatcher): that one tells its session "something
// changed, compare everything with the disk"; the agent keeps a queue of the paths that
// changed (./scheduler.ts) so that only those are looked at again, and it searches by the
// project's own patterns. Why not `fs.watch(root, { recursive: true })`: on Linux, Node 20
// implements it by watching every folder under the root, node_modules and .git included.
//
// So: one fs.watch per searched folder (ProjectFiles.searchesFolder: the same skips as the
// file search), added when the agent sees a new folder appear (watchTree), dropped when the
// folder is gone (prune). Each event is reported as the absolute path it names (the
// folder itself when the platform gives no name). Watching is best effort: when a folder
// cannot be watched (permissions, the system's limit of watches) the periodic full rescan
// still finds its changes.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectFiles } from './project-files.js';

/** Folders watched at most; beyond that the periodic rescan covers the rest. */
export const MAX_WATCHED_FOLDERS = 10_000;

export class ProjectWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private closed = false;
  private warnedLimit = false;

  constructor(
    private readonly files: ProjectFiles,
    private readonly onEvent: (absolute: string) => void,
    private readonly onWarning: (message: string) => void,
  ) {}

  /** How many folders are watched. */
  get size(): number {
    return this.watchers.size;
  }

  start(): void {
    this.closed = false;
    this.watchTree(this.files.root);
  }

  /** Watches `folder` and every searched folder below it (the walk does not follow links). */
  watchTree(folder: string): void {
    const stack = [folder];
    while (stack.length > 0 && !this.closed) {
      const current = stack.pop()!;
      if (!this.files.searchesFolder(current)) continue;
      this.watch(current);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(current, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) if (entry.isDirectory()) stack.push(path.join(current, entry.name));
    }
  }

  /** Stops watching the folders under `folder` (default: all) that no longer exist. */
  prune(folder?: string): void {
    for (const [watched, watcher] of this.watchers) {
      if (folder !== undefined && watched !== folder && !watched.startsWith(folder + path.sep)) continue;
      let exists = false;
      try {
        exists = fs.statSync(watched).isDirectory();
      } catch {
        exists = false;
      }
      if (!exists) {
        watcher.close();
        this.watchers.delete(watched);
      }
    }
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private watch(folder: string): void {
    if (this.closed || this.watchers.has(folder)) return;
    if (this.watchers.size >= MAX_WATCHED_FOLDERS) return this.warnLimit(`more than ${MAX_WATCHED_FOLDERS} folders`);
    try {
      const watcher = fs.watch(folder, { persistent: false }, (_event, name) => {
        if (this.closed) return;
        this.onEvent(name === null || name === undefined ? folder : path.join(folder, String(name)));
      });
      watcher.on('error', () => {
        // Typically the folder was deleted: stop watching it and let the agent look.
        watcher.close();
        if (this.watchers.get(folder) === watcher) this.watchers.delete(folder);
        if (!this.closed) this.onEvent(folder);
      });
      this.watchers.set(folder, watcher);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EMFILE') this.warnLimit(`the system's limit of file watches (${code})`);
      // Otherwise the folder vanished or cannot be read: nothing to watch.
    }
  }

  private warnLimit(what: string): void {
    if (this.warnedLimit) return;
    this.warnedLimit = true;
    this.onWarning(`cannot watch every folder (${what}); changes in the others are found by the periodic full check`);
  }
}
