// WorkspaceOwner: the hook through which a process that already owns a workspace (the
// background agent, server/agent/) lends it to MCP sessions.
//
// Why: a plain MCP session finds its files itself (every `*.ruchy` under its roots),
// watches them itself and adopts the roots the client declares. The agent has already
// done all of that with the project's own rules (watch_patterns, ignore_patterns, a
// debounced queue of file events, periodic rescans), and every session must see that one
// view, not a second one that disagrees with it. With an owner, a session:
//   - keeps the owner's roots (the client's roots/list is not asked for);
//   - brings the files up to date by asking the owner (`refresh`) instead of searching;
//   - does not watch the disk; it hears the owner's changes (`onChanges`) instead, so
//     resource subscriptions are notified whoever found the change;
//   - adds the owner's state to ruchy://status and the `status` tool (`status`);
//   - sends resource notifications only when the owner allows them (`notifications`).

import type { LanguageService } from '../../src/service/language-service.js';
import type { SyncChanges } from './file-sync.js';

export interface OwnerStatus {
  /** Shown under `agent` in ruchy://status and in the `status` tool's answer. */
  fields: Record<string, unknown>;
  /** The part of `fields` whose change is news for a subscriber (no clocks, no counters). */
  signature: string;
}

export interface WorkspaceOwner {
  /**
   * Brings the shared service up to date with the disk as the owner sees it (called before
   * every answer). What changed reaches every session through `onChanges`.
   */
  refresh(service: LanguageService): void;
  /** Listens to every change of the owner's files; returns the function that stops listening. */
  onChanges(listener: (changes: SyncChanges) => void): () => void;
  status(): OwnerStatus;
  /** Whether sessions send notifications/resources/updated and list_changed. */
  readonly notifications: boolean;
}
