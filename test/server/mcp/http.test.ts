// The Streamable HTTP transport (in-process server on port 0, real HTTP): tools over a
// session, DNS-rebinding protection (Host and Origin -> 403), the bearer token (401),
// the body size limit (413), and session termination with DELETE.

import * as http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startMcpServer, type McpServerHandle } from '../../../server/mcp/main.js';
import { call, GEOMETRY, makeWorkspace, newClient, structured, type TempWorkspace } from './helpers.js';

const TOKEN = 'test-token-123';
let ws: TempWorkspace;
let server: McpServerHandle;
let url: string;

const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

beforeAll(async () => {
  ws = makeWorkspace({ 'geometry.ruchy': GEOMETRY });
  server = await startMcpServer({ transport: 'http', port: 0, root: ws.dir, token: TOKEN });
  url = `http://127.0.0.1:${server.port}/mcp`;
});

afterAll(async () => {
  await server?.close();
  ws?.cleanup();
});

function authed(headers: Record<string, string> = {}): Record<string, string> {
  return { ...JSON_HEADERS, Authorization: `Bearer ${TOKEN}`, ...headers };
}

/** A raw request with any Host header (fetch does not let a caller set Host). */
function rawRequest(options: { method?: string; path?: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: options.path ?? '/mcp', method: options.method ?? 'POST', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('Streamable HTTP', () => {
  it('serves tools to a client with the token', async () => {
    const client = newClient();
    const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } });
    await client.connect(transport);
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const result = await call(client, 'diagnostics', {});
    expect(result.isError).toBeFalsy();
    expect(structured<{ files_checked: number; diagnostics: { code: string }[] }>(result)).toMatchObject({ files_checked: 1, diagnostics: [{ code: 'R0401' }] });
    const hover = structured<{ signature: string }>(await call(client, 'hover', { symbol: 'Point::new' }));
    expect(hover.signature).toMatch(/fun new/);
    // Never stale over HTTP too.
    ws.write('extra.ruchy', 'fun extra() { missing_thing }\n');
    expect(structured<{ files_checked: number }>(await call(client, 'diagnostics', {})).files_checked).toBe(2);
    ws.remove('extra.ruchy');
    await client.close();
  });

  it('answers 401 without the token or with a wrong one', async () => {
    const missing = await fetch(url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(INIT) });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(url, { method: 'POST', headers: authed({ Authorization: 'Bearer nope' }), body: JSON.stringify(INIT) });
    expect(wrong.status).toBe(401);
    const notBearer = await fetch(url, { method: 'POST', headers: authed({ Authorization: `Basic ${TOKEN}` }), body: JSON.stringify(INIT) });
    expect(notBearer.status).toBe(401);
    const client = newClient();
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(url)))).rejects.toThrow();
  });

  it('answers 403 to a foreign Origin, and accepts a loopback one', async () => {
    const foreign = await fetch(url, { method: 'POST', headers: authed({ Origin: 'https://evil.example' }), body: JSON.stringify(INIT) });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toMatch(/Origin/);
    const nullOrigin = await fetch(url, { method: 'POST', headers: authed({ Origin: 'null' }), body: JSON.stringify(INIT) });
    expect(nullOrigin.status).toBe(403);
    const local = await fetch(url, { method: 'POST', headers: authed({ Origin: 'http://localhost:5173' }), body: JSON.stringify(INIT) });
    expect(local.status).toBe(200);
  });

  it('answers 403 to a foreign Host (DNS rebinding) before checking the token', async () => {
    const evil = await rawRequest({ headers: { ...JSON_HEADERS, Host: `evil.example:${server.port}` }, body: JSON.stringify(INIT) });
    expect(evil.status).toBe(403);
    expect(evil.body).toMatch(/Host header/);
    const otherPort = await rawRequest({ headers: { ...authed(), Host: `127.0.0.1:${server.port + 1}` }, body: JSON.stringify(INIT) });
    expect(otherPort.status).toBe(403);
    const localhost = await rawRequest({ headers: { ...authed(), Host: `localhost:${server.port}` }, body: JSON.stringify(INIT) });
    expect(localhost.status).toBe(200);
  });

  it('answers 413 to an oversize body and 400 to a body that is not JSON', async () => {
    const big = JSON.stringify({ ...INIT, params: { ...INIT.params, padding: 'x'.repeat(1_100_000) } });
    const tooLarge = await fetch(url, { method: 'POST', headers: authed(), body: big });
    expect(tooLarge.status).toBe(413);
    const notJson = await fetch(url, { method: 'POST', headers: authed(), body: '{not json' });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe(-32700);
  });

  it('needs a session for anything but initialize, and only serves /mcp', async () => {
    const noSession = await fetch(url, { method: 'POST', headers: authed(), body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
    expect(noSession.status).toBe(400);
    const getNoSession = await fetch(url, { method: 'GET', headers: authed({ Accept: 'text/event-stream' }) });
    expect(getNoSession.status).toBe(400);
    const unknown = await fetch(url, { method: 'POST', headers: authed({ 'mcp-session-id': 'not-a-session' }), body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
    expect(unknown.status).toBe(404);
    const otherPath = await fetch(url.replace('/mcp', '/other'), { method: 'POST', headers: authed(), body: JSON.stringify(INIT) });
    expect(otherPath.status).toBe(404);
    const put = await fetch(url, { method: 'PUT', headers: authed(), body: '{}' });
    expect(put.status).toBe(405);
  });

  it('ends a session with DELETE; the session id is unknown afterwards', async () => {
    const client = newClient();
    const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } });
    await client.connect(transport);
    const id = transport.sessionId!;
    expect((await call(client, 'status', {})).isError).toBeFalsy();
    await transport.terminateSession();
    expect(transport.sessionId).toBeUndefined();
    const after = await fetch(url, { method: 'POST', headers: authed({ 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' }), body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }) });
    expect(after.status).toBe(404);
    const deleteAgain = await fetch(url, { method: 'DELETE', headers: authed({ 'mcp-session-id': id }) });
    expect(deleteAgain.status).toBe(404);
    await client.close();
  });
});
