// Types (R02xx): mismatches against annotations, invalid operands, calls of non-functions,
// argument counts, unknown fields, methods and members, missing fields, `?` outside a
// function returning Option/Result. And the gradual side: no error on what the dynamically
// typed reference interpreter runs.

import { describe, expect, test } from 'vitest';
import { Codes } from '../../src/diagnostics/codes.js';
import { analyzeSource, errorsOf, expectDiagnostics } from './helpers.js';

describe('R0201 type mismatch', () => {
  test('a let annotation, an argument, a return value, a struct field', () => {
    const ds = expectDiagnostics(
      `struct User { name: String, age: i64 }
fun twice(n: i64) -> i64 { n * 2 }
fun label() -> String { [|42|] }
fun main() {
    let count: i64 = [|"three"|]
    twice([|true|])
    let u = User { name: "Ann", age: [|"old"|] }
}`,
      Codes.TypeMismatch.code,
      [
        'mismatched types: expected `String`, found `i64`',
        'mismatched types: expected `i64`, found `String`',
        'expected `i64`, found `bool`',
        'expected `i64`, found `String`',
      ],
    );
    expect(ds[0].data).toEqual({ expected: 'String', found: 'i64' });
    expect(ds.every((d) => d.severity === 'error')).toBe(true);
  });

  test('return statements against the declared type', () => {
    expectDiagnostics(
      `fun sign(x: i64) -> bool {
    if x > 0 { return [|"positive"|] }
    false
}`,
      Codes.TypeMismatch.code,
      ['expected `bool`, found `String`'],
    );
  });

  test('integer widths mix, ints fit floats, &str is String, Vec<T> is [T]', () => {
    expect(
      errorsOf(`fun f(a: i32, b: i64, c: f64, s: &str, v: &Vec<i32>, arr: [i32; 3]) -> i64 { a + b }
fun g() -> &str { "x" }
fun h(n: i32) -> i64 { (n as i64) * 2 }
let x: f64 = 1
f(1, 2, 3, "s", vec![1, 2], [1, 2, 3])
let name: String = g()`),
    ).toEqual([]);
  });
});

describe('R0202/R0203 invalid operands', () => {
  test('operands the interpreter rejects, at the operator', () => {
    expectDiagnostics(
      `let a = 1 [|+|] true
let b = "x" [|-|] 1
let c = [1] [|*|] 2
let n = 5
let d = n [|/|] "2"`,
      Codes.InvalidOperands.code,
      ['cannot apply `+` to `i64` and `bool`', 'cannot apply `-` to `String` and `i64`', 'cannot apply `*` to `[i64]` and `i64`', 'cannot apply `/` to `i64` and `String`'],
    );
  });

  test('ordering comparisons of certainly different kinds (`1 < "a"` fails at run time)', () => {
    expectDiagnostics(
      `let a = 1 [|<|] "a"
let n = 3
let b = "z" [|>=|] n
let c = true [|>|] 0`,
      Codes.InvalidOperands.code,
      ['cannot apply `<` to `i64` and `String`', 'cannot apply `>=` to `String` and `i64`', 'cannot apply `>` to `bool` and `i64`'],
    );
  });

  test('ordering comparisons that may work are left alone', () => {
    expect(
      errorsOf(`let a = 1 < 2.5
let b = "a" < "b"
let c = 1 == "a"
let d = [1] < [2]
fun f(x) { x < "a" }
let e = f(1)
let mut m = 1
m = "one"
let g = m < "z"
struct P { x: i64 }
let h = P { x: 1 } < 2`),
    ).toEqual([]);
  });

  test('unary minus on a string', () => {
    expectDiagnostics('let s = [|-"abc"|]', Codes.InvalidOperand.code, ['cannot apply unary `-` to `String`']);
  });

  test('what Ruchy allows: int/float mixes, string concatenation and repetition, array concatenation', () => {
    expect(
      errorsOf(`let a = 1 + 2.5
let b = "n = " + 5 + " " + true + 1.5
let c = 3 + " apples"
let d = "ab" * 3
let e = [1, 2] + [3]
let f = 7 % 2.0
let g = 2 ** 10`),
    ).toEqual([]);
  });
});

describe('R0204 calling a non-function', () => {
  test('a certain non-function value', () => {
    expectDiagnostics(
      `let n = 5
let s = "text"
[|n|](1)
[|s|]()`,
      Codes.NotCallable.code,
      ['`n` has type `i64`, which is not a function', '`s` has type `String`'],
    );
  });

  test('parameters of unknown type may be functions', () => {
    expect(errorsOf('fun apply(f, x) { f(x) }\napply(|x| x + 1, 2)')).toEqual([]);
  });
});

describe('R0205 argument count', () => {
  test('functions, default parameters, methods, closures and tuple variants', () => {
    expectDiagnostics(
      `fun add(a, b) { a + b }
fun greet(name, greeting = "Hello") { println(greeting, name) }
struct P { x: i64 }
impl P { fun scale(&self, k: i64) -> i64 { self.x * k } }
enum Shape { Circle(f64) }
add(1, 3, [|4|])
[|greet|]()
greet("a", "b", [|"c"|])
let p = P { x: 1 }
p.[|scale|]()
let inc = |x| x + 1
inc(1, [|2|])
let c = Shape::Circle(1.0, [|2.0|])`,
      Codes.WrongArgumentCount.code,
      [
        '`add` takes 2 arguments but 3 were given',
        '`greet` takes 1 to 2 arguments but 0 were given',
        '`greet` takes 1 to 2 arguments but 3 were given',
        '`scale` takes 1 argument but 0 were given',
        '`inc` takes 1 argument but 2 were given',
        '`Shape::Circle` takes 1 argument but 2 were given',
      ],
    );
  });

  test('builtins whose argument count the runtime checks', () => {
    expectDiagnostics(
      `let a = len([1], [|[2]|])
let b = [|len|]()
let c = abs(1, [|2|])
let d = [|max|](1)
let e = sqrt(4, [|5, 6|])
let f = range(1, 2, 3, [|4|])`,
      Codes.WrongArgumentCount.code,
      [
        '`len` takes 1 argument but 2 were given',
        '`len` takes 1 argument but 0 were given',
        '`abs` takes 1 argument but 2 were given',
        '`max` takes at least 2 arguments but 1 was given',
        '`sqrt` takes 1 argument but 3 were given',
        '`range` takes 1 to 3 arguments but 4 were given',
      ],
    );
    // A local or user function of the same name is not the builtin; pipelines count the piped value.
    expect(errorsOf(`fun len(a, b) { a + b }
let x = len(1, 2)
let y = [1, 2] |> sqrt
let z = max(1, 2, 3)
let w = range(5)`)).toEqual([]);
  });

  test('builtins are variadic where Ruchy is; pipelines count the piped value', () => {
    expect(
      errorsOf(`fun double(x) { x * 2 }
fun add(a, b) { a + b }
println()
println("a", 1, true)
assert_eq(1, 1, "equal")
let r = 5 |> double |> add(1)`),
    ).toEqual([]);
  });
});

describe('R0206/R0207/R0208 unknown members', () => {
  test('unknown field of a known struct, with a suggestion; self included', () => {
    const ds = expectDiagnostics(
      `struct Point { x: i64, y: i64 }
impl Point { fun norm(&self) -> i64 { self.x * self.x + self.[|yy|] } }
let p = Point { x: 1, y: 2 }
println(p.[|z|])
let q = Point { x: 1, [|w|]: 2 }`,
      Codes.UnknownField.code,
      ['no field `yy` on type `Point`; did you mean `y`?', 'no field `z` on type `Point`', 'no field `w` on type `Point`'],
    );
    expect(ds[0].data).toEqual({ name: 'yy', suggestion: 'y' });
  });

  test('unknown method of a known struct, with a suggestion', () => {
    expectDiagnostics(
      `struct Account { balance: i64 }
impl Account { fun deposit(&mut self, n: i64) { self.balance += n } }
fun main() {
    let mut a = Account { balance: 0 }
    a.[|depost|](5)
    a.deposit(1)
    println(a.to_string(), a.clone())
}`,
      Codes.UnknownMethod.code,
      ['no method `depost` on type `Account`; did you mean `deposit`?'],
    );
  });

  test('an unknown method suggests methods and fields holding functions, not a plain field', () => {
    const hintOf = (call: string): string =>
      expectDiagnostics(
        `struct Counter { count: i64, on_tick: fn(i64) -> i64 }
impl Counter { fun reset(&mut self) { self.count = 0 } }
fun main() {
    let mut c = Counter { count: 0, on_tick: |n| n + 1 }
    c.reset()
    println(c.count, (c.on_tick)(1))
    c.[|${call}|]()
}`,
        Codes.UnknownMethod.code,
        [''],
      )[0].message;
    expect(hintOf('cout')).toBe('no method `cout` on type `Counter`');
    expect(hintOf('rest')).toBe('no method `rest` on type `Counter`; did you mean `reset`?');
    expect(hintOf('on_tik')).toBe('no method `on_tik` on type `Counter`; did you mean `on_tick`?');
  });

  test('trait methods (declared and default) are methods of the implementing type', () => {
    expect(
      errorsOf(`trait Describe {
    fun describe(&self) -> String
    fun shout(&self) -> String { self.describe().to_uppercase() }
}
struct Dog { name: String }
impl Describe for Dog { fun describe(&self) -> String { self.name } }
let d = Dog { name: "rex" }
println(d.describe(), d.shout())`),
    ).toEqual([]);
  });

  test('unknown variant, associated function or module member', () => {
    expectDiagnostics(
      `enum Color { Red, Green }
struct P { x: i64 }
impl P { fun new() -> P { P { x: 0 } } }
mod util { pub fun helper() { 1 } }
let c = Color::[|Gren|]
let p = P::[|nw|]()
util::[|helpr|]()`,
      Codes.UnknownMember.code,
      ['no `Gren` in `Color`; did you mean `Green`?', 'no `nw` in `P`; did you mean `new`?', 'no `helpr` in `util`; did you mean `helper`?'],
    );
  });

  test('derived and blanket associated functions are not reported', () => {
    expect(errorsOf('#[derive(Default, Clone)]\nstruct Config { port: i64 = 80 }\nlet c = Config::default()\nlet d = Config::clone(c)')).toEqual([]);
  });

  test('a possibly unknown method of a builtin type is a warning with a suggestion', () => {
    const [d] = expectDiagnostics('let s = "abc"\nprintln(s.[|trimm|]())', Codes.PossiblyUnknownMethod.code, ['no method `trimm` is known on `String`; did you mean `trim`?']);
    expect(d.severity).toBe('warning');
  });
});

describe('R0209 missing fields', () => {
  test('fields without defaults must be given (warning); defaults and ..base are fine', () => {
    const [d] = expectDiagnostics(
      `struct Config { host: String, port: i64, debug: bool = false }
let a = [|Config|] { host: "h" }
let b = Config { host: "h", port: 1 }
let c = Config { port: 2, ..b }`,
      Codes.MissingFields.code,
      ['missing field `port` in initializer of `Config`'],
    );
    expect(d.severity).toBe('warning');
  });
});

describe('R0210 `?` outside a function returning Option or Result', () => {
  test('only when the declared return type is certainly neither', () => {
    expectDiagnostics(
      `fun parse(s) -> Result<i64, String> { if s == "" { Err("empty") } else { Ok(1) } }
fun total(a) -> i64 {
    let n = parse(a)[|?|]
    n
}
fun fine(a) -> Result<i64, String> { Ok(parse(a)? + 1) }
fun unannotated(a) { let n = parse(a)?; Ok(n) }
fun maybe(v: Option<i64>) -> Option<i64> { Some(v? * 2) }`,
      Codes.TryWithoutResult.code,
      ['the `?` operator needs a function that returns `Option` or `Result`, but `total` returns `i64`'],
    );
  });
});

describe('inference', () => {
  const typeAt = (source: string): string | null => {
    const { analysis, uri, mark } = analyzeSource(source);
    return analysis.typeAt(uri, mark.cursor)?.type ?? null;
  };

  test('literals, operators and collections', () => {
    expect(typeAt('let <|>a = 1 + 2')).toBe('i64');
    expect(typeAt('let <|>a = 1 + 2.0')).toBe('f64');
    expect(typeAt('let <|>a = "x" + 1')).toBe('String');
    expect(typeAt('let <|>a = [1, 2, 3]')).toBe('[i64]');
    expect(typeAt('let <|>a = (1, "x", true)')).toBe('(i64, String, bool)');
    expect(typeAt('let <|>a = [1, "a", true]')).toBe('[any]');
    expect(typeAt('let <|>a = { name: "x", age: 3 }')).toBe('{ name: String, age: i64 }');
    expect(typeAt('let <|>a = Some(3)')).toBe('Option<i64>');
    expect(typeAt('let <|>r = 0..10')).toBe('Range<i64>');
  });

  test('a top-level `let v = []` filled by pushes of one kind of literal', () => {
    expect(typeAt('let <|>v = []\nv.push(1)\nv.push(2)\nprintln(v)')).toBe('[i64]');
    expect(typeAt('let mut <|>names = []\nfun add() { names.push("x") }\nadd()')).toBe('[String]');
    expect(typeAt('let <|>v = []\nv.push(1)\nv.push("a")')).toBe('[any]');
    expect(typeAt('let <|>v = []\nlet k = 3\nv.push(k)')).toBe('[any]');
    expect(typeAt('let <|>v = []\nv.push(1)\nv.insert(0, "a")')).toBe('[any]');
    // A guess, never the basis of an error.
    expect(errorsOf('let v = []\nv.push(1)\nlet s: String = v[0]')).toEqual([]);
  });

  test('rest bindings in array patterns (`..rest` parses as a range without a lower bound)', () => {
    expect(typeAt('let xs = [1, 2, 3]\nlet [first, ..<|>rest] = xs')).toBe('[i64]');
    expect(typeAt('let xs = [1, 2, 3]\nlet [<|>first, ..rest] = xs')).toBe('i64');
    expect(typeAt('fun f(xs: [String]) {\n    match xs {\n        [a, ..<|>tail] => tail.len(),\n        _ => 0\n    }\n}')).toBe('[String]');
    expect(typeAt('fun f(xs: [i64]) {\n    let [..<|>init, last] = xs\n    init\n}')).toBe('[i64]');
    expect(errorsOf('fun f(xs: [i64]) -> i64 {\n    let [first, ..rest] = xs\n    first + rest.len()\n}\nfun g(n: i64) -> i64 { match n { ..0 => 0, _ => 1 } }')).toEqual([]);
  });

  test('let-polymorphism: an unannotated function used at several types', () => {
    expect(typeAt('fun id(x) { x }\nlet a = id(1)\nlet <|>b = id("s")')).toBe('String');
    expect(typeAt('fun <|>pair(a, b) { (a, b) }')).toBe('fun(T, U) -> (T, U)');
    expect(typeAt('let id = |x| x\nlet a = id(1)\nlet <|>b = id(true)')).toBe('bool');
  });

  test('mutually recursive functions are inferred together', () => {
    expect(typeAt('fun is_even(n) { if n == 0 { true } else { is_odd(n - 1) } }\nfun is_odd(n) { if n == 0 { false } else { is_even(n - 1) } }\nlet <|>e = is_even(4)')).toBe('bool');
  });

  test('methods, fields, generics and builtin method tables', () => {
    expect(typeAt('struct P { x: f64 }\nimpl P { fun get(&self) -> f64 { self.x } }\nlet p = P { x: 1.0 }\nlet <|>v = p.get()')).toBe('f64');
    expect(typeAt('fun first<T>(xs: [T]) -> T { xs[0] }\nlet <|>f = first(["a"])')).toBe('String');
    expect(typeAt('let <|>w = "a b".split(" ").map(|s| s.len())')).toBe('[i64]');
    expect(typeAt('fun f() {\n    let m = HashMap::new()\n    m.insert("k", 1)\n    let <|>v = m.get("k")\n}')).toBe('Option<i64>');
    expect(typeAt('struct Stack<T> { items: [T] }\nlet s = Stack { items: [1] }\nlet <|>i = s.items')).toBe('[i64]');
  });

  test('match arms, if-else and loops with break values', () => {
    expect(typeAt('let n = 3\nlet <|>s = match n { 1 => "one", _ => "many" }')).toBe('String');
    expect(typeAt('let <|>v = loop { break 5 }')).toBe('i64');
    expect(typeAt('let <|>v = if true { 1 } else { 2.0 }')).toBe('any');
  });
});

describe('gradual typing: no false errors', () => {
  test('heterogeneous arrays, objects as maps, functions at several types, branch types', () => {
    expect(
      errorsOf(`let mixed = [1, "a", true]
for m in mixed { println(m) }
let obj = { name: "x", age: 3 }
println(obj.name, obj["age"])
fun compute(x, y) { let r = x + y; r * 2 }
compute(1, 2)
compute(1.0, 2.0)
compute("a", "b")
let v = if mixed.len() > 2 { 1 } else { "few" }
let mut acc = 0
acc = "now a string"
let mut items = []
items.push(1)
items.push("two")
println(items[1] + true)`),
    ).toEqual([]);
  });

  test('values through unannotated parameters never produce errors', () => {
    expect(
      errorsOf(`fun f(n) {
    let a = n * 2
    a + true
}
fun g(s) { s.anything_at_all(1, 2, 3) }
fun h(p) { p.field.other }`),
    ).toEqual([]);
  });

  test('the samples of the repository check cleanly', () => {
    expect(errorsOf('fun main() { let x = 5; if x > 3 { println("big") } }')).toEqual([]);
  });
});
