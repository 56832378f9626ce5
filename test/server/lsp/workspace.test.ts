// The workspace behind the editor: indexing every *.ruchy of the workspace folders after
// `initialized` (with $/progress), cross-file answers before any file is opened, open
// documents overriding the disk and reverting on close, files changed on disk
// (didChangeWatchedFiles, registered dynamically), and workspace folder changes.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as L from 'vscode-languageserver-protocol';
import { at, LspClient, makeWorkspace, positionOf, rangeOf, span, uriIn, writeFile } from './client.js';

const SHAPES = `/// Twice the value.
pub fun double(n: i64) -> i64 {
    n * 2
}

pub fun triple(n: i64) -> i64 {
    n * 3
}
`;

const APP = `use shapes::{double}

fun main() {
    println(double(21))
}
`;

const BROKEN = `fun broken() {
    let z = not_defined
    println(z)
}
`;

let root: string;
let client: LspClient;
const shapes = () => uriIn(root, 'shapes.ruchy');
const app = () => uriIn(root, 'app.ruchy');
const broken = () => uriIn(root, 'broken.ruchy');

const symbols = async (query: string) => (await client.request<L.SymbolInformation[]>('workspace/symbol', { query })).map((s) => `${s.name}@${path.basename(s.location.uri)}`);

beforeAll(async () => {
  root = makeWorkspace({
    'shapes.ruchy': SHAPES,
    'app.ruchy': APP,
    'broken.ruchy': BROKEN,
    'node_modules/dep/ignored.ruchy': 'pub fun ignored_dependency() {}\n',
    '.hidden/secret.ruchy': 'pub fun hidden_function() {}\n',
    'notes.txt': 'not ruchy',
  });
  client = await LspClient.start({ folders: [root] });
  await client.indexed();
});

afterAll(async () => {
  await client.shutdown();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('indexing', () => {
  test('reports progress with one token from begin to end, created by the server', async () => {
    expect(client.serverRequests).toContain('window/workDoneProgress/create');
    const kinds = client.progress.map((p) => p.value.kind);
    expect(kinds[0]).toBe('begin');
    expect(kinds[kinds.length - 1]).toBe('end');
    expect(new Set(client.progress.map((p) => p.token)).size).toBe(1);
    expect(client.progress[0].value).toMatchObject({ title: 'Indexing Ruchy files', message: '0/3 files', percentage: 0 });
    expect(client.progress.find((p) => p.value.kind === 'report' && p.value.percentage === 100)?.value.message).toBe('3/3 files');
  });

  test('every *.ruchy of the folder is loaded, skipping node_modules and hidden folders', async () => {
    expect(await client.request('ruchy/status')).toMatchObject({ files: 3, openFiles: 0, indexing: false });
    expect(await symbols('ignored_dependency')).toEqual([]);
    expect(await symbols('hidden_function')).toEqual([]);
  });

  test('cross-file references and definitions work before any file is opened', async () => {
    const refs = await client.request<L.Location[]>('textDocument/references', {
      textDocument: { uri: shapes() },
      position: positionOf(SHAPES, at(SHAPES, 'fun dou<|>ble')),
      context: { includeDeclaration: false },
    });
    const inUse = span(APP, 'double');
    const inCall = span(APP, 'double', 'println(');
    expect(refs).toEqual([
      { uri: app(), range: rangeOf(APP, inUse.start, inUse.end) },
      { uri: app(), range: rangeOf(APP, inCall.start, inCall.end) },
    ]);
    const definition = await client.request<L.Location[]>('textDocument/definition', { textDocument: { uri: app() }, position: positionOf(APP, at(APP, 'println(dou<|>ble')) });
    expect(definition).toEqual([{ uri: shapes(), range: rangeOf(SHAPES, at(SHAPES, 'fun <|>double'), at(SHAPES, 'fun double<|>(')) }]);
  });

  test('diagnostics are published for files that are not open', async () => {
    const published = await client.waitForDiagnostics(broken(), (d) => d.diagnostics.length > 0);
    const name = span(BROKEN, 'not_defined');
    expect(published.version).toBeUndefined();
    expect(published.diagnostics).toContainEqual(expect.objectContaining({ code: 'R0101', range: rangeOf(BROKEN, name.start, name.end) }));
  });
});

describe('open documents override the disk', () => {
  test('the editor text wins while open; closing reverts to the disk', async () => {
    const edited = SHAPES.replace('pub fun triple', 'pub fun quadruple');
    client.open(shapes(), edited);
    expect(await symbols('quadruple')).toEqual(['quadruple@shapes.ruchy']);
    expect(await symbols('triple')).toEqual([]);
    client.notify('textDocument/didClose', { textDocument: { uri: shapes() } });
    expect(await symbols('triple')).toEqual(['triple@shapes.ruchy']);
    expect(await symbols('quadruple')).toEqual([]);
  });
});

describe('files changed on disk', () => {
  test('the watcher is registered dynamically', () => {
    const registration = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    expect(registration?.registerOptions).toMatchObject({ watchers: [{ globPattern: '**/*.ruchy' }, { globPattern: '**/*', kind: 4 }] });
  });

  test('created, changed and deleted files update symbols and diagnostics', async () => {
    const uri = writeFile(root, 'extra/made.ruchy', 'pub fun made_outside() {\n    println(nowhere)\n}\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
    const created = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0);
    expect(created.diagnostics).toContainEqual(expect.objectContaining({ code: 'R0101', message: 'cannot find `nowhere` in this scope', range: { start: { line: 1, character: 12 }, end: { line: 1, character: 19 } } }));
    expect(await symbols('made_outside')).toEqual(['made_outside@made.ruchy']);

    writeFile(root, 'extra/made.ruchy', 'pub fun made_outside() {\n    println(1)\n}\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    await client.waitForDiagnostics(uri, (d) => !d.diagnostics.some((x) => x.code === 'R0101'));

    fs.rmSync(new URL(uri));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 0);
    expect(await symbols('made_outside')).toEqual([]);
  });

  test('a change on disk to an open file is ignored: the editor has the newer text', async () => {
    client.open(app(), APP.replace('double(21)', 'double(22)'));
    writeFile(root, 'app.ruchy', APP.replace('fun main', 'fun renamed_on_disk'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: app(), type: 2 }] });
    expect(await symbols('main')).toContain('main@app.ruchy');
    client.notify('textDocument/didClose', { textDocument: { uri: app() } });
    expect(await symbols('renamed_on_disk')).toEqual(['renamed_on_disk@app.ruchy']);
    writeFile(root, 'app.ruchy', APP);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: app(), type: 2 }] });
  });

  test('a deleted folder drops its files', async () => {
    const uri = writeFile(root, 'gone/inside.ruchy', 'pub fun inside_gone_folder() {}\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
    expect(await symbols('inside_gone_folder')).toEqual(['inside_gone_folder@inside.ruchy']);
    fs.rmSync(path.join(root, 'gone'), { recursive: true });
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(root, 'gone')).href, type: 3 }] });
    expect(await symbols('inside_gone_folder')).toEqual([]);
  });
});

describe('workspace folders', () => {
  test('an added folder is indexed; a removed one is dropped', async () => {
    const other = makeWorkspace({ 'more.ruchy': 'pub fun from_second_folder() {}\n' });
    try {
      const folder = { uri: pathToFileURL(other).href, name: 'other' };
      client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
      expect(await symbols('from_second_folder')).toEqual(['from_second_folder@more.ruchy']);
      client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
      expect(await symbols('from_second_folder')).toEqual([]);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

test('a client that only gives rootUri gets its folder indexed', async () => {
  const only = makeWorkspace({ 'solo.ruchy': 'pub fun solo_function() {}\n' });
  const solo = await LspClient.start({ folders: [only], rootUriOnly: true });
  try {
    await solo.indexed();
    const found = await solo.request<L.SymbolInformation[]>('workspace/symbol', { query: 'solo_function' });
    expect(found.map((s) => s.name)).toEqual(['solo_function']);
  } finally {
    await solo.shutdown();
    fs.rmSync(only, { recursive: true, force: true });
  }
});
