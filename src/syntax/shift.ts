// Moves every offset of a freshly parsed tree by a constant. The workspace stores each
// top-level item with offsets relative to the item's start, so that an edit above an
// item leaves the item's tree untouched; this is how a tree is brought into that form.

import type { Node } from './ast.js';

/** Offset-valued properties besides start/end. */
const OFFSET_KEYS = new Set(['opStart', 'openParen', 'closeParen']);

/** Adds `delta` to every offset in `root` and its descendants, in place, without recursion. */
export function shiftTree(root: Node, delta: number): void {
  if (delta === 0) return;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    const node = value as Record<string, unknown>;
    if (typeof node.kind !== 'string') continue;
    for (const key in node) {
      const field = node[key];
      if (typeof field === 'number') {
        if (key === 'start' || key === 'end' || OFFSET_KEYS.has(key)) node[key] = field + delta;
      } else if (typeof field === 'object' && field !== null) {
        stack.push(field);
      }
    }
  }
}
