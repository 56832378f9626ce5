// Selection ranges ("expand selection"): for an offset, the chain of syntax nodes that
// contain it, innermost first, each linked to the next larger one, without repeats.

import type * as A from '../syntax/ast.js';
import { nodePath } from '../syntax/walk.js';

export interface SelectionRange {
  start: number;
  end: number;
  parent: SelectionRange | null;
}

export function selectionRange(file: A.SourceFile, offset: number): SelectionRange {
  let innermost: SelectionRange | null = null;
  // nodePath lists the containing nodes outermost first; each becomes the parent of the next.
  for (const node of nodePath(file, offset)) {
    if (node.end <= node.start) continue;
    if (innermost !== null && node.start === innermost.start && node.end === innermost.end) continue;
    innermost = { start: node.start, end: node.end, parent: innermost };
  }
  return innermost ?? { start: 0, end: file.end, parent: null };
}
