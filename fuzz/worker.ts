// The fuzzer's worker thread: makes inputs `from, from + stride, ...` of a run, drives each
// through every layer and reports failures (minimised) to the supervisor. It writes a
// heartbeat into shared memory before each input and each operation (which input, since
// when, which operation), so that the supervisor can tell a hang from slow progress and
// kill the thread when one input runs past the time limit.

import { parentPort, workerData } from 'node:worker_threads';
import { drive, signature, type Failure } from './drive.js';
import { loadCorpus, makeInput } from './inputs.js';
import { minimize } from './minimize.js';
import { driverSeedOf } from './random.js';
import { Beat, type WorkerMessage, type WorkerTask } from './protocol.js';
import type { RegressionCase } from './regressions.js';

async function main(): Promise<void> {
  const task = workerData as WorkerTask;
  const beat = new Float64Array(task.heartbeat);
  const corpus = loadCorpus(task.corpusDir);
  const seen = new Map<string, number>();
  const post = (message: WorkerMessage): void => parentPort!.postMessage(message);

  for (let k = 0; k < task.count && Date.now() < task.deadline; k++) {
    const index = task.from + k * task.stride;
    beat[Beat.index] = index;
    beat[Beat.since] = Date.now();
    beat[Beat.op] = -1;
    const made = makeInput(task.seed, index, corpus);
    const driverSeed = driverSeedOf(task.seed, index);
    const failure = await drive(made.input, {
      seed: driverSeed,
      runProbability: task.runProbability,
      onOp: (op) => {
        beat[Beat.op] = op;
      },
    });
    if (failure !== null) {
      const key = signature(failure);
      const times = (seen.get(key) ?? 0) + 1;
      seen.set(key, times);
      if (times > task.keepPerSignature) post({ type: 'repeat', signature: key, index });
      else {
        beat[Beat.minimizing] = 1;
        post({ type: 'failure', case: await caseOf(task, index, made.origin, made.input, driverSeed, failure, beat) });
        beat[Beat.minimizing] = 0;
      }
    }
    const took = Date.now() - beat[Beat.since];
    if (failure === null && took > beat[Beat.slowestMs]) {
      beat[Beat.slowestMs] = took;
      beat[Beat.slowestIndex] = index;
    }
    beat[Beat.done]++;
  }
  beat[Beat.index] = -1;
  post({ type: 'done' });
}

async function caseOf(
  task: WorkerTask,
  index: number,
  origin: string,
  input: { text?: string; bytes?: Uint8Array },
  driverSeed: number,
  failure: Failure,
  beat: Float64Array,
): Promise<RegressionCase> {
  failure = { ...failure, message: clip(failure.message) };
  const base = { found: new Date().toISOString().slice(0, 10), seed: task.seed, index, origin, driverSeed };
  // Bytes are kept as bytes when decoding is the failure; else the decoded text is what matters.
  let text: string | undefined = input.text;
  if (text === undefined && failure.op !== 'decode') {
    text = new TextDecoder('utf-8').decode(input.bytes);
    const again = await drive({ text }, { seed: driverSeed, focus: failure.focus });
    if (again === null || signature(again) !== signature(failure)) text = undefined;
  }
  if (text === undefined) {
    return { ...base, failure, minimized: false, bytesBase64: Buffer.from(input.bytes!).toString('base64') };
  }
  const small = await minimize(text, failure.focus, failure, {
    driverSeed,
    onAttempt: () => {
      beat[Beat.since] = Date.now();
    },
  });
  return { ...base, failure: { ...small.failure, message: clip(small.failure.message) }, minimized: small.text !== text, text: small.text };
}

/** Failure messages may quote the whole input: a case keeps the start. */
function clip(message: string): string {
  return message.length <= 3000 ? message : `${message.slice(0, 3000)}... (${message.length - 3000} more characters)`;
}

main().catch((error: unknown) => {
  // A bug of the fuzzer itself: let the supervisor see it as the thread's error.
  throw error;
});
