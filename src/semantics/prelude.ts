// What every Ruchy program can use without declaring it: builtin functions, macros,
// constants, type names, namespaces, the `Some/None/Ok/Err` variants, and the methods of
// builtin types (String, arrays, maps, Option, Result, numbers...). Names come from
// LANGUAGE.md and the reference interpreter's global environment. Signatures are written
// in a compact Ruchy-like notation and parsed once, on first use.
//
// Generic letters in signatures: T (element / inner type of the receiver), E (error of a
// Result), K and V (map keys and values), Self (the receiver); U, W, R, S, A, B are fresh
// per use. `?` after a parameter marks it optional, `...` a variadic tail.

import {
  arrayOf,
  BOOL,
  CHAR,
  DYN,
  FLOAT,
  fnOf,
  gen,
  INT,
  mapOf,
  named,
  NEVER,
  optionOf,
  rangeOf,
  resultOf,
  setOf,
  STRING,
  tupleOf,
  UNIT,
  type FnType,
  type Type,
} from './types.js';

export interface BuiltinSig {
  name: string;
  /** Parsed signature: gen indexes per LETTERS. */
  type: FnType;
  /** The signature as shown to people. */
  label: string;
  paramNames: string[];
  doc: string;
}

const LETTERS = ['T', 'E', 'K', 'V', 'U', 'W', 'R', 'S', 'Self', 'A', 'B'] as const;
export const GEN_COUNT = LETTERS.length;
export const G_T = 0;
export const G_E = 1;
export const G_K = 2;
export const G_V = 3;
export const G_SELF = 8;

// ---------------------------------------------------------------- signature notation

class SigParser {
  private i = 0;
  constructor(private readonly s: string) {}

  private ws(): void {
    while (this.s[this.i] === ' ') this.i++;
  }

  private eat(text: string): boolean {
    this.ws();
    if (this.s.startsWith(text, this.i)) {
      this.i += text.length;
      return true;
    }
    return false;
  }

  private ident(): string {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (m === null) throw new Error(`bad signature ${this.s} at ${this.i}`);
    this.i += m[0].length;
    return m[0];
  }

  fnSig(): { params: { name: string; type: Type; optional: boolean }[]; variadic: boolean; ret: Type } {
    this.eat('fn');
    this.eat('(');
    const params: { name: string; type: Type; optional: boolean }[] = [];
    let variadic = false;
    while (!this.eat(')')) {
      if (this.eat('...')) {
        variadic = true;
        continue;
      }
      const name = this.ident();
      this.eat(':');
      const type = this.type();
      const optional = this.eat('?');
      params.push({ name, type, optional });
      this.eat(',');
    }
    const ret = this.eat('->') ? this.type() : UNIT;
    return { params, variadic, ret };
  }

  type(): Type {
    this.ws();
    if (this.eat('[')) {
      const elem = this.type();
      this.eat(']');
      return arrayOf(elem);
    }
    if (this.eat('(')) {
      const elems: Type[] = [];
      while (!this.eat(')')) {
        elems.push(this.type());
        this.eat(',');
      }
      return tupleOf(elems);
    }
    if (this.s.startsWith('fn(', this.i)) {
      this.i += 2;
      this.eat('(');
      const params: Type[] = [];
      while (!this.eat(')')) {
        params.push(this.type());
        this.eat(',');
      }
      const ret = this.eat('->') ? this.type() : UNIT;
      return fnOf(params, ret);
    }
    const name = this.ident();
    const args: Type[] = [];
    if (this.eat('<')) {
      while (!this.eat('>')) {
        args.push(this.type());
        this.eat(',');
      }
    }
    const letter = (LETTERS as readonly string[]).indexOf(name);
    if (letter >= 0) return gen(letter);
    switch (name) {
      case 'i64':
        return INT;
      case 'f64':
        return FLOAT;
      case 'bool':
        return BOOL;
      case 'String':
        return STRING;
      case 'char':
        return CHAR;
      case 'any':
        return DYN;
      case 'never':
        return NEVER;
      case 'Option':
        return optionOf(args[0] ?? DYN);
      case 'Result':
        return resultOf(args[0] ?? DYN, args[1] ?? DYN);
      case 'HashMap':
        return mapOf(args[0] ?? DYN, args[1] ?? DYN);
      case 'HashSet':
        return setOf(args[0] ?? DYN);
      case 'Range':
        return rangeOf(args[0] ?? DYN);
      default:
        return named(name, name, 'builtin', args);
    }
  }
}

function parseSig(name: string, sig: string, doc: string): BuiltinSig {
  const parsed = new SigParser(sig).fnSig();
  const min = parsed.params.filter((p) => !p.optional).length;
  const type = fnOf(parsed.params.map((p) => p.type), parsed.ret, min, parsed.variadic);
  const params = parsed.params.map((p) => `${p.name}${p.optional ? '?' : ''}: ${sig.length > 0 ? renderSigType(p.type) : ''}`);
  if (parsed.variadic) params.push('...');
  const ret = parsed.ret === UNIT ? '' : ` -> ${renderSigType(parsed.ret)}`;
  return { name, type, label: `fun ${name}(${params.join(', ')})${ret}`, paramNames: parsed.params.map((p) => p.name), doc };
}

function renderSigType(t: Type): string {
  switch (t.k) {
    case 'gen':
      return LETTERS[t.i];
    case 'prim':
      return t.name;
    case 'dyn':
      return 'any';
    case 'array':
      return `[${renderSigType(t.elem)}]`;
    case 'tuple':
      return `(${t.elems.map(renderSigType).join(', ')})`;
    case 'fn':
      return `fun(${t.params.map(renderSigType).join(', ')}) -> ${renderSigType(t.ret)}`;
    case 'named':
      return t.args.length === 0 ? t.name : `${t.name}<${t.args.map(renderSigType).join(', ')}>`;
    default:
      return '_';
  }
}

type Table = Record<string, [sig: string, doc: string]>;

function build(table: Table): Map<string, BuiltinSig> {
  const out = new Map<string, BuiltinSig>();
  for (const [name, [sig, doc]] of Object.entries(table)) out.set(name, parseSig(name, sig, doc));
  return out;
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

// ---------------------------------------------------------------- functions

const FUNCTIONS: Table = {
  println: ['fn(...)', 'Prints its arguments separated by spaces, then a new line. A first string argument with `{}` placeholders is filled with the following arguments.'],
  print: ['fn(...)', 'Prints its arguments separated by spaces, without a new line.'],
  eprintln: ['fn(...)', 'Prints to standard error, then a new line.'],
  eprint: ['fn(...)', 'Prints to standard error.'],
  dbg: ['fn(value: U) -> U', 'Prints a value for debugging and returns it.'],
  format: ['fn(template: String, ...) -> String', 'Formats a string, replacing each `{}` by the next argument.'],
  len: ['fn(value: any) -> i64', 'The length of a string, array or map.'],
  range: ['fn(start: i64, end: i64?, step: i64?) -> Range<i64>', 'The integers from `start` up to, not including, `end`.'],
  typeof: ['fn(value: any) -> String', 'The name of the type of a value.'],
  type_of: ['fn(value: any) -> String', 'The name of the type of a value.'],
  assert: ['fn(condition: bool, message: String?)', 'Fails with an error when `condition` is false.'],
  assert_eq: ['fn(left: any, right: any, message: String?)', 'Fails with an error when the two values differ.'],
  assert_ne: ['fn(left: any, right: any, message: String?)', 'Fails with an error when the two values are equal.'],
  int: ['fn(value: any) -> i64', 'Converts a value to an integer.'],
  float: ['fn(value: any) -> f64', 'Converts a value to a float.'],
  str: ['fn(value: any) -> String', 'Converts a value to its string form.'],
  bool: ['fn(value: any) -> bool', 'Converts a value to a boolean.'],
  to_string: ['fn(value: any) -> String', 'Converts a value to its string form.'],
  parse_int: ['fn(text: String) -> i64', 'Parses an integer.'],
  parse_float: ['fn(text: String) -> f64', 'Parses a float.'],
  reverse: ['fn(values: U) -> U', 'The elements in reverse order.'],
  sort: ['fn(values: U) -> U', 'The elements in ascending order.'],
  sum: ['fn(values: any) -> any', 'The sum of the elements.'],
  product: ['fn(values: any) -> any', 'The product of the elements.'],
  unique: ['fn(values: U) -> U', 'The elements without duplicates.'],
  flatten: ['fn(values: any) -> [any]', 'One array from an array of arrays.'],
  zip: ['fn(a: [A], b: [B]) -> [(A, B)]', 'Pairs of corresponding elements.'],
  enumerate: ['fn(values: [A]) -> [(i64, A)]', 'Pairs of index and element.'],
  join: ['fn(values: any, separator: String) -> String', 'The elements joined with a separator.'],
  split: ['fn(text: String, separator: String) -> [String]', 'The parts of a string between separators.'],
  substring: ['fn(text: String, start: i64, end: i64?) -> String', 'Part of a string.'],
  slice: ['fn(values: U, start: i64, end: i64?) -> U', 'Part of an array or string.'],
  random: ['fn() -> f64', 'A random float in [0, 1).'],
  random_int: ['fn(low: i64, high: i64) -> i64', 'A random integer in a range.'],
  timestamp: ['fn() -> i64', 'Milliseconds since the Unix epoch.'],
  get_time_ms: ['fn() -> i64', 'Milliseconds since the Unix epoch.'],
  sleep: ['fn(milliseconds: i64)', 'Pauses the program.'],
  sqrt: ['fn(x: any) -> f64', 'Square root.'],
  pow: ['fn(base: U, exponent: any) -> U', '`base` raised to `exponent`.'],
  abs: ['fn(x: U) -> U', 'Absolute value.'],
  min: ['fn(a: U, b: U, ...) -> U', 'The smaller value.'],
  max: ['fn(a: U, b: U, ...) -> U', 'The larger value.'],
  floor: ['fn(x: any) -> any', 'Rounds down.'],
  ceil: ['fn(x: any) -> any', 'Rounds up.'],
  round: ['fn(x: any) -> any', 'Rounds to the nearest integer value.'],
  sin: ['fn(x: any) -> f64', 'Sine.'],
  cos: ['fn(x: any) -> f64', 'Cosine.'],
  tan: ['fn(x: any) -> f64', 'Tangent.'],
  log: ['fn(x: any) -> f64', 'Natural logarithm.'],
  log10: ['fn(x: any) -> f64', 'Base-10 logarithm.'],
  exp: ['fn(x: any) -> f64', 'e raised to `x`.'],
  input: ['fn(prompt: String?) -> String', 'Reads a line from standard input.'],
  readline: ['fn() -> String', 'Reads a line from standard input.'],
  exit: ['fn(code: i64?) -> never', 'Ends the program.'],
  panic: ['fn(message: any?) -> never', 'Stops the program with an error.'],
  read_file: ['fn(path: String) -> String', 'Reads a whole file (needs file access).'],
  write_file: ['fn(path: String, content: String)', 'Writes a whole file (needs file access).'],
  append_file: ['fn(path: String, content: String)', 'Appends to a file (needs file access).'],
  file_exists: ['fn(path: String) -> bool', 'Whether a file exists.'],
  delete_file: ['fn(path: String)', 'Deletes a file (needs file access).'],
  walk: ['fn(path: String) -> [any]', 'The entries of a directory tree.'],
  walk_parallel: ['fn(path: String) -> [any]', 'The entries of a directory tree.'],
  walk_with_options: ['fn(path: String, options: any) -> [any]', 'The entries of a directory tree.'],
  glob: ['fn(pattern: String) -> [String]', 'Paths matching a pattern.'],
  search: ['fn(pattern: String, path: String) -> [any]', 'Lines matching a pattern.'],
  compute_hash: ['fn(path: String) -> String', 'A hash of a file.'],
  json_parse: ['fn(text: String) -> any', 'Parses JSON.'],
  json_stringify: ['fn(value: any) -> String', 'Serialises to JSON.'],
  json_pretty: ['fn(value: any) -> String', 'Serialises to indented JSON.'],
  json_read: ['fn(path: String) -> any', 'Reads a JSON file.'],
  json_write: ['fn(path: String, value: any)', 'Writes a JSON file.'],
  json_validate: ['fn(text: String) -> bool', 'Whether a string is valid JSON.'],
  json_type: ['fn(value: any) -> String', 'The JSON type of a value.'],
  json_merge: ['fn(a: any, b: any) -> any', 'Merges two JSON objects.'],
  json_get: ['fn(value: any, path: String) -> any', 'A value at a JSON path.'],
  json_set: ['fn(value: any, path: String, new_value: any) -> any', 'Sets a value at a JSON path.'],
  http_get: ['fn(url: String) -> String', 'HTTP GET (needs network access).'],
  http_post: ['fn(url: String, body: String) -> String', 'HTTP POST (needs network access).'],
  http_put: ['fn(url: String, body: String) -> String', 'HTTP PUT (needs network access).'],
  http_delete: ['fn(url: String) -> String', 'HTTP DELETE (needs network access).'],
  col: ['fn(name: String) -> any', 'A DataFrame column expression.'],
};

for (const name of ['env_args', 'env_vars']) FUNCTIONS[name] = ['fn() -> [String]', 'Process environment.'];
for (const name of ['env_var']) FUNCTIONS[name] = ['fn(name: String) -> Option<String>', 'An environment variable.'];
for (const name of ['env_set_var', 'env_remove_var', 'env_current_dir', 'env_set_current_dir', 'env_temp_dir']) FUNCTIONS[name] = ['fn(...) -> any', 'Process environment.'];
for (const name of ['fs_read', 'fs_write', 'fs_exists', 'fs_create_dir', 'fs_remove_file', 'fs_remove_dir', 'fs_copy', 'fs_rename', 'fs_metadata', 'fs_read_dir', 'fs_canonicalize', 'fs_is_file']) FUNCTIONS[name] = ['fn(...) -> any', 'File system access (needs file access).'];
for (const name of ['path_join', 'path_join_many', 'path_parent', 'path_file_name', 'path_file_stem', 'path_extension', 'path_is_absolute', 'path_is_relative', 'path_canonicalize', 'path_with_extension', 'path_with_file_name', 'path_components', 'path_normalize']) FUNCTIONS[name] = ['fn(...) -> any', 'Path manipulation.'];

export const builtinFunctions = lazy(() => build(FUNCTIONS));

/**
 * Builtin functions whose argument count the reference interpreter checks (the signatures
 * above are looser for some: `min` and `max` take exactly two there). A call outside these
 * bounds certainly fails.
 */
export const BUILTIN_ARITY: ReadonlyMap<string, { min: number; max: number }> = new Map([
  ...['len', 'sqrt', 'abs', 'floor', 'ceil', 'round', 'sin', 'cos', 'tan', 'log', 'log10', 'reverse', 'sleep'].map((n) => [n, { min: 1, max: 1 }] as const),
  ['pow', { min: 2, max: 2 }],
  ['min', { min: 2, max: Infinity }],
  ['max', { min: 2, max: Infinity }],
  ['timestamp', { min: 0, max: 0 }],
  ['range', { min: 1, max: 3 }],
]);

/** Builtin values that are not functions. */
export const BUILTIN_CONSTANTS: ReadonlyMap<string, { type: Type; doc: string }> = new Map([
  ['nil', { type: DYN, doc: 'The absent value.' }],
  ['PI', { type: FLOAT, doc: 'π' }],
  ['E', { type: FLOAT, doc: "Euler's number" }],
]);

/** Roots of paths that name the standard library or runtime namespaces: never reported. */
export const BUILTIN_NAMESPACES: ReadonlySet<string> = new Set([
  'std', 'core', 'alloc', 'chrono', 'Utc', 'Local', 'io', 'fs', 'env', 'time', 'process', 'collections', 'math', 'json', 'http', 'path', 'Command', 'DataFrame', 'Integer', 'Float',
]);

// ---------------------------------------------------------------- macros

const MACROS: Table = {
  println: ['fn(...)', 'Prints formatted text and a new line.'],
  print: ['fn(...)', 'Prints formatted text.'],
  eprintln: ['fn(...)', 'Prints formatted text to standard error, then a new line.'],
  eprint: ['fn(...)', 'Prints formatted text to standard error.'],
  format: ['fn(...) -> String', 'Formats text.'],
  vec: ['fn(...) -> [any]', 'An array.'],
  assert: ['fn(condition: bool, ...)', 'Fails when `condition` is false.'],
  assert_eq: ['fn(left: any, right: any, ...)', 'Fails when the values differ.'],
  assert_ne: ['fn(left: any, right: any, ...)', 'Fails when the values are equal.'],
  debug_assert: ['fn(condition: bool, ...)', 'Fails when `condition` is false.'],
  debug_assert_eq: ['fn(left: any, right: any, ...)', 'Fails when the values differ.'],
  panic: ['fn(...) -> never', 'Stops the program with an error.'],
  todo: ['fn(...) -> never', 'Marks unfinished code.'],
  unimplemented: ['fn(...) -> never', 'Marks unimplemented code.'],
  unreachable: ['fn(...) -> never', 'Marks code that cannot run.'],
  dbg: ['fn(...) -> any', 'Prints values for debugging.'],
  df: ['fn(...) -> DataFrame', 'A DataFrame from named columns.'],
  hashmap: ['fn(...) -> HashMap<any, any>', 'A map.'],
  hashset: ['fn(...) -> HashSet<any>', 'A set.'],
  matches: ['fn(value: any, ...) -> bool', 'Whether a value matches a pattern.'],
  write: ['fn(...) -> any', 'Writes formatted text.'],
  writeln: ['fn(...) -> any', 'Writes formatted text and a new line.'],
  json: ['fn(...) -> any', 'A JSON value.'],
  include_str: ['fn(path: String) -> String', 'A file included as a string.'],
  env: ['fn(name: String) -> String', 'An environment variable at compile time.'],
  concat: ['fn(...) -> String', 'Concatenated literals.'],
  stringify: ['fn(...) -> String', 'Tokens as a string.'],
  sql: ['fn(...) -> any', 'A SQL query.'],
};

export const builtinMacros = lazy(() => build(MACROS));

// ---------------------------------------------------------------- types

export const BUILTIN_TYPE_DOCS: ReadonlyMap<string, string> = new Map([
  ...['i8', 'i16', 'i32', 'i64', 'i128', 'isize', 'u8', 'u16', 'u32', 'u64', 'u128', 'usize'].map((n) => [n, 'An integer (64-bit signed at run time).'] as [string, string]),
  ['f32', 'A floating-point number.'],
  ['f64', 'A 64-bit floating-point number.'],
  ['bool', '`true` or `false`.'],
  ['char', 'A character.'],
  ['String', 'A string of text.'],
  ['str', 'A string of text.'],
  ['Vec', 'An array: `Vec<T>` is `[T]`.'],
  ['HashMap', 'A map from keys to values.'],
  ['HashSet', 'A set of values.'],
  ['BTreeMap', 'A sorted map.'],
  ['BTreeSet', 'A sorted set.'],
  ['VecDeque', 'A double-ended queue.'],
  ['Option', '`Some(value)` or `None`.'],
  ['Result', '`Ok(value)` or `Err(error)`.'],
  ['Box', 'A boxed value (transparent in Ruchy).'],
  ['Rc', 'A shared value (transparent in Ruchy).'],
  ['Arc', 'A shared value (transparent in Ruchy).'],
  ['RefCell', 'A mutable cell (transparent in Ruchy).'],
  ['Cell', 'A mutable cell (transparent in Ruchy).'],
  ['Mutex', 'A lock (transparent in Ruchy).'],
  ['Range', 'A range of integers.'],
  ['DataFrame', 'A table of named columns.'],
  ['Fn', 'A function type.'],
  ['FnMut', 'A function type.'],
  ['FnOnce', 'A function type.'],
  ['Any', 'Any value.'],
  ['Value', 'Any value.'],
  ['Object', 'An object.'],
  ['Error', 'An error value.'],
  ['Duration', 'A length of time.'],
  ['Instant', 'A point in time.'],
  ['Ordering', 'The result of a comparison.'],
  ['Display', 'A trait: printable values.'],
  ['Debug', 'A trait: debug-printable values.'],
  ['Clone', 'A trait.'],
  ['Copy', 'A trait.'],
  ['PartialEq', 'A trait.'],
  ['Eq', 'A trait.'],
  ['PartialOrd', 'A trait.'],
  ['Ord', 'A trait.'],
  ['Hash', 'A trait.'],
  ['Default', 'A trait.'],
  ['Iterator', 'A trait.'],
  ['Send', 'A trait.'],
  ['Sync', 'A trait.'],
  ['Sized', 'A trait.'],
  ['ToString', 'A trait.'],
  ['Into', 'A trait.'],
  ['From', 'A trait.'],
  ['Future', 'A trait.'],
]);

/** Names of the prelude enum variants. */
export const PRELUDE_VARIANTS: ReadonlyMap<string, { enumName: 'Option' | 'Result'; arity: number; doc: string }> = new Map([
  ['Some', { enumName: 'Option', arity: 1, doc: 'An `Option` holding a value.' }],
  ['None', { enumName: 'Option', arity: 0, doc: 'An `Option` holding nothing.' }],
  ['Ok', { enumName: 'Result', arity: 1, doc: 'A successful `Result`.' }],
  ['Err', { enumName: 'Result', arity: 1, doc: 'A failed `Result`.' }],
]);

/** Associated functions of builtin types (`String::from`, `HashMap::new`...). */
const ASSOCIATED: Record<string, Table> = {
  String: {
    new: ['fn() -> String', 'An empty string.'],
    from: ['fn(value: any) -> String', 'A string from a value.'],
    with_capacity: ['fn(capacity: i64) -> String', 'An empty string.'],
    from_utf8: ['fn(bytes: any) -> Result<String, String>', 'A string from bytes.'],
  },
  Vec: {
    new: ['fn() -> [U]', 'An empty array.'],
    with_capacity: ['fn(capacity: i64) -> [U]', 'An empty array.'],
    from: ['fn(values: any) -> [U]', 'An array from values.'],
  },
  HashMap: { new: ['fn() -> HashMap<U, W>', 'An empty map.'], with_capacity: ['fn(capacity: i64) -> HashMap<U, W>', 'An empty map.'], from: ['fn(values: any) -> HashMap<U, W>', 'A map from pairs.'] },
  HashSet: { new: ['fn() -> HashSet<U>', 'An empty set.'], from: ['fn(values: any) -> HashSet<U>', 'A set from values.'] },
  Box: { new: ['fn(value: U) -> U', 'A boxed value.'] },
  Rc: { new: ['fn(value: U) -> U', 'A shared value.'] },
  Arc: { new: ['fn(value: U) -> U', 'A shared value.'] },
  RefCell: { new: ['fn(value: U) -> U', 'A mutable cell.'] },
  Some: {},
};

const associatedCache = new Map<string, Map<string, BuiltinSig>>();
export function builtinAssociated(typeName: string): Map<string, BuiltinSig> | null {
  const table = ASSOCIATED[typeName];
  if (table === undefined) return null;
  let built = associatedCache.get(typeName);
  if (built === undefined) {
    built = build(table);
    associatedCache.set(typeName, built);
  }
  return built;
}

// ---------------------------------------------------------------- methods of builtin types

const COMMON: Table = {
  to_string: ['fn() -> String', 'The value as a string.'],
  clone: ['fn() -> Self', 'A copy of the value.'],
  eq: ['fn(other: any) -> bool', 'Whether two values are equal.'],
  ne: ['fn(other: any) -> bool', 'Whether two values differ.'],
  fmt: ['fn(...) -> String', 'The value formatted.'],
  hash: ['fn(...) -> i64', 'A hash of the value.'],
  cmp: ['fn(other: any) -> any', 'Compares two values.'],
  partial_cmp: ['fn(other: any) -> any', 'Compares two values.'],
  into: ['fn() -> any', 'Converts the value.'],
  as_ref: ['fn() -> Self', 'The value itself.'],
  as_mut: ['fn() -> Self', 'The value itself.'],
  borrow: ['fn() -> Self', 'The value itself.'],
  borrow_mut: ['fn() -> Self', 'The value itself.'],
  unwrap_or_default: ['fn() -> any', 'The value or a default.'],
  type_name: ['fn() -> String', 'The name of the type.'],
  default: ['fn() -> Self', 'A default value.'],
};

const STRING_METHODS: Table = {
  len: ['fn() -> i64', 'The number of characters.'],
  is_empty: ['fn() -> bool', 'Whether the string is empty.'],
  to_uppercase: ['fn() -> String', 'Upper-case copy.'],
  to_lowercase: ['fn() -> String', 'Lower-case copy.'],
  to_upper: ['fn() -> String', 'Upper-case copy.'],
  to_lower: ['fn() -> String', 'Lower-case copy.'],
  capitalize: ['fn() -> String', 'Copy with the first letter in upper case.'],
  trim: ['fn() -> String', 'Copy without leading and trailing white space.'],
  trim_start: ['fn() -> String', 'Copy without leading white space.'],
  trim_end: ['fn() -> String', 'Copy without trailing white space.'],
  trim_matches: ['fn(pattern: any) -> String', 'Copy without leading and trailing matches.'],
  split: ['fn(separator: any) -> [String]', 'The parts between separators.'],
  splitn: ['fn(count: i64, separator: any) -> [String]', 'At most `count` parts.'],
  split_whitespace: ['fn() -> [String]', 'The words.'],
  lines: ['fn() -> [String]', 'The lines.'],
  chars: ['fn() -> [char]', 'The characters.'],
  bytes: ['fn() -> [i64]', 'The UTF-8 bytes.'],
  contains: ['fn(pattern: any) -> bool', 'Whether the string contains `pattern`.'],
  starts_with: ['fn(prefix: any) -> bool', 'Whether the string starts with `prefix`.'],
  ends_with: ['fn(suffix: any) -> bool', 'Whether the string ends with `suffix`.'],
  find: ['fn(pattern: any) -> Option<i64>', 'Index of the first match.'],
  rfind: ['fn(pattern: any) -> Option<i64>', 'Index of the last match.'],
  index_of: ['fn(pattern: any) -> i64', 'Index of the first match, or -1.'],
  replace: ['fn(from: any, to: String) -> String', 'Copy with every `from` replaced.'],
  replacen: ['fn(from: any, to: String, count: i64) -> String', 'Copy with the first matches replaced.'],
  repeat: ['fn(count: i64) -> String', 'The string repeated.'],
  reverse: ['fn() -> String', 'The characters in reverse order.'],
  substring: ['fn(start: i64, end: i64?) -> String', 'Part of the string.'],
  slice: ['fn(start: i64, end: i64?) -> String', 'Part of the string.'],
  char_at: ['fn(index: i64) -> char', 'The character at an index.'],
  get: ['fn(index: any) -> Option<String>', 'Part of the string, if in range.'],
  parse: ['fn() -> any', 'Parses the string (a number with `parse::<i64>()`).'],
  to_int: ['fn() -> i64', 'Parses an integer.'],
  to_float: ['fn() -> f64', 'Parses a float.'],
  as_str: ['fn() -> String', 'The string itself.'],
  as_bytes: ['fn() -> [i64]', 'The UTF-8 bytes.'],
  to_owned: ['fn() -> String', 'A copy.'],
  push: ['fn(c: any)', 'Appends a character.'],
  push_str: ['fn(s: String)', 'Appends a string.'],
  pop: ['fn() -> Option<char>', 'Removes the last character.'],
  insert: ['fn(index: i64, c: any)', 'Inserts a character.'],
  remove: ['fn(index: i64) -> char', 'Removes a character.'],
  clear: ['fn()', 'Empties the string.'],
  truncate: ['fn(length: i64)', 'Shortens the string.'],
  is_numeric: ['fn() -> bool', 'Whether all characters are digits.'],
  is_alphabetic: ['fn() -> bool', 'Whether all characters are letters.'],
  matches: ['fn(pattern: any) -> [String]', 'The matches of a pattern.'],
  char_indices: ['fn() -> [(i64, char)]', 'Characters with their indexes.'],
  pad_left: ['fn(width: i64, fill: any?) -> String', 'Padded copy.'],
  pad_right: ['fn(width: i64, fill: any?) -> String', 'Padded copy.'],
  len_utf8: ['fn() -> i64', 'The length in bytes.'],
  count: ['fn(pattern: any?) -> i64', 'Number of characters or matches.'],
  format: ['fn(...) -> String', 'Formats the string with arguments.'],
  join: ['fn(values: any) -> String', 'The values joined by this string.'],
  to_vec: ['fn() -> [char]', 'The characters.'],
  iter: ['fn() -> [char]', 'The characters.'],
  first: ['fn() -> Option<char>', 'The first character.'],
  last: ['fn() -> Option<char>', 'The last character.'],
  eq_ignore_ascii_case: ['fn(other: String) -> bool', 'Case-insensitive equality.'],
};

const ARRAY_METHODS: Table = {
  len: ['fn() -> i64', 'The number of elements.'],
  is_empty: ['fn() -> bool', 'Whether there are no elements.'],
  push: ['fn(value: T)', 'Appends an element.'],
  pop: ['fn() -> Option<T>', 'Removes and returns the last element.'],
  get: ['fn(index: i64) -> Option<T>', 'The element at an index, if any.'],
  first: ['fn() -> Option<T>', 'The first element.'],
  last: ['fn() -> Option<T>', 'The last element.'],
  map: ['fn(f: fn(T) -> U) -> [U]', 'Applies `f` to each element.'],
  filter: ['fn(f: fn(T) -> bool) -> [T]', 'The elements for which `f` is true.'],
  reduce: ['fn(...) -> any', 'Combines the elements: `reduce(init, |acc, x| ...)` or `reduce(|acc, x| ...)`.'],
  fold: ['fn(init: U, f: fn(U, T) -> U) -> U', 'Combines the elements starting from `init`.'],
  sum: ['fn() -> T', 'The sum of the elements.'],
  product: ['fn() -> T', 'The product of the elements.'],
  min: ['fn() -> Option<T>', 'The smallest element.'],
  max: ['fn() -> Option<T>', 'The largest element.'],
  join: ['fn(separator: String?) -> String', 'The elements joined with a separator.'],
  contains: ['fn(value: any) -> bool', 'Whether the array contains a value.'],
  reverse: ['fn() -> [T]', 'The elements in reverse order.'],
  rev: ['fn() -> [T]', 'The elements in reverse order.'],
  sort: ['fn() -> [T]', 'Sorts the elements.'],
  sort_by: ['fn(f: fn(T, T) -> any) -> [T]', 'Sorts the elements with a comparison.'],
  sort_by_key: ['fn(f: fn(T) -> any) -> [T]', 'Sorts the elements by a key.'],
  sorted: ['fn() -> [T]', 'A sorted copy.'],
  enumerate: ['fn() -> [(i64, T)]', 'Pairs of index and element.'],
  zip: ['fn(other: [U]) -> [(T, U)]', 'Pairs of corresponding elements.'],
  any: ['fn(f: fn(T) -> bool) -> bool', 'Whether `f` is true for some element.'],
  all: ['fn(f: fn(T) -> bool) -> bool', 'Whether `f` is true for every element.'],
  find: ['fn(f: fn(T) -> bool) -> Option<T>', 'The first element for which `f` is true.'],
  position: ['fn(f: fn(T) -> bool) -> Option<i64>', 'The index of the first element for which `f` is true.'],
  index_of: ['fn(value: any) -> i64', 'The index of a value, or -1.'],
  count: ['fn(f: any?) -> i64', 'The number of elements (matching `f`).'],
  iter: ['fn() -> [T]', 'The elements.'],
  into_iter: ['fn() -> [T]', 'The elements.'],
  iter_mut: ['fn() -> [T]', 'The elements.'],
  collect: ['fn() -> any', 'Collects the elements.'],
  to_vec: ['fn() -> [T]', 'A copy.'],
  cloned: ['fn() -> [T]', 'A copy.'],
  copied: ['fn() -> [T]', 'A copy.'],
  take: ['fn(n: i64) -> [T]', 'The first `n` elements.'],
  skip: ['fn(n: i64) -> [T]', 'All but the first `n` elements.'],
  step_by: ['fn(n: i64) -> [T]', 'Every `n`-th element.'],
  slice: ['fn(start: i64, end: i64?) -> [T]', 'Part of the array.'],
  concat: ['fn(other: any?) -> any', 'Concatenation.'],
  extend: ['fn(values: any)', 'Appends elements.'],
  append: ['fn(values: any)', 'Appends elements.'],
  insert: ['fn(index: i64, value: T)', 'Inserts an element.'],
  remove: ['fn(index: i64) -> T', 'Removes and returns an element.'],
  swap: ['fn(i: i64, j: i64)', 'Swaps two elements.'],
  clear: ['fn()', 'Removes every element.'],
  truncate: ['fn(length: i64)', 'Shortens the array.'],
  retain: ['fn(f: fn(T) -> bool)', 'Keeps the elements for which `f` is true.'],
  dedup: ['fn() -> [T]', 'Removes consecutive duplicates.'],
  unique: ['fn() -> [T]', 'The elements without duplicates.'],
  for_each: ['fn(f: fn(T) -> any)', 'Calls `f` on each element.'],
  flat_map: ['fn(f: fn(T) -> any) -> [any]', 'Maps and flattens.'],
  filter_map: ['fn(f: fn(T) -> any) -> [any]', 'Maps and keeps the present values.'],
  flatten: ['fn() -> [any]', 'One array from an array of arrays.'],
  windows: ['fn(size: i64) -> [[T]]', 'Overlapping windows.'],
  chunks: ['fn(size: i64) -> [[T]]', 'Consecutive chunks.'],
  split_at: ['fn(index: i64) -> ([T], [T])', 'Two parts.'],
  binary_search: ['fn(value: T) -> any', 'Searches a sorted array.'],
  min_by_key: ['fn(f: fn(T) -> any) -> Option<T>', 'The element with the smallest key.'],
  max_by_key: ['fn(f: fn(T) -> any) -> Option<T>', 'The element with the largest key.'],
  min_by: ['fn(f: fn(T, T) -> any) -> Option<T>', 'The smallest element.'],
  max_by: ['fn(f: fn(T, T) -> any) -> Option<T>', 'The largest element.'],
  partition: ['fn(f: fn(T) -> bool) -> ([T], [T])', 'Splits by a condition.'],
  chain: ['fn(other: any) -> [T]', 'Concatenation.'],
  take_while: ['fn(f: fn(T) -> bool) -> [T]', 'The leading elements for which `f` is true.'],
  skip_while: ['fn(f: fn(T) -> bool) -> [T]', 'The elements after the leading ones for which `f` is true.'],
  scan: ['fn(...) -> [any]', 'Running accumulation.'],
  group_by: ['fn(f: fn(T) -> any) -> any', 'Groups elements by key.'],
  next: ['fn() -> Option<T>', 'The next element.'],
  peekable: ['fn() -> [T]', 'The elements.'],
  len_utf8: ['fn() -> i64', 'Length.'],
};

const MAP_METHODS: Table = {
  len: ['fn() -> i64', 'The number of entries.'],
  is_empty: ['fn() -> bool', 'Whether there are no entries.'],
  get: ['fn(key: any) -> Option<V>', 'The value for a key, if any.'],
  get_mut: ['fn(key: any) -> Option<V>', 'The value for a key, if any.'],
  get_or: ['fn(key: any, default: V) -> V', 'The value for a key, or a default.'],
  insert: ['fn(key: K, value: V) -> Option<V>', 'Sets the value for a key.'],
  contains_key: ['fn(key: any) -> bool', 'Whether a key is present.'],
  contains: ['fn(key: any) -> bool', 'Whether a key is present.'],
  remove: ['fn(key: any) -> Option<V>', 'Removes a key.'],
  keys: ['fn() -> [K]', 'The keys.'],
  values: ['fn() -> [V]', 'The values.'],
  values_mut: ['fn() -> [V]', 'The values.'],
  items: ['fn() -> [(K, V)]', 'The entries.'],
  entries: ['fn() -> [(K, V)]', 'The entries.'],
  iter: ['fn() -> [(K, V)]', 'The entries.'],
  into_iter: ['fn() -> [(K, V)]', 'The entries.'],
  clear: ['fn()', 'Removes every entry.'],
  entry: ['fn(key: K) -> any', 'An entry for in-place update.'],
  extend: ['fn(values: any)', 'Adds entries.'],
  retain: ['fn(f: any)', 'Keeps matching entries.'],
};

const SET_METHODS: Table = {
  len: ['fn() -> i64', 'The number of elements.'],
  is_empty: ['fn() -> bool', 'Whether the set is empty.'],
  insert: ['fn(value: T) -> bool', 'Adds a value.'],
  contains: ['fn(value: any) -> bool', 'Whether a value is present.'],
  remove: ['fn(value: any) -> bool', 'Removes a value.'],
  union: ['fn(other: any) -> HashSet<T>', 'Union.'],
  intersection: ['fn(other: any) -> HashSet<T>', 'Intersection.'],
  difference: ['fn(other: any) -> HashSet<T>', 'Difference.'],
  iter: ['fn() -> [T]', 'The elements.'],
  into_iter: ['fn() -> [T]', 'The elements.'],
  clear: ['fn()', 'Removes every element.'],
  extend: ['fn(values: any)', 'Adds values.'],
  is_subset: ['fn(other: any) -> bool', 'Whether every element is in `other`.'],
};

const OPTION_METHODS: Table = {
  unwrap: ['fn() -> T', 'The value; fails on `None`.'],
  expect: ['fn(message: String) -> T', 'The value; fails with `message` on `None`.'],
  unwrap_or: ['fn(default: T) -> T', 'The value, or `default`.'],
  unwrap_or_else: ['fn(f: fn() -> T) -> T', 'The value, or the result of `f`.'],
  unwrap_or_default: ['fn() -> T', 'The value, or a default.'],
  is_some: ['fn() -> bool', 'Whether there is a value.'],
  is_none: ['fn() -> bool', 'Whether there is no value.'],
  map: ['fn(f: fn(T) -> U) -> Option<U>', 'Applies `f` to the value.'],
  and_then: ['fn(f: fn(T) -> Option<U>) -> Option<U>', 'Chains an optional computation.'],
  or: ['fn(other: Option<T>) -> Option<T>', 'This option, or `other`.'],
  or_else: ['fn(f: fn() -> Option<T>) -> Option<T>', 'This option, or the result of `f`.'],
  ok_or: ['fn(error: U) -> Result<T, U>', 'A `Result` from the option.'],
  ok_or_else: ['fn(f: fn() -> U) -> Result<T, U>', 'A `Result` from the option.'],
  filter: ['fn(f: fn(T) -> bool) -> Option<T>', 'Keeps the value if `f` is true.'],
  take: ['fn() -> Option<T>', 'Takes the value out.'],
  cloned: ['fn() -> Option<T>', 'A copy.'],
  copied: ['fn() -> Option<T>', 'A copy.'],
  iter: ['fn() -> [T]', 'The value as a sequence.'],
  map_or: ['fn(default: U, f: fn(T) -> U) -> U', 'Maps the value or returns `default`.'],
  is_some_and: ['fn(f: fn(T) -> bool) -> bool', 'Whether there is a value for which `f` is true.'],
  unwrap_unchecked: ['fn() -> T', 'The value.'],
};

const RESULT_METHODS: Table = {
  unwrap: ['fn() -> T', 'The value; fails on `Err`.'],
  expect: ['fn(message: String) -> T', 'The value; fails with `message` on `Err`.'],
  unwrap_or: ['fn(default: T) -> T', 'The value, or `default`.'],
  unwrap_or_else: ['fn(f: fn(E) -> T) -> T', 'The value, or the result of `f`.'],
  unwrap_or_default: ['fn() -> T', 'The value, or a default.'],
  unwrap_err: ['fn() -> E', 'The error; fails on `Ok`.'],
  expect_err: ['fn(message: String) -> E', 'The error; fails on `Ok`.'],
  is_ok: ['fn() -> bool', 'Whether the result is `Ok`.'],
  is_err: ['fn() -> bool', 'Whether the result is `Err`.'],
  ok: ['fn() -> Option<T>', 'The value, if `Ok`.'],
  err: ['fn() -> Option<E>', 'The error, if `Err`.'],
  map: ['fn(f: fn(T) -> U) -> Result<U, E>', 'Applies `f` to the value.'],
  map_err: ['fn(f: fn(E) -> U) -> Result<T, U>', 'Applies `f` to the error.'],
  and_then: ['fn(f: fn(T) -> Result<U, E>) -> Result<U, E>', 'Chains a fallible computation.'],
  or_else: ['fn(f: fn(E) -> Result<T, U>) -> Result<T, U>', 'Recovers from an error.'],
  iter: ['fn() -> [T]', 'The value as a sequence.'],
  map_or: ['fn(default: U, f: fn(T) -> U) -> U', 'Maps the value or returns `default`.'],
};

const INT_METHODS: Table = {
  abs: ['fn() -> i64', 'Absolute value.'],
  pow: ['fn(exponent: i64) -> i64', 'Power.'],
  sqrt: ['fn() -> f64', 'Square root.'],
  min: ['fn(other: i64) -> i64', 'The smaller value.'],
  max: ['fn(other: i64) -> i64', 'The larger value.'],
  clamp: ['fn(low: i64, high: i64) -> i64', 'The value limited to a range.'],
  signum: ['fn() -> i64', 'The sign: -1, 0 or 1.'],
  is_positive: ['fn() -> bool', 'Whether the value is above zero.'],
  is_negative: ['fn() -> bool', 'Whether the value is below zero.'],
  to_float: ['fn() -> f64', 'The value as a float.'],
  to_f64: ['fn() -> f64', 'The value as a float.'],
  as_float: ['fn() -> f64', 'The value as a float.'],
  checked_add: ['fn(other: i64) -> Option<i64>', 'Addition without overflow.'],
  checked_sub: ['fn(other: i64) -> Option<i64>', 'Subtraction without overflow.'],
  checked_mul: ['fn(other: i64) -> Option<i64>', 'Multiplication without overflow.'],
  checked_div: ['fn(other: i64) -> Option<i64>', 'Division without overflow.'],
  wrapping_add: ['fn(other: i64) -> i64', 'Wrapping addition.'],
  wrapping_mul: ['fn(other: i64) -> i64', 'Wrapping multiplication.'],
  saturating_sub: ['fn(other: i64) -> i64', 'Saturating subtraction.'],
  rem_euclid: ['fn(other: i64) -> i64', 'Euclidean remainder.'],
  count_ones: ['fn() -> i64', 'Number of one bits.'],
  leading_zeros: ['fn() -> i64', 'Number of leading zero bits.'],
  trailing_zeros: ['fn() -> i64', 'Number of trailing zero bits.'],
  is_even: ['fn() -> bool', 'Whether the value is even.'],
  is_odd: ['fn() -> bool', 'Whether the value is odd.'],
  to_char: ['fn() -> char', 'The character with this code.'],
};

const FLOAT_METHODS: Table = {
  abs: ['fn() -> f64', 'Absolute value.'],
  floor: ['fn() -> f64', 'Rounds down.'],
  ceil: ['fn() -> f64', 'Rounds up.'],
  round: ['fn() -> f64', 'Rounds to the nearest integer value.'],
  trunc: ['fn() -> f64', 'Drops the fractional part.'],
  fract: ['fn() -> f64', 'The fractional part.'],
  sqrt: ['fn() -> f64', 'Square root.'],
  cbrt: ['fn() -> f64', 'Cube root.'],
  powi: ['fn(exponent: i64) -> f64', 'Integer power.'],
  powf: ['fn(exponent: f64) -> f64', 'Power.'],
  pow: ['fn(exponent: any) -> f64', 'Power.'],
  exp: ['fn() -> f64', 'e raised to the value.'],
  ln: ['fn() -> f64', 'Natural logarithm.'],
  log: ['fn(base: f64) -> f64', 'Logarithm.'],
  log10: ['fn() -> f64', 'Base-10 logarithm.'],
  log2: ['fn() -> f64', 'Base-2 logarithm.'],
  sin: ['fn() -> f64', 'Sine.'],
  cos: ['fn() -> f64', 'Cosine.'],
  tan: ['fn() -> f64', 'Tangent.'],
  atan2: ['fn(other: f64) -> f64', 'Arc tangent of y/x.'],
  min: ['fn(other: f64) -> f64', 'The smaller value.'],
  max: ['fn(other: f64) -> f64', 'The larger value.'],
  clamp: ['fn(low: f64, high: f64) -> f64', 'The value limited to a range.'],
  signum: ['fn() -> f64', 'The sign.'],
  is_nan: ['fn() -> bool', 'Whether the value is NaN.'],
  is_infinite: ['fn() -> bool', 'Whether the value is infinite.'],
  is_finite: ['fn() -> bool', 'Whether the value is finite.'],
  to_int: ['fn() -> i64', 'The value as an integer.'],
  to_i64: ['fn() -> i64', 'The value as an integer.'],
  as_int: ['fn() -> i64', 'The value as an integer.'],
  to_degrees: ['fn() -> f64', 'Radians to degrees.'],
  to_radians: ['fn() -> f64', 'Degrees to radians.'],
  hypot: ['fn(other: f64) -> f64', 'Length of the hypotenuse.'],
};

const CHAR_METHODS: Table = {
  is_alphabetic: ['fn() -> bool', 'Whether it is a letter.'],
  is_numeric: ['fn() -> bool', 'Whether it is a digit.'],
  is_digit: ['fn(radix: i64?) -> bool', 'Whether it is a digit.'],
  is_alphanumeric: ['fn() -> bool', 'Whether it is a letter or a digit.'],
  is_whitespace: ['fn() -> bool', 'Whether it is white space.'],
  is_uppercase: ['fn() -> bool', 'Whether it is upper case.'],
  is_lowercase: ['fn() -> bool', 'Whether it is lower case.'],
  is_ascii: ['fn() -> bool', 'Whether it is ASCII.'],
  is_ascii_digit: ['fn() -> bool', 'Whether it is an ASCII digit.'],
  is_ascii_alphabetic: ['fn() -> bool', 'Whether it is an ASCII letter.'],
  is_ascii_punctuation: ['fn() -> bool', 'Whether it is ASCII punctuation.'],
  to_uppercase: ['fn() -> String', 'Upper case.'],
  to_lowercase: ['fn() -> String', 'Lower case.'],
  to_ascii_uppercase: ['fn() -> char', 'Upper case.'],
  to_ascii_lowercase: ['fn() -> char', 'Lower case.'],
  to_digit: ['fn(radix: i64?) -> Option<i64>', 'The digit value.'],
  len: ['fn() -> i64', 'Length.'],
};

const RANGE_METHODS: Table = {
  contains: ['fn(value: any) -> bool', 'Whether the value is in the range.'],
  len: ['fn() -> i64', 'The number of values.'],
  rev: ['fn() -> [T]', 'The values in reverse order.'],
  map: ['fn(f: fn(T) -> U) -> [U]', 'Applies `f` to each value.'],
  filter: ['fn(f: fn(T) -> bool) -> [T]', 'The values for which `f` is true.'],
  step_by: ['fn(n: i64) -> [T]', 'Every `n`-th value.'],
  sum: ['fn() -> T', 'The sum of the values.'],
  product: ['fn() -> T', 'The product of the values.'],
  collect: ['fn() -> [T]', 'The values as an array.'],
  to_vec: ['fn() -> [T]', 'The values as an array.'],
  iter: ['fn() -> [T]', 'The values.'],
  into_iter: ['fn() -> [T]', 'The values.'],
  for_each: ['fn(f: fn(T) -> any)', 'Calls `f` on each value.'],
  fold: ['fn(init: U, f: fn(U, T) -> U) -> U', 'Combines the values.'],
  reduce: ['fn(...) -> any', 'Combines the values.'],
  any: ['fn(f: fn(T) -> bool) -> bool', 'Whether `f` is true for some value.'],
  all: ['fn(f: fn(T) -> bool) -> bool', 'Whether `f` is true for every value.'],
  count: ['fn() -> i64', 'The number of values.'],
  enumerate: ['fn() -> [(i64, T)]', 'Pairs of index and value.'],
  zip: ['fn(other: [U]) -> [(T, U)]', 'Pairs of corresponding values.'],
  take: ['fn(n: i64) -> [T]', 'The first `n` values.'],
  skip: ['fn(n: i64) -> [T]', 'All but the first `n` values.'],
  min: ['fn() -> Option<T>', 'The smallest value.'],
  max: ['fn() -> Option<T>', 'The largest value.'],
  find: ['fn(f: fn(T) -> bool) -> Option<T>', 'The first value for which `f` is true.'],
  start: ['fn() -> T', 'The first value.'],
  end: ['fn() -> T', 'The end bound.'],
};

const ACTOR_METHODS: Table = {
  send: ['fn(message: any)', 'Sends a message.'],
  ask: ['fn(message: any) -> any', 'Sends a message and waits for the reply.'],
  stop: ['fn()', 'Stops the actor.'],
};

export type MethodTableName = 'string' | 'array' | 'map' | 'set' | 'option' | 'result' | 'int' | 'float' | 'bool' | 'char' | 'range' | 'common' | 'actor';

const TABLES: Record<MethodTableName, Table> = {
  string: STRING_METHODS,
  array: ARRAY_METHODS,
  map: MAP_METHODS,
  set: SET_METHODS,
  option: OPTION_METHODS,
  result: RESULT_METHODS,
  int: INT_METHODS,
  float: FLOAT_METHODS,
  bool: {},
  char: CHAR_METHODS,
  range: RANGE_METHODS,
  common: COMMON,
  actor: ACTOR_METHODS,
};

const tableCache = new Map<MethodTableName, Map<string, BuiltinSig>>();

/** The methods of a builtin type (without the common ones every value has). */
export function methodTable(name: MethodTableName): Map<string, BuiltinSig> {
  let built = tableCache.get(name);
  if (built === undefined) {
    built = build(TABLES[name]);
    tableCache.set(name, built);
  }
  return built;
}

/** Every table that has a method of this name (for receivers of unknown type). */
export function tablesWithMethod(name: string): MethodTableName[] {
  const out: MethodTableName[] = [];
  for (const table of Object.keys(TABLES) as MethodTableName[]) if (Object.prototype.hasOwnProperty.call(TABLES[table], name)) out.push(table);
  return out;
}
