// The plain data the language service answers with. Offsets are UTF-16 offsets into the
// file's current text; protocol adapters convert them to lines and characters.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CompletionEntry, DocumentSymbol, InlayHint, Location, SignatureInfo, SymbolInfo, SymbolKind } from '../semantics/api.js';
import type { TextEdit } from '../workspace/document.js';

export type { CompletionEntry, Diagnostic, DocumentSymbol, InlayHint, Location, SignatureInfo, SymbolInfo, SymbolKind, TextEdit };

export interface Hover {
  start: number;
  end: number;
  /** Markdown: a fenced Ruchy signature or type, then the doc comment. */
  markdown: string;
  /** The same facts as data, for tools that render their own. */
  signature: string | null;
  type: string | null;
  doc: string | null;
  symbol: SymbolInfo | null;
}

export interface Highlight {
  start: number;
  end: number;
  kind: 'read' | 'write';
}

export type RenameResult =
  | { ok: true; changes: FileEdits[] }
  | { ok: false; error: string };

/**
 * Edits of one file, all in offsets of the file's current text (as in an LSP
 * WorkspaceEdit: sorted, not overlapping; apply them last first, or map the offsets).
 */
export interface FileEdits {
  uri: string;
  edits: TextEdit[];
}

export type PrepareRenameResult =
  | { ok: true; start: number; end: number; placeholder: string }
  | { ok: false; error: string };

export interface CompletionItem {
  label: string;
  kind: SymbolKind | 'keyword' | 'snippet';
  detail: string | null;
  doc: string | null;
  /** Text to insert; a snippet (`$1` placeholders) when `isSnippet`. */
  insertText: string;
  isSnippet: boolean;
  /** The range the completion replaces (the identifier prefix being typed). */
  replaceStart: number;
  replaceEnd: number;
  sortText: string;
}

export interface SemanticToken {
  start: number;
  end: number;
  kind: string;
  modifiers: string[];
}

export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'refactor' | 'source';
  /** The diagnostics this action fixes. */
  diagnostics: Diagnostic[];
  changes: FileEdits[];
  isPreferred: boolean;
}

export interface CodeLens {
  start: number;
  end: number;
  title: string;
  /** A command the client may run: `ruchy.run` (arguments: uri) or none. */
  command: { name: string; arguments: unknown[] } | null;
}

export interface QualityReport {
  uri: string;
  functions: {
    name: string;
    qualifiedName: string;
    start: number;
    end: number;
    nameStart: number;
    nameEnd: number;
    cyclomatic: number;
    cognitive: number;
    lines: number;
    /** Over a configured limit. */
    overLimit: boolean;
  }[];
}
