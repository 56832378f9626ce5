// The LSP base protocol's framing (`Content-Length: N\r\n\r\n` + N bytes of JSON), read
// from a byte stream (stdin, a socket) with limits, replacing vscode-jsonrpc's
// StreamMessageReader on those transports.
//
// Why our own: the library's reader trusts its input. It buffers whatever Content-Length
// announces (a 200 MB header makes it hold 200 MB, a bigger one exhausts the heap), stays
// out of step for good after a header without Content-Length, and reports a body that is
// not JSON only as an error event, so the client never hears about it. Here:
//   - a message larger than `maxMessageBytes` is refused and its body discarded as it
//     streams in (never held), after which the next message is read normally;
//   - a header block that is malformed, too long, or lacks a usable Content-Length is
//     refused, and reading resumes at the next `Content-Length:` in the stream;
//   - a body that is not UTF-8 JSON is refused as a parse error (-32700).
// Every refusal goes to `hooks.refused(code, message)`, which answers the client (id null)
// and logs the reason (see protocol-guard.ts); nothing here throws or exits.

import { AbstractMessageReader, Disposable, type DataCallback, type Message, type MessageReader } from 'vscode-languageserver/node.js';

/** Largest message accepted by default: a document of tens of megabytes is not source code. */
export const DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/** Largest header block (the headers before the blank line). */
const MAX_HEADER_BYTES = 8 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');
const CONTENT_LENGTH = /content-length:/i;
/** A header name: an HTTP token (RFC 9110), optionally followed by spaces. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*$/;

export interface FramingHooks {
  /** A message refused: answer the client (id null) with this error and log it. */
  refused(code: number, message: string): void;
  /** Something worth a line in the server log, with no answer. */
  log(message: string): void;
}

type State =
  | { kind: 'header' }
  | { kind: 'body'; length: number; chunks: Buffer[]; size: number }
  | { kind: 'skip'; remaining: number }
  | { kind: 'resync' };

export class FramedMessageReader extends AbstractMessageReader implements MessageReader {
  private pending: Buffer = Buffer.alloc(0);
  private state: State = { kind: 'header' };
  private callback: DataCallback | null = null;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly stream: NodeJS.ReadableStream,
    private readonly hooks: FramingHooks,
    private readonly maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string) => this.onData(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const onError = (error: unknown) => this.fireError(error);
    let closed = false;
    const onClose = () => {
      if (closed) return;
      closed = true;
      this.noteUnfinished();
      this.fireClose();
    };
    this.stream.on('data', onData);
    this.stream.on('error', onError);
    this.stream.on('end', onClose);
    this.stream.on('close', onClose);
    return Disposable.create(() => {
      this.callback = null;
      this.stream.off('data', onData);
      this.stream.off('error', onError);
      this.stream.off('end', onClose);
      this.stream.off('close', onClose);
    });
  }

  private onData(chunk: Buffer): void {
    let data: Buffer | null = chunk;
    while (data !== null && data.length > 0) data = this.step(data);
  }

  /** Consumes what it can of `data` in the current state; returns the rest (null: wait for more). */
  private step(data: Buffer): Buffer | null {
    const state = this.state;
    switch (state.kind) {
      case 'skip': {
        const n = Math.min(state.remaining, data.length);
        state.remaining -= n;
        if (state.remaining === 0) this.state = { kind: 'header' };
        return data.subarray(n);
      }
      case 'body': {
        const needed = state.length - state.size;
        const part = data.subarray(0, needed);
        state.chunks.push(part);
        state.size += part.length;
        if (state.size < state.length) return null;
        this.state = { kind: 'header' };
        this.deliver(Buffer.concat(state.chunks, state.length));
        return data.subarray(part.length);
      }
      case 'resync': {
        const text = Buffer.concat([this.pending, data]);
        const at = text.toString('latin1').search(CONTENT_LENGTH);
        if (at < 0) {
          // Keep a tail that may hold the start of the header name.
          this.pending = Buffer.from(text.subarray(Math.max(0, text.length - 15)));
          return null;
        }
        this.pending = Buffer.alloc(0);
        this.state = { kind: 'header' };
        return text.subarray(at);
      }
      case 'header': {
        const text = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
        const end = text.indexOf(HEADER_END);
        if (end < 0) {
          if (text.length > MAX_HEADER_BYTES) {
            this.pending = Buffer.alloc(0);
            this.refuse(-32700, `Parse error: no end of headers within ${MAX_HEADER_BYTES} bytes (headers end with an empty line, \\r\\n\\r\\n)`);
            this.state = { kind: 'resync' };
            return text.subarray(text.length - 15);
          }
          this.pending = Buffer.from(text);
          return null;
        }
        this.pending = Buffer.alloc(0);
        const rest = text.subarray(end + HEADER_END.length);
        return this.header(text.subarray(0, end).toString('latin1'), text, rest);
      }
    }
  }

  /** Reads one header block; sets the next state and returns the bytes after the block (or where to resume). */
  private header(block: string, text: Buffer, rest: Buffer): Buffer {
    let length: string | null = null;
    let charset: string | null = null;
    const lines = block.split('\r\n');
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0 || !HEADER_NAME.test(line.slice(0, colon))) {
        // Leftovers of a broken message (the tail of a body cut short by a lying
        // Content-Length, which may well contain colons) before a real header: resume there.
        const at = block.search(CONTENT_LENGTH);
        if (at > 0) {
          this.hooks.log(`skipped ${at} bytes that are not a header, up to the next Content-Length`);
          return text.subarray(at);
        }
        return this.malformed(`Parse error: malformed header line ${JSON.stringify(clip(line))} (expected "Name: value")`, rest);
      }
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        if (length !== null) return this.malformed('Parse error: more than one Content-Length header', rest);
        length = value;
      } else if (name === 'content-type') {
        const match = /charset\s*=\s*"?([^";\s]+)/i.exec(value);
        if (match !== null) charset = match[1].toLowerCase();
      }
    }
    if (length === null) return this.malformed('Parse error: the message has no Content-Length header', rest);
    if (!/^\d+$/.test(length)) return this.malformed(`Parse error: Content-Length must be a number of bytes, not ${JSON.stringify(clip(length))}`, rest);
    const bytes = Number(length);
    if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
      this.refuse(-32700, `Parse error: unsupported charset ${JSON.stringify(clip(charset))}; messages must be UTF-8`);
      this.state = { kind: 'skip', remaining: bytes };
      return rest;
    }
    if (bytes > this.maxMessageBytes) {
      this.refuse(-32600, `Invalid Request: a message of ${length} bytes exceeds the limit of ${this.maxMessageBytes} bytes; it is discarded`);
      this.state = { kind: 'skip', remaining: bytes };
      return rest;
    }
    if (bytes === 0) {
      this.refuse(-32700, 'Parse error: an empty message (Content-Length: 0)');
      return rest;
    }
    this.state = { kind: 'body', length: bytes, chunks: [], size: 0 };
    return rest;
  }

  private malformed(message: string, rest: Buffer): Buffer {
    this.refuse(-32700, message);
    this.state = { kind: 'resync' };
    return rest;
  }

  private deliver(body: Buffer): void {
    let message: unknown;
    try {
      message = JSON.parse(this.decoder.decode(body));
    } catch (error) {
      const reason = error instanceof TypeError ? 'the body is not valid UTF-8' : `the body is not JSON (${(error as Error).message})`;
      this.refuse(-32700, `Parse error: ${reason}`);
      return;
    }
    this.callback?.(message as Message);
  }

  private refuse(code: number, message: string): void {
    this.hooks.refused(code, message);
  }

  /** Logs a message cut off by the end of the stream. */
  private noteUnfinished(): void {
    const state = this.state;
    if (state.kind === 'body') this.hooks.log(`the client closed the connection in the middle of a message (${state.size} of ${state.length} bytes received)`);
    else if (state.kind === 'skip') this.hooks.log(`the client closed the connection in the middle of a refused message (${state.remaining} bytes not received)`);
    else if (state.kind === 'header' && this.pending.length > 0) this.hooks.log(`the client closed the connection in the middle of a message's headers`);
  }
}

function clip(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}...`;
}
