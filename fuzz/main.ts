// npm run fuzz -- [--seconds N] [--inputs N] [--seed S] [--from I] [--jobs J]
//                 [--time-limit MS] [--run-probability P] [--regressions DIR | --no-save]
//
// Runs grammar-aware generated programs and mutations of the conformance programs through
// the lexer, parser, checker, every language-service operation, the formatter and the
// compiler (see drive.ts for the invariants), prints the rate and the total, saves each
// failing input under test/fuzz/regressions/ and exits 1 when anything failed. Input I of
// seed S is always the same input: `--seed S --from I --inputs 1` runs it again.

import * as path from 'node:path';
import { defaultCorpusDir, projectRoot } from './inputs.js';
import { defaultJobs, runFuzz, type FuzzOptions } from './supervise.js';

const USAGE = `usage: npm run fuzz -- [--seconds N] [--inputs N] [--seed S] [--from I] [--jobs J] [--time-limit MS] [--run-probability P] [--regressions DIR | --no-save]`;

export function parseArguments(argv: readonly string[]): FuzzOptions {
  const options: FuzzOptions = {
    seed: (Date.now() ^ (process.pid << 16)) >>> 0,
    from: 0,
    inputs: Infinity,
    seconds: Infinity,
    jobs: defaultJobs(),
    timeLimitMs: 10_000,
    corpusDir: defaultCorpusDir(),
    regressionsDir: path.join(projectRoot(), 'test', 'fuzz', 'regressions'),
    runProbability: 0,
    keepPerSignature: 3,
    progressEveryMs: 10_000,
    log: (line) => console.log(line),
  };
  const number = (name: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n) || n < min) throw new Error(`${name} needs a number >= ${min}, got ${value ?? 'nothing'}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--seconds':
        options.seconds = number(arg, argv[++i], 0);
        break;
      case '--inputs':
        options.inputs = Math.floor(number(arg, argv[++i], 0));
        break;
      case '--seed':
        options.seed = Math.floor(number(arg, argv[++i], 0)) >>> 0;
        break;
      case '--from':
        options.from = Math.floor(number(arg, argv[++i], 0));
        break;
      case '--jobs':
        options.jobs = Math.floor(number(arg, argv[++i], 1));
        break;
      case '--time-limit':
        options.timeLimitMs = number(arg, argv[++i], 1);
        break;
      case '--run-probability':
        options.runProbability = Math.min(1, number(arg, argv[++i], 0));
        break;
      case '--regressions': {
        const dir = argv[++i];
        if (dir === undefined) throw new Error(`--regressions needs a folder\n${USAGE}`);
        options.regressionsDir = path.resolve(dir);
        break;
      }
      case '--no-save':
        options.regressionsDir = null;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      default:
        throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  if (options.seconds === Infinity && options.inputs === Infinity) options.seconds = 30;
  return options;
}

async function main(): Promise<number> {
  let options: FuzzOptions;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const limits = [options.inputs !== Infinity ? `${options.inputs} inputs` : '', options.seconds !== Infinity ? `${options.seconds} s` : ''].filter(Boolean).join(' or ');
  console.log(`fuzz: seed ${options.seed}, from input ${options.from}, ${limits}, ${options.jobs} job(s), time limit ${options.timeLimitMs} ms per input`);
  const summary = await runFuzz(options);
  const rate = summary.inputs / Math.max(summary.seconds, 1e-9);
  console.log(`fuzz: ${summary.inputs} inputs in ${summary.seconds.toFixed(1)} s (${Math.round(rate)} inputs/s), ${summary.failures} failures, seed ${summary.seed}`);
  if (summary.slowest.index >= 0) console.log(`fuzz: slowest input ${summary.slowest.index} took ${summary.slowest.ms} ms`);
  for (const [key, count] of summary.signatures) console.log(`  ${count} x ${key}`);
  if (summary.saved.length > 0) console.log(`fuzz: ${summary.saved.length} failing input(s) saved under ${options.regressionsDir}`);
  return summary.failures > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
