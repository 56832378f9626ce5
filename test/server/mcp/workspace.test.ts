// The workspace side of the MCP server over a spawned stdio process: answers are never
// stale, paths outside the roots are refused, rename writes atomically and reports the
// diagnostics delta, resources and subscriptions, prompts, logging, progress,
// cancellation, and the roots a client declares.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type LoggingMessageNotification,
} from '@modelcontextprotocol/sdk/types.js';
import { call, GEOMETRY, makeWorkspace, newClient, stdioClient, structured, text, waitFor, type TempWorkspace } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function start(files: Record<string, string>, args: string[] = [], client?: Client): Promise<{ ws: TempWorkspace; client: Client; stderr: () => string }> {
  const ws = makeWorkspace(files);
  const started = await stdioClient(ws.dir, args, client);
  cleanups.push(() => ws.cleanup(), () => started.client.close());
  return { ws, client: started.client, stderr: started.stderr };
}

interface Diags {
  total: number;
  files_checked: number;
  diagnostics: { path: string; line: number; code: string; message: string }[];
}

describe('never stale', () => {
  let ws: TempWorkspace;
  let client: Client;
  beforeAll(async () => {
    ({ ws, client } = await start({ 'main.ruchy': 'fun main() {\n    let count = 2\n    println(count)\n}\n' }));
  });

  it('sees an edit made on disk by the very next call', async () => {
    expect(structured<Diags>(await call(client, 'diagnostics')).total).toBe(0);
    ws.write('main.ruchy', 'fun main() {\n    let count = 2\n    println(cuont)\n}\n');
    const after = structured<Diags>(await call(client, 'diagnostics'));
    expect(after.diagnostics.map((d) => d.code)).toContain('R0101');
  });

  it('sees an edit that keeps the size of the file', async () => {
    ws.write('main.ruchy', 'fun main() {\n    let count = 2\n    println(count)\n}\n');
    expect(structured<Diags>(await call(client, 'diagnostics')).total).toBe(0);
    ws.write('main.ruchy', 'fun main() {\n    let count = 2\n    println(couny)\n}\n');
    expect(structured<Diags>(await call(client, 'diagnostics', { path: 'main.ruchy' })).diagnostics.map((d) => d.code)).toContain('R0101');
  });

  it('sees files appear and disappear', async () => {
    ws.write('extra/more.ruchy', 'fun more() -> i64 { undefined_thing }\n');
    const added = structured<Diags>(await call(client, 'diagnostics'));
    expect(added.files_checked).toBe(2);
    expect(added.diagnostics.some((d) => d.path === 'extra/more.ruchy')).toBe(true);
    ws.remove('extra/more.ruchy');
    const removed = structured<Diags>(await call(client, 'diagnostics'));
    expect(removed.files_checked).toBe(1);
    expect(removed.diagnostics.some((d) => d.path === 'extra/more.ruchy')).toBe(false);
  });

  it('answers hover and symbols from the new text', async () => {
    ws.write('main.ruchy', '/// Doubles.\nfun twice(n: i64) -> i64 { n * 2 }\nfun main() { println(twice(2)) }\n');
    expect(structured<{ doc: string }>(await call(client, 'hover', { symbol: 'twice' })).doc).toBe('Doubles.');
    ws.write('main.ruchy', '/// Triples.\nfun thrice(n: i64) -> i64 { n * 3 }\nfun main() { println(thrice(2)) }\n');
    expect(structured<{ doc: string }>(await call(client, 'hover', { symbol: 'thrice' })).doc).toBe('Triples.');
    expect((await call(client, 'hover', { symbol: 'twice' })).isError).toBe(true);
  });

  it('reports unreadable files as R0020', async () => {
    fs.writeFileSync(path.join(ws.dir, 'binary.ruchy'), Buffer.from([0, 1, 2, 3]));
    const out = structured<Diags>(await call(client, 'diagnostics'));
    expect(out.diagnostics.find((d) => d.path === 'binary.ruchy')?.code).toBe('R0020');
    ws.remove('binary.ruchy');
  });
});

describe('paths outside the workspace are refused', () => {
  let ws: TempWorkspace;
  let client: Client;
  let outside: string;
  beforeAll(async () => {
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ruchy-outside-')));
    fs.writeFileSync(path.join(outside, 'secret.ruchy'), 'fun secret() { 1 }\n');
    cleanups.push(() => fs.rmSync(outside, { recursive: true, force: true }));
    ({ ws, client } = await start({ 'main.ruchy': GEOMETRY, 'sub/inner.ruchy': 'fun inner() { 1 }\n' }));
    fs.symlinkSync(path.join(outside, 'secret.ruchy'), path.join(ws.dir, 'link.ruchy'));
    fs.symlinkSync(outside, path.join(ws.dir, 'linked-folder'));
    fs.symlinkSync(path.join(ws.dir, 'sub', 'inner.ruchy'), path.join(ws.dir, 'alias.ruchy'));
  });

  const refused = [
    ['parent folder', () => '../secret.ruchy'],
    ['deep parent', () => 'sub/../../secret.ruchy'],
    ['absolute outside', () => path.join(outside, 'secret.ruchy')],
    ['absolute system file', () => '/etc/passwd'],
    ['symlink to a file outside', () => 'link.ruchy'],
    ['through a symlinked folder', () => 'linked-folder/secret.ruchy'],
    ['URL-encoded dots and slashes', () => '..%2F..%2Fetc%2Fpasswd'],
    ['URL-encoded dots', () => '%2e%2e/secret.ruchy'],
    ['double URL-encoding', () => '%252e%252e%252fsecret.ruchy'],
    ['backslashes', () => '..\\..\\etc\\passwd'],
    ['mixed separators', () => 'sub\\..\\..\\secret.ruchy'],
    ['Windows drive', () => 'C:\\Windows\\win.ini'],
    ['file URL outside', () => pathToFileURL(path.join(outside, 'secret.ruchy')).href],
    ['file URL with another host', () => 'file://evil.example/etc/passwd'],
    ['NUL byte', () => 'main.ruchy\0.txt'],
  ] as const;

  for (const [name, make] of refused) {
    it(`refuses ${name}`, async () => {
      for (const tool of ['diagnostics', 'compile', 'symbols'] as const) {
        const result = await call(client, tool, { path: make() });
        expect(result.isError, `${tool} ${make()}`).toBe(true);
        expect(text(result)).toMatch(/outside the workspace|symbolic link|percent-encoded|NUL|another host|cannot be used|not a valid/);
        expect(text(result)).not.toMatch(/fun secret/);
      }
      const hover = await call(client, 'hover', { path: make(), line: 1, column: 5 });
      expect(hover.isError).toBe(true);
    });
  }

  it('says what to do instead', async () => {
    const result = await call(client, 'diagnostics', { path: '../secret.ruchy' });
    expect(text(result)).toMatch(/Pass a path relative to the workspace root .* or pass the code inline as `source`/);
  });

  it('does not list or load files behind symbolic links that lead outside', async () => {
    const out = structured<Diags>(await call(client, 'diagnostics'));
    expect(out.diagnostics.some((d) => d.path.includes('secret'))).toBe(false);
    const search = structured<{ symbols: { name: string }[] }>(await call(client, 'symbols', { query: 'secret' }));
    expect(search.symbols).toEqual([]);
  });

  it('accepts paths inside: relative, ./, absolute, file URLs, encoded, and symlinks that stay inside', async () => {
    for (const p of ['sub/inner.ruchy', './sub/inner.ruchy', 'sub/../sub/inner.ruchy', path.join(ws.dir, 'sub', 'inner.ruchy'), pathToFileURL(path.join(ws.dir, 'sub', 'inner.ruchy')).href, 'sub%2Finner.ruchy', 'sub\\inner.ruchy', 'alias.ruchy']) {
      const result = await call(client, 'symbols', { path: p });
      expect(result.isError, p).toBeFalsy();
      expect(structured<{ symbols: { name: string }[] }>(result).symbols.map((s) => s.name), p).toEqual(['inner']);
    }
  });

  it('refuses resources outside the roots', async () => {
    await expect(client.readResource({ uri: 'ruchy://file/..%2Fsecret.ruchy' })).rejects.toThrow(/outside the workspace/);
    await expect(client.readResource({ uri: 'ruchy://file/link.ruchy' })).rejects.toThrow(/symbolic link/);
  });
});

describe('rename', () => {
  it('previews, then applies atomically across files and reports the diagnostics delta', async () => {
    const { ws, client } = await start({
      'shapes.ruchy': 'pub fun square(x: i64) -> i64 {\n    x * x\n}\n',
      'main.ruchy': 'use shapes::square\n\nfun main() {\n    let count = 3\n    println(square(4))\n}\n',
    });
    const preview = await call(client, 'rename', { symbol: 'square', new_name: 'sq' });
    const planned = structured<{ applied: boolean; total_edits: number; files: { path: string; edits: { line: number; old_text: string; new_text: string }[] }[]; diagnostics: unknown }>(preview);
    expect(planned).toMatchObject({ applied: false, total_edits: 3, diagnostics: null });
    expect(planned.files.map((f) => f.path).sort()).toEqual(['main.ruchy', 'shapes.ruchy']);
    expect(ws.read('shapes.ruchy')).toContain('fun square');
    expect(text(preview)).toMatch(/Preview only: call again with apply: true/);

    const applied = await call(client, 'rename', { symbol: 'square', new_name: 'sq', apply: true });
    const done = structured<{ applied: boolean; diagnostics: { introduced: unknown[]; removed: unknown[] } }>(applied);
    expect(done.applied).toBe(true);
    expect(done.diagnostics).toEqual({ introduced: [], removed: [] });
    expect(ws.read('shapes.ruchy')).toBe('pub fun sq(x: i64) -> i64 {\n    x * x\n}\n');
    expect(ws.read('main.ruchy')).toContain('use shapes::sq');
    expect(ws.read('main.ruchy')).toContain('println(sq(4))');
    expect(fs.readdirSync(ws.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // Renaming the unused local to `_count` removes its warning; the delta says so.
    const local = await call(client, 'rename', { path: 'main.ruchy', line: 4, column: 9, new_name: '_count', apply: true });
    const delta = structured<{ diagnostics: { introduced: { code: string }[]; removed: { code: string; message: string }[] } }>(local).diagnostics;
    expect(delta.introduced).toEqual([]);
    expect(delta.removed.map((d) => d.code)).toEqual(['R0401']);
    expect(text(local)).toMatch(/Removed 1 diagnostic:/);

    // Renaming a function to a name that is not used anywhere shows the new name in the delta.
    const introduced = await call(client, 'rename', { symbol: 'main', new_name: 'helper', apply: true });
    const introducedDelta = structured<{ diagnostics: { introduced: { code: string; message: string }[] } }>(introduced).diagnostics;
    expect(introducedDelta.introduced.some((d) => d.code === 'R0403' && d.message.includes('helper'))).toBe(true);
  });

  it('refuses invalid names, clashes and places that are not names', async () => {
    const { client } = await start({ 'a.ruchy': 'fun one() -> i64 { 1 }\nfun two() -> i64 { one() }\nfun main() { println(two()) }\n' });
    const invalid = await call(client, 'rename', { symbol: 'one', new_name: '1st' });
    expect(invalid.isError).toBe(true);
    expect(text(invalid)).toMatch(/not a valid name/);
    const clash = await call(client, 'rename', { symbol: 'one', new_name: 'two' });
    expect(clash.isError).toBe(true);
    expect(text(clash)).toMatch(/clash/);
    const blank = await call(client, 'rename', { path: 'a.ruchy', line: 1, column: 17, new_name: 'x' });
    expect(blank.isError).toBe(true);
    expect(text(blank)).toMatch(/cannot rename here/);
    const missingName = await call(client, 'rename', { symbol: 'one' });
    expect(missingName.isError).toBe(true);
  });
});

describe('resources and subscriptions', () => {
  let ws: TempWorkspace;
  let client: Client;
  const updated: string[] = [];
  let listChanged = 0;
  beforeAll(async () => {
    ({ ws, client } = await start({ 'a.ruchy': 'fun main() {\n    println(1)\n}\n', 'lib/b.ruchy': 'pub fun b() -> i64 { 2 }\n' }));
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void listChanged++);
  });

  it('declares subscriptions and lists the resources', async () => {
    expect(client.getServerCapabilities()?.resources).toMatchObject({ subscribe: true, listChanged: true });
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(['ruchy://diagnostics', 'ruchy://status', 'ruchy://file/a.ruchy', 'ruchy://file/lib/b.ruchy']);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['ruchy://file/{+path}']);
  });

  it('reads the workspace summary, the status and a file', async () => {
    const summary = JSON.parse((await client.readResource({ uri: 'ruchy://diagnostics' })).contents[0].text as string);
    expect(summary.totals).toMatchObject({ files: 2, error: 0 });
    expect(summary.files.map((f: { path: string }) => f.path)).toEqual(['a.ruchy', 'lib/b.ruchy']);
    const status = JSON.parse((await client.readResource({ uri: 'ruchy://status' })).contents[0].text as string);
    expect(status).toMatchObject({ files_checked: 2, errors: 0, roots: [ws.dir] });
    expect(Date.parse(status.last_check)).toBeGreaterThan(0);
    const file = JSON.parse((await client.readResource({ uri: 'ruchy://file/lib/b.ruchy' })).contents[0].text as string);
    expect(file.path).toBe('lib/b.ruchy');
    expect(file.outline[0]).toMatchObject({ name: 'b', kind: 'function', line: 1 });
    await expect(client.readResource({ uri: 'ruchy://file/nope.ruchy' })).rejects.toThrow(/no file "nope.ruchy"/);
    await expect(client.readResource({ uri: 'ruchy://other' })).rejects.toThrow();
  });

  it('completes file paths of the template', async () => {
    const result = await client.complete({ ref: { type: 'ref/resource', uri: 'ruchy://file/{+path}' }, argument: { name: 'path', value: 'li' } });
    expect(result.completion.values).toEqual(['lib/b.ruchy']);
  });

  it('notifies a subscriber when an edit on disk changes a file\'s diagnostics', async () => {
    await client.subscribeResource({ uri: 'ruchy://file/a.ruchy' });
    await client.subscribeResource({ uri: 'ruchy://status' });
    ws.write('a.ruchy', 'fun main() {\n    println(nothing_here)\n}\n');
    await waitFor(() => updated.includes('ruchy://file/a.ruchy') && updated.includes('ruchy://status'), 10_000, 'resources/updated');
    const file = JSON.parse((await client.readResource({ uri: 'ruchy://file/a.ruchy' })).contents[0].text as string);
    expect(file.diagnostics[0].code).toBe('R0101');
  });

  it('does not notify for an edit that leaves the diagnostics alone, nor after unsubscribing', async () => {
    updated.length = 0;
    ws.write('a.ruchy', 'fun main() {\n    println(nothing_here)   \n}\n');
    await new Promise((r) => setTimeout(r, 400));
    expect(updated.filter((u) => u === 'ruchy://file/a.ruchy')).toEqual([]);
    await client.unsubscribeResource({ uri: 'ruchy://file/a.ruchy' });
    ws.write('a.ruchy', 'fun main() {\n    println(1)\n}\n');
    await waitFor(() => updated.includes('ruchy://status'), 10_000, 'status update');
    expect(updated).not.toContain('ruchy://file/a.ruchy');
  });

  it('sends list_changed when files appear or disappear', async () => {
    const before = listChanged;
    ws.write('c.ruchy', 'fun c() { 3 }\n');
    await waitFor(() => listChanged > before, 10_000, 'list_changed after adding');
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain('ruchy://file/c.ruchy');
    const afterAdd = listChanged;
    ws.remove('c.ruchy');
    await waitFor(() => listChanged > afterAdd, 10_000, 'list_changed after removing');
  });

  it('refuses subscriptions to unknown files', async () => {
    await expect(client.subscribeResource({ uri: 'ruchy://file/missing.ruchy' })).rejects.toThrow(/no file/);
  });
});

describe('prompts', () => {
  let client: Client;
  beforeAll(async () => {
    ({ client } = await start({
      'bad.ruchy': 'fun main() {\n    let unused = 1\n    println(undefined_name)\n}\n',
      'good.ruchy': 'fun main() {\n    println(1)\n}\n',
    }));
  });

  it('lists fix-diagnostics and review with described arguments', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['fix-diagnostics', 'review']);
    const fix = prompts.find((p) => p.name === 'fix-diagnostics')!;
    expect(fix.arguments).toEqual([expect.objectContaining({ name: 'path', required: true })]);
  });

  it('fix-diagnostics gives each diagnostic with its code context and a hint', async () => {
    const prompt = await client.getPrompt({ name: 'fix-diagnostics', arguments: { path: 'bad.ruchy' } });
    const body = (prompt.messages[0].content as { text: string }).text;
    expect(prompt.messages[0].role).toBe('user');
    expect(body).toContain('bad.ruchy:3:13: error[R0101]: cannot find `undefined_name` in this scope');
    expect(body).toContain('3 |     println(undefined_name)');
    expect(body).toContain('Hint (R0101)');
    expect(body).toContain('The whole file `bad.ruchy`');
    const clean = await client.getPrompt({ name: 'fix-diagnostics', arguments: { path: 'good.ruchy' } });
    expect((clean.messages[0].content as { text: string }).text).toMatch(/no diagnostics: nothing to fix/);
  });

  it('review gives the complexity and lint findings', async () => {
    const prompt = await client.getPrompt({ name: 'review', arguments: { path: 'bad.ruchy', max_complexity: '5' } });
    const body = (prompt.messages[0].content as { text: string }).text;
    expect(body).toMatch(/- main \(line 1\): cyclomatic 1/);
    expect(body).toMatch(/unused variable `unused`/);
  });

  it('refuses unknown files and paths outside the root', async () => {
    await expect(client.getPrompt({ name: 'fix-diagnostics', arguments: { path: 'nope.ruchy' } })).rejects.toThrow(/no file/);
    await expect(client.getPrompt({ name: 'review', arguments: { path: '../../etc/passwd' } })).rejects.toThrow(/outside the workspace/);
  });

  it('completes the path argument', async () => {
    const result = await client.complete({ ref: { type: 'ref/prompt', name: 'fix-diagnostics' }, argument: { name: 'path', value: 'g' } });
    expect(result.completion.values).toEqual(['good.ruchy']);
  });
});

describe('logging, progress and cancellation', () => {
  let ws: TempWorkspace;
  let client: Client;
  const messages: LoggingMessageNotification['params'][] = [];
  beforeAll(async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`m${String(i).padStart(4, '0')}.ruchy`] = `fun f${i}(n: i64) -> i64 {\n    let doubled = n * 2\n    doubled + ${i}\n}\n`;
    ({ ws, client } = await start(files));
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void messages.push(n.params));
  });
  afterEach(() => {
    messages.length = 0;
  });

  it('sends log messages at the level the client sets', async () => {
    await client.setLoggingLevel('debug');
    await call(client, 'explain', { code: 'R0101' });
    await call(client, 'status', {});
    await waitFor(() => messages.some((m) => String(m.data).startsWith('status: answered in')), 5000, 'a debug log message');
    expect(messages.every((m) => m.logger === 'ruchy-agent')).toBe(true);
    messages.length = 0;
    await client.setLoggingLevel('error');
    await call(client, 'status', {});
    await new Promise((r) => setTimeout(r, 100));
    expect(messages).toEqual([]);
    await client.setLoggingLevel('info');
  });

  it('reports progress for workspace-wide work when asked', async () => {
    const progress: { progress: number; total?: number }[] = [];
    const result = await client.callTool({ name: 'diagnostics', arguments: { limit: 1 } }, undefined, { onprogress: (p) => void progress.push(p) });
    expect((result as { isError?: boolean }).isError).toBeFalsy();
    expect(progress.length).toBeGreaterThan(10);
    expect(progress[0]).toMatchObject({ progress: 0, total: 600 });
    // (The SDK client drops progress that arrives in the same read as the response, so the last few may be missing.)
    for (let i = 1; i < progress.length; i++) expect(progress[i].progress).toBeGreaterThan(progress[i - 1].progress);
  });

  it('stops work when the client cancels', async () => {
    const controller = new AbortController();
    let seen = 0;
    const pending = client.callTool({ name: 'diagnostics', arguments: {} }, undefined, {
      signal: controller.signal,
      onprogress: () => {
        if (++seen === 1) controller.abort('enough');
      },
    });
    await expect(pending).rejects.toThrow();
    await waitFor(() => messages.some((m) => m.data === 'diagnostics: cancelled by the client'), 10_000, 'the cancellation log');
    expect(seen).toBeLessThan(600);
    // The server is still fine.
    expect((await call(client, 'diagnostics', { path: 'm0001.ruchy' })).isError).toBeFalsy();
    expect(ws.dir).toBeTruthy();
  });
});

describe('workspace roots', () => {
  it('uses the roots the client declares and follows roots/list_changed', async () => {
    const a = makeWorkspace({ 'alpha.ruchy': 'fun alpha() { 1 }\n' });
    const b = makeWorkspace({ 'beta.ruchy': 'fun beta() { 2 }\n' });
    const fallback = makeWorkspace({ 'fallback.ruchy': 'fun fallback() { 3 }\n' });
    cleanups.push(() => a.cleanup(), () => b.cleanup(), () => fallback.cleanup());
    let current = a.dir;
    const client = newClient({ capabilities: { roots: { listChanged: true } } });
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: pathToFileURL(current).href, name: 'project' }] }));
    const started = await stdioClient(fallback.dir, [], client);
    cleanups.push(() => started.client.close());
    let listChanged = 0;
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void listChanged++);

    const first = structured<{ roots: string[]; roots_from: string; files_checked: number }>(await call(client, 'status', {}));
    expect(first).toMatchObject({ roots: [a.dir], roots_from: 'client', files_checked: 1 });
    expect(structured<{ symbols: { name: string }[] }>(await call(client, 'symbols', { query: '' })).symbols.map((s) => s.name)).toEqual(['alpha']);
    // Outside the declared roots now, even the --root folder.
    expect((await call(client, 'diagnostics', { path: path.join(fallback.dir, 'fallback.ruchy') })).isError).toBe(true);

    const before = listChanged;
    current = b.dir;
    await client.sendRootsListChanged();
    const second = structured<{ roots: string[] }>(await call(client, 'status', {}));
    expect(second.roots).toEqual([b.dir]);
    expect(structured<{ symbols: { name: string }[] }>(await call(client, 'symbols', { query: '' })).symbols.map((s) => s.name)).toEqual(['beta']);
    await waitFor(() => listChanged > before, 10_000, 'list_changed after new roots');
  });
});
