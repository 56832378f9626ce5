// Where a key is written in a TOML document, so that a configuration error can name its
// line. The TOML library gives values, not positions; this scanner reads the source line
// by line and records the first line of every table header (`[quality]`, `[[x]]`) and
// every `key = value` (bare, quoted and dotted keys, relative to the current table).
// Multi-line strings are skipped, so text inside them is never taken for a key. Keys set
// inside an inline table (`quality = { max_complexity = 3 }`) are not recorded: a lookup
// falls back to the nearest enclosing key that is (here `quality`).

export type KeyPath = readonly (string | number)[];

export class KeyLines {
  private readonly lines = new Map<string, number>();

  constructor(source: string) {
    scan(source, (path, line) => {
      const key = join(path);
      if (!this.lines.has(key)) this.lines.set(key, line);
    });
  }

  /** The 1-based line where `path` (or, failing that, its nearest recorded ancestor) is written. */
  lineOf(path: KeyPath): number | null {
    const keys = path.filter((p): p is string => typeof p === 'string');
    for (let n = keys.length; n > 0; n--) {
      const line = this.lines.get(join(keys.slice(0, n)));
      if (line !== undefined) return line;
    }
    return null;
  }
}

function join(path: readonly string[]): string {
  return path.join('\u0000');
}

const BARE_KEY = /^[A-Za-z0-9_-]+/;

function scan(source: string, record: (path: string[], line: number) => void): void {
  const lines = source.split(/\r\n|\n|\r/);
  let table: string[] = [];
  let openString: '"""' | "'''" | null = null;
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    if (openString !== null) {
      // What follows the closing delimiter on its line is the rest of a value, never a key.
      if (raw.includes(openString)) openString = null;
      return;
    }
    const trimmed = raw.trimStart();
    if (trimmed.startsWith('#') || trimmed === '') return;
    if (trimmed.startsWith('[')) {
      const header = readHeader(trimmed);
      if (header !== null) {
        table = header;
        record(table, lineNumber);
      }
      return;
    }
    const key = readKey(trimmed);
    if (key === null) return;
    record([...table, ...key.path], lineNumber);
    openString = opensMultilineString(key.rest);
  });
}

/** `[a.b]` or `[[a.b]]` -> the path; null when the line is not a header (e.g. an array value). */
function readHeader(line: string): string[] | null {
  const double = line.startsWith('[[');
  const inner = line.slice(double ? 2 : 1);
  const parsed = readDottedKey(inner);
  if (parsed === null) return null;
  const rest = parsed.rest.trimStart();
  if (!rest.startsWith(double ? ']]' : ']')) return null;
  return parsed.path;
}

/** `key = ...`, `a.b = ...`, `"quoted key" = ...`. */
function readKey(line: string): { path: string[]; rest: string } | null {
  const parsed = readDottedKey(line);
  if (parsed === null) return null;
  const rest = parsed.rest.trimStart();
  if (!rest.startsWith('=')) return null;
  return { path: parsed.path, rest: rest.slice(1) };
}

function readDottedKey(text: string): { path: string[]; rest: string } | null {
  const path: string[] = [];
  let rest = text.trimStart();
  for (;;) {
    const part = readSimpleKey(rest);
    if (part === null) return null;
    path.push(part.key);
    rest = part.rest.trimStart();
    if (!rest.startsWith('.')) return { path, rest };
    rest = rest.slice(1).trimStart();
  }
}

function readSimpleKey(text: string): { key: string; rest: string } | null {
  if (text.startsWith('"')) {
    let key = '';
    for (let i = 1; i < text.length; i++) {
      const c = text[i];
      if (c === '\\' && i + 1 < text.length) {
        key += unescape(text[i + 1]);
        i++;
      } else if (c === '"') return { key, rest: text.slice(i + 1) };
      else key += c;
    }
    return null;
  }
  if (text.startsWith("'")) {
    const close = text.indexOf("'", 1);
    return close < 0 ? null : { key: text.slice(1, close), rest: text.slice(close + 1) };
  }
  const match = BARE_KEY.exec(text);
  return match === null ? null : { key: match[0], rest: text.slice(match[0].length) };
}

function unescape(c: string): string {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    default:
      return c;
  }
}

/** A value that opens a multi-line string and does not close it on the same line. */
function opensMultilineString(value: string): '"""' | "'''" | null {
  const v = value.trimStart();
  for (const delimiter of ['"""', "'''"] as const) {
    if (v.startsWith(delimiter) && v.indexOf(delimiter, 3) < 0) return delimiter;
  }
  return null;
}
