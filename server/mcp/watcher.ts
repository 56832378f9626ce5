// Watches the folders under the workspace roots for changes to `*.ruchy` files, so that
// subscribed clients hear about diagnostics that changed because of an edit made outside
// the protocol (an editor, git, another tool).
//
// Why not `fs.watch(root, { recursive: true })`: on Linux, Node 20 implements it by
// watching every folder under the root, node_modules and .git included. This watcher
// walks the tree the way the file search does (skipping node_modules, .git, dist, target
// and hidden folders), watches each folder it keeps, and walks again when a folder
// appears. Events are coalesced: `onChange` runs once per quiet period. Watching is best
// effort; answers never depend on it (every tool call compares the files with the disk).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSkippedFolder, SOURCE_EXTENSION } from '../../src/service/host.js';

const MAX_FOLDERS = 5000;

export class TreeWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private timer: NodeJS.Timeout | null = null;
  private rescan = false;
  private closed = false;

  constructor(
    private readonly roots: readonly string[],
    private readonly onChange: () => void,
    private readonly delayMs = 40,
  ) {}

  start(): void {
    for (const root of this.roots) this.walk(root);
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private walk(folder: string): void {
    if (this.closed || this.watchers.size >= MAX_FOLDERS) return;
    if (!this.watchers.has(folder)) this.watch(folder);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !isSkippedFolder(entry.name)) this.walk(path.join(folder, entry.name));
    }
  }

  private watch(folder: string): void {
    try {
      const watcher = fs.watch(folder, { persistent: false }, (_event, name) => this.event(name === null ? null : String(name)));
      watcher.on('error', () => {
        watcher.close();
        this.watchers.delete(folder);
      });
      this.watchers.set(folder, watcher);
    } catch {
      // A folder that vanished or cannot be watched: the next tool call still sees the disk.
    }
  }

  private event(name: string | null): void {
    if (this.closed) return;
    if (name === null || !name.endsWith(SOURCE_EXTENSION)) {
      // A folder may have appeared (or gone): walk again once things are quiet.
      if (name === null || !isSkippedFolder(name)) this.rescan = true;
      else return;
    }
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.rescan) {
        this.rescan = false;
        for (const [watched, watcher] of this.watchers) {
          if (!fs.existsSync(watched)) {
            watcher.close();
            this.watchers.delete(watched);
          }
        }
        for (const root of this.roots) this.walk(root);
      }
      this.onChange();
    }, this.delayMs);
    this.timer.unref?.();
  }
}
