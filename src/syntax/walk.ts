// Generic traversal of the syntax tree. Children are found by shape (any property
// holding a node or an array of nodes), so every node kind is covered without a
// hand-kept table, and the walk is iterative so that deep trees cannot overflow the stack.

import type { AnyNode, Node } from './ast.js';

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).kind === 'string' && typeof (value as Node).start === 'number';
}

/** Calls `fn` for each direct child of `node`, in source order. */
export function forEachChild(node: Node, fn: (child: AnyNode) => void): void {
  const children: AnyNode[] = [];
  collectChildren(node, children);
  for (const child of children) fn(child);
}

/** The direct children of `node`, in source order. */
export function childrenOf(node: Node): AnyNode[] {
  const children: AnyNode[] = [];
  collectChildren(node, children);
  return children;
}

function collectChildren(node: Node, out: AnyNode[]): void {
  for (const key in node) {
    if (key === 'comments') continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item as AnyNode);
    } else if (isNode(value)) out.push(value as AnyNode);
  }
  // Properties are declared roughly in source order; sorting makes it exact.
  out.sort((a, b) => a.start - b.start || b.end - a.end);
}

export interface WalkOptions {
  /** Return false to skip the children of a node. */
  enter?: (node: AnyNode, parent: AnyNode | null) => boolean | void;
  leave?: (node: AnyNode, parent: AnyNode | null) => void;
}

/** Depth-first, pre-order (enter) and post-order (leave) walk without recursion. */
export function walk(root: Node, options: WalkOptions): void {
  type Frame = { node: AnyNode; parent: AnyNode | null; children: AnyNode[] | null; next: number };
  const stack: Frame[] = [{ node: root as AnyNode, parent: null, children: null, next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.children === null) {
      const descend = options.enter?.(frame.node, frame.parent);
      frame.children = descend === false ? [] : childrenOf(frame.node);
    }
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++];
      stack.push({ node: child, parent: frame.node, children: null, next: 0 });
    } else {
      stack.pop();
      options.leave?.(frame.node, frame.parent);
    }
  }
}

/** The innermost nodes containing `offset`, outermost first (for hover, completion, selection). */
export function nodePath(root: Node, offset: number): AnyNode[] {
  const path: AnyNode[] = [];
  let current: AnyNode | undefined = root as AnyNode;
  while (current !== undefined) {
    path.push(current);
    let next: AnyNode | undefined;
    for (const child of childrenOf(current)) {
      if (child.start <= offset && offset <= child.end && !(child.start === child.end && child.kind === 'ErrorExpr' && offset !== child.start)) {
        // Prefer the child that strictly contains the offset; at a boundary, the later one.
        next = child;
        if (offset < child.end) break;
      }
    }
    current = next;
  }
  return path;
}
