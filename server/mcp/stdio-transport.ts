// The MCP stdio transport: newline-delimited JSON-RPC on stdin and stdout, with every
// message passing protocol-guard.ts. It replaces the SDK's StdioServerTransport, which
// drops a line that is not a JSON-RPC message without answering, and ends the session for
// good when 10 MB arrive without a newline. Here:
//   - a line that is not UTF-8 JSON is answered -32700 (id null);
//   - a line longer than `maxMessageBytes` is answered -32600 as soon as it passes the
//     limit, and discarded as it streams in (never held); the next line is read normally;
//   - a message the guard refuses is answered with its error, one it drops is logged;
//   - stdout closed by the client (EPIPE) or stdin ended closes the session, logged.
// Every refusal is one line on stderr: `ruchy-agent mcp: refused a message (CODE): REASON`.

import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { checkMessage, ErrorCode, Lifecycle, ProtocolLog, refusalMessage, type Refusal } from './protocol-guard.js';

/** Largest message accepted: a tool call with a whole source file inline fits many times over. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export function logLine(line: string): void {
  process.stderr.write(`ruchy-agent mcp: ${line}\n`);
}

export class GuardedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes of an oversized line discarded so far (null: not discarding). */
  private discarded: number | null = null;
  private closed = false;
  private readonly lifecycle = new Lifecycle();
  private readonly traffic: ProtocolLog;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly stdin: NodeJS.ReadableStream = process.stdin,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
    private readonly log: (line: string) => void = logLine,
  ) {
    this.traffic = new ProtocolLog(log);
  }

  async start(): Promise<void> {
    this.stdin.on('data', this.onData);
    this.stdin.on('end', this.onEnd);
    this.stdin.on('close', this.onEnd);
    this.stdin.on('error', this.onInputError);
    this.stdout.on('error', this.onOutputError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.write(this.traffic.outgoing(message));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('end', this.onEnd);
    this.stdin.off('close', this.onEnd);
    this.stdin.off('error', this.onInputError);
    this.chunks = [];
    this.onclose?.();
  }

  private write(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      if (this.stdout.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.stdout.once('drain', resolve);
    });
  }

  private readonly onData = (chunk: Buffer | string): void => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    while (data.length > 0 && !this.closed) {
      const newline = data.indexOf(0x0a);
      const part = newline < 0 ? data : data.subarray(0, newline);
      data = newline < 0 ? Buffer.alloc(0) : data.subarray(newline + 1);
      if (this.discarded !== null) {
        this.discarded += part.length;
      } else {
        this.chunks.push(part);
        this.size += part.length;
        if (this.size > this.maxMessageBytes) {
          this.refuse({ id: null, code: ErrorCode.InvalidRequest, message: `Invalid Request: a message of more than ${this.maxMessageBytes} bytes exceeds the limit of ${this.maxMessageBytes} bytes; it is discarded` });
          this.discarded = this.size;
          this.chunks = [];
          this.size = 0;
        }
      }
      if (newline < 0) break;
      if (this.discarded !== null) {
        this.log(`discarded the oversized message (${this.discarded} bytes)`);
        this.discarded = null;
        continue;
      }
      const line = Buffer.concat(this.chunks, this.size);
      this.chunks = [];
      this.size = 0;
      this.onLine(line);
    }
  };

  private onLine(bytes: Buffer): void {
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      return this.refuse({ id: null, code: ErrorCode.ParseError, message: 'Parse error: the message is not valid UTF-8' });
    }
    // Blank lines (and a \r before the newline) are not messages.
    if (text.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return this.refuse({ id: null, code: ErrorCode.ParseError, message: `Parse error: the line is not JSON (${(error as Error).message})` });
    }
    let verdict = checkMessage(raw);
    if ('pass' in verdict) verdict = this.lifecycle.check(verdict.pass);
    if ('refuse' in verdict) return this.refuse(verdict.refuse);
    if ('drop' in verdict) return this.log(verdict.drop);
    this.traffic.incoming(verdict.pass);
    this.onmessage?.(verdict.pass);
  }

  private refuse(refusal: Refusal): void {
    this.log(`refused a message (${refusal.code}): ${refusal.message}`);
    void this.write(refusalMessage(refusal));
  }

  private readonly onEnd = (): void => {
    if (this.closed) return;
    if (this.discarded !== null) this.log(`the client closed its input in the middle of an oversized message (${this.discarded} bytes discarded)`);
    else if (this.size > 0) this.log(`the client closed its input in the middle of a message (${this.size} bytes without a newline, dropped)`);
    void this.close();
  };

  private readonly onInputError = (error: Error): void => {
    this.log(`reading stdin failed: ${error.message}; ending the session`);
    void this.close();
  };

  private readonly onOutputError = (error: NodeJS.ErrnoException): void => {
    // The client stopped reading (EPIPE): nobody is left to answer.
    if (!this.closed) this.log(`the client closed its end of stdout (${error.code ?? error.message}); ending the session`);
    void this.close();
  };
}
