// Text synchronisation and diagnostics over the real stdio transport: incremental changes
// (several per notification), diagnostics published only for the newest version and never
// out of order, pull diagnostics with result ids, and cancellation of requests.

import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CancellationTokenSource } from 'vscode-jsonrpc/node.js';
import type * as L from 'vscode-languageserver-protocol';
import { at, LspClient, makeWorkspace, positionOf, rangeOf, span, uriIn } from './client.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let root: string;

beforeAll(() => {
  root = makeWorkspace({});
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('incremental sync', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start({ folders: [root] });
  });
  afterAll(async () => {
    await client.shutdown();
  });

  const outline = async (uri: string) =>
    (await client.request<L.DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } })).map((s) => [s.name, s.selectionRange]);

  test('several changes in one notification, each in the text left by the ones before', async () => {
    const uri = uriIn(root, 'several.ruchy');
    const v1 = 'fun alpha() -> i64 { 1 }\nfun beta() -> i64 { 2 }\nfun gamma() -> i64 { 3 }\n';
    client.open(uri, v1);
    // Bottom up (as editors send multi-cursor edits), then top down, then a deletion and
    // an insertion whose positions only make sense after the earlier changes.
    client.change(uri, 2, [
      { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } }, text: 'third' },
      { range: { start: { line: 0, character: 4 }, end: { line: 0, character: 9 } }, text: 'first_one' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'fun inserted() -> i64 { 0 }\n' },
      { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } }, text: 'second' },
      { range: { start: { line: 3, character: 21 }, end: { line: 3, character: 22 } }, text: 'undefined_name' },
    ]);
    const v2 = 'fun first_one() -> i64 { 1 }\nfun inserted() -> i64 { 0 }\nfun second() -> i64 { 2 }\nfun third() -> i64 { undefined_name }\n';
    expect(await outline(uri)).toEqual(
      ['first_one', 'inserted', 'second', 'third'].map((name) => [name, rangeOf(v2, at(v2, `fun <|>${name}`), at(v2, `fun ${name}<|>(`))]),
    );
    const published = await client.waitForDiagnostics(uri, (d) => d.version === 2);
    const undefinedName = span(v2, 'undefined_name');
    expect(published.diagnostics.filter((d) => d.severity === 1).map((d) => [d.code, d.range])).toEqual([['R0101', rangeOf(v2, undefinedName.start, undefinedName.end)]]);
  });

  test('a full-text change in the middle of incremental ones', async () => {
    const uri = uriIn(root, 'full.ruchy');
    client.open(uri, 'fun old() {}\n');
    client.change(uri, 2, [
      { range: { start: { line: 0, character: 4 }, end: { line: 0, character: 7 } }, text: 'older' },
      { text: 'fun fresh() {}\n' },
      { range: { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, text: 'ly' },
    ]);
    const v2 = 'fun freshly() {}\n';
    expect(await outline(uri)).toEqual([['freshly', rangeOf(v2, 4, 11)]]);
  });

  test('diagnostics are published for the newest version only, in order', async () => {
    const uri = uriIn(root, 'newest.ruchy');
    const clean = 'fun main() {\n    let x = 1\n    println(x)\n}\n';
    client.open(uri, clean);
    await client.waitForDiagnostics(uri, (d) => d.version === 1);
    const line1 = (text: string) => ({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 13 } }, text });
    // Three versions arrive in one read: only the last may be published.
    client.batch(() => {
      client.change(uri, 2, [line1('    let x = a')]);
      client.change(uri, 3, [line1('    let x = b')]);
      client.change(uri, 4, [line1('    let x = c')]);
    });
    const newest = await client.waitForDiagnostics(uri, (d) => d.version === 4);
    expect(newest.diagnostics.map((d) => d.message)).toEqual(['cannot find `c` in this scope']);
    // Typing: versions arriving a few milliseconds apart are debounced.
    for (let v = 5; v <= 9; v++) {
      client.change(uri, v, [line1(`    let x = ${'defgh'[v - 5]}`)]);
      await sleep(5);
    }
    await client.waitForDiagnostics(uri, (d) => d.version === 9);
    await sleep(300);
    const versions = client.diagnostics.filter((d) => d.uri === uri).map((d) => d.version!);
    expect(versions[0]).toBe(1);
    expect(versions).not.toContain(2);
    expect(versions).not.toContain(3);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(versions[versions.length - 1]).toBe(9);
  });

  test('closing a file that is not on disk clears its diagnostics', async () => {
    const uri = uriIn(root, 'scratch.ruchy');
    client.open(uri, 'let y = nope\n');
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.some((x) => x.code === 'R0101'));
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const cleared = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 0);
    expect(cleared.version).toBeUndefined();
  });
});

describe('pull diagnostics', () => {
  let client: LspClient;
  const a = () => uriIn(root, 'pull-a.ruchy');
  const b = () => uriIn(root, 'pull-b.ruchy');
  beforeAll(async () => {
    fs.writeFileSync(new URL(b()), 'let unused_thing = missing\n');
    client = await LspClient.start({ folders: [root], pullDiagnostics: true });
    await client.indexed();
  });
  afterAll(async () => {
    await client.shutdown();
    fs.rmSync(new URL(b()));
  });

  test('a client that pulls gets no pushed diagnostics', async () => {
    expect(await client.request('ruchy/status')).toMatchObject({ pushDiagnostics: false });
    expect(client.initializeResult.capabilities.diagnosticProvider).toEqual({ identifier: 'ruchy', interFileDependencies: true, workspaceDiagnostics: true });
  });

  test('document pull: full report, then unchanged for the same result id, full again after an edit', async () => {
    const text = 'fun main() {\n    println(undefined_one)\n}\n';
    client.open(a(), text);
    const first = await client.request<L.FullDocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: a() } });
    const name = span(text, 'undefined_one');
    expect(first).toMatchObject({ kind: 'full', items: [{ code: 'R0101', range: rangeOf(text, name.start, name.end), severity: 1 }] });
    expect(typeof first.resultId).toBe('string');
    const same = await client.request<L.DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: a() }, previousResultId: first.resultId });
    expect(same).toEqual({ kind: 'unchanged', resultId: first.resultId });
    client.change(a(), 2, [{ range: rangeOf(text, name.start, name.end), text: '42' }]);
    const fixed = await client.request<L.FullDocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: a() }, previousResultId: first.resultId });
    expect(fixed).toMatchObject({ kind: 'full', items: [] });
    expect(fixed.resultId).not.toBe(first.resultId);
    await sleep(300);
    expect(client.diagnostics).toEqual([]);
    expect(client.serverRequests).toContain('workspace/diagnostic/refresh');
  });

  test('workspace pull: every file, then held until something changes', async () => {
    const first = await client.request<L.WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    const byUri = new Map(first.items.map((i) => [i.uri, i]));
    expect(byUri.get(b())).toMatchObject({ kind: 'full', version: null, items: [{ code: 'R0401' }, { code: 'R0101' }] });
    expect(byUri.get(a())).toMatchObject({ kind: 'full', version: 2, items: [] });

    const previousResultIds = first.items.map((i) => ({ uri: i.uri, value: (i as L.WorkspaceFullDocumentDiagnosticReport).resultId! }));
    let answered = false;
    const held = client.request<L.WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds }).then((r) => {
      answered = true;
      return r;
    });
    await sleep(300);
    expect(answered).toBe(false);
    client.change(a(), 3, [{ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 14 } }, text: 'oops' }]);
    const second = await held;
    const changed = second.items.find((i) => i.uri === a())!;
    expect(changed).toMatchObject({ kind: 'full', version: 3, items: [{ code: 'R0101', message: 'cannot find `oops` in this scope' }] });
    expect(second.items.find((i) => i.uri === b())).toMatchObject({ kind: 'unchanged' });
  });

  test('a held workspace pull can be cancelled', async () => {
    const current = await client.request<L.WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    const previousResultIds = current.items.map((i) => ({ uri: i.uri, value: (i as L.WorkspaceFullDocumentDiagnosticReport).resultId! }));
    const source = new CancellationTokenSource();
    const held = client.connection.sendRequest('workspace/diagnostic', { previousResultIds }, source.token);
    await sleep(200);
    source.cancel();
    await expect(held).rejects.toMatchObject({ code: -32800 });
  });
});

describe('cancellation', () => {
  test('a request whose document changes before it is answered gets ContentModified', async () => {
    const client = await LspClient.start({ folders: [root] });
    try {
      const uri = uriIn(root, 'modified.ruchy');
      const text = 'fun main() {\n    let value = 1\n    println(value)\n}\n';
      client.open(uri, text);
      const hover = { textDocument: { uri }, position: positionOf(text, at(text, 'println(va<|>lue')) };
      expect(await client.request('textDocument/hover', hover)).not.toBeNull();
      let stale!: Promise<unknown>;
      client.batch(() => {
        stale = client.request('textDocument/hover', hover);
        client.change(uri, 2, [{ range: rangeOf(text, 0, 0), text: '\n' }]);
      });
      await expect(stale).rejects.toMatchObject({ code: -32801 });
    } finally {
      await client.shutdown();
    }
  });

  test('a cancelled request gets RequestCancelled and its analysis does not run', async () => {
    // A pulling client, so that no diagnostics run analyses behind the test's back.
    const client = await LspClient.start({ folders: [root], pullDiagnostics: true });
    try {
      const uri = uriIn(root, 'cancel.ruchy');
      const text = 'fun f(n: i64) -> i64 { n * 2 }\nfun main() {\n    let v = f(21)\n    println(v)\n}\n';
      client.open(uri, text);
      const hover = { textDocument: { uri }, position: positionOf(text, at(text, 'let <|>v')) };
      expect(await client.request('textDocument/hover', hover)).not.toBeNull();
      const before = await client.request<{ analyses: number; cancelledRequests: number }>('ruchy/status');

      // An edit (the analysis is stale now), a request and its cancellation, in one read.
      const source = new CancellationTokenSource();
      let cancelled!: Promise<unknown>;
      client.batch(() => {
        client.change(uri, 2, [{ range: rangeOf(text, at(text, 'n * <|>2'), at(text, 'n * 2<|>')), text: '3' }]);
        cancelled = client.connection.sendRequest('textDocument/hover', hover, source.token);
        source.cancel();
      });
      await expect(cancelled).rejects.toMatchObject({ code: -32800 });
      const after = await client.request<{ analyses: number; cancelledRequests: number }>('ruchy/status');
      expect(after.cancelledRequests).toBe(before.cancelledRequests + 1);
      expect(after.analyses).toBe(before.analyses);

      // The next request analyses the new text.
      expect(await client.request('textDocument/hover', hover)).toMatchObject({ contents: { value: '```ruchy\nlet v: i64\n```' } });
      expect((await client.request<{ analyses: number }>('ruchy/status')).analyses).toBe(before.analyses + 1);
    } finally {
      await client.shutdown();
    }
  });
});
