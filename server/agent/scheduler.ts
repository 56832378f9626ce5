// When the background agent checks: file events are collected into a bounded queue of
// pending paths and handled together once the project has been quiet for `debounce_ms`;
// the whole project is checked again every `check_interval_seconds` whatever happens.
//
//   - Duplicates coalesce: a file saved ten times in a burst is looked at once.
//   - The queue is bounded: when more paths are pending than it holds (a branch switch, a
//     generator rewriting a tree), they are dropped and the next check is a full rescan,
//     which costs one walk and one stat per file and re-reads only what changed.
//   - A burst that never pauses is still checked after `maxWaitMs`.
//   - Checks never overlap: work is taken from the queue only when none is running, and
//     `takeWork` lets a caller (an MCP request) run the pending work at once.

export interface SchedulerOptions {
  debounceMs: number;
  /** Longest wait after the first event of a burst. */
  maxWaitMs: number;
  /** Pending paths kept at most. */
  maxPending: number;
  /** Period of the full rescan in milliseconds (0: none). */
  intervalMs: number;
}

export interface Work {
  /** Check every file of the project, not just `paths`. */
  full: boolean;
  /** Paths named by file events, in the order first seen. */
  paths: string[];
  /**
   * Why: file events, a queue overflow, the periodic check, the project folder coming
   * back, or a request (an MCP client asking, which wants the files equal to the disk).
   */
  reason: 'events' | 'overflow' | 'interval' | 'recovery' | 'request';
}

export class CheckScheduler {
  private readonly pending = new Set<string>();
  private full = false;
  private reason: Work['reason'] = 'events';
  private debounce: NodeJS.Timeout | null = null;
  private burstStart: number | null = null;
  private interval: NodeJS.Timeout | null = null;
  private running = false;
  private closed = false;

  constructor(
    private readonly options: SchedulerOptions,
    private readonly run: (work: Work) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** How many paths wait (0 when a full rescan is due instead). */
  get pendingCount(): number {
    return this.pending.size;
  }

  start(): void {
    if (this.options.intervalMs > 0 && this.interval === null) {
      this.interval = setInterval(() => this.requestFull('interval'), this.options.intervalMs);
    }
  }

  /** A file event for `path`. */
  add(path: string): void {
    if (this.closed) return;
    if (!this.full) {
      this.pending.add(path);
      if (this.pending.size > this.options.maxPending) {
        this.pending.clear();
        this.full = true;
        this.reason = 'overflow';
      }
    }
    this.arm();
  }

  /** A full rescan as soon as possible. */
  requestFull(reason: Work['reason'] = 'request'): void {
    if (this.closed) return;
    this.pending.clear();
    if (!this.full) this.reason = reason;
    this.full = true;
    this.clearDebounce();
    setImmediate(() => this.fire());
  }

  /** Takes the pending work (null when there is none), for a caller that runs it at once. */
  takeWork(): Work | null {
    if (!this.full && this.pending.size === 0) return null;
    const work: Work = { full: this.full, paths: this.full ? [] : [...this.pending], reason: this.reason };
    this.pending.clear();
    this.full = false;
    this.reason = 'events';
    this.clearDebounce();
    return work;
  }

  close(): void {
    this.closed = true;
    this.clearDebounce();
    if (this.interval !== null) clearInterval(this.interval);
    this.interval = null;
    this.pending.clear();
  }

  private arm(): void {
    const now = Date.now();
    this.burstStart ??= now;
    const quiet = this.options.debounceMs;
    const left = Math.max(0, this.burstStart + this.options.maxWaitMs - now);
    if (this.debounce !== null) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.fire(), Math.min(quiet, left));
  }

  private clearDebounce(): void {
    if (this.debounce !== null) clearTimeout(this.debounce);
    this.debounce = null;
    this.burstStart = null;
  }

  private fire(): void {
    if (this.closed) return;
    if (this.running) return this.arm(); // after the running check
    const work = this.takeWork();
    if (work === null) return;
    this.running = true;
    try {
      this.run(work);
    } catch (error) {
      this.onError(error);
    } finally {
      this.running = false;
    }
  }
}
