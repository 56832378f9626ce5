// Stress: a 5 MB source file opened in the LSP server (the real server over stdio). Its
// diagnostics come within a bounded time and memory, and are the planted errors exactly;
// while it is being checked, hover and completion on another, small file are answered
// (the answers arrive before the large file's diagnostics).

import { afterAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import type * as L from 'vscode-languageserver-protocol';
import { LspClient, makeWorkspace, positionOf, uriIn } from '../server/lsp/client.js';
import { largeProgram } from './generate.js';

const SMALL = `/// Doubles a number.
fun double(n: i64) -> i64 {
    n * 2
}

fun main() {
    let result = double(21)
    println(result)
}
`;

const root = makeWorkspace({ 'small.ruchy': SMALL });
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Status {
  memory: { rss: number; maxRss: number; heapUsed: number };
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

describe('stress: a 5 MB file', () => {
  test('is checked in bounded time and memory while another file is answered', async () => {
    const program = largeProgram(5 * 1024 * 1024);
    const client = await LspClient.start({ folders: [root] });
    try {
      const small = uriIn(root, 'small.ruchy');
      const big = uriIn(root, 'big.ruchy');
      client.open(small, SMALL);
      await client.waitForDiagnostics(small);
      const hoverAt = { textDocument: { uri: small }, position: positionOf(SMALL, SMALL.indexOf('double(21)')) };
      const completeAt = { textDocument: { uri: small }, position: positionOf(SMALL, SMALL.indexOf('double(21)') + 3) };

      const start = performance.now();
      const arrivals: string[] = [];
      client.open(big, program.text);
      // An edit that arrives while the text is parsed waits for it, then applies: the first
      // planted error is replaced by a number in version 2.
      const first = program.errors[0];
      const firstName = `missing_${/missing_(\d+)/.exec(program.text.slice(first))![1]}`;
      client.change(big, 2, [{ range: { start: positionOf(program.text, first), end: positionOf(program.text, first + firstName.length) }, text: '0' }]);
      const bigDiagnostics = client.waitForDiagnostics(big, () => true, 60_000).then((d) => {
        arrivals.push('diagnostics');
        return { d, ms: performance.now() - start };
      });
      const hover = client.request<L.Hover>('textDocument/hover', hoverAt).then((h) => {
        arrivals.push('hover');
        return { h, ms: performance.now() - start };
      });
      const completion = client.request<L.CompletionList>('textDocument/completion', completeAt).then((c) => {
        arrivals.push('completion');
        return { c, ms: performance.now() - start };
      });

      const [answered, completed, published] = await Promise.all([hover, completion, bigDiagnostics]);
      const status = await client.request<Status>('ruchy/status');
      console.log(
        `stress 5 MB file: ${(program.text.length / 1e6).toFixed(1)} MB, ${program.functions} functions; ` +
          `diagnostics after ${published.ms.toFixed(0)} ms (${published.d.diagnostics.length}); ` +
          `hover after ${answered.ms.toFixed(0)} ms, completion after ${completed.ms.toFixed(0)} ms; ` +
          `server peak RSS ${mb(status.memory.maxRss)} MB, heap ${mb(status.memory.heapUsed)} MB`,
      );

      // The small file's questions were answered, correctly, before the large file was done.
      expect(arrivals.indexOf('hover')).toBeLessThan(arrivals.indexOf('diagnostics'));
      expect(arrivals.indexOf('completion')).toBeLessThan(arrivals.indexOf('diagnostics'));
      expect((answered.h.contents as L.MarkupContent).value).toContain('fun double(n: i64) -> i64');
      expect(completed.c.items.map((i) => i.label)).toContain('double');

      // The newest version only, with exactly the planted errors left, where they were planted.
      expect(published.d.version).toBe(2);
      const errors = published.d.diagnostics.filter((d) => d.severity === 1);
      const left = program.errors.slice(1);
      expect(errors.map((d) => d.code)).toEqual(left.map(() => 'R0101'));
      expect(errors.map((d) => d.range.start)).toEqual(left.map((offset) => positionOf(program.text, offset)));
      // A question about the large file itself waits for it and answers from its newest text.
      const own = await client.request<L.Hover>('textDocument/hover', { textDocument: { uri: big }, position: positionOf(program.text, program.text.indexOf('step_2(limit')) });
      expect((own.contents as L.MarkupContent).value).toContain('fun step_2(limit: i64, scale: i64) -> i64');

      // Bounded: generous limits that still catch a runaway.
      expect(published.ms).toBeLessThan(60_000);
      expect(status.memory.maxRss).toBeLessThan(1.5e9);
      console.log('stress 5 MB file: 1 case, all held');
    } finally {
      await client.shutdown();
    }
  }, 120_000);
});
