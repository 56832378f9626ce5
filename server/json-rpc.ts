// The JSON-RPC 2.0 envelope, checked the same way by both servers' protocol guards
// (server/lsp/protocol-guard.ts, server/mcp/protocol-guard.ts): what a message is
// (a call, a response, or an invalid request with the reason), before any method's
// parameters or the protocol's lifecycle are looked at.

export type Id = string | number;

export type Envelope =
  /** Not a JSON-RPC 2.0 message: answer -32600 with `reason`, to `id` when it could be read. */
  | { kind: 'invalid'; id: Id | null; reason: string }
  /** A response (to one of the server's requests, if `id` is one it sent). */
  | { kind: 'response'; id: Id | null; message: Record<string, unknown> }
  /** A request (`request`: it has an id) or a notification. */
  | { kind: 'call'; id: Id | null; request: boolean; method: string; message: Record<string, unknown> };

/** Reads the envelope of one parsed message; `batches` says why an array is refused. */
export function readEnvelope(raw: unknown, batches: string): Envelope {
  if (Array.isArray(raw)) return { kind: 'invalid', id: null, reason: `Invalid Request: batches (arrays of messages) ${batches}; send one message at a time` };
  if (typeof raw !== 'object' || raw === null) return { kind: 'invalid', id: null, reason: `Invalid Request: a message must be a JSON object, not ${describeValue(raw)}` };
  const m = raw as Record<string, unknown>;
  const hasId = 'id' in m;
  const idValid = typeof m.id === 'string' || (typeof m.id === 'number' && Number.isSafeInteger(m.id));
  const replyId = idValid ? (m.id as Id) : null;
  if (m.jsonrpc !== '2.0') return { kind: 'invalid', id: replyId, reason: `Invalid Request: "jsonrpc" must be "2.0", not ${describeValue(m.jsonrpc)}` };
  if (!('method' in m)) {
    if (hasId && (idValid || m.id === null) && ('result' in m || 'error' in m)) return { kind: 'response', id: replyId, message: m };
    return { kind: 'invalid', id: replyId, reason: 'Invalid Request: a message needs a "method" (a request or notification) or an "id" with a "result" or "error" (a response)' };
  }
  if (hasId && !idValid) return { kind: 'invalid', id: null, reason: `Invalid Request: "id" must be an integer or a string, not ${describeValue(m.id)}` };
  if (typeof m.method !== 'string' || m.method === '') return { kind: 'invalid', id: replyId, reason: `Invalid Request: "method" must be a non-empty string, not ${describeValue(m.method)}` };
  if ('params' in m && (typeof m.params !== 'object' || m.params === null)) {
    return { kind: 'invalid', id: replyId, reason: `Invalid Request: "params" must be an object or an array, not ${describeValue(m.params)}` };
  }
  return { kind: 'call', id: replyId, request: hasId, method: m.method, message: m };
}

/** A value as a refusal names it: `missing`, `null`, `an array`, `the string "..."`, `number 7`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
