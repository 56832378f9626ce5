// The gate every message from the client passes before the connection dispatches it:
// JSON-RPC shape, the LSP lifecycle, and the parameters of the methods we serve. What fails
// is answered here with the error the specifications name, logged on stderr with its
// reason, and never reaches a handler, so a handler can trust the types it is given.
//
//   JSON-RPC shape (-32600 Invalid Request): `jsonrpc: "2.0"`, an id that is an integer or
//     a string, a string method, params that are an object or an array; batches (arrays of
//     messages) are not part of LSP and are refused as one. Parse errors (-32700) come from
//     the framing (framing.ts) through `refused`.
//   Lifecycle: before `initialize`, requests get -32002 ServerNotInitialized and
//     notifications other than `exit` are dropped; a second `initialize` is -32600; after
//     `shutdown`, requests get -32600 InvalidRequest and notifications other than `exit`
//     are dropped.
//   Parameters (-32602 Invalid Params, the message naming the field): checked for every
//     method the server handles. Positions must be integers in 0..2^31-1 (a position past
//     the end of a line or document is valid and means its end, as LSP says); URIs must
//     have a scheme. A notification with bad parameters is dropped and logged.
//   Responses: only to a request the server sent (wrapWriter records their ids); any other
//     response is dropped and logged.
// Unknown methods pass through: the connection answers -32601, and main.ts logs the
// unknown notifications it ignores.

import type { DataCallback, Disposable, Message, MessageReader, MessageWriter } from 'vscode-languageserver/node.js';
import { describeValue, readEnvelope } from '../json-rpc.js';

export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  InvalidParams: -32602,
  ServerNotInitialized: -32002,
} as const;

type Lifecycle = 'new' | 'initializing' | 'running' | 'shutdown';

export class ProtocolGuard {
  private lifecycle: Lifecycle = 'new';
  /** Ids of the server's requests to the client still waiting for their response. */
  private readonly awaiting = new Set<string | number>();
  /** The client's requests being served, by id: their method, for the log of errors. */
  private readonly serving = new Map<string | number, string>();
  private readonly writer: MessageWriter;

  constructor(
    writer: MessageWriter,
    private readonly log: (line: string) => void,
  ) {
    this.writer = this.wrapWriter(writer);
  }

  /**
   * The writer for the connection: it records the ids of the requests the server sends,
   * and logs the error answers of the connection and the handlers (method not found,
   * internal errors; not cancellations, which are routine).
   */
  get guardedWriter(): MessageWriter {
    return this.writer;
  }

  private wrapWriter(writer: MessageWriter): MessageWriter {
    return {
      onError: writer.onError,
      onClose: writer.onClose,
      end: () => writer.end(),
      dispose: () => writer.dispose(),
      write: (message: Message): Promise<void> => {
        const m = message as { id?: unknown; method?: unknown; error?: { code: number; message: string } };
        if (typeof m.id === 'number' || typeof m.id === 'string') {
          if (typeof m.method === 'string') this.awaiting.add(m.id);
          else {
            const method = this.serving.get(m.id);
            this.serving.delete(m.id);
            if (method !== undefined && m.error !== undefined && !ROUTINE_ERRORS.has(m.error.code)) {
              this.log(`answered ${method} (id ${JSON.stringify(m.id)}) with an error (${m.error.code}): ${m.error.message}`);
            }
          }
        }
        return writer.write(message);
      },
    };
  }

  /** A message refused before it could be read (framing, JSON): answered with id null. */
  refused(code: number, message: string): void {
    this.reply(null, code, message);
  }

  /** The reader, with every message checked before `listen`'s callback sees it. */
  wrap(reader: MessageReader): MessageReader {
    const listen = reader.listen.bind(reader);
    const guarded: MessageReader = {
      onError: reader.onError,
      onClose: reader.onClose,
      onPartialMessage: reader.onPartialMessage,
      dispose: () => reader.dispose(),
      listen: (callback: DataCallback): Disposable =>
        listen((message) => {
          if (this.admit(message)) callback(message);
        }),
    };
    return guarded;
  }

  /** Whether the message may be dispatched; answers or logs it when not. */
  admit(raw: unknown): boolean {
    const envelope = readEnvelope(raw, 'are not supported by LSP');
    if (envelope.kind === 'invalid') return this.refuse(envelope.id, ErrorCode.InvalidRequest, envelope.reason);
    if (envelope.kind === 'response') {
      // A response: to one of our requests, or dropped.
      if (envelope.id !== null && this.awaiting.delete(envelope.id)) return true;
      const m = envelope.message;
      const error = 'error' in m ? ` (it reports an error: ${JSON.stringify(m.error).slice(0, 200)})` : '';
      this.log(`ignored a response to id ${JSON.stringify(m.id)}, which the server never sent as a request${error}`);
      return false;
    }
    const { method, request, message: m } = envelope;
    const replyId = envelope.id;

    // ------------------------------------------------------------ lifecycle
    if (method === 'exit' && !request) return true;
    if (this.lifecycle === 'shutdown') {
      if (request) return this.refuse(replyId, ErrorCode.InvalidRequest, `Invalid Request: the server is shutting down; after "shutdown" only the "exit" notification is accepted (got ${method})`);
      this.log(`dropped the notification ${method}: the server is shutting down`);
      return false;
    }
    if (this.lifecycle === 'new' && method !== 'initialize') {
      if (request) return this.refuse(replyId, ErrorCode.ServerNotInitialized, `Server not initialized: send "initialize" before ${method}`);
      this.log(`dropped the notification ${method}: the server is not initialized yet`);
      return false;
    }
    if (method === 'initialize' && this.lifecycle !== 'new') {
      return this.refuse(replyId, ErrorCode.InvalidRequest, 'Invalid Request: "initialize" may be sent only once');
    }

    // ------------------------------------------------------------ parameters
    const check = request ? REQUESTS[method] : NOTIFICATIONS[method];
    if (check !== undefined) {
      const problem = check(m.params, 'params');
      if (problem !== null) {
        if (request) return this.refuse(replyId, ErrorCode.InvalidParams, `Invalid params for ${method}: ${problem}`);
        this.log(`dropped the notification ${method}: invalid params: ${problem}`);
        return false;
      }
    }
    if (request) this.serving.set(replyId!, method);
    if (request && method === 'initialize') this.lifecycle = 'initializing';
    if (!request && method === 'initialized') this.lifecycle = 'running';
    if (request && method === 'shutdown') this.lifecycle = 'shutdown';
    return true;
  }

  private refuse(id: string | number | null, code: number, message: string): false {
    this.reply(id, code, message);
    return false;
  }

  private reply(id: string | number | null, code: number, message: string): void {
    this.log(`refused a message (${code}): ${message}`);
    this.writer.write({ jsonrpc: '2.0', id, error: { code, message } } as Message).catch(() => undefined);
  }
}

// ---------------------------------------------------------------- parameter checks

/** Returns null when `value` (found at `where`) is acceptable, else what is wrong with it. */
type Check = (value: unknown, where: string) => string | null;

const MAX_UINTEGER = 2 ** 31 - 1;

/** RequestCancelled, ContentModified, ServerCancelled: the normal end of a request overtaken by events. */
const ROUTINE_ERRORS = new Set([-32800, -32801, -32802]);


const any: Check = () => null;

const string: Check = (v, where) => (typeof v === 'string' ? null : `${where} must be a string (${describeValue(v)})`);

const boolean: Check = (v, where) => (typeof v === 'boolean' ? null : `${where} must be a boolean (${describeValue(v)})`);

const integer: Check = (v, where) => (typeof v === 'number' && Number.isSafeInteger(v) ? null : `${where} must be an integer (${describeValue(v)})`);

const uinteger: Check = (v, where) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_UINTEGER ? null : `${where} must be an integer from 0 to ${MAX_UINTEGER} (${describeValue(v)})`;

const object: Check = (v, where) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? null : `${where} must be an object (${describeValue(v)})`);

/** A URI: `scheme:rest`, as RFC 3986 spells a scheme. */
const uri: Check = (v, where) =>
  typeof v === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v) ? null : `${where} must be a URI such as "file:///path/to/file.ruchy" (${describeValue(v)})`;

function optional(check: Check): Check {
  return (v, where) => (v === undefined ? null : check(v, where));
}

function nullable(check: Check): Check {
  return (v, where) => (v === null ? null : check(v, where));
}

function oneOf(...checks: Check[]): Check {
  return (v, where) => {
    const problems = checks.map((c) => c(v, where));
    return problems.includes(null) ? null : problems.join(', or ');
  };
}

function array(item: Check): Check {
  return (v, where) => {
    if (!Array.isArray(v)) return `${where} must be an array (${describeValue(v)})`;
    for (const [i, x] of v.entries()) {
      const problem = item(x, `${where}[${i}]`);
      if (problem !== null) return problem;
    }
    return null;
  };
}

/** An object with (at least) these fields; other fields are allowed, as LSP clients send extras. */
function shape(fields: Record<string, Check>): Check {
  return (v, where) => {
    const problem = object(v, where);
    if (problem !== null) return problem;
    for (const [name, check] of Object.entries(fields)) {
      const fieldProblem = check((v as Record<string, unknown>)[name], `${where}.${name}`);
      if (fieldProblem !== null) return fieldProblem;
    }
    return null;
  };
}

const textDocument = shape({ uri });
const position = shape({ line: uinteger, character: uinteger });
const range = shape({ start: position, end: position });
const atPosition = shape({ textDocument, position });
const document = shape({ textDocument });
const folder = shape({ uri, name: string });
const formattingOptions = shape({ tabSize: uinteger, insertSpaces: boolean });
const processId: Check = (v, where) =>
  v === null || (typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= MAX_UINTEGER) ? null : `${where} must be a process id (a positive integer) or null (${describeValue(v)})`;

const REQUESTS: Record<string, Check> = {
  initialize: shape({
    processId: optional(processId),
    capabilities: object,
    rootUri: optional(nullable(uri)),
    rootPath: optional(nullable(string)),
    workspaceFolders: optional(nullable(array(folder))),
  }),
  shutdown: any,
  'textDocument/hover': atPosition,
  'textDocument/definition': atPosition,
  'textDocument/typeDefinition': atPosition,
  'textDocument/documentHighlight': atPosition,
  'textDocument/prepareRename': atPosition,
  'textDocument/completion': atPosition,
  'textDocument/signatureHelp': atPosition,
  'textDocument/references': shape({ textDocument, position, context: shape({ includeDeclaration: boolean }) }),
  'textDocument/rename': shape({ textDocument, position, newName: string }),
  'textDocument/documentSymbol': document,
  'textDocument/formatting': shape({ textDocument, options: formattingOptions }),
  'textDocument/rangeFormatting': shape({ textDocument, range, options: formattingOptions }),
  'textDocument/semanticTokens/full': document,
  'textDocument/semanticTokens/full/delta': shape({ textDocument, previousResultId: string }),
  'textDocument/foldingRange': document,
  'textDocument/selectionRange': shape({ textDocument, positions: array(position) }),
  'textDocument/inlayHint': shape({ textDocument, range }),
  'textDocument/codeAction': shape({ textDocument, range, context: shape({ diagnostics: array(object) }) }),
  'textDocument/codeLens': document,
  'textDocument/diagnostic': document,
  'workspace/symbol': shape({ query: string }),
  'workspace/diagnostic': shape({ previousResultIds: array(shape({ uri, value: string })) }),
  'workspace/executeCommand': shape({ command: string, arguments: optional(array(any)) }),
  'completionItem/resolve': shape({ label: string }),
};

const NOTIFICATIONS: Record<string, Check> = {
  initialized: optional(object),
  '$/cancelRequest': shape({ id: oneOf(integer, string) }),
  '$/setTrace': shape({ value: string }),
  'textDocument/didOpen': shape({ textDocument: shape({ uri, languageId: string, version: integer, text: string }) }),
  'textDocument/didChange': shape({
    textDocument: shape({ uri, version: integer }),
    contentChanges: array(shape({ range: optional(range), text: string })),
  }),
  'textDocument/didClose': document,
  'textDocument/didSave': document,
  'workspace/didChangeWatchedFiles': shape({ changes: array(shape({ uri, type: uinteger })) }),
  'workspace/didChangeWorkspaceFolders': shape({ event: shape({ added: array(folder), removed: array(folder) }) }),
  'workspace/didChangeConfiguration': object,
};
