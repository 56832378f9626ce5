// Which files `check` collects, in-process against a temp folder: order, skipped
// folders, explicit files of any extension, symbolic links, missing paths, decoding.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { collectFiles, decodeSource } from '../../src/workspace/files.js';
import { makeTempProject } from '../helpers/cli.js';

const root = makeTempProject({
  'b.ruchy': '',
  'B.ruchy': '',
  'a/x.ruchy': '',
  'a/readme.md': '',
  'script.txt': '',
  'node_modules/m.ruchy': '',
  '.cache/c.ruchy': '',
  '.dot.ruchy': '',
  'linked/l.ruchy': '',
});
fs.symlinkSync(path.join(root, 'b.ruchy'), path.join(root, 'alias.ruchy'));
fs.symlinkSync(path.join(root, 'linked'), path.join(root, 'folder-link'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const shown = (paths: string[]): string[] => collectFiles(paths, root).targets.map((t) => t.display);

describe('collectFiles', () => {
  test('folders: sorted by code unit, depth first, skipping tool and hidden folders and folder links', () => {
    expect(shown(['.'])).toEqual(['.dot.ruchy', 'B.ruchy', 'a/x.ruchy', 'alias.ruchy', 'b.ruchy', 'linked/l.ruchy'].map(path.normalize));
  });

  test('explicit files are checked whatever their name; explicit folders are searched even if skipped otherwise', () => {
    expect(shown(['script.txt', 'node_modules'])).toEqual(['script.txt', path.join('node_modules', 'm.ruchy')]);
  });

  test('each file once, in the order of the paths given; missing paths reported as written', () => {
    const collected = collectFiles(['b.ruchy', 'nope', '.', 'b.ruchy'], root);
    expect(collected.missing).toEqual(['nope']);
    expect(collected.targets.map((t) => t.display)[0]).toBe('b.ruchy');
    expect(collected.targets.filter((t) => t.display === 'b.ruchy')).toHaveLength(1);
  });

  test('absolute folders give absolute file names', () => {
    expect(shown([path.join(root, 'a')])).toEqual([path.join(root, 'a', 'x.ruchy')]);
  });
});

describe('decodeSource', () => {
  test('UTF-8 text, without a byte-order mark', () => {
    expect(decodeSource(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0xa9]))).toEqual({ text: 'aé' });
  });

  test('binary and non-UTF-8 bytes are refused with a reason', () => {
    expect(decodeSource(new Uint8Array([0x61, 0x00]))).toEqual({ error: expect.stringContaining('binary') });
    expect(decodeSource(new Uint8Array([0x61, 0xff]))).toEqual({ error: 'not valid UTF-8 text' });
  });
});
