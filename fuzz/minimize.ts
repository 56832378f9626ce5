// Shrinks a failing input while it still fails the same way (same signature), so that a
// regression case shows the bug and little else. Cheap on purpose: chunks of lines, then
// rough tokens, then single characters are removed (delta debugging, largest first),
// within a budget of attempts and time. Offsets of the focused operation move with the
// text; a removal that would swallow the focused place is not tried.

import { drive, signature, type Failure, type Focus } from './drive.js';
import { roughTokens } from './mutate.js';

export interface MinimizeOptions {
  driverSeed: number;
  /** Attempts (each runs the setup and the one failing operation). */
  maxAttempts?: number;
  maxMillis?: number;
  /** Called before each attempt (the worker's heartbeat). */
  onAttempt?: () => void;
}

export interface Minimized {
  text: string;
  focus: Focus;
  failure: Failure;
  attempts: number;
}

/** The focus after removing text[from, to), or null when the removal touches a focused place. */
export function shiftFocus(focus: Focus, from: number, to: number): Focus | null {
  const removed = to - from;
  const move = (offset: number | undefined): number | undefined | null => {
    if (offset === undefined) return undefined;
    if (offset >= to) return offset - removed;
    if (offset <= from) return offset;
    return null;
  };
  const offset = move(focus.offset);
  const end = move(focus.end);
  if (offset === null || end === null) return null;
  let edit = focus.edit;
  if (edit !== undefined) {
    const start = move(edit.start);
    const editEnd = move(edit.end);
    if (start === null || editEnd === null || start === undefined || editEnd === undefined) return null;
    edit = { ...edit, start, end: editEnd };
  }
  return { ...focus, offset, end, edit };
}

export async function minimize(text: string, focus: Focus, failure: Failure, options: MinimizeOptions): Promise<Minimized> {
  const wanted = signature(failure);
  const maxAttempts = options.maxAttempts ?? 400;
  const deadline = Date.now() + (options.maxMillis ?? 4000);
  let best: Minimized = { text, focus, failure, attempts: 0 };
  let attempts = 0;

  const budgetLeft = (): boolean => attempts < maxAttempts && Date.now() < deadline;

  /** Tries removing text[from, to) from the best input so far; keeps it when it still fails alike. */
  const tryRemove = async (from: number, to: number): Promise<boolean> => {
    const moved = shiftFocus(best.focus, from, to);
    if (moved === null) return false;
    attempts++;
    options.onAttempt?.();
    const candidate = best.text.slice(0, from) + best.text.slice(to);
    const result = await drive({ text: candidate }, { seed: options.driverSeed, focus: stripUndefined(moved) });
    if (result === null || signature(result) !== wanted) return false;
    best = { text: candidate, focus: stripUndefined(moved), failure: result, attempts };
    return true;
  };

  // Pieces at three grains; each pass removes runs of pieces, halving the run length.
  const grains: ((t: string) => string[])[] = [(t) => t.split(/(?<=\n)/), roughTokens, (t) => Array.from(t)];
  for (const pieces of grains) {
    let starts = offsetsOf(pieces(best.text));
    for (let run = Math.max(1, Math.floor((starts.length - 1) / 2)); run >= 1 && budgetLeft(); run = Math.floor(run / 2)) {
      let i = 0;
      while (i < starts.length - 1 && budgetLeft()) {
        const from = starts[i];
        const to = starts[Math.min(i + run, starts.length - 1)];
        if (to > from && (await tryRemove(from, to))) starts = offsetsOf(pieces(best.text));
        else i += run;
      }
      if (run === 1) break;
    }
  }
  return { ...best, attempts };
}

/** Where each piece starts, and the total length last. */
function offsetsOf(pieces: readonly string[]): number[] {
  const out = [0];
  for (const piece of pieces) out.push(out[out.length - 1] + piece.length);
  return out;
}

function stripUndefined(focus: Focus): Focus {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(focus)) if (value !== undefined) out[key] = value;
  return out as unknown as Focus;
}
