// What one top-level item declares for the rest of the program: its named declarations
// (functions, types, constants, modules and their members, top-level `let` bindings),
// its `impl` blocks and its imports. Purely syntactic and relative to the item, so it is
// computed once per ItemRecord; globals.ts assembles these into program-wide tables.

import type * as A from '../syntax/ast.js';
import type { SymbolKind } from './api.js';
import { restBinding } from './binder.js';

export interface Decl {
  readonly name: string;
  /** Path inside the file: `add`, `geometry::square`. */
  readonly path: string;
  readonly kind: SymbolKind;
  /** The name, relative to the item. */
  readonly start: number;
  readonly end: number;
  readonly declStart: number;
  readonly declEnd: number;
  /** The declaring node: FunctionDecl, StructDecl, ..., or the IdentPattern of a `let`. */
  readonly node: A.Node;
  readonly pub: boolean;
  readonly doc: string | null;
  readonly mutable: boolean;
  /** Module path (`geometry`) for module members. */
  readonly module: string;
  /** For `let` bindings: the statement. */
  readonly letStmt: A.LetStmt | null;
}

export interface ImplInfo {
  readonly node: A.ImplDecl;
  readonly module: string;
}

export interface ImportEntry {
  readonly keyword: 'use' | 'import' | 'mod';
  /** Path segments (`other`, `f` in `use other::f`). */
  readonly path: readonly A.Identifier[];
  /** The local name (alias, or the last segment); null for globs. */
  readonly local: A.Identifier | null;
  readonly glob: boolean;
  /** `import "./file.ruchy"`. */
  readonly source: string | null;
  /** What a quick fix removes for this import, relative to the item. */
  readonly removeStart: number;
  readonly removeEnd: number;
  readonly module: string;
}

export interface ItemDecls {
  readonly decls: readonly Decl[];
  readonly impls: readonly ImplInfo[];
  readonly imports: readonly ImportEntry[];
}

const EMPTY: ItemDecls = { decls: [], impls: [], imports: [] };

export function declarationsOf(stmt: A.Stmt | null): ItemDecls {
  if (stmt === null) return EMPTY;
  const decls: Decl[] = [];
  const impls: ImplInfo[] = [];
  const imports: ImportEntry[] = [];
  collect(stmt, '', decls, impls, imports);
  if (decls.length === 0 && impls.length === 0 && imports.length === 0) return EMPTY;
  return { decls, impls, imports };
}

function decl(item: Exclude<A.Item, A.ImplDecl | A.UseDecl>, kind: SymbolKind, module: string): Decl {
  const name = item.name.name;
  return {
    name,
    path: module === '' ? name : `${module}::${name}`,
    kind,
    start: item.name.start,
    end: item.name.end,
    declStart: item.start,
    declEnd: item.end,
    node: item,
    pub: item.visibility !== 'private',
    doc: item.doc,
    mutable: false,
    module,
    letStmt: null,
  };
}

function collect(stmt: A.Stmt, module: string, decls: Decl[], impls: ImplInfo[], imports: ImportEntry[]): void {
  // An item whose name is missing (`struct ..`, a syntax error) declares nothing: no symbol has an empty name.
  if (stmt.kind !== 'ImplDecl' && stmt.kind !== 'UseDecl' && 'name' in stmt && (stmt.name as A.Identifier | null)?.name === '') return;
  switch (stmt.kind) {
    case 'FunctionDecl':
      decls.push(decl(stmt, 'function', module));
      return;
    case 'StructDecl':
      decls.push(decl(stmt, 'struct', module));
      return;
    case 'EnumDecl':
      decls.push(decl(stmt, 'enum', module));
      return;
    case 'TraitDecl':
      decls.push(decl(stmt, 'trait', module));
      return;
    case 'TypeAliasDecl':
      decls.push(decl(stmt, 'typeAlias', module));
      return;
    case 'ConstDecl':
      decls.push(decl(stmt, 'constant', module));
      return;
    case 'ActorDecl':
      decls.push(decl(stmt, 'actor', module));
      return;
    case 'EffectDecl':
      decls.push(decl(stmt, 'effect', module));
      return;
    case 'ModuleDecl': {
      if (stmt.body === null) {
        imports.push({
          keyword: 'mod',
          path: [stmt.name],
          local: stmt.name,
          glob: false,
          source: null,
          removeStart: wholeStart(stmt),
          removeEnd: stmt.end,
          module,
        });
        return;
      }
      decls.push(decl(stmt, 'module', module));
      const inner = module === '' ? stmt.name.name : `${module}::${stmt.name.name}`;
      for (const s of stmt.body) collect(s, inner, decls, impls, imports);
      return;
    }
    case 'ImplDecl':
      impls.push({ node: stmt, module });
      return;
    case 'UseDecl':
      collectUse(stmt, module, imports);
      return;
    case 'LetStmt':
      collectLet(stmt, stmt.pattern, module, decls);
      return;
    case 'ExprStmt': {
      // `macro_rules! name { ... }` defines the macro `name!`.
      const e = stmt.expr;
      if (e.kind === 'MacroCall' && e.name.name === 'macro_rules' && e.tokens !== null && e.args[0]?.kind === 'Identifier') {
        const name = e.args[0];
        decls.push({
          name: `${name.name}!`,
          path: module === '' ? `${name.name}!` : `${module}::${name.name}!`,
          kind: 'function',
          start: name.start,
          end: name.end,
          declStart: e.start,
          declEnd: e.end,
          node: e,
          pub: true,
          doc: null,
          mutable: false,
          module,
          letStmt: null,
        });
      }
      return;
    }
    default:
      return;
  }
}

function collectLet(stmt: A.LetStmt, p: A.Pattern, module: string, decls: Decl[]): void {
  switch (p.kind) {
    case 'IdentPattern':
      decls.push({
        name: p.name.name,
        path: module === '' ? p.name.name : `${module}::${p.name.name}`,
        kind: 'variable',
        start: p.name.start,
        end: p.name.end,
        declStart: stmt.start,
        declEnd: stmt.end,
        node: p,
        pub: false,
        doc: null,
        mutable: p.mutable,
        module,
        letStmt: stmt,
      });
      if (p.subpattern !== null) collectLet(stmt, p.subpattern, module, decls);
      return;
    case 'TuplePattern':
    case 'ArrayPattern':
    case 'TupleStructPattern':
      for (const e of p.elements) {
        const rest = restBinding(e);
        if (rest !== null) collectLet(stmt, { kind: 'IdentPattern', name: rest, mutable: false, byRef: false, subpattern: null, start: rest.start, end: rest.end }, module, decls);
        else collectLet(stmt, e, module, decls);
      }
      return;
    case 'StructPattern':
      for (const f of p.fields) {
        if (f.pattern !== null) collectLet(stmt, f.pattern, module, decls);
        else collectLet(stmt, { kind: 'IdentPattern', name: f.name, mutable: false, byRef: false, subpattern: null, start: f.start, end: f.end }, module, decls);
      }
      return;
    case 'RefPattern':
      collectLet(stmt, p.pattern, module, decls);
      return;
    case 'OrPattern':
      if (p.alternatives[0] !== undefined) collectLet(stmt, p.alternatives[0], module, decls);
      return;
    case 'RestPattern':
      if (p.binding !== null) collectLet(stmt, { kind: 'IdentPattern', name: p.binding, mutable: false, byRef: false, subpattern: null, start: p.start, end: p.end }, module, decls);
      return;
    default:
      return;
  }
}

/** Where a statement begins with its attributes (`#[...]`), which removing it removes too. */
function wholeStart(stmt: A.Stmt): number {
  const attributes = (stmt as { attributes?: readonly A.Attribute[] }).attributes;
  return attributes !== undefined && attributes.length > 0 && attributes[0].start < stmt.start ? attributes[0].start : stmt.start;
}

function collectUse(stmt: A.UseDecl, module: string, imports: ImportEntry[]): void {
  if (stmt.source !== null) {
    const stem = stmt.source.value.replace(/^.*\//, '').replace(/\.ruchy$/, '');
    const local = stmt.tree.alias ?? (stmt.tree.path.length > 0 ? stmt.tree.path[stmt.tree.path.length - 1] : null);
    imports.push({
      keyword: 'import',
      path: [],
      local: local ?? { kind: 'Identifier', name: stem, start: stmt.source.start, end: stmt.source.end },
      glob: false,
      source: stmt.source.value,
      removeStart: wholeStart(stmt),
      removeEnd: stmt.end,
      module,
    });
    return;
  }
  const leaves: { path: A.Identifier[]; tree: A.UseTree }[] = [];
  const walk = (tree: A.UseTree, prefix: A.Identifier[]): void => {
    const path = [...prefix, ...tree.path];
    if (tree.children !== null) {
      for (const c of tree.children) walk(c, path);
      return;
    }
    leaves.push({ path, tree });
  };
  walk(stmt.tree, []);
  for (const { path, tree } of leaves) {
    const only = leaves.length === 1;
    imports.push({
      keyword: stmt.keyword,
      path,
      local: tree.glob ? null : (tree.alias ?? path[path.length - 1] ?? null),
      glob: tree.glob,
      source: null,
      removeStart: only ? wholeStart(stmt) : tree.start,
      removeEnd: only ? stmt.end : tree.end,
      module,
    });
  }
}
