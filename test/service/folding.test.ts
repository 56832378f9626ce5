// LanguageService.foldingRanges: functions, blocks, match, multi-line literals and calls,
// runs of line comments and of imports (also across top-level items), block comments;
// nothing for constructs on one line. The expected ranges are marked with `[|...|]`.

import { describe, expect, test } from 'vitest';
import { single } from '../helpers/service.js';

function folds(source: string) {
  const ws = single(source);
  return { ws, ranges: ws.service.foldingRanges(ws.main) };
}

describe('foldingRanges', () => {
  test('functions, impl blocks and methods, match, multi-line literals; one range per start line', () => {
    const { ws, ranges } = folds(`[|struct Counter {
    count: i64,
}|]

[|impl Counter {
    [|fun bump(&mut self) {
        self.count += 1
    }|]
}|]

[|fun main() {
    let mut c = Counter { count: 0 }
    c.bump()
    let kind = [|match c.count {
        1 => "one",
        _ => "many",
    }|]
    let xs = [|[
        1,
        2,
    ]|]
    if kind == "one" [|{
        println(xs)
    }|]
}|]
`);
    expect(ranges.map(({ start, end, kind }) => ({ start, end, kind }))).toEqual(ws.marks['main.ruchy'].ranges.map((r) => ({ ...r, kind: 'region' })));
  });

  test('runs of line comments (across items) and block comments fold as comments', () => {
    const { ws, ranges } = folds(`[|// The counter.
// Two lines of comment.|]
fun a() -> i64 {
    1
}
[|// Between items,
// also two lines.|]
[|/* A block
   comment. */|]
// One line alone does not fold.
fun main() {
    println(a())
}
`);
    const comments = ranges.filter((r) => r.kind === 'comment');
    expect(comments.map(({ start, end }) => ({ start, end }))).toEqual(ws.marks['main.ruchy'].ranges);
  });

  test('consecutive imports fold together as imports', () => {
    const { ws, ranges } = folds(`[|use geom::origin
use geom::Point
use util::{a, b}|]

fun main() {
    println(origin(), Point { x: 1 }, a(), b())
}
`);
    expect(ranges.filter((r) => r.kind === 'imports').map(({ start, end }) => ({ start, end }))).toEqual(ws.marks['main.ruchy'].ranges);
  });

  test('nothing for one-liners: a function, a struct, a call, an array, a single import', () => {
    const { ranges } = folds('use geom::origin\nstruct P { x: i64 }\nfun one() -> i64 { 1 }\nfun main() { println([1, 2], one(), origin()) }\n');
    expect(ranges).toEqual([]);
  });

  test('every range starts and ends on different lines, none twice on one line', () => {
    const { ws, ranges } = folds('fun main() {\n    let f = |x| {\n        x + 1\n    }\n    println(f(1), [\n        2,\n    ])\n}\n');
    const lines = ws.service.getDocument(ws.main)!.lineIndex;
    const startLines = ranges.map((r) => lines.lineOf(r.start));
    expect(new Set(startLines).size).toBe(startLines.length);
    for (const r of ranges) expect(lines.lineOf(r.end)).toBeGreaterThan(lines.lineOf(r.start));
    expect(ranges).toHaveLength(3);
  });
});
