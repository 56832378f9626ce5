// The server's lifecycle and transports: what `initialize` answers (and that it does not
// load the parser or analyse anything before answering), shutdown and exit with the
// status LSP asks for, and the socket and Node IPC transports besides stdio.

import { fork, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  SocketMessageReader,
  SocketMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node.js';
import type * as L from 'vscode-languageserver-protocol';
import { LspClient, makeWorkspace, SERVER, uriIn } from './client.js';

let root: string;

beforeAll(() => {
  root = makeWorkspace({ 'hello.ruchy': 'fun main() {\n    let greeting = "hi"\n    println(greeting)\n}\n' });
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('initialize', () => {
  test('answers with every capability, before loading the language service', async () => {
    const client = await LspClient.start({ folders: [root], skipInitialized: true });
    try {
      const { capabilities, serverInfo } = client.initializeResult;
      expect(serverInfo).toEqual({ name: 'ruchy-agent', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
      expect(capabilities).toMatchObject({
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: 2 },
        hoverProvider: true,
        definitionProvider: true,
        typeDefinitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: expect.anything(),
        workspaceSymbolProvider: true,
        completionProvider: { triggerCharacters: ['.', ':'], resolveProvider: true },
        signatureHelpProvider: { triggerCharacters: ['(', ','] },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        semanticTokensProvider: { full: { delta: true } },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        inlayHintProvider: expect.anything(),
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor', 'source'] },
        codeLensProvider: expect.anything(),
        executeCommandProvider: { commands: ['ruchy.run'] },
        diagnosticProvider: { workspaceDiagnostics: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      });
      // Between initialize and initialized nothing heavy has happened yet.
      expect(await client.request('ruchy/status')).toMatchObject({ serviceLoaded: false, files: 0, analyses: 0 });
      client.notify('initialized', {});
      await client.indexed();
      expect(await client.request('ruchy/status')).toMatchObject({ serviceLoaded: true, files: 1 });
    } finally {
      await client.shutdown();
    }
  });

  test('UTF-8 positions when the client offers them, UTF-16 otherwise', async () => {
    for (const [offered, chosen] of [[['utf-8', 'utf-16'], 'utf-8'], [['utf-32', 'utf-16'], 'utf-16'], [[], 'utf-16']] as const) {
      const client = await LspClient.start({ encodings: [...offered] });
      expect(client.initializeResult.capabilities.positionEncoding).toBe(chosen);
      await client.shutdown();
    }
  });
});

describe('shutdown and exit', () => {
  test('exit after shutdown ends the process with status 0', async () => {
    const client = await LspClient.start({ folders: [root] });
    await client.indexed();
    expect(await client.request('shutdown')).toBeNull();
    client.notify('exit', undefined);
    expect(await client.exitCode()).toBe(0);
  });

  test('exit without shutdown ends it with status 1', async () => {
    const client = await LspClient.start({});
    client.notify('exit', undefined);
    expect(await client.exitCode()).toBe(1);
  });

  test('the server exits when the client closes its input', async () => {
    const client = await LspClient.start({});
    client.child.stdin!.end();
    expect(await client.exitCode()).toBe(1);
  });

  test('nothing but protocol messages on stdout, logs on stderr or window/logMessage', async () => {
    const client = await LspClient.start({ folders: [root] });
    await client.indexed();
    const raw: Buffer[] = [];
    client.child.stdout!.on('data', (chunk: Buffer) => raw.push(chunk));
    client.open(uriIn(root, 'hello.ruchy'), 'fun main() { println(1) }\n');
    await client.waitForDiagnostics(uriIn(root, 'hello.ruchy'));
    await client.shutdown();
    // Every byte belongs to a `Content-Length` framed JSON message.
    let bytes = Buffer.concat(raw);
    let frames = 0;
    while (bytes.length > 0) {
      const header = /^Content-Length: (\d+)\r\n\r\n/.exec(bytes.subarray(0, 40).toString('ascii'));
      expect(header).not.toBeNull();
      const start = header![0].length;
      const length = Number(header![1]);
      expect(() => JSON.parse(bytes.subarray(start, start + length).toString('utf8'))).not.toThrow();
      bytes = bytes.subarray(start + length);
      frames++;
    }
    expect(frames).toBeGreaterThan(0);
    expect(client.logs.some((l) => l.message.includes('indexed 1 of 1 Ruchy files'))).toBe(true);
  });
});

/** initialize, initialized, a hover, shutdown over an already-connected connection. */
async function converse(connection: MessageConnection): Promise<L.Hover | null> {
  connection.onRequest(() => null);
  connection.onNotification(() => undefined);
  connection.listen();
  const rootUri = new URL(`file://${root}`).href;
  await connection.sendRequest('initialize', { processId: process.pid, rootUri, capabilities: {}, workspaceFolders: [{ uri: rootUri, name: 'root' }] });
  void connection.sendNotification('initialized', {});
  const hover = await connection.sendRequest<L.Hover | null>('textDocument/hover', { textDocument: { uri: uriIn(root, 'hello.ruchy') }, position: { line: 2, character: 13 } });
  await connection.sendRequest('shutdown');
  void connection.sendNotification('exit');
  return hover;
}

describe('transports', () => {
  test('--socket PORT: the server listens and serves the client that connects', async () => {
    const env = { ...process.env };
    delete env.RUCHY_VALIDATE_GRAMMAR;
    const child = spawn(process.execPath, [SERVER, '--socket', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const port = await new Promise<number>((resolve, reject) => {
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        const match = /listening on 127\.0\.0\.1:(\d+)/.exec(stderr);
        if (match) resolve(Number(match[1]));
      });
      child.on('exit', () => reject(new Error(`server exited: ${stderr}`)));
    });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const hover = await converse(createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket)));
    expect((hover?.contents as L.MarkupContent).value).toBe('```ruchy\nlet greeting: String\n```');
    expect(await exited).toBe(0);
  });

  test('--node-ipc: the server talks over the IPC channel of a forked process', async () => {
    const env = { ...process.env };
    delete env.RUCHY_VALIDATE_GRAMMAR;
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const hover = await converse(createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child)));
    expect((hover?.contents as L.MarkupContent).value).toBe('```ruchy\nlet greeting: String\n```');
    expect(await exited).toBe(0);
  });
});
