// Checks of the formatter's promises, for tests and for callers that want proof: two
// trees are the same program (equal up to source positions), and the comments of one
// text appear in another in the same order.

import type * as A from './ast.js';

/** Offset-valued properties: everything a reformatting may move. */
const RANGE_KEYS: ReadonlySet<string> = new Set(['start', 'end', 'opStart', 'openParen', 'closeParen']);

/**
 * A copy of a tree without its source positions (comments keep their style and text).
 * Iterative, so that deep trees cannot overflow the stack.
 */
export function stripRanges(root: unknown): unknown {
  const copyOf = (value: unknown): unknown => (Array.isArray(value) ? new Array(value.length) : value !== null && typeof value === 'object' ? {} : value);
  const rootCopy = copyOf(root);
  const stack: [unknown, unknown][] = [[root, rootCopy]];
  while (stack.length > 0) {
    const [source, target] = stack.pop()!;
    if (Array.isArray(source)) {
      const out = target as unknown[];
      source.forEach((item, i) => {
        out[i] = copyOf(item);
        if (item !== null && typeof item === 'object') stack.push([item, out[i]]);
      });
      continue;
    }
    if (source === null || typeof source !== 'object') continue;
    const out = target as Record<string, unknown>;
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      if (RANGE_KEYS.has(key)) continue;
      out[key] = copyOf(value);
      if (value !== null && typeof value === 'object') stack.push([value, out[key]]);
    }
  }
  return rootCopy;
}

/** Whether two trees are the same program: equal once positions are stripped. */
export function sameTree(a: A.Node, b: A.Node): boolean {
  return JSON.stringify(stripRanges(a)) === JSON.stringify(stripRanges(b));
}

/** The first comment of `before` missing from `after` (looked for in order), or null. */
export function missingComment(before: readonly A.Comment[], after: string): A.Comment | null {
  let from = 0;
  for (const comment of before) {
    const at = after.indexOf(comment.text, from);
    if (at < 0) return comment;
    from = at + comment.text.length;
  }
  return null;
}
