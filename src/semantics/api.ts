// The contract between the semantic layer and its users (the language service, the
// compiler, the CLI). Plain data in, plain data out; offsets are absolute UTF-16 offsets
// in the file named by `uri`, as in the DocumentState the analysis was made from.
//
// `analyzeProgram(view, previous, token)` (./analyze.ts) returns a ProgramAnalysis for a
// ProgramView. It reuses the previous analysis of every item whose record is unchanged
// (same ItemRecord object) and whose dependencies' signatures are unchanged, so an edit
// inside one function body re-checks that function only, and an edit that changes names
// (declared or used) also re-checks the items using those names; the result always equals
// a cold analysis of the same view. It checks `token.isCancelled`
// between components of items and, when cancelled, throws `OperationCancelled`
// (../workspace/program.ts); keep passing the last complete analysis as `previous`.
//
// Symbol ids: `<uri>::<path>` for top-level declarations (`file:///a.ruchy::geometry::square`,
// a second top-level `let x` is `...::x#2`), `<type key>.<member>` for fields, variants and
// methods, `<uri>#<item id>:<n>` for locals, `builtin:<category>:<name>` for builtins.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProgramView } from '../workspace/program.js';

export type SymbolKind =
  | 'variable'
  | 'parameter'
  | 'function'
  | 'method'
  | 'struct'
  | 'field'
  | 'enum'
  | 'variant'
  | 'trait'
  | 'typeParameter'
  | 'module'
  | 'import'
  | 'constant'
  | 'typeAlias'
  | 'actor'
  | 'effect'
  | 'label'
  | 'builtin';

export interface Location {
  uri: string;
  start: number;
  end: number;
}

export interface SymbolInfo {
  /** Stable for the lifetime of the declaring item's analysis; equal ids mean the same symbol. */
  id: string;
  name: string;
  kind: SymbolKind;
  /** The declaring identifier; null for builtins. */
  location: Location | null;
  /** The whole declaration (for outlines and folding); null for builtins. */
  declaration: Location | null;
  /** Name of the enclosing struct, enum, trait, impl target or module, if any. */
  container: string | null;
  mutable: boolean;
  /** The declared or inferred type, rendered as Ruchy would write it (`i64`, `[String]`, `fun(i64) -> bool`). */
  type: string | null;
  /** For functions and methods, the full signature (`fun add(a: i64, b: i64) -> i64`). */
  signature: string | null;
  doc: string | null;
}

export interface ReferenceInfo {
  location: Location;
  isDeclaration: boolean;
  /** Assignment target (`x = ...`, `x += ...`). */
  isWrite: boolean;
}

/** A name visible at a position, or a member of a type (for completion). */
export interface CompletionEntry {
  name: string;
  kind: SymbolKind;
  /** Rendered type, or the signature for functions and methods. */
  detail: string | null;
  doc: string | null;
  /** For functions/methods: parameter names, to build call snippets. */
  parameters: string[] | null;
}

export interface SignatureInfo {
  label: string;
  doc: string | null;
  parameters: { label: string; doc: string | null }[];
  activeParameter: number;
}

export interface DocumentSymbol {
  name: string;
  kind: SymbolKind;
  detail: string | null;
  /** The whole declaration. */
  range: Location;
  /** The name. */
  selectionRange: Location;
  children: DocumentSymbol[];
}

export interface InlayHint {
  offset: number;
  label: string;
  kind: 'type' | 'parameter';
}

export interface FunctionMetrics {
  name: string;
  /** `Point::distance` for methods. */
  qualifiedName: string;
  range: Location;
  selectionRange: Location;
  cyclomatic: number;
  cognitive: number;
  lines: number;
}

export type SemanticTokenKind =
  | 'namespace' | 'type' | 'struct' | 'enum' | 'enumMember' | 'interface' | 'typeParameter'
  | 'function' | 'method' | 'property' | 'variable' | 'parameter' | 'label' | 'macro';

export interface ClassifiedName {
  start: number;
  end: number;
  kind: SemanticTokenKind;
  modifiers: ('declaration' | 'readonly' | 'mutable' | 'defaultLibrary')[];
}

export interface ProgramAnalysis {
  readonly view: ProgramView;
  /** Semantic diagnostics of a file (syntax diagnostics come from its DocumentState). */
  diagnostics(uri: string): Diagnostic[];
  /** The symbol named by the identifier at `offset` (a declaration or a reference), with that identifier's range. */
  symbolAt(uri: string, offset: number): { symbol: SymbolInfo; range: Location } | null;
  /**
   * Every reference to the symbol across the workspace, in file and offset order. For an
   * item, that includes its `use ... as alias` imports and the uses of the alias; for an
   * import, its own name and the names of its file resolved through it.
   */
  references(symbolId: string, includeDeclaration: boolean): ReferenceInfo[];
  /**
   * The `use m::item as alias` import whose alias is written at `offset` (the alias itself
   * or a use of it), the symbol it imports, and the alias's range there; null elsewhere.
   */
  importAliasAt(uri: string, offset: number): { alias: SymbolInfo; target: SymbolInfo | null; range: Location } | null;
  /** Names visible at `offset` (locals innermost first, then items, imports, builtins). */
  visibleAt(uri: string, offset: number): CompletionEntry[];
  /** Fields and methods of the value whose expression ends just before `offset` (after a `.`). */
  membersAt(uri: string, offset: number): CompletionEntry[];
  /** The type of the innermost expression at `offset`, with its range. */
  typeAt(uri: string, offset: number): { type: string; range: Location } | null;
  /** The call whose argument list contains `offset`. */
  signatureAt(uri: string, offset: number): SignatureInfo | null;
  documentSymbols(uri: string): DocumentSymbol[];
  /** Top-level symbols and members of all files whose names match `query` (fuzzy, case-insensitive). */
  workspaceSymbols(query: string): SymbolInfo[];
  inlayHints(uri: string, start: number, end: number): InlayHint[];
  functionMetrics(uri: string): FunctionMetrics[];
  /** Every resolved name in a file, for semantic highlighting. */
  classify(uri: string): ClassifiedName[];
  /** How much work this analysis did (for tests and benchmarks). */
  readonly stats: { itemsAnalyzed: number; itemsReused: number };
}
