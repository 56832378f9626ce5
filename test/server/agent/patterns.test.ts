// watch_patterns and ignore_patterns: globs over project-relative paths with the rules of
// .gitignore (unanchored names match at any depth, a trailing `/` means folders only,
// `**/` may match no folder at all).

import { describe, expect, it } from 'vitest';
import { compilePathRules, compilePattern } from '../../../server/agent/patterns.js';

const matches = (pattern: string, path: string) => compilePattern(pattern).regex.test(path);

describe('compilePattern', () => {
  it('`**/*.ruchy` matches files at the top and at any depth', () => {
    expect(matches('**/*.ruchy', 'main.ruchy')).toBe(true);
    expect(matches('**/*.ruchy', 'src/a/b/main.ruchy')).toBe(true);
    expect(matches('**/*.ruchy', 'main.ruchy.bak')).toBe(false);
    expect(matches('**/*.ruchy', 'src/main.rs')).toBe(false);
  });

  it('`*` and `?` stay inside one segment; a name without `/` matches at any depth', () => {
    expect(matches('src/*.ruchy', 'src/a.ruchy')).toBe(true);
    expect(matches('src/*.ruchy', 'src/x/a.ruchy')).toBe(false);
    expect(matches('src/*.ruchy', 'lib/src/a.ruchy')).toBe(false);
    expect(matches('*.ruchy', 'deep/down/a.ruchy')).toBe(true);
    expect(matches('?.ruchy', 'a.ruchy')).toBe(true);
    expect(matches('?.ruchy', 'ab.ruchy')).toBe(false);
  });

  it('supports `/**` at the end, a leading `/`, braces and classes, and escapes the rest', () => {
    expect(matches('build/**', 'build')).toBe(true);
    expect(matches('build/**', 'build/x/y.ruchy')).toBe(true);
    expect(matches('build/**', 'rebuild/x')).toBe(false);
    expect(matches('/gen', 'gen')).toBe(true);
    expect(matches('/gen', 'src/gen')).toBe(false);
    expect(matches('*.{ruchy,rchy}', 'a.rchy')).toBe(true);
    expect(matches('[ab].ruchy', 'b.ruchy')).toBe(true);
    expect(matches('[!ab].ruchy', 'b.ruchy')).toBe(false);
    expect(matches('a+b.ruchy', 'a+b.ruchy')).toBe(true);
    expect(matches('a.ruchy', 'axruchy')).toBe(false);
  });

  it('marks folder-only patterns', () => {
    expect(compilePattern('target/').foldersOnly).toBe(true);
    expect(compilePattern('target').foldersOnly).toBe(false);
  });
});

describe('compilePathRules', () => {
  const rules = compilePathRules(['**/*.ruchy'], ['target/', 'node_modules/', 'gen/*.ruchy', 'scratch.ruchy']);

  it('ignores folders by name at any depth, and everything below them', () => {
    expect(rules.ignoresFolder('target')).toBe(true);
    expect(rules.ignoresFolder('a/b/node_modules')).toBe(true);
    expect(rules.ignoresFile('target/debug/x.ruchy')).toBe(true);
    expect(rules.ignoresFolder('targets')).toBe(false);
  });

  it('ignores files by pattern, but folder-only patterns never name a file', () => {
    expect(rules.ignoresFile('gen/a.ruchy')).toBe(true);
    expect(rules.ignoresFile('src/gen/a.ruchy')).toBe(false);
    expect(rules.ignoresFile('x/scratch.ruchy')).toBe(true);
    expect(compilePathRules(['**/*'], ['target/']).ignoresFile('target')).toBe(false);
  });

  it('watches what the watch patterns name', () => {
    expect(rules.watches('src/main.ruchy')).toBe(true);
    expect(rules.watches('README.md')).toBe(false);
    const narrow = compilePathRules(['src/**/*.ruchy'], []);
    expect(narrow.watches('src/a/b.ruchy')).toBe(true);
    expect(narrow.watches('src/b.ruchy')).toBe(true);
    expect(narrow.watches('b.ruchy')).toBe(false);
  });
});
