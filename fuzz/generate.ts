// Grammar-aware random Ruchy programs for the fuzzer: every kind of item (functions with
// generics and where clauses, structs, enums, traits with associated types, impls, type
// aliases, constants, modules, use trees, actors, effects, macro_rules), statement, pattern,
// type and expression the grammar has (f-strings with nested expressions, nested f-strings
// and format specs, closures, pipelines, actor sends, match with guards, labeled loops,
// try/catch, handle/with, comprehensions, struct literals with `..base`, casts, `?`, ...),
// with comments, doc comments and attributes in between. Names are drawn mostly from the
// bindings in scope, so that a fair share of programs also check and compile cleanly; the
// rest exercise the checker's error paths. Deterministic for a given Random.

import type { Random } from './random.js';

const LOCALS = ['a', 'b', 'x', 'y', 'n', 'i', 'count', 'total', 'item', 'name', 'value', 'acc', 'list', 'map', 'result', 's', 'r'];
const FUNCS = ['f', 'g', 'helper', 'compute', 'apply', 'square', 'make', 'run', 'parse_line', 'process'];
const STRUCTS = ['Point', 'User', 'Config', 'Pair', 'Node', 'Wrapper'];
const ENUMS = ['Shape', 'Color', 'Msg', 'Tree', 'Op'];
const TRAITS = ['Show', 'Area', 'Container', 'Iter', 'Named'];
const FIELDS = ['x', 'y', 'name', 'age', 'value', 'left', 'right', 'count', 'id'];
const METHODS = ['len', 'push', 'pop', 'map', 'filter', 'reduce', 'fold', 'sum', 'join', 'contains', 'reverse', 'sort', 'first', 'last',
  'get', 'iter', 'collect', 'enumerate', 'zip', 'any', 'all', 'find', 'keys', 'values', 'insert', 'remove', 'to_string', 'to_uppercase',
  'trim', 'split', 'starts_with', 'replace', 'chars', 'repeat', 'unwrap', 'unwrap_or', 'expect', 'is_some', 'is_none', 'is_ok', 'abs',
  'sqrt', 'pow', 'min', 'max', 'floor', 'parse', 'area', 'show', 'new', 'clone'];
const BUILTINS = ['println', 'print', 'eprintln', 'len', 'assert', 'assert_eq', 'range', 'sqrt', 'abs', 'min', 'max', 'pow', 'to_string', 'format'];
const MACROS = ['println!', 'vec!', 'format!', 'assert!', 'assert_eq!', 'panic!', 'print!', 'eprintln!', 'dbg!'];
const PRIMITIVES = ['i32', 'i64', 'u8', 'u32', 'u64', 'usize', 'f32', 'f64', 'bool', 'String', 'str', 'char', '()'];
const SPECS = ['', ':.2', ':.0', ':?', ':>10', ':<5', ':^8', ':08.3', ':x', ':#?', ':10', ':+', ':e'];
const COMMENTS = ['note', 'TODO: later', 'FIXME why', 'x, y; z', 'ünïcödé ✓', '漢字', '🦀 emoji', '{ brace', '" quote'];
const STRING_BITS = ['hello', 'a b', '', 'ünï', '漢字', '🦀', '\\n', '\\t', '\\"', '\\\\', '\\u{1F600}', '\\0', "'", '{}', 'x = {}', '%d'];

export interface GenerateOptions {
  /** Top-level items and statements (default: a few, skewed towards small). */
  items?: number;
  /** Depth budget for nested expressions and blocks. */
  depth?: number;
}

export function generateProgram(random: Random, options: GenerateOptions = {}): string {
  return new Generator(random, options.depth ?? random.int(2, 5)).program(options.items ?? 1 + random.skewed(12));
}

/** A single random expression (for small inputs and for splicing into other programs). */
export function generateExpression(random: Random, depth = 3): string {
  return new Generator(random, depth).expr(depth);
}

class Generator {
  private scopes: string[][] = [[]];
  private serial = 0;
  private inLoop = 0;
  private inFunction = 0;

  constructor(
    private readonly r: Random,
    private readonly maxDepth: number,
  ) {}

  // ------------------------------------------------------------ helpers

  private fresh(base?: string): string {
    const name = base ?? this.r.pick(LOCALS);
    return this.r.chance(0.7) ? name : `${name}${this.serial++}`;
  }

  private declare(name: string): void {
    this.scopes[this.scopes.length - 1].push(name);
  }

  private scoped<T>(body: () => T): T {
    this.scopes.push([]);
    try {
      return body();
    } finally {
      this.scopes.pop();
    }
  }

  /** A name in scope, most of the time; else any name (maybe undefined: the checker's job). */
  private local(): string {
    const visible = this.scopes.flat();
    if (visible.length > 0 && this.r.chance(0.85)) return this.r.pick(visible);
    return this.r.chance(0.5) ? this.r.pick(LOCALS) : this.r.pick(FUNCS);
  }

  private indent(level: number): string {
    return '    '.repeat(level);
  }

  private list<T>(count: number, make: (i: number) => T): T[] {
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(make(i));
    return out;
  }

  private comment(level: number): string {
    const text = this.r.pick(COMMENTS);
    switch (this.r.below(4)) {
      case 0:
        return `${this.indent(level)}// ${text}\n`;
      case 1:
        return `${this.indent(level)}/* ${text} /* nested */ */\n`;
      case 2:
        return `${this.indent(level)}# ${text}\n`;
      default:
        return `${this.indent(level)}/// ${text}\n`;
    }
  }

  private leading(level: number): string {
    let out = '';
    if (this.r.chance(0.12)) out += this.comment(level);
    if (this.r.chance(0.08)) out += `${this.indent(level)}${this.r.pick(['#[test]', '#[derive(Debug, Clone, PartialEq)]', '#[inline]', '#[allow(dead_code)]'])}\n`;
    return out;
  }

  // ------------------------------------------------------------ program and items

  program(items: number): string {
    let out = '';
    if (this.r.chance(0.05)) out += '#![allow(unused)]\n';
    for (let i = 0; i < items; i++) {
      out += this.leading(0);
      out += this.r.chance(0.45) ? this.item(0) : this.statement(0, this.maxDepth);
      out += this.r.chance(0.1) ? ';\n' : '\n';
      if (this.r.chance(0.2)) out += '\n';
    }
    if (this.r.chance(0.3)) out += `fun main() {\n${this.block(1, this.maxDepth, 3)}}\n`;
    return out;
  }

  private item(level: number): string {
    const vis = this.r.chance(0.2) ? this.r.pick(['pub ', 'pub(crate) ', 'pub(super) ']) : '';
    const choice = this.r.weighted<() => string>([
      [6, () => this.fun(level)],
      [2, () => this.struct(level)],
      [2, () => this.enumDecl(level)],
      [1.5, () => this.trait(level)],
      [1.5, () => this.impl(level)],
      [0.7, () => `type ${this.r.pick(STRUCTS)}${this.serial++} = ${this.type(2)}`],
      [1, () => `${this.r.pick(['const', 'static'])} ${this.r.pick(['LIMIT', 'MAX', 'NAME', 'PI'])}${this.r.chance(0.3) ? `: ${this.type(1)}` : ''} = ${this.expr(2)}`],
      [0.8, () => this.module(level)],
      [0.8, () => this.use()],
      [1, () => this.actor(level)],
      [0.6, () => this.effect(level)],
      [0.3, () => `macro_rules! ${this.r.pick(FUNCS)} {\n${this.indent(level + 1)}($x:expr) => { $x * 2 };\n${this.indent(level)}}`],
    ]);
    return vis + choice();
  }

  private typeParams(): string {
    if (!this.r.chance(0.3)) return '';
    const params = this.list(this.r.int(1, 3), (i) => {
      if (this.r.chance(0.1)) return `'a`;
      if (this.r.chance(0.05)) return `const N: usize`;
      const name = ['T', 'U', 'V'][i];
      const bound = this.r.chance(0.4) ? `: ${this.r.pick(TRAITS)}${this.r.chance(0.3) ? ' + Clone' : ''}` : '';
      const def = this.r.chance(0.05) ? ` = i32` : '';
      return name + bound + def;
    });
    return `<${params.join(', ')}>`;
  }

  private whereClause(): string {
    return this.r.chance(0.15) ? ` where T: ${this.r.pick(TRAITS)} + PartialOrd, U: Clone` : '';
  }

  private params(withSelf: boolean): string[] {
    const params: string[] = [];
    if (withSelf) params.push(this.r.pick(['self', '&self', '&mut self', 'mut self']));
    const n = this.r.int(0, 3);
    for (let i = 0; i < n; i++) {
      const pattern = this.r.chance(0.1) ? `(p${i}, q${i})` : this.r.chance(0.1) ? `mut ${this.fresh()}` : this.fresh();
      let param = pattern;
      if (this.r.chance(0.6)) param += `: ${this.type(2)}`;
      if (this.r.chance(0.1)) param += ` = ${this.literal()}`;
      params.push(param);
    }
    return params;
  }

  private bindParams(params: string[]): void {
    for (const p of params) {
      const names = p.replace(/:.*$|=.*$/s, '').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
      for (const name of names) if (name !== 'mut') this.declare(name);
    }
  }

  private fun(level: number, inImpl = false, signatureOnly = false): string {
    const name = inImpl && this.r.chance(0.2) ? 'new' : this.r.pick(FUNCS) + (this.r.chance(0.3) ? String(this.serial++) : '');
    this.declare(name);
    const asyncKw = this.r.chance(0.08) ? 'async ' : '';
    const kw = this.r.chance(0.2) ? 'fn' : 'fun';
    return this.scoped(() => {
      const params = this.params(inImpl && this.r.chance(0.6));
      this.bindParams(params);
      const ret = this.r.chance(0.5) ? ` -> ${this.type(2)}` : '';
      const head = `${asyncKw}${kw} ${name}${this.typeParams()}(${params.join(', ')})${ret}${this.whereClause()}`;
      if (signatureOnly) return head;
      this.inFunction++;
      try {
        return `${head} {\n${this.block(level + 1, this.maxDepth, 4)}${this.indent(level)}}`;
      } finally {
        this.inFunction--;
      }
    });
  }

  private fieldDecls(level: number, defaults: boolean): string {
    const fields = this.list(this.r.int(0, 4), (i) => {
      const vis = this.r.chance(0.2) ? 'pub ' : '';
      const def = defaults && this.r.chance(0.2) ? ` = ${this.literal()}` : '';
      return `${this.indent(level + 1)}${vis}${FIELDS[i % FIELDS.length]}: ${this.type(2)}${def}`;
    });
    return fields.length === 0 ? '' : fields.join(',\n') + (this.r.chance(0.5) ? ',' : '') + '\n';
  }

  private struct(level: number): string {
    const name = this.r.pick(STRUCTS);
    this.declare(name);
    switch (this.r.below(5)) {
      case 0:
        return `struct ${name}${this.typeParams()}(${this.list(this.r.int(1, 3), () => this.type(2)).join(', ')})`;
      case 1:
        return `struct ${name}${this.r.chance(0.5) ? ';' : ''}`;
      case 2:
        return `struct ${name}${this.typeParams()} {\n${this.fieldDecls(level, true)}\n${this.indent(level + 1)}${this.fun(level + 1, true)}\n${this.indent(level)}}`;
      default:
        return `struct ${name}${this.typeParams()}${this.whereClause()} {\n${this.fieldDecls(level, true)}${this.indent(level)}}`;
    }
  }

  private enumDecl(level: number): string {
    const name = this.r.pick(ENUMS);
    this.declare(name);
    const variants = this.list(this.r.int(0, 5), (i) => {
      const vname = ['Red', 'Circle', 'Leaf', 'Add', 'Quit', 'Move', 'Write'][i % 7];
      switch (this.r.below(5)) {
        case 0:
          return `${vname}(${this.list(this.r.int(1, 2), () => this.type(1)).join(', ')})`;
        case 1:
          return `${vname} { ${this.list(this.r.int(1, 2), (k) => `${FIELDS[k]}: ${this.type(1)}`).join(', ')} }`;
        case 2:
          return `${vname} = ${this.r.int(0, 9)}`;
        default:
          return vname;
      }
    });
    return `enum ${name}${this.typeParams()} {\n${variants.map((v) => `${this.indent(level + 1)}${v}`).join(',\n')}${this.r.chance(0.5) ? ',' : ''}\n${this.indent(level)}}`;
  }

  private trait(level: number): string {
    const name = this.r.pick(TRAITS);
    this.declare(name);
    const members = this.list(this.r.int(0, 3), () =>
      this.r.weighted<() => string>([
        [3, () => this.fun(level + 1, true, true)],
        [2, () => this.fun(level + 1, true)],
        [1, () => `type Item${this.r.chance(0.3) ? ': Clone' : ''}`],
        [0.5, () => `const ID: i32${this.r.chance(0.5) ? ' = 1' : ''}`],
      ])(),
    );
    const supertraits = this.r.chance(0.2) ? `: ${this.r.pick(TRAITS)}` : '';
    return `trait ${name}${this.typeParams()}${supertraits} {\n${members.map((m) => `${this.indent(level + 1)}${m}\n`).join('')}${this.indent(level)}}`;
  }

  private impl(level: number): string {
    const target = this.r.pick(STRUCTS) + (this.r.chance(0.1) ? '<T>' : '');
    const head = this.r.chance(0.4) ? `impl${this.typeParams()} ${this.r.pick(TRAITS)} for ${target}` : `impl${this.typeParams()} ${target}`;
    const members = this.list(this.r.int(0, 3), () => (this.r.chance(0.1) ? 'type Item = i32' : this.fun(level + 1, true)));
    return `${head}${this.whereClause()} {\n${members.map((m) => `${this.indent(level + 1)}${m}\n`).join('')}${this.indent(level)}}`;
  }

  private module(level: number): string {
    const name = this.r.pick(['geometry', 'util', 'math', 'inner']);
    if (this.r.chance(0.2)) return `mod ${name};`;
    const body = this.scoped(() => this.list(this.r.int(0, 3), () => `${this.indent(level + 1)}${this.r.chance(0.5) ? 'pub ' : ''}${this.item(level + 1)}\n`).join(''));
    return `mod ${name} {\n${body}${this.indent(level)}}`;
  }

  private use(): string {
    if (this.r.chance(0.15)) return `import "./${this.r.pick(['other', 'lib', 'util'])}.ruchy"`;
    const kw = this.r.chance(0.2) ? 'import' : 'use';
    const root = this.r.pick(['std::collections', 'geometry', 'crate::util', 'super::math', 'self::inner', 'std']);
    switch (this.r.below(4)) {
      case 0:
        return `${kw} ${root}::{${this.list(this.r.int(1, 3), () => this.r.pick(['HashMap', 'HashSet', 'square', 'helper as h', 'inner::*', 'self'])).join(', ')}}`;
      case 1:
        return `${kw} ${root}::*`;
      case 2:
        return `${kw} ${root}::${this.r.pick(FUNCS)} as ${this.fresh()}`;
      default:
        return `${kw} ${root}::${this.r.pick(FUNCS)}`;
    }
  }

  private actor(level: number): string {
    const name = this.r.pick(['Counter', 'Logger', 'Bank', 'Worker']);
    this.declare(name);
    const members: string[] = [];
    for (let i = 0; i < this.r.int(0, 2); i++) members.push(`${this.r.chance(0.3) ? 'state ' : ''}${FIELDS[i]}: ${this.type(1)}${this.r.chance(0.5) ? ` = ${this.literal()}` : ''}`);
    const handler = (): string => {
      const message = this.r.pick(['Increment', 'Add', 'Get', 'Log', 'Stop']);
      const params = this.r.chance(0.5) ? `(${this.fresh()}: ${this.type(1)})` : '';
      return `${message}${params} ${this.r.chance(0.8) ? '=>' : '->'} ${this.scoped(() => this.expr(2))}`;
    };
    if (this.r.chance(0.6)) {
      members.push(`receive {\n${this.list(this.r.int(0, 3), () => `${this.indent(level + 2)}${handler()}`).join(',\n')}\n${this.indent(level + 1)}}`);
    } else if (this.r.chance(0.5)) {
      members.push(`receive ${handler()}`);
    }
    if (this.r.chance(0.3)) members.push(this.fun(level + 1, true));
    return `actor ${name} {\n${members.map((m) => `${this.indent(level + 1)}${m}`).join(',\n')}\n${this.indent(level)}}`;
  }

  private effect(level: number): string {
    const name = this.r.pick(['Log', 'State', 'Fail']);
    const ops = this.list(this.r.int(0, 3), () => `${this.indent(level + 1)}${this.r.chance(0.3) ? 'fun ' : ''}${this.r.pick(['write', 'get', 'put', 'raise'])}(${this.r.chance(0.5) ? `x: ${this.type(1)}` : ''})${this.r.chance(0.5) ? ` -> ${this.type(1)}` : ''}`);
    return `effect ${name} {\n${ops.join('\n')}\n${this.indent(level)}}`;
  }

  // ------------------------------------------------------------ statements and blocks

  private block(level: number, depth: number, maxStatements: number): string {
    return this.scoped(() => {
      let out = '';
      const n = this.r.int(0, maxStatements);
      for (let i = 0; i < n; i++) {
        out += this.leading(level);
        out += this.indent(level) + this.statement(level, depth - 1);
        out += this.r.chance(0.15) ? ';\n' : '\n';
      }
      if (this.r.chance(0.6)) out += `${this.indent(level)}${this.expr(depth - 1, level)}\n`;
      return out;
    });
  }

  private inlineBlock(depth: number, level: number): string {
    if (depth <= 0 || this.r.chance(0.5)) return `{ ${this.scoped(() => this.expr(depth - 1, level))} }`;
    return `{\n${this.block(level + 1, depth, 2)}${this.indent(level)}}`;
  }

  private statement(level: number, depth: number): string {
    return this.r.weighted<() => string>([
      [5, () => this.let(level, depth)],
      [4, () => this.expr(depth, level)],
      [1, () => (depth > 1 ? this.item(level) : this.expr(depth, level))],
      [0.5, () => `let ${this.r.pick(['Some(v)', 'Ok(v)', '[first, ..]'])} = ${this.expr(depth - 1, level)} else { ${this.r.pick(['return', 'panic!("no")', 'return 0'])} }`],
      [0.3, () => ';'],
    ])();
  }

  private let(level: number, depth: number): string {
    const mut = this.r.chance(0.3) ? 'mut ' : '';
    const value = this.expr(depth, level);
    const pattern = this.r.chance(0.85) ? mut + this.fresh() : this.pattern(2, true);
    const type = this.r.chance(0.25) ? `: ${this.type(2)}` : '';
    for (const name of pattern.match(/\b[a-z_][A-Za-z0-9_]*\b/g) ?? []) if (name !== 'mut' && name !== 'ref') this.declare(name);
    return this.r.chance(0.03) ? `let ${pattern}${type}` : `let ${pattern}${type} = ${value}`;
  }

  // ------------------------------------------------------------ types

  type(depth: number): string {
    if (depth <= 0 || this.r.chance(0.45)) return this.r.chance(0.8) ? this.r.pick(PRIMITIVES) : this.r.pick([...STRUCTS, 'T', 'Self', '_', '!']);
    const inner = () => this.type(depth - 1);
    return this.r.weighted<() => string>([
      [3, () => `Vec<${inner()}>`],
      [2, () => `Option<${inner()}>`],
      [1.5, () => `Result<${inner()}, ${inner()}>`],
      [1.5, () => `HashMap<${inner()}, ${inner()}>`],
      [1.5, () => `(${this.list(this.r.int(0, 3), inner).join(', ')})`],
      [1.5, () => `[${inner()}]`],
      [1, () => `[${inner()}; ${this.r.int(0, 8)}]`],
      [1, () => `&${this.r.chance(0.3) ? 'mut ' : ''}${this.r.chance(0.1) ? "'a " : ''}${inner()}`],
      [1, () => `fn(${this.list(this.r.int(0, 2), inner).join(', ')}) -> ${inner()}`],
      [0.7, () => `${this.r.pick(['impl', 'dyn'])} ${this.r.pick(['Fn', 'FnMut'])}(${inner()}) -> ${inner()}`],
      [0.5, () => `|${inner()}| -> ${inner()}`],
      [0.5, () => `std::collections::HashSet<${inner()}>`],
      [0.5, () => `Box<dyn ${this.r.pick(TRAITS)} + Send>`],
    ])();
  }

  // ------------------------------------------------------------ patterns

  pattern(depth: number, binding = false): string {
    if (depth <= 0 || this.r.chance(0.35)) {
      return this.r.weighted<() => string>([
        [4, () => this.fresh()],
        [2, () => '_'],
        [2, () => this.literal(true)],
        [1, () => `${this.r.int(0, 5)}..=${this.r.int(6, 20)}`],
        [0.5, () => `'a'..='z'`],
        [0.3, () => `..=${this.r.int(0, 9)}`],
        [0.3, () => `${this.r.int(0, 9)}..`],
        [1, () => `${this.r.pick(ENUMS)}::${this.r.pick(['Red', 'Quit', 'Leaf'])}`],
        [0.5, () => 'None'],
        [0.5, () => `mut ${this.fresh()}`],
        [0.3, () => `ref ${this.fresh()}`],
      ])();
    }
    const inner = () => this.pattern(depth - 1, binding);
    return this.r.weighted<() => string>([
      [2, () => `(${this.list(this.r.int(0, 3), inner).join(', ')}${this.r.chance(0.2) ? ', ..' : ''})`],
      [1.5, () => `[${this.list(this.r.int(0, 3), inner).join(', ')}${this.r.pick(['', ', ..', ', rest @ ..'])}]`],
      [1.5, () => `${this.r.pick(['Some', 'Ok', 'Err'])}(${inner()})`],
      [1, () => `${this.r.pick(ENUMS)}::${this.r.pick(['Circle', 'Add', 'Move'])}(${this.list(this.r.int(1, 2), inner).join(', ')})`],
      [1, () => `${this.r.pick(STRUCTS)} { ${this.list(this.r.int(0, 2), (i) => (this.r.chance(0.5) ? FIELDS[i] : `${FIELDS[i]}: ${inner()}`)).join(', ')}${this.r.chance(0.3) ? ', ..' : ''} }`],
      [1, () => `${this.r.pick(ENUMS)}::${this.r.pick(['Circle', 'Write'])} { ${FIELDS[this.r.below(3)]} }`],
      [binding ? 0 : 1.5, () => `${inner()} | ${inner()}`],
      [1, () => `${this.fresh()} @ ${this.r.int(1, 3)}..=${this.r.int(4, 9)}`],
      [0.5, () => `&${inner()}`],
    ])();
  }

  // ------------------------------------------------------------ expressions

  literal(forPattern = false): string {
    return this.r.weighted<() => string>([
      [4, () => String(this.r.int(0, 100))],
      [1, () => (forPattern ? `-${this.r.int(1, 9)}` : `${this.r.int(0, 9)}_000`)],
      [1, () => this.r.pick(['0xff', '0o17', '0b1010', '42i32', '7u8', '1_000_000', '9223372036854775807', '3usize'])],
      [2, () => this.r.pick(['1.5', '0.1', '2.5e-3', '1e10', '3.0f64', '0.0', '1e308'])],
      [3, () => this.string()],
      [1, () => this.r.pick(["'a'", "'\\n'", "'\\''", "'漢'", "'\\u{1F600}'", "'\\\\'"])],
      [2, () => this.r.pick(['true', 'false'])],
      [forPattern ? 0 : 0.5, () => '()'],
    ])();
  }

  private string(): string {
    const body = this.list(this.r.int(0, 3), () => this.r.pick(STRING_BITS)).join('');
    switch (this.r.below(8)) {
      case 0:
        return `r"${body.replace(/\\/g, '').replace(/"/g, '')}"`;
      case 1:
        return `r#"${body.replace(/"#/g, '')} "quoted" "#`;
      case 2:
        return `"""${body}\nsecond "line"\n"""`;
      case 3:
        return `'${body.replace(/'/g, '')}xy'`;
      default:
        return `"${body}"`;
    }
  }

  private fstring(depth: number): string {
    const parts = this.list(this.r.int(1, 4), () => {
      if (this.r.chance(0.4)) return this.r.pick(['Hello ', ': ', ' and ', '{{', '}}', ' = ', '\\n', 'ünï ', '🦀', '\\"']);
      const inner = depth > 0 && this.r.chance(0.1) ? this.fstring(depth - 1) : this.expr(Math.min(depth, 2) - 1);
      return `{${inner}${this.r.pick(SPECS)}}`;
    });
    return `f"${parts.join('')}"`;
  }

  expr(depth: number, level = 0): string {
    if (depth <= 0) return this.atom();
    const sub = () => this.expr(depth - 1, level);
    return this.r.weighted<() => string>([
      [6, () => this.atom()],
      [6, () => `${sub()} ${this.r.pick(['+', '-', '*', '/', '%', '**', '==', '!=', '<', '>', '<=', '>=', '&&', '||', '&', '|', '^', '<<', '>>', '??'])} ${sub()}`],
      [1, () => `${this.r.pick(['-', '!', '~', '&', '&mut ', '*'])}${sub()}`],
      [3, () => `${this.r.chance(0.6) ? this.local() : this.r.pick(BUILTINS)}(${this.list(this.r.int(0, 3), sub).join(', ')})`],
      [3, () => `${this.postfixBase(depth)}.${this.r.pick(METHODS)}(${this.list(this.r.int(0, 2), sub).join(', ')})`],
      [1, () => `${this.postfixBase(depth)}${this.r.pick(['.', '?.'])}${this.r.pick([...FIELDS, '0', '1'])}`],
      [1, () => `${this.postfixBase(depth)}[${sub()}]`],
      [0.7, () => `${this.postfixBase(depth)}?`],
      [0.7, () => `${this.postfixBase(depth)} as ${this.r.pick(['i64', 'f64', 'i32', 'u8', 'String', 'usize'])}`],
      [2, () => `(${sub()})`],
      [1, () => `(${this.list(this.r.int(0, 3), sub).join(', ')}${this.r.chance(0.2) ? ',' : ''})`],
      [2, () => `[${this.list(this.r.int(0, 4), sub).join(', ')}]`],
      [0.5, () => `[${sub()}; ${this.r.int(0, 5)}]`],
      [0.5, () => `[${sub()} for ${this.fresh()} in ${sub()}${this.r.chance(0.4) ? ` if ${sub()}` : ''}]`],
      [1, () => `{ ${this.list(this.r.int(1, 3), (i) => `${this.r.chance(0.2) ? `"${FIELDS[i]}"` : FIELDS[i]}: ${sub()}`).join(', ')} }`],
      [1.5, () => `${this.r.pick(STRUCTS)} { ${this.list(this.r.int(0, 3), (i) => (this.r.chance(0.2) ? FIELDS[i] : `${FIELDS[i]}: ${sub()}`)).join(', ')}${this.r.chance(0.1) ? `, ..${this.local()}` : ''} }`],
      [1, () => `${this.r.pick([...STRUCTS, ...ENUMS])}::${this.r.pick(['new', 'Red', 'Circle', 'default'])}${this.r.chance(0.6) ? `(${this.list(this.r.int(0, 2), sub).join(', ')})` : ''}`],
      [1, () => `${this.r.pick(['Some', 'Ok', 'Err'])}(${sub()})`],
      [2, () => this.fstring(depth)],
      [1.5, () => this.ifExpr(depth, level)],
      [1.5, () => this.matchExpr(depth, level)],
      [1, () => this.loopExpr(depth, level)],
      [1.5, () => this.closure(depth, level)],
      [1, () => `${sub()} |> ${this.r.pick([...FUNCS, 'println'])}${this.r.chance(0.4) ? `(${sub()})` : ''}`],
      [1, () => `${this.r.chance(0.5) ? sub() : this.r.int(0, 3)}${this.r.pick(['..', '..=', '...'])}${this.r.chance(0.9) ? sub() : ''}`],
      [1, () => `${this.local()} ${this.r.pick(['=', '+=', '-=', '*=', '/=', '%=', '**=', '&=', '|=', '^=', '<<=', '>>='])} ${sub()}`],
      [1.5, () => `${this.r.pick(MACROS)}${this.r.pick(['(', '[', '('])}${this.list(this.r.int(0, 3), sub).join(', ')}${this.r.chance(0.1) ? '; 3' : ''})`.replace(/\[(.*)\)$/s, '[$1]')],
      [0.7, () => `try ${this.inlineBlock(depth, level)} catch${this.r.chance(0.5) ? ` (${this.fresh()})` : ` ${this.fresh()}`} ${this.inlineBlock(depth, level)}${this.r.chance(0.2) ? ` finally ${this.inlineBlock(depth, level)}` : ''}`],
      [0.5, () => `throw ${sub()}`],
      [0.5, () => `${this.r.pick(['await ', 'spawn ', 'lazy '])}${sub()}`],
      [0.4, () => `${this.postfixBase(depth)}.await`],
      [0.4, () => `async ${this.inlineBlock(depth, level)}`],
      [0.5, () => `${this.local()} ${this.r.pick(['<-', '<?'])} ${this.r.pick(['Increment', 'Add(1)', 'Get', 'Log("x")'])}`],
      [0.4, () => `handle ${sub()} with { ${this.r.pick(['write', 'Log::write', 'get'])}(${this.fresh()}) => ${sub()}, return(v) => v }`],
      [0.5, () => (this.inLoop > 0 ? this.r.pick(['break', 'continue', `break ${this.atom()}`, "break 'outer", "continue 'outer"]) : `return ${this.r.chance(0.7) ? sub() : ''}`)],
      [0.2, () => `yield ${sub()}`],
      [1, () => this.inlineBlock(depth, level)],
    ])();
  }

  /** A receiver for postfix operators: kept simple so that chains stay readable. */
  private postfixBase(depth: number): string {
    return this.r.chance(0.7) ? this.local() : this.r.chance(0.5) ? `(${this.expr(depth - 1)})` : this.atom();
  }

  private atom(): string {
    return this.r.weighted<() => string>([
      [5, () => this.local()],
      [4, () => this.literal()],
      [0.5, () => 'self'],
      [0.5, () => 'None'],
      [0.3, () => '[]'],
      [0.3, () => '{}'],
      [0.2, () => `${this.r.pick(FUNCS)}::<${this.type(1)}>`],
      [0.3, () => `std::f64::consts::PI`],
    ])();
  }

  private ifExpr(depth: number, level: number): string {
    const cond = this.r.chance(0.2) ? `let ${this.pattern(1)} = ${this.expr(depth - 1)}` : this.expr(depth - 1);
    let out = `if ${cond} ${this.inlineBlock(depth, level)}`;
    if (this.r.chance(0.3)) out += ` else if ${this.expr(depth - 1)} ${this.inlineBlock(depth, level)}`;
    if (this.r.chance(0.6)) out += ` else ${this.inlineBlock(depth, level)}`;
    return out;
  }

  private matchExpr(depth: number, level: number): string {
    const arms = this.list(this.r.int(0, 4), () =>
      this.scoped(() => {
        const pattern = this.pattern(2);
        for (const name of pattern.match(/\b[a-z_][A-Za-z0-9_]*\b/g) ?? []) this.declare(name);
        const guard = this.r.chance(0.25) ? ` if ${this.expr(depth - 1)}` : '';
        const body = this.r.chance(0.2) ? this.inlineBlock(depth - 1, level + 1) : this.expr(depth - 1, level + 1);
        return `${this.indent(level + 1)}${pattern}${guard} => ${body}`;
      }),
    );
    return `match ${this.expr(depth - 1)} {\n${arms.join(',\n')}${arms.length > 0 && this.r.chance(0.5) ? ',' : ''}\n${this.indent(level)}}`;
  }

  private loopExpr(depth: number, level: number): string {
    const label = this.r.chance(0.2) ? `${this.r.pick(["'outer", '@outer', "'inner"])}: ` : '';
    this.inLoop++;
    try {
      switch (this.r.below(4)) {
        case 0:
          return this.scoped(() => {
            const pattern = this.r.chance(0.7) ? this.fresh() : this.pattern(1, true);
            const iterable = this.expr(depth - 1);
            for (const name of pattern.match(/\b[a-z_][A-Za-z0-9_]*\b/g) ?? []) this.declare(name);
            return `${label}for ${pattern} in ${iterable} ${this.inlineBlock(depth, level)}`;
          });
        case 1:
          return `${label}while ${this.expr(depth - 1)} ${this.inlineBlock(depth, level)}`;
        case 2:
          return `${label}while let ${this.pattern(1)} = ${this.expr(depth - 1)} ${this.inlineBlock(depth, level)}`;
        default:
          return `${label}loop ${this.inlineBlock(depth, level)}`;
      }
    } finally {
      this.inLoop--;
    }
  }

  private closure(depth: number, level: number): string {
    return this.scoped(() => {
      const params = this.list(this.r.int(0, 3), () => {
        const name = this.fresh();
        this.declare(name);
        return this.r.chance(0.3) ? `${name}: ${this.type(1)}` : name;
      });
      const head = `${this.r.chance(0.05) ? 'move ' : ''}|${params.join(', ')}|`;
      if (this.r.chance(0.2)) return `${head} -> ${this.type(1)} ${this.inlineBlock(depth, level)}`;
      return `${head} ${this.expr(depth - 1, level)}`;
    });
  }
}
