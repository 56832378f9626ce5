// Quality metrics per function: cyclomatic complexity (McCabe: 1 + decision points) and
// cognitive complexity (SonarSource, "Cognitive Complexity", G. Ann Campbell, 2017:
// increments for breaks in linear flow, plus the nesting level for nested structures).
// Purely syntactic; relative to the item, computed once per ItemRecord.
//
// Decision points: `if` and `else if`, `while`, `for`, `loop`, each `match` arm beyond the
// first, each guard, each `&&` and `||`, each `?`, comprehension loops and filters.
// Cognitive increments: `if`, `else if`, `else`, `match`, loops, `catch` (+1 plus nesting
// for the structural ones), each run of the same boolean operator, labelled `break` /
// `continue`, and direct recursion. Closures and nested blocks of structures add nesting.
// Nested named functions are measured on their own.

import type * as A from '../syntax/ast.js';
import { childrenOf } from '../syntax/walk.js';

export interface RawMetrics {
  name: string;
  qualifiedName: string;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  cyclomatic: number;
  cognitive: number;
}

export function itemMetrics(stmt: A.Stmt | null): RawMetrics[] {
  const out: RawMetrics[] = [];
  if (stmt !== null) collectFunctions(stmt, '', out);
  return out;
}

function collectFunctions(stmt: A.Stmt | A.TraitMember, prefix: string, out: RawMetrics[]): void {
  switch (stmt.kind) {
    case 'FunctionDecl':
      measure(stmt, prefix, out);
      return;
    case 'StructDecl':
      for (const m of stmt.methods) measure(m, `${stmt.name.name}::`, out);
      return;
    case 'ImplDecl': {
      const target = typeName(stmt.selfType);
      for (const m of stmt.members) if (m.kind === 'FunctionDecl') measure(m, `${target}::`, out);
      return;
    }
    case 'TraitDecl':
      for (const m of stmt.members) if (m.kind === 'FunctionDecl' && m.body !== null) measure(m, `${stmt.name.name}::`, out);
      return;
    case 'ActorDecl':
      for (const m of stmt.methods) measure(m, `${stmt.name.name}::`, out);
      return;
    case 'ModuleDecl':
      if (stmt.body !== null) for (const s of stmt.body) collectFunctions(s, `${prefix}${stmt.name.name}::`, out);
      return;
    default:
      return;
  }
}

function typeName(t: A.TypeNode): string {
  if (t.kind === 'NamedType') return t.path.map((p) => p.name).join('::');
  if (t.kind === 'RefType') return typeName(t.target);
  return '_';
}

function measure(fn: A.FunctionDecl, prefix: string, out: RawMetrics[]): void {
  if (fn.body === null) return;
  const counter = new Counter(fn.name.name, out, prefix);
  counter.visit(fn.body, 0);
  out.push({
    name: fn.name.name,
    qualifiedName: `${prefix}${fn.name.name}`,
    start: fn.start,
    end: fn.end,
    nameStart: fn.name.start,
    nameEnd: fn.name.end,
    cyclomatic: 1 + counter.decisions,
    cognitive: counter.cognitive,
  });
}

class Counter {
  decisions = 0;
  cognitive = 0;

  constructor(
    private readonly self: string,
    private readonly out: RawMetrics[],
    private readonly prefix: string,
  ) {}

  visit(node: A.AnyNode, nesting: number): void {
    switch (node.kind) {
      case 'FunctionDecl':
        // A nested function is its own unit.
        measure(node, `${this.prefix}${this.self}::`, this.out);
        return;
      case 'IfExpr':
        this.visitIf(node, nesting, false);
        return;
      case 'WhileExpr':
      case 'ForExpr':
      case 'LoopExpr':
        this.decisions++;
        this.cognitive += 1 + nesting;
        if (node.kind === 'WhileExpr') this.visit(node.condition, nesting);
        if (node.kind === 'ForExpr') this.visit(node.iterable, nesting);
        this.visit(node.body, nesting + 1);
        return;
      case 'ComprehensionExpr':
        this.decisions += node.condition !== null ? 2 : 1;
        this.cognitive += 1 + nesting + (node.condition !== null ? 1 : 0);
        for (const child of childrenOf(node)) this.visit(child, nesting + 1);
        return;
      case 'MatchExpr':
        this.decisions += Math.max(0, node.arms.length - 1);
        this.cognitive += 1 + nesting;
        this.visit(node.scrutinee, nesting);
        for (const arm of node.arms) {
          if (arm.guard !== null) {
            this.decisions++;
            this.visit(arm.guard, nesting + 1);
          }
          this.visit(arm.body, nesting + 1);
        }
        return;
      case 'TryCatchExpr':
        this.visit(node.body, nesting);
        if (node.catchBody !== null) {
          this.cognitive += 1 + nesting;
          this.visit(node.catchBody, nesting + 1);
        }
        if (node.finallyBody !== null) this.visit(node.finallyBody, nesting);
        return;
      case 'ClosureExpr':
        this.visit(node.body, nesting + 1);
        return;
      case 'BinaryExpr':
        if (node.op === '&&' || node.op === '||') {
          this.visitLogical(node, nesting);
          return;
        }
        break;
      case 'TryExpr':
        this.decisions++;
        break;
      case 'BreakExpr':
      case 'ContinueExpr':
        if (node.label !== null) this.cognitive += 1;
        break;
      case 'CallExpr':
        if (node.callee.kind === 'Identifier' && node.callee.name === this.self) this.cognitive += 1;
        break;
      default:
        break;
    }
    for (const child of childrenOf(node)) this.visit(child, nesting);
  }

  private visitIf(node: A.IfExpr, nesting: number, isElseIf: boolean): void {
    this.decisions++;
    this.cognitive += isElseIf ? 1 : 1 + nesting;
    this.visit(node.condition, nesting);
    this.visit(node.then, nesting + 1);
    if (node.else === null) return;
    if (node.else.kind === 'IfExpr') {
      this.visitIf(node.else, nesting, true);
    } else {
      this.cognitive += 1;
      this.visit(node.else, nesting + 1);
    }
  }

  /** A chain of `&&`/`||`: one increment per run of the same operator. */
  private visitLogical(node: A.BinaryExpr, nesting: number): void {
    const operators: string[] = [];
    const operands: A.Expr[] = [];
    const flatten = (e: A.Expr): void => {
      let x = e;
      while (x.kind === 'ParenExpr') x = x.expr;
      if (x.kind === 'BinaryExpr' && (x.op === '&&' || x.op === '||') && x === e) {
        flatten(x.left);
        operators.push(x.op);
        flatten(x.right);
      } else operands.push(e);
    };
    flatten(node);
    this.decisions += operators.length;
    let previous = '';
    for (const op of operators) {
      if (op !== previous) this.cognitive++;
      previous = op;
    }
    for (const operand of operands) this.visit(operand, nesting);
  }
}
