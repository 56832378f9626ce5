// Generates large, realistic Ruchy programs (and, line for line, the equivalent
// JavaScript) for the benchmarks. Deterministic: the same seed gives the same text.

export interface GeneratedProgram {
  ruchy: string;
  javascript: string;
  lines: number;
  functions: number;
}

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pair = [ruchy: string, js: string];

/** One function of about 20-30 lines, written in both languages with the same line structure. */
function functionPair(index: number, random: () => number): Pair[] {
  const name = `compute_${index}`;
  const n = 2 + Math.floor(random() * 50);
  const variant = Math.floor(random() * 4);
  const lines: Pair[] = [];
  lines.push([`/// Computes value number ${index} from a limit and a scale.`, `/** Computes value number ${index} from a limit and a scale. */`]);
  lines.push([`fun ${name}(limit: i64, scale: f64) -> f64 {`, `function ${name}(limit, scale) {`]);
  lines.push([`    let mut total = 0`, `    let total = 0;`]);
  lines.push([`    let values = [1, 2, 3, ${n}, ${n * 2}]`, `    const values = [1, 2, 3, ${n}, ${n * 2}];`]);
  lines.push([`    for i in 0..limit {`, `    for (let i = 0; i < limit; i++) {`]);
  lines.push([`        if i % ${n} == 0 && total < ${n * 100} {`, `        if (i % ${n} === 0 && total < ${n * 100}) {`]);
  lines.push([`            total = total + i * ${n}`, `            total = total + i * ${n};`]);
  lines.push([`        } else if i > ${n * 3} {`, `        } else if (i > ${n * 3}) {`]);
  lines.push([`            total -= values[i % 5]`, `            total -= values[i % 5];`]);
  lines.push([`        }`, `        }`]);
  lines.push([`    }`, `    }`]);
  lines.push([`    let label = match total % 4 {`, `    const label = ((t) => { switch (t % 4) {`]);
  lines.push([`        0 => "zero",`, `        case 0: return "zero";`]);
  lines.push([`        1 => "one",`, `        case 1: return "one";`]);
  lines.push([`        x if x > 2 => "big",`, `        default: if (t % 4 > 2) return "big";`]);
  lines.push([`        _ => "other"`, `        return "other";`]);
  lines.push([`    }`, `    } })(total);`]);
  if (variant === 0) {
    lines.push([`    let doubled = values.map(|v| v * 2).filter(|v| v > ${n})`, `    const doubled = values.map((v) => v * 2).filter((v) => v > ${n});`]);
    lines.push([`    println(f"{label}: {total} items={doubled.len()}")`, `    console.log(\`\${label}: \${total} items=\${doubled.length}\`);`]);
  } else if (variant === 1) {
    lines.push([`    let mut k = 0`, `    let k = 0;`]);
    lines.push([`    while k < ${n} { k += 1 }`, `    while (k < ${n}) { k += 1; }`]);
  } else if (variant === 2) {
    lines.push([`    let p = Point { x: total, y: ${n} }`, `    const p = { x: total, y: ${n} };`]);
    lines.push([`    println(f"point {p.x},{p.y} scaled {scale:.2}")`, `    console.log(\`point \${p.x},\${p.y} scaled \${scale.toFixed(2)}\`);`]);
  } else {
    lines.push([`    let ratio = (total as f64) / (limit as f64 + 1.0)`, `    const ratio = total / (limit + 1.0);`]);
    lines.push([`    if ratio > 1.5 { return ratio * scale }`, `    if (ratio > 1.5) { return ratio * scale; }`]);
  }
  lines.push([`    (total as f64) * scale + ${(random() * 10).toFixed(3)}`, `    return total * scale + ${(random() * 10).toFixed(3)};`]);
  lines.push([`}`, `}`]);
  lines.push([``, ``]);
  return lines;
}

/** A program of about `targetLines` lines: a struct, many functions, and a main. */
export function generateProgram(targetLines: number, seed = 42): GeneratedProgram {
  const random = rng(seed);
  const pairs: Pair[] = [
    [`// Generated benchmark program`, `// Generated benchmark program`],
    [`struct Point {`, `class Point {`],
    [`    x: i64,`, `    x = 0;`],
    [`    y: i64`, `    y = 0;`],
    [`}`, `}`],
    [``, ``],
  ];
  let functions = 0;
  while (pairs.length < targetLines - 8) {
    pairs.push(...functionPair(functions, random));
    functions++;
  }
  pairs.push([`fun main() {`, `function main() {`]);
  pairs.push([`    let mut sum = 0.0`, `    let sum = 0.0;`]);
  pairs.push([`    sum = sum + compute_0(100, 1.5)`, `    sum = sum + compute_0(100, 1.5);`]);
  pairs.push([`    println(f"sum = {sum}")`, `    console.log(\`sum = \${sum}\`);`]);
  pairs.push([`}`, `}`]);
  return {
    ruchy: pairs.map((p) => p[0]).join('\n') + '\n',
    javascript: pairs.map((p) => p[1]).join('\n') + '\n',
    lines: pairs.length,
    functions,
  };
}
