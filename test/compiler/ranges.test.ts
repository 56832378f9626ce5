// The interval analysis (ranges.ts) and the code the emitter specialises on it: loop
// counters and accumulators proved to stay within +-(2^53-1) use plain JS arithmetic (in a
// guarded fast version of the function when the proof needs bounded parameters), and
// every value that may leave that range, or may not be an int, keeps the exact checked
// operations. Each program's output is the reference interpreter's.

import * as vm from 'node:vm';
import { describe, expect, test } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import { runInProcess } from '../../src/compiler/run.js';
import * as rt from '../../src/compiler/runtime/index.js';

function js(source: string): string {
  const result = compile(source, { format: 'function', sourceMap: false });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.js;
}

/** The text of one emitted JS function (up to its closing brace at the same indentation). */
function fnText(code: string, name: string): string {
  const lines = code.split('\n');
  const start = lines.findIndex((l) => l.trimStart().startsWith(`function ${name}(`));
  expect(start).toBeGreaterThanOrEqual(0);
  const indent = lines[start].length - lines[start].trimStart().length;
  const end = lines.findIndex((l, i) => i > start && l === ' '.repeat(indent) + '}');
  return lines.slice(start, end + 1).join('\n');
}

/** Runs the program; its output must also be the output of the generic code (no analysis at all). */
function run(source: string): { stdout: string; stderr: string; exitCode: number } {
  const r = runInProcess(source);
  const generic = compile(source, { format: 'function', sourceMap: false, analyze: false });
  const host = rt.memoryHost();
  rt.setHost(host);
  const status = (vm.compileFunction(generic.js, ['$rt']) as (r: unknown) => number)(rt);
  expect(r.stdout).toBe(host.stdout);
  expect(r.exitCode).toBe(status);
  if (status !== 0) expect(r.stderr.split('\n')[0]).toBe(host.stderr.split('\n')[0]);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const ARRAY_SUM = `fun array_sum(n) {
    let mut sum = 0
    let mut i = 0
    while i < n {
        sum = sum + i
        i = i + 1
    }
    sum
}
`;

describe('specialised: proved within +-(2^53-1)', () => {
  test('a top-level counter bounded by a literal is plain JS arithmetic', () => {
    const code = js('let mut i = 0\nwhile i < 10 { i = i + 1 }\nprintln(i)');
    expect(code).toContain('i = (i + 1);');
    expect(code).not.toContain('$intAdd');
    expect(run('let mut i = 0\nwhile i < 10 { i = i + 1 }\nprintln(i)').stdout).toBe('10\n');
  });

  test('a counter and an accumulator bounded by a parameter: a guarded fast version', () => {
    const source = ARRAY_SUM + 'println(array_sum(1000000))';
    const code = js(source);
    // The generic function tests the parameter once and calls the fast version.
    const generic = fnText(code, 'array_sum');
    expect(generic).toMatch(/if \(typeof n === "number" && n <= \d+ && n >= -\d+\) return array_sum\$fast\(n\);/);
    expect(generic).toContain('$intAdd(sum, i)');
    const fast = fnText(code, 'array_sum$fast');
    expect(fast).toMatch(/sum\$1 = \(sum\$1 \+ i\$1\);/);
    expect(fast).toMatch(/i\$1 = \(i\$1 \+ 1\);/);
    expect(fast).not.toContain('typeof');
    expect(run(source).stdout).toBe('499999500000\n');
  });

  test('nested loops, `i * i <= n` and a remainder by a counter proved non-zero', () => {
    const source = `fun is_prime(n) {
    if n < 2 { return false }
    let mut i = 2
    while i * i <= n {
        if n % i == 0 { return false }
        i = i + 1
    }
    true
}
fun count(limit) {
    let mut c = 0
    for k in 0..limit {
        if is_prime(k) { c += 1 }
    }
    c
}
println(count(1000), is_prime(2147483647))`;
    const fast = fnText(js(source), 'is_prime$fast');
    expect(fast).toContain('(i$1 * i$1 + 0) <= n$1');
    expect(fast).toContain('(n$1 % i$1 + 0)');
    expect(fast).not.toContain('$intRem');
    expect(run(source).stdout).toBe('168 true\n');
  });

  test('a recursive call whose argument passes the guard goes straight to the fast version', () => {
    const source = 'fun fib(n) { if n <= 1 { n } else { fib(n - 1) + fib(n - 2) } }\nprintln(fib(20))';
    const fast = fnText(js(source), 'fib$fast');
    expect(fast).toContain('fib$fast((n$1 - 1))');
    // The sum of two results is not bounded: still checked.
    expect(fast).toContain('$intAdd(');
    expect(run(source).stdout).toBe('6765\n');
  });
});

describe('specialised: loop forms', () => {
  test('`x += e` in nested `for` ranges: plain arithmetic in the fast version', () => {
    const source = `fun tri(n) {
    let mut t = 0
    for i in 0..n {
        for j in 0..i {
            t += i * j
        }
    }
    t
}
println(tri(300))`;
    const fast = fnText(js(source), 'tri$fast');
    expect(fast).not.toMatch(/\$add|\$intAdd|\$intMul|typeof/);
    expect(run(source).stdout).toBe('1001283725\n');
  });

  test('`while i < v.len()` bounds the index: the counter is plain, the sum of elements is not', () => {
    const source = `fun total(xs) {
    let mut s = 0
    let mut i = 0
    while i < xs.len() {
        s = s + xs[i]
        i += 1
    }
    s
}
println(total([4503599627370496, 4503599627370496, 1]))`;
    const code = fnText(js(source), 'total');
    expect(code).toMatch(/i = \(i \+ 1\);/);
    expect(code).toContain('$intAdd(s, ');
    expect(run(source).stdout).toBe('9007199254740993\n');
  });
});

describe('not specialised: the exact generic operations stay', () => {
  test('match arms, labelled breaks and loop values: odd results past 2^53 stay exact', () => {
    const source = `fun f(n) {
    let mut s = 1
    let mut i = 0
    while i < n {
        match i % 3 {
            0 => { s = s + 4503599627370496 }
            _ => { s = s + 1 }
        }
        i = i + 1
    }
    s
}
fun g(n) {
    let mut s = 0
    let mut i = 0
    'outer: while i < n {
        let mut j = 0
        while j < n {
            if i * j > 50 { break 'outer }
            s = s + 1000000000000001
            j = j + 1
        }
        i = i + 1
    }
    s
}
let mut k = 0
let r = loop {
    k = k + 1
    if k == 10 { break k * 1000000000000000 + 1 }
}
println(f(6), g(20), r)`;
    expect(run(source).stdout).toBe('9007199254740997 77000000000000077 10000000000000001\n');
  });

  test('an accumulator that becomes a bigint keeps the checked path and stays exact', () => {
    const source = `fun powers(n) {
    let mut p = 1
    let mut i = 0
    while i < n {
        p = p * 2
        i = i + 1
    }
    p
}
println(powers(60))
println(powers(62))
println(powers(63))`;
    const code = js(source);
    expect(fnText(code, 'powers$fast')).toContain('$intMul(p$1, 2)');
    const r = run(source);
    expect(r.stdout).toBe('1152921504606846976\n4611686018427387904\n');
    expect(r.stderr).toContain('Integer overflow in multiplication');
    expect(r.exitCode).toBe(1);
  });

  test('arguments beyond the guard run the generic version, exact past 2^53', () => {
    const source = `fun sum_from(start, n) {
    let mut s = start
    let mut i = 0
    while i < n {
        s = s + i
        i = i + 1
    }
    s
}
println(sum_from(9007199254740000, 2000))
println(sum_from(10, 5))`;
    expect(run(source).stdout).toBe('9007199256739000\n20\n');
  });

  test('a bigint argument fails the guard: generic code, exact result', () => {
    const source = 'fun k(n) {\n    let mut i = 0\n    while i < n && i < 5 { i += 1 }\n    i + n\n}\nprintln(k(9007199254740993), k(3))';
    expect(run(source).stdout).toBe('9007199254740998 6\n');
  });

  test('overflow at the i64 boundary still raises inside a specialised loop', () => {
    const source = `fun h(n) {
    let mut i = 0
    let mut x = 9223372036854775800
    while i < n {
        x = x + 1
        i = i + 1
    }
    x
}
println(h(7))
println(h(8))`;
    const fast = fnText(js(source), 'h$fast');
    // The counter is plain; the value near i64::MAX is not.
    expect(fast).toContain('i$1 = (i$1 + 1);');
    expect(fast).toContain('$intAdd(x$1, 1)');
    const r = run(source);
    expect(r.stdout).toBe('9223372036854775807\n');
    expect(r.stderr).toContain('Integer overflow in addition');
    expect(r.exitCode).toBe(1);
  });

  test('a subtraction down to i64::MIN raises the overflow error', () => {
    const source = 'let mut x = -9223372036854775806\nlet mut i = 0\nwhile i < 5 {\n    x = x - 1\n    i = i + 1\n}\nprintln(x)';
    const r = run(source);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Integer overflow in subtraction');
  });

  test('a divisor that may be zero keeps the division-by-zero check', () => {
    const source = `fun d(n) {
    let mut s = 0
    let mut i = 0
    while i < n {
        s = s + 100 / (n - i - 1)
        i = i + 1
    }
    s
}
println(d(3))`;
    const code = js(source);
    expect(fnText(code, 'd$fast')).toContain('$intDiv(');
    const r = run(source);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Division by zero');
  });

  test('an int/float mix keeps the generic operators', () => {
    const source = 'let mut x = 0\nlet mut i = 0\nwhile i < 10 {\n    x = x + 1\n    if i == 5 { x = x + 0.5 }\n    i = i + 1\n}\nprintln(x)';
    const code = js(source);
    expect(code).toContain('i = (i + 1);');
    expect(code).not.toMatch(/x = \(x \+ 1\)/);
    expect(run(source).stdout).toBe('10.5\n');
  });

  test('a counter a closure mutates is never proved', () => {
    const source = `let mut c = 0
let inc = || { c = c + 9007199254740990 }
let mut i = 0
while i < 3 {
    inc()
    c = c + 1
    i = i + 1
}
println(c)`;
    const code = js(source);
    expect(code).toContain('$intAdd(c, 1)');
    expect(run(source).stdout).toBe('27021597764222973\n');
  });

  test('a parameter called with an int and a float gets no guard', () => {
    const source = `fun g(n) {
    let mut i = 0
    let mut s = 0
    while i < n {
        s = s + i
        i = i + 1
    }
    s
}
println(g(10), g(2.5))`;
    const code = js(source);
    expect(code).not.toContain('g$fast');
    expect(run(source).stdout).toBe('45 3\n');
  });

  test('`continue` skipping the step leaves the trip count unknown', () => {
    const source = `fun odd_sum(n) {
    let mut s = 0
    let mut i = 0
    while i < n {
        i = i + 1
        if i % 2 == 0 { continue }
        s = s + i
    }
    s
}
println(odd_sum(100))`;
    const code = js(source);
    // i is the only counter bound by the condition, but the accumulator's trip count is unknown.
    expect(code).toContain('$intAdd(s');
    expect(run(source).stdout).toBe('2500\n');
  });
});
