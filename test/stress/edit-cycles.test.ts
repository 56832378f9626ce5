// Stress: 10,000 edit cycles on the real LSP server (run with --expose-gc, so that its
// status reports the heap after a full collection). Each cycle changes a line and asks a
// question that needs the new analysis; the heap after the cycles is within a generous
// bound of the heap before them (no leak), and the answers follow the edits.

import { afterAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import type * as L from 'vscode-languageserver-protocol';
import { LspClient, makeWorkspace, uriIn } from '../server/lsp/client.js';

const CYCLES = 10_000;
const WARM_UP = 500;
const root = makeWorkspace({});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Status {
  memory: { rss: number; heapUsed: number; collected: boolean };
}

/** Line 2 of cycle `n`: a value of another type every third cycle, so that the answers change with the edits. */
const valueLine = (n: number) => (n % 3 === 0 ? `    let value = "text ${n}"` : `    let value = ${n}`);
const TEXT = `/// Prints a value.\nfun main() {\n${valueLine(1)}\n    println(value)\n}\n\nfun helper(x: i64) -> i64 {\n    x * 2\n}\n`;
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

describe('stress: edit cycles', () => {
  test(`${CYCLES.toLocaleString('en-US')} edit cycles keep the heap stable`, async () => {
    const client = await LspClient.start({ folders: [root], nodeArgs: ['--expose-gc'] });
    try {
      const uri = uriIn(root, 'cycles.ruchy');
      client.open(uri, TEXT, 1);
      await client.waitForDiagnostics(uri);
      let line = valueLine(1);
      const cycle = async (n: number) => {
        const next = valueLine(n);
        client.change(uri, n, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: line.length } }, text: next }]);
        line = next;
        const hover = await client.request<L.Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 13 } });
        return (hover.contents as L.MarkupContent).value;
      };

      for (let n = 2; n < 2 + WARM_UP; n++) await cycle(n);
      const before = (await client.request<Status>('ruchy/status')).memory;
      const start = performance.now();
      for (let n = 2 + WARM_UP; n < 2 + WARM_UP + CYCLES; n++) {
        const answer = await cycle(n);
        // The answer is about the text of this cycle.
        if (n % 97 === 0) expect(answer).toContain(n % 3 === 0 ? 'let value: String' : 'let value: i64');
      }
      const elapsed = performance.now() - start;
      const after = (await client.request<Status>('ruchy/status')).memory;
      const growth = after.heapUsed - before.heapUsed;
      console.log(
        `stress edit cycles: ${CYCLES} cycles (didChange + hover) in ${elapsed.toFixed(0)} ms; heap after GC ${mb(before.heapUsed)} MB -> ${mb(after.heapUsed)} MB ` +
          `(${growth >= 0 ? '+' : ''}${mb(growth)} MB), RSS ${mb(before.rss)} MB -> ${mb(after.rss)} MB`,
      );
      expect(before.collected && after.collected).toBe(true);
      expect(growth).toBeLessThan(50e6);
      console.log(`stress edit cycles: ${CYCLES} cycles, all held`);
    } catch (error) {
      console.log(client.stderr);
      throw error;
    } finally {
      await client.shutdown();
    }
  }, 120_000);
});
