// Helpers for the MCP server tests: temporary workspaces with our own small Ruchy files,
// and SDK clients connected over the real transports (a spawned stdio process, the
// Streamable HTTP endpoint, a WebSocket).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The built MCP entry (`npm test` builds first). */
export const MCP_BIN = path.join(projectRoot, 'dist', 'server', 'mcp', 'bin.js');

export interface TempWorkspace {
  /** The real path of the folder. */
  dir: string;
  write(relative: string, text: string): string;
  remove(relative: string): void;
  read(relative: string): string;
  cleanup(): void;
}

export function makeWorkspace(files: Record<string, string>, prefix = 'ruchy-mcp-'): TempWorkspace {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const write = (relative: string, text: string): string => {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  for (const [relative, text] of Object.entries(files)) write(relative, text);
  return {
    dir,
    write,
    remove: (relative) => fs.rmSync(path.join(dir, relative), { force: true }),
    read: (relative) => fs.readFileSync(path.join(dir, relative), 'utf8'),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The child's environment: without the grammar validations the test runner turns on (they only slow it down). */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'RUCHY_VALIDATE_GRAMMAR') env[k] = v;
  return { ...env, ...extra };
}

export function newClient(capabilities: ConstructorParameters<typeof Client>[1] = {}): Client {
  return new Client({ name: 'ruchy-mcp-test', version: '1.0.0' }, capabilities);
}

/** A client connected to `node dist/server/mcp/bin.js --stdio --root <root> ...args`. */
export async function stdioClient(root: string, args: string[] = [], client = newClient()): Promise<{ client: Client; transport: StdioClientTransport; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MCP_BIN, '--stdio', '--root', root, ...args],
    env: childEnv(),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await client.connect(transport);
  return { client, transport, stderr: () => stderr };
}

export function text(result: unknown): string {
  const content = (result as CallToolResult).content;
  return content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

export function structured<T = Record<string, unknown>>(result: unknown): T {
  return (result as CallToolResult).structuredContent as T;
}

/** Calls a tool; fails the test on a protocol error, returns the result (isError or not). */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

export async function waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---------------------------------------------------------------- our Ruchy files

export const GEOMETRY = `struct Point {
    x: f64,
    y: f64
}

impl Point {
    pub fun new(x: f64, y: f64) -> Point {
        Point { x, y }
    }
}

enum Shape {
    Circle { radius: f64 },
    Square(f64)
}

/// The area of a shape.
fun area(shape: Shape) -> f64 {
    match shape {
        Shape::Circle { radius } => 3.14 * radius * radius,
        Shape::Square(side) => side * side
    }
}

fun main() {
    let origin = Point::new(0.0, 0.0)
    let count = 2
    println(area(Shape::Circle { radius: 1.0 }))
    println(origin.x)
}
`;

export const BROKEN = `fun broken() {
    let total = 1 +
}
`;

export const HELPER = `fun helper(n: i64) -> i64 {
    let doubled = n * 2
    doubled + missing_name
}

fun area(w: f64, h: f64) -> f64 {
    w * h
}
`;

export const PROGRAM = `fun main() {
    let names = ["Ada", "Grace"]
    for name in names {
        println(f"Hello {name}")
    }
}
`;
