// Every tool of the MCP server, driven by the SDK's Client over a spawned stdio process
// (`node dist/server/mcp/bin.js --stdio --root <tmp>`): success and each kind of bad input.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { codeTable } from '../../../src/diagnostics/codes.js';
import { BROKEN, call, GEOMETRY, HELPER, makeWorkspace, PROGRAM, stdioClient, structured, text, type TempWorkspace } from './helpers.js';

let ws: TempWorkspace;
let client: Client;

beforeAll(async () => {
  ws = makeWorkspace({ 'geometry.ruchy': GEOMETRY, 'lib/helper.ruchy': HELPER, 'broken.ruchy': BROKEN, 'hello.ruchy': PROGRAM });
  ({ client } = await stdioClient(ws.dir));
});

afterAll(async () => {
  await client?.close();
  ws?.cleanup();
});

interface DiagnosticsOut {
  scope: string;
  files_checked: number;
  counts: { error: number; warning: number };
  total: number;
  offset: number;
  returned: number;
  more: number;
  diagnostics: { path: string; line: number; column: number; code: string; severity: string; message: string }[];
}

describe('tool list', () => {
  it('declares every tool with a title, a description, schemas and all four annotations', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    expect(names).toEqual(['compile', 'definition', 'diagnostics', 'explain', 'format', 'hover', 'quality', 'references', 'rename', 'run', 'status', 'symbols']);
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description!.length, tool.name).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      const a = tool.annotations!;
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) expect(typeof a[hint], `${tool.name}.${hint}`).toBe('boolean');
      expect(a.openWorldHint).toBe(false);
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.rename.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.format.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.run.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: false });
    expect(byName.hover.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
    // The tool without parameters declares an explicit empty object.
    expect(byName.status.inputSchema.properties).toEqual({});
    // Described fields; lines and columns say they are 1-based.
    const props = byName.hover.inputSchema.properties as Record<string, { description?: string }>;
    expect(props.line.description).toMatch(/1-based/);
    expect(props.column.description).toMatch(/1-based/);
    expect(props.symbol.description).toMatch(/Point::new/);
  });
});

describe('diagnostics', () => {
  it('checks the whole workspace', async () => {
    const result = await call(client, 'diagnostics');
    expect(result.isError).toBeFalsy();
    const out = structured<DiagnosticsOut>(result);
    expect(out.scope).toBe('workspace');
    expect(out.files_checked).toBe(4);
    expect(out.counts.error).toBe(2);
    const codes = out.diagnostics.map((d) => `${d.path}:${d.line}:${d.column}:${d.code}`);
    expect(codes).toContain('broken.ruchy:2:20:R0014');
    expect(codes).toContain('lib/helper.ruchy:3:15:R0101');
    expect(codes).toContain('geometry.ruchy:27:9:R0401');
    expect(text(result)).toMatch(/^workspace: 2 errors, \d+ warnings in 4 files/);
    expect(text(result)).toContain('lib/helper.ruchy:3:15: error[R0101]: cannot find `missing_name` in this scope');
  });

  it('checks one file and one folder', async () => {
    const file = structured<DiagnosticsOut>(await call(client, 'diagnostics', { path: 'geometry.ruchy' }));
    expect(file.files_checked).toBe(1);
    expect(file.diagnostics.map((d) => d.code)).toEqual(['R0401']);
    const folder = structured<DiagnosticsOut>(await call(client, 'diagnostics', { path: 'lib' }));
    expect(folder.scope).toBe('lib');
    expect(folder.files_checked).toBe(1);
    expect(new Set(folder.diagnostics.map((d) => d.path))).toEqual(new Set(['lib/helper.ruchy']));
  });

  it('checks inline source', async () => {
    const result = await call(client, 'diagnostics', { source: 'let x = 1 +\n' });
    const out = structured<DiagnosticsOut>(result);
    expect(out.scope).toBe('<source>');
    expect(out.diagnostics.some((d) => d.code === 'R0014' && d.severity === 'error' && d.path === '<source>')).toBe(true);
  });

  it('filters by severity and by code or code prefix', async () => {
    const errors = structured<DiagnosticsOut>(await call(client, 'diagnostics', { severity: ['error'] }));
    expect(errors.total).toBe(2);
    expect(errors.diagnostics.every((d) => d.severity === 'error')).toBe(true);
    const lint = structured<DiagnosticsOut>(await call(client, 'diagnostics', { code: ['R04'] }));
    expect(lint.total).toBeGreaterThan(0);
    expect(lint.diagnostics.every((d) => d.code.startsWith('R04'))).toBe(true);
    const one = structured<DiagnosticsOut>(await call(client, 'diagnostics', { code: ['r0101'] }));
    expect(one.diagnostics.map((d) => d.code)).toEqual(['R0101']);
    const none = await call(client, 'diagnostics', { code: ['R0999'] });
    expect(structured<DiagnosticsOut>(none).total).toBe(0);
    expect(text(none)).toMatch(/none matches the filters/);
  });

  it('caps results and paginates with offset and limit', async () => {
    const first = await call(client, 'diagnostics', { limit: 2 });
    const page1 = structured<DiagnosticsOut>(first);
    expect(page1.returned).toBe(2);
    expect(page1.more).toBe(page1.total - 2);
    expect(text(first)).toContain(`${page1.more} more, use offset=2`);
    const page2 = structured<DiagnosticsOut>(await call(client, 'diagnostics', { limit: 2, offset: 2 }));
    expect(page2.offset).toBe(2);
    expect(page2.diagnostics[0]).not.toEqual(page1.diagnostics[0]);
    const all = structured<DiagnosticsOut>(await call(client, 'diagnostics', { limit: 500 }));
    expect([...page1.diagnostics, ...page2.diagnostics]).toEqual(all.diagnostics.slice(0, 4));
    const beyond = await call(client, 'diagnostics', { offset: 1000 });
    expect(structured<DiagnosticsOut>(beyond).returned).toBe(0);
    expect(text(beyond)).toMatch(/none from offset 1000/);
  });

  it('answers bad input with isError and what to do instead', async () => {
    const both = await call(client, 'diagnostics', { path: 'geometry.ruchy', source: 'let x = 1' });
    expect(both.isError).toBe(true);
    expect(text(both)).toMatch(/either `path` or `source`/);
    const missing = await call(client, 'diagnostics', { path: 'nope.ruchy' });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/no file or folder "nope.ruchy"/);
    const badLimit = await call(client, 'diagnostics', { limit: 0 });
    expect(badLimit.isError).toBe(true);
    expect(text(badLimit)).toMatch(/limit/);
    const badSeverity = await call(client, 'diagnostics', { severity: ['fatal'] });
    expect(badSeverity.isError).toBe(true);
  });
});

describe('compile', () => {
  it('compiles a file to JavaScript, with a source map on request', async () => {
    const result = await call(client, 'compile', { path: 'hello.ruchy', source_map: true });
    const out = structured<{ ok: boolean; javascript: string; source_map: string | null; diagnostics: unknown[] }>(result);
    expect(out.ok).toBe(true);
    expect(out.javascript).toMatch(/println/);
    expect(JSON.parse(out.source_map!).version).toBe(3);
    expect(text(result)).toContain('```js');
  });

  it('compiles inline source without a source map by default', async () => {
    const out = structured<{ ok: boolean; source_map: string | null }>(await call(client, 'compile', { source: 'println(1 + 2)' }));
    expect(out.ok).toBe(true);
    expect(out.source_map).toBeNull();
  });

  it('reports compile errors with positions', async () => {
    const result = await call(client, 'compile', { path: 'broken.ruchy' });
    const out = structured<{ ok: boolean; javascript: string; diagnostics: { line: number; code: string }[] }>(result);
    expect(result.isError).toBeFalsy();
    expect(out.ok).toBe(false);
    expect(out.javascript).toBe('');
    expect(out.diagnostics.some((d) => d.code === 'R0014' && d.line === 2)).toBe(true);
    expect(text(result)).toMatch(/did not compile/);
  });

  it('needs a path or a source', async () => {
    const result = await call(client, 'compile', {});
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/pass `path`.*or `source`/);
  });
});

describe('hover', () => {
  it('describes the name at a 1-based position', async () => {
    const result = await call(client, 'hover', { path: 'geometry.ruchy', line: 28, column: 13 });
    const out = structured<{ found: boolean; signature: string; doc: string; symbol: { qualified_name: string; line: number } }>(result);
    expect(out.found).toBe(true);
    expect(out.signature).toBe('fun area(shape: Shape) -> f64');
    expect(out.doc).toBe('The area of a shape.');
    expect(out.symbol.line).toBe(18);
    expect(text(result)).toContain('fun area(shape: Shape) -> f64');
  });

  it('describes a local variable by position', async () => {
    const out = structured<{ type: string; symbol: { name: string; kind: string } }>(await call(client, 'hover', { path: 'geometry.ruchy', line: 27, column: 9 }));
    expect(out.symbol).toMatchObject({ name: 'count', kind: 'variable' });
    expect(out.type).toBe('i64');
  });

  it('finds names: qualified methods and variants, with a path to disambiguate', async () => {
    const method = structured<{ signature: string; symbol: { qualified_name: string } }>(await call(client, 'hover', { symbol: 'Point::new' }));
    expect(method.symbol.qualified_name).toBe('Point::new');
    expect(method.signature).toMatch(/fun new\(x: f64, y: f64\) -> Point/);
    const variant = structured<{ symbol: { kind: string; qualified_name: string } }>(await call(client, 'hover', { symbol: 'Shape::Circle' }));
    expect(variant.symbol).toMatchObject({ kind: 'variant', qualified_name: 'Shape::Circle' });
    const inFile = structured<{ signature: string }>(await call(client, 'hover', { symbol: 'area', path: 'lib/helper.ruchy' }));
    expect(inFile.signature).toBe('fun area(w: f64, h: f64) -> f64');
  });

  it('says a name is ambiguous and lists the candidates', async () => {
    const result = await call(client, 'hover', { symbol: 'area' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/"area" is ambiguous: 2 symbols/);
    expect(text(result)).toContain('geometry.ruchy:18:5');
    expect(text(result)).toContain('lib/helper.ruchy:6:5');
  });

  it('says a name is unknown and lists the closest names', async () => {
    const result = await call(client, 'hover', { symbol: 'Point::nwe' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/no symbol named "Point::nwe"/);
    expect(text(result)).toContain('Point::new');
    const far = await call(client, 'hover', { symbol: 'zzzzzzzzzzzz' });
    expect(far.isError).toBe(true);
    expect(text(far)).toMatch(/no similar name/);
  });

  it('describes inline source by position', async () => {
    const out = structured<{ found: boolean; type: string }>(await call(client, 'hover', { source: 'let answer = 42\nprintln(answer)\n', line: 2, column: 10 }));
    expect(out.found).toBe(true);
    expect(out.type).toBe('i64');
  });

  it('reports nothing at a blank position, and errors for positions outside the file', async () => {
    const blank = await call(client, 'hover', { path: 'geometry.ruchy', line: 5, column: 1 });
    expect(blank.isError).toBeFalsy();
    expect(structured<{ found: boolean }>(blank).found).toBe(false);
    const pastEnd = await call(client, 'hover', { path: 'geometry.ruchy', line: 400, column: 1 });
    expect(pastEnd.isError).toBe(true);
    expect(text(pastEnd)).toMatch(/line 400 is past the end of the file, which has \d+ lines/);
    const pastLine = await call(client, 'hover', { path: 'geometry.ruchy', line: 1, column: 99 });
    expect(pastLine.isError).toBe(true);
    expect(text(pastLine)).toMatch(/column 99 is past the end of line 1/);
    const zero = await call(client, 'hover', { path: 'geometry.ruchy', line: 0, column: 1 });
    expect(zero.isError).toBe(true);
  });

  it('asks for a target when the arguments do not name one', async () => {
    const none = await call(client, 'hover', {});
    expect(none.isError).toBe(true);
    expect(text(none)).toMatch(/missing path, line, column: pass `symbol`/);
    const both = await call(client, 'hover', { symbol: 'area', line: 1, column: 1 });
    expect(both.isError).toBe(true);
    const notAName = await call(client, 'hover', { symbol: 'a b c' });
    expect(notAName.isError).toBe(true);
    expect(text(notAName)).toMatch(/is not a name/);
  });
});

describe('definition', () => {
  it('goes from a use to the declaration', async () => {
    const out = structured<{ definitions: { path: string; line: number; column: number; snippet: string }[] }>(
      await call(client, 'definition', { path: 'geometry.ruchy', line: 26, column: 25 }),
    );
    expect(out.definitions).toHaveLength(1);
    expect(out.definitions[0]).toMatchObject({ path: 'geometry.ruchy', line: 7, column: 13 });
    expect(out.definitions[0].snippet).toMatch(/pub fun new/);
  });

  it('finds a declaration by name', async () => {
    const result = await call(client, 'definition', { symbol: 'Shape' });
    const out = structured<{ symbol: { kind: string }; definitions: { line: number }[] }>(result);
    expect(out.symbol.kind).toBe('enum');
    expect(out.definitions[0].line).toBe(12);
    expect(text(result)).toMatch(/Shape \(enum\) is declared at:\ngeometry.ruchy:12:6/);
  });

  it('has no definition for a builtin or a blank', async () => {
    const out = structured<{ definitions: unknown[] }>(await call(client, 'definition', { path: 'geometry.ruchy', line: 5, column: 1 }));
    expect(out.definitions).toEqual([]);
  });

  it('reports unknown files', async () => {
    const result = await call(client, 'definition', { path: 'missing.ruchy', line: 1, column: 1 });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/no file "missing.ruchy"/);
  });
});

describe('references', () => {
  it('lists the uses of a name with their lines', async () => {
    const result = await call(client, 'references', { symbol: 'Point::new' });
    const out = structured<{ total: number; references: { path: string; line: number; snippet: string }[] }>(result);
    expect(out.total).toBe(2);
    expect(out.references.map((r) => r.line)).toEqual([7, 26]);
    expect(out.references[1].snippet).toBe('let origin = Point::new(0.0, 0.0)');
    expect(text(result)).toMatch(/^2 references to Point::new:/);
  });

  it('can leave out the declaration and paginate', async () => {
    const out = structured<{ total: number; returned: number; more: number }>(await call(client, 'references', { symbol: 'Point', include_declaration: false, limit: 1 }));
    expect(out.returned).toBe(1);
    expect(out.more).toBe(out.total - 1);
  });

  it('finds references from a position', async () => {
    const out = structured<{ total: number }>(await call(client, 'references', { path: 'geometry.ruchy', line: 18, column: 5 }));
    expect(out.total).toBe(2);
  });

  it('reports ambiguous names', async () => {
    const result = await call(client, 'references', { symbol: 'area' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/ambiguous/);
  });
});

describe('symbols', () => {
  it('lists a file outline with nesting', async () => {
    const result = await call(client, 'symbols', { path: 'geometry.ruchy' });
    const out = structured<{ mode: string; symbols: { name: string; kind: string; depth: number; qualified_name: string }[] }>(result);
    expect(out.mode).toBe('outline');
    expect(out.symbols.find((s) => s.name === 'Point' && s.kind === 'struct')?.depth).toBe(0);
    expect(out.symbols.find((s) => s.name === 'x')).toMatchObject({ depth: 1, qualified_name: 'Point::x' });
    expect(out.symbols.find((s) => s.name === 'Circle')).toMatchObject({ kind: 'variant', qualified_name: 'Shape::Circle' });
    expect(text(result)).toMatch(/\n {2}x \(field: f64\) 2:5/);
  });

  it('searches the workspace', async () => {
    const out = structured<{ mode: string; symbols: { qualified_name: string; path: string }[] }>(await call(client, 'symbols', { query: 'area' }));
    expect(out.mode).toBe('search');
    expect(out.symbols.map((s) => s.path).sort()).toEqual(['geometry.ruchy', 'lib/helper.ruchy']);
    const all = structured<{ total: number }>(await call(client, 'symbols', { query: '' }));
    expect(all.total).toBeGreaterThan(8);
  });

  it('outlines inline source and needs exactly one of path, source, query', async () => {
    const out = structured<{ symbols: { name: string }[] }>(await call(client, 'symbols', { source: 'fun one() { 1 }\nfun two() { 2 }\n' }));
    expect(out.symbols.map((s) => s.name)).toEqual(['one', 'two']);
    expect((await call(client, 'symbols', {})).isError).toBe(true);
    expect((await call(client, 'symbols', { path: 'geometry.ruchy', query: 'x' })).isError).toBe(true);
  });
});

describe('format', () => {
  it('returns the text of inline source and of a file without writing', async () => {
    const inline = await call(client, 'format', { source: 'fun f() {\n    1\n}\n' });
    expect(inline.isError).toBeFalsy();
    expect(structured<{ formatted: string }>(inline).formatted).toContain('fun f()');
    const before = ws.read('hello.ruchy');
    const file = await call(client, 'format', { path: 'hello.ruchy' });
    expect(structured<{ applied: boolean; path: string }>(file)).toMatchObject({ applied: false, path: 'hello.ruchy' });
    expect(ws.read('hello.ruchy')).toBe(before);
  });

  it('refuses code with syntax errors, apply without a path, and missing arguments', async () => {
    const broken = await call(client, 'format', { path: 'broken.ruchy' });
    expect(broken.isError).toBe(true);
    expect(text(broken)).toMatch(/1 syntax error\. Fix them first/);
    const applyInline = await call(client, 'format', { source: 'let x = 1', apply: true });
    expect(applyInline.isError).toBe(true);
    expect(text(applyInline)).toMatch(/`apply` needs a `path`/);
    expect((await call(client, 'format', {})).isError).toBe(true);
  });
});

describe('run', () => {
  it('runs a file and returns stdout and the exit status', async () => {
    const out = structured<{ exit_code: number; stdout: string; timed_out: boolean }>(await call(client, 'run', { path: 'hello.ruchy' }));
    expect(out).toMatchObject({ exit_code: 0, stdout: 'Hello Ada\nHello Grace\n', timed_out: false });
  });

  it('passes arguments and reports runtime errors on stderr with status 1', async () => {
    const out = structured<{ exit_code: number; stderr: string }>(await call(client, 'run', { source: 'println(1 / 0)' }));
    expect(out.exit_code).toBe(1);
    expect(out.stderr).toMatch(/Division by zero/);
  });

  it('stops a program at its time limit', async () => {
    const out = structured<{ exit_code: number; timed_out: boolean }>(await call(client, 'run', { source: 'loop { }', timeout_ms: 300 }));
    expect(out.timed_out).toBe(true);
    expect(out.exit_code).not.toBe(0);
  });

  it('gives programs no file access without --allow-read', async () => {
    const out = structured<{ exit_code: number; stderr: string }>(await call(client, 'run', { source: `println(read_file(${JSON.stringify(`${ws.dir}/hello.ruchy`)}))` }));
    expect(out.exit_code).toBe(1);
    expect(out.stderr).toMatch(/not granted/);
  });

  it('does not run code with compile errors, and validates its arguments', async () => {
    const out = structured<{ exit_code: number; diagnostics: { code: string }[] }>(await call(client, 'run', { path: 'broken.ruchy' }));
    expect(out.exit_code).toBe(1);
    expect(out.diagnostics.some((d) => d.code === 'R0014')).toBe(true);
    expect((await call(client, 'run', { source: 'println(1)', timeout_ms: 5 })).isError).toBe(true);
    expect((await call(client, 'run', {})).isError).toBe(true);
  });
});

describe('quality', () => {
  it('flags functions over the threshold (default 20) and lists lint findings', async () => {
    const defaults = structured<{ max_complexity: number; over_limit_count: number; lint: { code: string }[] }>(await call(client, 'quality', {}));
    expect(defaults.max_complexity).toBe(20);
    expect(defaults.over_limit_count).toBe(0);
    expect(defaults.lint.every((d) => d.code.startsWith('R04'))).toBe(true);
    expect(defaults.lint.length).toBeGreaterThan(0);
    const strict = await call(client, 'quality', { path: 'geometry.ruchy', max_complexity: 1 });
    const out = structured<{ functions: { name: string; over_limit: boolean; cyclomatic: number }[]; over_limit_count: number }>(strict);
    expect(out.functions.find((f) => f.name === 'area')).toMatchObject({ over_limit: true, cyclomatic: 2 });
    expect(out.functions.find((f) => f.name === 'Point::new')?.over_limit).toBe(false);
    expect(text(strict)).toMatch(/OVER geometry.ruchy:18:5 area: cyclomatic 2/);
    const only = structured<{ functions: unknown[] }>(await call(client, 'quality', { path: 'geometry.ruchy', max_complexity: 1, only_over_limit: true }));
    expect(only.functions).toHaveLength(1);
  });

  it('measures inline source and rejects a bad threshold', async () => {
    const out = structured<{ function_count: number }>(await call(client, 'quality', { source: 'fun a() { 1 }\nfun b() { if true { 1 } else { 2 } }\n' }));
    expect(out.function_count).toBe(2);
    expect((await call(client, 'quality', { max_complexity: -1 })).isError).toBe(true);
  });
});

describe('explain', () => {
  it('explains every code of the table with an example and a fix', async () => {
    for (const entry of codeTable) {
      const result = await call(client, 'explain', { code: entry.code });
      expect(result.isError, entry.code).toBeFalsy();
      const out = structured<{ code: string; title: string; explanation: string; example: string; fix: string }>(result);
      expect(out.code).toBe(entry.code);
      expect(out.title).toBe(entry.title);
      expect(out.explanation.length).toBeGreaterThan(20);
      expect(out.example.length).toBeGreaterThan(5);
      expect(out.fix.length).toBeGreaterThan(10);
    }
  });

  it('accepts lower case and short forms, and lists the group of an unknown code', async () => {
    expect(structured<{ code: string }>(await call(client, 'explain', { code: 'r101' })).code).toBe('R0101');
    const unknown = await call(client, 'explain', { code: 'R0199' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/unknown diagnostic code "R0199".*Codes in that group: R0101/);
    const garbage = await call(client, 'explain', { code: 'hello' });
    expect(garbage.isError).toBe(true);
  });
});

describe('status', () => {
  it('summarizes the workspace without arguments', async () => {
    const result = await call(client, 'status', {});
    const out = structured<{ roots: string[]; roots_from: string; files_checked: number; errors: number }>(result);
    expect(out).toMatchObject({ roots: [ws.dir], roots_from: 'option', files_checked: 4, errors: 2 });
    expect(text(result)).toMatch(/^4 files under .*: 2 errors/);
  });

  it('rejects unexpected arguments', async () => {
    expect((await call(client, 'status', { verbose: true })).isError).toBe(true);
  });
});

describe('robustness', () => {
  it('keeps serving after errors: an unknown tool is an error result, the next call works', async () => {
    const unknown = await call(client, 'no-such-tool', {});
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/no-such-tool not found/);
    const result = await call(client, 'diagnostics', { path: 'geometry.ruchy' });
    expect(result.isError).toBeFalsy();
  });
});
