// The project configuration, `ruchy-agent.toml`: found in the working folder or one of
// its parents (or named with --config), parsed with a TOML library and validated with zod.
// Every key is optional and has a default; an unknown key or a value of the wrong type is
// an error that names the file, the line (found in the source by ./key-lines.ts) and the
// key, so a typo never silently falls back to a default.
//
//   [agent]       name, check_interval_seconds, enable_notifications, debounce_ms
//   [monitoring]  watch_patterns, ignore_patterns
//   [quality]     max_complexity (cyclomatic), max_cognitive_complexity, enforce_standards
//   [server]      port (0: any free port; the server always binds 127.0.0.1), token
//
// samples/ruchy-agent.toml shows every key with its default.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { z } from 'zod';
import { suggest } from '../diagnostics/suggest.js';
import { KeyLines, type KeyPath } from './key-lines.js';

export const CONFIG_FILE_NAME = 'ruchy-agent.toml';

// TOML integers are read as bigints, so that `20.0` (a float) is told apart from `20`.
const integer = (min: number, max: number, fallback: number) =>
  z.bigint().min(BigInt(min)).max(BigInt(max)).transform(Number).default(fallback);
const strings = (fallback: readonly string[]) => z.array(z.string().min(1)).default(() => [...fallback]);

const agentSchema = z.strictObject({
  /** Shown in notifications and status reports. */
  name: z.string().min(1).default('ruchy-agent'),
  /** How often the agent re-checks the whole project even without file events. */
  check_interval_seconds: integer(1, 86_400, 60),
  enable_notifications: z.boolean().default(true),
  /** Quiet time after the last file event before the agent re-checks. */
  debounce_ms: integer(0, 600_000, 150),
});

const monitoringSchema = z.strictObject({
  watch_patterns: strings(['**/*.ruchy']),
  ignore_patterns: strings(['target/', 'node_modules/', '.git/']),
});

const qualitySchema = z.strictObject({
  /** Cyclomatic complexity above which a function fails the quality gate. */
  max_complexity: integer(1, 1000, 20),
  max_cognitive_complexity: integer(1, 1000, 15),
  /** Whether functions over the limits fail `ruchy-agent lint` (exit status 1). */
  enforce_standards: z.boolean().default(true),
});

const serverSchema = z.strictObject({
  /** 0 picks a free port. The server listens on 127.0.0.1 only. */
  port: integer(0, 65_535, 0),
  /** Bearer token required by the HTTP server; empty: none. */
  token: z.string().default(''),
});

export const configSchema = z.strictObject({
  agent: agentSchema.prefault({}),
  monitoring: monitoringSchema.prefault({}),
  quality: qualitySchema.prefault({}),
  server: serverSchema.prefault({}),
});

export type RuchyAgentConfig = z.output<typeof configSchema>;

/** What each key accepts, in words, for error messages. */
const EXPECTED: Readonly<Record<string, string>> = {
  agent: 'a table',
  monitoring: 'a table',
  quality: 'a table',
  server: 'a table',
  'agent.name': 'a non-empty string',
  'agent.check_interval_seconds': 'an integer from 1 to 86400',
  'agent.enable_notifications': 'a boolean (true or false)',
  'agent.debounce_ms': 'an integer from 0 to 600000',
  'monitoring.watch_patterns': 'an array of non-empty strings',
  'monitoring.ignore_patterns': 'an array of non-empty strings',
  'quality.max_complexity': 'an integer from 1 to 1000',
  'quality.max_cognitive_complexity': 'an integer from 1 to 1000',
  'quality.enforce_standards': 'a boolean (true or false)',
  'server.port': 'an integer from 0 to 65535',
  'server.token': 'a string',
};

export function defaultConfig(): RuchyAgentConfig {
  return configSchema.parse({});
}

// ---------------------------------------------------------------- errors

export interface ConfigIssue {
  /** 1-based line in the file, when the key could be found there. */
  line: number | null;
  /** Dotted key (`quality.max_complexity`, `monitoring.watch_patterns[1]`); null for the whole file. */
  key: string | null;
  message: string;
}

/** A configuration file that cannot be used; `message` has one line per problem. */
export class ConfigError extends Error {
  readonly file: string | null;
  readonly issues: readonly ConfigIssue[];

  constructor(file: string | null, issues: readonly ConfigIssue[]) {
    super(issues.map((issue) => formatIssue(file, issue)).join('\n'));
    this.name = 'ConfigError';
    this.file = file;
    this.issues = issues;
  }

  /** The line of the first problem. */
  get line(): number | null {
    return this.issues[0]?.line ?? null;
  }

  /** The key of the first problem. */
  get key(): string | null {
    return this.issues[0]?.key ?? null;
  }
}

function formatIssue(file: string | null, issue: ConfigIssue): string {
  const where = [file ?? CONFIG_FILE_NAME, issue.line !== null ? String(issue.line) : null].filter((p) => p !== null).join(':');
  return issue.key !== null ? `${where}: ${issue.key}: ${issue.message}` : `${where}: ${issue.message}`;
}

// ---------------------------------------------------------------- loading

export interface LoadedConfig {
  config: RuchyAgentConfig;
  /** The file it was read from (absolute), or null when none was found and the defaults apply. */
  source: string | null;
}

/**
 * The configuration for a command run in `cwd`: from `file` when given (relative to `cwd`;
 * it must exist), else from the nearest `ruchy-agent.toml` in `cwd` or a parent folder,
 * else the defaults. Throws ConfigError.
 */
export function loadConfig(file: string | undefined, cwd: string = process.cwd()): LoadedConfig {
  const source = file !== undefined ? path.resolve(cwd, file) : findConfigFile(cwd);
  if (source === null) return { config: defaultConfig(), source: null };
  let text: string;
  try {
    text = fs.readFileSync(source, 'utf8');
  } catch (error) {
    throw new ConfigError(source, [{ line: null, key: null, message: `cannot read the configuration: ${describeFsError(error)}` }]);
  }
  return { config: parseConfig(text, source), source };
}

/** The nearest `ruchy-agent.toml` in `cwd` or its parents, or null. */
export function findConfigFile(cwd: string): string | null {
  let folder = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(folder, CONFIG_FILE_NAME);
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here: look in the parent
    }
    const parent = path.dirname(folder);
    if (parent === folder) return null;
    folder = parent;
  }
}

/** Parses and validates the text of a configuration file (`file` names it in errors). */
export function parseConfig(text: string, file: string | null = null): RuchyAgentConfig {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let document: unknown;
  try {
    document = parseToml(source, { integersAsBigInt: true });
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
      throw new ConfigError(file, [{ line: error.line, key: null, message: `invalid TOML (column ${error.column}): ${reason}` }]);
    }
    throw error;
  }
  const result = configSchema.safeParse(normalize(document));
  if (result.success) return result.data;
  const lines = new KeyLines(source);
  const issues: ConfigIssue[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push(unknownKey([...issue.path, key] as KeyPath, lines));
    } else {
      const keyPath = issue.path as KeyPath;
      issues.push({ line: lines.lineOf(keyPath), key: displayKey(keyPath), message: wrongValue(keyPath, valueAt(document, keyPath)) });
    }
  }
  issues.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  throw new ConfigError(file, issues);
}

function unknownKey(keyPath: KeyPath, lines: KeyLines): ConfigIssue {
  const name = String(keyPath[keyPath.length - 1]);
  const section = keyPath.slice(0, -1).map(String).join('.');
  const known = section === '' ? Object.keys(configSchema.shape) : knownKeys(section);
  const guess = suggest(name, known);
  const where = section === '' ? 'at the top level' : `in [${section}]`;
  const hint = guess !== null ? ` (did you mean \`${guess}\`?)` : known.length > 0 ? ` (known keys: ${known.join(', ')})` : '';
  return { line: lines.lineOf(keyPath), key: displayKey(keyPath), message: `unknown key ${where}${hint}` };
}

function knownKeys(section: string): string[] {
  return Object.keys(EXPECTED)
    .filter((k) => k.startsWith(`${section}.`))
    .map((k) => k.slice(section.length + 1));
}

function wrongValue(keyPath: KeyPath, value: unknown): string {
  const top = keyPath.filter((p): p is string => typeof p === 'string').slice(0, 2).join('.');
  const expected = EXPECTED[top] ?? 'another value';
  if (typeof keyPath[keyPath.length - 1] === 'number') return `expected a non-empty string, found ${describeValue(value)}`;
  return `expected ${expected}, found ${describeValue(value)}`;
}

function displayKey(keyPath: KeyPath): string | null {
  let out = '';
  for (const part of keyPath) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out === '' ? null : out;
}

function valueAt(document: unknown, keyPath: KeyPath): unknown {
  let value = document;
  for (const part of keyPath) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

/** The TOML type of a value, with the value when short: `a string ("high")`. */
export function describeValue(value: unknown): string {
  if (value instanceof Date) return `a date-time (${value.toISOString()})`;
  switch (typeof value) {
    case 'bigint':
      return `an integer (${value})`;
    case 'number':
      return `a float (${Number.isFinite(value) ? value : Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf'})`;
    case 'string':
      return value.length === 0 ? 'an empty string' : `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)})`;
    case 'boolean':
      return `a boolean (${value})`;
    case 'undefined':
      return 'nothing';
    default:
      return Array.isArray(value) ? 'an array' : 'a table';
  }
}

const DATE_TIME = Symbol('TOML date-time');

/**
 * A copy of the parsed document for validation: date-times become a value no schema
 * accepts (a Date would pass for a table with no keys).
 */
function normalize(value: unknown): unknown {
  if (value instanceof Date) return DATE_TIME;
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalize(v);
    return out;
  }
  return value;
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
