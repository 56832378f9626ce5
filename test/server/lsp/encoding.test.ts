// Positions in a file with non-ASCII text (emoji, which take two UTF-16 code units and four
// UTF-8 bytes, and CJK, one unit and three bytes) BEFORE the positions asked about, under
// both negotiated encodings: UTF-16 (the default) and UTF-8 (when the client offers it).
// Expected positions are computed by the test itself (client.ts `positionOf`).

import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as L from 'vscode-languageserver-protocol';
import { at, LspClient, makeWorkspace, positionOf, span, uriIn } from './client.js';

const TEXT = `fun main() {
    let label = "😀 café 漢字"; let count = 2
    println(f"{label} 😀 {count}")
    let note = "日本語 🎉"; println(missing_name, note)
}
`;

type Encoding = 'utf-16' | 'utf-8';

/** LSP position -> offset, in the given encoding (independent of the server). */
function offsetOf(text: string, p: L.Position, encoding: Encoding): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < p.line; i++) offset += lines[i].length + 1;
  const line = lines[p.line];
  return offset + (encoding === 'utf-8' ? Buffer.from(line, 'utf8').subarray(0, p.character).toString('utf8').length : p.character);
}

describe.each<Encoding>(['utf-16', 'utf-8'])('positions in %s', (encoding) => {
  let root: string;
  let client: LspClient;
  let uri: string;
  const position = (pattern: string) => positionOf(TEXT, at(TEXT, pattern), encoding);
  const range = (start: number, end: number) => ({ start: positionOf(TEXT, start, encoding), end: positionOf(TEXT, end, encoding) });
  const request = <R>(method: string, pattern: string, extra: object = {}) => client.request<R>(method, { textDocument: { uri }, position: position(pattern), ...extra });

  beforeAll(async () => {
    root = makeWorkspace({});
    uri = uriIn(root, 'unicode.ruchy');
    // The client offers UTF-8 first when testing UTF-8; the server must pick UTF-16 otherwise.
    client = await LspClient.start({ folders: [root], encodings: encoding === 'utf-8' ? ['utf-8', 'utf-16'] : ['utf-16'] });
    client.open(uri, TEXT);
  });

  afterAll(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the negotiated encoding', () => {
    expect(client.initializeResult.capabilities.positionEncoding).toBe(encoding);
  });

  test('the test really has non-ASCII text before the positions', () => {
    const line = TEXT.split('\n')[2];
    expect(Buffer.byteLength(line.slice(0, line.indexOf('{count}')), 'utf8')).toBeGreaterThan(line.indexOf('{count}'));
  });

  test('hover after an emoji', async () => {
    const hover = await request<L.Hover>('textDocument/hover', '😀 {co<|>unt}');
    const count = span(TEXT, 'count', '😀 {');
    expect(hover.range).toEqual(range(count.start, count.end));
    expect((hover.contents as L.MarkupContent).value).toBe('```ruchy\nlet count: i64\n```');
  });

  test('definition and references after emoji and CJK', async () => {
    const decl = span(TEXT, 'count', '漢字"; let ');
    const use = span(TEXT, 'count', '😀 {');
    expect(await request('textDocument/definition', '😀 {cou<|>nt}')).toEqual([{ uri, range: range(decl.start, decl.end) }]);
    expect(await request('textDocument/references', '漢字"; let c<|>ount', { context: { includeDeclaration: true } })).toEqual([
      { uri, range: range(decl.start, decl.end) },
      { uri, range: range(use.start, use.end) },
    ]);
  });

  test('a diagnostic after CJK and an emoji', async () => {
    const published = await client.waitForDiagnostics(uri, (d) => d.diagnostics.some((x) => x.code === 'R0101'));
    const missing = span(TEXT, 'missing_name');
    expect(published.diagnostics.find((d) => d.code === 'R0101')!.range).toEqual(range(missing.start, missing.end));
  });

  test('semantic token columns and lengths', async () => {
    const result = await client.request<L.SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    const found: [number, number, number][] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < result.data.length; i += 5) {
      line += result.data[i];
      char = result.data[i] === 0 ? char + result.data[i + 1] : result.data[i + 1];
      found.push([line, char, result.data[i + 2]]);
    }
    const decl = position('漢字"; let <|>count');
    const note = position('println(missing_name, <|>note');
    expect(found).toContainEqual([decl.line, decl.character, 5]);
    expect(found).toContainEqual([note.line, note.character, 4]);
  });

  test('rename edits apply at the right places', async () => {
    const edit = await request<L.WorkspaceEdit>('textDocument/rename', '😀 {co<|>unt}', { newName: 'total' });
    const edits = (edit.documentChanges as L.TextDocumentEdit[])[0].edits;
    const sorted = [...edits].sort((a, b) => offsetOf(TEXT, b.range.start, encoding) - offsetOf(TEXT, a.range.start, encoding));
    let renamed = TEXT;
    for (const e of sorted) renamed = renamed.slice(0, offsetOf(TEXT, e.range.start, encoding)) + e.newText + renamed.slice(offsetOf(TEXT, e.range.end, encoding));
    expect(renamed).toBe(TEXT.replace('let count', 'let total').replace('{count}', '{total}'));
  });

  test('completion replaces the typed prefix after an emoji', async () => {
    const list = await request<L.CompletionList>('textDocument/completion', '😀 {cou<|>nt}');
    const count = list.items.find((i) => i.label === 'count')!;
    const start = at(TEXT, '😀 {<|>count}');
    expect((count.textEdit as L.TextEdit).range).toEqual(range(start, start + 3));
  });

  test('an incremental change addressed after non-ASCII text', async () => {
    const missing = span(TEXT, 'missing_name');
    client.change(uri, 2, [{ range: range(missing.start, missing.end), text: 'label' }]);
    const fixed = await client.waitForDiagnostics(uri, (d) => d.version === 2);
    expect(fixed.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    const after = TEXT.replace('missing_name', 'label');
    const hover = await client.request<L.Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(after, at(after, 'println(la<|>bel, note)'), encoding) });
    expect(hover.range).toEqual({ start: positionOf(after, at(after, 'println(<|>label, note'), encoding), end: positionOf(after, at(after, 'println(label<|>, note'), encoding) });
  });
});
