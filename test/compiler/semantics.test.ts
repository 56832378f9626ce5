// Semantics of compiled programs: 64-bit integers, float display, collections, patterns,
// closures, loops and labels, methods, println rules, errors. Programs run in-process
// (`runInProcess`: same compiler output and runtime as the sandbox).

import { describe, expect, test } from 'vitest';
import { runInProcess } from '../../src/compiler/run.js';

function out(source: string): string {
  const r = runInProcess(source);
  if (r.exitCode !== 0) throw new Error(`program failed: ${r.stderr}`);
  return r.stdout;
}

function lines(source: string): string[] {
  return out(source).split('\n').slice(0, -1);
}

function failure(source: string): { stdout: string; stderr: string; exitCode: number } {
  const r = runInProcess(source);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

describe('64-bit integers', () => {
  test('exact results above 2^53', () => {
    expect(lines('println(1103515245 * 2147483647)\nprintln(9007199254740993)\nprintln(9007199254740992 + 1)')).toEqual([
      '2369780942852698515',
      '9007199254740993',
      '9007199254740993',
    ]);
  });

  test('2^53 +- 1 and the i64 bounds', () => {
    expect(
      lines(`
let a = 9007199254740991
println(a + 1, a + 2, -a - 2)
println(9223372036854775807, -9223372036854775807 - 1)
let m = 4611686018427387904
println(m + (m - 1))`),
    ).toEqual(['9007199254740992 9007199254740993 -9007199254740993', '9223372036854775807 -9223372036854775808', '9223372036854775807']);
  });

  test('the LCG of the matrix benchmark stays exact', () => {
    expect(out('let mut s = 42\nlet mut i = 0\nwhile i < 3 { s = (s * 1103515245 + 12345) % 2147483648; println(s); i += 1 }')).toBe(
      '1250496027\n1116302264\n1000676753\n',
    );
  });

  test.each([
    ['9223372036854775807 + 1', 'Integer overflow in addition'],
    ['-9223372036854775807 - 2', 'Integer overflow in subtraction'],
    ['9223372036854775807 * 2', 'Integer overflow in multiplication'],
    ['3037000500 * 3037000500', 'Integer overflow in multiplication'],
    ['(-9223372036854775807 - 1) / -1', 'Integer overflow in division'],
    ['(-9223372036854775807 - 1) % -1', 'Integer overflow in modulo'],
    ['1 / 0', 'Division by zero'],
    ['1 % 0', 'Division by zero'],
  ])('%s fails with "%s"', (expr, message) => {
    const r = failure(`println("before")\nlet x = ${expr}\nprintln(x)`);
    expect(r.stdout).toBe('before\n');
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`Error: ${message}`);
  });

  test('the error names the Ruchy line and column', () => {
    const r = failure('fun f(x) {\n    x * 3037000500\n}\nprintln(f(3037000500))');
    expect(r.stderr).toBe('Error: Integer overflow in multiplication\n  --> main.ruchy:2:7\n');
  });

  test('division truncates toward zero, modulo keeps the sign of the dividend', () => {
    expect(out('println(7 / 2, -7 / 2, 7 / -2, -7 / -2)\nprintln(7 % 3, -7 % 3, 7 % -3, -7 % -3)')).toBe('3 -3 -3 3\n1 -1 1 -1\n');
  });

  test('big division and modulo', () => {
    expect(out('println(9223372036854775807 / 3, 9223372036854775807 % 10, -9223372036854775807 / 2)')).toBe(
      '3074457345618258602 7 -4611686018427387903\n',
    );
  });

  test('** is exact in range and a float on overflow', () => {
    expect(out('println(2 ** 10, 3 ** 39, 2 ** 63, 2 ** -1, (-2) ** 63)')).toBe(
      '1024 4052555153018976267 9223372036854775808.0 0.5 -9223372036854775808\n',
    );
  });

  test('int and float mixing', () => {
    expect(out('println(7 / 2, 7.0 / 2, 7 / 2.0, 1 + 0.5, 2 * 1.5, 3 - 1.0, 10 % 3.0)')).toBe('3 3.5 3.5 1.5 3.0 2.0 1.0\n');
  });

  test('comparisons across ints, big ints and floats', () => {
    expect(out('println(9223372036854775807 > 1, 1 < 1.5, 2 == 2.0, 2.0 == 2, 1 != 1, 9007199254740993 == 9007199254740993)')).toBe(
      'true true true true false true\n',
    );
  });
});

describe('float display', () => {
  test.each([
    ['2.0', '2.0'],
    ['1e21', '1000000000000000000000.0'],
    ['1e-7', '0.0000001'],
    ['0.1 + 0.2', '0.30000000000000004'],
    ['1.0 / 0.0', 'inf'],
    ['-1.0 / 0.0', '-inf'],
    ['0.0 / 0.0', 'NaN'],
    ['-0.0', '-0.0'],
    ['3.14159', '3.14159'],
    ['0.5 + 0.5', '1.0'],
    ['1e300', BigInt(1e300).toString() + '.0'],
    ['1.0e15 + 0.5', '1000000000000000.5'],
  ])('println(%s) prints %s', (expr, expected) => {
    expect(out(`println(${expr})`)).toBe(expected + '\n');
  });

  test('floats inside collections and string concatenation', () => {
    expect(out('println([1.0, 2.5], (1.0, 2))\nprintln("x" + 3.0, "y" + 2.5)')).toBe('[1.0, 2.5] (1.0, 2)\nx3 y2.5\n');
  });

  test('format specs', () => {
    expect(out('let x = 3.14159\nprintln(f"{x:.2} {5:.2} {x:.0} {0.125:.2} {2.5:.0} {1e21:.1}")')).toBe(
      '3.14 5.00 3 0.12 2 1000000000000000000000.0\n',
    );
  });
});

describe('display of values', () => {
  test('strings raw at top level, quoted in collections', () => {
    expect(lines('let names = ["Alice", "Bob"]\nprintln(names)\nprintln(("Alice", 30, true))\nprintln("plain")')).toEqual([
      '["Alice", "Bob"]',
      '("Alice", 30, true)',
      'plain',
    ]);
  });

  test('f-strings keep strings raw even in collections; {:?} quotes', () => {
    expect(lines('let names = ["Alice", "Bob"]\nlet s = "x"\nprintln(f"{names}")\nprintln(f"{s:?} {names:?} {s}")')).toEqual([
      '[Alice, Bob]',
      '"x" ["Alice", "Bob"] x',
    ]);
  });

  test('objects and maps with sorted keys, structs, enums, ranges, closures, nil', () => {
    expect(
      lines(`
struct Point { y: i32, x: i32 }
println({ b: 2, a: "s" })
println(Point { x: 1, y: 2 })
println(Some(5), None, Ok(1), Err("bad"))
println(1..5, 1..=5)
println(|x| x)
println(())
println([[1, 2], [3]], [Some("a")])`),
    ).toEqual(['{a: "s", b: 2}', 'Point {x: 1, y: 2}', 'Some(5) None Ok(1) Err("bad")', '1..5 1..=5', '<function>', 'nil', '[[1, 2], [3]] [Some("a")]']);
  });
});

describe('println rules', () => {
  test('arguments are joined with one space', () => {
    expect(out('println("a", 1, true, 2.5)')).toBe('a 1 true 2.5\n');
  });

  test('{} is replaced in order when the first argument contains {}', () => {
    expect(out('println("{} + {} = {}", 1, 2, 3)\nprintln("{} and {}", "x")\nprintln("{}", "a", "b")')).toBe('1 + 2 = 3\nx and {}\na\n');
  });

  test('other placeholders print literally', () => {
    expect(out('println("{:.2}", 3.14159)')).toBe('{:.2} 3.14159\n');
  });

  test('macro forms', () => {
    expect(out('println!("{} is {:?}", "x", "y")\nlet s = format!("{}-{}", 1, 2)\nprintln!(s)\nprint!("no newline")\nprintln!()')).toBe(
      'x is "y"\n1-2\nno newline\n',
    );
  });

  test('println() prints an empty line', () => {
    expect(out('println()')).toBe('\n');
  });
});

describe('pattern matching', () => {
  test('literals, ranges, bindings with @, guards, wildcard', () => {
    expect(
      out(`
fun classify(n) {
    match n {
        0 => "zero",
        x @ 1..=9 if x % 2 == 1 => "small odd",
        1..=9 => "small even",
        -5..0 => "small negative",
        _ => "other"
    }
}
for n in [0, 3, 4, -2, 42] { println(classify(n)) }`),
    ).toBe('zero\nsmall odd\nsmall even\nsmall negative\nother\n');
  });

  test('tuples, arrays with rest, or-patterns, nested enums', () => {
    expect(
      lines(`
match (1, 2) { (1, y) | (y, 1) => println("one", y), _ => println("none") }
match [1, 2, 3, 4] { [first, .., last] => println(first, last), _ => println("empty") }
match [1, 2, 3] { [x, rest @ ..] => println(x, rest), _ => {} }
match [7] { [] => println("empty"), [x] => println("one", x), _ => println("more") }
match Some((1, "a")) { Some((n, s)) => println(n, s), None => println("none") }
let v: Option<i32> = None
match v { Some(x) => println(x), None => println("nothing") }`),
    ).toEqual(['one 2', '1 4', '1 [2, 3]', 'one 7', '1 a', 'nothing']);
  });

  test('struct and enum variant patterns', () => {
    expect(
      lines(`
struct P { x: i32, y: i32 }
enum Shape { Circle(f64), Rect { w: f64, h: f64 }, Dot }
let p = P { x: 0, y: 5 }
match p { P { x: 0, y } => println("on axis", y), P { x, y } => println(x, y) }
for s in [Shape::Circle(1.0), Shape::Rect { w: 2.0, h: 3.0 }, Shape::Dot] {
    match s {
        Shape::Circle(r) => println("circle", r),
        Shape::Rect { w, h } => println("rect", w * h),
        Shape::Dot => println("dot"),
    }
}`),
    ).toEqual(['on axis 5', 'circle 1.0', 'rect 6.0', 'dot']);
  });

  test('if let and while let', () => {
    expect(
      out(`
let x = Some(3)
if let Some(v) = x { println(v) } else { println("none") }
let mut stack = [1, 2, 3]
while let Some(top) = stack.pop() { print(top) }
println()`),
    ).toBe('3\n321\n');
  });

  test('a value no arm matches is a run-time error', () => {
    const r = failure('let x = 5\nmatch x { 1 => println("one") }');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Error: No match arm matched the value 5/);
  });
});

describe('closures and loops', () => {
  test('closures capture loop variables per iteration', () => {
    expect(
      out(`
let mut fs = []
for i in 0..3 { fs.push(|| i * 10) }
let mut gs = []
for s in ["a", "b"] { gs.push(|| s) }
println(fs.map(|f| f()), gs.map(|g| g()))`),
    ).toBe('[0, 10, 20] [a, b]\n'.replace('[a, b]', '["a", "b"]'));
  });

  test('closures capture variables by reference', () => {
    expect(out('let mut n = 1\nlet add = |x| x + n\nn = 10\nprintln(add(1))\nlet mut count = 0\nlet inc = || { count += 1 }\ninc()\ninc()\nprintln(count)')).toBe(
      '11\n2\n',
    );
  });

  test('labelled break and continue with both label styles', () => {
    expect(
      out(`
'outer: for a in 0..5 {
    for b in 0..5 {
        if b == 2 { continue 'outer }
        if a == 3 { break 'outer }
        print(f"{a}{b} ")
    }
}
println()
let mut n = 0
@outer: while true {
    loop { n += 1; if n > 4 { break @outer } }
}
println(n)`),
    ).toBe('00 01 10 11 20 21 \n5\n');
  });

  test('break with a value, loop as an expression, inclusive ranges', () => {
    expect(out('let mut i = 0\nlet v = loop { i += 1; if i == 5 { break i * 2 } }\nprintln(v)\nlet mut s = 0\nfor k in 1..=4 { s += k }\nprintln(s)')).toBe(
      '10\n10\n',
    );
  });

  test('for over strings and maps', () => {
    expect(out('for c in "héllo" { print(c, "") }\nprintln()\nlet m = { a: 1 }\nfor (k, v) in m { println(k, v) }')).toBe(
      'h é l l o \na 1\n',
    );
  });

  test('module-level mutable variables changed inside functions', () => {
    expect(out('let mut state = 0\nfun bump(n) { state = state + n }\nbump(2)\nbump(3)\nprintln(state)')).toBe('5\n');
  });

  test('fun main runs after the top-level statements', () => {
    expect(out('fun main() { println("main") }\nprintln("top")')).toBe('top\nmain\n');
  });
});

describe('functions, structs, traits, errors', () => {
  test('default parameters, pipelines', () => {
    expect(
      lines(`
fun greet(name, greeting = "Hello") { f"{greeting}, {name}!" }
println(greet("A"), greet("B", "Hi"))
fun double(x) { x * 2 }
fun add(x, y) { x + y }
println(5 |> double |> add(10))`),
    ).toEqual(['Hello, A! Hi, B!', '20']);
  });

  test('methods, associated functions, mutation through &mut self, field defaults', () => {
    expect(
      lines(`
struct Counter { count: i32 = 0, step: i32 = 1 }
impl Counter {
    fun new(step) -> Counter { Counter { step: step } }
    fun tick(&mut self) { self.count = self.count + self.step }
}
let mut c = Counter::new(5)
c.tick()
c.tick()
println(c.count, c)`),
    ).toEqual(['10 Counter {count: 10, step: 5}']);
  });

  test('traits with default methods dispatch on the value', () => {
    expect(
      lines(`
trait Speak { fun name(&self) -> String; fun hello(&self) -> String { "Hi " + self.name() } }
struct Dog { n: String }
struct Cat {}
impl Speak for Dog { fun name(&self) -> String { self.n } }
impl Speak for Cat { fun name(&self) -> String { "cat" } fun hello(&self) -> String { "meow" } }
for a in [Dog { n: "Rex" }, Cat {}] { println(a.hello()) }`),
    ).toEqual(['Hi Rex', 'meow']);
  });

  test('Option/Result with ? and methods', () => {
    expect(
      lines(`
fun div(a, b) -> Result<i32, String> { if b == 0 { Err("div by zero") } else { Ok(a / b) } }
fun calc(a, b) -> Result<i32, String> { let x = div(a, b)?; Ok(x + 1) }
println(calc(10, 2), calc(1, 0))
fun first(v) -> Option<i32> { let x = v.get(0)?; Some(x * 2) }
println(first([5]), first([]))
println(Some(2).map(|x| x + 1), None.unwrap_or(7), Ok(1).is_ok(), Err(2).unwrap_or(0))`),
    ).toEqual(['Ok(6) Err("div by zero")', 'Some(10) None', 'Some(3) 7 true 0']);
  });

  test('try/catch/throw and panic', () => {
    expect(out('try { throw "boom" } catch (e) { println("caught", e) }\nlet r = try { 1 / 0 } catch (e) { -1 }\nprintln(r)')).toBe('caught boom\n-1\n');
    const r = failure('panic!("bad {}", 1)');
    expect(r.stderr.split('\n')[0]).toBe('Error: bad 1');
    expect(r.exitCode).toBe(1);
  });

  test('unwrap on None is a run-time error', () => {
    expect(failure('let x = None\nprintln(x.unwrap())').stderr).toMatch(/^Error: called `Option::unwrap\(\)` on a `None` value/);
  });
});

describe('strings, arrays, maps', () => {
  test('string methods', () => {
    expect(
      lines(`
let s = "Hello, World"
println(s.len(), s.to_uppercase(), s.to_lowercase(), "  x ".trim())
println(s.contains("World"), s.starts_with("He"), s.ends_with("x"), s.replace("l", "L"))
println(s.split(", "), "abc".chars(), "ab".repeat(2), "ab" * 3, "é".len())
println("42".parse::<i32>(), "x".parse::<i32>().is_err(), "a" + 1 + true)`),
    ).toEqual([
      '12 HELLO, WORLD hello, world x',
      'true true false HeLLo, WorLd',
      '["Hello", "World"] ["a", "b", "c"] abab ababab 2',
      'Ok(42) true a1true',
    ]);
  });

  test('array methods', () => {
    expect(
      lines(`
let a = [3, 1, 2]
println(a.len(), a.map(|x| x * 2), a.filter(|x| x > 1), a.reduce(|x, y| x + y), a.fold(10, |x, y| x + y), a.sum())
println(a.join("-"), a.contains(2), a.first(), a.last(), a.get(5), a.iter().enumerate().collect())
let mut b = [3, 1, 2]
b.sort()
b.push(9)
println(b)
println(b.pop(), b, [1] + [2, 3], [0; 3])
println(a.zip([4, 5, 6]), a.any(|x| x > 2), a.all(|x| x > 2), a.find(|x| x < 3), [1.5, 2.5].sum())`),
    ).toEqual([
      '3 [6, 2, 4] [3, 2] Some(6) 16 6',
      '3-1-2 true Some(3) Some(2) None [(0, 3), (1, 1), (2, 2)]',
      '[1, 2, 3, 9]',
      'Some(9) [1, 2, 3] [1, 2, 3] [0, 0, 0]',
      '[(3, 4), (1, 5), (2, 6)] true false Some(1) 4.0',
    ]);
  });

  test('map methods', () => {
    expect(
      lines(`
let mut m = HashMap::new()
m.insert("b", 2)
m.insert("a", 1)
println(m.get("a"), m.get("z"), m.contains_key("b"), m.len(), m)
m.remove("b")
println(m.keys(), m.values())`),
    ).toEqual(['Some(1) None true 2 {a: 1, b: 2}', '["a"] [1]']);
  });

  test('indexing errors', () => {
    expect(failure('let a = [1]\nprintln(a[3])').stderr.split('\n')[0]).toBe('Error: Index out of bounds: index 3, length 1');
  });

  test('list comprehension', () => {
    expect(out('println([x * x for x in 0..6 if x % 2 == 0])')).toBe('[0, 4, 16]\n');
  });
});

describe('evaluation order', () => {
  test('an operand lowered to statements does not overtake the operands before it', () => {
    expect(
      out(`
let mut log = []
fun note(x) { log.push(x); x }
let v = note(1) + match note(2) { 2 => note(3), _ => 0 }
println(v, log)`),
    ).toBe('4 [1, 2, 3]\n');
  });
});
