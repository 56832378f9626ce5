// The typed syntax tree of a Ruchy source file.
//
// Every node carries `start` and `end`: UTF-16 offsets into the source text
// (end exclusive). Line/column conversion lives only in ./positions.ts.
// Nodes are plain data, discriminated by `kind`, so that every layer (checker,
// compiler, formatter, protocol adapters) can walk them without a class hierarchy.

export interface Node {
  readonly kind: string;
  start: number;
  end: number;
}

// ---------------------------------------------------------------- names

export interface Identifier extends Node {
  kind: 'Identifier';
  name: string;
}

export interface Attribute extends Node {
  kind: 'Attribute';
  /** `test` in `#[test]`, `derive` in `#[derive(Debug)]`. */
  name: string;
  /** Raw text between the attribute's parentheses, if any. */
  args: string | null;
  inner: boolean;
}

export type Visibility = 'private' | 'pub' | 'pub(crate)' | 'pub(super)' | 'pub(self)';

// ---------------------------------------------------------------- types

export type TypeNode =
  | NamedType
  | TupleType
  | ArrayType
  | RefType
  | FnType
  | ImplTraitType
  | InferType
  | NeverType
  | ErrorType;

export interface NamedType extends Node {
  kind: 'NamedType';
  /** `std::collections::HashMap` -> three segments. */
  path: Identifier[];
  args: TypeNode[];
}

export interface TupleType extends Node {
  kind: 'TupleType';
  elements: TypeNode[];
}

export interface ArrayType extends Node {
  kind: 'ArrayType';
  element: TypeNode;
  /** `[T; N]`: the length expression; `[T]` (a slice) has none. */
  size: Expr | null;
}

export interface RefType extends Node {
  kind: 'RefType';
  mutable: boolean;
  lifetime: string | null;
  target: TypeNode;
}

export interface FnType extends Node {
  kind: 'FnType';
  /** `fn(A) -> B`, `Fn(A) -> B` (a trait), or `|A| -> B`. */
  style: 'fn' | 'trait' | 'closure';
  name: string | null;
  params: TypeNode[];
  returnType: TypeNode | null;
}

export interface ImplTraitType extends Node {
  kind: 'ImplTraitType';
  /** `impl A + B` or `dyn A + B`. */
  style: 'impl' | 'dyn';
  bounds: TypeNode[];
}

export interface InferType extends Node {
  kind: 'InferType';
}

export interface NeverType extends Node {
  kind: 'NeverType';
}

export interface ErrorType extends Node {
  kind: 'ErrorType';
}

export interface TypeParam extends Node {
  kind: 'TypeParam';
  name: Identifier;
  bounds: TypeNode[];
  /** `const N: usize` */
  constType: TypeNode | null;
  isLifetime: boolean;
  default: TypeNode | null;
}

export interface WherePredicate extends Node {
  kind: 'WherePredicate';
  target: TypeNode;
  bounds: TypeNode[];
}

// ---------------------------------------------------------------- patterns

export type Pattern =
  | WildcardPattern
  | IdentPattern
  | LiteralPattern
  | RangePattern
  | TuplePattern
  | ArrayPattern
  | StructPattern
  | TupleStructPattern
  | PathPattern
  | OrPattern
  | RefPattern
  | RestPattern
  | ErrorPattern;

export interface WildcardPattern extends Node {
  kind: 'WildcardPattern';
}

export interface IdentPattern extends Node {
  kind: 'IdentPattern';
  name: Identifier;
  mutable: boolean;
  byRef: boolean;
  /** `n @ 1..=9` */
  subpattern: Pattern | null;
}

export interface LiteralPattern extends Node {
  kind: 'LiteralPattern';
  /** A literal, or a negated numeric literal (`-1`). */
  value: Literal | UnaryExpr;
}

export interface RangePattern extends Node {
  kind: 'RangePattern';
  low: LiteralPattern | PathPattern | null;
  high: LiteralPattern | PathPattern | null;
  inclusive: boolean;
}

export interface TuplePattern extends Node {
  kind: 'TuplePattern';
  elements: Pattern[];
}

export interface ArrayPattern extends Node {
  kind: 'ArrayPattern';
  elements: Pattern[];
}

export interface FieldPattern extends Node {
  kind: 'FieldPattern';
  name: Identifier;
  /** Null for the shorthand `Point { x }`. */
  pattern: Pattern | null;
}

export interface StructPattern extends Node {
  kind: 'StructPattern';
  path: Path;
  fields: FieldPattern[];
  hasRest: boolean;
}

export interface TupleStructPattern extends Node {
  kind: 'TupleStructPattern';
  path: Path;
  elements: Pattern[];
}

export interface PathPattern extends Node {
  kind: 'PathPattern';
  /** A multi-segment path (`Color::Red`); a single name is an IdentPattern. */
  path: Path;
}

export interface OrPattern extends Node {
  kind: 'OrPattern';
  alternatives: Pattern[];
}

export interface RefPattern extends Node {
  kind: 'RefPattern';
  mutable: boolean;
  pattern: Pattern;
}

export interface RestPattern extends Node {
  kind: 'RestPattern';
  /** `rest @ ..` binds the rest. */
  binding: Identifier | null;
}

export interface ErrorPattern extends Node {
  kind: 'ErrorPattern';
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | Literal
  | FString
  | Identifier
  | Path
  | SelfExpr
  | UnaryExpr
  | BinaryExpr
  | AssignExpr
  | PipelineExpr
  | RangeExpr
  | CallExpr
  | MethodCallExpr
  | FieldExpr
  | IndexExpr
  | TryExpr
  | CastExpr
  | AwaitExpr
  | ParenExpr
  | TupleExpr
  | ArrayExpr
  | ArrayRepeatExpr
  | ComprehensionExpr
  | ObjectExpr
  | StructExpr
  | BlockExpr
  | IfExpr
  | LetCondition
  | MatchExpr
  | WhileExpr
  | ForExpr
  | LoopExpr
  | BreakExpr
  | ContinueExpr
  | ReturnExpr
  | ClosureExpr
  | MacroCall
  | TryCatchExpr
  | ThrowExpr
  | AsyncBlockExpr
  | SpawnExpr
  | LazyExpr
  | YieldExpr
  | HandleExpr
  | ErrorExpr;

export type Literal = IntLiteral | FloatLiteral | StringLiteral | CharLiteral | BoolLiteral | UnitLiteral;

export interface IntLiteral extends Node {
  kind: 'IntLiteral';
  /** The source text, separators included (`1_000`, `0xff`). */
  raw: string;
  /**
   * The value as a JS number: exact up to 2^53. For the exact value of larger literals
   * use `intLiteralValue` (./literals.ts), which reads `raw`. NaN when malformed.
   */
  value: number;
  suffix: string | null;
}

export interface FloatLiteral extends Node {
  kind: 'FloatLiteral';
  raw: string;
  value: number;
  suffix: string | null;
}

export interface StringLiteral extends Node {
  kind: 'StringLiteral';
  /** The value after escapes are applied. */
  value: string;
  style: 'normal' | 'raw' | 'triple' | 'single';
}

export interface CharLiteral extends Node {
  kind: 'CharLiteral';
  value: string;
}

export interface BoolLiteral extends Node {
  kind: 'BoolLiteral';
  value: boolean;
}

export interface UnitLiteral extends Node {
  kind: 'UnitLiteral';
}

export interface FString extends Node {
  kind: 'FString';
  parts: (FStringText | FStringInterpolation)[];
}

export interface FStringText extends Node {
  kind: 'FStringText';
  /** The text with escapes applied and `{{`/`}}` folded. */
  value: string;
}

export interface FStringInterpolation extends Node {
  kind: 'FStringInterpolation';
  expr: Expr;
  /** The format spec after `:`, without the colon (`.2`, `?`, `>10`). */
  spec: string | null;
}

export interface PathSegment extends Node {
  kind: 'PathSegment';
  name: Identifier;
  /** Turbofish arguments: `parse::<i32>`. */
  typeArgs: TypeNode[] | null;
}

export interface Path extends Node {
  kind: 'Path';
  /** At least two segments: `Point::new`, `Shape::Circle`, `std::io::stdin`. */
  segments: PathSegment[];
}

export interface SelfExpr extends Node {
  kind: 'SelfExpr';
}

export type UnaryOperator = '-' | '+' | '!' | '~' | '&' | '&mut' | '*';

export interface UnaryExpr extends Node {
  kind: 'UnaryExpr';
  op: UnaryOperator;
  operand: Expr;
}

export type BinaryOperator =
  | '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>='
  | '|' | '^' | '&' | '<<' | '>>' | '+' | '-' | '*' | '/' | '%' | '**'
  | '??' | '<-' | '<?';

export interface BinaryExpr extends Node {
  kind: 'BinaryExpr';
  op: BinaryOperator;
  /** Offset of the operator token (for diagnostics that point at it). */
  opStart: number;
  left: Expr;
  right: Expr;
}

export type AssignOperator = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '**=' | '&=' | '|=' | '^=' | '<<=' | '>>=';

export interface AssignExpr extends Node {
  kind: 'AssignExpr';
  op: AssignOperator;
  opStart: number;
  target: Expr;
  value: Expr;
}

export interface PipelineExpr extends Node {
  kind: 'PipelineExpr';
  opStart: number;
  left: Expr;
  /** A function (`f`) or a call whose first argument the value becomes (`g(1)`). */
  right: Expr;
}

export interface RangeExpr extends Node {
  kind: 'RangeExpr';
  from: Expr | null;
  to: Expr | null;
  inclusive: boolean;
}

export interface CallExpr extends Node {
  kind: 'CallExpr';
  callee: Expr;
  args: Expr[];
  /** Offsets of the parentheses, for signature help. */
  openParen: number;
  closeParen: number;
}

export interface MethodCallExpr extends Node {
  kind: 'MethodCallExpr';
  receiver: Expr;
  method: Identifier;
  typeArgs: TypeNode[] | null;
  args: Expr[];
  openParen: number;
  closeParen: number;
  /** `a?.b()` */
  optional: boolean;
}

export interface FieldExpr extends Node {
  kind: 'FieldExpr';
  object: Expr;
  /** A name, or a tuple index (`t.0`) kept as its digits. */
  field: Identifier;
  optional: boolean;
}

export interface IndexExpr extends Node {
  kind: 'IndexExpr';
  object: Expr;
  index: Expr;
}

export interface TryExpr extends Node {
  kind: 'TryExpr';
  expr: Expr;
}

export interface CastExpr extends Node {
  kind: 'CastExpr';
  expr: Expr;
  type: TypeNode;
}

export interface AwaitExpr extends Node {
  kind: 'AwaitExpr';
  expr: Expr;
  postfix: boolean;
}

export interface ParenExpr extends Node {
  kind: 'ParenExpr';
  expr: Expr;
}

export interface TupleExpr extends Node {
  kind: 'TupleExpr';
  elements: Expr[];
}

export interface ArrayExpr extends Node {
  kind: 'ArrayExpr';
  elements: Expr[];
}

export interface ArrayRepeatExpr extends Node {
  kind: 'ArrayRepeatExpr';
  value: Expr;
  count: Expr;
}

export interface ComprehensionExpr extends Node {
  kind: 'ComprehensionExpr';
  element: Expr;
  pattern: Pattern;
  iterable: Expr;
  condition: Expr | null;
}

export interface ObjectField extends Node {
  kind: 'ObjectField';
  key: Identifier | StringLiteral;
  value: Expr;
}

export interface SpreadElement extends Node {
  kind: 'SpreadElement';
  expr: Expr;
}

export interface ObjectExpr extends Node {
  kind: 'ObjectExpr';
  fields: (ObjectField | SpreadElement)[];
}

export interface FieldInit extends Node {
  kind: 'FieldInit';
  name: Identifier;
  /** Null for the shorthand `Point { x, y }`. */
  value: Expr | null;
}

export interface StructExpr extends Node {
  kind: 'StructExpr';
  /** The struct or struct-variant name: an Identifier or a Path. */
  name: Identifier | Path;
  fields: FieldInit[];
  /** `..base` */
  base: Expr | null;
}

export interface BlockExpr extends Node {
  kind: 'BlockExpr';
  label: Label | null;
  stmts: Stmt[];
}

export interface Label extends Node {
  kind: 'Label';
  /** Without the sigil: `outer` for `'outer` and `@outer`. */
  name: string;
  sigil: "'" | '@';
}

export interface IfExpr extends Node {
  kind: 'IfExpr';
  condition: Expr;
  then: BlockExpr;
  else: BlockExpr | IfExpr | null;
}

/** `let PATTERN = EXPR` as the condition of `if let` / `while let`. */
export interface LetCondition extends Node {
  kind: 'LetCondition';
  pattern: Pattern;
  value: Expr;
}

export interface MatchArm extends Node {
  kind: 'MatchArm';
  pattern: Pattern;
  guard: Expr | null;
  body: Expr;
}

export interface MatchExpr extends Node {
  kind: 'MatchExpr';
  scrutinee: Expr;
  arms: MatchArm[];
}

export interface WhileExpr extends Node {
  kind: 'WhileExpr';
  label: Label | null;
  condition: Expr;
  body: BlockExpr;
}

export interface ForExpr extends Node {
  kind: 'ForExpr';
  label: Label | null;
  pattern: Pattern;
  iterable: Expr;
  body: BlockExpr;
}

export interface LoopExpr extends Node {
  kind: 'LoopExpr';
  label: Label | null;
  body: BlockExpr;
}

export interface BreakExpr extends Node {
  kind: 'BreakExpr';
  label: Label | null;
  value: Expr | null;
}

export interface ContinueExpr extends Node {
  kind: 'ContinueExpr';
  label: Label | null;
}

export interface ReturnExpr extends Node {
  kind: 'ReturnExpr';
  value: Expr | null;
}

export interface Param extends Node {
  kind: 'Param';
  pattern: Pattern;
  type: TypeNode | null;
  defaultValue: Expr | null;
  /** `self`, `&self`, `&mut self`, `mut self`. */
  self: 'value' | 'ref' | 'refMut' | null;
}

export interface ClosureExpr extends Node {
  kind: 'ClosureExpr';
  params: Param[];
  returnType: TypeNode | null;
  body: Expr;
  isAsync: boolean;
  isMove: boolean;
}

export interface MacroArgPair extends Node {
  kind: 'MacroArgPair';
  /** `"name" => [..]` in `df![...]` */
  key: Expr;
  value: Expr;
}

export interface MacroCall extends Node {
  kind: 'MacroCall';
  name: Identifier;
  delimiter: '(' | '[' | '{';
  /**
   * Parsed arguments; `vec![x; n]` is one ArrayRepeatExpr. When `tokens` is set, only the
   * name a `macro_rules! name { ... }` defines (an Identifier), if any.
   */
  args: (Expr | MacroArgPair)[];
  /** The raw body of macros whose body is not an expression list (`macro_rules!`). */
  tokens: string | null;
}

export interface TryCatchExpr extends Node {
  kind: 'TryCatchExpr';
  body: BlockExpr;
  catchParam: Pattern | null;
  catchBody: BlockExpr | null;
  finallyBody: BlockExpr | null;
}

export interface ThrowExpr extends Node {
  kind: 'ThrowExpr';
  value: Expr;
}

export interface AsyncBlockExpr extends Node {
  kind: 'AsyncBlockExpr';
  body: BlockExpr;
}

export interface SpawnExpr extends Node {
  kind: 'SpawnExpr';
  expr: Expr;
}

export interface LazyExpr extends Node {
  kind: 'LazyExpr';
  expr: Expr;
}

export interface YieldExpr extends Node {
  kind: 'YieldExpr';
  value: Expr | null;
}

export interface HandlerCase extends Node {
  kind: 'HandlerCase';
  /** `op`, `Effect::op` or `return`. */
  operation: Identifier | Path;
  params: Pattern[];
  body: Expr;
}

export interface HandleExpr extends Node {
  kind: 'HandleExpr';
  expr: Expr;
  cases: HandlerCase[];
}

/** What the parser leaves where an expression was expected but none could be read. */
export interface ErrorExpr extends Node {
  kind: 'ErrorExpr';
}

// ---------------------------------------------------------------- statements and items

export type Stmt = LetStmt | ExprStmt | EmptyStmt | Item;

export interface LetStmt extends Node {
  kind: 'LetStmt';
  pattern: Pattern;
  type: TypeNode | null;
  init: Expr | null;
  elseBlock: BlockExpr | null;
}

export interface ExprStmt extends Node {
  kind: 'ExprStmt';
  expr: Expr;
  /** Whether a `;` ends the statement (its value is then discarded). */
  semicolon: boolean;
}

export interface EmptyStmt extends Node {
  kind: 'EmptyStmt';
}

export type Item =
  | FunctionDecl
  | StructDecl
  | EnumDecl
  | TraitDecl
  | ImplDecl
  | TypeAliasDecl
  | ConstDecl
  | ModuleDecl
  | UseDecl
  | ActorDecl
  | EffectDecl;

export interface ItemBase extends Node {
  name: Identifier;
  visibility: Visibility;
  attributes: Attribute[];
  /** The `///` doc comment immediately above the item, without the slashes. */
  doc: string | null;
}

export interface FunctionDecl extends ItemBase {
  kind: 'FunctionDecl';
  isAsync: boolean;
  typeParams: TypeParam[];
  params: Param[];
  returnType: TypeNode | null;
  where: WherePredicate[];
  /** Null for a signature without body (trait methods, effect operations). */
  body: BlockExpr | null;
}

export interface FieldDecl extends Node {
  kind: 'FieldDecl';
  name: Identifier;
  type: TypeNode | null;
  defaultValue: Expr | null;
  visibility: Visibility;
  doc: string | null;
}

export interface StructDecl extends ItemBase {
  kind: 'StructDecl';
  typeParams: TypeParam[];
  shape: 'named' | 'tuple' | 'unit';
  fields: FieldDecl[];
  /** Element types of a tuple struct. */
  tupleFields: TypeNode[];
  /** Methods written inside the struct body. */
  methods: FunctionDecl[];
  where: WherePredicate[];
}

export interface EnumVariant extends Node {
  kind: 'EnumVariant';
  name: Identifier;
  shape: 'unit' | 'tuple' | 'named';
  tupleFields: TypeNode[];
  fields: FieldDecl[];
  discriminant: Expr | null;
  doc: string | null;
}

export interface EnumDecl extends ItemBase {
  kind: 'EnumDecl';
  typeParams: TypeParam[];
  variants: EnumVariant[];
  where: WherePredicate[];
}

export interface AssociatedType extends Node {
  kind: 'AssociatedType';
  name: Identifier;
  bounds: TypeNode[];
  value: TypeNode | null;
}

export type TraitMember = FunctionDecl | AssociatedType | ConstDecl;

export interface TraitDecl extends ItemBase {
  kind: 'TraitDecl';
  typeParams: TypeParam[];
  supertraits: TypeNode[];
  members: TraitMember[];
  where: WherePredicate[];
}

export interface ImplDecl extends Node {
  kind: 'ImplDecl';
  attributes: Attribute[];
  typeParams: TypeParam[];
  trait: TypeNode | null;
  selfType: TypeNode;
  members: TraitMember[];
  where: WherePredicate[];
  doc: string | null;
}

export interface TypeAliasDecl extends ItemBase {
  kind: 'TypeAliasDecl';
  typeParams: TypeParam[];
  type: TypeNode;
}

export interface ConstDecl extends ItemBase {
  kind: 'ConstDecl';
  type: TypeNode | null;
  value: Expr | null;
  isStatic: boolean;
}

export interface ModuleDecl extends ItemBase {
  kind: 'ModuleDecl';
  /** Null for `mod name;` (the module lives in another file). */
  body: Stmt[] | null;
}

export interface UseTree extends Node {
  kind: 'UseTree';
  /** `std::collections` in `use std::collections::{HashMap, HashSet}`. */
  path: Identifier[];
  /** `as alias` */
  alias: Identifier | null;
  /** `{a, b}` children, or null for a simple path. */
  children: UseTree[] | null;
  glob: boolean;
}

export interface UseDecl extends Node {
  kind: 'UseDecl';
  keyword: 'use' | 'import';
  tree: UseTree;
  /** `import "./file.ruchy"` style string sources. */
  source: StringLiteral | null;
  visibility: Visibility;
  attributes: Attribute[];
  doc: string | null;
}

export interface ActorHandler extends Node {
  kind: 'ActorHandler';
  message: Identifier;
  params: Param[];
  body: Expr;
}

export interface ActorDecl extends ItemBase {
  kind: 'ActorDecl';
  typeParams: TypeParam[];
  fields: FieldDecl[];
  handlers: ActorHandler[];
  methods: FunctionDecl[];
}

export interface EffectDecl extends ItemBase {
  kind: 'EffectDecl';
  typeParams: TypeParam[];
  operations: FunctionDecl[];
}

// ---------------------------------------------------------------- file

export interface Comment extends Node {
  kind: 'Comment';
  style: 'line' | 'block' | 'doc' | 'hash';
  text: string;
}

export interface SourceFile extends Node {
  kind: 'SourceFile';
  stmts: Stmt[];
  /** Every comment of the file, in order (for the formatter and doc lookup). */
  comments: Comment[];
  /** Inner attributes (`#![...]`) at the top of the file. */
  attributes: Attribute[];
}

export type AnyNode =
  | SourceFile | Stmt | Expr | Pattern | TypeNode
  | Attribute | TypeParam | WherePredicate | FieldPattern | PathSegment | FStringText
  | FStringInterpolation | ObjectField | SpreadElement | FieldInit | Label | MatchArm | Param
  | MacroArgPair | HandlerCase | FieldDecl | EnumVariant | AssociatedType | UseTree | ActorHandler
  | Comment;

const ITEM_KINDS: ReadonlySet<string> = new Set([
  'FunctionDecl', 'StructDecl', 'EnumDecl', 'TraitDecl', 'ImplDecl', 'TypeAliasDecl',
  'ConstDecl', 'ModuleDecl', 'UseDecl', 'ActorDecl', 'EffectDecl',
]);

export function isItem(node: Node): node is Item {
  return ITEM_KINDS.has(node.kind);
}
