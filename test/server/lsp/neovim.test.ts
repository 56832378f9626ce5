// A real editor as the client: headless Neovim starts the server through its built-in LSP
// client on a file with an error (fixtures/nvim-init.lua), waits for the diagnostics and
// a hover, and writes them to a JSON file. Skipped only when `nvim` is not installed
// (CI installs it: see .ci/run).

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { makeWorkspace, SERVER } from './client.js';

const INIT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'nvim-init.lua');
const nvimVersion = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvimVersion.status === 0;
if (!hasNvim) console.warn('SKIPPED the Neovim client test: `nvim` is not installed (apt-get install -y neovim)');

const SOURCE = `/// Says hello.
fun greet(name: String) -> String {
    f"Hello, {name}!"
}

fun main() {
    println(greet("nvim"))
    println(undefined_thing)
}
`;

interface NvimResult {
  error: string | null;
  diagnostics?: { lnum: number; col: number; end_lnum: number; end_col: number; severity: number; message: string; code: string; source: string }[];
  hover?: { contents: { kind: string; value: string } };
  hover_error?: string;
}

describe.skipIf(!hasNvim)(`Neovim (${hasNvim ? nvimVersion.stdout.split('\n')[0] : 'not installed'})`, () => {
  const root = makeWorkspace({ 'hello.ruchy': SOURCE });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('shows the server diagnostics and hover', async () => {
    const out = path.join(root, 'result.json');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      RUCHY_NVIM_OUT: out,
      RUCHY_FILE: path.join(root, 'hello.ruchy'),
      RUCHY_ROOT: root,
      RUCHY_NODE: process.execPath,
      RUCHY_SERVER: SERVER,
      RUCHY_HOVER_LINE: '6',
      RUCHY_HOVER_CHARACTER: '13',
      // Keep Neovim away from the user's configuration and state.
      XDG_CONFIG_HOME: path.join(root, '.config'),
      XDG_DATA_HOME: path.join(root, '.data'),
      XDG_STATE_HOME: path.join(root, '.state'),
      XDG_CACHE_HOME: path.join(root, '.cache'),
    };
    delete env.RUCHY_VALIDATE_GRAMMAR;
    const nvim = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '--noplugin', '-u', INIT], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    nvim.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    nvim.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const status = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => nvim.kill('SIGKILL'), 60_000);
      nvim.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    expect(fs.existsSync(out), `Neovim exited with ${status} without writing its result:\n${output}`).toBe(true);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as NvimResult;
    expect(result.error ?? null).toBeNull();

    expect(result.diagnostics).toContainEqual({
      lnum: 7,
      col: 12,
      end_lnum: 7,
      end_col: 27,
      severity: 1,
      message: 'cannot find `undefined_thing` in this scope',
      code: 'R0101',
      source: 'ruchy',
    });
    expect(result.hover?.contents).toEqual({ kind: 'markdown', value: '```ruchy\nfun greet(name: String) -> String\n```\n\nSays hello.' });
  }, 90_000);
});
