// Keeps the language service's copy of each workspace file equal to the file on disk.
//
// Why: MCP tools are asked about files that the model, the user or another tool edits
// at any moment, and an answer about an old version is worse than none. So before a tool
// answers, the session lists the `*.ruchy` files under its roots and this module compares
// each one's size and modification time (nanoseconds) with what it last read; only a file
// whose stat changed is read again, and only a text that really changed reaches the
// service. Files that disappeared are removed. One FileSync, and one language service,
// are shared by every session of a server; each session brings its own roots.
//
// The language service is created on first use (`service()`), so that starting the
// server and answering `initialize` never pay for loading the parser and the checker.

import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { readSourceFile } from '../../src/service/host.js';
import type { LanguageService } from '../../src/service/language-service.js';

export type ServiceSource = LanguageService | (() => Promise<LanguageService>);

/** Larger files are reported as unreadable instead of being checked. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

interface Entry {
  uri: string;
  mtimeNs: bigint;
  size: bigint;
  ino: bigint;
}

export interface SyncChanges {
  /** Files whose text changed. */
  changed: string[];
  /** Files seen for the first time. */
  added: string[];
  /** Files that are gone (or became unreadable). */
  removed: string[];
}

export function fileUri(absolute: string): string {
  return pathToFileURL(absolute).href;
}

export class FileSync {
  private instance: LanguageService | null;
  private loading: Promise<LanguageService> | null = null;
  private readonly entries = new Map<string, Entry>();
  /** Files that could not be read, by absolute path, with the reason. */
  readonly unreadable = new Map<string, string>();
  /** When files were last compared with the disk. */
  lastCheck: Date | null = null;

  constructor(private readonly source: ServiceSource) {
    this.instance = typeof source === 'function' ? null : source;
  }

  /** The language service, created on first call. */
  async service(): Promise<LanguageService> {
    if (this.instance !== null) return this.instance;
    if (typeof this.source !== 'function') return this.source;
    this.loading ??= this.source().then((service) => (this.instance = service));
    return this.loading;
  }

  /** Whether the service exists yet (nothing has been loaded before it does). */
  get started(): boolean {
    return this.instance !== null;
  }

  /**
   * Brings `present` (absolute real paths of the files under some roots) up to date in the
   * service, and removes the files that `owns` claims but that are no longer present.
   */
  sync(service: LanguageService, present: readonly string[], owns: (absolute: string) => boolean): SyncChanges {
    const changes: SyncChanges = { changed: [], added: [], removed: [] };
    const seen = new Set(present);
    for (const absolute of present) this.syncOne(service, absolute, changes);
    for (const absolute of [...this.entries.keys()]) {
      if (!seen.has(absolute) && owns(absolute)) this.drop(service, absolute, changes);
    }
    for (const absolute of [...this.unreadable.keys()]) {
      if (!seen.has(absolute) && owns(absolute)) this.unreadable.delete(absolute);
    }
    this.lastCheck = new Date();
    return changes;
  }

  /** Records that the server itself wrote `text` to `absolute` (an applied rename or format). */
  wrote(service: LanguageService, absolute: string, text: string): void {
    const uri = fileUri(absolute);
    service.setFile(uri, text);
    const stat = statOf(absolute);
    if (stat !== null) this.entries.set(absolute, { uri, mtimeNs: stat.mtimeNs, size: stat.size, ino: stat.ino });
  }

  uriOf(absolute: string): string | undefined {
    return this.entries.get(absolute)?.uri;
  }

  private syncOne(service: LanguageService, absolute: string, changes: SyncChanges): void {
    const stat = statOf(absolute);
    const entry = this.entries.get(absolute);
    if (stat === null) {
      if (entry !== undefined) this.drop(service, absolute, changes);
      return;
    }
    if (entry !== undefined && entry.mtimeNs === stat.mtimeNs && entry.size === stat.size && entry.ino === stat.ino) return;
    const uri = entry?.uri ?? fileUri(absolute);
    const read = stat.size > BigInt(MAX_FILE_BYTES) ? { error: `file too large (${Number(stat.size / 1024n / 1024n)} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB)` } : readSourceFile(absolute);
    if ('error' in read) {
      this.unreadable.set(absolute, read.error);
      if (entry !== undefined) this.drop(service, absolute, changes);
      return;
    }
    this.unreadable.delete(absolute);
    this.entries.set(absolute, { uri, mtimeNs: stat.mtimeNs, size: stat.size, ino: stat.ino });
    const current = service.getDocument(uri);
    if (current !== undefined && current.text === read.text) return;
    service.setFile(uri, read.text);
    (entry === undefined && current === undefined ? changes.added : changes.changed).push(uri);
  }

  private drop(service: LanguageService, absolute: string, changes: SyncChanges): void {
    const entry = this.entries.get(absolute);
    this.entries.delete(absolute);
    if (entry !== undefined && service.removeFile(entry.uri)) changes.removed.push(entry.uri);
  }
}

function statOf(absolute: string): { mtimeNs: bigint; size: bigint; ino: bigint } | null {
  try {
    const stat = fs.statSync(absolute, { bigint: true });
    if (!stat.isFile()) return null;
    return { mtimeNs: stat.mtimeNs, size: stat.size, ino: stat.ino };
  } catch {
    return null;
  }
}
