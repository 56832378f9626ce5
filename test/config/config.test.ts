// ruchy-agent.toml: defaults, every key, the search through parent folders, and errors
// that name the file, the line and the key (unknown keys, wrong types, bad TOML).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { ConfigError, defaultConfig, findConfigFile, loadConfig, parseConfig } from '../../src/config/config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const folders: string[] = [];

function tempFolder(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ruchy-agent-config-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

/** The ConfigError thrown by parsing `text`. */
function errorOf(text: string, file = '/p/ruchy-agent.toml'): ConfigError {
  try {
    parseConfig(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const DEFAULTS = {
  agent: { name: 'ruchy-agent', check_interval_seconds: 60, enable_notifications: true, debounce_ms: 150 },
  monitoring: { watch_patterns: ['**/*.ruchy'], ignore_patterns: ['target/', 'node_modules/', '.git/'] },
  quality: { max_complexity: 20, max_cognitive_complexity: 15, enforce_standards: true },
  server: { port: 0, token: '' },
};

describe('defaults', () => {
  test('an empty file, a file with empty tables and no file at all give the documented defaults', () => {
    expect(defaultConfig()).toEqual(DEFAULTS);
    expect(parseConfig('')).toEqual(DEFAULTS);
    expect(parseConfig('# nothing\n[agent]\n[monitoring]\n[quality]\n[server]\n')).toEqual(DEFAULTS);
    const dir = tempFolder();
    expect(loadConfig(undefined, dir)).toEqual({ config: DEFAULTS, source: null });
  });

  test('the defaults are fresh objects each time (arrays are not shared)', () => {
    const a = defaultConfig();
    a.monitoring.watch_patterns.push('x');
    expect(defaultConfig().monitoring.watch_patterns).toEqual(['**/*.ruchy']);
  });

  test('one section set leaves the others at their defaults', () => {
    expect(parseConfig('[quality]\nmax_complexity = 5\n')).toEqual({ ...DEFAULTS, quality: { ...DEFAULTS.quality, max_complexity: 5 } });
  });

  test('samples/ruchy-agent.toml sets every key to its default', () => {
    const sample = fs.readFileSync(path.join(root, 'samples', 'ruchy-agent.toml'), 'utf8');
    expect(parseConfig(sample, 'samples/ruchy-agent.toml')).toEqual(DEFAULTS);
    // Every key is written out (not left to the defaults).
    for (const [section, keys] of Object.entries(DEFAULTS)) {
      expect(sample).toContain(`[${section}]`);
      for (const key of Object.keys(keys)) expect(sample).toMatch(new RegExp(`^${key} = `, 'm'));
    }
  });
});

describe('every key', () => {
  test('each key takes a non-default value', () => {
    const text = [
      '[agent]',
      'name = "watcher"',
      'check_interval_seconds = 5',
      'enable_notifications = false',
      'debounce_ms = 0',
      '[monitoring]',
      'watch_patterns = ["src/**/*.ruchy", "lib/*.ruchy"]',
      'ignore_patterns = []',
      '[quality]',
      'max_complexity = 8',
      'max_cognitive_complexity = 6',
      'enforce_standards = false',
      '[server]',
      'port = 8765',
      'token = "s3cret"',
    ].join('\n');
    expect(parseConfig(text)).toEqual({
      agent: { name: 'watcher', check_interval_seconds: 5, enable_notifications: false, debounce_ms: 0 },
      monitoring: { watch_patterns: ['src/**/*.ruchy', 'lib/*.ruchy'], ignore_patterns: [] },
      quality: { max_complexity: 8, max_cognitive_complexity: 6, enforce_standards: false },
      server: { port: 8765, token: 's3cret' },
    });
  });

  test('dotted keys, quoted keys, inline tables and a byte-order mark are TOML like any other', () => {
    const text = '\uFEFFquality.max_complexity = 7\n"server" = { port = 1234 }\n[agent]\n"name" = \'x\'\n';
    const config = parseConfig(text);
    expect(config.quality.max_complexity).toBe(7);
    expect(config.server.port).toBe(1234);
    expect(config.agent.name).toBe('x');
  });

  test('boundaries: port 65535 and debounce 0 are accepted, port 65536 and interval 0 are not', () => {
    expect(parseConfig('[server]\nport = 65535\n').server.port).toBe(65535);
    expect(parseConfig('[agent]\ndebounce_ms = 0\n').agent.debounce_ms).toBe(0);
    expect(errorOf('[server]\nport = 65536\n').message).toBe('/p/ruchy-agent.toml:2: server.port: expected an integer from 0 to 65535, found an integer (65536)');
    expect(errorOf('[agent]\ncheck_interval_seconds = 0\n').message).toBe(
      '/p/ruchy-agent.toml:2: agent.check_interval_seconds: expected an integer from 1 to 86400, found an integer (0)',
    );
  });
});

describe('unknown keys', () => {
  test('a misspelt key in a section: file, line, key and the likely intended key', () => {
    const error = errorOf('[agent]\nname = "a"\n\n[quality]\nmax_complexty = 3\n');
    expect(error.message).toBe('/p/ruchy-agent.toml:5: quality.max_complexty: unknown key in [quality] (did you mean `max_complexity`?)');
    expect(error.file).toBe('/p/ruchy-agent.toml');
    expect(error.line).toBe(5);
    expect(error.key).toBe('quality.max_complexty');
  });

  test('an unknown section, and an unknown key with no near match lists the known keys', () => {
    const error = errorOf('[qualty]\nx = 1\n[server]\ncolour = "red"\n');
    expect(error.issues).toEqual([
      { line: 1, key: 'qualty', message: 'unknown key at the top level (did you mean `quality`?)' },
      { line: 4, key: 'server.colour', message: 'unknown key in [server] (known keys: port, token)' },
    ]);
    expect(error.message.split('\n')).toHaveLength(2);
  });

  test('a dotted unknown key is found on its line', () => {
    expect(errorOf('\n\nagent.nmae = "x"\n').issues).toEqual([{ line: 3, key: 'agent.nmae', message: 'unknown key in [agent] (did you mean `name`?)' }]);
  });
});

describe('wrong types', () => {
  const cases: [string, string, string][] = [
    ['[agent]\nname = 3', 'agent.name', 'expected a non-empty string, found an integer (3)'],
    ['[agent]\nname = ""', 'agent.name', 'expected a non-empty string, found an empty string'],
    ['[agent]\ncheck_interval_seconds = "60"', 'agent.check_interval_seconds', 'expected an integer from 1 to 86400, found a string ("60")'],
    ['[agent]\nenable_notifications = "yes"', 'agent.enable_notifications', 'expected a boolean (true or false), found a string ("yes")'],
    ['[agent]\ndebounce_ms = 1.5', 'agent.debounce_ms', 'expected an integer from 0 to 600000, found a float (1.5)'],
    ['[monitoring]\nwatch_patterns = "**/*.ruchy"', 'monitoring.watch_patterns', 'expected an array of non-empty strings, found a string ("**/*.ruchy")'],
    ['[monitoring]\nignore_patterns = true', 'monitoring.ignore_patterns', 'expected an array of non-empty strings, found a boolean (true)'],
    ['[quality]\nmax_complexity = 20.0', 'quality.max_complexity', 'expected an integer from 1 to 1000, found a float (20)'],
    ['[quality]\nmax_cognitive_complexity = -1', 'quality.max_cognitive_complexity', 'expected an integer from 1 to 1000, found an integer (-1)'],
    ['[quality]\nenforce_standards = 1', 'quality.enforce_standards', 'expected a boolean (true or false), found an integer (1)'],
    ['[server]\nport = "8080"', 'server.port', 'expected an integer from 0 to 65535, found a string ("8080")'],
    ['[server]\ntoken = 1979-05-27', 'server.token', 'expected a string, found a date-time (1979-05-27)'],
    ['[server]\ntoken = { a = 1 }', 'server.token', 'expected a string, found a table'],
  ];
  test.each(cases)('%s', (text, key, message) => {
    const error = errorOf(`# a comment\n${text}\n`);
    expect(error.issues).toEqual([{ line: 3, key, message }]);
    expect(error.message).toBe(`/p/ruchy-agent.toml:3: ${key}: ${message}`);
  });

  test('a section that is not a table', () => {
    expect(errorOf('quality = 3\n').issues).toEqual([{ line: 1, key: 'quality', message: 'expected a table, found an integer (3)' }]);
  });

  test('a bad element of an array names its index, on the line of the array', () => {
    const error = errorOf('[monitoring]\nwatch_patterns = [\n  "a",\n  7,\n]\n');
    expect(error.issues).toEqual([{ line: 2, key: 'monitoring.watch_patterns[1]', message: 'expected a non-empty string, found an integer (7)' }]);
  });

  test('a key inside an inline table is reported on the line of the table', () => {
    const error = errorOf('quality = { max_complexity = "high" }\n');
    expect(error.issues).toEqual([{ line: 1, key: 'quality.max_complexity', message: 'expected an integer from 1 to 1000, found a string ("high")' }]);
  });

  test('several problems are all reported, in line order', () => {
    const error = errorOf('[server]\nport = "x"\n[agent]\nname = 1\nbogus = 2\n');
    expect(error.issues.map((i) => `${i.line} ${i.key}`)).toEqual(['2 server.port', '4 agent.name', '5 agent.bogus']);
  });

  test('a multi-line string that looks like keys is not mistaken for them', () => {
    const error = errorOf('[agent]\nname = """\nport = 1\n"""\n[server]\nport = "no"\n');
    expect(error.issues).toEqual([{ line: 6, key: 'server.port', message: 'expected an integer from 0 to 65535, found a string ("no")' }]);
  });
});

describe('bad TOML', () => {
  test('a syntax error names the file, its line and column', () => {
    const error = errorOf('[agent]\nname = "x"\ndebounce_ms = \n');
    expect(error.line).toBe(3);
    expect(error.key).toBeNull();
    expect(error.message).toMatch(/^\/p\/ruchy-agent\.toml:3: invalid TOML \(column \d+\): /);
  });

  test('an unterminated string and a duplicate key are errors with their lines', () => {
    expect(errorOf('[agent]\n\nname = "x\n').line).toBe(3);
    const duplicate = errorOf('[server]\nport = 1\nport = 2\n');
    expect(duplicate.line).toBe(3);
    expect(duplicate.message).toMatch(/invalid TOML/);
  });
});

describe('finding the file', () => {
  test('the nearest ruchy-agent.toml in the folder or a parent', () => {
    const dir = tempFolder({ 'ruchy-agent.toml': '[quality]\nmax_complexity = 9\n', 'src/deep/x.ruchy': '' });
    const nested = path.join(dir, 'src', 'deep');
    expect(findConfigFile(nested)).toBe(path.join(dir, 'ruchy-agent.toml'));
    const loaded = loadConfig(undefined, nested);
    expect(loaded.source).toBe(path.join(dir, 'ruchy-agent.toml'));
    expect(loaded.config.quality.max_complexity).toBe(9);
  });

  test('a nearer file wins over one further up', () => {
    const dir = tempFolder({ 'ruchy-agent.toml': '[quality]\nmax_complexity = 9\n', 'sub/ruchy-agent.toml': '[quality]\nmax_complexity = 4\n' });
    expect(loadConfig(undefined, path.join(dir, 'sub')).config.quality.max_complexity).toBe(4);
  });

  test('an explicit --config file, relative to the working folder, wins over the search', () => {
    const dir = tempFolder({ 'ruchy-agent.toml': '[quality]\nmax_complexity = 9\n', 'ci/strict.toml': '[quality]\nmax_complexity = 3\n' });
    const loaded = loadConfig('ci/strict.toml', dir);
    expect(loaded).toMatchObject({ source: path.join(dir, 'ci', 'strict.toml'), config: { quality: { max_complexity: 3 } } });
  });

  test('an explicit file that does not exist is an error naming it', () => {
    const dir = tempFolder();
    expect(() => loadConfig('missing.toml', dir)).toThrow(ConfigError);
    expect(() => loadConfig('missing.toml', dir)).toThrow(`${path.join(dir, 'missing.toml')}: cannot read the configuration: no such file`);
  });

  test('errors from a found file name that file', () => {
    const dir = tempFolder({ 'ruchy-agent.toml': '[agent]\nnam = "x"\n' });
    expect(() => loadConfig(undefined, dir)).toThrow(`${path.join(dir, 'ruchy-agent.toml')}:2: agent.nam: unknown key in [agent] (did you mean \`name\`?)`);
  });
});
