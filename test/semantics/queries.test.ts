// The queries of ProgramAnalysis at exact positions (`<|>` is the cursor), single-file and
// across files of a workspace.

import { describe, expect, test } from 'vitest';
import { analyzeFiles, analyzeSource, uriOf } from './helpers.js';

const GEOM = `pub struct Point { x: f64, y: f64 }

impl Point {
    /// A point from coordinates.
    pub fun new(x: f64, y: f64) -> Point { Point { x, y } }
    pub fun dist(&self) -> f64 { (self.x * self.x + self.y * self.y).sqrt() }
}

pub fun area(p: Point) -> f64 { p.x * p.y }
`;

describe('symbolAt', () => {
  test('a local: declaration and use resolve to the same symbol', () => {
    const { analysis, uri, mark } = analyzeSource('fun main() {\n    let [|total|] = 1\n    println(to<|>tal)\n}');
    const at = analysis.symbolAt(uri, mark.cursor)!;
    expect(at.symbol.name).toBe('total');
    expect(at.symbol.kind).toBe('variable');
    expect(at.symbol.type).toBe('i64');
    expect(at.symbol.location).toEqual({ uri, ...mark.ranges[0] });
    const decl = analysis.symbolAt(uri, mark.ranges[0].start)!;
    expect(decl.symbol.id).toBe(at.symbol.id);
  });

  test('a function with its signature and doc comment', () => {
    const { analysis, uri, mark } = analyzeSource('/// Adds.\nfun add(a: i64, b: i64) -> i64 { a + b }\nprintln(a<|>dd(1, 2))');
    const s = analysis.symbolAt(uri, mark.cursor)!.symbol;
    expect(s).toMatchObject({ name: 'add', kind: 'function', signature: 'fun add(a: i64, b: i64) -> i64', type: 'fun(i64, i64) -> i64', doc: 'Adds.', container: null });
  });

  test('fields, methods, variants and associated functions', () => {
    const { analysis, uri, mark } = analyzeSource(`${GEOM}enum Shape { Circle(f64), Dot }
let p = Point::n<|>ew(1.0, 2.0)
let d = p.dist()
let s = Shape::Dot`);
    const n = analysis.symbolAt(uri, mark.cursor)!.symbol;
    expect(n).toMatchObject({ name: 'new', kind: 'method', container: 'Point', signature: 'fun new(x: f64, y: f64) -> Point', doc: 'A point from coordinates.' });
    const text = mark.text;
    expect(analysis.symbolAt(uri, text.indexOf('dist()'))!.symbol).toMatchObject({ kind: 'method', signature: 'fun dist(&self) -> f64' });
    expect(analysis.symbolAt(uri, text.indexOf('Dot`') >= 0 ? text.lastIndexOf('Dot') : text.lastIndexOf('Dot'))!.symbol).toMatchObject({ kind: 'variant', container: 'Shape' });
    expect(analysis.symbolAt(uri, text.indexOf('self.y') + 5)!.symbol).toMatchObject({ kind: 'field', name: 'y', type: 'f64' });
  });

  test('builtins resolve to builtin symbols', () => {
    const { analysis, uri, mark } = analyzeSource('print<|>ln("x")\nlet v = Some(1)');
    expect(analysis.symbolAt(uri, mark.cursor)!.symbol).toMatchObject({ id: 'builtin:function:println', kind: 'builtin', location: null });
    expect(analysis.symbolAt(uri, mark.text.indexOf('Some'))!.symbol).toMatchObject({ kind: 'variant', container: 'Option' });
  });

  test('a name imported from another file resolves to its declaration there', () => {
    const { analysis, marks } = analyzeFiles({ 'main.ruchy': 'use geom::{Point, area}\nlet p = Point::new(1.0, 2.0)\nprintln(ar<|>ea(p))', 'geom.ruchy': GEOM });
    const at = analysis.symbolAt(uriOf('main.ruchy'), marks['main.ruchy'].cursor)!;
    expect(at.symbol.id).toBe('file:///ws/geom.ruchy::area');
    expect(at.symbol.location).toEqual({ uri: uriOf('geom.ruchy'), start: GEOM.indexOf('area'), end: GEOM.indexOf('area') + 4 });
    // The name in the use statement too.
    const inUse = analysis.symbolAt(uriOf('main.ruchy'), marks['main.ruchy'].text.indexOf('area'))!;
    expect(inUse.symbol.id).toBe(at.symbol.id);
  });

  test('module members through `.` and `::`', () => {
    const { analysis, uri, mark } = analyzeSource('mod math { pub fun square(x) { x * x } }\nprintln(math.squ<|>are(2), math::square(3))');
    expect(analysis.symbolAt(uri, mark.cursor)!.symbol).toMatchObject({ id: `${uri}::math::square`, container: 'math' });
    expect(analysis.symbolAt(uri, mark.text.lastIndexOf('square'))!.symbol.id).toBe(`${uri}::math::square`);
  });
});

describe('references', () => {
  test('of a local, with writes marked', () => {
    const { analysis, uri, mark } = analyzeSource('fun main() {\n    let mut [|n|] = 0\n    [|n|] += 1\n    println([|n|])\n}');
    const id = analysis.symbolAt(uri, mark.ranges[0].start)!.symbol.id;
    const refs = analysis.references(id, true);
    expect(refs.map((r) => ({ start: r.location.start, end: r.location.end }))).toEqual(mark.ranges);
    expect(refs.map((r) => [r.isDeclaration, r.isWrite])).toEqual([
      [true, false],
      [false, true],
      [false, false],
    ]);
    expect(analysis.references(id, false)).toHaveLength(2);
  });

  test('of a function across files (rename finds both files, the use statement included)', () => {
    const { analysis, marks } = analyzeFiles({
      'main.ruchy': 'use lib::[|helper|]\nfun main() { [|helper|](1) + [|helper|](2) }',
      'lib.ruchy': 'pub fun [|helper|](x) { x }\nfun again() { [|helper|](0) }\nagain()',
    });
    const id = analysis.symbolAt(uriOf('lib.ruchy'), marks['lib.ruchy'].ranges[0].start)!.symbol.id;
    const refs = analysis.references(id, true);
    const expected = [
      ...marks['lib.ruchy'].ranges.map((r) => ({ uri: uriOf('lib.ruchy'), ...r })),
      ...marks['main.ruchy'].ranges.map((r) => ({ uri: uriOf('main.ruchy'), ...r })),
    ].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.start - b.start));
    expect(refs.map((r) => r.location)).toEqual(expected);
    expect(refs.filter((r) => r.isDeclaration)).toHaveLength(1);
  });

  test('of a struct, a field and a method', () => {
    const { analysis, uri, mark } = analyzeSource(`struct [|P|] { [|x|]: i64 }
impl [|P|] { fun get(&self) -> i64 { self.[|x|] } }
let p = [|P|] { [|x|]: 1 }
println(p.[|x|], p.get())`);
    const typeRefs = analysis.references(`${uri}::P`, true).map((r) => r.location.start);
    const fieldRefs = analysis.references(`${uri}::P.x`, true).map((r) => r.location.start);
    const starts = mark.ranges.map((r) => r.start);
    expect(typeRefs).toEqual([starts[0], starts[2], starts[4]]);
    expect(fieldRefs).toEqual([starts[1], starts[3], starts[5], starts[6]]);
    expect(analysis.references(`${uri}::P.get`, false)).toHaveLength(1);
  });
});

describe('visibleAt', () => {
  test('locals innermost first, then items, then builtins; scope-aware', () => {
    const { analysis, uri, mark } = analyzeSource(`let top = 1
fun helper() { 2 }
fun main(arg) {
    let outer = 1
    if true {
        let inner = 2
        <|>
    }
    let later = 3
}`);
    const names = analysis.visibleAt(uri, mark.cursor).map((e) => e.name);
    expect(names.slice(0, 3)).toEqual(['inner', 'outer', 'arg']);
    expect(names).toContain('helper');
    expect(names).toContain('top');
    expect(names).toContain('println');
    expect(names).not.toContain('later');
    const helper = analysis.visibleAt(uri, mark.cursor).find((e) => e.name === 'helper')!;
    expect(helper).toMatchObject({ kind: 'function', detail: 'fun helper() -> i64', parameters: [] });
  });
});

describe('membersAt', () => {
  test('fields and methods of a struct, without associated functions', () => {
    const { analysis, uri, mark } = analyzeSource(`${GEOM}let p = Point::new(1.0, 2.0)
p.<|>`);
    const members = analysis.membersAt(uri, mark.cursor);
    const names = members.map((m) => m.name);
    expect(names.slice(0, 3)).toEqual(['x', 'y', 'dist']);
    expect(names).not.toContain('new');
    expect(members[0]).toMatchObject({ kind: 'field', detail: 'f64' });
    expect(members[2]).toMatchObject({ kind: 'method', detail: 'fun dist(&self) -> f64' });
  });

  test('methods of builtin types, after a partial name too', () => {
    const { analysis, uri, mark } = analyzeSource('let s = "abc"\nlet n = s.to<|>');
    const names = analysis.membersAt(uri, mark.cursor).map((m) => m.name);
    expect(names).toContain('to_uppercase');
    expect(names).toContain('len');
    const arr = analyzeSource('fun f() {\n    let xs = [1, 2]\n    xs.<|>\n}');
    expect(arr.analysis.membersAt(arr.uri, arr.mark.cursor).map((m) => m.name)).toEqual(expect.arrayContaining(['push', 'map', 'len']));
  });

  test('members of a module', () => {
    const { analysis, uri, mark } = analyzeSource('mod util { pub fun one() { 1 }\n pub fun two() { 2 } }\nutil.<|>');
    expect(analysis.membersAt(uri, mark.cursor).map((m) => m.name)).toEqual(['one', 'two']);
  });
});

describe('typeAt and inlayHints', () => {
  test('the innermost expression and binding names', () => {
    const { analysis, uri, mark } = analyzeSource('let xs = [1, 2, 3]\nlet total = xs.len() + <|>1');
    expect(analysis.typeAt(uri, mark.cursor)).toEqual({ type: 'i64', range: { uri, start: mark.cursor, end: mark.cursor + 1 } });
    expect(analysis.typeAt(uri, mark.text.indexOf('xs.len') + 4)!.type).toBe('fun() -> i64');
    expect(analysis.symbolAt(uri, mark.text.indexOf('xs.len') + 4)!.symbol).toMatchObject({ kind: 'method', container: 'Array', signature: 'fun len() -> i64' });
  });

  test('let bindings without annotation and precisely inferred parameters', () => {
    const { analysis, uri, mark } = analyzeSource(`fun scale(v: f64, factor) { v * factor * 2.0 }
fun main() {
    let a = 1
    let b: i64 = 2
    let names = ["x"]
    let unknown = []
    let pair = (a, "s")
}
let top = 3.5`);
    const hints = analysis.inlayHints(uri, 0, mark.text.length);
    const text = mark.text;
    const word = (offset: number): string => /\w+$/.exec(text.slice(0, offset))![0];
    expect(hints.map((h) => `${word(h.offset)}${h.label}`)).toEqual(['factor: f64', 'a: i64', 'names: [String]', 'pair: (i64, String)', 'top: f64']);
    expect(hints.every((h) => h.kind === 'type')).toBe(true);
  });

  test('only hints inside the range', () => {
    const { analysis, uri, mark } = analyzeSource('let a = 1\nlet b = 2\nlet c = 3');
    const second = mark.text.indexOf('let b');
    expect(analysis.inlayHints(uri, second, second + 9).map((h) => h.label)).toEqual([': i64']);
  });
});

describe('signatureAt', () => {
  test('active parameter from the commas before the cursor', () => {
    const { analysis, uri, mark } = analyzeSource('/// Says hi.\nfun greet(name: String, times: i64 = 1) { println(name, times) }\ngreet("a", <|>)');
    expect(analysis.signatureAt(uri, mark.cursor)).toEqual({
      label: 'fun greet(name: String, times: i64 = 1)',
      doc: 'Says hi.',
      parameters: [
        { label: 'name: String', doc: null },
        { label: 'times: i64 = 1', doc: null },
      ],
      activeParameter: 1,
    });
  });

  test('methods (without self), builtins, nested calls and strings with commas', () => {
    const { analysis, uri, mark } = analyzeSource(`${GEOM}let p = Point::new(1.0, 2.0)
println("a, b", area(<|>p))`);
    const inner = analysis.signatureAt(uri, mark.cursor)!;
    expect(inner.label).toBe('fun area(p: Point) -> f64');
    expect(inner.activeParameter).toBe(0);
    const outer = analysis.signatureAt(uri, mark.text.lastIndexOf('area(') - 1)!;
    expect(outer.label).toContain('fun println(');
    const m = analyzeSource('let s = "abc"\nlet r = s.replace("a", <|>"b")');
    const sig = m.analysis.signatureAt(m.uri, m.mark.cursor)!;
    expect(sig.label).toBe('fun replace(from: any, to: String) -> String');
    expect(sig.activeParameter).toBe(1);
  });
});

describe('outlines', () => {
  test('documentSymbols: hierarchical', () => {
    const { analysis, uri } = analyzeSource(`${GEOM}enum Shape { Circle(f64), Dot }
trait Describe { fun describe(&self) -> String }
mod util { pub fun one() { 1 } }
let limit = 10`);
    const outline = analysis.documentSymbols(uri).map((s) => [s.name, s.kind, s.children.map((c) => `${c.kind} ${c.name}`)]);
    expect(outline).toEqual([
      ['Point', 'struct', ['field x', 'field y']],
      ['impl Point', 'struct', ['method new', 'method dist']],
      ['area', 'function', []],
      ['Shape', 'enum', ['variant Circle', 'variant Dot']],
      ['Describe', 'trait', ['method describe']],
      ['util', 'module', ['function one']],
      ['limit', 'variable', []],
    ]);
    const point = analysis.documentSymbols(uri)[0];
    expect(point.selectionRange).toEqual({ uri, start: GEOM.indexOf('Point'), end: GEOM.indexOf('Point') + 5 });
    expect(analysis.documentSymbols(uri)[2].detail).toBe('fun area(p: Point) -> f64');
  });

  test('workspaceSymbols: fuzzy over all files, members included', () => {
    const { analysis } = analyzeFiles({ 'a.ruchy': GEOM, 'b.ruchy': 'fun distance_to(a, b) { a - b }\ndistance_to(1, 2)' });
    const found = analysis.workspaceSymbols('dist').map((s) => `${s.kind} ${s.name} ${s.location!.uri.slice(11)}`);
    expect(found).toEqual(['method dist a.ruchy', 'function distance_to b.ruchy']);
    expect(analysis.workspaceSymbols('pnt').map((s) => s.name)).toEqual(['Point']);
  });
});

describe('classify', () => {
  test('semantic token kinds and modifiers of every resolved name', () => {
    const { analysis, uri, mark } = analyzeSource(`struct P { x: i64 }
fun f(a) { let mut m = a; m += 1; println!("{}", m); P { x: m }.x }`);
    const tokens = analysis.classify(uri).map((c) => `${mark.text.slice(c.start, c.end)}:${c.kind}${c.modifiers.length ? `[${c.modifiers.join(',')}]` : ''}`);
    expect(tokens).toEqual([
      'P:struct[declaration]',
      'x:property[declaration]',
      'i64:type[defaultLibrary]',
      'f:function[declaration]',
      'a:parameter[declaration,readonly]',
      'm:variable[declaration,mutable]',
      'a:parameter[readonly]',
      'm:variable[mutable]',
      'println:macro[defaultLibrary]',
      'm:variable[mutable]',
      'P:struct',
      'x:property',
      'm:variable[mutable]',
      'x:property',
    ]);
  });
});

describe('functionMetrics', () => {
  test('per function and method, with qualified names and line counts', () => {
    const { analysis, uri } = analyzeSource(`${GEOM}fun classify(n) {
    if n < 0 && n > -10 {
        "small negative"
    } else if n == 0 {
        "zero"
    } else {
        match n { 1 => "one", 2 => "two", _ => "many" }
    }
}`);
    const metrics = analysis.functionMetrics(uri).map((m) => [m.qualifiedName, m.cyclomatic, m.cognitive, m.lines]);
    expect(metrics).toEqual([
      ['Point::new', 1, 0, 1],
      ['Point::dist', 1, 0, 1],
      ['area', 1, 0, 1],
      ['classify', 6, 6, 9],
    ]);
  });
});
