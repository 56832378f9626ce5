// The LSP server is an adapter: it reaches the engine only through the language service
// (and a few small modules named below), and what it loads before answering `initialize`
// stays small: the parser, the checker and the compiler are loaded later, on demand.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const serverDir = path.join(root, 'server', 'lsp');

/** The engine modules the server may import (types or values). */
const ALLOWED = [
  /^src\/service\//,
  /^src\/syntax\/positions\.ts$/,
  /^src\/workspace\/program\.ts$/, // cancellation
  /^src\/cli\/files\.ts$/, // finding and reading *.ruchy files
  /^server\/json-rpc\.ts$/, // the JSON-RPC envelope, shared with the MCP server (no engine code)
];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

interface Import {
  target: string;
  /** Erased at compile time (`import type`) or loaded on demand (`import()`). */
  lazy: boolean;
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) out.push({ target: m[3], lazy: m[2] !== undefined });
  for (const m of text.matchAll(/import\('([^']+)'\)/g)) out.push({ target: m[1], lazy: true });
  return out
    .filter((i) => i.target.startsWith('.'))
    .map((i) => ({ ...i, target: path.relative(root, path.resolve(path.dirname(file), i.target.replace(/\.js$/, '.ts'))) }));
}

describe('the LSP server imports', () => {
  test('only the language service and the named small modules of the engine', () => {
    const outside: string[] = [];
    for (const file of sources(serverDir)) {
      for (const i of importsOf(file)) {
        if (i.target.startsWith(`server${path.sep}lsp`)) continue;
        if (!ALLOWED.some((re) => re.test(i.target.split(path.sep).join('/')))) outside.push(`${path.relative(root, file)} -> ${i.target}`);
      }
    }
    expect(outside).toEqual([]);
  });

  test('nothing heavy before `initialize` is answered: the handlers and the service are imported on demand', () => {
    const reached = new Set<string>();
    const visit = (file: string) => {
      const relative = path.relative(root, file);
      if (reached.has(relative) || !fs.existsSync(file)) return;
      reached.add(relative);
      for (const i of importsOf(file)) if (!i.lazy) visit(path.join(root, i.target));
    };
    visit(path.join(serverDir, 'main.ts'));
    const heavy = [...reached].filter((f) => /^(grammar|src[\\/](semantics|compiler|service[\\/]language-service))/.test(f));
    expect(heavy).toEqual([]);
    expect(reached.has(path.join('server', 'lsp', 'server.ts'))).toBe(true);
    // The request handlers too are loaded after `initialize` has been answered.
    expect([...reached].filter((f) => f.startsWith(path.join('server', 'lsp', 'handlers')))).toEqual([]);
  });
});
