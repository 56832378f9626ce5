// `ruchy-agent fmt`, run in-process on temporary folders: printing one file, a diff for
// several, --check, --write (atomic, keeps mode and byte-order mark, never touches a file
// with syntax errors), folders searched recursively, and the exit statuses.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { fmtCommand, unifiedDiff, writeAtomically, type FmtIo } from '../../src/cli/commands/fmt.js';

const roots: string[] = [];

function project(files: Record<string, string | Uint8Array>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ruchy-agent-fmt-'));
  roots.push(root);
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function capture(cwd: string): FmtIo & { out: string; err: string } {
  const io = {
    cwd,
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}

const UGLY = 'fun  main( ){\nlet x=[1,2]\n  println( x )\n}\n';
const PRETTY = 'fun main() {\n    let x = [1, 2]\n    println(x)\n}\n';
const BROKEN = 'fun main( {\n  let x = \n}\n';

function read(root: string, relative: string): string {
  return fs.readFileSync(path.join(root, relative), 'utf8');
}

/** Files in the folder tree (temporary files would show up here). */
function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}

describe('printing', () => {
  test('one file: its formatted text on stdout, nothing changed on disk', async () => {
    const root = project({ 'main.ruchy': UGLY });
    const io = capture(root);
    expect(await fmtCommand(['main.ruchy'], {}, io)).toBe(0);
    expect(io.out).toBe(PRETTY);
    expect(io.err).toBe('');
    expect(read(root, 'main.ruchy')).toBe(UGLY);
  });

  test('one file already formatted: printed as it is', async () => {
    const root = project({ 'main.ruchy': PRETTY });
    const io = capture(root);
    expect(await fmtCommand(['main.ruchy'], {}, io)).toBe(0);
    expect(io.out).toBe(PRETTY);
  });

  test('several files: a unified diff of each file that would change, and a summary', async () => {
    const root = project({ 'a.ruchy': UGLY, 'b.ruchy': PRETTY });
    const io = capture(root);
    expect(await fmtCommand(['.'], {}, io)).toBe(0);
    expect(io.out).toBe([
      '--- a.ruchy',
      '+++ a.ruchy (formatted)',
      '@@ -1,4 +1,4 @@',
      '-fun  main( ){',
      '-let x=[1,2]',
      '-  println( x )',
      '+fun main() {',
      '+    let x = [1, 2]',
      '+    println(x)',
      ' }',
      '',
    ].join('\n'));
    expect(io.err).toBe('1 file would be reformatted, 1 already formatted\n');
    expect(read(root, 'a.ruchy')).toBe(UGLY);
  });

  test('the indent and width options reach the formatter', async () => {
    const root = project({ 'main.ruchy': UGLY });
    const io = capture(root);
    expect(await fmtCommand(['main.ruchy'], { indent: 2 }, io)).toBe(0);
    expect(io.out).toBe('fun main() {\n  let x = [1, 2]\n  println(x)\n}\n');
  });
});

describe('--check', () => {
  test('lists the files that would change and exits 1', async () => {
    const root = project({ 'src/a.ruchy': UGLY, 'src/deep/b.ruchy': UGLY, 'src/c.ruchy': PRETTY, 'notes.txt': 'not ruchy' });
    const io = capture(root);
    expect(await fmtCommand(['src'], { check: true }, io)).toBe(1);
    expect(io.out).toBe(`${path.join('src', 'a.ruchy')}\n${path.join('src', 'deep', 'b.ruchy')}\n`);
    expect(io.err).toBe('2 files would be reformatted, 1 already formatted\n');
    expect(read(root, 'src/a.ruchy')).toBe(UGLY);
  });

  test('exits 0 when every file is formatted', async () => {
    const root = project({ 'a.ruchy': PRETTY, 'b.ruchy': PRETTY });
    const io = capture(root);
    expect(await fmtCommand(['a.ruchy', 'b.ruchy'], { check: true }, io)).toBe(0);
    expect(io.out).toBe('');
  });

  test('a file with syntax errors is reported with its position and code, and fails the check', async () => {
    const root = project({ 'bad.ruchy': BROKEN, 'good.ruchy': PRETTY });
    const io = capture(root);
    expect(await fmtCommand(['.'], { check: true }, io)).toBe(1);
    expect(io.out).toBe('');
    expect(io.err).toMatch(/^bad\.ruchy:\d+:\d+: error\[R\d{4}\]: .+/m);
  });
});

describe('--write', () => {
  test('rewrites only the files that change, prints them, leaves no temporary file', async () => {
    const root = project({ 'a.ruchy': UGLY, 'sub/b.ruchy': PRETTY });
    const before = fs.statSync(path.join(root, 'sub/b.ruchy')).mtimeMs;
    const io = capture(root);
    expect(await fmtCommand(['.'], { write: true }, io)).toBe(0);
    expect(io.out).toBe('a.ruchy\n');
    expect(io.err).toBe('reformatted 1 file, 1 already formatted\n');
    expect(read(root, 'a.ruchy')).toBe(PRETTY);
    expect(fs.statSync(path.join(root, 'sub/b.ruchy')).mtimeMs).toBe(before);
    expect(listing(root)).toEqual(['a.ruchy', path.join('sub', 'b.ruchy')]);
    // Formatting again changes nothing.
    const again = capture(root);
    expect(await fmtCommand(['.'], { check: true }, again)).toBe(0);
  });

  test('never touches a file with syntax errors; reports it and exits 1', async () => {
    const root = project({ 'bad.ruchy': BROKEN, 'a.ruchy': UGLY });
    const io = capture(root);
    expect(await fmtCommand(['.'], { write: true }, io)).toBe(1);
    expect(read(root, 'bad.ruchy')).toBe(BROKEN);
    expect(read(root, 'a.ruchy')).toBe(PRETTY);
    expect(io.err).toMatch(/^bad\.ruchy:1:\d+: error\[R\d{4}\]: /m);
  });

  test('keeps CRLF line endings, the byte-order mark and the file mode', async () => {
    const crlf = UGLY.replace(/\n/g, '\r\n');
    const root = project({ 'win.ruchy': crlf, 'bom.ruchy': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(UGLY)]) });
    if (process.platform !== 'win32') fs.chmodSync(path.join(root, 'win.ruchy'), 0o640);
    const io = capture(root);
    expect(await fmtCommand(['.'], { write: true }, io)).toBe(0);
    expect(read(root, 'win.ruchy')).toBe(PRETTY.replace(/\n/g, '\r\n'));
    const bom = fs.readFileSync(path.join(root, 'bom.ruchy'));
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bom.subarray(3).toString('utf8')).toBe(PRETTY);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(root, 'win.ruchy')).mode & 0o777).toBe(0o640);
  });

  test('writing through a symbolic link replaces the file it points to', async () => {
    if (process.platform === 'win32') return;
    const root = project({ 'real.ruchy': UGLY });
    fs.symlinkSync(path.join(root, 'real.ruchy'), path.join(root, 'link.ruchy'));
    writeAtomically(path.join(root, 'link.ruchy'), PRETTY);
    expect(fs.lstatSync(path.join(root, 'link.ruchy')).isSymbolicLink()).toBe(true);
    expect(read(root, 'real.ruchy')).toBe(PRETTY);
  });

  test('a file that cannot be written is reported; the others are written', async () => {
    if (process.platform === 'win32' || process.getuid?.() === 0) return;
    const root = project({ 'locked/a.ruchy': UGLY, 'b.ruchy': UGLY });
    fs.chmodSync(path.join(root, 'locked'), 0o555);
    try {
      const io = capture(root);
      expect(await fmtCommand(['.'], { write: true }, io)).toBe(1);
      expect(io.err).toContain(`${path.join('locked', 'a.ruchy')}: error: cannot write the file`);
      expect(read(root, 'b.ruchy')).toBe(PRETTY);
      expect(read(root, 'locked/a.ruchy')).toBe(UGLY);
    } finally {
      fs.chmodSync(path.join(root, 'locked'), 0o755);
    }
  });
});

describe('usage and unreadable files', () => {
  test('--check with --write is a usage error', async () => {
    const root = project({ 'a.ruchy': UGLY });
    const io = capture(root);
    expect(await fmtCommand(['a.ruchy'], { check: true, write: true }, io)).toBe(2);
    expect(read(root, 'a.ruchy')).toBe(UGLY);
  });

  test('a path that does not exist: the others are still handled, exit 2', async () => {
    const root = project({ 'a.ruchy': UGLY });
    const io = capture(root);
    expect(await fmtCommand(['a.ruchy', 'missing.ruchy'], { write: true }, io)).toBe(2);
    expect(io.err).toContain('missing.ruchy: no such file or directory');
    expect(read(root, 'a.ruchy')).toBe(PRETTY);
  });

  test('a binary file is reported and left alone', async () => {
    const root = project({ 'bin.ruchy': Buffer.from([0x66, 0x00, 0x01]) });
    const io = capture(root);
    expect(await fmtCommand(['bin.ruchy'], { write: true }, io)).toBe(1);
    expect(io.err).toContain('bin.ruchy: error: binary file');
  });

  test('no path means the current folder', async () => {
    const root = project({ 'a.ruchy': UGLY });
    const io = capture(root);
    expect(await fmtCommand([], { check: true }, io)).toBe(1);
    expect(io.out).toBe('a.ruchy\n');
  });
});

describe('unifiedDiff', () => {
  test('hunks with three lines of context; separate hunks for distant changes', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}\n`).join('');
    const after = before.replace('line 2\n', 'LINE 2\n').replace('line 18\n', 'LINE 18\n');
    expect(unifiedDiff('f', before, after)).toBe([
      '--- f',
      '+++ f (formatted)',
      '@@ -1,5 +1,5 @@',
      ' line 1',
      '-line 2',
      '+LINE 2',
      ' line 3',
      ' line 4',
      ' line 5',
      '@@ -15,6 +15,6 @@',
      ' line 15',
      ' line 16',
      ' line 17',
      '-line 18',
      '+LINE 18',
      ' line 19',
      ' line 20',
      '',
    ].join('\n'));
  });

  test('a missing final line break is marked', () => {
    expect(unifiedDiff('f', 'a\nb', 'a\nb\n')).toBe('--- f\n+++ f (formatted)\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
  });
});
