// The baseline for `npm run bench:lsp`: the smallest useful vscode-languageserver server
// (stdio, incremental sync, a hover that answers nothing). Our server's time to answer
// `initialize` is compared with this one's, started the same way.

import { createConnection, StreamMessageReader, StreamMessageWriter, TextDocumentSyncKind } from 'vscode-languageserver/node.js';

const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, hoverProvider: true } }));
connection.onHover(() => null);
connection.listen();
