// How tests run the real `ruchy-agent` executable: the one place that names the built
// entry point, so tests can be switched to another build (or a packed install) at once.
//
// The child gets the test process's environment without the variables that change the
// output (NO_COLOR, FORCE_COLOR) or only slow it down (RUCHY_VALIDATE_GRAMMAR); a test
// adds back what it wants to exercise.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built CLI entry (`npm run build` makes it; `npm test` builds first). */
export const CLI = path.join(projectRoot, 'dist', 'bin', 'ruchy-agent.js');

export interface CliResult {
  /** Exit status; null if the process was killed. */
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  /** Added to (or, when undefined, removed from) the child's environment. */
  env?: Record<string, string | undefined>;
}

const STRIPPED_ENV = ['NO_COLOR', 'FORCE_COLOR', 'RUCHY_VALIDATE_GRAMMAR'];

/** Runs `node CLI ...args` with stdin closed and stdout/stderr as pipes (so not a TTY). */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of STRIPPED_ENV) delete env[name];
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
  });
}

/** A fresh folder under the system temp folder, filled with `files` (path -> content). */
export function makeTempProject(files: Record<string, string | Uint8Array>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ruchy-agent-cli-'));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}
