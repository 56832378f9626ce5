// The import direction of ARCHITECTURE.md / STYLE.md, read from the sources:
// grammar/ depends only on grammar/, src/syntax/, src/diagnostics/ and packages;
// nothing in src/ depends on server/; server/ reaches the engine through src/service/.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  const full = path.join(repoRoot, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|mts|cts)$/.test(name) && !name.endsWith('.d.ts'))
    .map((name) => path.join(full, name));
}

/** Every module specifier of `import ... from`, `export ... from`, `import '...'` and `import('...')`. */
function importSpecifiers(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specifiers: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of withoutComments.matchAll(pattern)) specifiers.push(m[1]);
  return specifiers;
}

/** Where a specifier leads: a repository-relative path for relative imports, or `package:name`. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return `package:${specifier}`;
  return path.relative(repoRoot, path.resolve(path.dirname(file), specifier)).split(path.sep).join('/');
}

describe('the import scanner', () => {
  test('finds every form of import', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "import * as C from 'chevrotain';",
      "export { d } from './d.js';",
      "import './side-effect.js';",
      "const e = await import('./e.js');",
      "import {\n  f,\n  g,\n} from './fg.js';",
      "// import { no } from './commented.js';",
      "const keyword = kw === 'use' ? 'use' : 'import', other = 'x';",
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(['../b.js', './a.js', './d.js', './e.js', './fg.js', './side-effect.js', 'chevrotain'].sort());
  });
});

describe('import direction', () => {
  test('grammar/ imports only grammar/, src/syntax/, src/diagnostics/ and packages', () => {
    const files = sourceFiles('grammar');
    expect(files.length).toBeGreaterThan(3);
    const bad: string[] = [];
    for (const file of files) {
      for (const specifier of importSpecifiers(fs.readFileSync(file, 'utf8'))) {
        const to = target(file, specifier);
        const ok = to.startsWith('package:') || to.startsWith('grammar/') || to.startsWith('src/syntax/') || to.startsWith('src/diagnostics/');
        if (!ok) bad.push(`${path.relative(repoRoot, file)} -> ${specifier}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('packages imported by grammar/ are dependencies (node_modules), not other folders', () => {
    for (const file of sourceFiles('grammar')) {
      for (const specifier of importSpecifiers(fs.readFileSync(file, 'utf8'))) {
        if (specifier.startsWith('.')) continue;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        expect(name.startsWith('node:') || fs.existsSync(path.join(repoRoot, 'node_modules', name)), `${file}: ${specifier}`).toBe(true);
      }
    }
  });

  test('nothing under src/ imports from server/', () => {
    const bad: string[] = [];
    for (const file of sourceFiles('src')) {
      for (const specifier of importSpecifiers(fs.readFileSync(file, 'utf8'))) {
        if (target(file, specifier).startsWith('server/') || target(file, specifier) === 'server') bad.push(`${path.relative(repoRoot, file)} -> ${specifier}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('server/ reaches the engine only through src/service/ (and positions from src/syntax/)', () => {
    const files = sourceFiles('server');
    expect(files.length).toBeGreaterThan(10);
    const bad: string[] = [];
    for (const file of files) {
      for (const specifier of importSpecifiers(fs.readFileSync(file, 'utf8'))) {
        const to = target(file, specifier);
        if (!to.startsWith('src/')) continue;
        if (!to.startsWith('src/service/') && to !== 'src/syntax/positions.js') bad.push(`${path.relative(repoRoot, file)} -> ${specifier}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
