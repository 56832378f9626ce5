// The server factory in process, with an in-memory transport and a language service we
// can bend: the apply path of `format` (atomic write, diagnostics delta) with a stand-in
// formatter, and a service that throws (the server answers isError and keeps serving).

import * as fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createMcpServer } from '../../../server/mcp/server.js';
import { createLanguageService, type LanguageService } from '../../../src/service/language-service.js';
import { call, makeWorkspace, newClient, structured, text, type TempWorkspace } from './helpers.js';

const open: { close(): Promise<void> }[] = [];
const workspaces: TempWorkspace[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  for (const w of workspaces.splice(0)) w.cleanup();
});

async function connect(service: LanguageService, files: Record<string, string>) {
  const ws = makeWorkspace(files);
  workspaces.push(ws);
  const { server } = createMcpServer(service, { roots: [ws.dir], watch: false, stderr: false });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = newClient();
  await client.connect(clientSide);
  open.push(client, server);
  return { ws, client };
}

/** The real service, except that `format` re-indents two-space blocks to four spaces. */
function withStandInFormatter(): LanguageService {
  const real = createLanguageService();
  return new Proxy(real, {
    get(target, key, receiver) {
      if (key === 'format') {
        return (uri: string) => {
          const text = target.getDocument(uri)?.text ?? '';
          const formatted = text.replace(/^( {2})(?! )/gm, '    ');
          return formatted === text ? [] : [{ start: 0, end: text.length, text: formatted }];
        };
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('format with apply', () => {
  it('previews, then writes the formatted text atomically and reports an empty delta', async () => {
    const source = 'fun main() {\n  let unused = 1\n  println(2)\n}\n';
    const { ws, client } = await connect(withStandInFormatter(), { 'main.ruchy': source });
    const preview = await call(client, 'format', { path: 'main.ruchy' });
    expect(structured(preview)).toMatchObject({ changed: true, applied: false, formatted: 'fun main() {\n    let unused = 1\n    println(2)\n}\n' });
    expect(ws.read('main.ruchy')).toBe(source);
    const applied = await call(client, 'format', { path: 'main.ruchy', apply: true });
    expect(structured(applied)).toMatchObject({ changed: true, applied: true, diagnostics: { introduced: [], removed: [] } });
    expect(text(applied)).toMatch(/Formatted main.ruchy \(written\)\.\nDiagnostics unchanged\./);
    expect(ws.read('main.ruchy')).toBe('fun main() {\n    let unused = 1\n    println(2)\n}\n');
    expect(fs.readdirSync(ws.dir)).toEqual(['main.ruchy']);
    const again = await call(client, 'format', { path: 'main.ruchy', apply: true });
    expect(structured(again)).toMatchObject({ changed: false, applied: false });
    expect(text(again)).toBe('main.ruchy is already formatted.');
  });
});

describe('failures inside the service', () => {
  it('become isError answers, and the server keeps serving', async () => {
    const real = createLanguageService();
    const broken = new Proxy(real, {
      get(target, key, receiver) {
        if (key === 'hover') return () => { throw new Error('boom'); };
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const { client } = await connect(broken, { 'a.ruchy': 'fun a() -> i64 { 1 }\nfun main() { println(a()) }\n' });
    const failed = await call(client, 'hover', { path: 'a.ruchy', line: 1, column: 5 });
    expect(failed.isError).toBe(true);
    expect(text(failed)).toMatch(/hover failed with an internal error \(boom\)/);
    const fine = await call(client, 'diagnostics', { path: 'a.ruchy' });
    expect(fine.isError).toBeFalsy();
    expect(structured<{ files_checked: number }>(fine).files_checked).toBe(1);
  });
});
