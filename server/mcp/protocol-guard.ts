// The gate every message from an MCP client passes before the SDK's Protocol sees it, on
// every transport: JSON-RPC shape, the parameters of the requests the server serves, and
// (on transports that do not track it themselves) the session's lifecycle. What fails is
// refused with the error JSON-RPC names and logged on stderr with its reason; it never
// reaches a handler. Without it the SDK's stdio transport drops a message it cannot read
// without a word to the client, and a request whose params do not fit its schema is
// answered -32603 Internal Error with a dump of validation issues.
//
//   -32700 Parse error       the text is not JSON (found by the transports).
//   -32600 Invalid Request   not a JSON-RPC 2.0 object (`jsonrpc: "2.0"`, an integer or
//                            string id, a non-empty string method, object params); a batch
//                            (MCP has none since 2025-06-18); a request before
//                            `initialize`, or a second `initialize` (stdio).
//   -32602 Invalid params    params that do not fit the method's schema, naming the field.
//   -32601 Method not found  answered by the SDK for methods it has no handler for.
// Tool arguments are not checked here: a bad argument is the tool's `isError` result, so
// the model can read it and correct the call.
//
// ProtocolLog, beside it, watches a session's traffic and logs each error answer and each
// `isError` tool result on stderr, with the method (or tool) and id it answers.

import {
  CallToolRequestSchema,
  CancelledNotificationSchema,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  InitializedNotificationSchema,
  InitializeRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
  ProgressNotificationSchema,
  ReadResourceRequestSchema,
  RootsListChangedNotificationSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type JSONRPCMessage,
} from '@modelcontextprotocol/sdk/types.js';
import { readEnvelope } from '../json-rpc.js';

export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
} as const;

export type Id = string | number;

export interface Refusal {
  /** The id to answer (null when the message's own id could not be read). */
  id: Id | null;
  code: number;
  message: string;
}

/** What to do with one message: pass it on, refuse it (answer + log), or drop it (log only). */
export type Verdict = { pass: JSONRPCMessage } | { refuse: Refusal } | { drop: string };

interface Schema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

const REQUESTS: Record<string, Schema> = {
  initialize: InitializeRequestSchema,
  ping: PingRequestSchema,
  'tools/list': ListToolsRequestSchema,
  'tools/call': CallToolRequestSchema,
  'resources/list': ListResourcesRequestSchema,
  'resources/templates/list': ListResourceTemplatesRequestSchema,
  'resources/read': ReadResourceRequestSchema,
  'resources/subscribe': SubscribeRequestSchema,
  'resources/unsubscribe': UnsubscribeRequestSchema,
  'prompts/list': ListPromptsRequestSchema,
  'prompts/get': GetPromptRequestSchema,
  'completion/complete': CompleteRequestSchema,
  'logging/setLevel': SetLevelRequestSchema,
};

const NOTIFICATIONS: Record<string, Schema> = {
  'notifications/initialized': InitializedNotificationSchema,
  'notifications/cancelled': CancelledNotificationSchema,
  'notifications/progress': ProgressNotificationSchema,
  'notifications/roots/list_changed': RootsListChangedNotificationSchema,
};

/** Checks one parsed message's JSON-RPC shape and parameters (no lifecycle). */
export function checkMessage(raw: unknown): Verdict {
  const envelope = readEnvelope(raw, 'are not part of MCP since 2025-06-18');
  if (envelope.kind === 'invalid') return refuse(envelope.id, ErrorCode.InvalidRequest, envelope.reason);
  // A response to one of the server's requests (sampling, roots, elicitation).
  if (envelope.kind === 'response') return { pass: raw as JSONRPCMessage };
  const m = envelope.message;
  const hasId = envelope.request;
  const method = envelope.method;
  const replyId = envelope.id;
  // JSON-RPC allows positional params; no MCP method takes them.
  if (Array.isArray(m.params)) {
    if (!hasId) return { drop: `dropped the notification ${method}: invalid params: params must be an object (an array)` };
    return refuse(replyId, ErrorCode.InvalidParams, `Invalid params for ${method}: params must be an object, not an array`);
  }
  const schema = hasId ? REQUESTS[method] : NOTIFICATIONS[method];
  if (schema === undefined) {
    if (!hasId) return { drop: `ignored the notification ${method}: no such method` };
    return { pass: raw as JSONRPCMessage };
  }
  const checked = schema.safeParse({ method, params: m.params });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'params' : issue.path.map(String).join('.');
    const problem = `${where}: ${issue?.message ?? 'does not fit the method'}`;
    if (!hasId) return { drop: `dropped the notification ${method}: invalid params: ${problem}` };
    return refuse(replyId, ErrorCode.InvalidParams, `Invalid params for ${method}: ${problem}`);
  }
  return { pass: raw as JSONRPCMessage };
}

/**
 * The lifecycle of a session whose transport does not track it (stdio): requests other
 * than `ping` wait for `initialize`, which is accepted once. (Streamable HTTP ties
 * sessions to `initialize` in http.ts and the SDK's transport.)
 */
export class Lifecycle {
  private initialized = false;

  check(message: JSONRPCMessage): Verdict {
    const m = message as { id?: Id; method?: string };
    if (m.method === undefined) return { pass: message };
    const request = 'id' in m;
    if (m.method === 'initialize' && request) {
      if (this.initialized) return refuse(m.id!, ErrorCode.InvalidRequest, 'Invalid Request: "initialize" may be sent only once per session');
      this.initialized = true;
      return { pass: message };
    }
    if (this.initialized || m.method === 'ping') return { pass: message };
    if (request) return refuse(m.id!, ErrorCode.InvalidRequest, `Invalid Request: the session is not initialized; send "initialize" before ${m.method}`);
    return { drop: `dropped the notification ${m.method}: the session is not initialized yet` };
  }
}

/** Logs the errors a session answers with, naming the request they answer. */
export class ProtocolLog {
  private readonly pending = new Map<Id, string>();

  constructor(private readonly log: (line: string) => void) {}

  /** A message from the client, as it passes the gate. */
  incoming(message: unknown): void {
    const m = message as { id?: unknown; method?: unknown; params?: { name?: unknown } };
    if (typeof m.method !== 'string' || !(typeof m.id === 'string' || typeof m.id === 'number')) return;
    const tool = m.method === 'tools/call' && typeof m.params?.name === 'string' ? ` ${m.params.name}` : '';
    this.pending.set(m.id, `${m.method}${tool}`);
    if (this.pending.size > 10_000) this.pending.delete(this.pending.keys().next().value as Id);
  }

  /**
   * A message to the client: an error answer or an `isError` tool result is logged. Returns
   * the message to send: the SDK's bare "Method not found" gets the method's name.
   */
  outgoing<M>(message: M): M {
    const m = message as { id?: unknown; method?: unknown; error?: { code?: unknown; message?: unknown }; result?: { isError?: unknown; content?: unknown } };
    if (m.method !== undefined || !(typeof m.id === 'string' || typeof m.id === 'number')) return message;
    const what = this.pending.get(m.id);
    this.pending.delete(m.id);
    const label = `${what ?? 'a request'} (id ${JSON.stringify(m.id)})`;
    let sent = message;
    if (m.error !== undefined) {
      if (m.error.code === ErrorCode.MethodNotFound && m.error.message === 'Method not found' && what !== undefined) {
        sent = { ...message, error: { ...m.error, message: `Method not found: ${what}` } };
      }
      const error = (sent as { error: { code?: unknown; message?: unknown } }).error;
      this.log(`refused ${label} (${String(error.code)}): ${String(error.message)}`);
    } else if (m.result?.isError === true) this.log(`${label} answered isError: ${clip(textOf(m.result.content))}`);
    return sent;
  }
}

export function refusalMessage(refusal: Refusal): JSONRPCMessage {
  return { jsonrpc: '2.0', id: refusal.id, error: { code: refusal.code, message: refusal.message } } as unknown as JSONRPCMessage;
}

function refuse(id: Id | null, code: number, message: string): Verdict {
  return { refuse: { id, code, message } };
}

function textOf(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content.map((c: { type?: unknown; text?: unknown }) => (c.type === 'text' && typeof c.text === 'string' ? c.text : '')).join(' ');
}

function clip(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length <= max ? line : `${line.slice(0, max)}...`;
}

