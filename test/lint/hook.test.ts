// The git pre-commit hook of `ruchy-agent hook install`, in temporary git repositories:
// it refuses a commit whose staged .ruchy files fail the quality gate, checks the staged
// content (not the working tree), and never replaces a hook it did not write unless forced.
//
// The hook runs `ruchy-agent lint`: the built CLI when it has the `lint` command, else a
// two-line runner over the built lint command (dist/ is built by `npm test`).

import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HOOK_MARKER, HookError, hookCommand, installHook } from '../../src/cli/commands/hook.js';
import { CLI } from '../helpers/cli.js';

const folders: string[] = [];
const BUILT_LINT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'src', 'cli', 'commands', 'lint.js');
let command: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

beforeAll(() => {
  const help = spawnSync(process.execPath, [CLI, 'help', 'lint'], { encoding: 'utf8' });
  if (help.status === 0) {
    command = [process.execPath, CLI];
    return;
  }
  // main.ts does not register `lint` yet: a runner with the same command line.
  const runner = path.join(tempDir('ruchy-agent-runner-'), 'ruchy-agent.mjs');
  fs.writeFileSync(
    runner,
    `import { lintCommand } from ${JSON.stringify(BUILT_LINT)};\n` +
      "const args = process.argv.slice(2);\nif (args.shift() !== 'lint') process.exit(2);\n" +
      'process.exitCode = await lintCommand(args.filter((a) => a !== "--"));\n',
  );
  command = [process.execPath, runner];
});

afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: GIT_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
}

function repo(files: Record<string, string> = {}): string {
  const dir = tempDir('ruchy-agent-hook-');
  git(dir, 'init', '-q');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Runs the installed hook as git would: from the top of the working tree. */
function runHook(dir: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(path.join(dir, '.git', 'hooks', 'pre-commit'), [], { cwd: dir, encoding: 'utf8', env: GIT_ENV });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const STRICT = '[quality]\nmax_complexity = 3\n';
const COMPLEX = 'fun grade(s) {\n    if s > 3 { 1 } else if s > 2 { 2 } else if s > 1 { 3 } else { 4 }\n}\n\nfun main() {\n    println(grade(2))\n}\n';
const SIMPLE = 'fun main() {\n    println(1)\n}\n';

describe('installHook', () => {
  test('writes an executable hook that carries the marker and runs lint on staged .ruchy files', () => {
    const dir = repo();
    const installed = installHook(dir, { command });
    expect(installed).toEqual({ path: path.join(dir, '.git', 'hooks', 'pre-commit'), previous: 'none', backup: null });
    const stat = fs.statSync(installed.path);
    expect(stat.mode & 0o111).toBe(0o111);
    const script = fs.readFileSync(installed.path, 'utf8');
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain(HOOK_MARKER);
    expect(script).toContain("git diff --cached --quiet --diff-filter=ACM -- '*.ruchy'");
    expect(script).toContain("git -c core.quotePath=false diff --cached --name-only --diff-filter=ACM -- '*.ruchy'");
    expect(script).toContain('ruchy_agent lint -- "$@"');
    // Written atomically: no temporary file is left beside it.
    expect(fs.readdirSync(path.dirname(installed.path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a staged function over the limits: the hook exits non-zero and git refuses the commit', () => {
    const dir = repo({ 'ruchy-agent.toml': STRICT, 'src/grade.ruchy': COMPLEX, 'README.md': 'x\n' });
    installHook(dir, { command });
    git(dir, 'add', '-A');
    const result = runHook(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('src/grade.ruchy:1:5: warning[R0409]: function `grade` is too complex: cyclomatic complexity 4 (limit 3)');
    expect(result.stdout).toContain('quality gate: failed');
    expect(result.stderr).toContain('ruchy-agent: commit refused by the quality gate');
    const commit = spawnSync('git', ['commit', '-q', '-m', 'complex'], { cwd: dir, encoding: 'utf8', env: GIT_ENV });
    expect(commit.status).not.toBe(0);
    expect(spawnSync('git', ['rev-parse', '--verify', 'HEAD'], { cwd: dir, env: GIT_ENV }).status).not.toBe(0);
  });

  test('a clean staged file passes and the commit is made', () => {
    const dir = repo({ 'ruchy-agent.toml': STRICT, 'main.ruchy': SIMPLE });
    installHook(dir, { command });
    git(dir, 'add', '-A');
    const result = runHook(dir);
    expect(result.stdout).toContain('linted 1 file: no problems\nquality gate: passed\n');
    expect(result.status).toBe(0);
    git(dir, 'commit', '-q', '-m', 'simple');
    expect(git(dir, 'log', '--oneline')).toContain('simple');
  });

  test('the staged content is checked, not the working tree', () => {
    const dir = repo({ 'ruchy-agent.toml': STRICT, 'main.ruchy': COMPLEX });
    installHook(dir, { command });
    git(dir, 'add', '-A');
    fs.writeFileSync(path.join(dir, 'main.ruchy'), SIMPLE); // fixed, but not staged
    expect(runHook(dir).status).toBe(1);
    git(dir, 'add', 'main.ruchy');
    fs.writeFileSync(path.join(dir, 'main.ruchy'), COMPLEX); // broken again, not staged
    expect(runHook(dir).status).toBe(0);
  });

  test('imports between staged and committed files resolve', () => {
    const dir = repo({ 'util.ruchy': 'pub fun double(n) {\n    n * 2\n}\n' });
    installHook(dir, { command });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'util');
    fs.writeFileSync(path.join(dir, 'main.ruchy'), 'use util::double\n\nfun main() {\n    println(double(2))\n}\n');
    git(dir, 'add', 'main.ruchy');
    const result = runHook(dir);
    expect(result.stdout).toBe('linted 1 file: no problems\nquality gate: passed\n');
    expect(result.status).toBe(0);
  });

  test('nothing to check without staged .ruchy files', () => {
    const dir = repo({ 'notes.txt': 'x\n' });
    installHook(dir, { command: ['false'] }); // would fail if it ran
    git(dir, 'add', '-A');
    expect(runHook(dir)).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('a hook ruchy-agent did not write is kept unless forced, then backed up', () => {
    const dir = repo();
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    fs.writeFileSync(hook, '#!/bin/sh\necho mine\n', { mode: 0o755 });
    expect(() => installHook(dir, { command })).toThrow(HookError);
    expect(() => installHook(dir, { command })).toThrow(`${hook} already exists and was not written by ruchy-agent; run with --force to replace it`);
    expect(fs.readFileSync(hook, 'utf8')).toBe('#!/bin/sh\necho mine\n');
    const forced = installHook(dir, { command, force: true });
    expect(forced).toEqual({ path: hook, previous: 'foreign', backup: `${hook}.bak` });
    expect(fs.readFileSync(`${hook}.bak`, 'utf8')).toBe('#!/bin/sh\necho mine\n');
    expect(fs.readFileSync(hook, 'utf8')).toContain(HOOK_MARKER);
    // Its own hook is replaced without force.
    expect(installHook(dir, { command })).toEqual({ path: hook, previous: 'ruchy-agent', backup: null });
  });

  test('core.hooksPath is honoured', () => {
    const dir = repo();
    git(dir, 'config', 'core.hooksPath', '.githooks');
    expect(installHook(dir, { command }).path).toBe(path.join(dir, '.githooks', 'pre-commit'));
  });

  test('outside a git repository: an error that says so', () => {
    const dir = tempDir('ruchy-agent-nogit-');
    expect(() => installHook(dir, { command })).toThrow(/is not in a git repository/);
  });
});

describe('hookCommand', () => {
  test('reports what it did; a refusal is exit 1 with the reason on stderr', () => {
    const dir = repo();
    let stdout = '';
    let stderr = '';
    const io = { cwd: dir, stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t) };
    expect(hookCommand({}, io)).toBe(0);
    expect(stdout).toBe('installed the pre-commit hook .git/hooks/pre-commit: each commit runs `ruchy-agent lint` on its staged .ruchy files\n');
    fs.writeFileSync(path.join(dir, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\n');
    expect(hookCommand({}, io)).toBe(1);
    expect(stderr).toContain('already exists and was not written by ruchy-agent');
  });
});

describe('the command line', () => {
  test('`hook install --project-dir` and `agent install-hook --project-path` install the same hook', () => {
    for (const args of [['hook', 'install', '--project-dir'], ['agent', 'install-hook', '--project-path']]) {
      const dir = repo();
      const result = spawnSync(process.execPath, [CLI, ...args, dir], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('installed the pre-commit hook');
      expect(fs.readFileSync(path.join(dir, '.git', 'hooks', 'pre-commit'), 'utf8')).toContain(HOOK_MARKER);
    }
  });
});
