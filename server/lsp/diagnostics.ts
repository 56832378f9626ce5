// Diagnostics, pushed and pulled, from the same computation.
//
// Push: after an edit, the document's diagnostics are published for its newest version
// only; the analysis runs in slices, so that other requests are answered while a large
// file is checked. The first edit after a pause is checked at once; edits in quick succession
// (typing) are debounced. A run is skipped, or its analysis cancelled, when a newer
// notification about the document has already arrived (the message reader counts them as
// they come in, before they are dispatched), so publications never go out of order and
// never describe a version the editor has left. Other files, whose diagnostics may change
// through cross-file references, follow a little later, and only when they changed.
//
// Pull: `textDocument/diagnostic` and `workspace/diagnostic` answer with a result id
// (a hash of the report); an unchanged report is answered as `unchanged`. A workspace pull
// with nothing new is held open until something changes (the client re-asks at once
// otherwise).

import * as L from 'vscode-languageserver/node.js';
import type { LanguageService } from '../../src/service/language-service.js';
import { CancellationSource, OperationCancelled, type CancellationToken } from '../../src/service/host.js';
import { describe, nextTurn, type Session } from './session.js';

/** Edits closer together than this are a burst: debounce instead of checking at once. */
const BURST_MS = 100;
/** Delay after the last edit of a burst. */
const DEBOUNCE_MS = 100;
/** Delay before re-checking the other files after an edit. */
const OTHERS_DELAY_MS = 200;
/** Longest stretch of work between two turns of the event loop while checking other files. */
const SLICE_MS = 20;

interface DocumentEntry {
  /** Cancels the scheduled run; null when none is scheduled. */
  cancelRun: (() => void) | null;
  source: CancellationSource | null;
  lastChange: number;
}

export interface Report {
  /** A hash of the report (for pull result ids); computed on first use. */
  readonly resultId: string;
  readonly diagnostics: L.Diagnostic[];
  /** The version of the document the diagnostics describe. */
  readonly version: number;
}

export class Diagnostics {
  private readonly entries = new Map<string, DocumentEntry>();
  /** What was last published per file (push mode). */
  private readonly published = new Map<string, L.Diagnostic[]>();
  private othersTimer: NodeJS.Timeout | null = null;
  private othersSource: CancellationSource | null = null;
  private readonly changeListeners = new Set<() => void>();
  private revision = 0;

  constructor(private readonly session: Session) {}

  /** A document changed (edit, open, close, change on disk): publish its diagnostics, then the others'. */
  changed(uri: string): void {
    this.revision++;
    for (const listener of [...this.changeListeners]) listener();
    if (!this.session.pushesDiagnostics) {
      this.scheduleOthers();
      return;
    }
    const entry = this.entry(uri);
    entry.source?.cancel();
    entry.source = null;
    entry.cancelRun?.();
    const now = performance.now();
    const burst = now - entry.lastChange < BURST_MS;
    entry.lastChange = now;
    const run = () => {
      entry.cancelRun = null;
      void this.publish(uri, entry);
    };
    // After a pause: on the next turn of the event loop (messages that arrived with this
    // one are counted by then, see Session.hasNewerChange); while typing: debounced.
    if (burst) {
      const timer = setTimeout(run, DEBOUNCE_MS);
      entry.cancelRun = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(run);
      entry.cancelRun = () => clearImmediate(immediate);
    }
    this.scheduleOthers();
  }

  /** Many files changed at once (indexing, folders, files on disk). */
  changedMany(): void {
    this.revision++;
    for (const listener of [...this.changeListeners]) listener();
    this.scheduleOthers(0);
  }

  /** A file left the workspace: clear what was published for it. */
  removed(uri: string): void {
    this.revision++;
    for (const listener of [...this.changeListeners]) listener();
    const entry = this.entries.get(uri);
    entry?.cancelRun?.();
    entry?.source?.cancel();
    this.entries.delete(uri);
    if (this.published.delete(uri)) void this.session.connection.sendDiagnostics({ uri: this.session.clientUri(uri), diagnostics: [] });
    this.scheduleOthers();
  }

  /** The diagnostics of a file with a result id; throws OperationCancelled when the token says so. */
  report(service: LanguageService, uri: string, token: CancellationToken): Report | null {
    const document = service.getDocument(uri);
    if (document === undefined) return null;
    const found = service.diagnostics(uri, token);
    const diagnostics = this.session.convert.diagnostics(uri, document.lineIndex, found);
    let resultId: string | null = null;
    return {
      diagnostics,
      version: document.version,
      get resultId() {
        resultId ??= hash(JSON.stringify(diagnostics));
        return resultId;
      },
    };
  }

  /** The workspace's revision of changes; a held workspace pull waits for it to move. */
  get currentRevision(): number {
    return this.revision;
  }

  /** Resolves at the next change, or when `token` is cancelled (returns false then). */
  nextChange(token: L.CancellationToken): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (changed: boolean) => {
        this.changeListeners.delete(onChange);
        cancel.dispose();
        resolve(changed);
      };
      const onChange = () => done(true);
      this.changeListeners.add(onChange);
      const cancel = token.onCancellationRequested(() => done(false));
    });
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.cancelRun?.();
    if (this.othersTimer) clearTimeout(this.othersTimer);
    for (const listener of [...this.changeListeners]) listener();
  }

  // ---------------------------------------------------------------- push

  private entry(uri: string): DocumentEntry {
    let entry = this.entries.get(uri);
    if (entry === undefined) {
      entry = { cancelRun: null, source: null, lastChange: -Infinity };
      this.entries.set(uri, entry);
    }
    return entry;
  }

  private async publish(uri: string, entry: DocumentEntry): Promise<void> {
    const session = this.session;
    // Before the workspace is indexed, imports would look unresolved: the pass over all
    // files that follows indexing publishes this document too.
    if (!session.serviceLoaded || session.isIndexing || session.hasNewerChange(uri)) return;
    const source = new CancellationSource();
    entry.source = source;
    const token: CancellationToken = {
      get isCancelled() {
        return source.token.isCancelled || session.hasNewerChange(uri);
      },
    };
    try {
      // A large text still being parsed (in slices), or changes waiting for it, come first.
      await session.settled();
      if (token.isCancelled) return;
      // In slices: the server answers other requests while a large file is checked. A
      // change of another file rejects the run (OperationCancelled): catch up with it; a
      // newer change of this one publishes by itself.
      for (let current = false; !current; ) {
        try {
          await session.service.analysisInSlices();
          current = true;
        } catch (error) {
          if (!(error instanceof OperationCancelled) || token.isCancelled) throw error;
        }
      }
      if (token.isCancelled) return;
      const report = this.report(session.service, uri, token);
      if (report === null || token.isCancelled) return;
      this.send(uri, report);
    } catch (error) {
      if (!(error instanceof OperationCancelled)) session.log.error(`diagnostics of ${uri} failed: ${describe(error)}`);
    } finally {
      if (entry.source === source) entry.source = null;
    }
  }

  private send(uri: string, report: Report): void {
    this.published.set(uri, report.diagnostics);
    const params: L.PublishDiagnosticsParams = { uri: this.session.clientUri(uri), diagnostics: report.diagnostics };
    // The version of the text checked (the editor's, for an open document).
    if (this.session.open.has(uri)) params.version = report.version;
    void this.session.connection.sendDiagnostics(params);
  }

  /** Re-checks every file after a pause; publishes those whose diagnostics changed (or asks pull clients to refresh). */
  private scheduleOthers(delay = OTHERS_DELAY_MS): void {
    this.othersSource?.cancel();
    if (this.othersTimer !== null) clearTimeout(this.othersTimer);
    this.othersTimer = setTimeout(() => {
      this.othersTimer = null;
      void this.publishOthers();
    }, delay);
  }

  private async publishOthers(): Promise<void> {
    const session = this.session;
    if (!session.pushesDiagnostics) {
      if (session.features.diagnosticRefresh) void session.connection.languages.diagnostics.refresh();
      return;
    }
    const source = new CancellationSource();
    this.othersSource = source;
    let service: LanguageService;
    try {
      service = await session.ready();
      await session.settled();
    } catch {
      return;
    }
    let slice = performance.now();
    for (const uri of service.files()) {
      // Give incoming edits a turn now and then; an edit cancels this pass and starts a new one.
      if (performance.now() - slice > SLICE_MS) {
        await nextTurn();
        slice = performance.now();
      }
      if (source.token.isCancelled) return;
      try {
        // Up to date in slices (files added or changed on disk since); the reports below are then cheap.
        await service.analysisInSlices();
      } catch (error) {
        if (!(error instanceof OperationCancelled)) session.log.error(`diagnostics failed: ${describe(error)}`);
        return;
      }
      if (source.token.isCancelled) return;
      // A document with its own run pending or newer changes coming publishes by itself.
      const entry = this.entries.get(uri);
      if (entry?.cancelRun || session.hasNewerChange(uri) || session.hasPendingChanges(uri)) continue;
      try {
        const report = this.report(service, uri, source.token);
        if (report === null) continue;
        const previous = this.published.get(uri);
        if (previous === undefined ? report.diagnostics.length === 0 && !session.open.has(uri) : sameDiagnostics(previous, report.diagnostics)) continue;
        this.send(uri, report);
      } catch (error) {
        if (error instanceof OperationCancelled) return;
        session.log.error(`diagnostics of ${uri} failed: ${describe(error)}`);
      }
    }
    if (this.othersSource === source) this.othersSource = null;
  }
}

function sameDiagnostics(a: readonly L.Diagnostic[], b: readonly L.Diagnostic[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

/** FNV-1a (32 bits) and the length: a result id that changes when the report does. */
export function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0') + text.length.toString(16);
}
