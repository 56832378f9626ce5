// What the semantic layer sees of a workspace: every file's current DocumentState.
// Immutable: a new edit makes a new ProgramView; analyses key their caches on the
// ItemRecords it holds (a record that survives an edit is the same object).

import type { DocumentState } from './document.js';

export interface ProgramView {
  /** Increases with every change of any file. */
  readonly revision: number;
  readonly files: ReadonlyMap<string, DocumentState>;
}

/** Cooperative cancellation: long work checks `isCancelled` between items and stops early. */
export interface CancellationToken {
  readonly isCancelled: boolean;
}

export const NeverCancelled: CancellationToken = { isCancelled: false };

export class CancellationSource {
  private cancelled = false;
  readonly token: CancellationToken;

  constructor() {
    const own = this;
    this.token = {
      get isCancelled(): boolean {
        return own.cancelled;
      },
    };
  }

  cancel(): void {
    this.cancelled = true;
  }
}

export class OperationCancelled extends Error {
  constructor() {
    super('operation cancelled by a newer change');
  }
}

export function throwIfCancelled(token: CancellationToken): void {
  if (token.isCancelled) throw new OperationCancelled();
}
