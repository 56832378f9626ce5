// Random Ruchy programs for the formatter's property tests: every kind of item, statement,
// expression, pattern and literal the formatter prints, with comments (line, block, doc,
// hash) and blank lines in the places people put them, odd spacing and indentation, and
// long lines that must break. Deterministic: the same seed gives the same text. Not every
// program parses (the tests skip those and check that most do).

import { rng } from '../../bench/generate.js';

export interface GeneratorOptions {
  /** Top-level items and statements. */
  items?: number;
  /** How likely a comment is at each place that can take one (0..1). */
  comments?: number;
}

export function generateVaried(seed: number, options: GeneratorOptions = {}): string {
  return new Generator(seed, options.comments ?? 0.25).program(options.items ?? 10);
}

const NAMES = ['a', 'b', 'x', 'y', 'n', 'count', 'value', 'total', 'item', 'name', 'result', 'data', 'user_name', 'accumulated_total_value', 'another_rather_long_identifier'];
const FUNCS = ['f', 'g', 'compute', 'process_item', 'calculate_the_final_result_value', 'transform', 'validate_user_input_carefully'];
const METHODS = ['map', 'filter', 'len', 'iter', 'collect', 'sum', 'push', 'get', 'unwrap_or', 'to_string', 'contains', 'split', 'join'];
const TYPES = ['i32', 'i64', 'f64', 'String', 'bool', 'Vec<i32>', 'Option<String>', 'HashMap<String, i64>', '(i32, String)', '[i64]', '&str', '&mut Vec<i64>', 'fn(i32) -> i32', 'Result<i64, String>'];
const STRUCTS = ['Point', 'User', 'Config', 'Rect'];
const COMMENT_WORDS = ['note', 'TODO: later', 'explains why', 'x, y; z', 'see above', 'trailing remark'];

class Generator {
  private readonly random: () => number;
  private counter = 0;

  constructor(seed: number, private readonly commentRate: number) {
    this.random = rng(seed);
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private int(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low + 1));
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private name(): string {
    return this.pick(NAMES);
  }

  private comment(): string {
    return `${this.pick(COMMENT_WORDS)} ${this.counter++}`;
  }

  private lineComment(): string {
    return this.chance(0.15) ? `# ${this.comment()}` : `// ${this.comment()}`;
  }

  private blockComment(): string {
    return this.chance(0.2) ? `/* ${this.comment()}\n   continued */` : `/* ${this.comment()} */`;
  }

  private space(): string {
    return this.chance(0.1) ? '  ' : ' ';
  }

  program(items: number): string {
    const parts: string[] = [];
    if (this.chance(0.3)) parts.push(`${this.lineComment()}\n`);
    for (let i = 0; i < items; i++) {
      if (this.chance(0.5)) parts.push('\n');
      if (this.chance(0.1)) parts.push('\n\n');
      parts.push(this.chance(0.45) ? this.item(0) : this.statement(0, ''));
      parts.push('\n');
    }
    return parts.join('');
  }

  // ------------------------------------------------------------ items

  private leading(indent: string): string {
    let out = '';
    if (this.chance(this.commentRate)) out += `${indent}${this.lineComment()}\n`;
    if (this.chance(this.commentRate / 3)) out += `${indent}${this.blockComment()}\n`;
    return out;
  }

  private trailing(): string {
    if (!this.chance(this.commentRate)) return '';
    return this.chance(0.8) ? `${this.chance(0.5) ? ' ' : '      '}// ${this.comment()}` : ` /* ${this.comment()} */`;
  }

  private docs(indent: string): string {
    let out = '';
    if (this.chance(0.3)) out += `${indent}/// ${this.comment()}\n`;
    if (this.chance(0.1)) out += `${indent}/// more: ${this.comment()}\n`;
    return out;
  }

  private attributes(indent: string): string {
    return this.chance(0.15) ? `${indent}${this.pick(['#[test]', '#[derive(Debug, Clone)]', '#[inline]'])}\n` : '';
  }

  private visibility(): string {
    return this.chance(0.2) ? this.pick(['pub ', 'pub(crate) ']) : '';
  }

  private item(depth: number, indent = ''): string {
    const head = this.leading(indent) + this.docs(indent) + this.attributes(indent) + indent + this.visibility();
    switch (this.int(0, 10)) {
      case 0:
      case 1:
      case 2:
        return head + this.function(depth, indent);
      case 3:
        return head + this.struct(indent);
      case 4:
        return head + this.enumItem(indent);
      case 5:
        return head + this.trait(indent);
      case 6:
        return head + this.impl(indent);
      case 7:
        return head + this.pick([
          `type Alias${this.int(1, 9)} = ${this.pick(TYPES)}`,
          `const LIMIT_${this.int(1, 9)}: i64 = ${this.expr(1)}`,
          `use std::collections::{HashMap, HashSet}`,
          `use geometry::square`,
          `mod inner_${this.int(1, 9)} {\n${indent}    pub fun helper(x: i64) -> i64 { x * 2 }\n${indent}}`,
          `struct Unit${this.int(1, 9)};`,
        ]);
      case 8:
        return head + this.actor(indent);
      case 9:
        return head + `effect Log${this.int(1, 9)} {\n${indent}    write(message: String) -> ()\n${indent}    fun flush()\n${indent}}`;
      default:
        return head + this.function(depth, indent);
    }
  }

  private params(self = false): string {
    const params: string[] = [];
    if (self) params.push(this.pick(['&self', '&mut self', 'self']));
    const n = this.int(0, this.chance(0.2) ? 6 : 3);
    for (let i = 0; i < n; i++) {
      let p = `${this.pick(NAMES)}_${i}`;
      if (this.chance(0.7)) p += `: ${this.pick(TYPES)}`;
      if (this.chance(0.15)) p += ` = ${this.leaf()}`;
      params.push(p);
    }
    return params.join(`,${this.space()}`);
  }

  private function(depth: number, indent: string, self = false): string {
    const generics = this.chance(0.2) ? '<T>' : '';
    const ret = this.chance(0.6) ? ` -> ${this.pick(TYPES)}` : '';
    const where = generics !== '' && this.chance(0.5) ? ' where T: Clone + Debug' : '';
    const keyword = this.chance(0.1) ? 'fn' : 'fun';
    const asyncKw = this.chance(0.05) ? 'async ' : '';
    return `${asyncKw}${keyword} ${this.pick(FUNCS)}${generics}(${this.params(self)})${ret}${where} ${this.block(depth + 1, indent, true)}`;
  }

  private struct(indent: string): string {
    const name = this.pick(STRUCTS);
    switch (this.int(0, 3)) {
      case 0:
        return `struct ${name}(${this.pick(TYPES)}, ${this.pick(TYPES)})`;
      default: {
        const lines: string[] = [];
        const n = this.int(0, 4);
        for (let i = 0; i < n; i++) {
          const def = this.chance(0.2) ? ` = ${this.leaf()}` : '';
          const sep = i < n - 1 || this.chance(0.5) ? ',' : '';
          lines.push(`${this.leading(indent + '    ')}${this.docs(indent + '    ')}${indent}    ${this.visibility()}field_${i}: ${this.pick(TYPES)}${def}${sep}${this.trailing()}`);
        }
        if (this.chance(0.3)) lines.push(`\n${indent}    ${this.visibility()}${this.function(2, indent + '    ', true)}`);
        return `struct ${name}${this.chance(0.2) ? '<T>' : ''} {\n${lines.join('\n')}\n${indent}}`;
      }
    }
  }

  private enumItem(indent: string): string {
    const variants: string[] = [];
    const n = this.int(1, 5);
    for (let i = 0; i < n; i++) {
      const shape = this.int(0, 3);
      const body = shape === 0 ? '' : shape === 1 ? `(${this.pick(TYPES)})` : shape === 2 ? ` { x: f64, y: f64 }` : ` = ${i + 1}`;
      variants.push(`${this.leading(indent + '    ')}${indent}    Variant${i}${body}${i < n - 1 || this.chance(0.5) ? ',' : ''}${this.trailing()}`);
    }
    return `enum Shape${this.int(1, 9)} {\n${variants.join('\n')}\n${indent}}`;
  }

  private trait(indent: string): string {
    const members = [`${indent}    fun area(&self) -> f64`, `${indent}    fun name(&self) -> String { "shape" }`];
    if (this.chance(0.5)) members.unshift(`${indent}    type Item`);
    return `trait Describe${this.chance(0.3) ? ': Clone' : ''} {\n${members.join('\n')}\n${indent}}`;
  }

  private impl(indent: string): string {
    const target = this.pick(STRUCTS);
    const header = this.chance(0.4) ? `impl Describe for ${target}` : `impl ${target}`;
    const methods: string[] = [];
    const n = this.int(1, 3);
    for (let i = 0; i < n; i++) {
      if (i > 0 && this.chance(0.6)) methods.push('');
      methods.push(`${this.leading(indent + '    ')}${this.docs(indent + '    ')}${indent}    ${this.visibility()}${this.function(2, indent + '    ', this.chance(0.7))}`);
    }
    return `${header} {\n${methods.join('\n')}\n${indent}}`;
  }

  private actor(indent: string): string {
    return [
      `actor Counter${this.int(1, 9)} {`,
      `${indent}    count: i64 = 0,`,
      '',
      `${indent}    receive {`,
      `${indent}        Increment => self.count += 1,`,
      `${indent}        Add(n: i64) => self.count += n${this.chance(0.5) ? ',' : ''}`,
      `${indent}    }`,
      `${indent}}`,
    ].join('\n');
  }

  // ------------------------------------------------------------ statements and blocks

  private block(depth: number, indent: string, allowEmpty = false): string {
    const inner = indent + (this.chance(0.1) ? '\t' : '    ');
    const n = allowEmpty && this.chance(0.1) ? 0 : this.int(1, depth > 3 ? 1 : 4);
    if (n === 0) return this.chance(this.commentRate) ? `{\n${inner}${this.lineComment()}\n${indent}}` : '{}';
    if (n === 1 && this.chance(0.4)) return `{ ${this.expr(depth + 1)} }`;
    const lines: string[] = [];
    const opener = this.chance(this.commentRate / 2) ? ` // ${this.comment()}` : '';
    for (let i = 0; i < n; i++) {
      if (i > 0 && this.chance(0.2)) lines.push(this.chance(0.3) ? `${inner}   ` : '');
      lines.push(this.statement(depth + 1, inner));
    }
    return `{${opener}\n${lines.join('\n')}\n${indent}}`;
  }

  private statement(depth: number, indent: string): string {
    const lead = this.leading(indent);
    const semi = this.chance(0.3) ? ';' : '';
    let body: string;
    switch (depth > 4 ? this.int(0, 2) : this.int(0, 13)) {
      case 0:
      case 1:
        body = `let ${this.chance(0.3) ? 'mut ' : ''}${this.name()}${this.chance(0.3) ? `: ${this.pick(TYPES)}` : ''} = ${this.expr(depth)}${semi}`;
        break;
      case 2:
        body = `${this.expr(depth)}${semi}`;
        break;
      case 3:
        body = `let ${this.pattern(0)} = ${this.expr(depth)}${semi}`;
        break;
      case 4:
        body = `${this.name()} ${this.pick(['=', '+=', '-=', '*='])} ${this.expr(depth)}${semi}`;
        break;
      case 5:
        body = this.ifChain(depth, indent);
        break;
      case 6:
        body = `${this.label()}for ${this.pattern(0)} in ${this.iterable()} ${this.block(depth + 1, indent)}`;
        break;
      case 7:
        body = `${this.label()}while ${this.condition(depth)} ${this.block(depth + 1, indent)}`;
        break;
      case 8:
        body = `loop ${this.block(depth + 1, indent)}`;
        break;
      case 9:
        body = this.match(depth, indent);
        break;
      case 10:
        body = `println(${this.args(depth)})${semi}`;
        break;
      case 11:
        body = this.pick(['return', 'break', 'continue', `return ${this.leaf()}`, `break 'outer`]);
        break;
      case 12:
        body = `try ${this.block(depth + 1, indent)} catch (e) ${this.block(depth + 1, indent)}`;
        break;
      default:
        body = this.item(depth + 1, indent).replace(/^\s+/, '');
        return lead + indent + body;
    }
    return `${lead}${indent}${body}${this.trailing()}`;
  }

  private label(): string {
    return this.chance(0.1) ? `${this.pick(["'outer", '@outer'])}: ` : '';
  }

  private ifChain(depth: number, indent: string): string {
    let text = `if ${this.condition(depth)} ${this.block(depth + 1, indent)}`;
    if (this.chance(0.3)) text += ` else if ${this.condition(depth)} ${this.block(depth + 1, indent)}`;
    if (this.chance(0.5)) text += ` else ${this.block(depth + 1, indent)}`;
    return text;
  }

  private match(depth: number, indent: string): string {
    const arms: string[] = [];
    const n = this.int(1, 5);
    const inner = indent + '    ';
    for (let i = 0; i < n; i++) {
      const guard = this.chance(0.2) ? ` if ${this.condition(depth + 1).replace(/^let .*/, 'ready')}` : '';
      const body = this.chance(0.3) ? this.block(depth + 2, inner) : this.expr(depth + 2);
      const comma = body.endsWith('}') && !this.chance(0.3) ? '' : ',';
      arms.push(`${this.leading(inner)}${inner}${this.pattern(0)}${guard} => ${body}${i < n - 1 || this.chance(0.5) ? comma : ''}${this.trailing()}`);
    }
    return `match ${this.iterable()} {\n${arms.join('\n')}\n${indent}}`;
  }

  // ------------------------------------------------------------ patterns

  private pattern(depth: number): string {
    switch (depth > 2 ? this.int(0, 2) : this.int(0, 10)) {
      case 0:
        return this.name();
      case 1:
        return '_';
      case 2:
        return this.pick(['0', '-1', '"text"', "'c'", 'true', '1..=5', '1..10', 'MIN..=MAX']);
      case 3:
        return `(${this.pattern(depth + 1)}, ${this.pattern(depth + 1)})`;
      case 4:
        return `Some(${this.pattern(depth + 1)})`;
      case 5:
        return `${this.pick(STRUCTS)} { x, y: ${this.pattern(depth + 1)}${this.chance(0.3) ? ', ..' : ''} }`;
      case 6:
        return `${this.pattern(depth + 1)} | ${this.pattern(depth + 1)}`.replace(/^(.*\|.*\|.*)$/, '_');
      case 7:
        return `[${this.pattern(depth + 1)}, ..]`;
      case 8:
        return `n @ 1..=9`;
      case 9:
        return `Shape::Circle { r }`;
      default:
        return `mut ${this.name()}`;
    }
  }

  // ------------------------------------------------------------ expressions

  private leaf(): string {
    switch (this.int(0, 16)) {
      case 0:
        return this.pick(['42', '1_000_000', '0xff', '0b1010', '0o17', '42i32', '7u8']);
      case 1:
        return this.pick(['3.14', '2.5e-3', '1e10', '0.5f64']);
      case 2:
        return this.pick(['"hello"', '"a, b; c"', '"tab\\tnew\\nline \\"quoted\\""', '""', '"  spaced  "']);
      case 3:
        return this.pick(['r"raw \\d+"', 'r#"with "quotes""#', '"""triple\n  keeps    its lines\n"""', "'single quoted'"]);
      case 4:
        return this.pick(['f"x = {x}"', 'f"{a + b:.2} and {name:?} {{braces}}"', 'f"nested {f"{x}"} ok"', 'f"{value:>10}|"']);
      case 5:
        return this.pick(["'c'", "'\\n'", "'\\u{1F600}'"]);
      case 6:
        return this.pick(['true', 'false', '()']);
      case 7:
        return this.pick(['Color::Red', 'std::f64::consts::PI', 'Vec::new', 'parse::<i32>']);
      case 8:
        return 'self';
      default:
        return this.name();
    }
  }

  /** An expression that is safe at the head of `if`/`while`/`match` (no struct literal or block on top). */
  private condition(depth: number): string {
    switch (this.int(0, 4)) {
      case 0:
        return `${this.name()} ${this.pick(['<', '>', '==', '!=', '<=', '>='])} ${this.leaf()}`;
      case 1:
        return `${this.name()} > 0 && ${this.name()} < ${this.int(1, 100)}`;
      case 2:
        return `${this.pick(FUNCS)}(${this.args(depth + 1)})`;
      case 3:
        return this.chance(0.5) ? `let Some(${this.name()}) = ${this.name()}` : `0..${this.name()}`;
      default:
        return this.name();
    }
  }

  private iterable(): string {
    return this.pick([this.name(), `0..${this.name()}`, `${this.name()}.iter()`, `(${this.name()})`, `[1, 2, 3]`]);
  }

  private args(depth: number): string {
    const n = this.int(0, this.chance(0.25) ? 7 : 3);
    const args: string[] = [];
    for (let i = 0; i < n; i++) args.push(this.expr(depth + 1));
    return args.join(`,${this.space()}`);
  }

  expr(depth: number): string {
    if (depth > 5) return this.leaf();
    switch (this.int(0, 30)) {
      case 0:
      case 1:
      case 2:
      case 3:
        return this.leaf();
      case 4:
      case 5:
        return `${this.expr(depth + 1)}${this.chance(0.2) ? '' : ' '}${this.pick(['+', '-', '*', '/', '%', '==', '<', '&&', '||', '**', '|', '&', '^', '<<', '>>', '??'])}${this.chance(0.2) ? '' : ' '}${this.expr(depth + 1)}`;
      case 6:
        return `${this.pick(['-', '!', '&', '*', '&mut '])}${this.chance(0.5) ? this.leaf() : `(${this.expr(depth + 1)})`}`;
      case 7:
        return `(${this.expr(depth + 1)})`;
      case 8:
      case 9:
        return `${this.pick(FUNCS)}(${this.args(depth)})`;
      case 10: {
        let chain = this.name();
        const n = this.int(1, 6);
        for (let i = 0; i < n; i++) {
          chain += this.pick([`.${this.pick(METHODS)}(${this.args(depth + 1)})`, `.${this.pick(METHODS)}(|x| x * 2)`, '.field', '.0', '?', '[0]', '.await']);
        }
        return chain;
      }
      case 11:
        return `(${this.expr(depth + 1)}, ${this.expr(depth + 1)}${this.chance(0.3) ? ', ' + this.expr(depth + 1) : ''})`;
      case 12:
        return this.pick([`(${this.leaf()},)`, `[${this.args(depth)}]`, `[0; ${this.int(1, 9)}]`, `[x * 2 for x in ${this.name()} if x > 1]`]);
      case 13:
        return `${this.pick(STRUCTS)} { x: ${this.expr(depth + 1)}, y${this.chance(0.3) ? `, ..${this.name()}` : ''} }`;
      case 14:
        return `{ name: ${this.expr(depth + 1)}, "key" ${this.pick([':', '=>'])} ${this.leaf()} }`;
      case 15:
        return `if ${this.condition(depth)} { ${this.expr(depth + 1)} } else { ${this.expr(depth + 1)} }`;
      case 16:
        return this.pick([`|x| ${this.expr(depth + 1)}`, `|x, y: i32| x + y`, `move |v| v`, `|| ${this.leaf()}`, `|acc, n| { acc + n }`]);
      case 17:
        return `|item| {\n        let doubled = item * 2\n        doubled + ${this.leaf()}\n    }`;
      case 18:
        return this.pick([`vec![${this.args(depth)}]`, `format!("{} {}", ${this.leaf()}, ${this.leaf()})`, `vec![0; 3]`, `assert_eq!(${this.leaf()}, ${this.leaf()})`, `df!["a" => [1, 2], "b" => [3, 4]]`]);
      case 19:
        return this.pick([`${this.leaf()}..${this.leaf()}`, `0..=${this.name()}`, `..${this.int(1, 9)}`, `${this.name()}..`]);
      case 20:
        return `${this.name()} |> ${this.pick(FUNCS)} |> ${this.pick(FUNCS)}(${this.leaf()})`;
      case 21:
        return `(${this.expr(depth + 1)} as ${this.pick(['i64', 'f64', 'usize'])})`;
      case 22:
        return `match ${this.name()} { ${this.pattern(1)} => ${this.leaf()}, _ => ${this.leaf()} }`;
      case 23:
        return this.pick([`await ${this.pick(FUNCS)}()`, `spawn Counter`, `${this.name()} <- Increment`, `lazy ${this.leaf()}`]);
      case 24:
        return `${this.pick(FUNCS)}(${this.args(depth).replace(/^$/, 'first')}, |x| {\n        println(x)\n        x\n    })`;
      case 25:
        return `${this.name()}.${this.pick(METHODS)}(${this.args(depth + 1)}).${this.pick(METHODS)}(|a| a + 1).${this.pick(METHODS)}(${this.expr(depth + 1)})`;
      case 26:
        return `{\n        let inner = ${this.leaf()}\n        inner * 2\n    }`;
      case 27:
        return `${this.pick(FUNCS)}(\n        ${this.leaf()}, // ${this.comment()}\n        ${this.leaf()}\n    )`;
      case 28:
        return `[\n        ${this.leaf()},\n        // ${this.comment()}\n        ${this.leaf()},\n    ]`;
      case 29:
        return `${this.pick(FUNCS)}(${this.leaf()} /* ${this.comment()} */, ${this.leaf()})`;
      default:
        return `${this.expr(depth + 1)} ${this.pick(['+', '*', '-'])} ${this.expr(depth + 1)} ${this.pick(['+', '*', '-'])} ${this.expr(depth + 1)}`;
    }
  }
}
