// Names, not positions: models rarely know the line and column of a function, but they
// know its name. This module turns the `symbol` argument of hover, definition,
// references and rename ("area", "Point::new", "Shape::Circle") into the place of its
// declaration, using the service's workspace symbols. An unknown name, or one that names
// several symbols, is an error that lists the closest candidates, so the model can retry
// with a qualified name or a path.

import type { LanguageService } from '../../src/service/language-service.js';
import type { SymbolInfo } from '../../src/service/types.js';
import { offsetOf } from './convert.js';
import type { Session } from './session.js';
import type { SymbolSummary } from './schemas.js';
import { ToolError } from './tools/tool.js';

export interface Target {
  uri: string;
  offset: number;
  /** The symbol the name resolved to, when given by name. */
  symbol: SymbolInfo | null;
}

export interface TargetArgs {
  path?: string;
  line?: number;
  column?: number;
  symbol?: string;
}

const HOW = 'pass `symbol` (a name such as "area" or "Point::new", optionally with `path`) or `path` with `line` and `column` (1-based)';

/** Resolves the target arguments of a position tool to a file and an offset. */
export function resolveTarget(session: Session, service: LanguageService, args: TargetArgs): Target {
  const hasPosition = args.line !== undefined || args.column !== undefined;
  if (args.symbol !== undefined) {
    if (hasPosition) throw new ToolError(`pass either \`symbol\` or \`line\`/\`column\`, not both; ${HOW}`);
    let uris: string[] | null = null;
    if (args.path !== undefined) {
      const file = session.resolveFile(service, args.path);
      if ('error' in file) throw new ToolError(file.error);
      uris = [file.uri];
    }
    const symbol = resolveName(session, service, args.symbol, uris);
    const location = symbol.location!;
    return { uri: location.uri, offset: location.start, symbol };
  }
  if (args.path === undefined || args.line === undefined || args.column === undefined) {
    const missing = ['path', 'line', 'column'].filter((k) => args[k as keyof TargetArgs] === undefined).join(', ');
    throw new ToolError(`missing ${missing}: ${HOW}`);
  }
  const file = session.resolveFile(service, args.path);
  if ('error' in file) throw new ToolError(file.error);
  const document = service.getDocument(file.uri)!;
  const position = offsetOf(document.lineIndex, args.line, args.column);
  if ('error' in position) throw new ToolError(`${position.error} in ${file.display}`);
  return { uri: file.uri, offset: position.offset, symbol: null };
}

/** The one symbol a name means, or a ToolError naming the candidates. */
export function resolveName(session: Session, service: LanguageService, name: string, uris: readonly string[] | null): SymbolInfo {
  const parts = splitName(name);
  if (parts === null) throw new ToolError(`"${name}" is not a name; ${HOW}`);
  const { container, member } = parts;
  const scope = new Set(uris ?? session.fileUris(service));
  const inScope = (s: SymbolInfo): boolean => s.location !== null && scope.has(s.location.uri);
  const exact = unique(service.workspaceSymbols(member).filter((s) => inScope(s) && s.name === member && (container === null || s.container === container)));
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) {
    const list = exact.map((s) => `  ${describeSymbol(session, service, s)}`).join('\n');
    throw new ToolError(
      `"${name}" is ambiguous: ${exact.length} symbols have that name:\n${list}\n` +
        'Pass a qualified name (e.g. "Point::new"), add `path` to pick the file, or use `path` + `line` + `column`.',
    );
  }
  const pool = service.workspaceSymbols('').filter(inScope);
  const candidates = closest(pool, name, 5);
  const where = uris === null ? 'in the workspace' : `in ${uris.map((u) => session.display(u)).join(', ')}`;
  if (pool.length === 0) throw new ToolError(`no symbol named "${name}" ${where}: it declares no functions, types or other named items. Local variables need \`path\` + \`line\` + \`column\`.`);
  if (candidates.length === 0) throw new ToolError(`no symbol named "${name}" ${where}, and no similar name. List the names with the \`symbols\` tool (\`query\`), or use \`path\` + \`line\` + \`column\` for a local variable.`);
  const list = candidates.map((s) => `  ${describeSymbol(session, service, s)}`).join('\n');
  throw new ToolError(`no symbol named "${name}" ${where}. Closest names:\n${list}\nRetry with one of these names; local variables need \`path\` + \`line\` + \`column\`.`);
}

export function qualifiedName(s: SymbolInfo): string {
  return s.container === null ? s.name : `${s.container}::${s.name}`;
}

export function symbolSummary(session: Session, service: LanguageService, s: SymbolInfo): SymbolSummary {
  const location = s.location;
  const document = location === null ? undefined : service.getDocument(location.uri);
  const position = location !== null && document !== undefined ? document.lineIndex.humanPosition(location.start) : null;
  return {
    name: s.name,
    qualified_name: qualifiedName(s),
    kind: s.kind,
    path: location === null ? null : session.display(location.uri),
    line: position?.line ?? null,
    column: position?.column ?? null,
  };
}

function describeSymbol(session: Session, service: LanguageService, s: SymbolInfo): string {
  const summary = symbolSummary(session, service, s);
  const where = summary.path === null ? 'builtin' : `${summary.path}:${summary.line}:${summary.column}`;
  return `${summary.qualified_name} (${s.kind}, ${where})`;
}

function splitName(name: string): { container: string | null; member: string } | null {
  const cleaned = name.trim().replace(/\(\s*\)$/, '').replace(/^(fun|fn|struct|enum|trait|type|const|let)\s+/, '');
  const parts = cleaned.split(/::|\./).map((p) => p.trim());
  if (parts.some((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) return null;
  return { container: parts.length > 1 ? parts[parts.length - 2] : null, member: parts[parts.length - 1] };
}

function unique(symbols: SymbolInfo[]): SymbolInfo[] {
  const seen = new Set<string>();
  return symbols.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
}

/** The symbols whose (qualified) names are nearest to `query`: edit distance, with a bonus for containing it. */
function closest(symbols: SymbolInfo[], query: string, count: number): SymbolInfo[] {
  const q = query.toLowerCase();
  const scored = unique(symbols).map((s) => {
    const full = qualifiedName(s).toLowerCase();
    const short = s.name.toLowerCase();
    let score = Math.min(distance(q, full), distance(q, short));
    if (full.includes(q) || q.includes(short)) score -= 2;
    return { s, score };
  });
  const limit = Math.max(2, Math.ceil(q.length / 3));
  return scored
    .filter((x) => x.score <= limit)
    .sort((a, b) => a.score - b.score || qualifiedName(a.s).localeCompare(qualifiedName(b.s)))
    .slice(0, count)
    .map((x) => x.s);
}

function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}
