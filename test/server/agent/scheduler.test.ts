// The check scheduler: a burst of events is handled once, after a quiet period; duplicate
// paths coalesce; a queue overflow becomes one full rescan; a burst that never pauses is
// still handled after maxWait; the periodic check runs on its own; takeWork empties it.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CheckScheduler, type Work } from '../../../server/agent/scheduler.js';

let runs: Work[];
let scheduler: CheckScheduler;

function make(options: Partial<ConstructorParameters<typeof CheckScheduler>[0]> = {}): CheckScheduler {
  scheduler = new CheckScheduler({ debounceMs: 100, maxWaitMs: 1000, maxPending: 5, intervalMs: 0, ...options }, (work) => void runs.push(work), (error) => {
    throw error;
  });
  return scheduler;
}

beforeEach(() => {
  vi.useFakeTimers();
  runs = [];
});

afterEach(() => {
  scheduler.close();
  vi.useRealTimers();
});

describe('CheckScheduler', () => {
  it('debounces a burst and coalesces duplicate paths', () => {
    const s = make();
    s.add('/p/a.ruchy');
    vi.advanceTimersByTime(50);
    s.add('/p/b.ruchy');
    s.add('/p/a.ruchy');
    vi.advanceTimersByTime(99);
    expect(runs).toEqual([]);
    expect(s.pendingCount).toBe(2);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([{ full: false, paths: ['/p/a.ruchy', '/p/b.ruchy'], reason: 'events' }]);
    expect(s.pendingCount).toBe(0);
  });

  it('turns an overflowing queue into one full rescan', () => {
    const s = make();
    for (let i = 0; i < 20; i++) s.add(`/p/f${i}.ruchy`);
    expect(s.pendingCount).toBe(0);
    vi.advanceTimersByTime(100);
    expect(runs).toEqual([{ full: true, paths: [], reason: 'overflow' }]);
  });

  it('handles a burst that never pauses after maxWait', () => {
    const s = make();
    for (let t = 0; t < 1500; t += 50) {
      s.add('/p/busy.ruchy');
      vi.advanceTimersByTime(50);
    }
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs[0].paths).toEqual(['/p/busy.ruchy']);
  });

  it('runs the periodic full check, and takeWork empties the queue', () => {
    const s = make({ intervalMs: 10_000 });
    s.start();
    vi.advanceTimersByTime(10_001);
    expect(runs).toEqual([{ full: true, paths: [], reason: 'interval' }]);
    s.add('/p/x.ruchy');
    expect(s.takeWork()).toEqual({ full: false, paths: ['/p/x.ruchy'], reason: 'events' });
    vi.advanceTimersByTime(500);
    expect(runs).toHaveLength(1);
    expect(s.takeWork()).toBeNull();
  });
});
