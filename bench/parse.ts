// npm run bench:parse
//
// Parses a generated ~50k-line Ruchy program with our lexer+parser and the line-for-line
// equivalent JavaScript with TypeScript's own parser (ts.createSourceFile), in the same
// process, alternating A B A B, and prints the throughput of both and their ratio.

import ts from 'typescript';
import { parse } from '../grammar/parse.js';
import { generateProgram } from './generate.js';
import { median, printTable } from './stats.js';

const lines = Number(process.env.BENCH_LINES ?? 50_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 21);
const program = generateProgram(lines);

function parseRuchy(): number {
  const start = performance.now();
  const result = parse(program.ruchy);
  const elapsed = performance.now() - start;
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`generated Ruchy has ${errors.length} errors, first: ${errors[0].message}`);
  return elapsed;
}

function parseTypeScript(): number {
  const start = performance.now();
  const file = ts.createSourceFile('bench.js', program.javascript, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const elapsed = performance.now() - start;
  const diagnostics = (file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
  if (diagnostics.length > 0) throw new Error(`generated JavaScript has ${diagnostics.length} parse errors`);
  return elapsed;
}

// Warm both up so that the JIT has compiled the hot paths of each.
for (let i = 0; i < 5; i++) {
  parseRuchy();
  parseTypeScript();
}

const ours: number[] = [];
const theirs: number[] = [];
for (let i = 0; i < rounds; i++) {
  if (i % 2 === 0) {
    ours.push(parseRuchy());
    theirs.push(parseTypeScript());
  } else {
    theirs.push(parseTypeScript());
    ours.push(parseRuchy());
  }
}

if (process.env.BENCH_VERBOSE) console.log(ours.map((x) => x.toFixed(0)).join(" "), "\n", theirs.map((x) => x.toFixed(0)).join(" "));
const oursMs = median(ours);
const theirsMs = median(theirs);
const mb = (text: string) => Buffer.byteLength(text) / 1e6;
const ratio = theirsMs / oursMs;

console.log(`parse benchmark: ${program.lines} lines, ${program.functions} functions, ${rounds} alternating rounds (median)`);
printTable(
  ['parser', 'input', 'median ms', 'lines/s', 'MB/s'],
  [
    ['ruchy-agent (lexer+parser)', `${mb(program.ruchy).toFixed(2)} MB Ruchy`, oursMs.toFixed(1), Math.round(program.lines / (oursMs / 1000)).toLocaleString('en-US'), (mb(program.ruchy) / (oursMs / 1000)).toFixed(1)],
    ['typescript createSourceFile', `${mb(program.javascript).toFixed(2)} MB JavaScript`, theirsMs.toFixed(1), Math.round(program.lines / (theirsMs / 1000)).toLocaleString('en-US'), (mb(program.javascript) / (theirsMs / 1000)).toFixed(1)],
  ],
);
console.log(`throughput ratio (ours / TypeScript, lines per second): ${ratio.toFixed(2)}  (target >= 1.0)`);
