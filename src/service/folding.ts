// Folding ranges: blocks, bodies, argument and collection literals that span lines,
// runs of line comments, block comments, and runs of `use`/`import` lines. Pure: from a
// parsed file to ranges in offsets; a range is offered only when it spans several lines.

import type * as A from '../syntax/ast.js';
import { walk } from '../syntax/walk.js';

export interface FoldingRange {
  start: number;
  end: number;
  kind: 'region' | 'comment' | 'imports';
}

const FOLDABLE: ReadonlySet<string> = new Set([
  'BlockExpr', 'MatchExpr', 'ObjectExpr', 'StructExpr', 'ArrayExpr', 'StructDecl', 'EnumDecl', 'TraitDecl', 'ImplDecl',
  'ModuleDecl', 'ActorDecl', 'EffectDecl', 'CallExpr', 'MethodCallExpr', 'MacroCall', 'TupleExpr', 'ClosureExpr', 'FString',
]);

/** Maps an offset to its zero-based line (a LineIndex, or one shifted for an item). */
export interface LineOf {
  lineOf(offset: number): number;
}

/** One top-level item of a document: its tree and comments, relative to `base`. */
export interface FoldingPart {
  stmt: A.Stmt | null;
  comments: readonly A.Comment[];
  base: number;
}

/** Folding ranges of a whole parsed file. */
export function foldingRanges(file: A.SourceFile, lines: LineOf): FoldingRange[] {
  return foldingRangesOfParts(
    file.stmts.map((stmt, i) => ({ stmt, comments: i === 0 ? file.comments : [], base: 0 })),
    lines,
  );
}

/**
 * Folding ranges of a document kept as items (offsets relative to each item's `base`;
 * `lines` maps absolute offsets). Comment and import runs may span items.
 */
export function foldingRangesOfParts(parts: readonly FoldingPart[], lines: LineOf): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const add = (start: number, end: number, kind: FoldingRange['kind']) => {
    if (lines.lineOf(end) > lines.lineOf(start)) ranges.push({ start, end, kind });
  };

  for (const part of parts) {
    if (part.stmt === null) continue;
    const base = part.base;
    walk(part.stmt, {
      enter(node) {
        if (FOLDABLE.has(node.kind)) {
          add(node.start + base, node.end + base, 'region');
        } else if (node.kind === 'FunctionDecl' && node.body !== null) {
          // A function folds from its header line; its body block adds nothing new.
          add(node.start + base, node.end + base, 'region');
        }
      },
    });
  }

  // Consecutive line comments fold together (also across items); block comments fold alone.
  let run: { start: number; end: number }[] = [];
  const flush = () => {
    if (run.length > 1) add(run[0].start, run[run.length - 1].end, 'comment');
    run = [];
  };
  for (const part of parts) {
    for (const comment of part.comments) {
      const start = comment.start + part.base;
      const end = comment.end + part.base;
      if (comment.style === 'block') {
        flush();
        add(start, end, 'comment');
        continue;
      }
      const previous = run[run.length - 1];
      if (previous !== undefined && lines.lineOf(start) !== lines.lineOf(previous.end) + 1) flush();
      run.push({ start, end });
    }
    // Code between two comments ends a run.
    if (part.stmt !== null && run.length > 0 && part.stmt.start + part.base > run[run.length - 1].start) flush();
  }
  flush();

  // Consecutive imports fold together.
  let imports: { start: number; end: number }[] = [];
  const flushImports = () => {
    if (imports.length > 1) add(imports[0].start, imports[imports.length - 1].end, 'imports');
    imports = [];
  };
  for (const part of parts) {
    if (part.stmt === null) continue;
    if (part.stmt.kind === 'UseDecl') imports.push({ start: part.stmt.start + part.base, end: part.stmt.end + part.base });
    else flushImports();
  }
  flushImports();

  // One range per start line: the outermost.
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const seenLines = new Set<number>();
  return ranges.filter((r) => {
    const line = lines.lineOf(r.start);
    if (seenLines.has(line)) return false;
    seenLines.add(line);
    return true;
  });
}
