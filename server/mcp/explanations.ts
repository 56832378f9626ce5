// What each diagnostic code means, for the `explain` tool: a short explanation, a small
// Ruchy example that produces it, and how to fix it. One entry per code of
// src/diagnostics/codes.ts (a test checks that none is missing); the title, severity and
// message template come from that table, not from here.

export interface Explanation {
  explanation: string;
  example: string;
  fix: string;
}

export const explanations: Readonly<Record<string, Explanation>> = {
  // ---------------------------------------------------------------- R00xx syntax
  R0001: {
    explanation: 'The parser met a token that cannot continue the construct it was reading, such as a keyword where a name was expected.',
    example: 'fun add(a, b {\n    a + b\n}',
    fix: 'Look at the token named in the message and at the text just before it: a missing `)`, `,` or operator is the usual cause. Here: `fun add(a, b) {`.',
  },
  R0002: {
    explanation: 'A string literal has no closing quote before the end of the line (or of the file, for triple-quoted strings).',
    example: 'let greeting = "hello\nprintln(greeting)',
    fix: 'Close the string with the same quote that opened it: `let greeting = "hello"`. Use `\\"` for a quote inside the string.',
  },
  R0003: {
    explanation: 'A `(`, `[` or `{` is never closed. The message names where it was opened.',
    example: 'fun main() {\n    println("hi")\n',
    fix: 'Add the missing closing delimiter where the construct ends: here a `}` after the last line of `main`.',
  },
  R0004: {
    explanation: 'A block comment `/* ... */` is never closed. Block comments nest, so every `/*` inside needs its own `*/`.',
    example: '/* a comment /* nested */\nfun main() {}',
    fix: 'Add the missing `*/`: `/* a comment /* nested */ */`.',
  },
  R0005: {
    explanation: 'An interpolation `{...}` inside an f-string is not closed by `}`.',
    example: 'let name = "Ada"\nprintln(f"Hello {name")',
    fix: 'Close the interpolation: `f"Hello {name}"`. For a literal brace write `{{` or `}}`.',
  },
  R0006: {
    explanation: 'The file contains a character that is not part of Ruchy\'s syntax outside strings and comments (for example `$` or a stray backtick).',
    example: 'let price = $5',
    fix: 'Remove the character, or put it inside a string: `let price = "$5"`.',
  },
  R0007: {
    explanation: 'A backslash escape in a string or character literal is not one Ruchy knows. Valid escapes: `\\n \\t \\r \\\\ \\" \\\' \\0 \\u{...}`.',
    example: 'let path = "C:\\data"',
    fix: 'Double the backslash for a literal one (`"C:\\\\data"`), or use a raw string: `r"C:\\data"`.',
  },
  R0008: {
    explanation: 'A number literal is malformed: a digit not allowed in its base, a misplaced `_`, an empty exponent, or an unknown suffix.',
    example: 'let mask = 0b102',
    fix: 'Use only the digits of the base (`0b` binary: 0-1, `0o` octal: 0-7, `0x` hex: 0-9 a-f): `let mask = 0b101`.',
  },
  R0009: {
    explanation: 'Expressions or blocks are nested deeper than the parser allows; the deeply nested part is skipped and not analysed.',
    example: 'let x = ((((((((((((((((((((1))))))))))))))))))))  // many hundreds of levels',
    fix: 'Flatten the code: move inner parts into functions or named `let` bindings.',
  },
  R0010: {
    explanation: 'Two statements follow each other on one line without a separator.',
    example: 'let a = 1 let b = 2',
    fix: 'Put each statement on its own line, or separate them with `;`: `let a = 1; let b = 2`.',
  },
  R0011: {
    explanation: 'A closing `)`, `]` or `}` appears with no matching opening delimiter.',
    example: 'fun main() {\n    println("hi"))\n}',
    fix: 'Remove the extra closing delimiter, or add the opening one it was meant to close.',
  },
  R0012: {
    explanation: 'An f-string contains `{}` with nothing inside. In an f-string, braces hold an expression.',
    example: 'println(f"value: {}")',
    fix: 'Write the expression inside (`f"value: {x}"`), or `{{}}` for literal braces. For `{}` placeholders use a plain string: `println("value: {}", x)`.',
  },
  R0013: {
    explanation: 'A character literal is empty or holds more than one character where a single character is required.',
    example: "let c = ''",
    fix: "Put exactly one character (or one escape) between the quotes: `let c = 'a'`. Use double quotes for strings.",
  },
  R0014: {
    explanation: 'An expression was expected (after an operator, `=`, `return`, or in an argument list) but something else was found.',
    example: 'let total = 1 +\n',
    fix: 'Complete the expression: `let total = 1 + 2`.',
  },
  R0015: {
    explanation: 'A pattern was expected (after `let`, in a `match` arm, or after `for`) but something else was found.',
    example: 'match x {\n    => 0\n}',
    fix: 'Write a pattern before `=>`: a literal, a name, `_`, a tuple, or a variant such as `Some(v)`.',
  },
  R0016: {
    explanation: 'A type was expected (after `:` or `->`) but something else was found.',
    example: 'fun square(x: ) -> i64 { x * x }',
    fix: 'Write the type, e.g. `x: i64`, or drop the `:` (types are optional in Ruchy).',
  },
  R0017: {
    explanation: 'A declaration keyword (`fun`, `struct`, `enum`, `trait`, ...) is not followed by a name.',
    example: 'fun (x) { x }',
    fix: 'Name the item: `fun identity(x) { x }`. For an anonymous function use a closure: `|x| x`.',
  },
  R0018: {
    explanation: 'A statement was expected but the text cannot start one.',
    example: 'fun main() {\n    => 1\n}',
    fix: 'Remove the stray text, or complete the statement it belongs to.',
  },
  R0019: {
    explanation: 'The parser itself failed on this file. This is a bug in ruchy-agent, not in your code.',
    example: '(no example: any file that triggers it is worth reporting)',
    fix: 'Report the file to the ruchy-agent maintainers. Meanwhile, simplifying the code around the reported position usually avoids it.',
  },
  R0020: {
    explanation: 'The file could not be read: it is missing, not permitted, binary, not UTF-8 text, or too large.',
    example: '(a .ruchy file saved in UTF-16, or a binary file named *.ruchy)',
    fix: 'Save the file as UTF-8 text, fix its permissions, or rename it if it is not Ruchy source.',
  },

  // ---------------------------------------------------------------- R01xx names and scopes
  R0101: {
    explanation: 'A name is used that is not declared in this scope or any enclosing one, and is not a builtin. The message may suggest a similar name.',
    example: 'let count = 3\nprintln(cuont)',
    fix: 'Correct the spelling (`println(count)`), declare the name before its use, or import it from the module that defines it.',
  },
  R0102: {
    explanation: 'A function is called that is not defined anywhere in the workspace. The reference interpreter does not fail at once on such calls, so this is a warning, but the call cannot do anything useful.',
    example: 'fun main() {\n    greet("Ada")\n}',
    fix: 'Define the function (`fun greet(name) { println(f"Hello {name}") }`), fix its name, or import it.',
  },
  R0103: {
    explanation: 'A type annotation names a type that is neither builtin nor declared in the workspace.',
    example: 'fun origin() -> Pointt { Point { x: 0, y: 0 } }',
    fix: 'Correct the type name (`-> Point`), declare the struct or enum, or import it.',
  },
  R0104: {
    explanation: 'Two declarations in the same scope have the same name (two functions, two types, or two parameters).',
    example: 'fun area(r) { 3.14 * r * r }\nfun area(w, h) { w * h }',
    fix: 'Rename one of them (`fun rect_area(w, h)`), or remove the duplicate.',
  },
  R0105: {
    explanation: 'A variable declared with `let` (immutable) is assigned to, or changed with `+=` and similar.',
    example: 'let total = 0\ntotal += 5',
    fix: 'Declare it mutable: `let mut total = 0`, or compute a new binding instead of changing the old one.',
  },
  R0106: {
    explanation: 'An import names an item that the module does not declare (or does not make visible).',
    example: 'use geometry::aera',
    fix: 'Correct the imported name (`use geometry::area`), or add the item to the module.',
  },
  R0107: {
    explanation: 'A `use`/`import` names a module that is not found among the files and `mod` blocks of the workspace.',
    example: 'use geometri::area',
    fix: 'Correct the module name, or create the module (a file `geometri.ruchy` or a `mod geometri { ... }` block).',
  },
  R0108: {
    explanation: 'A macro call `name!(...)` uses a macro that is not known. Builtin macros include `println!`, `format!`, `vec!`, `assert!`, `assert_eq!` and `panic!`.',
    example: 'printline!("hi")',
    fix: 'Use a known macro (`println!("hi")`), or call a function instead.',
  },

  // ---------------------------------------------------------------- R02xx types
  R0201: {
    explanation: 'A value of one type is used where another type is required: an argument, a return value, an annotated `let`, or an `if` condition.',
    example: 'fun double(x: i64) -> i64 { x * 2 }\ndouble("four")',
    fix: 'Pass a value of the expected type (`double(4)`), convert it (`"4".parse()`, `x as f64`, `x.to_string()`), or change the annotation.',
  },
  R0202: {
    explanation: 'A binary operator is applied to operand types it does not support, so the program would fail at run time.',
    example: 'let n = 1 + true',
    fix: 'Make the operands compatible: `1 + 1`, or convert one (`1 + (if flag { 1 } else { 0 })`). Note `"a" + 1` is allowed (string concatenation).',
  },
  R0203: {
    explanation: 'A unary operator (`-`, `!`, `~`) is applied to a type it does not support.',
    example: 'let flag = -true',
    fix: 'Use the operator that fits the type: `!true` for booleans, `-5` for numbers.',
  },
  R0204: {
    explanation: 'Something that is not a function (a number, a string, a struct value) is called with `(...)`.',
    example: 'let size = 10\nsize(2)',
    fix: 'Call a function instead, or drop the parentheses. If a local name shadows a function, rename the local.',
  },
  R0205: {
    explanation: 'A function or method is called with more or fewer arguments than it declares (parameters with default values may be left out).',
    example: 'fun add(a, b) { a + b }\nadd(1)',
    fix: 'Pass exactly the declared arguments (`add(1, 2)`), or give the parameter a default: `fun add(a, b = 0)`.',
  },
  R0206: {
    explanation: 'A field is read or written that the struct does not declare.',
    example: 'struct Point { x: f64, y: f64 }\nlet p = Point { x: 1.0, y: 2.0 }\nprintln(p.z)',
    fix: 'Use a declared field (`p.x`), or add the field to the struct.',
  },
  R0207: {
    explanation: 'A method is called that the value\'s type does not have (neither in its `impl` blocks nor among the builtin methods).',
    example: 'let names = ["a", "b"]\nnames.lenght()',
    fix: 'Correct the method name (`names.len()`), or implement the method in an `impl` block for your type.',
  },
  R0208: {
    explanation: 'A path `A::b` names a member that `A` (an enum, a struct\'s associated functions, or a module) does not have.',
    example: 'enum Color { Red, Green }\nlet c = Color::Blue',
    fix: 'Use an existing member (`Color::Red`), or add the variant / associated function / module item.',
  },
  R0209: {
    explanation: 'A struct literal leaves out fields that have no default value.',
    example: 'struct Point { x: f64, y: f64 }\nlet p = Point { x: 1.0 }',
    fix: 'Give every field (`Point { x: 1.0, y: 0.0 }`), copy the rest with `..base`, or declare a default in the struct (`y: f64 = 0.0`).',
  },
  R0210: {
    explanation: 'The `?` operator is used in a function that does not return `Option` or `Result`, so there is nothing to return early with.',
    example: 'fun first_char(s: String) -> String {\n    let c = s.chars().first()?\n    c.to_string()\n}',
    fix: 'Make the function return `Option`/`Result` (`-> Option<String>`, wrapping the value in `Some(...)`), or handle the case with `match` or `unwrap_or`.',
  },
  R0211: {
    explanation: 'A method is called on a value whose type is only partly known, and no known type of that shape has the method. It may work at run time, so this is a warning.',
    example: 'fun show(x) { x.describe() }',
    fix: 'Check the method name; annotate the parameter\'s type (`fun show(x: Shape)`) so the call can be checked.',
  },
  R0212: {
    explanation: 'An `impl Trait for Type` leaves out methods that the trait declares without a default body, so calling them on that type (directly or through the trait) would fail. It runs until then, so this is a warning.',
    example: 'trait Shape {\n    fun area(&self) -> f64\n    fun name(&self) -> String\n}\nstruct Sq { s: f64 }\nimpl Shape for Sq {\n    fun area(&self) -> f64 { self.s * self.s }\n}',
    fix: 'Define each missing method in the impl with the trait\'s signature (the quick fix "Implement missing methods" adds stubs), or give the method a default body in the trait.',
  },

  // ---------------------------------------------------------------- R03xx control flow
  R0301: {
    explanation: 'A `match` does not cover every possible value of an enum (or of a boolean), so some values would reach no arm.',
    example: 'enum Shape { Circle, Square }\nfun name(s: Shape) {\n    match s { Shape::Circle => "circle" }\n}',
    fix: 'Add arms for the missing cases (named in the message), or a catch-all `_ => ...` arm.',
  },
  R0302: {
    explanation: 'Code follows a `return`, `break`, `continue` or `panic!` in the same block and can never run.',
    example: 'fun f() -> i64 {\n    return 1\n    println("never")\n}',
    fix: 'Remove the unreachable code, or move it before the jump.',
  },
  R0303: {
    explanation: '`break` or `continue` is used outside of any `for`, `while` or `loop`.',
    example: 'fun main() {\n    break\n}',
    fix: 'Move it inside a loop, or use `return` to leave a function.',
  },
  R0304: {
    explanation: 'A `break \'label` or `continue \'label` names a label that no enclosing loop declares.',
    example: "for i in 0..3 {\n    break 'outer\n}",
    fix: "Declare the label on the loop (`'outer: for i in 0..3 { ... }`), or correct its name.",
  },

  // ---------------------------------------------------------------- R04xx lint
  R0401: {
    explanation: 'A local variable is declared but never read.',
    example: 'fun main() {\n    let unused = 42\n    println("hi")\n}',
    fix: 'Remove the variable, use it, or start its name with `_` (`let _unused = 42`) to say it is deliberately unused.',
  },
  R0402: {
    explanation: 'A function parameter is never read in the body.',
    example: 'fun greet(name, times) {\n    println(f"Hello {name}")\n}',
    fix: 'Remove the parameter (and the argument at each call), use it, or prefix it with `_` (`_times`).',
  },
  R0403: {
    explanation: 'A top-level function is declared but never called anywhere in the workspace (and is not `main` or `pub`).',
    example: 'fun helper() { 1 }\nfun main() { println("hi") }',
    fix: 'Call it, remove it, or mark it `pub` if other code outside the workspace uses it.',
  },
  R0404: {
    explanation: 'An imported name is never used.',
    example: 'use geometry::area\nfun main() { println("hi") }',
    fix: 'Remove the import, or use the name.',
  },
  R0405: {
    explanation: 'A new binding has the same name as one of an enclosing scope, hiding it. Legal, but easy to confuse.',
    example: 'let total = 10\nfor i in 0..3 {\n    let total = i\n    println(total)\n}',
    fix: 'Rename the inner binding (`let step = i`); if you meant to update the outer one, assign to it (`total = i`, with `let mut total`).',
  },
  R0406: {
    explanation: 'A variable is declared `mut` but never assigned or mutated after its declaration.',
    example: 'let mut name = "Ada"\nprintln(name)',
    fix: 'Drop `mut`: `let name = "Ada"`.',
  },
  R0407: {
    explanation: 'A name does not follow Ruchy\'s conventions: functions, variables and fields in snake_case, types, traits and variants in PascalCase, constants in UPPER_SNAKE_CASE. The message suggests the conventional spelling.',
    example: 'fun computeTotal(itemCount) {\n    itemCount * 2\n}',
    fix: 'Rename it as suggested (`fun compute_total(item_count)`); the `rename` tool updates every use.',
  },
  R0408: {
    explanation: 'A block (a function body, an `if`/`else` branch, a loop body) is empty. Often code that was forgotten, or a case that silently does nothing.',
    example: 'if balance < 0 {\n}',
    fix: 'Add the missing code, or a comment inside the block saying why nothing is done there.',
  },
  R0409: {
    explanation: 'A function\'s cyclomatic or cognitive complexity is above the configured limit: it has too many branches, loops and nested conditions to read and test comfortably.',
    example: 'fun grade(score) {\n    if score > 90 { if score > 95 { "A+" } else { "A" } } else if score > 80 { "B" } else if score > 70 { "C" } else { "F" }\n}',
    fix: 'Split the function: move branches into helper functions, replace nested `if`s with a `match` or early returns, or use a lookup table.',
  },
  R0410: {
    explanation: 'A comment marks technical debt (TODO, FIXME, HACK, XXX). Reported as information so that such notes are not forgotten.',
    example: '// TODO: handle negative amounts\nfun withdraw(amount) { amount }',
    fix: 'Do the work the comment describes and remove it, or turn it into a tracked issue.',
  },

  // ---------------------------------------------------------------- R05xx compiler and runtime
  R0501: {
    explanation: 'The construct parses and is valid Ruchy, but the JavaScript compiler does not support it yet. The checker and editor features still work; compile and run do not.',
    example: 'actor Counter {\n    count: i64\n}',
    fix: 'Rewrite the code with supported constructs (functions, structs, enums, closures, loops, match), or check and edit it without compiling.',
  },
  R0502: {
    explanation: 'A macro call is not supported by the compiler. Supported: `println!`, `print!`, `eprintln!`, `format!`, `vec!`, `assert!`, `assert_eq!`, `panic!`.',
    example: 'let v = hashmap!{"a" => 1}',
    fix: 'Use a supported macro or the equivalent function call or literal (`{ a: 1 }` for a map).',
  },
  R0503: {
    explanation: 'The compiler found a `break` or `continue` that does not belong to a loop it can target (outside a loop, or across a closure boundary).',
    example: 'for i in 0..3 {\n    let f = || { break }\n}',
    fix: 'Keep `break`/`continue` directly inside the loop body; from a closure, return a value and test it in the loop.',
  },
  R0504: {
    explanation: 'An integer literal does not fit in a 64-bit signed integer (from -9223372036854775808 to 9223372036854775807).',
    example: 'let big = 99999999999999999999',
    fix: 'Use a smaller value, or a float literal (`99999999999999999999.0`) if precision loss is acceptable.',
  },
  R0505: {
    explanation: 'The compiler met a name that is not defined. The program compiles, but reaching this name at run time is an error.',
    example: 'fun main() {\n    if false { missing() }\n}',
    fix: 'Define the name or correct its spelling (see also R0101 / R0102).',
  },
  R0509: {
    explanation: 'The compiler failed on this file. This is a bug in ruchy-agent, not in your code.',
    example: '(no example: any file that triggers it is worth reporting)',
    fix: 'Report the file to the ruchy-agent maintainers. Simplifying the code around the reported position usually avoids it meanwhile.',
  },
  R0510: {
    explanation: 'The program ran longer than the time limit and was stopped. Usually an infinite loop or runaway recursion, sometimes just heavy work.',
    example: 'loop {\n    println("again")\n}',
    fix: 'Make sure loops end (a `break`, a condition that becomes false); for legitimately long work, raise the time limit (`timeout_ms` of the run tool, `--timeout` of the CLI).',
  },
  R0511: {
    explanation: 'The program used more memory than its limit and was stopped. Usually an ever-growing collection or string.',
    example: 'let mut items = []\nloop {\n    items.push("x" * 1000)\n}',
    fix: 'Bound the growth of collections; process data in pieces; or raise the memory limit (`--memory` of the CLI).',
  },
};
