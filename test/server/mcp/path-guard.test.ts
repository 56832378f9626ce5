// The path guard on its own: every path argument resolves inside the roots or is refused.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPathGuard, type PathGuard } from '../../../src/workspace/path-guard.js';

let root: string;
let other: string;
let outside: string;
let guard: PathGuard;

beforeAll(() => {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ruchy-guard-')));
  root = path.join(base, 'project');
  other = path.join(base, 'other-root');
  outside = path.join(base, 'outside');
  for (const dir of [root, other, outside, path.join(root, 'src')]) fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'main.ruchy'), '');
  fs.writeFileSync(path.join(other, 'lib.ruchy'), '');
  fs.writeFileSync(path.join(outside, 'secret.ruchy'), '');
  fs.symlinkSync(path.join(outside, 'secret.ruchy'), path.join(root, 'escape.ruchy'));
  fs.symlinkSync(outside, path.join(root, 'escape-dir'));
  fs.symlinkSync(path.join(root, 'src', 'main.ruchy'), path.join(root, 'inside.ruchy'));
  fs.symlinkSync(path.join(root, 'missing-target.ruchy'), path.join(root, 'dangling.ruchy'));
  guard = createPathGuard([root]);
});

afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

describe('path guard', () => {
  it('resolves paths inside the root', () => {
    for (const input of ['src/main.ruchy', './src/main.ruchy', 'src/../src/main.ruchy', path.join(root, 'src/main.ruchy'), pathToFileURL(path.join(root, 'src/main.ruchy')).href, 'src%2Fmain.ruchy', 'src\\main.ruchy']) {
      const result = guard.resolve(input);
      expect(result, input).toMatchObject({ ok: true, path: path.join(root, 'src', 'main.ruchy'), relative: 'src/main.ruchy', exists: true, isDirectory: false });
    }
    expect(guard.resolve('.')).toMatchObject({ ok: true, relative: '', isDirectory: true });
    expect(guard.resolve('src/new.ruchy')).toMatchObject({ ok: true, exists: false });
  });

  it('follows symbolic links that stay inside', () => {
    expect(guard.resolve('inside.ruchy')).toMatchObject({ ok: true, relative: 'src/main.ruchy' });
  });

  it('refuses everything that leads outside', () => {
    const cases = [
      '../outside/secret.ruchy',
      'src/../../outside/secret.ruchy',
      path.join(outside, 'secret.ruchy'),
      '/etc/passwd',
      'escape.ruchy',
      'escape-dir/secret.ruchy',
      'escape-dir/not-there.ruchy',
      '..%2Foutside%2Fsecret.ruchy',
      '%2e%2e/outside/secret.ruchy',
      '%252e%252e/outside',
      '..\\outside\\secret.ruchy',
      'C:\\Windows\\system.ini',
      'c:/windows',
      pathToFileURL(path.join(outside, 'secret.ruchy')).href,
      'file://server/share/x.ruchy',
      'https://example.com/x.ruchy',
      'dangling.ruchy',
      '',
      'a\0b',
    ];
    for (const input of cases) {
      const result = guard.resolve(input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.error.length, input).toBeGreaterThan(10);
    }
  });

  it('explains refusals', () => {
    const outsideResult = guard.resolve('../x');
    expect(outsideResult.ok).toBe(false);
    if (!outsideResult.ok) expect(outsideResult.error).toMatch(/outside the workspace roots .* pass the code inline as `source`/);
    const link = guard.resolve('escape.ruchy');
    if (!link.ok) expect(link.error).toMatch(/symbolic link/);
  });

  it('works with several roots and names files relative to their root', () => {
    const both = createPathGuard([root, other]);
    expect(both.resolve('lib.ruchy')).toMatchObject({ ok: true, root: other, relative: 'lib.ruchy' });
    expect(both.resolve('other-root/lib.ruchy')).toMatchObject({ ok: true, root: other });
    expect(both.display(path.join(other, 'lib.ruchy'))).toBe('other-root/lib.ruchy');
    expect(guard.display(path.join(root, 'src', 'main.ruchy'))).toBe('src/main.ruchy');
    expect(both.resolve(path.join(outside, 'secret.ruchy')).ok).toBe(false);
    expect(createPathGuard([]).resolve('x').ok).toBe(false);
  });
});
