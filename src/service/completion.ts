// Completion: after `.`, the fields and methods of the receiver's type; after `Type::` or
// `module::`, the associated functions, variants or module members; elsewhere the names in
// scope (locals first, then items and builtins) and the keywords. Functions and methods
// insert a call snippet with their parameter names, unless a `(` already follows or the
// name is being imported. Nothing is offered inside comments and string text, nor where a
// new name is being declared (`let na|`).

import type { CompletionEntry, ProgramAnalysis, SymbolInfo } from '../semantics/api.js';
import type { DocumentState } from '../workspace/document.js';
import { enclosing, pathAt } from './syntax-at.js';
import type { CompletionItem } from './types.js';

const KEYWORDS = [
  'fun', 'let', 'mut', 'if', 'else', 'match', 'for', 'in', 'while', 'loop', 'break', 'continue', 'return',
  'struct', 'enum', 'trait', 'impl', 'type', 'const', 'mod', 'use', 'import', 'pub', 'async', 'await',
  'true', 'false', 'self', 'try', 'catch', 'throw', 'actor', 'spawn', 'lazy',
];

/** Kinds listed before others: what is local to the position first. */
const KIND_RANK: Record<string, number> = { variable: 0, parameter: 0, field: 1, method: 1, function: 2, constant: 2, struct: 3, enum: 3, variant: 3, builtin: 5 };

const IDENT_CHAR = /[A-Za-z0-9_]/;

export function completions(analysis: ProgramAnalysis, document: DocumentState, at: number): CompletionItem[] {
  const text = document.text;
  // A position past the end (a client's stale view of the text) completes at the end: the range replaced stays inside the text.
  const offset = Math.max(0, Math.min(at, text.length));
  const uri = document.uri;
  let start = offset;
  while (start > 0 && IDENT_CHAR.test(text[start - 1])) start--;
  if (/[0-9]/.test(text[start] ?? '') && start < offset) return []; // a number, not a name
  if (insideCommentOrText(document, offset)) return [];
  const inImport = enclosing(document, offset, 'UseDecl') !== null;
  // A name being imported is a reference to the module's item, not a new name.
  if (start < offset && !inImport && declaresNameAt(analysis, uri, start)) return [];
  const prefix = text.slice(start, offset);
  let before = start;
  while (before > 0 && (text[before - 1] === ' ' || text[before - 1] === '\t')) before--;
  const afterDot = text[before - 1] === '.' && text[before - 2] !== '.';
  if (afterDot && /^[0-9]/.test(wordBefore(text, before - 1))) return []; // `1.` is a number being typed
  const afterPath = text[before - 1] === ':' && text[before - 2] === ':';

  let wordEnd = offset;
  while (wordEnd < text.length && IDENT_CHAR.test(text[wordEnd])) wordEnd++;
  const calls = text[wordEnd] !== '(' && !inImport;

  let entries: CompletionEntry[];
  if (afterDot) entries = analysis.membersAt(uri, offset);
  else if (afterPath) entries = pathMembers(analysis, document, before - 2);
  else entries = analysis.visibleAt(uri, offset);

  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const quality = matchQuality(entry.name, prefix);
    // A declaration whose name a syntax error left out (`let mut &`) has nothing to insert.
    if (entry.name === '' || seen.has(entry.name) || quality < 0) return;
    seen.add(entry.name);
    items.push(toItem(entry, start, offset, index, quality, calls));
  });
  if (!afterDot && !afterPath) {
    for (const keyword of KEYWORDS) {
      if (seen.has(keyword) || matchQuality(keyword, prefix) !== 0) continue;
      items.push({
        label: keyword,
        kind: 'keyword',
        detail: 'keyword',
        doc: null,
        insertText: keyword,
        isSnippet: false,
        replaceStart: start,
        replaceEnd: offset,
        sortText: `09_${keyword}`,
      });
    }
  }
  return items;
}

/** The identifier (or number) that ends at `end`. */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && IDENT_CHAR.test(text[start - 1])) start--;
  return text.slice(start, end);
}

/** Inside a comment, or in the text of a string or char literal (f-string interpolations excluded). */
function insideCommentOrText(document: DocumentState, offset: number): boolean {
  const index = document.itemIndexAt(offset);
  const item = document.items[index];
  if (item === undefined) return false;
  const local = offset - document.offsets[index];
  for (const comment of item.comments) {
    // A line comment runs to the end of its line, so its end is still inside it.
    const end = comment.style === 'block' || comment.text.startsWith('/*') ? comment.end - 1 : comment.end;
    if (comment.start < local && local <= end) return true;
  }
  const { nodes } = pathAt(document, offset);
  const innermost = nodes[nodes.length - 1];
  if (innermost === undefined) return false;
  if (innermost.kind === 'StringLiteral' || innermost.kind === 'CharLiteral') return innermost.start < local && local < innermost.end;
  if (innermost.kind === 'FStringText') return true;
  if (innermost.kind === 'FString') return innermost.start < local && local < innermost.end;
  return false;
}

/** The identifier starting at `start` declares a new name (`let na|`, `fun na|`): nothing to complete. */
function declaresNameAt(analysis: ProgramAnalysis, uri: string, start: number): boolean {
  const found = analysis.symbolAt(uri, start);
  const location = found?.symbol.location;
  return location !== null && location !== undefined && location.uri === uri && location.start === start && found!.range.start === start;
}

/** The members reachable with `Head::`: associated functions and variants of a type, or a module's items. */
function pathMembers(analysis: ProgramAnalysis, document: DocumentState, colons: number): CompletionEntry[] {
  const text = document.text;
  const uri = document.uri;
  let headStart = colons;
  while (headStart > 0 && IDENT_CHAR.test(text[headStart - 1])) headStart--;
  if (headStart === colons) return [];
  let head = analysis.symbolAt(uri, headStart)?.symbol;
  if (head === undefined && text.slice(headStart, colons) === 'Self') {
    // `Self::` inside an impl: the type the impl is for.
    const impl = enclosing(document, headStart, 'ImplDecl');
    const self = impl?.node.selfType;
    if (impl !== null && self !== undefined && self.kind === 'NamedType' && self.path.length > 0) {
      head = analysis.symbolAt(uri, self.path[self.path.length - 1].start + impl.base)?.symbol;
    }
  }
  let belongs: (id: string) => boolean;
  if (head === undefined) {
    // The checker does not resolve the module part of `file::item` in an expression: the
    // file `file.ruchy` (or `file/mod.ruchy`) beside this one, as `use` would find it.
    const folder = uri.slice(0, uri.lastIndexOf('/') + 1);
    const name = text.slice(headStart, colons);
    const file = [`${folder}${name}.ruchy`, `${folder}${name}/mod.ruchy`].find((candidate) => candidate !== uri && analysis.view.files.has(candidate));
    if (file === undefined) return [];
    const prefix = `${file}::`;
    belongs = (id) => id.startsWith(prefix) && !/::|\./.test(id.slice(prefix.length));
  } else if (head.kind === 'module') {
    const prefix = head.id.startsWith('module:') ? head.id.slice('module:'.length) : `${head.id}::`;
    belongs = (id) => id.startsWith(prefix) && !/::|\./.test(id.slice(prefix.length));
  } else if (head.kind === 'struct' || head.kind === 'enum' || head.kind === 'trait' || head.kind === 'actor' || head.kind === 'typeAlias') {
    const prefix = `${head.id}.`;
    belongs = (id) => id.startsWith(prefix) && !/::|\./.test(id.slice(prefix.length));
  } else {
    return [];
  }
  return analysis
    .workspaceSymbols('')
    .filter((s) => belongs(s.id) && s.kind !== 'field' && s.kind !== 'import')
    .sort((a, b) => (a.location?.start ?? 0) - (b.location?.start ?? 0))
    .map(toEntry);
}

function toEntry(symbol: SymbolInfo): CompletionEntry {
  return {
    name: symbol.name,
    kind: symbol.kind,
    detail: symbol.signature ?? symbol.type,
    doc: symbol.doc,
    parameters: symbol.signature !== null ? parameterNames(symbol.signature) : null,
  };
}

/** Parameter names of a rendered signature: `fun f(a: i64, b) -> T` -> [a, b]. */
export function parameterNames(signature: string): string[] {
  const open = signature.indexOf('(');
  if (open < 0) return [];
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = open + 1; i < signature.length; i++) {
    const c = signature[i];
    if (c === '(' || c === '[' || c === '<' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '>' || c === '}') {
      if (depth === 0) {
        names.push(current);
        break;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      names.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  return names
    .map((p) => p.split(':')[0].replace(/^\s*(mut\s+)?/, '').trim())
    .filter((p) => p !== '' && p !== 'self' && p !== '&self' && p !== '&mut self' && p !== 'mut self');
}

/**
 * 0: the name starts with the prefix (case-insensitively); 1: same first letter and the
 * prefix's letters appear in order (fuzzy, `prtln` for `println`); -1: no match.
 */
function matchQuality(name: string, prefix: string): number {
  if (prefix === '') return 0;
  const n = name.toLowerCase();
  const p = prefix.toLowerCase();
  if (n.startsWith(p)) return 0;
  if (n[0] !== p[0]) return -1;
  let i = 0;
  for (const c of n) if (c === p[i]) i++;
  return i === p.length ? 1 : -1;
}

function toItem(entry: CompletionEntry, start: number, end: number, index: number, quality: number, calls: boolean): CompletionItem {
  const callable = calls && entry.parameters !== null && (entry.kind === 'function' || entry.kind === 'method' || entry.kind === 'builtin');
  const params = (entry.parameters ?? []).filter((p) => p !== 'self' && p !== '&self' && p !== '&mut self');
  // `fun println(...)`: any number of arguments, so the cursor goes between the parentheses.
  const variadic = params.length === 0 && entry.detail !== null && /\(\s*\.\.\.\s*\)/.test(entry.detail);
  let insertText = entry.name;
  if (callable) {
    const placeholders = variadic ? '$1' : params.map((p, i) => `\${${i + 1}:${escapeSnippet(p)}}`).join(', ');
    insertText = `${entry.name}(${placeholders})$0`;
  }
  const rank = KIND_RANK[entry.kind] ?? 4;
  return {
    label: entry.name,
    kind: entry.kind,
    detail: entry.detail,
    doc: entry.doc,
    insertText,
    isSnippet: callable,
    replaceStart: start,
    replaceEnd: end,
    sortText: `${quality}${rank}_${String(index).padStart(5, '0')}_${entry.name}`,
  };
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}
