// What the fuzzer's supervisor and its worker threads share: the task a thread is given,
// the slots of its heartbeat in shared memory, and the messages it sends back.

import type { RegressionCase } from './regressions.js';

export interface WorkerTask {
  seed: number;
  from: number;
  stride: number;
  /** Inputs to run (Infinity: until the deadline). */
  count: number;
  /** Date.now() after which no new input is started. */
  deadline: number;
  corpusDir: string;
  runProbability: number;
  /** How many failures of one signature are minimised and reported in full. */
  keepPerSignature: number;
  heartbeat: SharedArrayBuffer;
}

/** Slots of the heartbeat (a Float64Array). */
export const Beat = { index: 0, since: 1, op: 2, done: 3, minimizing: 4, slowestMs: 5, slowestIndex: 6, size: 7 } as const;

export type WorkerMessage =
  | { type: 'failure'; case: RegressionCase }
  | { type: 'repeat'; signature: string; index: number }
  | { type: 'done' };
