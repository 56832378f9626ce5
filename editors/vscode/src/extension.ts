// The Ruchy extension for VS Code: the language, its TextMate grammar (package.json), and
// a language client that starts the ruchy-agent language server. Everything a user asks
// (diagnostics, hover, completion, rename, code lenses such as "▶ Run") comes from the
// server; the `ruchy.run` command is forwarded to it by the client, and the run's output
// appears in the "Ruchy" output channel.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('ruchy.restartServer', async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('ruchy.server') || event.affectsConfiguration('ruchy.maxComplexity') || event.affectsConfiguration('ruchy.maxCognitiveComplexity')) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration('ruchy');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'ruchy' },
      { scheme: 'untitled', language: 'ruchy' },
    ],
    outputChannelName: 'Ruchy',
    initializationOptions: {
      maxComplexity: config.get<number>('maxComplexity'),
      maxCognitiveComplexity: config.get<number>('maxCognitiveComplexity'),
    },
  };
  client = new LanguageClient('ruchy', 'Ruchy', serverOptions(config), clientOptions);
  try {
    await client.start();
  } catch (error) {
    const path = config.get<string>('server.path', 'ruchy-agent');
    void vscode.window.showErrorMessage(`Could not start the Ruchy language server (${path}): ${error instanceof Error ? error.message : String(error)}. Set "ruchy.server.path".`);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) await running.stop();
}

/**
 * `ruchy.server.path` is the ruchy-agent executable (run as `ruchy-agent serve --mode lsp`
 * over stdio) or a JavaScript entry such as dist/server/lsp/bin.js (run with VS Code's
 * Node over IPC).
 */
function serverOptions(config: vscode.WorkspaceConfiguration): ServerOptions {
  const path = config.get<string>('server.path', 'ruchy-agent');
  const extra = config.get<string[]>('server.args', []);
  if (path.endsWith('.js') || path.endsWith('.mjs')) {
    const module = { module: path, args: extra, transport: TransportKind.ipc };
    return { run: module, debug: module };
  }
  // No `transport`: the client speaks over the child's stdio and adds no `--stdio` flag.
  const executable = { command: path, args: [...extra, 'serve', '--mode', 'lsp'] };
  return { run: executable, debug: executable };
}
