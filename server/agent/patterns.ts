// Which paths of a project the background agent looks at: `[monitoring] watch_patterns`
// and `ignore_patterns` of ruchy-agent.toml, compiled once into regular expressions over
// project-relative paths with `/` separators.
//
// The rules are those of .gitignore, which is what people expect of such lists:
//   - `*` and `?` stay inside one path segment, `**` spans segments (`**/` also matches
//     none: `**/*.ruchy` matches `main.ruchy`), `[abc]` / `[!abc]` and `{a,b}` work;
//   - a pattern without `/` (a trailing one aside) matches a name at any depth
//     (`*.ruchy`, `target/`); with one it is anchored at the project folder (`src/**`,
//     `/gen/*.ruchy`);
//   - a trailing `/` matches folders only;
//   - a path is ignored when it, or any folder above it, matches an ignore pattern.
// Negation (`!pattern`) is not supported.

export interface PathRules {
  /** Whether a file (project-relative path) is one the agent checks. */
  watches(relative: string): boolean;
  /** Whether a folder (project-relative path) is left out, with everything in it. */
  ignoresFolder(relative: string): boolean;
  /** Whether a file (project-relative path) is left out by a pattern naming it or a folder above it. */
  ignoresFile(relative: string): boolean;
}

interface Compiled {
  regex: RegExp;
  foldersOnly: boolean;
}

export function compilePathRules(watchPatterns: readonly string[], ignorePatterns: readonly string[]): PathRules {
  const watch = watchPatterns.map(compilePattern);
  const ignore = ignorePatterns.map(compilePattern);
  const ignoredAsFolder = (relative: string) => ignore.some((p) => p.regex.test(relative));
  const ignoredAsFile = (relative: string) => ignore.some((p) => !p.foldersOnly && p.regex.test(relative));
  const ancestorIgnored = (relative: string): boolean => {
    const parts = relative.split('/');
    for (let i = 1; i < parts.length; i++) if (ignoredAsFolder(parts.slice(0, i).join('/'))) return true;
    return false;
  };
  return {
    watches: (relative) => watch.some((p) => !p.foldersOnly && p.regex.test(relative)),
    ignoresFolder: (relative) => ignoredAsFolder(relative) || ancestorIgnored(relative),
    ignoresFile: (relative) => ignoredAsFile(relative) || ancestorIgnored(relative),
  };
}

export function compilePattern(pattern: string): Compiled {
  let p = pattern.trim().replace(/\\/g, '/');
  if (p.startsWith('./')) p = p.slice(2);
  const foldersOnly = p.endsWith('/');
  p = p.replace(/\/+$/, '');
  const anchored = p.includes('/');
  p = p.replace(/^\/+/, '');
  const body = globToRegex(p);
  return { regex: new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`), foldersOnly };
}

/** The regular expression (without anchors) of a glob over `/`-separated paths. */
export function globToRegex(glob: string): string {
  let out = '';
  let i = 0;
  let braces = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length;
        if (atStart && glob[i + 2] === '/') {
          out += '(?:[^/]*/)*'; // `**/`: any number of folders, none included
          i += 3;
          continue;
        }
        if (atStart && atEnd) {
          // `/**` at the end: the folder itself or anything below it; `**` alone: anything.
          if (out.endsWith('/')) out = `${out.slice(0, -1)}(?:/.*)?`;
          else out += '.*';
          i += 2;
          continue;
        }
        out += '[^/]*'; // `**` inside a name behaves like `*`
        i += 2;
        continue;
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
      } else {
        let set = glob.slice(i + 1, close);
        const negated = set.startsWith('!') || set.startsWith('^');
        if (negated) set = set.slice(1);
        out += `[${negated ? '^/' : ''}${set.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`;
        i = close + 1;
        continue;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) {
      out += '|';
    } else {
      out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    i++;
  }
  return out + ')'.repeat(braces);
}
