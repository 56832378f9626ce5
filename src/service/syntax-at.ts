// The syntax around an offset of a document, for features that must look at the exact
// shape of the code they edit (shorthand fields in rename, call sites when a parameter is
// removed, the initializer of a removed `let`). A document keeps one tree per top-level
// item with offsets relative to the item; these helpers hide that and answer in absolute
// offsets of the document's text.

import type * as A from '../syntax/ast.js';
import { nodePath, walk } from '../syntax/walk.js';
import type { DocumentState } from '../workspace/document.js';

/** The nodes containing `offset`, outermost first, and the offset their positions are relative to. */
export interface PathAt {
  readonly nodes: readonly A.AnyNode[];
  readonly base: number;
}

/**
 * The index of the item whose statement holds `offset`. An offset right at the end of a
 * statement (`use m::na|`) belongs to that statement, although the next item's region
 * (which starts there) owns it.
 */
export function itemAt(document: DocumentState, offset: number): number {
  const index = document.itemIndexAt(offset);
  if (index > 0 && document.offsets[index] === offset) {
    const previous = document.items[index - 1].stmt;
    if (previous !== null && previous.end + document.offsets[index - 1] === offset) return index - 1;
  }
  return index;
}

export function pathAt(document: DocumentState, offset: number): PathAt {
  const index = itemAt(document, offset);
  const item = document.items[index];
  const base = document.offsets[index];
  if (item === undefined || item.stmt === null) return { nodes: [], base };
  return { nodes: nodePath(item.stmt, offset - base), base };
}

/** The innermost node of `kind` that contains `offset`, with its absolute range. */
export function enclosing<K extends A.AnyNode['kind']>(
  document: DocumentState,
  offset: number,
  kind: K,
): { node: Extract<A.AnyNode, { kind: K }>; start: number; end: number; base: number } | null {
  const { nodes, base } = pathAt(document, offset);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (node.kind === kind) return { node: node as Extract<A.AnyNode, { kind: K }>, start: node.start + base, end: node.end + base, base };
  }
  return null;
}

/**
 * Whether the identifier at [start, end) is a shorthand field, `Point { x }` in an
 * initializer or a pattern, where one identifier is both the field and the variable.
 */
export function isShorthandField(document: DocumentState, start: number, end: number): boolean {
  const { nodes, base } = pathAt(document, start);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (node.kind === 'FieldInit' || node.kind === 'FieldPattern') {
      const bare = node.kind === 'FieldInit' ? node.value === null : node.pattern === null;
      return bare && node.name.start + base === start && node.name.end + base === end;
    }
  }
  return false;
}

/** Calls `fn` for every node of the document, with the offset its positions are relative to. */
export function forEachNode(document: DocumentState, fn: (node: A.AnyNode, base: number, parent: A.AnyNode | null) => void): void {
  document.items.forEach((item, i) => {
    if (item.stmt === null) return;
    const base = document.offsets[i];
    walk(item.stmt, { enter: (node, parent) => void fn(node, base, parent) });
  });
}
