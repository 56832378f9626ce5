// Every construct of LANGUAGE.md parses with zero diagnostics into the expected nodes:
// items (functions, structs, enums, traits, impls, aliases, consts, modules, imports,
// actors, effects), attributes and doc comments, and the expression and pattern forms.

import { describe, expect, test } from 'vitest';
import type * as A from '../../src/syntax/ast.js';
import { findNode, findNodes, parseClean, parseExpr, patternText, sexpr, toSExpr, typeText } from '../helpers/ast.js';

function item<K extends A.Item['kind']>(text: string, kind: K): Extract<A.Item, { kind: K }> {
  const ast = parseClean(text);
  expect(ast.stmts.map((s) => s.kind)).toEqual([kind]);
  return ast.stmts[0] as Extract<A.Item, { kind: K }>;
}

function stmt(text: string): string {
  const ast = parseClean(text);
  expect(ast.stmts).toHaveLength(1);
  return toSExpr(ast.stmts[0]);
}

function params(fn: A.FunctionDecl): string[] {
  return fn.params.map((p) => {
    const base = p.self === 'ref' ? '&self' : p.self === 'refMut' ? '&mut self' : patternText(p.pattern);
    return base + (p.type === null ? '' : `: ${typeText(p.type)}`) + (p.defaultValue === null ? '' : ` = ${toSExpr(p.defaultValue)}`);
  });
}

describe('functions', () => {
  test('`fun` with typed parameters and a return type', () => {
    const fn = item('fun add(a: i32, b: i32) -> i32 { a + b }', 'FunctionDecl');
    expect(fn).toMatchObject({ name: { name: 'add' }, isAsync: false, visibility: 'private' });
    expect(params(fn)).toEqual(['a: i32', 'b: i32']);
    expect(typeText(fn.returnType!)).toBe('i32');
    expect(fn.body?.stmts.map(toSExpr)).toEqual(['(+ a b)']);
  });

  test('`fn` is a synonym; types are optional', () => {
    const fn = item('fn sub(a, b) { a - b }', 'FunctionDecl');
    expect(params(fn)).toEqual(['a', 'b']);
    expect(fn.returnType).toBeNull();
  });

  test('default parameter values, `pub`', () => {
    const fn = item('pub fun greet(name = "World", times: i32 = 1) {}', 'FunctionDecl');
    expect(fn.visibility).toBe('pub');
    expect(params(fn)).toEqual(['name = "World"', 'times: i32 = 1']);
  });

  test('`async fun` and `pub async fn`', () => {
    expect(item('async fun fetch(url: String) -> Result<String, Error> { await get(url) }', 'FunctionDecl')).toMatchObject({ isAsync: true });
    const run = item('pub async fn run() {}', 'FunctionDecl');
    expect(run).toMatchObject({ isAsync: true, visibility: 'pub' });
    expect(typeText(item('async fun fetch() -> Result<String, Error> {}', 'FunctionDecl').returnType!)).toBe('Result<String, Error>');
  });

  test('generics with bounds and a where clause (trailing comma allowed)', () => {
    const fn = item('fun largest<T: PartialOrd + Copy, U>(xs: &[T], u: U) -> T where T: Clone, U: Debug, { xs[0] }', 'FunctionDecl');
    expect(fn.typeParams.map((p) => [p.name.name, p.bounds.map(typeText)])).toEqual([['T', ['PartialOrd', 'Copy']], ['U', []]]);
    expect(params(fn)).toEqual(['xs: &[T]', 'u: U']);
    expect(fn.where.map((w) => `${typeText(w.target)}: ${w.bounds.map(typeText).join(' + ')}`)).toEqual(['T: Clone', 'U: Debug']);
  });

  test('trailing commas in every comma-separated list', () => {
    parseClean('fun f<T, U,>(a: T, b: U,) -> (T, U,) where T: Clone, { (a, b,) }');
    parseClean('struct P(i32, String,);\nenum E { A(i32,), B { x: i32, }, }\nlet v: HashMap<String, i32,> = m');
    parseClean('let [a, b,] = xs\nlet Some(x,) = o else { return }\nf(1, 2,)\nlet t = [1, 2,]\nlet g = |a, b,| a');
    parseClean('match v { P { x, y, } => 1, (a, b,) => 2 }\nuse a::{b, c,};');
  });

  test('a multi-line where clause in rustfmt style', () => {
    const fn = item('fun apply<F, G>(f: F, g: G) -> i32\nwhere\n    F: Fn(i32) -> i32,\n    G: FnMut(),\n{\n    f(1)\n}', 'FunctionDecl');
    expect(fn.where.map((w) => w.bounds.map(typeText).join(' + '))).toEqual(['Fn(i32) -> i32', 'FnMut()']);
  });

  test('a return type `Box<dyn Fn(i32) -> i32>`', () => {
    const fn = item('fun make_adder(n: i32) -> Box<dyn Fn(i32) -> i32> { Box::new(move |x| x + n) }', 'FunctionDecl');
    expect(typeText(fn.returnType!)).toBe('Box<dyn Fn(i32) -> i32>');
    expect(toSExpr(fn.body!.stmts[0])).toBe('(call Box::new (move fn [x] (+ x n)))');
  });

  test('self parameters: `self`, `&self`, `&mut self`, `mut self`', () => {
    const impl = item('impl P { fun a(self) {} fun b(&self) {} fun c(&mut self, x: i32) {} fun d(mut self) {} }', 'ImplDecl');
    const fns = impl.members as A.FunctionDecl[];
    expect(fns.map((f) => f.params[0].self)).toEqual(['value', 'ref', 'refMut', 'value']);
    expect(fns[3].params[0].pattern).toMatchObject({ kind: 'IdentPattern', mutable: true, name: { name: 'self' } });
    expect(params(fns[2])).toEqual(['&mut self', 'x: i32']);
  });

  test('types: references, arrays, tuples, function types, paths, lifetimes, `impl Trait`, never', () => {
    const fn = item("fun f<'a, const N: usize>(a: &'a mut [u8; 4], b: (i32, String), c: fn(i32) -> bool, d: std::collections::HashMap<String, Vec<i32>>, e: impl Iterator<Item = i32>, g: |i32| -> i32, h: [T; N]) -> ! { loop {} }", 'FunctionDecl');
    expect(fn.typeParams.map((p) => [p.name.name, p.isLifetime, p.constType && typeText(p.constType)])).toEqual([["'a", true, null], ['N', false, 'usize']]);
    expect(fn.params.map((p) => typeText(p.type!))).toEqual([
      "&'a mut [u8; 4]", '(i32, String)', 'fn(i32) -> bool', 'std::collections::HashMap<String, Vec<i32>>', 'impl Iterator<i32>', '|i32| -> i32', '[T; N]',
    ]);
    expect(typeText(fn.returnType!)).toBe('!');
  });

  test('a signature without a body', () => {
    expect(item('fun sig(x: i32) -> i32;', 'FunctionDecl').body).toBeNull();
  });
});

describe('structs', () => {
  test('named fields', () => {
    const s = item('struct Point { x: f64, y: f64 }', 'StructDecl');
    expect(s).toMatchObject({ shape: 'named', name: { name: 'Point' } });
    expect(s.fields.map((f) => `${f.name.name}: ${typeText(f.type!)}`)).toEqual(['x: f64', 'y: f64']);
  });

  test('tuple and unit structs', () => {
    const pair = item('struct Pair(i32, pub String);', 'StructDecl');
    expect(pair.shape).toBe('tuple');
    expect(pair.tupleFields.map(typeText)).toEqual(['i32', 'String']);
    expect(item('struct Unit;', 'StructDecl').shape).toBe('unit');
    expect(item('struct Unit', 'StructDecl').shape).toBe('unit');
    expect(parseClean('struct A\nstruct B;\nfun f() {}').stmts.map((st) => st.kind)).toEqual(['StructDecl', 'StructDecl', 'FunctionDecl']);
  });

  test('field defaults, visibilities', () => {
    const s = item('struct Config { debug: bool = false, level: i32 = 3, pub(crate) name: String, pub id: i32, pub(super) z: i32 }', 'StructDecl');
    expect(s.fields.map((f) => [f.name.name, f.visibility, f.defaultValue && toSExpr(f.defaultValue)])).toEqual([
      ['debug', 'private', 'false'], ['level', 'private', '3'], ['name', 'pub(crate)', null], ['id', 'pub', null], ['z', 'pub(super)', null],
    ]);
  });

  test('methods inside the struct body', () => {
    const s = item('struct Counter {\n    count: i32,\n    fun new() -> Counter { Counter { count: 0 } }\n    pub fun inc(&mut self) { self.count += 1 }\n}', 'StructDecl');
    expect(s.fields.map((f) => f.name.name)).toEqual(['count']);
    expect(s.methods.map((m) => [m.name.name, m.visibility])).toEqual([['new', 'private'], ['inc', 'pub']]);
    expect(toSExpr(s.methods[1].body!.stmts[0])).toBe('(+= (. self count) 1)');
  });

  test('generic structs with a where clause', () => {
    const s = item('struct Wrapper<T> where T: Clone { value: T }', 'StructDecl');
    expect(s.typeParams.map((p) => p.name.name)).toEqual(['T']);
    expect(s.where).toHaveLength(1);
  });
});

describe('enums', () => {
  test('unit, tuple and struct variants', () => {
    const e = item('enum Shape { Circle(f64), Rect { w: f64, h: f64 }, Empty }', 'EnumDecl');
    expect(e.variants.map((v) => [v.name.name, v.shape])).toEqual([['Circle', 'tuple'], ['Rect', 'named'], ['Empty', 'unit']]);
    expect(e.variants[0].tupleFields.map(typeText)).toEqual(['f64']);
    expect(e.variants[1].fields.map((f) => f.name.name)).toEqual(['w', 'h']);
  });

  test('discriminants and generics', () => {
    const e = item('enum Code { Ok = 200, NotFound = 404, }', 'EnumDecl');
    expect(e.variants.map((v) => [v.name.name, v.discriminant && toSExpr(v.discriminant)])).toEqual([['Ok', '200'], ['NotFound', '404']]);
    expect(item('enum Maybe<T> { Just(T), Nothing }', 'EnumDecl').typeParams).toHaveLength(1);
  });
});

describe('traits and impls', () => {
  test('a trait with an associated type, a const, a required and a default method', () => {
    const t = item('trait Shape: Display + Clone {\n    type Output;\n    const SIDES: i32;\n    fun area(&self) -> f64;\n    fun describe(&self) -> String { f"area {self.area()}" }\n}', 'TraitDecl');
    expect(t.supertraits.map(typeText)).toEqual(['Display', 'Clone']);
    expect(t.members.map((m) => m.kind)).toEqual(['AssociatedType', 'ConstDecl', 'FunctionDecl', 'FunctionDecl']);
    expect((t.members[2] as A.FunctionDecl).body).toBeNull();
    expect((t.members[3] as A.FunctionDecl).body).not.toBeNull();
  });

  test('`impl Trait for Type` with an associated type value', () => {
    const impl = item('impl Shape for Circle {\n    type Output = f64;\n    fun area(&self) -> f64 { 3.14 * self.r * self.r }\n}', 'ImplDecl');
    expect(typeText(impl.trait!)).toBe('Shape');
    expect(typeText(impl.selfType)).toBe('Circle');
    expect(impl.members[0]).toMatchObject({ kind: 'AssociatedType', name: { name: 'Output' } });
    expect(typeText((impl.members[0] as A.AssociatedType).value!)).toBe('f64');
  });

  test('`impl<T>` with generic self type, bounds and where clause', () => {
    const impl = item('impl<T: Display> fmt::Display for Wrapper<T> where T: Clone {\n    fun fmt(&self, f: &mut fmt::Formatter) -> fmt::Result { write!(f, "{}", self.value) }\n}', 'ImplDecl');
    expect(impl.typeParams.map((p) => p.name.name)).toEqual(['T']);
    expect(typeText(impl.trait!)).toBe('fmt::Display');
    expect(typeText(impl.selfType)).toBe('Wrapper<T>');
    expect(impl.where).toHaveLength(1);
  });

  test('inherent impl with an associated function and `Self`', () => {
    const impl = item('impl<T> Wrapper<T> {\n    pub fun new(value: T) -> Self { Wrapper { value } }\n    fun get(self) -> T { self.value }\n}', 'ImplDecl');
    expect(impl.trait).toBeNull();
    expect((impl.members as A.FunctionDecl[]).map((m) => [m.name.name, m.visibility])).toEqual([['new', 'pub'], ['get', 'private']]);
  });

  test('`pub(crate)` and attributes on members of impl and trait bodies', () => {
    const impl = item('impl P {\n    #[inline] pub(crate) fun f() {}\n    pub(crate) const X: i32 = 1\n    #[doc(hidden)] pub(crate) type T = i32;\n}', 'ImplDecl');
    expect(impl.members.map((m) => m.kind)).toEqual(['FunctionDecl', 'ConstDecl', 'AssociatedType']);
    expect(impl.members[0]).toMatchObject({ visibility: 'pub(crate)', attributes: [{ name: 'inline' }] });
  });
});

describe('type aliases, constants, modules, imports', () => {
  test('type aliases', () => {
    expect(typeText(item('type Meters = f64', 'TypeAliasDecl').type)).toBe('f64');
    const alias = item('type Map<K> = HashMap<K, Vec<String>>;', 'TypeAliasDecl');
    expect(alias.typeParams.map((p) => p.name.name)).toEqual(['K']);
    expect(typeText(alias.type)).toBe('HashMap<K, Vec<String>>');
  });

  test('constants', () => {
    const c = item('const MAX: i32 = 100', 'ConstDecl');
    expect([typeText(c.type!), toSExpr(c.value!)]).toEqual(['i32', '100']);
    expect(item('pub const NAME = "x";', 'ConstDecl')).toMatchObject({ visibility: 'pub', type: null });
  });

  test('`mod` with items, nested, and `mod name;`', () => {
    const m = item('mod math {\n    pub fun square(x: i32) -> i32 { x * x }\n    mod inner { fun f() {} }\n}', 'ModuleDecl');
    expect(m.body!.map((s) => s.kind)).toEqual(['FunctionDecl', 'ModuleDecl']);
    expect(item('mod other;', 'ModuleDecl').body).toBeNull();
  });

  test('`use` forms', () => {
    const tree = (text: string) => item(text, 'UseDecl').tree;
    expect(tree('use std::collections::HashMap;').path.map((p) => p.name)).toEqual(['std', 'collections', 'HashMap']);
    const group = tree('use a::b::{c, d as e};');
    expect(group.path.map((p) => p.name)).toEqual(['a', 'b']);
    expect(group.children!.map((c) => [c.path.map((p) => p.name).join('::'), c.alias?.name ?? null])).toEqual([['c', null], ['d', 'e']]);
    const glob = tree('use x::*;');
    expect([glob.path.map((p) => p.name), glob.glob]).toEqual([['x'], true]);
    expect(tree('use std::io::{self, Read};').children!.map((c) => c.path[0].name)).toEqual(['self', 'Read']);
    expect(item('pub use crate::x;', 'UseDecl').visibility).toBe('pub');
  });

  test('`import` forms', () => {
    expect(item('import math', 'UseDecl')).toMatchObject({ keyword: 'import', tree: { path: [{ name: 'math' }] } });
    expect(item('import std.collections.HashMap', 'UseDecl').tree.path.map((p) => p.name)).toEqual(['std', 'collections', 'HashMap']);
    const from = item('import { a, b } from "./lib.ruchy"', 'UseDecl');
    expect(from.source?.value).toBe('./lib.ruchy');
    expect(from.tree.children!.map((c) => c.path[0].name)).toEqual(['a', 'b']);
    expect(item('import "./util.ruchy"', 'UseDecl').source?.value).toBe('./util.ruchy');
  });
});

describe('actors and effects', () => {
  test('an actor with state and a receive block', () => {
    const actor = item('actor Counter {\n    count: i32,\n    receive {\n        Inc => self.count += 1,\n        Add(n: i32) => self.count += n,\n        Get => self.count\n    }\n}', 'ActorDecl');
    expect(actor.fields.map((f) => `${f.name.name}: ${typeText(f.type!)}`)).toEqual(['count: i32']);
    expect(actor.handlers.map((h) => [h.message.name, h.params.map((p) => patternText(p.pattern)), toSExpr(h.body)])).toEqual([
      ['Inc', [], '(+= (. self count) 1)'],
      ['Add', ['n'], '(+= (. self count) n)'],
      ['Get', [], '(. self count)'],
    ]);
  });

  test('`state` fields, single `receive` handlers and methods', () => {
    const actor = item('actor Logger {\n    state messages: Vec<String> = []\n    receive Log(msg: String) => self.messages.push(msg)\n    fun size(&self) -> i32 { self.messages.len() }\n}', 'ActorDecl');
    expect(actor.fields.map((f) => [f.name.name, toSExpr(f.defaultValue!)])).toEqual([['messages', '[]']]);
    expect(actor.handlers.map((h) => h.message.name)).toEqual(['Log']);
    expect(actor.methods.map((m) => m.name.name)).toEqual(['size']);
  });

  test('send and ask', () => {
    expect(sexpr('counter <- Add(5)')).toBe('(<- counter (call Add 5))');
    expect(stmt('let n = counter <? Get')).toBe('(let n (<? counter Get))');
  });

  test('an effect declaration', () => {
    const effect = item('effect Console {\n    print(msg: String) -> (),\n    read() -> String\n}', 'EffectDecl');
    expect(effect.operations.map((o) => [o.name.name, params(o), typeText(o.returnType!)])).toEqual([['print', ['msg: String'], '()'], ['read', [], 'String']]);
    expect(item('effect State<T> { fun get() -> T; fun set(v: T) }', 'EffectDecl').operations.map((o) => o.name.name)).toEqual(['get', 'set']);
  });

  test('`handle expr with { op(x) => ..., }`', () => {
    expect(stmt('let r = handle run() with {\n    print(msg) => println(msg),\n    read() => "input",\n    return(v) => v,\n}')).toBe(
      '(let r (handle (call run) (case print [msg] (call println msg)) (case read [] "input") (case return [v] v)))',
    );
  });
});

describe('macros and attributes', () => {
  test.each([
    ['println!("{} {}", 1, 2)', '(println! "{} {}" 1 2)'],
    ['vec![1; 3]', '(vec! (repeat 1 3))'],
    ['vec![1, 2, 3]', '(vec! 1 2 3)'],
    ['df!["a" => [1, 2], "b" => ["x"]]', '(df! (=> "a" [1 2]) (=> "b" ["x"]))'],
    ['assert_eq!(a, b, "msg")', '(assert_eq! a b "msg")'],
    ['format!("{}", x)', '(format! "{}" x)'],
    ['panic!("boom")', '(panic! "boom")'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });

  test('`macro_rules!` keeps its body as text and its name', () => {
    const m = parseExpr('macro_rules! square { ($x:expr) => { $x * $x } }') as A.MacroCall;
    expect(m).toMatchObject({ kind: 'MacroCall', name: { name: 'macro_rules' }, delimiter: '{', tokens: ' ($x:expr) => { $x * $x } ' });
    expect(m.args).toMatchObject([{ kind: 'Identifier', name: 'square' }]);
  });

  test('outer and inner attributes', () => {
    const ast = parseClean('#![allow(dead_code)]\n#[test]\nfun t() { assert!(true) }\n#[derive(Debug, Clone)]\nstruct P { x: i32 }');
    expect(ast.attributes).toMatchObject([{ name: 'allow', args: 'dead_code', inner: true }]);
    expect(ast.stmts.map((s) => (s as A.FunctionDecl | A.StructDecl).attributes.map((a) => [a.name, a.args]))).toEqual([[['test', null]], [['derive', 'Debug, Clone']]]);
  });

  test('doc comments attach to items, members, fields and variants (also above attributes)', () => {
    const ast = parseClean([
      '/// Adds one.', '/// Really.', 'fun inc(x: i32) -> i32 { x + 1 }',
      '/// Tested.', '#[test]', 'fun t() {}',
      '/// A point.', 'struct P {', '    /// The x.', '    x: i32,', '    /// Make one.', '    fun new() -> P { P { x: 0 } }', '}',
      '/// Colors.', 'enum C {', '    /// Red!', '    Red,', '}',
      '// a plain comment', 'fun plain() {}',
    ].join('\n'));
    const [inc, t, p, c, plain] = ast.stmts as [A.FunctionDecl, A.FunctionDecl, A.StructDecl, A.EnumDecl, A.FunctionDecl];
    expect([inc.doc, t.doc, p.doc, p.fields[0].doc, p.methods[0].doc, c.doc, c.variants[0].doc, plain.doc]).toEqual([
      'Adds one.\nReally.', 'Tested.', 'A point.', 'The x.', 'Make one.', 'Colors.', 'Red!', null,
    ]);
  });
});

describe('async, spawn, lazy', () => {
  test.each([
    ['await f()', '(await (call f))'],
    ['f().await', '(.await (call f))'],
    ['spawn worker()', '(spawn (call worker))'],
    ['lazy compute()', '(lazy (call compute))'],
    ['async { 1 }', '(async (block 1))'],
    ['async |x| x', '(async fn [x] x)'],
    ['async move |x| x', '(async move fn [x] x)'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });
});

describe('errors: try / catch / finally / throw', () => {
  test.each([
    ['try { risky() } catch e { log(e) } finally { cleanup() }', '(try (block (call risky)) (catch e (block (call log e))) (finally (block (call cleanup))))'],
    ['try { risky() } catch (e) { log(e) }', '(try (block (call risky)) (catch e (block (call log e))))'],
    ['try { risky() } catch (e: Error) { log(e) }', '(try (block (call risky)) (catch e (block (call log e))))'],
    ['try { risky() } catch { fallback() }', '(try (block (call risky)) (catch _ (block (call fallback))))'],
    ['try { risky() } finally { done() }', '(try (block (call risky)) (finally (block (call done))))'],
    ['throw Error("bad")', '(throw (call Error "bad"))'],
    ['f(x)?', '(? (call f x))'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });
});

describe('control flow', () => {
  test.each([
    ['if let Some(x) = opt { x } else if let Ok(y) = r { y } else { 0 }', '(if (let Some(x) opt) (block x) (if (let Ok(y) r) (block y) (block 0)))'],
    ['while let Some(top) = stack.pop() { visit(top) }', '(while (let Some(top) (method stack pop)) (block (call visit top)))'],
    ["'outer: for i in 0..10 { for j in 0..10 { if j == 5 { break 'outer } continue 'outer } }",
      "(for 'outer i (range 0 10) (block (for j (range 0 10) (block (if (== j 5) (block (break 'outer))) (continue 'outer)))))"],
    ["'found: loop { break 'found 42 }", "(loop 'found (block (break 'found 42)))"],
    ['@outer: while true { break @outer }', "(while 'outer true (block (break 'outer)))"],
    ["'block: { break 'block 1 }", "(block 'block (break 'block 1))"],
    ['loop { break 5 }', '(loop (block (break 5)))'],
    ['for (k, v) in map { k }', '(for (tuple k v) map (block k))'],
    ['return', '(return)'],
    ['match x { 1 => "one", _ => "many" }', '(match x (arm 1 "one") (arm _ "many"))'],
    ['if a { 1 } else { 2 }', '(if a (block 1) (block 2))'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });

  test('`return`/`break` take a value only on the same line', () => {
    expect(parseClean('fun f() {\n    return\n    x\n}').stmts[0]).toMatchObject({ body: { stmts: [{ expr: { kind: 'ReturnExpr', value: null } }, { expr: { kind: 'Identifier' } }] } });
  });
});

describe('closures', () => {
  test.each([
    ['|x| x + 1', '(fn [x] (+ x 1))'],
    ['|x: i32| -> i32 { x }', '(fn [x:i32] -> i32 (block x))'],
    ['|a, b| a * b', '(fn [a b] (* a b))'],
    ['|| 42', '(fn [] 42)'],
    ['move |x| x', '(move fn [x] x)'],
    ['|(a, b)| a', '(fn [(tuple a b)] a)'],
    ['fun(x) { x + 1 }', '(fn [x] (block (+ x 1)))'],
    ['xs.map(|x| x * 2).filter(|x| x > 2)', '(method (method xs map (fn [x] (* x 2))) filter (fn [x] (> x 2)))'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });
});

describe('literals: objects, structs, arrays, tuples', () => {
  test.each([
    ['{ name: "x", age: 3 }', '(object name:"x" age:3)'],
    ['{ "key": 1, \'k2\': 2 }', '(object "key":1 "k2":2)'],
    ['{}', '(object)'],
    ['{ ...base, extra: 1 }', '(object (... base) extra:1)'],
    ['{ let a = 1; a }', '(block (let a 1) a)'],
    ['{ x }', '(block x)'],
    ['Point { x: 1, y }', '(struct Point x:1 y)'],
    ['Point { ..base }', '(struct Point (.. base))'],
    ['Point { x: 1, ..base }', '(struct Point x:1 (.. base))'],
    ['Shape::Circle { r: 1.0 }', '(struct Shape::Circle r:1.0)'],
    ['Empty {}', '(struct Empty)'],
    ['[0; 5]', '(repeat 0 5)'],
    ['[1, 2, 3]', '[1 2 3]'],
    ['[1, "a", true]', '[1 "a" true]'],
    ['[]', '[]'],
    ['[x * 2 for x in xs if x > 1]', '(for (* x 2) x xs (> x 1))'],
    ['[(a, b) for (a, b) in pairs]', '(for (tuple a b) (tuple a b) pairs)'],
    ['(1, "a")', '(tuple 1 "a")'],
    ['(1,)', '(tuple 1)'],
    ['()', '()'],
    ['x as f64 / 2.0', '(/ (as x f64) 2.0)'],
    ['Some(5)', '(call Some 5)'],
    ['None', 'None'],
    ['Point::new(1, 2)', '(call Point::new 1 2)'],
    ['"abc".parse::<i32>()', '(method "abc" parse)'],
  ])('%s', (text, expected) => {
    expect(sexpr(text)).toBe(expected);
  });

  test('a struct literal is not read in `if`, `while`, `for` and `match` heads', () => {
    expect(sexpr('if x == Y { 1 }')).toBe('(if (== x Y) (block 1))');
    expect(sexpr('while n < Max { n += 1 }')).toBe('(while (< n Max) (block (+= n 1)))');
    expect(sexpr('for x in items { x }')).toBe('(for x items (block x))');
    expect(sexpr('match v { _ => 1 }')).toBe('(match v (arm _ 1))');
    expect(sexpr('if let Some(p) = find(P { a: 1 }) { p }')).toBe('(if (let Some(p) (call find (struct P a:1))) (block p))');
    // ... but inside brackets in those heads it is
    expect(sexpr('if p == (P { a: 1 }) { 1 }')).toBe('(if (== p (paren (struct P a:1))) (block 1))');
    expect(sexpr('for x in [P { a: 1 }] { x }')).toBe('(for x [(struct P a:1)] (block x))');
  });
});

describe('patterns', () => {
  function arms(text: string): string[] {
    const m = parseExpr(`match v { ${text} }`) as A.MatchExpr;
    return m.arms.map((a) => patternText(a.pattern) + (a.guard === null ? '' : ` if ${toSExpr(a.guard)}`));
  }

  test.each([
    ['n @ 1..=9 => 1', 'n @ 1..=9'],
    ['1 | 2 | 3 => 1', '(| 1 2 3)'],
    ['[first, .., last] => 1', '[first .. last]'],
    ['[] => 1', '[]'],
    ['[x] => 1', '[x]'],
    ['P { x, y: 0, .. } => 1', 'P {x, y: 0, ..}'],
    ['Shape::Circle { r } => 1', 'Shape::Circle {r}'],
    ['Some(x) => 1', 'Some(x)'],
    ['Ok(Some((a, b))) => 1', 'Ok(Some((tuple a b)))'],
    ['Color::Red => 1', 'Color::Red'],
    ['&x => 1', '&x'],
    ['&mut x => 1', '&mut x'],
    ['-1 => 1', '(neg 1)'],
    ['-5..=-1 => 1', '(neg 5)..=(neg 1)'],
    ['1..=5 => 1', '1..=5'],
    ["'a'..='z' => 1", "'a'..='z'"],
    ['..=0 => 1', '_..=0'],
    ['x if x > 0 => 1', 'x if (> x 0)'],
    ['(0, y) => 1', '(tuple 0 y)'],
    ['"hi" => 1', '"hi"'],
    ['true => 1', 'true'],
    ['() => 1', '()'],
    ['ref r => 1', 'ref r'],
    ['_ => 1', '_'],
    ['MIN..=MAX => 1', 'MIN..=MAX'],
  ])('%s', (arm, expected) => {
    expect(arms(arm)).toEqual([expected]);
  });

  test('patterns in `let`, parameters and `for`', () => {
    expect(stmt('let (a, b) = t')).toBe('(let (tuple a b) t)');
    expect(stmt('let mut x: i32 = 0')).toBe('(let mut x : i32 0)');
    expect(stmt('let Point { x, y } = p')).toBe('(let Point {x, y} p)');
    expect(stmt('let [a, b, ..] = xs')).toBe('(let [a b ..] xs)');
    expect(item('fun f((a, b): (i32, i32), [c, d]: [i32; 2]) {}', 'FunctionDecl').params.map((p) => patternText(p.pattern))).toEqual(['(tuple a b)', '[c d]']);
    const letElse = parseClean('let Some(x) = o else { return }').stmts[0] as A.LetStmt;
    expect(letElse.elseBlock).not.toBeNull();
  });

  test('every node of a construct-rich file lies inside its parent', () => {
    const text = 'fun main() {\n    match v { n @ 1..=9 => n, P { x, .. } => x, [a, .., b] => a + b, _ => 0 }\n}';
    const ast = parseClean(text);
    const arm = findNodes(ast, 'MatchArm')[1];
    expect(text.slice(arm.start, arm.end)).toBe('P { x, .. } => x');
    expect(text.slice(findNode(ast, 'StructPattern').start, findNode(ast, 'StructPattern').end)).toBe('P { x, .. }');
  });
});
