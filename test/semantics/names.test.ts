// Names and scopes (R01xx): undefined names and functions with suggestions, unknown types,
// duplicate definitions, assignment to immutable bindings, imports across files.

import { describe, expect, test } from 'vitest';
import { Codes } from '../../src/diagnostics/codes.js';
import { analyzeFiles, errorsOf, expectDiagnostics, uriOf } from './helpers.js';

describe('R0101 undefined name', () => {
  test('an unknown variable is an error, with a suggestion and quick-fix data', () => {
    const [d] = expectDiagnostics(
      `fun main() {
    let counter = 1
    println([|countr|])
}`,
      Codes.UndefinedName.code,
      ['cannot find `countr` in this scope; did you mean `counter`?'],
    );
    expect(d.severity).toBe('error');
    expect(d.data).toEqual({ name: 'countr', suggestion: 'counter' });
  });

  test('a local is visible only after its let and inside its block', () => {
    expectDiagnostics(
      `fun main() {
    println([|x|])
    let x = 1
    if true { let y = 2 }
    println(x, [|y|])
}`,
      Codes.UndefinedName.code,
      ['`x`', '`y`'],
    );
  });

  test('a top-level statement cannot use a let declared below it, but functions can', () => {
    expectDiagnostics(
      `println([|later|])
let later = 1
fun show() { println(later) }
show()`,
      Codes.UndefinedName.code,
      ['`later`'],
    );
  });

  test('an unknown struct in a literal and an unknown path root', () => {
    expectDiagnostics(
      `let a = [|Pointt|] { x: 1 }
let b = [|Colr|]::Red`,
      Codes.UndefinedName.code,
      ['`Pointt`', '`Colr`'],
    );
  });

  test('builtins, prelude variants and std paths are known', () => {
    expect(
      errorsOf(`let v = Some(3)
let n = None
let r: Result<i64, String> = Ok(1)
let e = Err("x")
let x = sqrt(16.0) + abs(-2.0)
println(len([1, 2]), nil, PI, std::f64::consts::PI)
let m = HashMap::new()
let s = String::from("a")
assert_eq(1, 1, "same")`),
    ).toEqual([]);
  });
});

describe('R0102 undefined function', () => {
  test('calling an undefined function is a warning with callArity', () => {
    const [d] = expectDiagnostics(
      `fun main() {
    [|prnt|]("hello", 2)
}`,
      Codes.UndefinedFunction.code,
      ['function `prnt` is not defined; did you mean `print`?'],
    );
    expect(d.severity).toBe('warning');
    expect(d.data).toEqual({ name: 'prnt', suggestion: 'print', callArity: 2 });
  });

  test('only callables are suggested: not a variable of another type, a struct with named fields, a module or a trait', () => {
    const source = (call: string) => `struct Total { n: i64 }
struct Pair(i64, i64)
trait Shape { fun area(&self) -> f64 }
mod scale { pub fun one() -> i64 { 1 } }
fun main() {
    let counter = 0
    let adder = |a: i64| a + 1
    let nums = [1, 2]
    println(counter, adder(1), nums)
    [|${call}|](1)
}`;
    const hintOf = (call: string): string => expectDiagnostics(source(call), Codes.UndefinedFunction.code, [''])[0].message;
    // A close name that is not callable is not suggested...
    expect(hintOf('counte')).toBe('function `counte` is not defined');
    expect(hintOf('totl')).toBe('function `totl` is not defined');
    expect(hintOf('numss')).toBe('function `numss` is not defined');
    expect(hintOf('scal')).toBe('function `scal` is not defined');
    expect(hintOf('Shap')).toBe('function `Shap` is not defined');
    // ...a function, a closure bound to a variable, a tuple-struct constructor are.
    expect(hintOf('addr')).toBe('function `addr` is not defined; did you mean `adder`?');
    expect(hintOf('Par')).toBe('function `Par` is not defined; did you mean `Pair`?');
    expect(hintOf('mian')).toBe('function `mian` is not defined; did you mean `main`?');
  });

  test('a path call suggests the callable members of the type or module only', () => {
    const hintOf = (call: string): string =>
      expectDiagnostics(
        `struct Point { x: i64, y: i64 }
impl Point {
    fun new(x: i64, y: i64) -> Point { Point { x, y } }
}
enum Shape { Dot, Circle(f64) }
mod geo { pub fun area() -> i64 { 1 } pub let area_unit = 2 }
fun main() {
    println(Point::new(1, 2), Shape::Dot, Shape::Circle(1.0), geo::area(), geo::area_unit)
    ${call}(1)
}`,
        Codes.UnknownMember.code,
        [''],
      )[0].message;
    expect(hintOf('Point::[|y2|]')).toBe('no `y2` in `Point`');
    expect(hintOf('Point::[|nw|]')).toBe('no `nw` in `Point`; did you mean `new`?');
    expect(hintOf('Shape::[|Dt|]')).toBe('no `Dt` in `Shape`');
    expect(hintOf('Shape::[|Circl|]')).toBe('no `Circl` in `Shape`; did you mean `Circle`?');
    expect(hintOf('geo::[|area_unt|]')).toBe('no `area_unt` in `geo`');
  });

  test('a variable name is still suggested where it is not called', () => {
    expectDiagnostics('fun main() {\n    let counter = 0\n    println([|countr|])\n}', Codes.UndefinedName.code, ['cannot find `countr` in this scope; did you mean `counter`?']);
  });

  test('a function with no close name has no suggestion', () => {
    const [d] = expectDiagnostics('[|frobnicate_widgets|](1)', Codes.UndefinedFunction.code, ['function `frobnicate_widgets` is not defined']);
    expect(d.data).toEqual({ name: 'frobnicate_widgets', callArity: 1 });
  });
});

describe('R0103 unknown type', () => {
  test('an unknown type name in an annotation is a warning with a suggestion', () => {
    const [d] = expectDiagnostics(
      `struct Point { x: i64 }
fun f(p: [|Pont|], n: i64) -> String { "x" }`,
      Codes.UnknownType.code,
      ['unknown type `Pont`; did you mean `Point`?'],
    );
    expect(d.severity).toBe('warning');
  });

  test('only types are suggested for an unknown type: not a function, a variable or a module; a type parameter is', () => {
    const source = (name: string) => `fun pointer() -> i64 { 1 }
mod shapes { pub fun unit() -> i64 { 1 } }
let config = 1
struct Circle { r: f64 }
fun f<Item>(a: Item, p: [|${name}|]) -> i64 { config }`;
    const hintOf = (name: string): string => expectDiagnostics(source(name), Codes.UnknownType.code, [''])[0].message;
    expect(hintOf('pointr')).toBe('unknown type `pointr`');
    expect(hintOf('shape')).toBe('unknown type `shape`');
    expect(hintOf('confg')).toBe('unknown type `confg`');
    expect(hintOf('Circl')).toBe('unknown type `Circl`; did you mean `Circle`?');
    expect(hintOf('Itme')).toBe('unknown type `Itme`; did you mean `Item`?');
  });
});

describe('R0104 duplicate definition', () => {
  test('two functions with one name in a file', () => {
    expectDiagnostics(
      `fun area() { 1 }
fun [|area|]() { 2 }`,
      Codes.DuplicateDefinition.code,
      ['`area` is already defined in this scope'],
    );
  });

  test('parameters, fields, variants and pattern bindings', () => {
    expectDiagnostics(
      `fun f(a, [|a|]) { a }
struct P { x: i64, [|x|]: i64 }
enum E { A, [|A|] }
fun g(t) { let (u, [|u|]) = t; u }`,
      Codes.DuplicateDefinition.code,
      ['`a`', '`x`', '`A`', '`u`'],
    );
  });

  test('re-declaring a local with let is shadowing, not a duplicate', () => {
    expect(errorsOf('let x = 5\nlet x = x + 1\nlet x = x * 2\nprintln(x)')).toEqual([]);
  });
});

describe('R0105 assignment to an immutable binding', () => {
  test('the target is reported, with the declaration for an "add mut" fix', () => {
    const [d] = expectDiagnostics(
      `fun main() {
    let total = 0
    [|total|] = total + 1
    println(total)
}`,
      Codes.AssignToImmutable.code,
      ['cannot assign to `total`: it is not declared `mut`'],
    );
    const declaration = (d.data as { declaration: { start: number; end: number } }).declaration;
    expect(declaration).toEqual({ start: 21, end: 26 });
  });

  test('compound assignment, parameters and top-level lets used from functions', () => {
    expectDiagnostics(
      `let limit = 10
fun bump(n) {
    [|n|] += 1
    [|limit|] = 3
}`,
      Codes.AssignToImmutable.code,
      ['`n`', '`limit`'],
    );
  });

  test('mut bindings, fields and elements can be assigned', () => {
    expect(
      errorsOf(`struct Counter { count: i64 }
let mut c = Counter { count: 0 }
c.count = 5
let mut total = 0
total += 1
let mut xs = [1, 2]
xs[0] = 3
fun inc() { total = total + 1 }`),
    ).toEqual([]);
  });
});

describe('R0106/R0107 imports', () => {
  test('an import of a missing name of a workspace file is an error with a suggestion', () => {
    const { analysis, marks } = analyzeFiles({
      'main.ruchy': 'use util::[|shuot|]\nfun main() { shuot() }',
      'util.ruchy': 'pub fun shout() { 1 }',
    });
    const ds = analysis.diagnostics(uriOf('main.ruchy')).filter((d) => d.code === Codes.UnresolvedImport.code);
    expect(ds.map((d) => ({ start: d.start, end: d.end }))).toEqual(marks['main.ruchy'].ranges);
    expect(ds[0].message).toBe('cannot find `shuot` in module `util`; did you mean `shout`?');
    expect(ds[0].severity).toBe('error');
  });

  test('an unknown module is a warning; std paths are fine', () => {
    const { analysis, marks } = analyzeFiles({ 'main.ruchy': 'use [|nowhere|]::thing\nuse std::collections::HashMap\nlet m = HashMap::new()\nthing()' });
    const ds = analysis.diagnostics(uriOf('main.ruchy')).filter((d) => d.code === Codes.UnknownModule.code);
    expect(ds.map((d) => ({ start: d.start, end: d.end }))).toEqual(marks['main.ruchy'].ranges);
    expect(ds[0].message).toBe('cannot find module `nowhere` in the workspace');
    expect(ds[0].severity).toBe('warning');
    expect(analysis.diagnostics(uriOf('main.ruchy')).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('use, import and mod reach other files, next to the importer or at the root', () => {
    const { analysis } = analyzeFiles({
      'app/main.ruchy': `use helpers::double
import shapes
mod config;
fun main() {
    println(double(2), shapes.area(3), config::LIMIT, shapes::area(1))
}`,
      'app/helpers.ruchy': 'pub fun double(x: i64) -> i64 { x * 2 }',
      'shapes.ruchy': 'pub fun area(r) { r * r }',
      'app/config.ruchy': 'pub const LIMIT: i64 = 10',
    });
    expect(analysis.diagnostics(uriOf('app/main.ruchy'))).toEqual([]);
  });

  test('a sibling file is reached by its path without a `use`, and wins over a builtin namespace of that name', () => {
    const { analysis } = analyzeFiles({
      'main.ruchy': 'fun main() {\n    println(util::triple(2))\n}',
      'util.ruchy': 'pub fun triple(x: i64) -> i64 { x * 3 }',
    });
    expect(analysis.diagnostics(uriOf('main.ruchy'))).toEqual([]);
    const { analysis: missing } = analyzeFiles({ 'main.ruchy': 'fun main() {\n    println(nowhere::triple(2))\n}' });
    expect(missing.diagnostics(uriOf('main.ruchy')).length).toBeGreaterThan(0);
  });
});

describe('R0108 undefined macro', () => {
  test('an unknown macro is a warning; macro_rules definitions are known', () => {
    expectDiagnostics(
      `macro_rules! square { ($x:expr) => { $x * $x } }
println!("{}", square!(3))
[|prinln|]!("x")`,
      Codes.UndefinedMacro.code,
      ['macro `prinln!` is not defined; did you mean `println!`?'],
    );
  });
});

describe('scopes of every kind of name', () => {
  test('closures, match arms, if let, while let, for, labels, nested functions, catch', () => {
    expect(
      errorsOf(`fun main() {
    let base = 10
    let add = |x| x + base
    match Some(3) { Some(v) if v > 1 => println(v), other => println(other) }
    if let Some(w) = Some(1) { println(w) }
    let mut stack = [1, 2]
    while let Some(top) = stack.pop() { println(top) }
    'outer: for i in 0..3 { for j in 0..3 { if i == j { continue 'outer } } }
    fun helper(n) { n * 2 }
    println(helper(add(1)))
    try { throw "boom" } catch e { println(e) }
    let [first, ..rest] = [1, 2, 3]
    let Point3 { x, y: why, .. } = Point3 { x: 1, y: 2, z: 3 }
    println(first, rest, x, why)
}
struct Point3 { x: i64, y: i64, z: i64 }`),
    ).toEqual([]);
  });

  test('modules: members see each other; outside, m.f and m::f', () => {
    expect(
      errorsOf(`mod math {
    pub fun square(x) { x * x }
    pub fun quad(x) { square(square(x)) }
}
println(math.quad(2), math::square(3))`),
    ).toEqual([]);
  });
});
