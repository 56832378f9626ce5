// The path battery: tool arguments that try to leave the workspace (`..`, absolute paths,
// symbolic links, percent-encoded paths, Windows-style separators and drive letters, URLs,
// NUL bytes), sent over a real stdio transport to EVERY MCP tool that takes a path, to the
// `ruchy://file/{path}` resource and to the prompts that take a path. Each must be refused
// with a clear message, logged by the server on stderr (a line with the reason), and no
// byte of the file outside may reach the client.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, childEnv, makeWorkspace, stdioClient, text, waitFor, type TempWorkspace } from '../server/mcp/helpers.js';
import { makeSandboxFolders, SECRET } from './cases.js';

let ws: TempWorkspace;
let outside: string;
let client: Client;
let serverStderr: () => string;

/** Each input and the reason its refusal must give. */
function pathCases(): { input: string; reason: RegExp }[] {
  const OUTSIDE = /is outside the workspace roots \(.*\)\. Pass a path relative to the workspace root/;
  const LINK = /leads outside the workspace roots through a symbolic link/;
  return [
    { input: '../outside/secret.ruchy', reason: OUTSIDE },
    { input: 'src/../../outside/secret.ruchy', reason: OUTSIDE },
    { input: '..', reason: OUTSIDE },
    { input: path.join(outside, 'secret.ruchy'), reason: OUTSIDE },
    { input: '/etc/passwd', reason: OUTSIDE },
    { input: '//etc/passwd', reason: OUTSIDE },
    { input: 'escape.ruchy', reason: LINK },
    { input: 'escape-dir/secret.ruchy', reason: LINK },
    { input: 'escape-dir/not-there.ruchy', reason: LINK },
    { input: 'dangling.ruchy', reason: /cannot resolve "dangling\.ruchy": a symbolic link that leads nowhere/ },
    { input: '..%2Foutside%2Fsecret.ruchy', reason: OUTSIDE },
    { input: '%2e%2e/outside/secret.ruchy', reason: OUTSIDE },
    { input: '%2Fetc%2Fpasswd', reason: OUTSIDE },
    { input: '%252e%252e/outside/secret.ruchy', reason: /is percent-encoded more than once; pass the plain path/ },
    { input: '%E0%A4%A/x.ruchy', reason: /has malformed percent-encoding/ },
    { input: '..\\outside\\secret.ruchy', reason: OUTSIDE },
    { input: 'src\\..\\..\\outside\\secret.ruchy', reason: OUTSIDE },
    { input: 'C:\\Windows\\system.ini', reason: OUTSIDE },
    { input: 'c:/windows/win.ini', reason: OUTSIDE },
    { input: '\\\\server\\share\\secret.ruchy', reason: OUTSIDE },
    { input: pathToFileURL(path.join(outside, 'secret.ruchy')).href, reason: OUTSIDE },
    { input: 'file://evil.example/share/secret.ruchy', reason: /names another host; only local files inside the workspace/ },
    { input: 'https://example.com/secret.ruchy', reason: /is a URL; pass a file path relative to the workspace root/ },
    { input: 'src/main.ruchy\0/../../outside/secret.ruchy', reason: /the path contains a NUL character/ },
  ];
}

/** Every way a client names a file: the tools with a `path`, the file resource, the prompts. */
type Door = {
  name: string;
  ask(client: Client, input: string): Promise<string>;
  /** A URI door: the input goes through URL parsing first, so the refusal may give another (still clear) reason. */
  uri?: boolean;
};

/** Any refusal of the path guard (src/workspace/path-guard.ts). */
const ANY_REFUSAL = /is outside the workspace roots|leads outside the workspace roots through a symbolic link|a symbolic link that leads nowhere|percent-encoded more than once|malformed percent-encoding|names another host|is a URL; pass a file path|contains a NUL character/;

function toolDoor(tool: string, extra: Record<string, unknown> = {}): Door {
  return {
    name: `tool ${tool}`,
    async ask(c, input) {
      const result = await call(c, tool, { path: input, ...extra });
      expect(result.isError, `${tool} ${JSON.stringify(input)}: ${text(result)}`).toBe(true);
      return text(result);
    },
  };
}

const DOORS: Door[] = [
  toolDoor('diagnostics'),
  toolDoor('compile'),
  toolDoor('run'),
  toolDoor('format', { apply: true }),
  toolDoor('symbols'),
  toolDoor('quality'),
  toolDoor('hover', { line: 1, column: 5 }),
  toolDoor('definition', { line: 1, column: 5 }),
  toolDoor('references', { line: 1, column: 5 }),
  toolDoor('rename', { line: 1, column: 5, new_name: 'renamed', apply: true }),
  toolDoor('hover', { symbol: 'main' }),
  ...[
    ['resource ruchy://file/{path}', (input: string) => `ruchy://file/${input}`],
    ['resource ruchy://file/{path} (percent-encoded)', (input: string) => `ruchy://file/${encodeURIComponent(input)}`],
  ].map(
    ([name, uri]): Door => ({
      name: name as string,
      uri: true,
      async ask(c, input) {
        try {
          const read = await c.readResource({ uri: (uri as (i: string) => string)(input) });
          throw new Error(`read ${input}: ${JSON.stringify(read).slice(0, 300)}`);
        } catch (error) {
          return (error as Error).message;
        }
      },
    }),
  ),
  ...['fix-diagnostics', 'review'].map(
    (prompt): Door => ({
      name: `prompt ${prompt}`,
      async ask(c, input) {
        try {
          const got = await c.getPrompt({ name: prompt, arguments: { path: input } });
          throw new Error(`prompt ${input}: ${JSON.stringify(got).slice(0, 300)}`);
        } catch (error) {
          return (error as Error).message;
        }
      },
    }),
  ),
];

beforeAll(async () => {
  ws = makeWorkspace({ 'src/main.ruchy': 'fun main() {\n    println("inside")\n}\n' }, 'ruchy-path-battery-');
  outside = path.join(path.dirname(ws.dir), `${path.basename(ws.dir)}-outside`);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.ruchy'), `fun main() { println("${SECRET}") }\n`);
  fs.symlinkSync(path.join(outside, 'secret.ruchy'), path.join(ws.dir, 'escape.ruchy'));
  fs.symlinkSync(outside, path.join(ws.dir, 'escape-dir'));
  fs.symlinkSync(path.join(outside, 'missing.ruchy'), path.join(ws.dir, 'dangling.ruchy'));
  ({ client, stderr: serverStderr } = await stdioClient(ws.dir));
});

afterAll(async () => {
  await client?.close();
  ws?.cleanup();
  if (outside !== undefined) fs.rmSync(outside, { recursive: true, force: true });
});

describe('path battery', () => {
  test('every path that leaves the workspace is refused by every door, with a clear message, and logged', async () => {
    const cases = pathCases();
    const before = fs.readFileSync(path.join(outside, 'secret.ruchy'), 'utf8');
    let tried = 0;
    let normalized = 0;
    for (const door of DOORS) {
      for (const c of cases) {
        const mark = serverStderr().length;
        const message = await door.ask(client, c.input);
        const label = `${door.name} ${JSON.stringify(c.input)}: ${message}`;
        expect(message, label).not.toContain(SECRET);
        // A resource URI is a URL: the client resolves its dot segments before sending
        // (`ruchy://file/../x` is `ruchy://file/x`), so the server may see a path inside the
        // workspace, which does not exist, or no file path at all. Any other answer is a refusal.
        if (door.uri === true && /: no file ".*" in the workspace|Resource ruchy:\/\/file\/? not found/.test(message)) {
          normalized++;
          continue;
        }
        expect(message, label).toMatch(door.uri === true ? ANY_REFUSAL : c.reason);
        // The server's log line names the refused input (as JSON) and the reason.
        const logged = door.uri === true ? 'ruchy-agent mcp: warning: refused path ' : `ruchy-agent mcp: warning: refused path ${JSON.stringify(c.input)}: `;
        await waitFor(() => serverStderr().slice(mark).includes(logged), 10_000, `the log line of ${label}`);
        const line = serverStderr().slice(mark).split('\n').find((l) => l.includes(logged))!;
        expect(line, label).toMatch(door.uri === true ? ANY_REFUSAL : c.reason);
        tried++;
      }
    }
    expect(serverStderr()).not.toContain(SECRET);
    expect(fs.readFileSync(path.join(outside, 'secret.ruchy'), 'utf8')).toBe(before);
    expect(fs.readdirSync(outside)).toEqual(['secret.ruchy']);
    console.log(`path battery: ${tried} cases, all refused (${cases.length} paths through ${DOORS.length} doors; ${normalized} more resource URIs never left: URL parsing resolved their dot segments inside the workspace before the server saw them)`);
  }, 300_000);

  test('paths inside the workspace still work through the same doors', async () => {
    for (const input of ['src/main.ruchy', './src/../src/main.ruchy', 'src%2Fmain.ruchy', 'src\\main.ruchy', path.join(ws.dir, 'src', 'main.ruchy'), pathToFileURL(path.join(ws.dir, 'src', 'main.ruchy')).href]) {
      const result = await call(client, 'symbols', { path: input });
      expect(result.isError, `${input}: ${text(result)}`).toBeFalsy();
      expect(text(result)).toContain('main');
    }
  });

  test('through the CLI, the same tricks in a program\'s file paths never leave the granted folder', () => {
    // The OS does not decode `%2e` or treat `\` as a separator: such a path is a name inside
    // the granted folder (not found), never the file outside. Everything else is refused.
    const folders = makeSandboxFolders();
    try {
      const reads = [
        'granted/../outside/secret.txt',
        'granted/%2e%2e/outside/secret.txt',
        'granted/..%2Foutside%2Fsecret.txt',
        'granted\\..\\outside\\secret.txt',
        'granted/dir-out/../outside/secret.txt',
        'granted/link-out.txt',
        'granted/dir-out/secret.txt',
        'file:granted/../outside/secret.txt',
        `file://${folders.outside}/secret.txt`,
        `${folders.outside}/secret.txt`,
        `${folders.granted}/../outside/secret.txt`,
        '/proc/self/root' + folders.outside + '/secret.txt',
        '~/../outside/secret.txt',
        '',
      ];
      const writes = ['granted/../outside/pwned.txt', 'granted/%2e%2e/outside/pwned.txt', 'granted/dangling.txt', 'granted/link-out.txt', 'granted/dir-out/pwned.txt'];
      const list = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;
      const program = [
        `for p in ${list(reads)} {`,
        '    try { let t = read_file(p)',
        '        println("READ", t) } catch (e) { println(e) }',
        '}',
        `for p in ${list(writes)} {`,
        '    try { write_file(p, "pwned")',
        '        println("WROTE", p) } catch (e) { println(e) }',
        '}',
      ].join('\n');
      fs.writeFileSync(path.join(folders.base, 'paths.ruchy'), program);
      const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin', 'ruchy-agent.js');
      const r = spawnSync(process.execPath, [cli, 'run', '--allow-read', 'granted', '--allow-write', 'granted', 'paths.ruchy'], { cwd: folders.base, env: childEnv(), encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.length, r.stdout).toBe(reads.length + writes.length);
      expect(r.stdout).not.toContain(SECRET);
      expect(r.stdout).not.toContain('READ');
      expect(r.stdout).not.toContain('WROTE');
      let refused = 0;
      for (const line of lines) {
        expect(line).toMatch(/^(read_file|write_file): (permission denied: .*|ENOENT: no such file or directory, open '.*\/granted\/.*'|EISDIR.*)$/);
        if (line.includes('permission denied')) refused++;
      }
      expect(fs.readdirSync(folders.outside)).toEqual(['secret.txt']);
      expect(fs.readFileSync(path.join(folders.outside, 'secret.txt'), 'utf8')).toBe(SECRET);
      console.log(`path battery: ${lines.length} cases through the CLI, none left the granted folder (${refused} refused, ${lines.length - refused} names inside it that do not exist)`);
    } finally {
      folders.cleanup();
    }
  }, 60_000);
});
