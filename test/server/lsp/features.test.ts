// Every request the server answers, through the real stdio transport, with results at
// exact positions: hover, definition, type definition, references, highlights, rename,
// symbols, completion, signature help, formatting, semantic tokens, folding, selection
// ranges, inlay hints, code actions, code lenses and the `ruchy.run` command.

import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as L from 'vscode-languageserver-protocol';
import { applyEdits, at, LspClient, makeWorkspace, positionOf, rangeOf, span, uriIn } from './client.js';

const GEOM = `/// A point in the plane.
pub struct Point {
    x: f64,
    y: f64
}

impl Point {
    /// A point from coordinates.
    pub fun new(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    /// Distance from the origin.
    pub fun norm(&self) -> f64 {
        (self.x * self.x + self.y * self.y).sqrt()
    }
}

pub fun area(p: Point) -> f64 {
    p.x * p.y
}
`;

const MAIN = `use geom::{Point, area}

/// Adds two numbers.
fun add(a: i64, b: i64) -> i64 {
    a + b
}

fun classify(n: i64) -> String {
    if n > 10 {
        "big"
    } else if n > 5 {
        "medium"
    } else {
        "small"
    }
}

fun main() {
    let p = Point::new(3.0, 4.0)
    let total = add(1, 2)
    let mut count = 0
    count += total
    let spare = 1
    total = 3
    println(f"{p.norm()} {count} {area(p)} {classify(totl)}")
}
`;

let root: string;
let client: LspClient;
let main: string;
let geom: string;

const pos = (text: string, pattern: string) => positionOf(text, at(text, pattern));
const params = (uri: string, text: string, pattern: string) => ({ textDocument: { uri }, position: pos(text, pattern) });

beforeAll(async () => {
  root = makeWorkspace({ 'main.ruchy': MAIN, 'geom.ruchy': GEOM });
  main = uriIn(root, 'main.ruchy');
  geom = uriIn(root, 'geom.ruchy');
  client = await LspClient.start({ folders: [root], initializationOptions: { maxComplexity: 2 } });
  client.open(main, MAIN);
  await client.indexed();
});

afterAll(async () => {
  await client.shutdown();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('hover', () => {
  test('a function from another file: signature, doc comment and the name range', async () => {
    const hover = await client.request<L.Hover>('textDocument/hover', params(main, MAIN, '{ar<|>ea(p)}'));
    expect(hover.contents).toEqual({ kind: 'markdown', value: '```ruchy\nfun area(p: Point) -> f64\n```' });
    expect(hover.range).toEqual(rangeOf(MAIN, at(MAIN, '{<|>area(p)}'), at(MAIN, '{area<|>(p)}')));
  });

  test('a local variable shows its inferred type', async () => {
    const hover = await client.request<L.Hover>('textDocument/hover', params(main, MAIN, 'let to<|>tal'));
    expect((hover.contents as L.MarkupContent).value).toBe('```ruchy\nlet total: i64\n```');
  });

  test('nothing to say on a keyword', async () => {
    expect(await client.request('textDocument/hover', params(main, MAIN, 'l<|>et p'))).toBeNull();
  });
});

describe('navigation', () => {
  test('definition of an imported function is in the other file', async () => {
    const result = await client.request<L.Location[]>('textDocument/definition', params(main, MAIN, 'println(f"{p.norm()} {count} {ar<|>ea'));
    expect(result).toEqual([{ uri: geom, range: rangeOf(GEOM, at(GEOM, 'pub fun <|>area'), at(GEOM, 'pub fun area<|>(')) }]);
  });

  test('definition of a method through a value', async () => {
    const result = await client.request<L.Location[]>('textDocument/definition', params(main, MAIN, 'p.no<|>rm()'));
    expect(result).toEqual([{ uri: geom, range: rangeOf(GEOM, at(GEOM, 'pub fun <|>norm'), at(GEOM, 'pub fun norm<|>(')) }]);
  });

  test('type definition of a variable is its struct', async () => {
    const result = await client.request<L.Location[]>('textDocument/typeDefinition', params(main, MAIN, 'let <|>p ='));
    expect(result).toEqual([{ uri: geom, range: rangeOf(GEOM, at(GEOM, 'pub struct <|>Point'), at(GEOM, 'pub struct Point<|> {')) }]);
  });

  test('references across files, with and without the declaration', async () => {
    const withDecl = await client.request<L.Location[]>('textDocument/references', { ...params(geom, GEOM, 'pub fun ar<|>ea'), context: { includeDeclaration: true } });
    const areaInUse = span(MAIN, 'area', 'use geom');
    const areaInCall = span(MAIN, 'area', 'println');
    expect(withDecl).toEqual([
      { uri: geom, range: rangeOf(GEOM, at(GEOM, 'pub fun <|>area'), at(GEOM, 'pub fun area<|>(')) },
      { uri: main, range: rangeOf(MAIN, areaInUse.start, areaInUse.end) },
      { uri: main, range: rangeOf(MAIN, areaInCall.start, areaInCall.end) },
    ]);
    const without = await client.request<L.Location[]>('textDocument/references', { ...params(geom, GEOM, 'pub fun ar<|>ea'), context: { includeDeclaration: false } });
    expect(without.map((l) => l.uri)).toEqual([main, main]);
  });

  test('document highlights tell writes from reads', async () => {
    const result = await client.request<L.DocumentHighlight[]>('textDocument/documentHighlight', params(main, MAIN, 'let mut co<|>unt'));
    const decl = span(MAIN, 'count', 'let mut ');
    const write = span(MAIN, 'count', 'let mut count = 0\n');
    const read = span(MAIN, 'count', 'p.norm()');
    expect(result).toEqual([
      { range: rangeOf(MAIN, decl.start, decl.end), kind: 3 },
      { range: rangeOf(MAIN, write.start, write.end), kind: 3 },
      { range: rangeOf(MAIN, read.start, read.end), kind: 2 },
    ]);
  });
});

describe('rename', () => {
  test('prepareRename gives the name range and placeholder', async () => {
    const result = await client.request<{ range: L.Range; placeholder: string }>('textDocument/prepareRename', params(main, MAIN, 'fun a<|>dd'));
    expect(result).toEqual({ range: rangeOf(MAIN, at(MAIN, 'fun <|>add'), at(MAIN, 'fun add<|>(')), placeholder: 'add' });
  });

  test('prepareRename on a builtin is an error with the service message', async () => {
    await expect(client.request('textDocument/prepareRename', params(main, MAIN, 'print<|>ln'))).rejects.toMatchObject({
      code: -32803,
      message: '`println` is built in and cannot be renamed',
    });
  });

  test('rename across files as versioned document changes', async () => {
    const edit = await client.request<L.WorkspaceEdit>('textDocument/rename', { ...params(geom, GEOM, 'pub fun ar<|>ea'), newName: 'surface' });
    const changes = edit.documentChanges as L.TextDocumentEdit[];
    expect(changes.map((c) => c.textDocument)).toEqual([{ uri: geom, version: null }, { uri: main, version: 1 }]);
    expect(applyEdits(GEOM, changes[0].edits)).toContain('pub fun surface(p: Point)');
    const renamed = applyEdits(MAIN, changes[1].edits);
    expect(renamed).toContain('use geom::{Point, surface}');
    expect(renamed).toContain('{surface(p)}');
  });

  test('rename to a keyword is refused', async () => {
    await expect(client.request('textDocument/rename', { ...params(main, MAIN, 'fun a<|>dd'), newName: 'while' })).rejects.toMatchObject({ code: -32803, message: '`while` is a keyword' });
  });
});

describe('symbols', () => {
  test('document symbols are nested', async () => {
    const symbols = await client.request<L.DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: geom } });
    expect(symbols.map((s) => [s.name, s.kind])).toEqual([['Point', 23], ['impl Point', 23], ['area', 12]]);
    expect(symbols[1].children!.map((s) => [s.name, s.kind, s.detail])).toEqual([
      ['new', 6, 'fun new(x: f64, y: f64) -> Point'],
      ['norm', 6, 'fun norm(&self) -> f64'],
    ]);
    expect(symbols[0].selectionRange).toEqual(rangeOf(GEOM, at(GEOM, 'struct <|>Point'), at(GEOM, 'struct Point<|> {')));
  });

  test('workspace symbols find declarations in every file', async () => {
    const symbols = await client.request<L.SymbolInformation[]>('workspace/symbol', { query: 'area' });
    expect(symbols).toContainEqual({ name: 'area', kind: 12, location: { uri: geom, range: rangeOf(GEOM, at(GEOM, 'fun <|>area'), at(GEOM, 'fun area<|>(')) } });
  });
});

describe('completion', () => {
  test('members after a dot, documentation on resolve', async () => {
    const list = await client.request<L.CompletionList>('textDocument/completion', params(main, MAIN, 'p.<|>norm()'));
    const norm = list.items.find((i) => i.label === 'norm')!;
    expect(norm).toMatchObject({ kind: 2, detail: 'fun norm(&self) -> f64' });
    expect(norm.documentation).toBeUndefined();
    expect((norm.textEdit as L.TextEdit).range).toEqual(rangeOf(MAIN, at(MAIN, 'p.<|>norm()'), at(MAIN, 'p.<|>norm()')));
    const resolved = await client.request<L.CompletionItem>('completionItem/resolve', norm);
    expect(resolved.documentation).toEqual({ kind: 'markdown', value: 'Distance from the origin.' });
  });

  test('functions insert a call snippet replacing the typed prefix', async () => {
    const uri = uriIn(root, 'snippet.ruchy');
    const text = 'fun add(a: i64, b: i64) -> i64 {\n    a + b\n}\n\nfun main() {\n    let t = ad\n}\n';
    client.open(uri, text);
    const list = await client.request<L.CompletionList>('textDocument/completion', params(uri, text, 'let t = ad<|>'));
    const add = list.items.find((i) => i.label === 'add')!;
    expect(add).toMatchObject({ kind: 3, detail: 'fun add(a: i64, b: i64) -> i64', insertTextFormat: 2 });
    expect(add.textEdit).toEqual({ range: rangeOf(text, at(text, 'let t = <|>ad'), at(text, 'let t = ad<|>')), newText: 'add(${1:a}, ${2:b})$0' });
    client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  test('no snippet where the call parentheses are already there', async () => {
    const list = await client.request<L.CompletionList>('textDocument/completion', params(main, MAIN, 'let total = ad<|>d(1, 2)'));
    expect(list.items.find((i) => i.label === 'add')).toMatchObject({ insertTextFormat: 1, textEdit: { newText: 'add' } });
  });

  test('the trigger characters are . and :', () => {
    expect(client.initializeResult.capabilities.completionProvider).toEqual({ triggerCharacters: ['.', ':'], resolveProvider: true });
  });
});

test('signature help with the active parameter', async () => {
  const help = await client.request<L.SignatureHelp>('textDocument/signatureHelp', params(main, MAIN, 'add(1, <|>2)'));
  expect(help).toEqual({
    signatures: [{ label: 'fun add(a: i64, b: i64) -> i64', documentation: { kind: 'markdown', value: 'Adds two numbers.' }, parameters: [{ label: [8, 14] }, { label: [16, 22] }], activeParameter: 1 }],
    activeSignature: 0,
    activeParameter: 1,
  });
});

describe('formatting', () => {
  const MESSY = 'fun   add(a:i64,b:i64)->i64{\na+b\n}\nfun main() {\n      let x=add(1,2)\n  println(x)\n}\n';

  test('whole-file formatting: edits that format, and nothing more to do after them', async () => {
    const uri = uriIn(root, 'messy.ruchy');
    client.open(uri, MESSY);
    const edits = await client.request<L.TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
    expect(edits.length).toBeGreaterThan(0);
    const formatted = applyEdits(MESSY, edits);
    expect(formatted).toContain('\n    let x = add(1, 2)\n');
    client.change(uri, 2, [{ range: rangeOf(MESSY, 0, MESSY.length), text: formatted }]);
    expect(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } })).toEqual([]);
    client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  test('range formatting touches only the statements in the range, with the given tab size', async () => {
    const uri = uriIn(root, 'messy-range.ruchy');
    client.open(uri, MESSY);
    const range = rangeOf(MESSY, at(MESSY, '<|>fun main'), MESSY.length);
    const edits = await client.request<L.TextEdit[]>('textDocument/rangeFormatting', { textDocument: { uri }, range, options: { tabSize: 2, insertSpaces: true } });
    expect(edits.length).toBeGreaterThan(0);
    for (const e of edits) expect(e.range.start.line).toBeGreaterThanOrEqual(range.start.line);
    const formatted = applyEdits(MESSY, edits);
    expect(formatted.startsWith('fun   add(a:i64,b:i64)->i64{\na+b\n}\n')).toBe(true);
    expect(formatted).toContain('\n  let x = add(1, 2)\n  println(x)\n');
    client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  test('a file with a syntax error is left alone', async () => {
    const broken = uriIn(root, 'broken.ruchy');
    client.open(broken, 'fun f( {\n');
    expect(await client.request('textDocument/formatting', { textDocument: { uri: broken }, options: { tabSize: 4, insertSpaces: true } })).toEqual([]);
    client.notify('textDocument/didClose', { textDocument: { uri: broken } });
  });
});

describe('semantic tokens', () => {
  const legend = () => client.initializeResult.capabilities.semanticTokensProvider!.legend;

  /** Decodes LSP's relative encoding into [line, char, length, type, modifiers[]]. */
  function decode(data: number[]): [number, number, number, string, string[]][] {
    const out: [number, number, number, string, string[]][] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
      const modifiers = legend().tokenModifiers.filter((_, bit) => (data[i + 4] & (1 << bit)) !== 0);
      out.push([line, char, data[i + 2], legend().tokenTypes[data[i + 3]], modifiers]);
    }
    return out;
  }

  test('the legend covers every kind and modifier the service emits', () => {
    expect(legend()).toEqual({
      tokenTypes: ['namespace', 'type', 'struct', 'enum', 'enumMember', 'interface', 'typeParameter', 'function', 'method', 'property', 'variable', 'parameter', 'label', 'macro'],
      tokenModifiers: ['declaration', 'readonly', 'mutable', 'defaultLibrary'],
    });
    expect(client.initializeResult.capabilities.semanticTokensProvider).toMatchObject({ full: { delta: true } });
  });

  test('full: names with kinds and modifiers at exact positions', async () => {
    const result = await client.request<L.SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: main } });
    const tokens = decode(result.data);
    const find = (pattern: string) => tokens.find(([line, char]) => line === pos(MAIN, pattern).line && char === pos(MAIN, pattern).character);
    expect(find('fun <|>add')).toEqual([3, 4, 3, 'function', ['declaration']]);
    expect(find('let mut <|>count')).toEqual([...Object.values(pos(MAIN, 'let mut <|>count')), 5, 'variable', ['declaration', 'mutable']]);
    expect(find('<|>println')).toEqual([...Object.values(pos(MAIN, '<|>println')), 7, 'function', ['defaultLibrary']]);
    expect(find('p.<|>norm()')).toEqual([...Object.values(pos(MAIN, 'p.<|>norm()')), 4, 'method', []]);
  });

  test('delta: an edit answers with one splice that rebuilds the new tokens', async () => {
    const uri = uriIn(root, 'delta.ruchy');
    const text = 'fun one() -> i64 { 1 }\nfun two() -> i64 { one() }\n';
    client.open(uri, text);
    const first = await client.request<L.SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'fun zero() -> i64 { 0 }\n' }]);
    const delta = await client.request<L.SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: first.resultId });
    expect(delta.edits).toHaveLength(1);
    const [edit] = delta.edits;
    const rebuilt = [...first.data.slice(0, edit.start), ...(edit.data ?? []), ...first.data.slice(edit.start + edit.deleteCount)];
    const full = await client.request<L.SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    expect(rebuilt).toEqual(full.data);
    expect(decode(full.data).filter((t) => t[3] === 'function').map((t) => t.slice(0, 3))).toEqual([[0, 4, 3], [1, 4, 4], [2, 4, 3], [2, 19, 3]]);
    client.notify('textDocument/didClose', { textDocument: { uri } });
  });
});

test('folding ranges end before the closing brace', async () => {
  const ranges = await client.request<L.FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: geom } });
  expect(ranges).toContainEqual({ startLine: 1, endLine: 3 });
  expect(ranges).toContainEqual({ startLine: 6, endLine: 15 });
  expect(ranges).toContainEqual({ startLine: 13, endLine: 14 });
});

test('selection ranges grow from the name to the whole file', async () => {
  const [range] = await client.request<L.SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri: main }, positions: [pos(MAIN, '<|>a + b')] });
  const chain: L.Range[] = [];
  for (let r: L.SelectionRange | undefined = range; r !== undefined; r = r.parent) chain.push(r.range);
  expect(chain[0]).toEqual(rangeOf(MAIN, at(MAIN, '<|>a + b'), at(MAIN, 'a<|> + b')));
  expect(chain[1]).toEqual(rangeOf(MAIN, at(MAIN, '<|>a + b'), at(MAIN, 'a + b<|>')));
  expect(chain[chain.length - 1]).toEqual(rangeOf(MAIN, 0, MAIN.length));
});

test('inlay hints show inferred types after bindings', async () => {
  const hints = await client.request<L.InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: main }, range: rangeOf(MAIN, at(MAIN, '<|>fun main'), MAIN.length) });
  expect(hints).toContainEqual({ position: pos(MAIN, 'let p<|> ='), label: ': Point', kind: 1 });
  expect(hints).toContainEqual({ position: pos(MAIN, 'let total<|> ='), label: ': i64', kind: 1 });
});

describe('diagnostics and quick fixes', () => {
  test('pushed for the open file with codes, ranges and versions', async () => {
    const published = await client.waitForDiagnostics(main, (d) => d.diagnostics.length > 0);
    expect(published.version).toBe(1);
    const totl = span(MAIN, 'totl');
    expect(published.diagnostics).toContainEqual({
      range: rangeOf(MAIN, totl.start, totl.end),
      severity: 1,
      code: 'R0101',
      source: 'ruchy',
      message: 'cannot find `totl` in this scope; did you mean `total`?',
    });
    const spare = span(MAIN, 'spare');
    expect(published.diagnostics).toContainEqual(expect.objectContaining({ range: rangeOf(MAIN, spare.start, spare.end), severity: 2, code: 'R0401', tags: [1] }));
  });

  test('quick fixes name the diagnostics they fix', async () => {
    const published = await client.waitForDiagnostics(main, (d) => d.diagnostics.length > 0);
    const totl = span(MAIN, 'totl');
    const actions = await client.request<L.CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: main },
      range: rangeOf(MAIN, totl.start, totl.end),
      context: { diagnostics: published.diagnostics.filter((d) => d.code === 'R0101'), only: ['quickfix'] },
    });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ title: 'Change to `total`', kind: 'quickfix', isPreferred: true, diagnostics: [{ code: 'R0101', range: rangeOf(MAIN, totl.start, totl.end) }] });
    const edit = (actions[0].edit!.documentChanges as L.TextDocumentEdit[])[0];
    expect(applyEdits(MAIN, edit.edits)).toContain('{classify(total)}');

    const assign = span(MAIN, 'total', 'let spare = 1\n');
    const mutFix = await client.request<L.CodeAction[]>('textDocument/codeAction', { textDocument: { uri: main }, range: rangeOf(MAIN, assign.start, assign.end), context: { diagnostics: [] } });
    expect(mutFix.map((a) => a.title)).toEqual(['Make `total` mutable']);
    expect(applyEdits(MAIN, (mutFix[0].edit!.documentChanges as L.TextDocumentEdit[])[0].edits)).toContain('let mut total = add(1, 2)');
  });

  test('a refactor-only request gets no quick fixes', async () => {
    const totl = span(MAIN, 'totl');
    const actions = await client.request<L.CodeAction[]>('textDocument/codeAction', { textDocument: { uri: main }, range: rangeOf(MAIN, totl.start, totl.end), context: { diagnostics: [], only: ['refactor'] } });
    expect(actions).toEqual([]);
  });
});

describe('code lens and ruchy.run', () => {
  test('run above main, complexity over the limit', async () => {
    const lenses = await client.request<L.CodeLens[]>('textDocument/codeLens', { textDocument: { uri: main } });
    expect(lenses).toContainEqual({ range: rangeOf(MAIN, at(MAIN, 'fun <|>main'), at(MAIN, 'fun main<|>(')), command: { title: '▶ Run', command: 'ruchy.run', arguments: [main] } });
    const complexity = lenses.find((l) => l.command!.title.startsWith('complexity'));
    expect(complexity).toMatchObject({ range: rangeOf(MAIN, at(MAIN, 'fun <|>classify'), at(MAIN, 'fun classify<|>(')), command: { command: '' } });
  });

  test('ruchy.run runs the program and logs its output', async () => {
    const uri = uriIn(root, 'hello.ruchy');
    client.open(uri, 'fun main() {\n    println("hello from ruchy")\n}\n');
    const result = await client.request<{ exitCode: number; stdout: string }>('workspace/executeCommand', { command: 'ruchy.run', arguments: [uri] });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'hello from ruchy\n' });
    await client.waitFor(() => client.logs.find((l) => l.message.includes('hello from ruchy')), 'the run output in the log');
    await client.waitFor(() => client.messages.find((m) => m.message.startsWith('hello.ruchy: exited with status 0')), 'the run summary');
    client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  test('an unknown command is an error', async () => {
    await expect(client.request('workspace/executeCommand', { command: 'ruchy.nope', arguments: [] })).rejects.toMatchObject({ code: -32602 });
  });
});
