// The one place where the language service's plain data (UTF-16 offsets into a file's
// text, kind strings) meets LSP types (lines and characters in the negotiated position
// encoding, numeric kinds). Positions go through the file's LineIndex from
// src/syntax/positions.ts; nothing else in the server counts characters.
//
// A Convert is made once the encoding is negotiated (UTF-16 unless the client offers
// UTF-8). Results about other files (locations, rename edits, related information) are
// converted with that file's own LineIndex, found through `Files`.

import * as L from 'vscode-languageserver/node.js';
import type { FoldingRange } from '../../src/service/folding.js';
import type { SelectionRange } from '../../src/service/selection.js';
import type * as S from '../../src/service/types.js';
import type { LineIndex, PositionEncoding } from '../../src/syntax/positions.js';

/** What conversion needs to know about the files of the workspace. */
export interface Files {
  /** The line index of a file's current text (undefined for a file the service does not hold). */
  lines(uri: string): LineIndex | undefined;
  /** A service URI as the client spells it. */
  clientUri(uri: string): string;
  /** The version of an open document, or null. */
  openVersion(uri: string): number | null;
}

/** Every semantic token kind and modifier the service emits, in legend order. */
export const SEMANTIC_TOKEN_TYPES = [
  'namespace', 'type', 'struct', 'enum', 'enumMember', 'interface', 'typeParameter',
  'function', 'method', 'property', 'variable', 'parameter', 'label', 'macro',
] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'readonly', 'mutable', 'defaultLibrary'] as const;

export const SEMANTIC_TOKENS_LEGEND: L.SemanticTokensLegend = {
  tokenTypes: [...SEMANTIC_TOKEN_TYPES],
  tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS],
};

const TOKEN_TYPE_INDEX = new Map<string, number>(SEMANTIC_TOKEN_TYPES.map((t, i) => [t, i]));
const TOKEN_MODIFIER_BIT = new Map<string, number>(SEMANTIC_TOKEN_MODIFIERS.map((m, i) => [m, 1 << i]));

const SEVERITY: Record<S.Diagnostic['severity'], L.DiagnosticSeverity> = {
  error: L.DiagnosticSeverity.Error,
  warning: L.DiagnosticSeverity.Warning,
  info: L.DiagnosticSeverity.Information,
  hint: L.DiagnosticSeverity.Hint,
};

const SYMBOL_KIND: Record<S.SymbolKind, L.SymbolKind> = {
  variable: L.SymbolKind.Variable,
  parameter: L.SymbolKind.Variable,
  function: L.SymbolKind.Function,
  method: L.SymbolKind.Method,
  struct: L.SymbolKind.Struct,
  field: L.SymbolKind.Field,
  enum: L.SymbolKind.Enum,
  variant: L.SymbolKind.EnumMember,
  trait: L.SymbolKind.Interface,
  typeParameter: L.SymbolKind.TypeParameter,
  module: L.SymbolKind.Module,
  import: L.SymbolKind.Module,
  constant: L.SymbolKind.Constant,
  typeAlias: L.SymbolKind.Class,
  actor: L.SymbolKind.Class,
  effect: L.SymbolKind.Interface,
  label: L.SymbolKind.Key,
  builtin: L.SymbolKind.Function,
};

const COMPLETION_KIND: Record<S.CompletionItem['kind'], L.CompletionItemKind> = {
  variable: L.CompletionItemKind.Variable,
  parameter: L.CompletionItemKind.Variable,
  function: L.CompletionItemKind.Function,
  method: L.CompletionItemKind.Method,
  struct: L.CompletionItemKind.Struct,
  field: L.CompletionItemKind.Field,
  enum: L.CompletionItemKind.Enum,
  variant: L.CompletionItemKind.EnumMember,
  trait: L.CompletionItemKind.Interface,
  typeParameter: L.CompletionItemKind.TypeParameter,
  module: L.CompletionItemKind.Module,
  import: L.CompletionItemKind.Module,
  constant: L.CompletionItemKind.Constant,
  typeAlias: L.CompletionItemKind.Class,
  actor: L.CompletionItemKind.Class,
  effect: L.CompletionItemKind.Interface,
  label: L.CompletionItemKind.Reference,
  builtin: L.CompletionItemKind.Function,
  keyword: L.CompletionItemKind.Keyword,
  snippet: L.CompletionItemKind.Snippet,
};

export class Convert {
  constructor(
    readonly encoding: PositionEncoding,
    private readonly files: Files,
  ) {}

  // ---------------------------------------------------------------- positions

  position(lines: LineIndex, offset: number): L.Position {
    return lines.positionAt(offset, this.encoding);
  }

  offset(lines: LineIndex, position: L.Position): number {
    return lines.offsetAt(position, this.encoding);
  }

  range(lines: LineIndex, start: number, end: number): L.Range {
    return { start: this.position(lines, start), end: this.position(lines, end) };
  }

  offsets(lines: LineIndex, range: L.Range): { start: number; end: number } {
    const start = this.offset(lines, range.start);
    const end = this.offset(lines, range.end);
    return start <= end ? { start, end } : { start: end, end: start };
  }

  /** A location in any file of the workspace; null when the file is gone. */
  location(location: S.Location): L.Location | null {
    const lines = this.files.lines(location.uri);
    if (lines === undefined) return null;
    return { uri: this.files.clientUri(location.uri), range: this.range(lines, location.start, location.end) };
  }

  locations(locations: readonly S.Location[]): L.Location[] {
    const out: L.Location[] = [];
    for (const location of locations) {
      const converted = this.location(location);
      if (converted !== null) out.push(converted);
    }
    return out;
  }

  // ---------------------------------------------------------------- diagnostics

  diagnostic(uri: string, lines: LineIndex, d: S.Diagnostic): L.Diagnostic {
    const out: L.Diagnostic = {
      range: this.range(lines, d.start, d.end),
      severity: SEVERITY[d.severity],
      code: d.code,
      source: 'ruchy',
      message: d.message,
    };
    if (d.tags !== undefined && d.tags.length > 0) {
      out.tags = d.tags.map((t) => (t === 'unnecessary' ? L.DiagnosticTag.Unnecessary : L.DiagnosticTag.Deprecated));
    }
    if (d.related !== undefined && d.related.length > 0) {
      const related: L.DiagnosticRelatedInformation[] = [];
      for (const r of d.related) {
        const location = this.location({ uri: r.uri ?? uri, start: r.start, end: r.end });
        if (location !== null) related.push({ location, message: r.message });
      }
      if (related.length > 0) out.relatedInformation = related;
    }
    return out;
  }

  diagnostics(uri: string, lines: LineIndex, diagnostics: readonly S.Diagnostic[]): L.Diagnostic[] {
    return diagnostics.map((d) => this.diagnostic(uri, lines, d));
  }

  // ---------------------------------------------------------------- edits

  textEdits(lines: LineIndex, edits: readonly S.TextEdit[]): L.TextEdit[] {
    return edits.map((e) => ({ range: this.range(lines, e.start, e.end), newText: e.text }));
  }

  /** Edits across files, as `documentChanges` (versioned) when the client takes them. */
  workspaceEdit(changes: readonly S.FileEdits[], documentChanges: boolean): L.WorkspaceEdit {
    if (documentChanges) {
      const out: L.TextDocumentEdit[] = [];
      for (const file of changes) {
        const lines = this.files.lines(file.uri);
        if (lines === undefined) continue;
        out.push({
          textDocument: { uri: this.files.clientUri(file.uri), version: this.files.openVersion(file.uri) },
          edits: this.textEdits(lines, file.edits),
        });
      }
      return { documentChanges: out };
    }
    const map: Record<string, L.TextEdit[]> = {};
    for (const file of changes) {
      const lines = this.files.lines(file.uri);
      if (lines !== undefined) map[this.files.clientUri(file.uri)] = this.textEdits(lines, file.edits);
    }
    return { changes: map };
  }

  // ---------------------------------------------------------------- symbols

  symbolKind(kind: S.SymbolKind): L.SymbolKind {
    return SYMBOL_KIND[kind];
  }

  documentSymbols(lines: LineIndex, symbols: readonly S.DocumentSymbol[]): L.DocumentSymbol[] {
    return symbols.map((s) => {
      const range = this.range(lines, s.range.start, s.range.end);
      let selectionRange = this.range(lines, s.selectionRange.start, s.selectionRange.end);
      // LSP requires the selection range to lie inside the range.
      if (s.selectionRange.start < s.range.start || s.selectionRange.end > s.range.end) selectionRange = range;
      const symbol: L.DocumentSymbol = { name: s.name, kind: SYMBOL_KIND[s.kind], range, selectionRange };
      if (s.detail !== null) symbol.detail = s.detail;
      if (s.children.length > 0) symbol.children = this.documentSymbols(lines, s.children);
      return symbol;
    });
  }

  /** The flat form, for clients without hierarchical document symbols. */
  symbolInformation(uri: string, lines: LineIndex, symbols: readonly S.DocumentSymbol[], container?: string): L.SymbolInformation[] {
    const out: L.SymbolInformation[] = [];
    for (const s of symbols) {
      const info: L.SymbolInformation = {
        name: s.name,
        kind: SYMBOL_KIND[s.kind],
        location: { uri: this.files.clientUri(uri), range: this.range(lines, s.range.start, s.range.end) },
      };
      if (container !== undefined) info.containerName = container;
      out.push(info, ...this.symbolInformation(uri, lines, s.children, s.name));
    }
    return out;
  }

  workspaceSymbol(symbol: S.SymbolInfo): L.SymbolInformation | null {
    if (symbol.location === null) return null;
    const location = this.location(symbol.location);
    if (location === null) return null;
    const info: L.SymbolInformation = { name: symbol.name, kind: SYMBOL_KIND[symbol.kind], location };
    if (symbol.container !== null) info.containerName = symbol.container;
    return info;
  }

  // ---------------------------------------------------------------- hover, completion, signatures

  hover(lines: LineIndex, hover: S.Hover): L.Hover {
    return { contents: { kind: L.MarkupKind.Markdown, value: hover.markdown }, range: this.range(lines, hover.start, hover.end) };
  }

  /** Items without documentation (filled by completionItem/resolve); `data` names the list and index. */
  completionItems(lines: LineIndex, items: readonly S.CompletionItem[], listId: number, snippets: boolean): L.CompletionItem[] {
    // Every item replaces the same identifier prefix: convert its range once.
    const ranges = new Map<string, L.Range>();
    return items.map((item, index) => {
      const key = `${item.replaceStart}:${item.replaceEnd}`;
      let range = ranges.get(key);
      if (range === undefined) {
        range = this.range(lines, item.replaceStart, item.replaceEnd);
        ranges.set(key, range);
      }
      const snippet = item.isSnippet && snippets;
      const out: L.CompletionItem = {
        label: item.label,
        kind: COMPLETION_KIND[item.kind],
        sortText: item.sortText,
        filterText: item.label,
        textEdit: { range, newText: snippet || !item.isSnippet ? item.insertText : item.label },
        insertTextFormat: snippet ? L.InsertTextFormat.Snippet : L.InsertTextFormat.PlainText,
        data: { list: listId, index },
      };
      if (item.detail !== null) out.detail = item.detail;
      return out;
    });
  }

  completionDocumentation(item: S.CompletionItem): L.MarkupContent | undefined {
    if (item.doc === null || item.doc.trim() === '') return undefined;
    return { kind: L.MarkupKind.Markdown, value: item.doc.trim() };
  }

  signatureHelp(info: S.SignatureInfo): L.SignatureHelp {
    // Parameter labels as [start, end) offsets in the signature label (UTF-16, as LSP asks),
    // found in order after the opening parenthesis; a label not found stays a string.
    let from = Math.max(0, info.label.indexOf('('));
    const parameters: L.ParameterInformation[] = info.parameters.map((p) => {
      const at = info.label.indexOf(p.label, from);
      const label: L.ParameterInformation['label'] = at >= 0 ? [at, at + p.label.length] : p.label;
      if (at >= 0) from = at + p.label.length;
      const param: L.ParameterInformation = { label };
      if (p.doc !== null) param.documentation = { kind: L.MarkupKind.Markdown, value: p.doc };
      return param;
    });
    const signature: L.SignatureInformation = { label: info.label, parameters, activeParameter: info.activeParameter };
    if (info.doc !== null && info.doc.trim() !== '') signature.documentation = { kind: L.MarkupKind.Markdown, value: info.doc.trim() };
    return { signatures: [signature], activeSignature: 0, activeParameter: info.activeParameter };
  }

  // ---------------------------------------------------------------- file structure

  /** Semantic tokens in LSP's relative encoding; lengths in the negotiated encoding. */
  semanticTokens(lines: LineIndex, tokens: readonly S.SemanticToken[]): number[] {
    const data: number[] = [];
    let previousLine = 0;
    let previousChar = 0;
    for (const token of tokens) {
      const type = TOKEN_TYPE_INDEX.get(token.kind);
      if (type === undefined) continue;
      let modifiers = 0;
      for (const m of token.modifiers) modifiers |= TOKEN_MODIFIER_BIT.get(m) ?? 0;
      const start = this.position(lines, token.start);
      // A token never spans lines in LSP: cut it at the end of its first line.
      const end = Math.min(token.end, lines.lineEnd(start.line));
      const length = this.position(lines, end).character - start.character;
      if (length <= 0) continue;
      const deltaLine = start.line - previousLine;
      data.push(deltaLine, deltaLine === 0 ? start.character - previousChar : start.character, length, type, modifiers);
      previousLine = start.line;
      previousChar = start.character;
    }
    return data;
  }

  /**
   * Folding by lines. A range whose last line starts with its closing bracket ends on the
   * line before, so the `}` stays visible, as editors expect.
   */
  foldingRanges(lines: LineIndex, ranges: readonly FoldingRange[]): L.FoldingRange[] {
    const out: L.FoldingRange[] = [];
    const seen = new Set<number>();
    for (const r of ranges) {
      const startLine = lines.lineOf(r.start);
      let endLine = lines.lineOf(r.end);
      if (r.end > 0 && isCloser(lines.text.charCodeAt(r.end - 1)) && lines.text.slice(lines.lineStart(endLine), r.end - 1).trim() === '') endLine--;
      if (endLine <= startLine || seen.has(startLine)) continue;
      seen.add(startLine);
      const range: L.FoldingRange = { startLine, endLine };
      if (r.kind === 'comment') range.kind = L.FoldingRangeKind.Comment;
      else if (r.kind === 'imports') range.kind = L.FoldingRangeKind.Imports;
      out.push(range);
    }
    return out;
  }

  selectionRange(lines: LineIndex, range: SelectionRange): L.SelectionRange {
    const chain: SelectionRange[] = [];
    for (let r: SelectionRange | null = range; r !== null; r = r.parent) chain.push(r);
    let parent: L.SelectionRange | undefined;
    for (let i = chain.length - 1; i >= 0; i--) {
      parent = parent === undefined ? { range: this.range(lines, chain[i].start, chain[i].end) } : { range: this.range(lines, chain[i].start, chain[i].end), parent };
    }
    return parent!;
  }

  inlayHint(lines: LineIndex, hint: S.InlayHint): L.InlayHint {
    const out: L.InlayHint = {
      position: this.position(lines, hint.offset),
      label: hint.label,
      kind: hint.kind === 'type' ? L.InlayHintKind.Type : L.InlayHintKind.Parameter,
    };
    if (hint.kind === 'parameter') out.paddingRight = true;
    return out;
  }

  codeAction(uri: string, lines: LineIndex, action: S.CodeAction, documentChanges: boolean): L.CodeAction {
    return {
      title: action.title,
      kind: action.kind === 'quickfix' ? L.CodeActionKind.QuickFix : action.kind === 'refactor' ? L.CodeActionKind.Refactor : L.CodeActionKind.Source,
      diagnostics: this.diagnostics(uri, lines, action.diagnostics),
      edit: this.workspaceEdit(action.changes, documentChanges),
      isPreferred: action.isPreferred,
    };
  }

  codeLens(lines: LineIndex, lens: S.CodeLens): L.CodeLens {
    return {
      range: this.range(lines, lens.start, lens.end),
      // A lens without a command is informative only; LSP still wants a command object.
      command: lens.command === null ? { title: lens.title, command: '' } : { title: lens.title, command: lens.command.name, arguments: lens.command.arguments.map((a) => (typeof a === 'string' ? this.files.clientUri(a) : a)) },
    };
  }
}

function isCloser(code: number): boolean {
  return code === 0x7d /* } */ || code === 0x5d /* ] */ || code === 0x29 /* ) */;
}
