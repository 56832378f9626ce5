// One MCP session: the connection's view of the workspace. It knows the roots (the ones
// the client declares through roots/list, refreshed on roots/list_changed, else --root,
// else the current folder), guards every path against them, brings the language service
// up to date with the disk before each answer, watches the roots for changes, and carries
// the protocol chores tools share: logging, progress, cancellation, inline sources.

import { fileURLToPath } from 'node:url';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ListRootsResultSchema, RootsListChangedNotificationSchema, SetLevelRequestSchema, type LoggingLevel, type ServerNotification, type ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { collectFiles } from '../../src/service/host.js';
import type { LanguageService } from '../../src/service/language-service.js';
import { createPathGuard, type PathGuard } from '../../src/service/host.js';
import { fileUri, type FileSync, type SyncChanges } from './file-sync.js';
import type { WorkspaceOwner } from './owner.js';
import { TreeWatcher } from './watcher.js';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface SessionOptions {
  /** Roots used when the client declares none (from --root, else the current folder). */
  roots: readonly string[];
  /** Folders a program run by the `run` tool may read / write. */
  allowRead: readonly string[];
  allowWrite: readonly string[];
  /** Watch the roots for changes made on disk (default true). */
  watch: boolean;
  /** Also print warnings and errors on stderr. */
  stderr: boolean;
  /** A process that owns the workspace (the background agent): see owner.ts. */
  owner?: WorkspaceOwner;
}

export type RootsOrigin = 'client' | 'option';

/** The display name of a source passed inline instead of a path. */
export const INLINE_NAME = '<source>';

/** Thrown by long work when the client cancelled the request. */
export class RequestCancelled extends Error {
  constructor() {
    super('request cancelled by the client');
  }
}

const LEVELS: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

let inlineCounter = 0;

export class Session {
  roots: readonly string[] = [];
  rootsOrigin: RootsOrigin = 'option';
  guard: PathGuard = createPathGuard([]);
  private rootsStale = true;
  private level: LoggingLevel = 'info';
  private rootsLoading: Promise<void> | null = null;
  private watcher: TreeWatcher | null = null;
  private closed = false;
  private stopHearingOwner: (() => void) | null = null;
  /** Called after every refresh that changed something (resources turn this into notifications). */
  readonly onChanges = new Set<(changes: SyncChanges, rootsChanged: boolean) => void>();
  /** Called when the watcher saw something change on disk. */
  readonly onDiskEvent = new Set<() => void>();

  constructor(
    readonly mcp: McpServer,
    readonly files: FileSync,
    readonly options: SessionOptions,
  ) {
    this.setRoots(options.roots, 'option');
    // The client's roots are asked for on the first request that needs files (over that
    // request's own stream, which every transport has open), and again after it says they changed.
    // Log messages below `info` are sent only after the client asks for them (logging/setLevel).
    mcp.server.setRequestHandler(SetLevelRequestSchema, async (request) => {
      this.level = request.params.level;
      return {};
    });
    mcp.server.setNotificationHandler(RootsListChangedNotificationSchema, () => {
      if (options.owner !== undefined) return;
      this.rootsStale = true;
      if (this.files.started) void this.loadClientRoots(undefined).then(() => this.afterRootsChanged());
    });
    if (options.owner !== undefined) {
      // The owner's roots are the workspace; its changes are this session's changes.
      this.rootsStale = false;
      this.stopHearingOwner = options.owner.onChanges((changes) => {
        if (this.closed) return;
        for (const listener of this.onChanges) listener(changes, false);
      });
    }
  }

  // ---------------------------------------------------------------- roots

  private setRoots(roots: readonly string[], origin: RootsOrigin): boolean {
    const guard = createPathGuard(roots);
    const changed = guard.roots.join('\0') !== this.guard.roots.join('\0');
    this.guard = guard;
    this.roots = guard.roots;
    this.rootsOrigin = origin;
    if (changed && this.watcher !== null) {
      this.watcher.close();
      this.watcher = null;
    }
    return changed;
  }

  /** Asks the client for its roots (once, and again after roots/list_changed). */
  private loadClientRoots(extra: Extra | undefined): Promise<void> {
    if (this.rootsLoading !== null) return this.rootsLoading;
    if (!this.rootsStale) return Promise.resolve();
    this.rootsLoading = this.askClientRoots(extra).finally(() => {
      this.rootsLoading = null;
    });
    return this.rootsLoading;
  }

  private async askClientRoots(extra: Extra | undefined): Promise<void> {
    this.rootsStale = false;
    if (this.mcp.server.getClientCapabilities()?.roots === undefined) return;
    try {
      const options = { timeout: 5_000 };
      const { roots } = extra !== undefined
        ? await extra.sendRequest({ method: 'roots/list' }, ListRootsResultSchema, options)
        : await this.mcp.server.listRoots(undefined, options);
      const folders: string[] = [];
      for (const root of roots) {
        const folder = folderOfRoot(root.uri);
        if (folder === null) this.log('warning', `ignoring root ${root.uri}: only existing local folders (file:// URIs) can be workspace roots`);
        else folders.push(folder);
      }
      if (folders.length > 0) this.setRoots(folders, 'client');
      else this.setRoots(this.options.roots, 'option');
    } catch (error) {
      this.log('warning', `could not list the client's roots (${(error as Error).message}); using ${this.options.roots.join(', ')}`);
    }
  }

  private afterRootsChanged(): void {
    this.log('info', `workspace roots: ${this.roots.join(', ')}`);
    if (!this.files.started) return;
    void this.files.service().then((service) => {
      const changes = this.refresh(service);
      for (const listener of this.onChanges) listener(changes, true);
      this.startWatching();
    });
  }

  // ---------------------------------------------------------------- files

  /**
   * Everything a tool needs before it answers: the roots, the language service (created on
   * first use) and every file under the roots equal to the disk.
   */
  async prepare(extra?: Extra): Promise<LanguageService> {
    await this.loadClientRoots(extra);
    const first = !this.files.started;
    const service = await this.files.service();
    if (first) this.log('info', `language service ready; workspace roots: ${this.roots.join(', ')}`);
    this.refresh(service);
    this.startWatching();
    return service;
  }

  /** Compares every file under the roots with the disk; tells the listeners what changed. */
  refresh(service: LanguageService): SyncChanges {
    if (this.options.owner !== undefined) {
      // The owner tells every session (this one included) what changed, through onChanges.
      this.options.owner.refresh(service);
      return { changed: [], added: [], removed: [] };
    }
    const changes = this.files.sync(service, this.listFiles(), (absolute) => this.guard.contains(absolute));
    if (changes.added.length + changes.changed.length + changes.removed.length > 0) {
      this.log('debug', `files re-read from disk: ${changes.added.length} new, ${changes.changed.length} changed, ${changes.removed.length} removed`);
      for (const listener of this.onChanges) listener(changes, false);
    }
    return changes;
  }

  /** The real paths of the `*.ruchy` files under the roots. */
  listFiles(): string[] {
    const out = new Set<string>();
    for (const target of collectFiles(this.roots, '/').targets) {
      if (target.kind !== 'file') continue;
      let real: string;
      try {
        real = fs.realpathSync.native(target.absolute);
      } catch {
        continue;
      }
      if (this.guard.contains(real)) out.add(real);
    }
    return [...out];
  }

  /** URIs of the workspace files under the roots, in path order. */
  fileUris(service: LanguageService): string[] {
    const uris = service.files().filter((uri) => {
      const absolute = pathOfUri(uri);
      return absolute !== null && this.guard.contains(absolute);
    });
    return uris.sort((a, b) => compare(this.display(a), this.display(b)));
  }

  /** Files under the roots that could not be read, with the reason. */
  unreadableFiles(): { path: string; reason: string }[] {
    const out: { path: string; reason: string }[] = [];
    for (const [absolute, reason] of this.files.unreadable) {
      if (this.guard.contains(absolute)) out.push({ path: this.guard.display(absolute), reason });
    }
    return out.sort((a, b) => compare(a.path, b.path));
  }

  /** A file's name for a model: relative to the root. */
  display(uri: string): string {
    if (uri.startsWith('untitled:')) return INLINE_NAME;
    const absolute = pathOfUri(uri);
    return absolute === null ? uri : this.guard.display(absolute);
  }

  /** A path argument naming one file, resolved inside the roots and loaded into the service. */
  resolveFile(service: LanguageService, input: string): { uri: string; absolute: string; display: string } | { error: string } {
    const resolved = this.guard.resolve(input);
    if (!resolved.ok) return this.refusePath(input, resolved.error);
    if (!resolved.exists) return { error: `no file "${input}" in the workspace (${this.roots.join(', ')}); list the files with the \`symbols\` or \`diagnostics\` tool, or pass the code inline as \`source\`` };
    if (resolved.isDirectory) return { error: `"${input}" is a folder; this tool needs a file (a folder is accepted by \`diagnostics\` and \`quality\`)` };
    const uri = fileUri(resolved.path);
    const owned = this.options.owner !== undefined;
    if (!owned && (service.getDocument(uri) === undefined || !this.guard.contains(resolved.path) || !resolved.path.endsWith('.ruchy'))) {
      // A file outside the search (another extension, a skipped folder): compared with the disk on each use.
      // (With an owner, the owner alone decides which files the service holds.)
      this.files.sync(service, [resolved.path], () => false);
    }
    if (service.getDocument(uri) === undefined) {
      const reason =
        this.files.unreadable.get(resolved.path) ??
        (owned ? 'it is not one of the files the background agent checks (see watch_patterns and ignore_patterns in ruchy-agent.toml)' : 'it could not be read');
      return { error: `cannot use "${input}": ${reason}` };
    }
    return { uri, absolute: resolved.path, display: this.guard.display(resolved.path) };
  }

  /** A path argument naming a file or a folder: the workspace files it covers. */
  resolveFiles(service: LanguageService, input: string): { uris: string[]; display: string } | { error: string } {
    const resolved = this.guard.resolve(input);
    if (!resolved.ok) return this.refusePath(input, resolved.error);
    if (!resolved.exists) return { error: `no file or folder "${input}" in the workspace (${this.roots.join(', ')})` };
    if (!resolved.isDirectory) {
      const file = this.resolveFile(service, input);
      return 'error' in file ? file : { uris: [file.uri], display: file.display };
    }
    const uris = this.fileUris(service).filter((uri) => {
      const absolute = pathOfUri(uri);
      return absolute !== null && (absolute === resolved.path || absolute.startsWith(resolved.path + path.sep));
    });
    return { uris, display: this.guard.display(resolved.path) };
  }

  /** A path the guard refused: logged (a warning, so on stderr too) with the reason, and the reason returned. */
  private refusePath(input: string, error: string): { error: string } {
    this.log('warning', `refused path ${JSON.stringify(input.length > 300 ? input.slice(0, 300) + '...' : input)}: ${error}`);
    return { error };
  }

  /** Runs `fn` with `source` as a temporary file of the workspace (removed afterwards). */
  withSource<T>(service: LanguageService, source: string, fn: (uri: string) => T): T {
    const uri = `untitled:inline-${++inlineCounter}.ruchy`;
    service.setFile(uri, source);
    try {
      return fn(uri);
    } finally {
      service.removeFile(uri);
    }
  }

  // ---------------------------------------------------------------- watching

  private startWatching(): void {
    if (!this.options.watch || this.options.owner !== undefined || this.watcher !== null || this.closed) return;
    this.watcher = new TreeWatcher(this.roots, () => {
      for (const listener of this.onDiskEvent) listener();
    });
    this.watcher.start();
  }

  close(): void {
    this.closed = true;
    this.stopHearingOwner?.();
    this.stopHearingOwner = null;
    this.watcher?.close();
    this.watcher = null;
  }

  // ---------------------------------------------------------------- protocol chores

  /** A log message to the client (notifications/message) and, for warnings and worse, stderr. */
  log(level: LoggingLevel, message: string): void {
    if (this.options.stderr && LEVELS.indexOf(level) >= LEVELS.indexOf('warning')) process.stderr.write(`ruchy-agent mcp: ${level}: ${message}\n`);
    if (!this.mcp.isConnected() || LEVELS.indexOf(level) < LEVELS.indexOf(this.level)) return;
    this.mcp.server.sendLoggingMessage({ level, logger: 'ruchy-agent', data: message }, this.mcp.server.transport?.sessionId).catch(() => undefined);
  }

  /** Reports progress when the request carries a progress token. */
  async progress(extra: Extra | undefined, progress: number, total: number, message: string): Promise<void> {
    const token = extra?._meta?.progressToken;
    if (token === undefined || extra === undefined || extra.signal.aborted) return;
    await extra
      .sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, total, message } })
      .catch(() => undefined);
  }

  /** Lets cancellations and other messages in between units of long work; throws when cancelled. */
  async checkpoint(extra: Extra | undefined): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (extra?.signal.aborted) throw new RequestCancelled();
  }
}

export function pathOfUri(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

function folderOfRoot(uri: string): string | null {
  const folder = pathOfUri(uri);
  if (folder === null) return null;
  try {
    return fs.statSync(folder).isDirectory() ? folder : null;
  } catch {
    return null;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
