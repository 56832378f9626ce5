// What every tool shares: the context it is registered with, how it answers (a terse
// text for the model plus structuredContent matching its output schema), and how a
// failure becomes `isError: true` with a message that says what to do instead. A tool
// body throws ToolError for a bad request; anything else it throws is a bug of ours,
// logged and reported, never a crash of the server.

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { LanguageService } from '../../../src/service/language-service.js';
import { RequestCancelled, type Extra, type Session } from '../session.js';

export interface ToolContext {
  session: Session;
  /** Folders a program run by the `run` tool may read and write (from --allow-read / --allow-write). */
  allowRead: readonly string[];
  allowWrite: readonly string[];
}

/** A request the tool cannot answer; the message tells the model what to pass instead. */
export class ToolError extends Error {}

/** Largest text rendering; structuredContent always has everything. */
export const MAX_TEXT = 60_000;

export function answer(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: clip(text) }], structuredContent: structured };
}

export function failure(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

export function clip(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n... (${text.length - max} more characters in structuredContent)`;
}

/**
 * Runs a tool body: prepares the workspace (files equal to the disk), then turns what the
 * body throws into an `isError` answer.
 */
export function toolHandler<A>(
  context: ToolContext,
  name: string,
  body: (args: A, service: LanguageService, extra: Extra) => Promise<CallToolResult> | CallToolResult,
): (args: A, extra: Extra) => Promise<CallToolResult> {
  return async (args, extra) => {
    const started = performance.now();
    try {
      const service = await context.session.prepare(extra);
      const result = await body(args, service, extra);
      context.session.log('debug', `${name}: answered in ${Math.round(performance.now() - started)} ms${result.isError ? ' (error)' : ''}`);
      return result;
    } catch (error) {
      if (error instanceof ToolError) return failure(error.message);
      if (error instanceof RequestCancelled || extra.signal.aborted) {
        context.session.log('info', `${name}: cancelled by the client`);
        return failure(`${name} was cancelled`);
      }
      const message = error instanceof Error ? error.message : String(error);
      context.session.log('error', `${name} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
      return failure(`${name} failed with an internal error (${message}). This is a bug in ruchy-agent; try another tool or pass the code inline as \`source\`.`);
    }
  };
}

/** Requires exactly one of `path` and `source`. */
export function pathOrSource(args: { path?: string; source?: string }, what: string): { path: string } | { source: string } {
  if (args.path !== undefined && args.source !== undefined) throw new ToolError(`pass either \`path\` or \`source\` to ${what}, not both`);
  if (args.path !== undefined) return { path: args.path };
  if (args.source !== undefined) return { source: args.source };
  throw new ToolError(`pass \`path\` (a file of the workspace, e.g. "src/main.ruchy") or \`source\` (Ruchy code inline) to ${what}`);
}
