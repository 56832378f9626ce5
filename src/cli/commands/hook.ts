// `ruchy-agent hook install [--force]`: a git pre-commit hook that runs the quality gate
// (`ruchy-agent lint`) on the staged .ruchy files, so a commit that adds an error or a
// function over the complexity limits is refused (`git commit --no-verify` skips it).
//
// The hook lints what will be committed, not the working tree: it copies the staged
// version of every .ruchy file (and of ruchy-agent.toml) into a temporary folder with
// `git checkout-index`, so imports between files resolve as they will in the commit, and
// lints the staged files there. The hooks folder is asked of git (`git rev-parse
// --git-path hooks`), which honours core.hooksPath and worktrees. The hook file is written
// atomically and made executable; an existing hook that ruchy-agent did not write is never
// replaced unless forced (it is then kept as pre-commit.bak).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode } from '../exit-codes.js';
import { renderUsageError } from '../output.js';
import type { LintIo } from './lint.js';

/** The line that marks a hook as ours (so reinstalling may replace it). */
export const HOOK_MARKER = '# managed-by: ruchy-agent';

export interface HookOptions {
  /** Replace a pre-commit hook that ruchy-agent did not write (it is kept as pre-commit.bak). */
  force?: boolean;
  /**
   * The command that runs ruchy-agent, as shell words. Default: this installation (node and
   * dist/bin/ruchy-agent.js, absolute paths). The hook also honours $RUCHY_AGENT at commit time.
   */
  command?: readonly string[];
}

export interface HookInstalled {
  /** The hook file. */
  path: string;
  /** What was there before. */
  previous: 'none' | 'ruchy-agent' | 'foreign';
  /** Where a foreign hook was kept, when replaced with force. */
  backup: string | null;
}

export class HookError extends Error {
  override name = 'HookError';
}

export function installHook(projectDir: string, options: HookOptions = {}): HookInstalled {
  const hooks = hooksFolder(projectDir);
  fs.mkdirSync(hooks, { recursive: true });
  const target = path.join(hooks, 'pre-commit');
  let previous: HookInstalled['previous'] = 'none';
  let backup: string | null = null;
  const existing = readIfPresent(target);
  if (existing !== null) {
    previous = existing.includes(HOOK_MARKER) ? 'ruchy-agent' : 'foreign';
    if (previous === 'foreign') {
      if (options.force !== true) {
        throw new HookError(`${target} already exists and was not written by ruchy-agent; run with --force to replace it (it will be kept as pre-commit.bak)`);
      }
      backup = path.join(hooks, 'pre-commit.bak');
      fs.copyFileSync(target, backup);
    }
  }
  writeExecutableAtomically(target, hookScript(options.command ?? defaultCommand()));
  return { path: target, previous, backup };
}

/** The CLI form: installs the hook of the repository at `projectDir` (default: the working folder). */
export function hookCommand(opts: { projectDir?: string; force?: boolean }, io: LintIo): number {
  const dir = path.resolve(io.cwd, opts.projectDir ?? '.');
  try {
    const installed = installHook(dir, { force: opts.force });
    const shown = path.relative(io.cwd, installed.path) || installed.path;
    const what = installed.previous === 'ruchy-agent' ? 'updated' : 'installed';
    io.stdout(`${what} the pre-commit hook ${shown}: each commit runs \`ruchy-agent lint\` on its staged .ruchy files\n`);
    if (installed.backup !== null) io.stdout(`the previous hook was kept as ${path.relative(io.cwd, installed.backup) || installed.backup}\n`);
    return ExitCode.Ok;
  } catch (error) {
    if (!(error instanceof HookError)) throw error;
    io.stderr(renderUsageError(error.message));
    return ExitCode.Problems;
  }
}

function hooksFolder(projectDir: string): string {
  let out: string;
  try {
    out = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], { cwd: projectDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    const reason = (error as { code?: unknown }).code === 'ENOENT' ? 'git is not installed' : stderr !== '' ? stderr : 'git failed';
    throw new HookError(`${projectDir} is not in a git repository (${reason})`);
  }
  return path.resolve(projectDir, out.trim());
}

function readIfPresent(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw new HookError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function writeExecutableAtomically(target: string, text: string): void {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { mode: 0o755 });
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, target);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw new HookError(`cannot write ${target}: ${(error as Error).message}`);
  }
}

/** This installation's entry point: node and dist/bin/ruchy-agent.js, or `ruchy-agent` from PATH. */
function defaultCommand(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.resolve(here, '..', '..', '..', 'bin', 'ruchy-agent.js'), // running from dist/src/cli/commands
    path.resolve(here, '..', '..', '..', 'dist', 'bin', 'ruchy-agent.js'), // running from the sources (tests)
  ];
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) return [process.execPath, candidate];
  }
  return ['ruchy-agent'];
}

/** A word for sh: single-quoted unless it is plainly safe. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function hookScript(command: readonly string[]): string {
  const run = command.map(shellWord).join(' ');
  return `#!/bin/sh
# Git pre-commit hook: the ruchy-agent quality gate on the staged .ruchy files.
${HOOK_MARKER} (reinstalling with \`ruchy-agent hook install\` replaces this file)
#
# The staged versions of the project's .ruchy files and ruchy-agent.toml are copied to a
# temporary folder, and the staged .ruchy files are linted there: what is checked is
# what will be committed. A commit with an error, or with a function over the complexity
# limits of ruchy-agent.toml, is refused. Skip the check once: git commit --no-verify.
# Set RUCHY_AGENT to run another ruchy-agent command than the one recorded below.

set -u

# Nothing to check when no .ruchy file is added, copied or modified.
if git diff --cached --quiet --diff-filter=ACM -- '*.ruchy'; then
  exit 0
fi

ruchy_agent() {
  if [ -n "\${RUCHY_AGENT:-}" ]; then
    $RUCHY_AGENT "$@"
  else
    ${run} "$@"
  fi
}

top=$(git rev-parse --show-toplevel) || exit 1
cd "$top" || exit 1
snapshot=$(mktemp -d "\${TMPDIR:-/tmp}/ruchy-agent-hook.XXXXXX") || exit 1
trap 'rm -rf "$snapshot"' EXIT
trap 'exit 130' INT TERM

git ls-files -z -- '*.ruchy' '*ruchy-agent.toml' | git checkout-index -z --stdin --prefix="$snapshot/" || exit 1
if [ ! -f "$snapshot/ruchy-agent.toml" ] && [ -f ruchy-agent.toml ]; then
  cp ruchy-agent.toml "$snapshot/ruchy-agent.toml"
fi

# The staged files, as arguments (one per line of git's output).
set --
while IFS= read -r file; do
  [ -n "$file" ] && set -- "$@" "$file"
done <<EOF
$(git -c core.quotePath=false diff --cached --name-only --diff-filter=ACM -- '*.ruchy')
EOF

cd "$snapshot" || exit 1
ruchy_agent lint -- "$@"
status=$?
if [ "$status" -ne 0 ]; then
  echo "ruchy-agent: commit refused by the quality gate (exit status $status); git commit --no-verify skips the check" >&2
fi
exit "$status"
`;
}
