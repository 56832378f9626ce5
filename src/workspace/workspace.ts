// The set of files the engine knows, by URI, each at its newest version. Every change
// produces a new immutable ProgramView (a snapshot), so a request that started on one
// view never sees half of a later update.

import { DocumentState, type TextEdit } from './document.js';
import type { ProgramView } from './program.js';
import { runToEnd, type Steps } from './slices.js';

export class Workspace {
  private files = new Map<string, DocumentState>();
  private revision = 0;
  /** The current snapshot; made when first asked for, so that loading many files copies the map once, not once per file. */
  private current: ProgramView | null = null;

  /** The current snapshot. */
  get view(): ProgramView {
    this.current ??= { revision: this.revision, files: new Map(this.files) };
    return this.current;
  }

  /** The revision of the current snapshot: it increases with every change. */
  get currentRevision(): number {
    return this.revision;
  }

  get(uri: string): DocumentState | undefined {
    return this.files.get(uri);
  }

  /** Sets a file's whole text (opening it, or replacing its content, e.g. after a change on disk). */
  setText(uri: string, text: string, version?: number): DocumentState {
    return runToEnd(this.setTextSteps(uri, text, version));
  }

  /**
   * setText() as steps: a large text is parsed in chunks, yielding between them, and the
   * workspace changes at the end. The file must not change meanwhile (that throws).
   */
  *setTextSteps(uri: string, text: string, version?: number): Steps<DocumentState> {
    const previous = this.files.get(uri);
    const nextVersion = version ?? (previous?.version ?? 0) + 1;
    const state = previous === undefined ? yield* DocumentState.createSteps(uri, nextVersion, text) : yield* previous.withTextSteps(text, nextVersion);
    if (this.files.get(uri) !== previous) throw new Error(`${uri} changed while its new text was parsed`);
    this.commit(uri, state);
    return state;
  }

  /** Applies incremental edits (offsets in the text each edit applies to). */
  edit(uri: string, edits: readonly TextEdit[], version?: number): DocumentState {
    const previous = this.files.get(uri);
    if (previous === undefined) throw new Error(`edit of a file that is not in the workspace: ${uri}`);
    const state = previous.withEdits(edits, version ?? previous.version + 1);
    this.commit(uri, state);
    return state;
  }

  remove(uri: string): boolean {
    if (!this.files.delete(uri)) return false;
    this.publish();
    return true;
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  private commit(uri: string, state: DocumentState): void {
    this.files.set(uri, state);
    this.publish();
  }

  private publish(): void {
    this.revision++;
    this.current = null;
  }
}
