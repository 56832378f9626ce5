// The WebSocket transport (in-process server on port 0): a session with the SDK's
// WebSocketClientTransport, and the same gate as HTTP on the upgrade (Host, Origin,
// token) plus the message size limit.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebSocketClientTransport } from '@modelcontextprotocol/sdk/client/websocket.js';
import { startMcpServer, type McpServerHandle } from '../../../server/mcp/main.js';
import { call, GEOMETRY, makeWorkspace, newClient, structured, type TempWorkspace } from './helpers.js';

const TOKEN = 'ws-token';
let ws: TempWorkspace;
let server: McpServerHandle;
let base: string;

beforeAll(async () => {
  // Node 20 has no global WebSocket; the SDK's client transport uses the global one.
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  ws = makeWorkspace({ 'geometry.ruchy': GEOMETRY });
  server = await startMcpServer({ transport: 'ws', port: 0, root: ws.dir, token: TOKEN });
  base = `ws://127.0.0.1:${server.port}/mcp`;
});

afterAll(async () => {
  await server?.close();
  ws?.cleanup();
});

/** The HTTP status a refused upgrade answers with, or 101 when it is accepted. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'mcp', { headers });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', (error) => reject(error));
  });
}

describe('WebSocket', () => {
  it('serves tools over a WebSocket session (token in the query)', async () => {
    const client = newClient();
    await client.connect(new WebSocketClientTransport(new URL(`${base}?token=${TOKEN}`)));
    const result = await call(client, 'hover', { symbol: 'area' });
    expect(result.isError).toBeFalsy();
    expect(structured<{ signature: string }>(result).signature).toBe('fun area(shape: Shape) -> f64');
    const resource = await client.readResource({ uri: 'ruchy://status' });
    expect(JSON.parse(resource.contents[0].text as string).files_checked).toBe(1);
    await client.close();
  });

  it('applies the same gate to the upgrade: token, Origin, Host, path', async () => {
    expect(await upgradeStatus(base)).toBe(401);
    expect(await upgradeStatus(`${base}?token=wrong`)).toBe(401);
    expect(await upgradeStatus(base, { Authorization: `Bearer ${TOKEN}` })).toBe(101);
    expect(await upgradeStatus(base, { Authorization: `Bearer ${TOKEN}`, Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(base, { Authorization: `Bearer ${TOKEN}`, Host: 'evil.example' })).toBe(403);
    expect(await upgradeStatus(base.replace('/mcp', '/elsewhere'), { Authorization: `Bearer ${TOKEN}` })).toBe(404);
  });

  it('closes the connection on an oversize message (1009) and answers plain HTTP with 426', async () => {
    const code = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(base, 'mcp', { headers: { Authorization: `Bearer ${TOKEN}` } });
      socket.on('open', () => socket.send('x'.repeat(1_100_000)));
      socket.on('close', (closeCode) => resolve(closeCode));
      socket.on('error', () => undefined);
      setTimeout(() => reject(new Error('no close')), 5000);
    });
    expect(code).toBe(1009);
    const plain = await fetch(`http://127.0.0.1:${server.port}/mcp`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(plain.status).toBe(426);
  });

  it('answers a frame that is not JSON-RPC with a parse error and keeps the connection', async () => {
    const reply = await new Promise<{ error: { code: number } }>((resolve, reject) => {
      const socket = new WebSocket(base, 'mcp', { headers: { Authorization: `Bearer ${TOKEN}` } });
      socket.on('open', () => socket.send('not json'));
      socket.on('message', (data) => {
        resolve(JSON.parse(data.toString()));
        socket.close();
      });
      socket.on('error', reject);
    });
    expect(reply.error.code).toBe(-32700);
  });
});
