// The fuzzer's supervisor: runs the inputs of a run in worker threads (job j takes inputs
// from+j, from+j+jobs, ...), watches their heartbeats, and kills a thread whose input runs
// past the time limit (a hang: reported with the input and the operation it was in, then
// the thread is restarted at the next input). A thread that dies (out of memory, a stack
// overflow outside the driver's reach) is a crash, reported the same way. Each failure is
// saved as a regression case; repeats of a known signature are only counted.

import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { OPERATION_NAMES, signature, type Failure } from './drive.js';
import { loadCorpus, makeInput, type FuzzInput } from './inputs.js';
import { driverSeedOf } from './random.js';
import { saveCase, type RegressionCase } from './regressions.js';
import { Beat, type WorkerMessage, type WorkerTask } from './protocol.js';

export interface FuzzOptions {
  seed: number;
  /** The first input number. */
  from: number;
  /** How many inputs (Infinity: as many as fit in `seconds`). */
  inputs: number;
  /** How long (Infinity: until `inputs` are done). */
  seconds: number;
  jobs: number;
  /** Per-input time limit: past it the input is a hang. */
  timeLimitMs: number;
  corpusDir: string;
  /** Where failing inputs are saved (null: not saved). */
  regressionsDir: string | null;
  runProbability: number;
  keepPerSignature: number;
  progressEveryMs: number;
  log: (line: string) => void;
}

export interface FuzzSummary {
  seed: number;
  from: number;
  inputs: number;
  seconds: number;
  failures: number;
  /** Failures by signature. */
  signatures: Map<string, number>;
  saved: string[];
  slowest: { ms: number; index: number };
}

interface Job {
  stride: number;
  /** The next input this job has not started. */
  next: number;
  /** Inputs left for this job. */
  left: number;
  worker: Worker | null;
  beat: Float64Array;
  /** Inputs finished by earlier threads of this job. */
  doneBefore: number;
  finished: boolean;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const started = Date.now();
  const deadline = options.seconds === Infinity ? Number.MAX_SAFE_INTEGER : started + options.seconds * 1000;
  const corpus = loadCorpus(options.corpusDir);
  const summary: FuzzSummary = { seed: options.seed, from: options.from, inputs: 0, seconds: 0, failures: 0, signatures: new Map(), saved: [], slowest: { ms: 0, index: -1 } };
  const jobs: Job[] = [];
  for (let j = 0; j < options.jobs; j++) {
    const left = options.inputs === Infinity ? Infinity : Math.max(0, Math.ceil((options.inputs - j) / options.jobs));
    jobs.push({ stride: options.jobs, next: options.from + j, left, worker: null, beat: new Float64Array(0), doneBefore: 0, finished: left === 0 });
  }

  const record = (c: RegressionCase): void => {
    const key = signature(c.failure);
    summary.failures++;
    summary.signatures.set(key, (summary.signatures.get(key) ?? 0) + 1);
    let where = '';
    if (options.regressionsDir !== null) {
      const file = saveCase(options.regressionsDir, c);
      summary.saved.push(file);
      where = ` -> ${file}`;
    }
    const firstLine = c.failure.message.split('\n')[0].slice(0, 240);
    options.log(`FAIL input ${c.index} (${c.origin}) ${key}: ${firstLine}${where}`);
  };

  /** A hang or crash: the thread is gone, so the case is made here from the input's number. */
  const recordLost = (job: Job, kind: 'hang' | 'crash', check: string, message: string): void => {
    const index = job.beat[Beat.index];
    const op = OPERATION_NAMES[job.beat[Beat.op]] ?? (job.beat[Beat.minimizing] === 1 ? 'minimize' : 'make-input');
    const made = makeInput(options.seed, index, corpus);
    const failure: Failure = { kind, op, check, message, focus: { op } };
    record({
      found: new Date().toISOString().slice(0, 10),
      seed: options.seed,
      index,
      origin: made.origin,
      driverSeed: driverSeedOf(options.seed, index),
      failure,
      minimized: false,
      ...inputFields(made.input),
    });
  };

  const countOf = (job: Job): number => job.doneBefore + (job.worker !== null ? job.beat[Beat.done] : 0);

  return new Promise((resolve) => {
    let settled = false;
    const finish = (): void => {
      if (settled || !jobs.every((j) => j.finished)) return;
      settled = true;
      clearInterval(watch);
      summary.inputs = jobs.reduce((n, j) => n + countOf(j), 0);
      summary.seconds = (Date.now() - started) / 1000;
      resolve(summary);
    };

    const start = (job: Job): void => {
      if (job.left <= 0 || Date.now() >= deadline) {
        job.finished = true;
        job.worker = null;
        return finish();
      }
      const heartbeat = new SharedArrayBuffer(Beat.size * 8);
      job.beat = new Float64Array(heartbeat);
      job.beat[Beat.index] = -1;
      const task: WorkerTask = {
        seed: options.seed,
        from: job.next,
        stride: job.stride,
        count: job.left,
        deadline,
        corpusDir: options.corpusDir,
        runProbability: options.runProbability,
        keepPerSignature: options.keepPerSignature,
        heartbeat,
      };
      // The main thread's stack size, so that a stack overflow a user would meet is met here too.
      const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: task, resourceLimits: { stackSizeMb: 1, maxOldGenerationSizeMb: 2048 } });
      job.worker = worker;
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'failure') record(message.case);
        else if (message.type === 'repeat') {
          summary.failures++;
          summary.signatures.set(message.signature, (summary.signatures.get(message.signature) ?? 0) + 1);
        }
      });
      worker.on('error', (error) => {
        if (job.worker !== worker) return;
        const index = job.beat[Beat.index];
        if (index >= 0) {
          recordLost(job, 'crash', (error as NodeJS.ErrnoException).code ?? error.name, `the worker died: ${error.message}`);
          return restartAfter(job, worker);
        }
        // Not in an input: the fuzzer's own bug. Counted as a failure so that it is not missed.
        options.log(`fuzzer error: ${error.stack ?? error.message}`);
        summary.failures++;
        job.doneBefore += job.beat[Beat.done];
        job.worker = null;
        job.finished = true;
        finish();
      });
      worker.on('exit', () => {
        if (job.worker !== worker) return;
        noteSlowest(job);
        job.doneBefore += job.beat[Beat.done];
        job.left = 0;
        job.finished = true;
        job.worker = null;
        finish();
      });
    };

    const noteSlowest = (job: Job): void => {
      if (job.beat[Beat.slowestMs] > summary.slowest.ms) summary.slowest = { ms: job.beat[Beat.slowestMs], index: job.beat[Beat.slowestIndex] };
    };

    /** The thread stopped in the middle of an input: count it and go on at the next one. */
    const restartAfter = (job: Job, worker: Worker): void => {
      const index = job.beat[Beat.index];
      noteSlowest(job);
      const done = job.beat[Beat.done] + 1;
      job.doneBefore += done;
      if (job.left !== Infinity) job.left -= done;
      job.next = index + job.stride;
      job.worker = null;
      void worker.terminate();
      start(job);
    };

    let lastProgress = started;
    const watch = setInterval(() => {
      const now = Date.now();
      for (const job of jobs) {
        const worker = job.worker;
        if (worker === null || job.beat[Beat.index] < 0) continue;
        if (now - job.beat[Beat.since] > options.timeLimitMs) {
          recordLost(job, 'hang', 'time-limit', `input ${job.beat[Beat.index]} ran past the limit of ${options.timeLimitMs} ms`);
          restartAfter(job, worker);
        }
      }
      if (now - lastProgress >= options.progressEveryMs) {
        lastProgress = now;
        const n = jobs.reduce((sum, j) => sum + countOf(j), 0);
        const elapsed = (now - started) / 1000;
        options.log(`  ${elapsed.toFixed(0)} s: ${n} inputs (${Math.round(n / elapsed)}/s), ${summary.failures} failures`);
      }
    }, 100);
    for (const job of jobs) start(job);
  });
}

function inputFields(input: FuzzInput): { text?: string; bytesBase64?: string } {
  return input.bytes !== undefined ? { bytesBase64: Buffer.from(input.bytes).toString('base64') } : { text: input.text };
}

/** One thread per core, leaving one for everything else. */
export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism() - 1);
}
