// The formatter, construct by construct: exact layouts, long-line breaking, comment
// placement, blank lines, line endings, tabs, options, range formatting, broken input,
// and the places where Ruchy's line-sensitive grammar makes a layout change meaning.
// Every expected output is also checked to be stable (formatting it again changes
// nothing) and to parse to the input's tree.

import { describe, expect, test } from 'vitest';
import { parse } from '../../grammar/parse.js';
import { format, formatRange, lineEnding, type FormatOptions } from '../../src/syntax/format.js';
import { missingComment, sameTree } from '../../src/syntax/format-verify.js';

/** A template literal without its first line break: the text of a file. */
function src(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings.raw.map((s) => s.replace(/\\`/g, '`')) }, ...values);
  return text.startsWith('\n') ? text.slice(1) : text;
}

function expectFormat(input: string, expected: string, options?: FormatOptions): void {
  const before = parse(input);
  expect(before.diagnostics, 'the input parses').toEqual([]);
  const result = format(input, options);
  expect(result.text).toBe(expected);
  expect(result.changed).toBe(expected !== input);
  const after = parse(result.text);
  expect(after.diagnostics, 'the output parses').toEqual([]);
  expect(sameTree(before.ast, after.ast), 'same tree').toBe(true);
  expect(missingComment(before.ast.comments, result.text)).toBeNull();
  expect(format(result.text, options).text, 'stable').toBe(result.text);
}

describe('items', () => {
  test('function headers, bodies and empty bodies', () => {
    expectFormat('fun  add( a:i32,b : i32 )->i32{a+b}\nfn twice(x) { x*2 }\nfun nothing() {}\n', src`
fun add(a: i32, b: i32) -> i32 {
    a + b
}
fn twice(x) {
    x * 2
}
fun nothing() {}
`);
  });

  test('a long parameter list breaks one parameter per line, with a trailing comma', () => {
    expectFormat('fun configure(name: String, port: i64, host: String, verbose: bool, retries: i64, timeout: f64) -> Config { build() }\n', src`
fun configure(
    name: String,
    port: i64,
    host: String,
    verbose: bool,
    retries: i64,
    timeout: f64,
) -> Config {
    build()
}
`);
  });

  test('generics, where clauses, default values, async, visibility', () => {
    expectFormat('pub async fun get<T:Clone+Debug>(items:[T],n:usize=10)->Vec<T> where T:Copy{items}\n', src`
pub async fun get<T: Clone + Debug>(items: [T], n: usize = 10) -> Vec<T> where T: Copy {
    items
}
`);
    expectFormat('fun pick<T: Clone + Debug, U>(items: [T], n: usize = 10) -> Vec<U> where T: Copy + Clone + Debug + Default { items }\n', src`
fun pick<T: Clone + Debug, U>(items: [T], n: usize = 10) -> Vec<U>
where
    T: Copy + Clone + Debug + Default,
{
    items
}
`);
    expectFormat('fun get<T>(items: [T]) -> T where T: Clone + Debug + PartialOrd, T: Default { items[0] }\n', src`
fun get<T>(items: [T]) -> T
where
    T: Clone + Debug + PartialOrd,
    T: Default,
{
    items[0]
}
`, { maxWidth: 60 });
  });

  test('structs: named fields with trailing commas, tuple and unit structs, methods inside', () => {
    expectFormat(src`
struct Point { x: f64, pub y: f64 = 0.0 }
struct Pair(i32, String);
struct Marker
struct Counter {
    count: i64,

    fun new() -> Counter { Counter { count: 0 } }
    pub fun inc(&mut self) { self.count += 1 }
}
`, src`
struct Point {
    x: f64,
    pub y: f64 = 0.0,
}
struct Pair(i32, String);
struct Marker
struct Counter {
    count: i64,

    fun new() -> Counter {
        Counter { count: 0 }
    }
    pub fun inc(&mut self) {
        self.count += 1
    }
}
`);
  });

  test('enums, traits and impl blocks', () => {
    expectFormat(src`
enum Shape { Circle { radius: f64 }, Square(f64), Unknown, Code = 3 }
trait Describe: Clone {
    type Output;
    fun describe(&self) -> String
    fun name(&self) -> String { "thing" }
}
impl<T> Describe for Point<T> {
    fun describe(&self) -> String { f"({self.x}, {self.y})" }
}
`, src`
enum Shape {
    Circle { radius: f64 },
    Square(f64),
    Unknown,
    Code = 3,
}
trait Describe: Clone {
    type Output;
    fun describe(&self) -> String
    fun name(&self) -> String {
        "thing"
    }
}
impl<T> Describe for Point<T> {
    fun describe(&self) -> String {
        f"({self.x}, {self.y})"
    }
}
`);
  });

  test('use, import, mod, const, type aliases and inner attributes', () => {
    expectFormat(src`
#![allow(unused)]
use std::collections::{HashMap,HashSet}
import "./other.ruchy"
mod shapes;
mod geometry { pub fun square(x: i64) -> i64 { x * x } }
pub(crate) const MAX:i64=100;
type Pair<T> =(T,T)
`, src`
#![allow(unused)]
use std::collections::{HashMap, HashSet}
import "./other.ruchy"
mod shapes;
mod geometry {
    pub fun square(x: i64) -> i64 {
        x * x
    }
}
pub(crate) const MAX: i64 = 100;
type Pair<T> = (T, T)
`);
  });

  test('actors, effects, handlers and macro definitions', () => {
    expectFormat(src`
actor Counter {
    state count: i64 = 0
    receive Increment => self.count += 1
    receive { Add(n: i64) => { self.count += n }, Reset => self.count = 0 }
    fun get(&self) -> i64 { self.count }
}
effect Console { fun print(msg: String); read() -> String }
let m = handle compute() with { log(msg) => println(msg), return(v) => v }
macro_rules! square { ($x:expr) => { $x * $x }; }
`, src`
actor Counter {
    state count: i64 = 0,
    receive Increment => self.count += 1
    receive {
        Add(n: i64) => { self.count += n }
        Reset => self.count = 0,
    }
    fun get(&self) -> i64 {
        self.count
    }
}
effect Console {
    fun print(msg: String)
    read() -> String
}
let m = handle compute() with {
    log(msg) => println(msg),
    return(v) => v,
}
macro_rules! square { ($x:expr) => { $x * $x }; }
`);
  });

  test('a `;` after an item is kept', () => {
    expectFormat('struct A { x: i32 };\nenum E { A, B };\nimpl A { fun g() {} };\nmod m { let x = 1 };\nfun f() {};\n', src`
struct A {
    x: i32,
};
enum E {
    A,
    B,
};
impl A {
    fun g() {}
};
mod m {
    let x = 1
};
fun f() {};
`);
  });

  test('attributes and doc comments stay above their item, in order', () => {
    expectFormat(src`
/// Adds numbers.
/// Twice documented.
#[inline] #[test]
pub fun add(a, b) { a + b }
`, src`
/// Adds numbers.
/// Twice documented.
#[inline]
#[test]
pub fun add(a, b) {
    a + b
}
`);
    const ast = parse(format('/// Doc.\n#[test]\nfun f() {}\n').text).ast;
    expect((ast.stmts[0] as { doc: string | null }).doc).toBe('Doc.');
  });
});

describe('statements and control flow', () => {
  test('let, assignment and semicolons as written', () => {
    expectFormat(src`
let mut total:i64=0
let (a,b)=pair;
let Some(v) = maybe else { return }
x+=1;
foo()
`, src`
let mut total: i64 = 0
let (a, b) = pair;
let Some(v) = maybe else { return }
x += 1;
foo()
`);
  });

  test('if/else on one line when every branch is one expression and it fits; else broken', () => {
    expectFormat(src`
let y = if total > 10 { "big" } else { "small" }
if ready { go() }
if a { 1 } else if b { 2 } else { 3 }
if a { let b = 1; b } else { 2 }
`, src`
let y = if total > 10 { "big" } else { "small" }
if ready {
    go()
}
if a { 1 } else if b { 2 } else { 3 }
if a {
    let b = 1;
    b
} else {
    2
}
`);
    expectFormat('let label = if temperature_in_celsius > 30 { "hot weather" } else { "comfortable weather" }\n', src`
let label = if temperature_in_celsius > 30 {
    "hot weather"
} else {
    "comfortable weather"
}
`, { maxWidth: 60 });
  });

  test('if let, while let, loops and labels', () => {
    expectFormat(src`
if let Some(x) = maybe { println(x) }
let v = if let Some(x) = maybe { x } else { 0 }
while let Some(top) = stack.pop() { process(top) }
'outer: for i in 0..10 { @inner: while true { break 'outer } }
loop { continue }
`, src`
if let Some(x) = maybe {
    println(x)
}
let v = if let Some(x) = maybe { x } else { 0 }
while let Some(top) = stack.pop() {
    process(top)
}
'outer: for i in 0..10 {
    @inner: while true {
        break 'outer
    }
}
loop {
    continue
}
`);
  });

  test('match: one arm per line, commas except after blocks, guards', () => {
    expectFormat(src`
let kind = match n {
    0 => "zero",
    1 | 2 => { "small" },
    n if n < 0 => "negative",
    _ => { println("other"); "other" }
}
`, src`
let kind = match n {
    0 => "zero",
    1 | 2 => { "small" }
    n if n < 0 => "negative",
    _ => {
        println("other");
        "other"
    }
}
`);
  });

  test('try/catch/finally, throw, async, await, spawn, lazy, yield', () => {
    expectFormat(src`
try { risky() } catch (e: Error) { println(e) } finally { cleanup() }
throw "oops"
let f = async move |x| x + 1
let r = await fetch(url)
let b = async { work() }
spawn worker()
let lz = lazy expensive()
yield 5
`, src`
try {
    risky()
} catch (e: Error) {
    println(e)
} finally {
    cleanup()
}
throw "oops"
let f = async move |x| x + 1
let r = await fetch(url)
let b = async {
    work()
}
spawn worker()
let lz = lazy expensive()
yield 5
`);
  });
});

describe('expressions', () => {
  test('spaces around binary operators; parentheses kept exactly', () => {
    expectFormat('let big=x as i64+(y as i64)*2**3**2\nlet p=((a+b))*c\nlet q = a|>f|>g(1)\n', src`
let big = x as i64 + (y as i64) * 2 ** 3 ** 2
let p = ((a + b)) * c
let q = a |> f |> g(1)
`);
  });

  test('unary operators that would glue into another token keep a space', () => {
    expectFormat('z = - -y\nw = !!done\np = &&x\nq = &mut v\nr = * *ptr\ns = -(-y)\n', src`
z = - -y
w = !!done
p = &&x
q = &mut v
r = * *ptr
s = -(-y)
`);
  });

  test('ranges keep their operator', () => {
    expectFormat('let a = 0 .. n\nlet b = 1 ..= 9\nlet c = 1 ... 9\nlet d = ..5\nlet e = x..\n', src`
let a = 0..n
let b = 1..=9
let c = 1...9
let d = ..5
let e = x..
`);
  });

  test('literals are printed exactly as written', () => {
    const input = src`
let n = 1_000_000i64 + 0xFF + 0b1010 + 0o17 + 1.5e-3
let s = "tab\there \"quoted\" \u{1F600}"
let r = r#"raw "string" \d"#
let c = '\n'
let q = 'single quoted'
let f = f"{name:>10} {value:.2} {items:?} {{literal}} {a + b}"
let t = """
    triple "quoted"
        keeps   its   indentation   
"""
`;
    expectFormat(input, input);
  });

  test('tuples, arrays, repeats, comprehensions', () => {
    expectFormat('let t = (1,)\nlet u = ( 1 , 2 )\nlet a = [ 1,2,3 ]\nlet z = [0;10]\nlet v = vec![0;5]\nlet c = [x*2 for x in xs if x>1]\nlet e = ()\n', src`
let t = (1,)
let u = (1, 2)
let a = [1, 2, 3]
let z = [0; 10]
let v = vec![0; 5]
let c = [x * 2 for x in xs if x > 1]
let e = ()
`);
  });

  test('struct and object literals', () => {
    expectFormat('let p = Point{x:1,y}\nlet q = Point { ..p }\nlet r = Point { x: 1, ..p }\nlet o = { name: "x", "key" => 3, ...rest }\nlet e = {}\n', src`
let p = Point { x: 1, y }
let q = Point { ..p }
let r = Point { x: 1, ..p }
let o = { name: "x", "key" => 3, ...rest }
let e = {}
`);
  });

  test('closures: on one line when they fit; the anonymous-function form is kept', () => {
    expectFormat('let inc = |x| { x + 1 }\nlet add = |a, b: i32| -> i32 a + b\nlet g = fun(x, y = 2) { x + y }\nlet z = || 42\nlet m = move |v| v\n', src`
let inc = |x| { x + 1 }
let add = |a, b: i32| -> i32 a + b
let g = fun(x, y = 2) { x + y }
let z = || 42
let m = move |v| v
`);
  });

  test('paths, fields, indexes, try, optional chaining, turbofish', () => {
    expectFormat('let e = obj.field.0.method::<i32>()[i]?\nlet q = a?.b?.c()\nlet w = task?.await\nlet n = Point::new(1, 2)\n', src`
let e = obj.field.0.method::<i32>()[i]?
let q = a?.b?.c()
let w = task?.await
let n = Point::new(1, 2)
`);
  });

  test('macros keep their delimiters', () => {
    expectFormat('println!("{} {}",a,b)\nlet v = vec![1,2,3]\nlet df = df![ "a" => [1, 2], "b" => [3, 4] ]\nassert_eq!(square(3),9)\n', src`
println!("{} {}", a, b)
let v = vec![1, 2, 3]
let df = df!["a" => [1, 2], "b" => [3, 4]]
assert_eq!(square(3), 9)
`);
  });
});

describe('long lines', () => {
  test('call arguments break one per line with a trailing comma', () => {
    expectFormat('let result = calculate_total(first_argument_value, second_argument_value, third_argument_value)\n', src`
let result = calculate_total(
    first_argument_value,
    second_argument_value,
    third_argument_value,
)
`, { maxWidth: 80 });
  });

  test('arrays and struct literals break one element per line', () => {
    expectFormat('let names = ["alice", "bob", "carol", "dave", "eve", "frank"]\nlet p = Person { name: "Alice", age: 30, email: "alice@example.com" }\n', src`
let names = [
    "alice",
    "bob",
    "carol",
    "dave",
    "eve",
    "frank",
]
let p = Person {
    name: "Alice",
    age: 30,
    email: "alice@example.com",
}
`, { maxWidth: 40 });
  });

  test('method chains break before each call', () => {
    expectFormat('let total = orders.iter().filter(|o| o.paid).map(|o| o.amount * o.quantity).sum()\n', src`
let total = orders
    .iter()
    .filter(|o| o.paid)
    .map(|o| o.amount * o.quantity)
    .sum()
`, { maxWidth: 60 });
  });

  test('a block closure as last argument stays hugged', () => {
    expectFormat('values.iter().for_each(|v| {\nprintln(v)\nprintln(v * 2)\n})\nrun(config, |x| { x + 1 })\n', src`
values.iter().for_each(|v| {
    println(v)
    println(v * 2)
})
run(config, |x| { x + 1 })
`);
    expectFormat('run_the_task(configuration_value, |element| { element * element + offset_value })\n', src`
run_the_task(configuration_value, |element| {
    element * element + offset_value
})
`, { maxWidth: 70 });
  });

  test('binary operators break before the operator, loosest first', () => {
    expectFormat('let payment = principal_amount * monthly_rate_value * compound_factor / (compound_factor - 1.0) + fees\n', src`
let payment = principal_amount * monthly_rate_value * compound_factor / (compound_factor - 1.0)
    + fees
`, { maxWidth: 96 });
    expectFormat('let ok = first_condition_holds && second_condition_holds || third_condition_holds && fourth\n', src`
let ok = first_condition_holds && second_condition_holds
    || third_condition_holds && fourth
`, { maxWidth: 60 });
  });

  test('pipelines break one stage per line', () => {
    expectFormat('let report = raw_records |> parse_all |> validate_entries(strict_mode) |> summarize\n', src`
let report = raw_records
    |> parse_all
    |> validate_entries(strict_mode)
    |> summarize
`, { maxWidth: 50 });
  });

  test('strings are never broken, even past the width', () => {
    const input = 'let s = "a string literal that is much longer than the maximum width of forty"\n';
    expectFormat(input, input, { maxWidth: 40 });
  });
});

describe('comments', () => {
  test('leading, trailing, opener-line and own-line comments; comments between items', () => {
    expectFormat(src`
// File header


/// Adds numbers.
#[inline]
// note between the attribute and the function
fun add(a, b) { // opener
    // leading
    let s = a + b   // trailing


    /* block */ s
}



fun empty() {
    // nothing yet
}
# hash comment
// end of file
`, src`
// File header

/// Adds numbers.
#[inline]
// note between the attribute and the function
fun add(a, b) { // opener
    // leading
    let s = a + b // trailing

    /* block */ s
}

fun empty() {
    // nothing yet
}
# hash comment
// end of file
`);
  });

  test('comments in argument lists break the list and keep their places', () => {
    expectFormat('let v = call(first, // why first\n    second)\nlet w = call(/* no args */)\nlet p = Point { x: 1, /* mid */ y: 2 }\n', src`
let v = call(
    first, // why first
    second,
)
let w = call(/* no args */)
let p = Point {
    x: 1, /* mid */
    y: 2,
}
`);
  });

  test('comments in arrays, match arms, struct fields and enum variants', () => {
    expectFormat(src`
let xs = [
    1, // one
    // two follows
    2
]
match x {
    // the common case
    0 => a(), // zero
    _ => b()
}
struct S {
    /// The x.
    x: i32, // pixels
    y: i32
}
enum E {
    A, // first
    // second
    B
}
`, src`
let xs = [
    1, // one
    // two follows
    2,
]
match x {
    // the common case
    0 => a(), // zero
    _ => b(),
}
struct S {
    /// The x.
    x: i32, // pixels
    y: i32,
}
enum E {
    A, // first
    // second
    B,
}
`);
  });

  test('comments in method chains', () => {
    expectFormat(src`
let result = [1, 2, 3, 4, 5, 6]
    .filter(|n| n % 2 == 0)    // Keep evens
    // then square them
    .map(|n| n * n)
    .reduce(0, |acc, n| acc + n)  // Sum
`, src`
let result = [1, 2, 3, 4, 5, 6]
    .filter(|n| n % 2 == 0) // Keep evens
    // then square them
    .map(|n| n * n)
    .reduce(0, |acc, n| acc + n) // Sum
`);
  });

  test('comments between the operands of a chain', () => {
    expectFormat(src`
let ok = a > 0   // positive
    && b < 10    // small
    // and finally
    && c
let p = data |> parse // read
    |> save
`, src`
let ok = a > 0 // positive
    && b < 10 // small
    // and finally
    && c
let p = data
    |> parse // read
    |> save
`);
  });

  test('comments in actors', () => {
    const input = src`
actor Counter {
    // receive docs
    count: i64 = 0, // the count
    receive { // receive messages
        // increment
        Increment => self.count += 1, // plus one
        Add(n: i64) => { self.count += n }
    } // end of receive
    receive Reset => self.count = 0
}
`;
    expectFormat(input, input);
  });

  test('a comment no list owns keeps its statement verbatim; the other statements are formatted', () => {
    expectFormat('let z = 1 /* inline */ +   2\nlet  w=3\nfun f() {\n  let a = b  /* why */ * c\n  let  d=4\n}\n', src`
let z = 1 /* inline */ +   2
let w = 3
fun f() {
    let a = b  /* why */ * c
    let d = 4
}
`);
  });

  test('a verbatim statement moves its lines with its new indentation, but never inside strings', () => {
    expectFormat('fun f() {\n  let a = call(x, y) /* c */ + g(\n    1)\n  let s = """\n  keep\n"""\n}\n', src`
fun f() {
    let a = call(x, y) /* c */ + g(
      1)
    let s = """
  keep
"""
}
`);
  });

  test('a file of comments only', () => {
    expectFormat('// one\n\n\n/* two */\n', '// one\n\n/* two */\n');
  });

  test('comment texts survive, trailing blanks included', () => {
    const input = 'let x = 1 // note with trailing blanks   \n';
    expectFormat(input, input);
  });
});

describe('blank lines and whitespace', () => {
  test('runs of blank lines collapse to one; none at the start or end of a block', () => {
    expectFormat('\n\nlet a = 1\n\n\n\nlet b = 2\nfun f() {\n\n    let c = 3\n\n\n    c\n\n}\n\n\n', src`
let a = 1

let b = 2
fun f() {
    let c = 3

    c
}
`);
  });

  test('no blank line is added between items that had none', () => {
    expectFormat('fun a() {}\nfun b() {}\n\nfun c() {}\n', 'fun a() {}\nfun b() {}\n\nfun c() {}\n');
  });

  test('lines of blanks become empty; the file ends with one line break', () => {
    expectFormat('fun f() {\n    let a = 1\n    \n    a\n}', 'fun f() {\n    let a = 1\n\n    a\n}\n');
  });

  test('tabs are reindented with spaces; tabs inside strings stay', () => {
    expectFormat('fun f() {\n\tlet s = "a\tb"\n\tif s { 1 } else { 2 }\n}\n', 'fun f() {\n    let s = "a\tb"\n    if s { 1 } else { 2 }\n}\n');
  });

  test('the indent option', () => {
    expectFormat('fun f() { if a { b() } }\n', 'fun f() {\n  if a {\n    b()\n  }\n}\n', { indent: 2 });
  });
});

describe('line endings', () => {
  test('CRLF input gives CRLF output', () => {
    const input = 'fun f() {\r\n    let x = [1,2]\r\n    x // note\r\n}\r\n';
    const result = format(input);
    expect(result.text).toBe('fun f() {\r\n    let x = [1, 2]\r\n    x // note\r\n}\r\n');
    expect(result.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(format(result.text).text).toBe(result.text);
  });

  test('CRLF inside a multi-line string is kept as it is', () => {
    const input = 'let s = """a\r\nb"""\r\nlet  t = 1\r\n';
    expect(format(input).text).toBe('let s = """a\r\nb"""\r\nlet t = 1\r\n');
  });

  test('LF input stays LF; the majority wins in mixed files', () => {
    expect(lineEnding('a\nb\n')).toBe('\n');
    expect(lineEnding('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(lineEnding('a\r\nb\nc\n')).toBe('\n');
    expect(lineEnding('')).toBe('\n');
  });
});

describe('broken and unusual input', () => {
  test('a file with syntax errors is returned unchanged, with its diagnostics', () => {
    const input = 'fun f( {\n  let x =\n}\n';
    const result = format(input);
    expect(result.text).toBe(input);
    expect(result.changed).toBe(false);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((d) => d.start >= 0 && d.end <= input.length)).toBe(true);
  });

  test('empty and blank files', () => {
    expect(format('')).toEqual({ text: '', changed: false, diagnostics: [] });
    expect(format('\n\n  \n').text).toBe('');
  });

  test('absurd options are clamped', () => {
    expect(format('fun f() { a }\n', { indent: -3, maxWidth: 0 }).text).toBe('fun f() {\na\n}\n');
    expect(format('let x = [1, 2]\n', { maxWidth: Number.NaN }).text).toBe('let x = [1, 2]\n');
  });
});

describe('line breaks that would change meaning', () => {
  test('a bare return before an operator on the next line keeps that line break', () => {
    // `return` then `..8` on the next line is the range `(return)..8`, not `return ..8`.
    expectFormat('fun f() {\n    return\n    ..8\n}\n', 'fun f() {\n    return\n        ..8\n}\n');
  });

  test('a statement that begins with a block is never broken before an operator', () => {
    // `{ ... }` then `+` on the next line would be two statements.
    const input = `fun f() {\n    {\n        first()\n    } + second_value_computed_there() + third_value_computed_anywhere()\n}\n`;
    expectFormat(input, input, { maxWidth: 60 });
  });

  test('after a block-bodied arm, an arm that begins with `-` keeps the comma', () => {
    expectFormat('match code {\n    1 => { a() },\n    -1 => b()\n}\n', 'match code {\n    1 => { a() },\n    -1 => b(),\n}\n');
  });

  test('text the tree does not record is kept: `pub impl`, `async move`, `?.await`', () => {
    expectFormat('pub impl Point { fun f(&self) {} }\nlet a = async move { 1 }\nlet w = x?.await\n', 'pub impl Point {\n    fun f(&self) {}\n}\nlet a = async move {\n    1\n}\nlet w = x?.await\n');
  });
});

describe('formatRange', () => {
  const text = 'let  a=1\nfun f() {\n  let b=2\n}\nlet  c=3\n';

  test('formats the top-level statements overlapping the range', () => {
    const start = text.indexOf('let b');
    const edits = formatRange(text, start, start + 3);
    expect(edits).toEqual([{ start: text.indexOf('fun'), end: text.indexOf('}') + 1, text: 'fun f() {\n    let b = 2\n}' }]);
  });

  test('a range over several statements gives one edit; an empty range formats the statement at the cursor', () => {
    const edits = formatRange(text, 0, text.length);
    expect(edits).toHaveLength(1);
    const applied = text.slice(0, edits[0].start) + edits[0].text + text.slice(edits[0].end);
    expect(applied).toBe(format(text).text);
    const cursor = formatRange(text, text.indexOf('c=3'), text.indexOf('c=3'));
    expect(cursor).toEqual([{ start: text.indexOf('let  c'), end: text.length - 1, text: 'let c = 3' }]);
  });

  test('no edits for formatted statements, ranges between statements, or broken files', () => {
    expect(formatRange('let a = 1\n', 0, 5)).toEqual([]);
    expect(formatRange('let  a=1\n\n\nlet  b=2\n', 10, 10)).toEqual([]);
    expect(formatRange('let  a=1\nfun (\n', 0, 3)).toEqual([]);
  });
});
