// npm run bench:incremental
//
// A 10,000-line generated Ruchy file in the language service:
//  - cold: open it and compute its diagnostics (parse + full analysis), median of runs;
//  - 200 one-character edits inside function bodies at random places, each followed by
//    the file's diagnostics: edit-to-diagnostics p50 / p95 and the speed-up over cold;
//  - hover and completion latency p99 at random positions in function bodies;
//  - memory: a 100,000-line workspace (100 files) held with every cache, heap after GC.
// Targets (issue 3): p95 <= 10 ms, >= 10x faster than cold, hover/completion p99 <= 5 ms,
// heap <= 300 MB.

import { createLanguageService } from '../src/service/language-service.js';
import { generateProgram, rng } from './generate.js';
import { median, percentile, printTable } from './stats.js';

const LINES = Number(process.env.BENCH_LINES ?? 10_000);
const EDITS = Number(process.env.BENCH_EDITS ?? 200);
const program = generateProgram(LINES, 7);
const text = program.ruchy;
const uri = 'file:///bench/big.ruchy';

/** Offsets of characters inside function bodies (lines indented by at least 4 spaces, not blank). */
function bodyOffsets(source: string): number[] {
  const out: number[] = [];
  let lineStart = 0;
  for (const line of source.split('\n')) {
    if (line.startsWith('    ') && line.trim() !== '') {
      for (let c = 4; c < line.length; c++) out.push(lineStart + c);
    }
    lineStart += line.length + 1;
  }
  return out;
}

function cold(): number {
  const service = createLanguageService();
  const start = performance.now();
  service.setFile(uri, text);
  service.diagnostics(uri);
  return performance.now() - start;
}

// Warm the JIT on a smaller program, then measure the cold check.
for (let i = 0; i < 2; i++) {
  const service = createLanguageService();
  service.setFile('file:///bench/warm.ruchy', generateProgram(2000, i).ruchy);
  service.diagnostics('file:///bench/warm.ruchy');
}
const colds: number[] = [];
for (let i = 0; i < 3; i++) colds.push(cold());
const coldMs = median(colds);

// Edits: insert a letter at a random place in a body, then (next edit) delete it again,
// so that the file stays realistic over 200 edits.
const service = createLanguageService();
service.setFile(uri, text, 1);
service.diagnostics(uri);
const random = rng(2026);
let current = text;
let version = 1;
const editTimes: number[] = [];
let pending: number | null = null;
let reparsedItems = 0;
for (let i = 0; i < EDITS; i++) {
  let edit;
  if (pending === null) {
    const offsets = bodyOffsets(current);
    const at = offsets[Math.floor(random() * offsets.length)];
    const letter = 'abcdefghijklmnopqrstuvwxyz0123456789 '[Math.floor(random() * 37)];
    edit = { start: at, end: at, text: letter };
    pending = at;
  } else {
    edit = { start: pending, end: pending + 1, text: '' };
    pending = null;
  }
  current = current.slice(0, edit.start) + edit.text + current.slice(edit.end);
  const start = performance.now();
  const state = service.editFile(uri, [edit], ++version);
  service.diagnostics(uri);
  editTimes.push(performance.now() - start);
  reparsedItems += state.reparsed.items;
}
const p50 = percentile(editTimes, 50);
const p95 = percentile(editTimes, 95);
const analysisStats = service.analysis().stats;

// Hover and completion at random body positions of the final text.
const offsets = bodyOffsets(current);
const hoverTimes: number[] = [];
const completionTimes: number[] = [];
for (let i = 0; i < 300; i++) {
  const at = offsets[Math.floor(random() * offsets.length)];
  let start = performance.now();
  service.hover(uri, at);
  hoverTimes.push(performance.now() - start);
  start = performance.now();
  service.completions(uri, at);
  completionTimes.push(performance.now() - start);
}

console.log(`incremental benchmark: ${program.lines}-line file, ${EDITS} one-character edits in function bodies`);
printTable(
  ['measure', 'value', 'target'],
  [
    ['cold check (parse + analysis), median of 3', `${coldMs.toFixed(1)} ms`, ''],
    ['edit -> diagnostics p50', `${p50.toFixed(2)} ms`, ''],
    ['edit -> diagnostics p95', `${p95.toFixed(2)} ms`, '<= 10 ms'],
    ['speed-up of p95 over cold', `${(coldMs / p95).toFixed(1)}x`, '>= 10x'],
    ['hover p99', `${percentile(hoverTimes, 99).toFixed(2)} ms`, '<= 5 ms'],
    ['completion p99', `${percentile(completionTimes, 99).toFixed(2)} ms`, '<= 5 ms'],
    ['items re-parsed per edit (mean)', (reparsedItems / EDITS).toFixed(2), ''],
    ['last analysis: items analyzed / reused', `${analysisStats.itemsAnalyzed} / ${analysisStats.itemsReused}`, ''],
  ],
);

// Memory: a 100k-line workspace of 100 files, every file's diagnostics computed.
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.log('memory: run with node --expose-gc to measure the heap (npm run bench:incremental does)');
} else {
  gc();
  const before = process.memoryUsage().heapUsed;
  const workspace = createLanguageService();
  const files = Number(process.env.BENCH_FILES ?? 100);
  const linesPerFile = Math.round(100_000 / files);
  const loadStart = performance.now();
  for (let f = 0; f < files; f++) {
    const source = generateProgram(linesPerFile, 100 + f).ruchy.replace(/compute_(\d+)/g, `compute_${f}_$1`).replace(/fun main\(\)/, `fun main_${f}()`);
    workspace.setFile(`file:///bench/ws/file${f}.ruchy`, source);
  }
  for (const file of workspace.files()) workspace.diagnostics(file);
  const loadMs = performance.now() - loadStart;
  gc();
  const heapMb = (process.memoryUsage().heapUsed - before) / 1e6;
  console.log(`memory: ${files} files, ${(files * linesPerFile).toLocaleString('en-US')} lines, all diagnostics computed in ${(loadMs / 1000).toFixed(1)} s; heap held: ${heapMb.toFixed(0)} MB (target <= 300 MB)`);
  // Keep the workspace alive until measured.
  if (workspace.files().length === 0) console.log('');
}
