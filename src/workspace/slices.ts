// Work in slices. Parsing a large text and analysing a large program are written as
// generators that `yield` between units of work (a chunk of text, a top-level item, a
// component of items): a command-line check runs them to the end at once; a server runs
// them in slices of a few milliseconds with a turn of the event loop in between, so that
// it keeps answering other requests while a 5 MB file is checked.

import { OperationCancelled, type CancellationToken } from './program.js';

/** A computation that yields between units of work and returns a T. */
export type Steps<T> = Generator<void, T, void>;

/** Longest stretch of work between two turns of the event loop (milliseconds). */
const SLICE_MS = 10;

/** Runs the steps to the end without pausing. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * Runs the steps in slices of about `sliceMs`, giving the event loop a turn between
 * slices. When `token` is cancelled the steps are abandoned and OperationCancelled thrown.
 */
export async function runInSlices<T>(steps: Steps<T>, token?: CancellationToken, sliceMs = SLICE_MS): Promise<T> {
  let start = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (performance.now() - start >= sliceMs) {
      await nextTurn();
      if (token?.isCancelled === true) {
        steps.return(undefined as never);
        throw new OperationCancelled();
      }
      start = performance.now();
    }
  }
}

/** Resolves after the event loop has handled what arrived meanwhile (I/O, timers). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
