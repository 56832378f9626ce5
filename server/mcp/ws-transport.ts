// An MCP transport over one WebSocket connection (the server side; the SDK ships only the
// client side). One JSON-RPC message per text frame, each passing protocol-guard.ts: a
// frame that is not JSON is answered -32700, a message the guard refuses gets its error
// (-32600, -32602; before `initialize` only `ping` is served), and every refusal is logged
// on stderr. The size of a frame is limited by the WebSocketServer's maxPayload (an
// oversized frame closes the connection with 1009).

import { randomUUID } from 'node:crypto';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import WebSocket from 'ws';
import { checkMessage, ErrorCode, Lifecycle, ProtocolLog, refusalMessage, type Refusal } from './protocol-guard.js';
import { logLine } from './stdio-transport.js';

export class WebSocketServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly sessionId = randomUUID();
  private started = false;
  private readonly lifecycle = new Lifecycle();
  private readonly traffic = new ProtocolLog(logLine);
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly socket: WebSocket) {}

  async start(): Promise<void> {
    if (this.started) throw new Error('WebSocketServerTransport already started');
    this.started = true;
    this.socket.on('message', (data) => this.onFrame(Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)));
    this.socket.on('close', () => this.onclose?.());
    this.socket.on('error', (error) => this.onerror?.(error));
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.socket.readyState !== WebSocket.OPEN) throw new Error('WebSocket is not open');
    const sent = this.traffic.outgoing(message);
    await new Promise<void>((resolve, reject) => this.socket.send(JSON.stringify(sent), (error) => (error ? reject(error) : resolve())));
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(1000);
  }

  private onFrame(data: Buffer): void {
    let raw: unknown;
    try {
      raw = JSON.parse(this.decoder.decode(data));
    } catch (error) {
      const reason = error instanceof TypeError ? 'the frame is not valid UTF-8' : `the frame is not JSON (${(error as Error).message})`;
      return this.refuse({ id: null, code: ErrorCode.ParseError, message: `Parse error: ${reason}` });
    }
    let verdict = checkMessage(raw);
    if ('pass' in verdict) verdict = this.lifecycle.check(verdict.pass);
    if ('refuse' in verdict) return this.refuse(verdict.refuse);
    if ('drop' in verdict) return logLine(verdict.drop);
    this.traffic.incoming(verdict.pass);
    this.onmessage?.(verdict.pass);
  }

  private refuse(refusal: Refusal): void {
    logLine(`refused a message (${refusal.code}): ${refusal.message}`);
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(refusalMessage(refusal)));
  }
}
