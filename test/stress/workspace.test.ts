// Stress: a workspace of 10,000 files indexed by the real LSP server. Every file is in the
// service, the errors planted in some of them (and only those) are published, and a
// cross-file question is answered; indexing time and heap are printed.

import { afterAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as L from 'vscode-languageserver-protocol';
import { LspClient, makeWorkspace, uriIn } from '../server/lsp/client.js';
import { workspaceFile } from './generate.js';

const FILES = 10_000;
const BROKEN_EVERY = 1000;
const root = makeWorkspace({});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Status {
  files: number;
  memory: { rss: number; maxRss: number; heapUsed: number; collected: boolean };
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

describe('stress: a large workspace', () => {
  test(`${FILES.toLocaleString('en-US')} files are indexed, checked and answered`, async () => {
    const broken = new Set<string>();
    const writing = performance.now();
    for (let folder = 0; folder < FILES / 100; folder++) fs.mkdirSync(path.join(root, `part_${folder}`));
    for (let i = 0; i < FILES; i++) {
      const isBroken = i % BROKEN_EVERY === BROKEN_EVERY - 1;
      // A hundred files per folder, as a project would have; modules reach their siblings.
      const file = workspaceFile(i, i % 100 !== 0, isBroken);
      const relative = path.join(`part_${Math.floor(i / 100)}`, file.name);
      fs.writeFileSync(path.join(root, relative), file.text);
      if (isBroken) broken.add(uriIn(root, relative));
    }

    console.log(`stress workspace: ${FILES} files written in ${(performance.now() - writing).toFixed(0)} ms`);
    const start = performance.now();
    const client = await LspClient.start({ folders: [root], nodeArgs: ['--expose-gc'] });
    try {
      await client.indexed();
      const indexedMs = performance.now() - start;
      console.log(`stress workspace: indexed after ${indexedMs.toFixed(0)} ms`);
      const status = await client.request<Status>('ruchy/status');
      expect(status.files).toBe(FILES);

      // The planted errors are published, each in its own file.
      await client.waitFor(() => (new Set(client.diagnostics.filter((d) => d.diagnostics.length > 0).map((d) => d.uri)).size >= broken.size ? true : undefined), 'the planted errors', 60_000);
      const checkedMs = performance.now() - start;
      console.log(`stress workspace: planted errors after ${checkedMs.toFixed(0)} ms`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const withErrors = new Map<string, L.Diagnostic[]>();
      for (const published of client.diagnostics) withErrors.set(published.uri, published.diagnostics);
      for (const [uri, diagnostics] of withErrors) {
        const i = Number(/mod_(\d+)\.ruchy$/.exec(uri)![1]);
        expect(diagnostics.map((d) => d.message), uri).toEqual(broken.has(uri) ? [`cannot find \`unknown_${i}\` in this scope`] : []);
      }
      expect([...withErrors.keys()].filter((uri) => withErrors.get(uri)!.length > 0).sort()).toEqual([...broken].sort());

      // A question across files: the function of file 5000, seen from file 5001.
      const caller = uriIn(root, path.join('part_50', 'mod_5001.ruchy'));
      const answerStart = performance.now();
      const hover = await client.request<L.Hover>('textDocument/hover', { textDocument: { uri: caller }, position: { line: 2, character: 27 } });
      const hoverMs = performance.now() - answerStart;
      expect((hover.contents as L.MarkupContent).value).toContain('fun value_5000(n: i64) -> i64');
      const symbols = await client.request<L.SymbolInformation[]>('workspace/symbol', { query: 'value_9999' });
      expect(symbols.map((s) => s.name)).toContain('value_9999');

      const after = await client.request<Status>('ruchy/status');
      console.log(
        `stress workspace: ${FILES} files indexed in ${indexedMs.toFixed(0)} ms, planted errors published after ${checkedMs.toFixed(0)} ms; ` +
          `hover across files ${hoverMs.toFixed(0)} ms; server heap ${mb(after.memory.heapUsed)} MB after GC, peak RSS ${mb(after.memory.maxRss)} MB`,
      );
      expect(after.memory.collected).toBe(true);
      expect(after.memory.maxRss).toBeLessThan(1.5e9);
      console.log(`stress workspace: ${FILES} files, ${broken.size} with errors, all held`);
    } finally {
      await client.shutdown();
    }
  }, 120_000);
});
