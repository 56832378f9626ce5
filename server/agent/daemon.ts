// The background agent itself: one project, one language service, kept equal to the disk
// and served over MCP. It is the same whether it runs detached (`agent start`) or in the
// foreground (`agent run`); ./main.ts is the process around it.
//
//   file events (./watcher.ts) -> bounded, debounced queue (./scheduler.ts) -> check:
//     only the paths named are looked at again (a new folder is searched and watched, a
//     vanished one dropped); a file is re-read only when its size, time or inode changed,
//     and the service re-analyses only the items whose text changed (FileSync, shared
//     with the MCP server); the whole project is compared with the disk every
//     check_interval_seconds, after a queue overflow, and before every MCP answer.
//   after each check -> the report (./status.ts) is measured when something changed,
//     agent.json rewritten (./state.ts), and the MCP sessions told what changed (they send
//     notifications/resources/updated to their subscribers).
//
// The MCP endpoint is server/mcp's Streamable HTTP server on 127.0.0.1 with this agent as
// the owner of the workspace (server/mcp/owner.ts): every session sees the agent's files,
// its ruchy://status includes the agent's state, and it hears the agent's changes.
//
// Nothing on disk stops it: unreadable, binary or vanishing files are reported, never
// fatal; when the project folder disappears the agent reports it, polls for it, and when
// it comes back (or is replaced by a new folder of the same name) watches and checks it
// again and writes its pid and state files again.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuchyAgentConfig } from '../../src/service/host.js';
import { createLanguageService, type LanguageService } from '../../src/service/language-service.js';
import type { DocumentState } from '../../src/service/host.js';
import { FileSync, type SyncChanges } from '../mcp/file-sync.js';
import { serveHttp, type HttpHandle } from '../mcp/http.js';
import type { OwnerStatus, WorkspaceOwner } from '../mcp/owner.js';
import { pathOfUri } from '../mcp/session.js';
import type { Logger } from './log.js';
import { compilePathRules } from './patterns.js';
import { ProjectFiles } from './project-files.js';
import { CheckScheduler, type Work } from './scheduler.js';
import { acquirePidFile, inspect, processStart, readPid, writeState, type AgentState, type StatePaths } from './state.js';
import { describeChanges, measureProject, summaryLine, type ProjectReport } from './status.js';
import { ProjectWatcher } from './watcher.js';

/** Paths pending at most before the next check becomes a full rescan. */
export const MAX_PENDING_PATHS = 1000;
/** How often a missing project folder is looked for. */
const MISSING_POLL_MS = 500;

export interface AgentOptions {
  /** The real path of the project folder. */
  root: string;
  config: RuchyAgentConfig;
  configSource: string | null;
  paths: StatePaths;
  log: Logger;
  /** Started by `agent start` (recorded in agent.json; `stop` may then signal its process group). */
  detached: boolean;
  /** The bearer token MCP clients must send ('' or undefined: none). */
  token?: string;
  /** The agent cannot go on (another agent took over the project): the process should stop. */
  onFatal(reason: string): void;
}

export class Agent implements WorkspaceOwner {
  readonly service: LanguageService;
  readonly files: FileSync;
  readonly notifications: boolean;
  private readonly project: ProjectFiles;
  private readonly watcher: ProjectWatcher;
  private readonly scheduler: CheckScheduler;
  private readonly listeners = new Set<(changes: SyncChanges) => void>();
  private readonly startedAt = new Date();
  private readonly procStart = processStart(process.pid);
  private http: HttpHandle | null = null;
  private report: ProjectReport | null = null;
  /** The documents the last report was measured on (DocumentState is immutable: a new one per change). */
  private documents = new Map<string, DocumentState>();
  private unreadableKey = '';
  private missing = false;
  private rootIdentity: string | null = null;
  private missingPoll: NodeJS.Timeout | null = null;
  private checks = 0;
  private lastCheck: Date | null = null;
  private lastFullCheck: Date | null = null;
  private ready = false;
  private closed = false;
  private warnedTruncated = false;
  private lastStateError = '';

  constructor(private readonly options: AgentOptions) {
    const { config, log } = options;
    this.service = createLanguageService({ maxComplexity: config.quality.max_complexity, maxCognitiveComplexity: config.quality.max_cognitive_complexity });
    this.files = new FileSync(this.service);
    this.notifications = config.agent.enable_notifications;
    this.project = new ProjectFiles(options.root, compilePathRules(config.monitoring.watch_patterns, config.monitoring.ignore_patterns));
    this.scheduler = new CheckScheduler(
      {
        debounceMs: config.agent.debounce_ms,
        maxWaitMs: Math.max(1000, config.agent.debounce_ms * 10),
        maxPending: MAX_PENDING_PATHS,
        intervalMs: config.agent.check_interval_seconds * 1000,
      },
      (work) => this.check(work),
      (error) => log.error(`a check failed: ${describe(error)}`),
    );
    this.watcher = new ProjectWatcher(this.project, (changed) => this.scheduler.add(changed), (message) => log.warn(message));
  }

  get port(): number | null {
    return this.http?.port ?? null;
  }

  /** Loads the project, starts the MCP endpoint, watching and the periodic check. */
  async start(): Promise<void> {
    const { config, log, root } = this.options;
    this.rootIdentity = identityOf(root);
    this.watcher.start();
    this.check({ full: true, paths: [], reason: 'recovery' });
    this.http = await serveHttp(this.service, {
      mode: 'http',
      host: '127.0.0.1',
      port: config.server.port,
      token: this.options.token !== undefined && this.options.token !== '' ? this.options.token : undefined,
      roots: [root],
      files: this.files,
      owner: this,
      watch: false,
    });
    this.scheduler.start();
    this.ready = true;
    this.writeState();
    log.info(`ready: MCP endpoint http://127.0.0.1:${this.http.port}/mcp${this.options.token ? ' (bearer token required)' : ''}; watching ${this.watcher.size} folders; ` +
      `debounce ${config.agent.debounce_ms} ms, full check every ${config.agent.check_interval_seconds} s`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduler.close();
    this.watcher.close();
    if (this.missingPoll !== null) clearInterval(this.missingPoll);
    this.missingPoll = null;
    this.listeners.clear();
    await this.http?.close();
    this.http = null;
  }

  // ---------------------------------------------------------------- WorkspaceOwner

  /** Before an MCP answer: the pending events at once, then the whole project compared with the disk. */
  refresh(_service: LanguageService): void {
    if (this.closed) return;
    const pending = this.scheduler.takeWork();
    this.check({ full: true, paths: pending?.paths ?? [], reason: pending?.full === true ? pending.reason : 'request' });
  }

  onChanges(listener: (changes: SyncChanges) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): OwnerStatus {
    const state = this.snapshot();
    const fields = {
      name: state.name,
      project: state.project,
      pid: state.pid,
      port: state.port,
      started_at: state.started_at,
      project_missing: state.project_missing,
      last_check: state.last_check,
      last_full_check: state.last_full_check,
      checks: state.checks,
      pending_events: state.pending_events,
      watched_folders: state.watched_folders,
      quality_gate: state.quality_gate,
      summary: `Background agent "${state.name}" (pid ${state.pid}): ${this.missing ? 'the project folder is MISSING; ' : ''}${summaryLine(this.currentReport())}.`,
    };
    return { fields, signature: JSON.stringify([state.project_missing, state.quality_gate]) };
  }

  // ---------------------------------------------------------------- checking

  private check(work: Work): void {
    if (this.closed) return;
    const started = performance.now();
    const identity = identityOf(this.options.root);
    if (identity === null) return this.enterMissing(started);
    let full = work.full;
    let rewatch = work.reason === 'interval' || work.reason === 'overflow';
    if (this.missing || identity !== this.rootIdentity) {
      this.recover(identity);
      full = true;
      rewatch = false; // recover() has just watched the tree
    }
    if (full) {
      for (const p of work.paths) if (this.project.kindOf(p) === 'folder') this.watcher.watchTree(p);
      if (!this.syncAll(rewatch)) return this.enterMissing(started);
    } else {
      for (const p of work.paths) {
        try {
          this.syncPath(p);
        } catch (error) {
          this.options.log.error(`could not look at ${p}: ${describe(error)}`);
        }
      }
    }
    if (work.reason !== 'request') this.guardLock();
    this.finish(full, work.reason, started);
  }

  /** The whole project compared with the disk; false when the project folder is gone. */
  private syncAll(rewatch: boolean): boolean {
    if (rewatch) {
      this.watcher.prune();
      this.watcher.watchTree(this.options.root);
    }
    const listing = this.project.list();
    if (listing.missing) return false;
    this.files.sync(this.service, listing.files, () => true);
    for (const problem of listing.problems) this.files.unreadable.set(problem.absolute, problem.reason);
    if (listing.truncated && !this.warnedTruncated) {
      this.warnedTruncated = true;
      this.options.log.warn(`the project has more than ${listing.files.length} files to check; the others are left out`);
    }
    return true;
  }

  /** One path named by a file event: a file, a folder (new, or gone), or something else. */
  private syncPath(p: string): void {
    if (p === this.options.root) {
      this.syncAll(false);
      return;
    }
    if (!this.project.contains(p)) return;
    const under = (absolute: string) => absolute === p || absolute.startsWith(p + path.sep);
    const kind = this.project.kindOf(p);
    if (kind === 'missing') {
      // A file or a folder is gone (deleted, or renamed: the new name has its own event).
      this.watcher.prune(p);
      this.files.sync(this.service, [], under);
      return;
    }
    if (kind === 'folder') {
      if (!this.project.searchesFolder(p)) return;
      this.watcher.watchTree(p);
      const listing = this.project.list(p);
      this.files.sync(this.service, listing.files, under);
      for (const problem of listing.problems) this.files.unreadable.set(problem.absolute, problem.reason);
      return;
    }
    if (!this.project.watchesFile(p)) return;
    const real = this.project.realFile(p);
    if ('reason' in real) {
      this.files.sync(this.service, [], (absolute) => absolute === p);
      if (real.reason !== null) this.files.unreadable.set(p, real.reason);
      return;
    }
    this.files.sync(this.service, [real.path], () => false);
  }

  /**
   * After a check: what changed is read from the service itself (its documents against
   * those of the last report), so that changes made by anyone count: this check, an MCP
   * session that wrote files (rename, format), or one that compared a file with the disk.
   */
  private finish(full: boolean, reason: Work['reason'], started: number): void {
    this.checks++;
    this.lastCheck = new Date();
    if (full) this.lastFullCheck = this.lastCheck;
    const changes = this.diffDocuments();
    const changed = changes.changed.length + changes.added.length + changes.removed.length > 0;
    const unreadableKey = [...this.files.unreadable].map(([p, r]) => `${p}\0${r}`).sort().join('\n');
    const reportChanged = changed || this.report === null || unreadableKey !== this.unreadableKey;
    if (reportChanged) {
      this.unreadableKey = unreadableKey;
      const before = this.report;
      this.report = this.measure();
      const ms = Math.round(performance.now() - started);
      const what = before === null ? 'loaded the project' : `checked (${reason}: ${describeSync(changes)})`;
      this.options.log.info(`${what} in ${ms} ms: ${summaryLine(this.report)}`);
      for (const line of describeChanges(before, this.report)) this.options.log.info(`  ${line}`);
      for (const listener of [...this.listeners]) {
        try {
          listener(changes);
        } catch (error) {
          this.options.log.error(`could not notify an MCP session: ${describe(error)}`);
        }
      }
    }
    if (reportChanged || reason !== 'request') this.writeState();
  }

  /** The project's documents that are new, changed or gone since the last call. */
  private diffDocuments(): SyncChanges {
    const changes: SyncChanges = { changed: [], added: [], removed: [] };
    const now = new Map<string, DocumentState>();
    for (const uri of this.service.files()) {
      const absolute = pathOfUri(uri);
      const document = this.service.getDocument(uri);
      if (absolute === null || document === undefined || !this.project.contains(absolute)) continue;
      now.set(uri, document);
      const before = this.documents.get(uri);
      if (before === undefined) changes.added.push(uri);
      else if (before !== document) changes.changed.push(uri);
    }
    for (const uri of this.documents.keys()) if (!now.has(uri)) changes.removed.push(uri);
    this.documents = now;
    return changes;
  }

  private measure(): ProjectReport {
    const uris = this.service.files().filter((uri) => {
      const absolute = pathOfUri(uri);
      return absolute !== null && this.project.contains(absolute);
    });
    uris.sort();
    const unreadable = [...this.files.unreadable].map(([absolute, reason]) => ({ path: this.display(absolute), reason }));
    return measureProject(this.service, uris, (uri) => this.display(pathOfUri(uri) ?? uri), unreadable, this.options.config);
  }

  private currentReport(): ProjectReport {
    return this.report ?? measureProject(this.service, [], (uri) => uri, [], this.options.config);
  }

  private display(absolute: string): string {
    return this.project.relative(absolute) ?? absolute;
  }

  // ---------------------------------------------------------------- the project folder comes and goes

  private enterMissing(started: number): void {
    if (this.missing) return;
    this.missing = true;
    this.options.log.warn(`the project folder ${this.options.root} is gone; the agent keeps running and checks it again when it comes back`);
    this.watcher.close();
    this.files.sync(this.service, [], () => true);
    this.files.unreadable.clear();
    this.finish(true, 'events', started);
    this.missingPoll = setInterval(() => {
      if (identityOf(this.options.root) !== null) this.scheduler.requestFull('recovery');
    }, MISSING_POLL_MS);
  }

  private recover(identity: string): void {
    const wasMissing = this.missing;
    this.missing = false;
    if (this.missingPoll !== null) clearInterval(this.missingPoll);
    this.missingPoll = null;
    this.rootIdentity = identity;
    this.options.log.info(wasMissing ? 'the project folder is back: watching and checking it again' : 'the project folder was replaced: watching the new one');
    this.watcher.close();
    this.watcher.start();
    this.guardLock();
  }

  /** Keeps agent.pid naming this process (it vanishes with the project folder or a `git clean`). */
  private guardLock(): void {
    const { paths, log } = this.options;
    const holder = readPid(paths);
    if (holder === process.pid) return;
    try {
      if (holder !== null) {
        const found = inspect(paths);
        if (found.kind === 'running' && found.pid !== process.pid) {
          log.error(`another agent (pid ${found.pid}) now holds ${paths.pid}; this one stops`);
          this.options.onFatal(`another agent (pid ${found.pid}) took over the project`);
          return;
        }
      }
      const taken = acquirePidFile(paths, process.pid);
      if (!taken.ok) {
        log.error(`another agent (pid ${taken.holder}) now holds ${paths.pid}; this one stops`);
        this.options.onFatal(`another agent (pid ${taken.holder}) took over the project`);
        return;
      }
      log.warn(`${paths.pid} was missing or stale: written again`);
      this.writeState();
    } catch (error) {
      if (identityOf(this.options.root) !== null) log.warn(`could not write ${paths.pid}: ${describe(error)}`);
    }
  }

  // ---------------------------------------------------------------- agent.json

  snapshot(): AgentState {
    const report = this.currentReport();
    const port = this.port;
    const { config } = this.options;
    return {
      version: 1,
      name: config.agent.name,
      pid: process.pid,
      proc_start: this.procStart,
      detached: this.options.detached,
      project: this.options.root,
      config: this.options.configSource,
      state: this.closed ? 'stopping' : this.ready ? 'ready' : 'starting',
      port,
      url: port === null ? null : `http://127.0.0.1:${port}/mcp`,
      token_required: this.options.token !== undefined && this.options.token !== '',
      started_at: this.startedAt.toISOString(),
      updated_at: new Date().toISOString(),
      project_missing: this.missing,
      last_check: this.lastCheck?.toISOString() ?? null,
      last_full_check: this.lastFullCheck?.toISOString() ?? null,
      checks: this.checks,
      files: report.files,
      errors: report.errors,
      warnings: report.warnings,
      unreadable: report.unreadable,
      quality_gate: report.gate,
      pending_events: this.scheduler.pendingCount,
      watched_folders: this.watcher.size,
    };
  }

  writeState(): void {
    if (this.closed || this.missing) return;
    try {
      writeState(this.options.paths, this.snapshot());
      this.lastStateError = '';
    } catch (error) {
      const message = describe(error);
      if (message !== this.lastStateError && identityOf(this.options.root) !== null) this.options.log.warn(`could not write ${this.options.paths.state}: ${message}`);
      this.lastStateError = message;
    }
  }
}

// ---------------------------------------------------------------- helpers

/** The identity of a folder (device and inode), or null when it is not there. */
function identityOf(folder: string): string | null {
  try {
    const stat = fs.statSync(folder, { bigint: true });
    return stat.isDirectory() ? `${stat.dev}:${stat.ino}` : null;
  } catch {
    return null;
  }
}

function describeSync(changes: SyncChanges): string {
  const parts: string[] = [];
  if (changes.added.length > 0) parts.push(`${changes.added.length} new`);
  if (changes.changed.length > 0) parts.push(`${changes.changed.length} changed`);
  if (changes.removed.length > 0) parts.push(`${changes.removed.length} removed`);
  return parts.length > 0 ? parts.join(', ') : 'unreadable files changed';
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
