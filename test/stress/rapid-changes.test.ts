// Stress: 1,000 `didChange` notifications in quick succession to the real LSP server.
// Every publication describes the version it names (odd versions use an unknown name that
// carries the version's number, even ones do not), versions only go up, and the last one
// published is the newest, with nothing after it.

import { afterAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import { LspClient, makeWorkspace, uriIn } from '../server/lsp/client.js';

const CHANGES = 1000;
const root = makeWorkspace({});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Line 1 of version `v`: an unknown name `missing_<v>` for odd versions, a number for even ones. */
const valueLine = (v: number) => (v % 2 === 1 ? `    let value = missing_${v}` : `    let value = ${v}`);
const textOf = (v: number) => `fun main() {\n${valueLine(v)}\n    println(value)\n}\n`;

describe('stress: rapid changes', () => {
  test(`${CHANGES} didChange events: only the newest version's diagnostics last, nothing out of order`, async () => {
    const client = await LspClient.start({ folders: [root] });
    try {
      const uri = uriIn(root, 'rapid.ruchy');
      client.open(uri, textOf(1), 1);
      await client.waitForDiagnostics(uri, (d) => d.version === 1);
      const start = performance.now();
      for (let v = 2; v <= CHANGES + 1; v++) {
        const previous = valueLine(v - 1);
        client.change(uri, v, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: previous.length } }, text: valueLine(v) }]);
        // Spread over several reads, as typing would be.
        if (v % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const last = CHANGES + 1;
      await client.waitForDiagnostics(uri, (d) => d.version === last, 30_000);
      const settled = performance.now() - start;
      // Quiet for longer than the server's debounce and its pass over the other files.
      await new Promise((resolve) => setTimeout(resolve, 1000));

      const mine = client.diagnostics.filter((d) => d.uri === uri);
      const versions = mine.map((d) => d.version!);
      console.log(`stress rapid changes: ${CHANGES} didChange in ${settled.toFixed(0)} ms to the newest diagnostics; ${mine.length} publications (versions ${versions.join(', ')})`);
      for (const published of mine) {
        const v = published.version!;
        const errors = published.diagnostics.filter((d) => d.severity === 1).map((d) => d.message);
        expect(errors, `version ${v}`).toEqual(v % 2 === 1 ? [`cannot find \`missing_${v}\` in this scope`] : []);
      }
      for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]);
      expect(versions[versions.length - 1]).toBe(last);
      // Not one publication per change: the newest version wins.
      expect(mine.length).toBeLessThan(CHANGES / 10);
      // And the server holds the newest text.
      const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 13 } });
      expect(hover?.contents.value).toContain('let value');
      console.log(`stress rapid changes: ${mine.length} publications checked against their versions, all held`);
    } finally {
      await client.shutdown();
    }
  }, 60_000);
});
