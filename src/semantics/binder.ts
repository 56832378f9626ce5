// Name binding inside one top-level item: scopes, local definitions and every reference.
//
// The binder sees one item at a time (offsets relative to the item, as the workspace
// stores it) and knows nothing of other items, so its result depends on the item's text
// only and is computed once per ItemRecord. Names it cannot resolve locally become
// "free names"; the program-wide tables (globals.ts) resolve those to top-level items,
// imports and builtins. Inside `mod m { ... }` a name declared by the module is recorded
// qualified (`m::f`). Field, method and variant names are not resolved here (that needs
// types) but are collected as `memberNames` for the dependency graph.
//
// The result also carries what needs no types to diagnose: `break` outside a loop,
// unknown labels, duplicate parameters/fields/variants, assignment to an immutable local.

import { Codes, format } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import type { SymbolKind } from './api.js';

export const RefFlag = {
  Read: 1,
  Write: 2,
  Call: 4,
  Type: 8,
  /** The first segment of a path (`Point` in `Point::new`). */
  Path: 16,
  /** Possibly mutates the binding's value (method receiver, `&mut x`, `x.f = ...`). */
  Mutate: 32,
  Macro: 64,
  /** A name in a second alternative of an or-pattern, standing for the first one's binding. */
  Alias: 128,
  /** A struct literal or struct pattern name. */
  StructName: 256,
  /** `self`. */
  SelfRef: 512,
} as const;

export const SymFlag = {
  Mutable: 1,
  SelfParam: 2,
  Annotated: 4,
  /** An upper-case name in a refutable pattern: a constant or variant if one is in scope, else a binding. */
  ConstCandidate: 8,
  /** Bound by a match arm, `if let` or `while let`. */
  PatternBinding: 16,
  ForBinding: 32,
  ClosureParam: 64,
  LetBinding: 128,
  Param: 256,
  /** A parameter of a function without body (trait or effect signature). */
  NoBody: 512,
  CatchParam: 1024,
  /** Declared by a nested item (function, struct...). */
  Item: 2048,
} as const;

export type ScopeKind = 'item' | 'function' | 'body' | 'closure' | 'block' | 'arm' | 'loop' | 'catch' | 'module';

export interface LocalSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  /** The declaring identifier. */
  readonly start: number;
  readonly end: number;
  /** The whole declaration (let statement, parameter, function...). */
  readonly declStart: number;
  readonly declEnd: number;
  /** Offset of the `mut` keyword, or -1. */
  readonly mutStart: number;
  readonly scope: number;
  readonly flags: number;
  /** Visible from this offset to the end of its scope. */
  readonly visibleFrom: number;
  /** For constant candidates: index in `freeNames` of the name. */
  readonly constRef: number;
}

export interface Scope {
  readonly start: number;
  readonly end: number;
  readonly parent: number;
  readonly kind: ScopeKind;
}

export interface Binding {
  readonly symbols: readonly LocalSymbol[];
  readonly scopes: readonly Scope[];
  /** References sorted by start: target >= 0 is a local symbol, target < 0 is free name -(target + 1). */
  readonly refStart: Int32Array;
  readonly refEnd: Int32Array;
  readonly refTarget: Int32Array;
  readonly refFlags: Uint16Array;
  readonly freeNames: readonly string[];
  readonly memberNames: readonly string[];
  /** [shadowing symbol, shadowed symbol]. */
  readonly shadows: readonly (readonly [number, number])[];
  readonly diagnostics: readonly Diagnostic[];
}

interface LoopFrame {
  label: string | null;
  labelSymbol: number;
  isLoop: boolean;
}

interface ModuleFrame {
  prefix: string;
  members: Set<string>;
}

type PatternMode = 'local' | 'refutable' | 'global' | 'param' | 'closureParam' | 'for' | 'catch';

function isConstLike(name: string): boolean {
  const c = name.charCodeAt(0);
  return c >= 65 && c <= 90;
}

export function bindItem(stmt: A.Stmt): Binding {
  const binder = new Binder();
  binder.bindTopLevel(stmt);
  return binder.finish();
}

class Binder {
  private symbols: LocalSymbol[] = [];
  private scopes: Scope[] = [];
  private refs: { start: number; end: number; target: number; flags: number }[] = [];
  private freeIndex = new Map<string, number>();
  private freeNames: string[] = [];
  private memberNames = new Set<string>();
  private shadows: [number, number][] = [];
  private diagnostics: Diagnostic[] = [];

  private active = new Map<string, number[]>();
  private scopeStack: { index: number; declared: number[] }[] = [];
  private loops: LoopFrame[] = [];
  private selfStack: number[] = [];
  private modules: ModuleFrame[] = [];
  /** Names bound so far by the pattern being declared (duplicates, or-patterns). */
  private patternNames: Map<string, number> | null = null;
  private inOrAlternative = false;

  finish(): Binding {
    this.refs.sort((a, b) => a.start - b.start || a.end - b.end);
    const n = this.refs.length;
    const refStart = new Int32Array(n);
    const refEnd = new Int32Array(n);
    const refTarget = new Int32Array(n);
    const refFlags = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const r = this.refs[i];
      refStart[i] = r.start;
      refEnd[i] = r.end;
      refTarget[i] = r.target;
      refFlags[i] = r.flags;
    }
    return {
      symbols: this.symbols,
      scopes: this.scopes,
      refStart,
      refEnd,
      refTarget,
      refFlags,
      freeNames: this.freeNames,
      memberNames: [...this.memberNames],
      shadows: this.shadows,
      diagnostics: this.diagnostics,
    };
  }

  // ---------------------------------------------------------------- scopes

  private enter(kind: ScopeKind, start: number, end: number): number {
    const parent = this.scopeStack.length > 0 ? this.scopeStack[this.scopeStack.length - 1].index : -1;
    const index = this.scopes.length;
    this.scopes.push({ start, end, parent, kind });
    this.scopeStack.push({ index, declared: [] });
    return index;
  }

  private exit(): void {
    const frame = this.scopeStack.pop();
    if (frame === undefined) return;
    for (let i = frame.declared.length - 1; i >= 0; i--) {
      const sym = this.symbols[frame.declared[i]];
      const stack = this.active.get(sym.name);
      if (stack !== undefined) {
        stack.pop();
        if (stack.length === 0) this.active.delete(sym.name);
      }
    }
  }

  private get currentScope(): number {
    return this.scopeStack.length > 0 ? this.scopeStack[this.scopeStack.length - 1].index : -1;
  }

  private declare(
    name: A.Identifier,
    kind: SymbolKind,
    declStart: number,
    declEnd: number,
    flags: number,
    visibleFrom: number,
    mutStart = -1,
    constRef = -1,
  ): number {
    const index = this.symbols.length;
    const scope = this.currentScope;
    if ((flags & (SymFlag.LetBinding | SymFlag.ForBinding | SymFlag.ClosureParam)) !== 0 && !name.name.startsWith('_')) {
      const previous = this.lookupLocal(name.name);
      if (previous >= 0 && this.isOuter(previous, scope)) this.shadows.push([index, previous]);
    }
    this.symbols.push({ name: name.name, kind, start: name.start, end: name.end, declStart, declEnd, mutStart, scope, flags, visibleFrom, constRef });
    let stack = this.active.get(name.name);
    if (stack === undefined) {
      stack = [];
      this.active.set(name.name, stack);
    }
    stack.push(index);
    this.scopeStack[this.scopeStack.length - 1]?.declared.push(index);
    return index;
  }

  /** Whether `symbol` lives in a scope enclosing `scope` (not the same scope, nor a parameter of the function whose body `scope` is). */
  private isOuter(symbol: number, scope: number): boolean {
    const own = this.symbols[symbol].scope;
    if (own === scope) return false;
    const current = this.scopes[scope];
    if (current !== undefined && current.kind === 'body' && current.parent === own) return false;
    return true;
  }

  private lookupLocal(name: string): number {
    const stack = this.active.get(name);
    return stack === undefined || stack.length === 0 ? -1 : stack[stack.length - 1];
  }

  private free(name: string): number {
    let index = this.freeIndex.get(name);
    if (index === undefined) {
      index = this.freeNames.length;
      this.freeNames.push(name);
      this.freeIndex.set(name, index);
    }
    return index;
  }

  private addRef(start: number, end: number, target: number, flags: number): number {
    this.refs.push({ start, end, target, flags });
    return this.refs.length - 1;
  }

  /** Resolves a name used as a value or type: a local, a module member, or a free name. */
  private reference(id: A.Identifier, flags: number): number {
    const local = this.lookupLocal(id.name);
    if (local >= 0) return this.addRef(id.start, id.end, local, flags);
    return this.addRef(id.start, id.end, -(this.free(this.qualify(id.name)) + 1), flags);
  }

  private qualify(name: string): string {
    for (let i = this.modules.length - 1; i >= 0; i--) {
      if (this.modules[i].members.has(name)) return this.modules[i].prefix + name;
    }
    return name;
  }

  private error(code: (typeof Codes)[keyof typeof Codes], start: number, end: number, args: Record<string, string>, data?: Record<string, unknown>): void {
    this.diagnostics.push({
      code: code.code,
      severity: code.severity,
      message: format(code.template, args),
      start,
      end,
      ...(data !== undefined ? { data } : {}),
    });
  }

  // ---------------------------------------------------------------- items

  bindTopLevel(stmt: A.Stmt): void {
    this.enter('item', stmt.start, stmt.end);
    switch (stmt.kind) {
      case 'LetStmt':
        this.bindType(stmt.type);
        this.bindExpr(stmt.init);
        if (stmt.elseBlock !== null) this.bindExpr(stmt.elseBlock);
        this.bindPattern(stmt.pattern, 'global', stmt.start, stmt.end, stmt.end);
        break;
      case 'ExprStmt':
        this.bindExpr(stmt.expr);
        break;
      case 'EmptyStmt':
        break;
      default:
        this.bindItemDecl(stmt);
    }
    this.exit();
  }

  private bindItemDecl(item: A.Item): void {
    switch (item.kind) {
      case 'FunctionDecl':
        this.bindFunction(item);
        return;
      case 'StructDecl':
        this.enter('item', item.start, item.end);
        this.declareTypeParams(item.typeParams);
        this.bindWhere(item.where);
        this.checkDuplicates(item.fields.map((f) => f.name));
        for (const field of item.fields) {
          this.bindType(field.type);
          this.bindExpr(field.defaultValue);
        }
        for (const t of item.tupleFields) this.bindType(t);
        this.checkDuplicates(item.methods.map((m) => m.name));
        for (const method of item.methods) this.bindFunction(method);
        this.exit();
        return;
      case 'EnumDecl':
        this.enter('item', item.start, item.end);
        this.declareTypeParams(item.typeParams);
        this.bindWhere(item.where);
        this.checkDuplicates(item.variants.map((v) => v.name));
        for (const variant of item.variants) {
          for (const t of variant.tupleFields) this.bindType(t);
          this.checkDuplicates(variant.fields.map((f) => f.name));
          for (const f of variant.fields) {
            this.bindType(f.type);
            this.bindExpr(f.defaultValue);
          }
          this.bindExpr(variant.discriminant);
        }
        this.exit();
        return;
      case 'TraitDecl':
        this.enter('item', item.start, item.end);
        this.declareTypeParams(item.typeParams);
        for (const t of item.supertraits) this.bindType(t);
        this.bindWhere(item.where);
        this.checkDuplicates(item.members.map((m) => m.name));
        for (const member of item.members) this.bindTraitMember(member);
        this.exit();
        return;
      case 'ImplDecl':
        this.enter('item', item.start, item.end);
        this.declareTypeParams(item.typeParams);
        this.bindType(item.trait);
        this.bindType(item.selfType);
        this.bindWhere(item.where);
        this.checkDuplicates(item.members.map((m) => m.name));
        for (const member of item.members) this.bindTraitMember(member);
        this.exit();
        return;
      case 'TypeAliasDecl':
        this.enter('item', item.start, item.end);
        this.declareTypeParams(item.typeParams);
        this.bindType(item.type);
        this.exit();
        return;
      case 'ConstDecl':
        this.bindType(item.type);
        this.bindExpr(item.value);
        return;
      case 'ModuleDecl': {
        if (item.body === null) return;
        const members = new Set<string>();
        for (const stmt of item.body) collectItemNames(stmt, members);
        const outer = this.modules.length > 0 ? this.modules[this.modules.length - 1].prefix : '';
        this.modules.push({ prefix: `${outer}${item.name.name}::`, members });
        this.enter('module', item.start, item.end);
        for (const stmt of item.body) {
          if (stmt.kind === 'LetStmt') {
            this.bindType(stmt.type);
            this.bindExpr(stmt.init);
            this.bindPattern(stmt.pattern, 'global', stmt.start, stmt.end, stmt.end);
          } else if (stmt.kind === 'ExprStmt') {
            this.bindExpr(stmt.expr);
          } else if (stmt.kind !== 'EmptyStmt') {
            this.bindItemDecl(stmt);
          }
        }
        this.exit();
        this.modules.pop();
        return;
      }
      case 'UseDecl':
        return;
      case 'ActorDecl':
        this.enter('item', item.start, item.end);
        this.declareTypeParams(item.typeParams);
        this.checkDuplicates(item.fields.map((f) => f.name));
        for (const field of item.fields) {
          this.bindType(field.type);
          this.bindExpr(field.defaultValue);
        }
        this.checkDuplicates(item.handlers.map((h) => h.message));
        for (const handler of item.handlers) {
          this.enter('function', handler.start, handler.end);
          const savedLoops = this.loops;
          this.loops = [];
          this.bindParams(handler.params, false);
          this.bindExpr(handler.body);
          this.loops = savedLoops;
          this.exit();
        }
        for (const method of item.methods) this.bindFunction(method);
        this.exit();
        return;
      case 'EffectDecl':
        this.enter('item', item.start, item.end);
        this.declareTypeParams(item.typeParams);
        for (const op of item.operations) this.bindFunction(op);
        this.exit();
        return;
    }
  }

  private bindTraitMember(member: A.TraitMember): void {
    switch (member.kind) {
      case 'FunctionDecl':
        this.bindFunction(member);
        return;
      case 'AssociatedType':
        for (const b of member.bounds) this.bindType(b);
        this.bindType(member.value);
        return;
      case 'ConstDecl':
        this.bindType(member.type);
        this.bindExpr(member.value);
        return;
    }
  }

  private bindWhere(where: readonly A.WherePredicate[]): void {
    for (const w of where) {
      this.bindType(w.target);
      for (const b of w.bounds) this.bindType(b);
    }
  }

  private declareTypeParams(params: readonly A.TypeParam[]): void {
    for (const p of params) {
      if (p.isLifetime) continue;
      this.declare(p.name, 'typeParameter', p.start, p.end, 0, p.start);
      for (const b of p.bounds) this.bindType(b);
      this.bindType(p.constType);
      this.bindType(p.default);
    }
  }

  private checkDuplicates(names: readonly A.Identifier[]): void {
    if (names.length < 2) return;
    const seen = new Set<string>();
    for (const n of names) {
      if (n.name === '' || n.name === '_') continue;
      if (seen.has(n.name)) this.error(Codes.DuplicateDefinition, n.start, n.end, { name: n.name }, { name: n.name });
      seen.add(n.name);
    }
  }

  private bindFunction(fn: A.FunctionDecl): void {
    this.enter('function', fn.start, fn.end);
    this.declareTypeParams(fn.typeParams);
    this.bindWhere(fn.where);
    const savedLoops = this.loops;
    this.loops = [];
    const selfIndex = this.bindParams(fn.params, fn.body === null);
    this.bindType(fn.returnType);
    if (selfIndex >= 0) this.selfStack.push(selfIndex);
    if (fn.body !== null) this.bindBlock(fn.body, 'body');
    if (selfIndex >= 0) this.selfStack.pop();
    this.loops = savedLoops;
    this.exit();
  }

  /** Declares parameters in the current scope; returns the `self` symbol or -1. */
  private bindParams(params: readonly A.Param[], noBody: boolean): number {
    let selfIndex = -1;
    this.patternNames = new Map();
    for (const p of params) {
      this.bindType(p.type);
      this.bindExpr(p.defaultValue);
      if (p.self !== null && p.pattern.kind === 'IdentPattern') {
        selfIndex = this.declare(p.pattern.name, 'parameter', p.start, p.end, SymFlag.Param | SymFlag.SelfParam | (p.pattern.mutable ? SymFlag.Mutable : 0), p.start);
        continue;
      }
      const extra = (noBody ? SymFlag.NoBody : 0) | (p.type !== null ? SymFlag.Annotated : 0);
      this.bindPatternInner(p.pattern, 'param', p.start, p.end, p.start, extra);
    }
    this.patternNames = null;
    return selfIndex;
  }

  // ---------------------------------------------------------------- statements

  private bindBlock(block: A.BlockExpr, kind: ScopeKind = 'block'): void {
    this.enter(kind, block.start, block.end);
    let labelFrame: LoopFrame | null = null;
    if (block.label !== null) {
      const sym = this.declare({ kind: 'Identifier', name: block.label.name, start: block.label.start, end: block.label.end }, 'label', block.start, block.end, 0, block.start);
      labelFrame = { label: block.label.name, labelSymbol: sym, isLoop: false };
      this.loops.push(labelFrame);
    }
    // Nested items are visible in the whole block.
    for (const stmt of block.stmts) {
      if (stmt.kind === 'FunctionDecl' || stmt.kind === 'StructDecl' || stmt.kind === 'EnumDecl' || stmt.kind === 'TraitDecl' || stmt.kind === 'ConstDecl' || stmt.kind === 'TypeAliasDecl' || stmt.kind === 'ActorDecl') {
        const kind: SymbolKind =
          stmt.kind === 'FunctionDecl' ? 'function' : stmt.kind === 'StructDecl' ? 'struct' : stmt.kind === 'EnumDecl' ? 'enum' : stmt.kind === 'TraitDecl' ? 'trait' : stmt.kind === 'ConstDecl' ? 'constant' : stmt.kind === 'ActorDecl' ? 'actor' : 'typeAlias';
        this.declare(stmt.name, kind, stmt.start, stmt.end, SymFlag.Item, block.start);
      }
    }
    for (const stmt of block.stmts) this.bindStmt(stmt);
    if (labelFrame !== null) this.loops.pop();
    this.exit();
  }

  private bindStmt(stmt: A.Stmt): void {
    switch (stmt.kind) {
      case 'LetStmt':
        this.bindType(stmt.type);
        this.bindExpr(stmt.init);
        if (stmt.elseBlock !== null) this.bindExpr(stmt.elseBlock);
        this.bindPattern(stmt.pattern, 'local', stmt.start, stmt.end, stmt.end, stmt.type !== null ? SymFlag.Annotated : 0);
        return;
      case 'ExprStmt':
        this.bindExpr(stmt.expr);
        return;
      case 'EmptyStmt':
        return;
      case 'UseDecl':
        return;
      default:
        this.bindItemDecl(stmt);
    }
  }

  // ---------------------------------------------------------------- patterns

  private bindPattern(pattern: A.Pattern, mode: PatternMode, declStart: number, declEnd: number, visibleFrom: number, extra = 0): void {
    this.patternNames = new Map();
    this.bindPatternInner(pattern, mode, declStart, declEnd, visibleFrom, extra);
    this.patternNames = null;
  }

  private bindPatternInner(p: A.Pattern, mode: PatternMode, declStart: number, declEnd: number, visibleFrom: number, extra: number): void {
    switch (p.kind) {
      case 'IdentPattern': {
        if (mode === 'refutable' && p.subpattern === null && !p.mutable && isConstLike(p.name.name)) {
          const constRef = this.free(this.qualify(p.name.name));
          this.declare(p.name, 'variable', declStart, declEnd, SymFlag.ConstCandidate | SymFlag.PatternBinding | extra, visibleFrom, -1, constRef);
          return;
        }
        if (mode !== 'global') this.declareBinding(p.name, p.mutable ? p.start : -1, mode, declStart, declEnd, visibleFrom, extra);
        if (p.subpattern !== null) this.bindPatternInner(p.subpattern, mode, declStart, declEnd, visibleFrom, extra);
        return;
      }
      case 'WildcardPattern':
      case 'ErrorPattern':
        return;
      case 'LiteralPattern':
        return;
      case 'RangePattern':
        if (p.low !== null && p.low.kind === 'PathPattern') this.bindPath(p.low.path, RefFlag.Read);
        if (p.high !== null && p.high.kind === 'PathPattern') this.bindPath(p.high.path, RefFlag.Read);
        return;
      case 'TuplePattern':
      case 'ArrayPattern':
        for (const e of p.elements) {
          const rest = restBinding(e);
          if (rest !== null) {
            if (mode !== 'global') this.declareBinding(rest, -1, mode, declStart, declEnd, visibleFrom, extra);
          } else this.bindPatternInner(e, mode, declStart, declEnd, visibleFrom, extra);
        }
        return;
      case 'RestPattern':
        if (p.binding !== null && mode !== 'global') this.declareBinding(p.binding, -1, mode, declStart, declEnd, visibleFrom, extra);
        return;
      case 'RefPattern':
        this.bindPatternInner(p.pattern, mode, declStart, declEnd, visibleFrom, extra);
        return;
      case 'StructPattern':
        this.bindPath(p.path, RefFlag.StructName);
        for (const f of p.fields) {
          this.memberNames.add(f.name.name);
          if (f.pattern !== null) this.bindPatternInner(f.pattern, mode, declStart, declEnd, visibleFrom, extra);
          else if (mode !== 'global') this.declareBinding(f.name, -1, mode, declStart, declEnd, visibleFrom, extra);
        }
        return;
      case 'TupleStructPattern':
        this.bindPath(p.path, RefFlag.Read);
        for (const e of p.elements) this.bindPatternInner(e, mode, declStart, declEnd, visibleFrom, extra);
        return;
      case 'PathPattern':
        this.bindPath(p.path, RefFlag.Read);
        return;
      case 'OrPattern': {
        const saved = this.inOrAlternative;
        p.alternatives.forEach((alt, i) => {
          this.inOrAlternative = i > 0;
          this.bindPatternInner(alt, mode, declStart, declEnd, visibleFrom, extra);
        });
        this.inOrAlternative = saved;
        return;
      }
    }
  }

  private declareBinding(name: A.Identifier, mutStart: number, mode: PatternMode, declStart: number, declEnd: number, visibleFrom: number, extra: number): void {
    const names = this.patternNames;
    const previous = names?.get(name.name);
    if (previous !== undefined && name.name !== '_') {
      if (this.inOrAlternative) {
        this.addRef(name.start, name.end, previous, RefFlag.Alias);
        return;
      }
      this.error(Codes.DuplicateDefinition, name.start, name.end, { name: name.name }, { name: name.name });
    }
    let flags = extra | (mutStart >= 0 ? SymFlag.Mutable : 0);
    let kind: SymbolKind = 'variable';
    switch (mode) {
      case 'local':
        flags |= SymFlag.LetBinding;
        break;
      case 'refutable':
        flags |= SymFlag.PatternBinding;
        break;
      case 'param':
        flags |= SymFlag.Param;
        kind = 'parameter';
        break;
      case 'closureParam':
        flags |= SymFlag.ClosureParam | SymFlag.Param;
        kind = 'parameter';
        break;
      case 'for':
        flags |= SymFlag.ForBinding;
        break;
      case 'catch':
        flags |= SymFlag.CatchParam;
        break;
      default:
        break;
    }
    const index = this.declare(name, kind, declStart, declEnd, flags, visibleFrom, mutStart);
    names?.set(name.name, index);
  }

  // ---------------------------------------------------------------- types

  private bindType(t: A.TypeNode | null): void {
    if (t === null) return;
    switch (t.kind) {
      case 'NamedType': {
        const first = t.path[0];
        if (first !== undefined && first.name !== 'Self' && first.name !== 'crate' && first.name !== 'self' && first.name !== 'super') {
          this.reference(first, RefFlag.Type | (t.path.length > 1 ? RefFlag.Path : 0));
        }
        for (let i = 1; i < t.path.length; i++) this.memberNames.add(t.path[i].name);
        for (const a of t.args) this.bindType(a);
        return;
      }
      case 'TupleType':
        for (const e of t.elements) this.bindType(e);
        return;
      case 'ArrayType':
        this.bindType(t.element);
        this.bindExpr(t.size);
        return;
      case 'RefType':
        this.bindType(t.target);
        return;
      case 'FnType':
        for (const p of t.params) this.bindType(p);
        this.bindType(t.returnType);
        return;
      case 'ImplTraitType':
        for (const b of t.bounds) this.bindType(b);
        return;
      default:
        return;
    }
  }

  private bindPath(path: A.Path, flags: number): void {
    const first = path.segments[0];
    if (first === undefined) return;
    const root = first.name.name;
    if (root !== 'Self' && root !== 'self' && root !== 'super' && root !== 'crate') {
      this.reference(first.name, flags | (path.segments.length > 1 ? RefFlag.Path : 0));
    }
    for (let i = 1; i < path.segments.length; i++) this.memberNames.add(path.segments[i].name.name);
    for (const s of path.segments) if (s.typeArgs !== null) for (const t of s.typeArgs) this.bindType(t);
  }

  // ---------------------------------------------------------------- expressions

  private bindExpr(e: A.Expr | null): void {
    if (e === null) return;
    switch (e.kind) {
      case 'Identifier':
        this.reference(e, RefFlag.Read);
        return;
      case 'Path':
        this.bindPath(e, RefFlag.Read);
        return;
      case 'SelfExpr': {
        const self = this.selfStack.length > 0 ? this.selfStack[this.selfStack.length - 1] : -1;
        if (self >= 0) this.addRef(e.start, e.end, self, RefFlag.Read | RefFlag.SelfRef);
        return;
      }
      case 'IntLiteral':
      case 'FloatLiteral':
      case 'StringLiteral':
      case 'CharLiteral':
      case 'BoolLiteral':
      case 'UnitLiteral':
      case 'ErrorExpr':
        return;
      case 'FString':
        for (const part of e.parts) if (part.kind === 'FStringInterpolation') this.bindExpr(part.expr);
        return;
      case 'UnaryExpr':
        this.bindExpr(e.operand);
        if (e.op === '&mut') this.markRoot(e.operand, RefFlag.Mutate);
        return;
      case 'BinaryExpr':
        this.bindExpr(e.left);
        this.bindExpr(e.right);
        return;
      case 'AssignExpr':
        this.bindAssign(e);
        return;
      case 'PipelineExpr':
        this.bindExpr(e.left);
        if (e.right.kind === 'Identifier') this.reference(e.right, RefFlag.Read | RefFlag.Call);
        else if (e.right.kind === 'CallExpr') this.bindCall(e.right);
        else this.bindExpr(e.right);
        return;
      case 'RangeExpr':
        this.bindExpr(e.from);
        this.bindExpr(e.to);
        return;
      case 'CallExpr':
        this.bindCall(e);
        return;
      case 'MethodCallExpr':
        this.bindExpr(e.receiver);
        this.markRoot(e.receiver, RefFlag.Mutate);
        this.memberNames.add(e.method.name);
        if (e.typeArgs !== null) for (const t of e.typeArgs) this.bindType(t);
        for (const a of e.args) this.bindExpr(a);
        return;
      case 'FieldExpr':
        this.bindExpr(e.object);
        this.memberNames.add(e.field.name);
        return;
      case 'IndexExpr':
        this.bindExpr(e.object);
        this.bindExpr(e.index);
        return;
      case 'TryExpr':
      case 'AwaitExpr':
      case 'ParenExpr':
      case 'SpawnExpr':
      case 'LazyExpr':
        this.bindExpr(e.expr);
        return;
      case 'CastExpr':
        this.bindExpr(e.expr);
        this.bindType(e.type);
        return;
      case 'TupleExpr':
      case 'ArrayExpr':
        for (const x of e.elements) this.bindExpr(x);
        return;
      case 'ArrayRepeatExpr':
        this.bindExpr(e.value);
        this.bindExpr(e.count);
        return;
      case 'ComprehensionExpr':
        this.bindExpr(e.iterable);
        this.enter('loop', e.start, e.end);
        this.bindPattern(e.pattern, 'for', e.pattern.start, e.pattern.end, e.start);
        this.bindExpr(e.condition);
        this.bindExpr(e.element);
        this.exit();
        return;
      case 'ObjectExpr':
        for (const f of e.fields) {
          if (f.kind === 'ObjectField') this.bindExpr(f.value);
          else this.bindExpr(f.expr);
        }
        return;
      case 'StructExpr':
        if (e.name.kind === 'Identifier') this.reference(e.name, RefFlag.StructName);
        else this.bindPath(e.name, RefFlag.StructName);
        for (const f of e.fields) {
          this.memberNames.add(f.name.name);
          if (f.value === null) this.reference(f.name, RefFlag.Read);
          else this.bindExpr(f.value);
        }
        this.bindExpr(e.base);
        return;
      case 'BlockExpr':
        this.bindBlock(e);
        return;
      case 'IfExpr':
        if (e.condition.kind === 'LetCondition') {
          this.bindExpr(e.condition.value);
          this.enter('arm', e.condition.start, e.then.end);
          this.bindPattern(e.condition.pattern, 'refutable', e.condition.start, e.condition.end, e.condition.end);
          this.bindBlock(e.then);
          this.exit();
        } else {
          this.bindExpr(e.condition);
          this.bindBlock(e.then);
        }
        this.bindExpr(e.else);
        return;
      case 'LetCondition':
        this.bindExpr(e.value);
        this.bindPattern(e.pattern, 'refutable', e.start, e.end, e.end);
        return;
      case 'MatchExpr':
        this.bindExpr(e.scrutinee);
        for (const arm of e.arms) {
          this.enter('arm', arm.start, arm.end);
          this.bindPattern(arm.pattern, 'refutable', arm.pattern.start, arm.pattern.end, arm.pattern.end);
          this.bindExpr(arm.guard);
          this.bindExpr(arm.body);
          this.exit();
        }
        return;
      case 'WhileExpr':
        this.enter('loop', e.start, e.end);
        this.pushLoop(e.label, e.start, e.end);
        if (e.condition.kind === 'LetCondition') {
          this.bindExpr(e.condition.value);
          this.bindPattern(e.condition.pattern, 'refutable', e.condition.start, e.condition.end, e.condition.end);
        } else {
          this.bindExpr(e.condition);
        }
        this.bindBlock(e.body);
        this.loops.pop();
        this.exit();
        return;
      case 'ForExpr':
        this.bindExpr(e.iterable);
        this.enter('loop', e.start, e.end);
        this.pushLoop(e.label, e.start, e.end);
        this.bindPattern(e.pattern, 'for', e.pattern.start, e.pattern.end, e.pattern.end);
        this.bindBlock(e.body);
        this.loops.pop();
        this.exit();
        return;
      case 'LoopExpr':
        this.enter('loop', e.start, e.end);
        this.pushLoop(e.label, e.start, e.end);
        this.bindBlock(e.body);
        this.loops.pop();
        this.exit();
        return;
      case 'BreakExpr':
      case 'ContinueExpr':
        this.bindJump(e);
        if (e.kind === 'BreakExpr') this.bindExpr(e.value);
        return;
      case 'ReturnExpr':
      case 'YieldExpr':
        this.bindExpr(e.value);
        return;
      case 'ThrowExpr':
        this.bindExpr(e.value);
        return;
      case 'ClosureExpr': {
        this.enter('closure', e.start, e.end);
        const savedLoops = this.loops;
        const savedNames = this.patternNames;
        const savedOr = this.inOrAlternative;
        this.loops = [];
        this.inOrAlternative = false;
        this.patternNames = new Map();
        for (const p of e.params) {
          this.bindType(p.type);
          this.bindExpr(p.defaultValue);
          this.bindPatternInner(p.pattern, 'closureParam', p.start, p.end, p.start, p.type !== null ? SymFlag.Annotated : 0);
        }
        this.patternNames = savedNames;
        this.inOrAlternative = savedOr;
        this.bindType(e.returnType);
        this.bindExpr(e.body);
        this.loops = savedLoops;
        this.exit();
        return;
      }
      case 'MacroCall':
        if (e.tokens !== null) return;
        this.addRef(e.name.start, e.name.end, -(this.free(`${e.name.name}!`) + 1), RefFlag.Macro | RefFlag.Call);
        for (const a of e.args) {
          if (a.kind === 'MacroArgPair') {
            this.bindExpr(a.key);
            this.bindExpr(a.value);
          } else this.bindExpr(a);
        }
        return;
      case 'TryCatchExpr':
        this.bindBlock(e.body);
        if (e.catchBody !== null) {
          this.enter('catch', e.catchParam?.start ?? e.catchBody.start, e.catchBody.end);
          if (e.catchParam !== null) this.bindPattern(e.catchParam, 'catch', e.catchParam.start, e.catchParam.end, e.catchParam.end);
          this.bindBlock(e.catchBody);
          this.exit();
        }
        if (e.finallyBody !== null) this.bindBlock(e.finallyBody);
        return;
      case 'AsyncBlockExpr':
        this.bindBlock(e.body);
        return;
      case 'HandleExpr':
        this.bindExpr(e.expr);
        for (const c of e.cases) {
          if (c.operation.kind === 'Identifier') {
            if (c.operation.name !== 'return') this.reference(c.operation, RefFlag.Read);
          } else this.bindPath(c.operation, RefFlag.Read);
          this.enter('arm', c.start, c.end);
          this.patternNames = new Map();
          for (const p of c.params) this.bindPatternInner(p, 'closureParam', p.start, p.end, p.start, 0);
          this.patternNames = null;
          this.bindExpr(c.body);
          this.exit();
        }
        return;
    }
  }

  private bindCall(e: A.CallExpr): void {
    if (e.callee.kind === 'Identifier') this.reference(e.callee, RefFlag.Read | RefFlag.Call);
    else if (e.callee.kind === 'Path') this.bindPath(e.callee, RefFlag.Read | RefFlag.Call);
    else this.bindExpr(e.callee);
    for (const a of e.args) this.bindExpr(a);
  }

  private bindAssign(e: A.AssignExpr): void {
    this.bindExpr(e.value);
    let target: A.Expr = e.target;
    while (target.kind === 'ParenExpr') target = target.expr;
    if (target.kind === 'Identifier') {
      const flags = RefFlag.Write | (e.op === '=' ? 0 : RefFlag.Read);
      const ref = this.reference(target, flags);
      const t = this.refs[ref].target;
      if (t >= 0) {
        const sym = this.symbols[t];
        if ((sym.flags & SymFlag.Mutable) === 0 && (sym.kind === 'variable' || sym.kind === 'parameter') && (sym.flags & (SymFlag.SelfParam | SymFlag.ConstCandidate)) === 0) {
          this.error(Codes.AssignToImmutable, target.start, target.end, { name: target.name }, { name: target.name, declaration: { start: sym.start, end: sym.end } });
        }
      }
      return;
    }
    this.bindExpr(target);
    this.markRoot(target, RefFlag.Mutate);
  }

  /** Adds `flag` to the reference of the variable at the root of `x.f[i].g`. */
  private markRoot(expr: A.Expr, flag: number): void {
    let e: A.Expr = expr;
    for (;;) {
      if (e.kind === 'FieldExpr') e = e.object;
      else if (e.kind === 'IndexExpr') e = e.object;
      else if (e.kind === 'ParenExpr') e = e.expr;
      else if (e.kind === 'UnaryExpr' && (e.op === '*' || e.op === '&' || e.op === '&mut')) e = e.operand;
      else break;
    }
    if (e.kind !== 'Identifier' && e.kind !== 'SelfExpr') return;
    for (let i = this.refs.length - 1; i >= 0 && i >= this.refs.length - 64; i--) {
      const r = this.refs[i];
      if (r.start === e.start && r.end === e.end) {
        r.flags |= flag;
        return;
      }
    }
  }

  private pushLoop(label: A.Label | null, start: number, end: number): void {
    let labelSymbol = -1;
    if (label !== null) {
      labelSymbol = this.declare({ kind: 'Identifier', name: label.name, start: label.start, end: label.end }, 'label', start, end, 0, start);
    }
    this.loops.push({ label: label?.name ?? null, labelSymbol, isLoop: true });
  }

  private bindJump(e: A.BreakExpr | A.ContinueExpr): void {
    const keyword = e.kind === 'BreakExpr' ? 'break' : 'continue';
    if (e.label !== null) {
      for (let i = this.loops.length - 1; i >= 0; i--) {
        const frame = this.loops[i];
        if (frame.label === e.label.name) {
          this.addRef(e.label.start, e.label.end, frame.labelSymbol, RefFlag.Read);
          return;
        }
      }
      this.error(Codes.UndefinedLabel, e.label.start, e.label.end, { label: `${e.label.sigil}${e.label.name}` });
      return;
    }
    if (!this.loops.some((f) => f.isLoop)) {
      this.error(Codes.OutsideLoop, e.start, e.start + keyword.length, { keyword });
    }
  }
}

/**
 * `..rest` in an array or tuple pattern: the parser reads it as a range pattern with no
 * lower bound; a lower-case single name there is a binding of the remaining elements.
 */
export function restBinding(p: A.Pattern): A.Identifier | null {
  if (p.kind !== 'RangePattern' || p.low !== null || p.inclusive || p.high === null || p.high.kind !== 'PathPattern') return null;
  const segs = p.high.path.segments;
  if (segs.length !== 1 || segs[0].typeArgs !== null || /^[A-Z]/.test(segs[0].name.name)) return null;
  return segs[0].name;
}

/** The names an item declares (for modules: their members). */
export function collectItemNames(stmt: A.Stmt, out: Set<string>): void {
  switch (stmt.kind) {
    case 'FunctionDecl':
    case 'StructDecl':
    case 'EnumDecl':
    case 'TraitDecl':
    case 'TypeAliasDecl':
    case 'ConstDecl':
    case 'ModuleDecl':
    case 'ActorDecl':
    case 'EffectDecl':
      out.add(stmt.name.name);
      return;
    case 'LetStmt':
      patternNames(stmt.pattern, out);
      return;
    case 'UseDecl':
      useNames(stmt.tree, out);
      return;
    default:
      return;
  }
}

export function patternNames(p: A.Pattern, out: Set<string>): void {
  switch (p.kind) {
    case 'IdentPattern':
      out.add(p.name.name);
      if (p.subpattern !== null) patternNames(p.subpattern, out);
      return;
    case 'TuplePattern':
    case 'ArrayPattern':
    case 'TupleStructPattern':
      for (const e of p.elements) {
        const rest = restBinding(e);
        if (rest !== null) out.add(rest.name);
        else patternNames(e, out);
      }
      return;
    case 'StructPattern':
      for (const f of p.fields) {
        if (f.pattern !== null) patternNames(f.pattern, out);
        else out.add(f.name.name);
      }
      return;
    case 'RefPattern':
      patternNames(p.pattern, out);
      return;
    case 'OrPattern':
      if (p.alternatives[0] !== undefined) patternNames(p.alternatives[0], out);
      return;
    case 'RestPattern':
      if (p.binding !== null) out.add(p.binding.name);
      return;
    default:
      return;
  }
}

function useNames(tree: A.UseTree, out: Set<string>): void {
  if (tree.children !== null) {
    for (const c of tree.children) useNames(c, out);
    return;
  }
  if (tree.glob) return;
  const last = tree.alias ?? tree.path[tree.path.length - 1];
  if (last !== undefined) out.add(last.name);
}
