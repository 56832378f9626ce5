// The language service: the one API that every front door calls (CLI, LSP, MCP, the
// background agent, tests). It owns a Workspace of files and the newest semantic
// analysis of it; every answer is plain data with offsets into a file's current text.
//
// Analysis is lazy and incremental: an edit only records the new text (and re-parses
// the items it touched); the next question that needs semantics runs analyzeProgram,
// which reuses every unaffected item of the previous analysis. A newer edit cancels
// an analysis still running for an older one (see `analysis(token)`).
//
// A server catches up in slices instead (`analysisInSlices`): the analysis runs a few
// milliseconds at a time with a turn of the event loop between, so that checking a 5 MB
// file does not stop it from answering. Meanwhile, questions about one file that the
// change cannot affect (see `unaffectedBy`) are answered from the last complete analysis.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareDiagnostics } from '../diagnostics/diagnostic.js';
import { compile, type CompileResult } from '../compiler/compile.js';
import { run, type RunLimits, type RunResult } from '../compiler/run.js';
import type { ProgramAnalysis } from '../semantics/api.js';
import { format, formatRange, type FormatOptions } from '../syntax/format.js';
import { analysisSteps, analyzeProgram } from '../semantics/analyze.js';
import { nodePath } from '../syntax/walk.js';
import type { DocumentState, TextEdit } from '../workspace/document.js';
import { NeverCancelled, type CancellationToken, type ProgramView } from '../workspace/program.js';
import { runInSlices } from '../workspace/slices.js';
import { Workspace } from '../workspace/workspace.js';
import { codeActions } from './code-actions.js';
import { lintCodeActions } from './lint.js';
import { codeLenses } from './code-lens.js';
import { completions } from './completion.js';
import { foldingRangesOfParts, type FoldingRange } from './folding.js';
import { hover } from './hover.js';
import { prepareRename, relatedSymbols, rename } from './rename.js';
import { signatureHelp } from './signature-help.js';
import { itemAt } from './syntax-at.js';
import type { SelectionRange } from './selection.js';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  DocumentSymbol,
  FileEdits,
  Highlight,
  Hover,
  InlayHint,
  Location,
  PrepareRenameResult,
  QualityReport,
  RenameResult,
  SemanticToken,
  SignatureInfo,
  SymbolInfo,
} from './types.js';

export interface LanguageServiceOptions {
  /** Cyclomatic complexity above which a function is flagged (code lens, quality). */
  maxComplexity?: number;
  /** Cognitive complexity above which a function is flagged. */
  maxCognitiveComplexity?: number;
}

export interface LanguageService {
  // ---- files
  /** Sets a file's whole text (opening it, or replacing it after a change on disk). */
  setFile(uri: string, text: string, version?: number): DocumentState;
  /**
   * setFile in slices of a few milliseconds with a turn of the event loop between them (a
   * server answers meanwhile): a large text is parsed in chunks; the workspace changes at
   * the end. The caller must not change this file meanwhile (that rejects).
   */
  setFileInSlices(uri: string, text: string, version?: number): Promise<DocumentState>;
  /** Applies incremental edits, each in offsets of the text produced by the edits before it. */
  editFile(uri: string, edits: readonly TextEdit[], version?: number): DocumentState;
  removeFile(uri: string): boolean;
  getDocument(uri: string): DocumentState | undefined;
  files(): string[];

  // ---- analysis
  /** The analysis of the current workspace; throws OperationCancelled if `token` is cancelled meanwhile. */
  analysis(token?: CancellationToken): ProgramAnalysis;
  /**
   * Brings the analysis up to date in slices of a few milliseconds with a turn of the event
   * loop between them; concurrent callers share one run. Rejects with OperationCancelled when
   * the workspace changes before the run ends (ask again for the newer workspace).
   */
  analysisInSlices(): Promise<ProgramAnalysis>;
  /**
   * While analysisInSlices is catching up: whether questions about `uri` alone (hover,
   * completion, definition, document symbols, semantic tokens, inlay hints, highlights,
   * signature help) are answered from the last complete analysis, which holds this very
   * text of `uri`, which names none of the changed files. False when the analysis is
   * current or not catching up.
   */
  answersFromPrevious(uri: string): boolean;
  /** Syntax and semantic diagnostics of a file, sorted. */
  diagnostics(uri: string, token?: CancellationToken): Diagnostic[];

  // ---- questions at a position
  hover(uri: string, offset: number): Hover | null;
  definition(uri: string, offset: number): Location[];
  typeDefinition(uri: string, offset: number): Location[];
  references(uri: string, offset: number, includeDeclaration: boolean): Location[];
  highlights(uri: string, offset: number): Highlight[];
  prepareRename(uri: string, offset: number): PrepareRenameResult;
  rename(uri: string, offset: number, newName: string): RenameResult;
  completions(uri: string, offset: number): CompletionItem[];
  signatureHelp(uri: string, offset: number): SignatureInfo | null;
  selectionRanges(uri: string, offsets: readonly number[]): SelectionRange[];

  // ---- questions about a file or the workspace
  documentSymbols(uri: string): DocumentSymbol[];
  workspaceSymbols(query: string): SymbolInfo[];
  semanticTokens(uri: string): SemanticToken[];
  foldingRanges(uri: string): FoldingRange[];
  inlayHints(uri: string, start: number, end: number): InlayHint[];
  codeActions(uri: string, start: number, end: number): CodeAction[];
  codeLenses(uri: string): CodeLens[];
  quality(uri: string): QualityReport;

  // ---- formatting, compilation, running
  /** Edits that format the whole file (none when it has syntax errors or is already formatted). */
  format(uri: string, options?: FormatOptions): TextEdit[];
  /** Edits that format the top-level statements overlapping [start, end). */
  formatRange(uri: string, start: number, end: number, options?: FormatOptions): TextEdit[];
  /** Compiles a file of the workspace, or a source text, to JavaScript. */
  compile(target: { uri: string } | { source: string }, options?: { sourceMap?: boolean }): CompileResult;
  /** Compiles and runs a file or a source text in the sandbox. */
  run(target: { uri: string } | { source: string }, limits?: RunLimits): Promise<RunResult>;
}

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  return new Service(options);
}

class Service implements LanguageService {
  private readonly workspace = new Workspace();
  private latest: ProgramAnalysis | null = null;
  /** The run of analysisInSlices in progress, and the view it analyses. */
  private catchingUp: { view: ProgramView; run: Promise<ProgramAnalysis> } | null = null;
  private readonly maxComplexity: number;
  private readonly maxCognitive: number;

  constructor(options: LanguageServiceOptions) {
    this.maxComplexity = options.maxComplexity ?? 20;
    this.maxCognitive = options.maxCognitiveComplexity ?? 15;
  }

  // ---------------------------------------------------------------- files

  setFile(uri: string, text: string, version?: number): DocumentState {
    return this.workspace.setText(uri, text, version);
  }

  setFileInSlices(uri: string, text: string, version?: number): Promise<DocumentState> {
    return runInSlices(this.workspace.setTextSteps(uri, text, version));
  }

  editFile(uri: string, edits: readonly TextEdit[], version?: number): DocumentState {
    return this.workspace.edit(uri, edits, version);
  }

  removeFile(uri: string): boolean {
    return this.workspace.remove(uri);
  }

  getDocument(uri: string): DocumentState | undefined {
    return this.workspace.get(uri);
  }

  files(): string[] {
    return this.workspace.uris();
  }

  // ---------------------------------------------------------------- analysis

  analysis(token: CancellationToken = NeverCancelled): ProgramAnalysis {
    const view = this.workspace.view;
    if (this.latest === null || this.latest.view !== view) {
      // On cancellation analyzeProgram throws and `latest` keeps the last complete analysis,
      // which the next attempt reuses.
      this.latest = analyzeProgram(view, this.latest, token);
    }
    return this.latest;
  }

  analysisInSlices(): Promise<ProgramAnalysis> {
    const view = this.workspace.view;
    if (this.latest !== null && this.latest.view === view) return Promise.resolve(this.latest);
    if (this.catchingUp !== null && this.catchingUp.view === view) return this.catchingUp.run;
    // A run for an older view stops at its next slice (its token sees the newer view).
    const workspace = this.workspace;
    const stale: CancellationToken = {
      get isCancelled() {
        return workspace.currentRevision !== view.revision;
      },
    };
    const run = runInSlices(analysisSteps(view, this.latest, stale), stale).then((analysis) => {
      if (this.latest === null || this.latest.view.revision < view.revision) this.latest = analysis;
      return analysis;
    });
    const entry = { view, run };
    this.catchingUp = entry;
    const done = () => {
      if (this.catchingUp === entry) this.catchingUp = null;
    };
    // Callers that do not wait (answersFromPrevious) must not leave a rejection unhandled.
    run.then(done, done);
    return run;
  }

  answersFromPrevious(uri: string): boolean {
    const previous = this.latest;
    if (this.catchingUp === null || previous === null || previous.view === this.workspace.view) return false;
    return unaffectedBy(previous.view, this.workspace.view, uri);
  }

  /** The analysis that questions about `uri` alone are answered from (see answersFromPrevious). */
  private analysisFor(uri: string): ProgramAnalysis {
    return this.answersFromPrevious(uri) ? this.latest! : this.analysis();
  }

  diagnostics(uri: string, token?: CancellationToken): Diagnostic[] {
    if (this.workspace.get(uri) === undefined) return [];
    return mergedDiagnostics(this.analysis(token), uri);
  }

  /**
   * The analysis of the current workspace with `changes` applied, leaving the workspace as
   * it is (to check that an edit keeps the program's meaning). Unchanged items are reused.
   */
  private analyzeWith(changes: readonly FileEdits[]): ProgramAnalysis {
    const base = this.analysis();
    const files = new Map(base.view.files);
    for (const change of changes) {
      const document = files.get(change.uri);
      if (document === undefined) continue;
      // Last edit first, so that each edit's offsets are still those of the original text.
      const edits = [...change.edits].sort((a, b) => b.start - a.start);
      files.set(change.uri, document.withEdits(edits, document.version + 1));
    }
    return analyzeProgram({ revision: base.view.revision, files }, base, NeverCancelled);
  }

  // ---------------------------------------------------------------- positions

  hover(uri: string, offset: number): Hover | null {
    return hover(this.analysisFor(uri), uri, offset);
  }

  definition(uri: string, offset: number): Location[] {
    const analysis = this.analysisFor(uri);
    const found = analysis.symbolAt(uri, offset);
    // The alias of `use m::triple as t3` leads to `triple`, as its uses do.
    const target = found?.symbol.kind === 'import' ? analysis.importAliasAt(uri, offset)?.target : undefined;
    if (target?.location) return [target.location];
    return found?.symbol.location ? [found.symbol.location] : [];
  }

  typeDefinition(uri: string, offset: number): Location[] {
    const analysis = this.analysis();
    const type = analysis.symbolAt(uri, offset)?.symbol.type ?? analysis.typeAt(uri, offset)?.type ?? null;
    if (type === null) return [];
    const out: Location[] = [];
    for (const name of typeNames(type)) {
      for (const symbol of analysis.workspaceSymbols(name)) {
        if (symbol.name === name && symbol.location !== null && isTypeKind(symbol.kind)) out.push(symbol.location);
      }
    }
    return out;
  }

  references(uri: string, offset: number, includeDeclaration: boolean): Location[] {
    const analysis = this.analysis();
    const found = analysis.symbolAt(uri, offset);
    if (found === null) return [];
    // From the alias of `use m::triple as t3`: the references of `triple`, as from its uses.
    const target = found.symbol.kind === 'import' ? analysis.importAliasAt(uri, offset)?.target : undefined;
    if (target !== undefined && target !== null) return analysis.references(target.id, includeDeclaration).map((r) => r.location);
    // A trait method and the methods implementing it are one name: a call through
    // `T: Trait` or `dyn Trait` finds the impls and their calls too, and the other way round.
    const related = relatedSymbols({ analysis, document: (file) => this.workspace.get(file), files: () => this.workspace.uris() }, found.symbol);
    const seen = new Set<string>();
    const out: Location[] = [];
    for (const symbol of related) {
      for (const { location } of analysis.references(symbol.id, includeDeclaration)) {
        const key = `${location.uri}#${location.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(location);
      }
    }
    if (related.length > 1) out.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.start - b.start));
    return out;
  }

  highlights(uri: string, offset: number): Highlight[] {
    const analysis = this.analysisFor(uri);
    // An alias (`t3` of `use m::triple as t3`) highlights as itself, not as what it imports.
    const id = analysis.importAliasAt(uri, offset)?.alias.id ?? analysis.symbolAt(uri, offset)?.symbol.id;
    if (id === undefined) return [];
    return analysis
      .references(id, true)
      .filter((r) => r.location.uri === uri)
      // A declaration gives the name its value, as an assignment does.
      .map((r) => ({ start: r.location.start, end: r.location.end, kind: r.isWrite || r.isDeclaration ? 'write' : 'read' }));
  }

  prepareRename(uri: string, offset: number): PrepareRenameResult {
    return prepareRename(this.analysis(), uri, offset);
  }

  rename(uri: string, offset: number, newName: string): RenameResult {
    return rename(
      {
        analysis: this.analysis(),
        document: (file) => this.workspace.get(file),
        files: () => this.workspace.uris(),
        diagnostics: (analysis, file) => mergedDiagnostics(analysis, file),
        analyzeWith: (changes) => this.analyzeWith(changes),
      },
      uri,
      offset,
      newName,
    );
  }

  completions(uri: string, offset: number): CompletionItem[] {
    const document = this.workspace.get(uri);
    if (document === undefined) return [];
    return completions(this.analysisFor(uri), document, offset);
  }

  signatureHelp(uri: string, offset: number): SignatureInfo | null {
    const document = this.workspace.get(uri);
    if (document === undefined) return null;
    return signatureHelp(this.analysisFor(uri), document, offset);
  }

  selectionRanges(uri: string, offsets: readonly number[]): SelectionRange[] {
    const document = this.workspace.get(uri);
    if (document === undefined) return [];
    return offsets.map((offset) => selectionInDocument(document, offset));
  }

  // ---------------------------------------------------------------- files and workspace

  documentSymbols(uri: string): DocumentSymbol[] {
    return this.analysisFor(uri).documentSymbols(uri);
  }

  workspaceSymbols(query: string): SymbolInfo[] {
    return this.analysis().workspaceSymbols(query);
  }

  semanticTokens(uri: string): SemanticToken[] {
    const tokens = this.analysisFor(uri)
      .classify(uri)
      .map((c) => ({ start: c.start, end: c.end, kind: c.kind, modifiers: [...c.modifiers] }));
    // One token per range (an identifier can be both a declaration and a reference: the
    // declaration wins), none overlapping the one before.
    const declared = (t: SemanticToken) => (t.modifiers.includes('declaration') ? 0 : 1);
    tokens.sort((a, b) => a.start - b.start || a.end - b.end || declared(a) - declared(b));
    const kept: SemanticToken[] = [];
    for (const token of tokens) {
      const last = kept[kept.length - 1];
      if (last === undefined || token.start >= last.end) kept.push(token);
    }
    return kept;
  }

  foldingRanges(uri: string): FoldingRange[] {
    const document = this.workspace.get(uri);
    if (document === undefined) return [];
    const parts = document.items.map((item, i) => ({ stmt: item.stmt, comments: item.comments, base: document.offsets[i] }));
    return foldingRangesOfParts(parts, document.lineIndex);
  }

  inlayHints(uri: string, start: number, end: number): InlayHint[] {
    return this.analysisFor(uri).inlayHints(uri, start, end);
  }

  codeActions(uri: string, start: number, end: number): CodeAction[] {
    const document = this.workspace.get(uri);
    if (document === undefined) return [];
    const inRange = this.diagnostics(uri).filter((d) => d.start <= end && d.end >= start);
    const fixes = codeActions({ analysis: this.analysis(), document, documentOf: (file) => this.workspace.get(file) }, inRange);
    // Then the style rules' fixes (naming) and refactorings (extract function) for the range.
    const quality = { max_complexity: this.maxComplexity, max_cognitive_complexity: this.maxCognitive, enforce_standards: true };
    return [...fixes, ...lintCodeActions(this, uri, start, end, { quality })];
  }

  codeLenses(uri: string): CodeLens[] {
    const document = this.workspace.get(uri);
    if (document === undefined) return [];
    return codeLenses(this.analysis(), document, this.quality(uri));
  }

  quality(uri: string): QualityReport {
    const functions = this.analysis()
      .functionMetrics(uri)
      .map((m) => ({
        name: m.name,
        qualifiedName: m.qualifiedName,
        start: m.range.start,
        end: m.range.end,
        nameStart: m.selectionRange.start,
        nameEnd: m.selectionRange.end,
        cyclomatic: m.cyclomatic,
        cognitive: m.cognitive,
        lines: m.lines,
        overLimit: m.cyclomatic > this.maxComplexity || m.cognitive > this.maxCognitive,
      }));
    return { uri, functions };
  }

  // ---------------------------------------------------------------- formatting, compiling, running

  format(uri: string, options?: FormatOptions): TextEdit[] {
    const document = this.workspace.get(uri);
    if (document === undefined) return [];
    const result = format(document.text, options);
    return result.changed ? [{ start: 0, end: document.text.length, text: result.text }] : [];
  }

  formatRange(uri: string, start: number, end: number, options?: FormatOptions): TextEdit[] {
    const document = this.workspace.get(uri);
    if (document === undefined) return [];
    return formatRange(document.text, start, end, options);
  }

  compile(target: { uri: string } | { source: string }, options: { sourceMap?: boolean } = {}): CompileResult {
    const { source, fileName } = this.sourceOf(target);
    return compile(source, { fileName, sourceMap: options.sourceMap ?? false });
  }

  run(target: { uri: string } | { source: string }, limits: RunLimits = {}): Promise<RunResult> {
    return run(this.sourceOf(target).source, limits);
  }

  private sourceOf(target: { uri: string } | { source: string }): { source: string; fileName: string } {
    if ('source' in target) return { source: target.source, fileName: 'input.ruchy' };
    const document = this.workspace.get(target.uri);
    if (document === undefined) throw new Error(`not a file of the workspace: ${target.uri}`);
    return { source: document.text, fileName: target.uri.slice(target.uri.lastIndexOf('/') + 1) };
  }
}

/** Above this many changed files, no file is taken to be unaffected (the check would cost more than it saves). */
const MAX_CHANGED_FILES = 64;

/**
 * Whether what the analysis of `previous` says about `uri` alone still holds in `current`:
 * `uri` has the same text (the same DocumentState) in both, and it names none of the files
 * that differ, neither by file stem nor by folder. Files reach one another only through
 * module paths (`use shapes::area`, `util::f()`), which name the file or its folder.
 */
function unaffectedBy(previous: ProgramView, current: ProgramView, uri: string): boolean {
  const document = current.files.get(uri);
  if (document === undefined || previous.files.get(uri) !== document) return false;
  const changed: string[] = [];
  for (const [file, state] of current.files) if (previous.files.get(file) !== state) changed.push(file);
  for (const file of previous.files.keys()) if (!current.files.has(file)) changed.push(file);
  if (changed.length > MAX_CHANGED_FILES) return false;
  const words = new Set(document.text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  for (const file of changed) {
    const parts = file.replace(/\.ruchy$/, '').split('/');
    const names = [parts[parts.length - 1], parts[parts.length - 2]];
    if (names.some((name) => name !== undefined && (words.has(name) || words.has(decodeURIComponent(name))))) return false;
  }
  return true;
}

/** Syntax and semantic diagnostics of a file of an analysis, sorted, without repeats. */
function mergedDiagnostics(analysis: ProgramAnalysis, uri: string): Diagnostic[] {
  const document = analysis.view.files.get(uri);
  if (document === undefined) return [];
  const all = [...document.syntaxDiagnostics, ...analysis.diagnostics(uri)];
  all.sort(compareDiagnostics);
  return dropRepeats(all);
}

/** A syntax error and a semantic error at the same place say the same thing twice. */
function dropRepeats(sorted: Diagnostic[]): Diagnostic[] {
  return sorted.filter((d, i) => i === 0 || !(d.start === sorted[i - 1].start && d.end === sorted[i - 1].end && d.message === sorted[i - 1].message));
}

function selectionInDocument(document: DocumentState, offset: number): SelectionRange {
  const index = itemAt(document, offset);
  const item = document.items[index];
  const base = document.offsets[index];
  const whole: SelectionRange = { start: 0, end: document.text.length, parent: null };
  if (item.stmt === null) return whole;
  let innermost: SelectionRange = whole;
  for (const node of nodePath(item.stmt, offset - base)) {
    const start = node.start + base;
    const end = node.end + base;
    if (end <= start || offset < start || offset > end || (start === innermost.start && end === innermost.end)) continue;
    // Each range lies inside the next: an attribute sits before its item's range (`#[test] fun f`), so it is left out.
    if (start < innermost.start || end > innermost.end) continue;
    innermost = { start, end, parent: innermost };
  }
  return innermost;
}

/** The type names in a rendered type (`Option<[Point]>` -> Option, Point). */
function typeNames(type: string): string[] {
  return [...new Set(type.match(/[A-Z][A-Za-z0-9_]*/g) ?? [])];
}

function isTypeKind(kind: string): boolean {
  return kind === 'struct' || kind === 'enum' || kind === 'trait' || kind === 'typeAlias' || kind === 'actor';
}
