// Inputs for the stress tests, generated here (deterministic, nothing copied in): a large
// program whose errors are planted at known places, and many small files that use one another.

export interface LargeProgram {
  text: string;
  functions: number;
  /** Offsets of the planted errors (an unknown name, R0101), in order. */
  errors: number[];
}

/**
 * A program of at least `chars` characters: a chain of functions, each calling the one
 * before it, and a `main` calling the last, so nothing is unused; every `errorEvery`-th
 * function adds a name that is not defined (`missing_<n>`), the only errors.
 */
export function largeProgram(chars: number, errorEvery = 1000): LargeProgram {
  const parts: string[] = ['// Generated for the stress tests.\n\nstruct Pair {\n    left: i64,\n    right: i64\n}\n\n'];
  let length = parts[0].length;
  const errors: number[] = [];
  let n = 0;
  while (length < chars) {
    n++;
    const previous = n === 1 ? 'limit % 7' : `step_${n - 1}(limit - 1, scale)`;
    const planted = n % errorEvery === 0 ? `missing_${n}` : null;
    const head = `/// Step ${n} of the chain.\nfun step_${n}(limit: i64, scale: i64) -> i64 {\n    let mut total = ${previous}\n    let pair = Pair { left: ${n}, right: limit }\n    for i in 0..limit {\n        if i % ${(n % 9) + 2} == 0 && total < ${n * 10} {\n            total = total + i * scale\n        } else if i > ${n % 50} {\n            total -= pair.left\n        }\n    }\n    let label = match total % 3 {\n        0 => "zero",\n        1 => "one",\n        _ => "two"\n    }\n    println(f"{label}: {total}")\n    total + pair.right`;
    const body = planted === null ? `${head}\n}\n\n` : `${head} + ${planted}\n}\n\n`;
    if (planted !== null) errors.push(length + body.indexOf(planted));
    parts.push(body);
    length += body.length;
  }
  parts.push(`fun main() {\n    println(step_${n}(10, 2))\n}\n`);
  return { text: parts.join(''), functions: n, errors };
}

/**
 * File `i` of a workspace: `mod_<i>.ruchy`, whose function calls the one of file `i - 1`
 * through its module path (when `callsPrevious`: that file is in the same folder); `broken`
 * files also use an unknown name.
 */
export function workspaceFile(i: number, callsPrevious: boolean, broken: boolean): { name: string; text: string } {
  const call = callsPrevious ? `mod_${i - 1}::value_${i - 1}(n) + 1` : 'n + 1';
  const extra = broken ? ` + unknown_${i}` : '';
  return {
    name: `mod_${i}.ruchy`,
    text: `/// Value ${i}.\npub fun value_${i}(n: i64) -> i64 {\n    let base = ${call}\n    base * ${(i % 7) + 1}${extra}\n}\n`,
  };
}
