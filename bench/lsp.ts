// npm run bench:lsp
//
// The LSP server measured from a client over stdio, as an editor sees it:
//  1. time from spawning the process to the `initialize` response, for our server and for
//     a minimal vscode-languageserver server (bench/minimal-lsp-server.ts), alternating
//     A B A B so that machine load hits both alike; target: ours <= 1.2x the minimal one;
//  2. a 10,000-line generated file: didChange -> publishDiagnostics latency for one-
//     character edits in function bodies, p50 / p95 (target p95 <= 15 ms), each edit after
//     a pause (the first keystroke after a pause is checked at once); and, for reference,
//     the last edit of a typing burst, which is debounced on purpose;
//  3. hover, definition and completion round trips at random positions in function
//     bodies, p99 (target <= 5 ms).

import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import { generateProgram, rng } from './generate.js';
import { median, percentile, printTable } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const OURS = path.join(here, '..', 'server', 'lsp', 'bin.js');
const MINIMAL = path.join(here, 'minimal-lsp-server.js');
const STARTS = Number(process.env.BENCH_STARTS ?? 10);
const EDITS = Number(process.env.BENCH_EDITS ?? 100);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const LINES = Number(process.env.BENCH_LINES ?? 10_000);

interface Server {
  child: ChildProcess;
  connection: MessageConnection;
}

function launch(script: string, args: string[] = []): Server {
  const env = { ...process.env };
  delete env.RUCHY_VALIDATE_GRAMMAR;
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onRequest(() => null);
  connection.listen();
  return { child, connection };
}

async function stop(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  await server.connection.sendRequest('shutdown');
  void server.connection.sendNotification('exit');
  await exited;
  server.connection.dispose();
}

const initializeParams = (capabilities: object = {}) => ({ processId: process.pid, rootUri: null, workspaceFolders: null, capabilities });

/** Spawn -> initialize response, in milliseconds. */
async function timeInitialize(script: string, args: string[]): Promise<number> {
  const start = performance.now();
  const server = launch(script, args);
  await server.connection.sendRequest('initialize', initializeParams());
  const elapsed = performance.now() - start;
  void server.connection.sendNotification('initialized', {});
  await stop(server);
  return elapsed;
}

/** Offsets inside function bodies (lines indented by at least 4 spaces, not blank). */
function bodyOffsets(text: string): number[] {
  const out: number[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('    ') && line.trim() !== '') for (let c = 4; c < line.length; c++) out.push(lineStart + c);
    lineStart += line.length + 1;
  }
  return out;
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  // ---------------------------------------------------------------- 1. initialize
  // One warm-up start of each (file system caches), then alternate.
  await timeInitialize(OURS, ['--stdio']);
  await timeInitialize(MINIMAL, []);
  const ours: number[] = [];
  const minimal: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    ours.push(await timeInitialize(OURS, ['--stdio']));
    minimal.push(await timeInitialize(MINIMAL, []));
  }
  const ratio = median(ours) / median(minimal);

  // ---------------------------------------------------------------- 2. edits on a big file
  const program = generateProgram(LINES, 7);
  let text = program.ruchy;
  const uri = 'file:///bench/big.ruchy';
  const server = launch(OURS, ['--stdio']);
  const published = new Map<number, (at: number) => void>();
  server.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number }) => {
    if (params.uri === uri && params.version !== undefined) published.get(params.version)?.(performance.now());
  });
  const whenPublished = (version: number) => new Promise<number>((resolve) => published.set(version, resolve));
  await server.connection.sendRequest('initialize', initializeParams({ textDocument: { completion: { completionItem: { snippetSupport: true } } } }));
  void server.connection.sendNotification('initialized', {});
  let version = 1;
  const opened = whenPublished(version);
  const openStart = performance.now();
  void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'ruchy', version, text } });
  const openMs = (await opened) - openStart;

  const random = rng(2026);
  const edit = async (): Promise<number> => {
    const offsets = bodyOffsets(text);
    const at = offsets[Math.floor(random() * offsets.length)];
    const letter = 'abcdefghijklmnopqrstuvwxyz0123456789 '[Math.floor(random() * 37)];
    const position = positionAt(text, at);
    text = text.slice(0, at) + letter + text.slice(at);
    version++;
    const done = whenPublished(version);
    const start = performance.now();
    void server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: position, end: position }, text: letter }],
    });
    return (await done) - start;
  };
  const editTimes: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    await sleep(120);
    editTimes.push(await edit());
  }
  // A burst: five keystrokes 20 ms apart; latency from the last one.
  const burstTimes: number[] = [];
  for (let b = 0; b < 5; b++) {
    await sleep(200);
    for (let k = 0; k < 4; k++) {
      void edit();
      await sleep(20);
    }
    burstTimes.push(await edit());
  }

  // ---------------------------------------------------------------- 3. requests
  const timeRequest = async (method: string, position: { line: number; character: number }): Promise<number> => {
    const start = performance.now();
    await server.connection.sendRequest(method, { textDocument: { uri }, position });
    return performance.now() - start;
  };
  const positions = bodyOffsets(text);
  const hover: number[] = [];
  const definition: number[] = [];
  const completion: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const position = positionAt(text, positions[Math.floor(random() * positions.length)]);
    hover.push(await timeRequest('textDocument/hover', position));
    definition.push(await timeRequest('textDocument/definition', position));
    completion.push(await timeRequest('textDocument/completion', position));
  }
  await stop(server);

  const ms = (value: number) => `${value.toFixed(2)} ms`;
  console.log(`LSP benchmark over stdio (${STARTS} alternating starts; ${program.lines}-line file, ${EDITS} edits, ${QUERIES} requests of each kind)`);
  printTable(
    ['measure', 'value', 'target'],
    [
      ['initialize, ruchy-agent (median)', ms(median(ours)), ''],
      ['initialize, minimal vscode-languageserver server (median)', ms(median(minimal)), ''],
      ['initialize ratio ours / minimal', `${ratio.toFixed(2)}x`, '<= 1.2x'],
      ['didOpen -> first diagnostics (parse + full analysis)', ms(openMs), ''],
      ['didChange -> publishDiagnostics p50 (edit after a pause)', ms(percentile(editTimes, 50)), ''],
      ['didChange -> publishDiagnostics p95 (edit after a pause)', ms(percentile(editTimes, 95)), '<= 15 ms'],
      ['last keystroke of a burst -> publishDiagnostics (median, debounced)', ms(median(burstTimes)), ''],
      ['hover p99', ms(percentile(hover, 99)), '<= 5 ms'],
      ['definition p99', ms(percentile(definition, 99)), '<= 5 ms'],
      ['completion p99', ms(percentile(completion, 99)), '<= 5 ms'],
      ['hover / definition / completion p50', `${ms(percentile(hover, 50))} / ${ms(percentile(definition, 50))} / ${ms(percentile(completion, 50))}`, ''],
    ],
  );
}

await main();
