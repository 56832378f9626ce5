// The program-wide tables of one ProgramView: every top-level declaration of every file
// with a stable key, the members of every type (fields, variants, methods from struct
// bodies, `impl` blocks and traits), modules (inline and file modules), imports across
// files, and name resolution for the free names the binder left open.
//
// Keys are paths, not positions, so that an edit inside a function does not change the
// identity of anything: `file:///ws/a.ruchy::add`, `file:///ws/a.ruchy::geometry::square`,
// `file:///ws/a.ruchy::Point.x` (members live under their type's key, whichever file
// declares the `impl`). A second top-level `let x` gets `x#2`.
//
// Identity: an item's ItemCore (uri, record, binding, declarations) and the GlobalSymbols it
// declares are made once per ItemRecord and shared by every view the record survives in;
// they hold no absolute offsets (those move with every edit above the item) — ask the env
// (`offsetOf`, `location`). The per-view ItemContext adds the item's index and offset.
//
// Rebuilt for each analysis from the per-item declarations (cached per ItemRecord) and the
// per-file tables (cached per DocumentState); only the cheap assembly is repeated. Given
// the previous view's env, the constructor also works out what changed (`change`): the
// items removed and added, and the names whose resolution may differ; the resolution memo
// of every file is carried over from the previous env except for those names.

import { Codes, format } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import type { DocumentState, ItemRecord } from '../workspace/document.js';
import type { ProgramView } from '../workspace/program.js';
import type { SymbolKind } from './api.js';
import type { Binding } from './binder.js';
import type { Decl, ImportEntry, ItemDecls } from './declarations.js';
import { BUILTIN_CONSTANTS, BUILTIN_NAMESPACES, BUILTIN_TYPE_DOCS, builtinFunctions, builtinMacros, PRELUDE_VARIANTS } from './prelude.js';
import { suggest } from '../diagnostics/suggest.js';
import { walk } from '../syntax/walk.js';

/** One item of one file, independent of where it is: shared by every view its record survives in. */
export interface ItemCore {
  readonly uri: string;
  readonly record: ItemRecord;
  readonly binding: Binding;
  readonly decls: ItemDecls;
  /** A top-level `let` or expression statement: names of top-level lets resolve in file order. */
  readonly isStatement: boolean;
}

/** One item of one file in this view. Compare items by `record`, not by object. */
export interface ItemContext extends ItemCore {
  /** Index of the item in its file at this view. */
  readonly index: number;
  /** Absolute offset of the item's region. */
  readonly offset: number;
  readonly core: ItemCore;
}

/** What changed since the previous env: see ProgramEnv.change. */
export interface EnvChange {
  /** Items of the previous view that are gone (their records are not in this view). */
  readonly removed: readonly ItemContext[];
  /** Items of this view that were not in the previous one. */
  readonly added: readonly ItemContext[];
  /** Simple names whose resolution may differ from the previous env. */
  readonly touched: ReadonlySet<string>;
}

export interface GlobalSymbol {
  readonly key: string;
  readonly name: string;
  readonly kind: SymbolKind;
  readonly item: ItemCore;
  /** The declaring name, relative to the item (start === end for synthetic ones). */
  readonly start: number;
  readonly end: number;
  readonly declStart: number;
  readonly declEnd: number;
  readonly node: A.Node | null;
  /** Name of the enclosing type or module. */
  readonly container: string | null;
  /** Key of the type that owns this member. */
  readonly ownerKey: string | null;
  readonly pub: boolean;
  readonly doc: string | null;
  readonly mutable: boolean;
  readonly letStmt: A.LetStmt | null;
  readonly importEntry: ImportEntry | null;
}

export type TypeKind = 'struct' | 'enum' | 'trait' | 'actor' | 'effect' | 'typeAlias';

export interface TypeInfo {
  readonly key: string;
  readonly kind: TypeKind;
  readonly symbol: GlobalSymbol | null;
  readonly name: string;
  readonly members: Map<string, GlobalSymbol>;
  /** Keys of traits implemented by `impl Trait for ThisType`. */
  readonly traits: string[];
}

export type Target =
  | { readonly t: 'sym'; readonly sym: GlobalSymbol }
  | { readonly t: 'module'; readonly key: string; readonly name: string; readonly sym: GlobalSymbol | null }
  | { readonly t: 'builtin'; readonly name: string; readonly cat: 'function' | 'macro' | 'constant' | 'type' | 'namespace' | 'variant' }
  | { readonly t: 'external'; readonly name: string };

export interface Resolution {
  readonly target: Target;
  /** The import the name went through, if any. */
  readonly via: GlobalSymbol | null;
}

export function targetKey(target: Target | null): string {
  if (target === null) return '';
  switch (target.t) {
    case 'sym':
      return target.sym.key;
    case 'module':
      return `module:${target.key}`;
    case 'builtin':
      return `builtin:${target.cat}:${target.name}`;
    case 'external':
      return `external:${target.name}`;
  }
}

interface FileTable {
  readonly uri: string;
  readonly doc: DocumentState;
  readonly items: ItemContext[];
  /** Items and module members by path (first declaration wins). */
  readonly hoisted: Map<string, GlobalSymbol>;
  /** Top-level and module `let` bindings by path, in file order. */
  readonly lets: Map<string, GlobalSymbol[]>;
  readonly imports: Map<string, { sym: GlobalSymbol; target: Target | null }>;
  readonly globs: { module: string; target: Target }[];
  readonly diagnostics: Diagnostic[];
  /** `Import` symbols, for unused-import lint and queries. */
  readonly importSymbols: GlobalSymbol[];
  /** References from `use` statements to what they import: [item, start, end, key]. */
  readonly importRefs: { item: ItemContext; start: number; end: number; target: Target }[];
  /** Resolutions already computed in this file. */
  readonly memo: ResolutionMemo;
  readonly ownMembers: FileBase['ownMembers'];
  /** Index of each item of this view by record. */
  readonly indexOf: ReadonlyMap<ItemRecord, number>;
  /** The file's items, module members and lets by key (a later `let` over an item of the same path). */
  readonly byKey: ReadonlyMap<string, GlobalSymbol>;
  /** Lazily: the names visible at top level, and their fingerprint. */
  names: { list: string[]; fingerprint: string } | null;
}

export interface StaticItem {
  readonly binding: Binding;
  readonly decls: ItemDecls;
}

const FILE_MODULE_SUFFIX = '::';

/** What one version of one file declares: independent of other files, so kept per DocumentState. */
interface FileBase {
  readonly items: ItemContext[];
  readonly indexOf: Map<ItemRecord, number>;
  readonly byKey: Map<string, GlobalSymbol>;
  readonly hoisted: Map<string, GlobalSymbol>;
  readonly lets: Map<string, GlobalSymbol[]>;
  readonly diagnostics: Diagnostic[];
  /** Members declared by the types of this file (fields, variants, body methods...), per type key. */
  readonly ownMembers: Map<string, { kind: TypeKind; members: GlobalSymbol[] }>;
  /** Lazily: the free names some item of the file assigns. */
  written: Set<string> | null;
  /** Lazily: what items of the file push onto free names, by name (see pushesOf). */
  pushes: Map<string, string> | null;
  /** Lazily: the items with imports, and those with `impl` blocks. */
  withDecls: { imports: ItemContext[]; impls: ItemContext[] } | null;
}

/** The items of a file version that import something, and those that have `impl` blocks. */
function withDecls(doc: DocumentState): { imports: ItemContext[]; impls: ItemContext[] } {
  const base = fileBases.get(doc)!;
  if (base.withDecls === null) {
    base.withDecls = { imports: base.items.filter((i) => i.decls.imports.length > 0), impls: base.items.filter((i) => i.decls.impls.length > 0) };
  }
  return base.withDecls;
}

const fileBases = new WeakMap<DocumentState, FileBase>();

/** Per ItemRecord: its core and every symbol made for it (by a key naming how it was made). */
interface CoreEntry {
  readonly core: ItemCore;
  readonly symbols: Map<string, GlobalSymbol>;
  /** Simple names this item declares or imports (for EnvChange.touched). */
  names: string[] | null;
  /** See declarationSignature. */
  signature: string | null;
  /** Lazily: what the item pushes onto free names (see pushesOf). */
  pushes: ReadonlyMap<string, ReadonlySet<string>> | null;
}

const cores = new WeakMap<ItemRecord, CoreEntry>();

function coreEntry(uri: string, record: ItemRecord, staticOf: (record: ItemRecord) => StaticItem): CoreEntry {
  let e = cores.get(record);
  if (e === undefined || e.core.uri !== uri) {
    const s = staticOf(record);
    const stmt = record.stmt;
    const core: ItemCore = { uri, record, binding: s.binding, decls: s.decls, isStatement: stmt !== null && (stmt.kind === 'LetStmt' || stmt.kind === 'ExprStmt') };
    e = { core, symbols: new Map(), names: null, signature: null, pushes: null };
    if (!cores.has(record)) cores.set(record, e);
  }
  return e;
}

/** The symbol made for `item` under `id`, made once (symbols are shared across views). */
function cachedSymbol(item: ItemCore, id: string, make: () => GlobalSymbol): GlobalSymbol {
  const e = cores.get(item.record);
  if (e === undefined || e.core !== item) return make();
  let sym = e.symbols.get(id);
  if (sym === undefined) e.symbols.set(id, (sym = make()));
  return sym;
}

/** Simple names an item declares (items, module members, type members, impl members) or imports. */
export function namesDeclaredBy(item: ItemCore): readonly string[] {
  const e = cores.get(item.record);
  if (e !== undefined && e.core.uri === item.uri && e.names !== null) return e.names;
  const names = new Set<string>();
  for (const d of item.decls.decls) {
    names.add(d.name);
    for (const segment of d.path.split('::')) names.add(segment);
    const node = d.node as A.Stmt;
    switch (node.kind) {
      case 'StructDecl':
        for (const f of node.fields) names.add(f.name.name);
        node.tupleFields.forEach((_t, i) => names.add(String(i)));
        for (const m of node.methods) names.add(m.name.name);
        break;
      case 'EnumDecl':
        for (const v of node.variants) names.add(v.name.name);
        break;
      case 'TraitDecl':
        for (const m of node.members) if (m.kind === 'FunctionDecl' || m.kind === 'ConstDecl') names.add(m.name.name);
        break;
      case 'ActorDecl':
        for (const f of node.fields) names.add(f.name.name);
        for (const h of node.handlers) names.add(h.message.name);
        for (const m of node.methods) names.add(m.name.name);
        break;
      case 'EffectDecl':
        for (const op of node.operations) names.add(op.name.name);
        break;
      default:
        break;
    }
  }
  for (const impl of item.decls.impls) {
    for (const m of impl.node.members) if (m.kind === 'FunctionDecl' || m.kind === 'ConstDecl') names.add(m.name.name);
  }
  for (const entry of item.decls.imports) {
    if (entry.local !== null) names.add(entry.local.name);
    for (const p of entry.path) names.add(p.name);
  }
  const list = [...names];
  if (e !== undefined && e.core.uri === item.uri) e.names = list;
  return list;
}

const symTargets = new WeakMap<GlobalSymbol, Target>();

/**
 * Resolutions of one file's free names for one env, layered over the previous env's memo:
 * entries of the parent are valid here unless their name is masked (its resolution may
 * have changed). Chains are flattened after a few levels, so old envs are not kept alive.
 */
export class ResolutionMemo {
  private readonly own = new Map<string, Resolution | null>();

  private constructor(
    private parent: ResolutionMemo | null,
    private mask: ReadonlySet<string> | null,
    private depth: number,
  ) {}

  static empty(): ResolutionMemo {
    return new ResolutionMemo(null, null, 0);
  }

  /** A memo for the next env, where the names in `mask` may resolve differently. */
  derive(mask: ReadonlySet<string>): ResolutionMemo {
    if (this.depth < 6) return new ResolutionMemo(this, mask.size > 0 ? mask : null, this.depth + 1);
    const flat = ResolutionMemo.empty();
    this.collect(flat.own);
    for (const key of [...flat.own.keys()]) if (masked(mask, key)) flat.own.delete(key);
    return flat;
  }

  get(key: string): Resolution | null | undefined {
    const v = this.own.get(key);
    if (v !== undefined || this.parent === null) return v;
    if (this.mask !== null && masked(this.mask, key)) return undefined;
    const inherited = this.parent.get(key);
    if (inherited !== undefined) this.own.set(key, inherited);
    return inherited;
  }

  set(key: string, value: Resolution | null): void {
    this.own.set(key, value);
  }

  private collect(into: Map<string, Resolution | null>): void {
    if (this.parent !== null) {
      this.parent.collect(into);
      if (this.mask !== null) for (const key of [...into.keys()]) if (masked(this.mask, key)) into.delete(key);
    }
    for (const [k, v] of this.own) into.set(k, v);
  }
}

/** Whether a memo key (`name`, `m::name` or `<item id>\0name`) mentions a masked name. */
function masked(mask: ReadonlySet<string>, key: string): boolean {
  const name = key.charCodeAt(0) <= 57 && key.includes('\u0000') ? key.slice(key.indexOf('\u0000') + 1) : key;
  if (mask.has(name)) return true;
  if (!name.includes('::')) return name.endsWith('!') && mask.has(name.slice(0, -1));
  for (const segment of name.split('::')) if (mask.has(segment) || mask.has(segment.replace(/!$/, ''))) return true;
  return false;
}

/**
 * The global symbols of an env by key: those of each file (its items, module members and
 * lets, kept per document version) and those the env adds (members of types, imports).
 * Iteration is file by file, then the added ones, in the order they were added.
 */
export class SymbolTable {
  private readonly added = new Map<string, GlobalSymbol>();

  constructor(private readonly files: ReadonlyMap<string, { readonly byKey: ReadonlyMap<string, GlobalSymbol> }>) {}

  get(key: string): GlobalSymbol | undefined {
    const sep = key.indexOf('::');
    if (sep > 0) {
      const sym = this.files.get(key.slice(0, sep))?.byKey.get(key);
      if (sym !== undefined) return sym;
    }
    return this.added.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Adds a member or import symbol. */
  set(key: string, sym: GlobalSymbol): void {
    this.added.set(key, sym);
  }

  *values(): IterableIterator<GlobalSymbol> {
    for (const file of this.files.values()) yield* file.byKey.values();
    yield* this.added.values();
  }

  *keys(): IterableIterator<string> {
    for (const file of this.files.values()) yield* file.byKey.keys();
    yield* this.added.keys();
  }
}

export class ProgramEnv {
  readonly files = new Map<string, FileTable>();
  readonly symbols: SymbolTable;
  readonly types = new Map<string, TypeInfo>();
  /** Members (fields, methods, variants) by name, for receivers of unknown type and the dependency graph. */
  readonly membersByName = new Map<string, GlobalSymbol[]>();
  /** Every item, in file and offset order. */
  readonly items: ItemContext[] = [];
  /**
   * What changed since `previous` (the env of the previous analysis), or null when there is
   * no previous env or the set of files changed (then everything is checked again).
   */
  readonly change: EnvChange | null = null;
  private readonly root: string;

  constructor(readonly view: ProgramView, staticOf: (record: ItemRecord) => StaticItem, previous: ProgramEnv | null = null) {
    this.symbols = new SymbolTable(this.files);
    const uris = [...view.files.keys()].sort();
    this.root = commonDirectory(uris);
    const comparable = previous !== null && previous.root === this.root && previous.files.size === uris.length && uris.every((u) => previous.files.has(u));
    const removed: ItemContext[] = [];
    const added: ItemContext[] = [];
    const touched = new Set<string>();
    for (const uri of uris) {
      const doc = view.files.get(uri)!;
      const before = comparable ? previous.files.get(uri)! : null;
      const base = this.addFile(uri, doc, staticOf, before);
      if (before !== null && before.doc !== doc) {
        for (const item of before.items) if (!base.indexOf.has(item.record)) removed.push(item);
        for (const item of base.items) if (!before.indexOf.has(item.record)) added.push(item);
      }
    }
    for (const item of removed) for (const n of namesDeclaredBy(item)) touched.add(n);
    for (const item of added) for (const n of namesDeclaredBy(item)) touched.add(n);
    for (const file of this.files.values()) this.collectTypes(file);
    for (const file of this.files.values()) this.resolveImports(file);
    for (const file of this.files.values()) this.collectImpls(file);
    if (comparable) {
      // Imports whose target moved (a renamed or replaced declaration elsewhere) change
      // what their local names mean; a changed glob can change any name.
      let all = false;
      for (const file of this.files.values()) {
        const old = previous.files.get(file.uri)!;
        for (const [path, imp] of file.imports) {
          const o = old.imports.get(path);
          if (o === undefined || !sameTarget(o.target, imp.target)) touched.add(imp.sym.name);
        }
        for (const [path, o] of old.imports) if (!file.imports.has(path)) touched.add(o.sym.name);
        if (file.globs.length !== old.globs.length || file.globs.some((g, i) => g.module !== old.globs[i].module || !sameTarget(g.target, old.globs[i].target))) all = true;
      }
      if (!all) {
        for (const file of this.files.values()) (file as { memo: ResolutionMemo }).memo = previous.files.get(file.uri)!.memo.derive(touched);
        this.change = { removed, added, touched };
      }
    }
  }

  // ---------------------------------------------------------------- building

  private addFile(uri: string, doc: DocumentState, staticOf: (record: ItemRecord) => StaticItem, before: FileTable | null): FileBase {
    let base = fileBases.get(doc);
    if (base === undefined) {
      const previous = before !== null ? fileBases.get(before.doc) ?? null : null;
      base = (previous !== null ? deriveFileBase(uri, doc, staticOf, previous) : null) ?? buildFileBase(uri, doc, staticOf, previous);
      fileBases.set(doc, base);
    }
    const file: FileTable = {
      uri,
      doc,
      items: base.items,
      hoisted: base.hoisted,
      lets: base.lets,
      imports: new Map(),
      globs: [],
      diagnostics: [...base.diagnostics],
      importSymbols: [],
      importRefs: [],
      memo: ResolutionMemo.empty(),
      ownMembers: base.ownMembers,
      indexOf: base.indexOf,
      byKey: base.byKey,
      names: null,
    };
    this.files.set(uri, file);
    for (const item of base.items) this.items.push(item);
    return base;
  }

  private addMember(info: TypeInfo, sym: GlobalSymbol, file: FileTable): void {
    const existing = info.members.get(sym.name);
    if (existing !== undefined) {
      // Duplicates inside one declaration are the binder's; across impl blocks, ours.
      if (existing.item === sym.item && existing.node !== null && sym.node !== null && existing.node.kind !== 'FunctionDecl') return;
      if (existing.item === sym.item && sym.node?.kind === 'FunctionDecl' && sameOwnerDecl(existing, sym)) return;
      const offset = this.offsetOf(sym.item);
      file.diagnostics.push(diag(Codes.DuplicateDefinition, offset + sym.start, offset + sym.end, { name: sym.name }, { name: sym.name }));
      return;
    }
    info.members.set(sym.name, sym);
    this.symbols.set(sym.key, sym);
    let list = this.membersByName.get(sym.name);
    if (list === undefined) this.membersByName.set(sym.name, (list = []));
    list.push(sym);
  }

  private collectTypes(file: FileTable): void {
    for (const [key, own] of file.ownMembers) {
      const sym = this.symbols.get(key);
      if (sym === undefined) continue;
      const info = this.newType(sym, own.kind);
      for (const m of own.members) this.addMember(info, m, file);
    }
  }

  private newType(sym: GlobalSymbol, kind: TypeKind): TypeInfo {
    const info: TypeInfo = { key: sym.key, kind, symbol: sym, name: sym.name, members: new Map(), traits: [] };
    this.types.set(sym.key, info);
    return info;
  }

  /** The type info of a builtin type (created when an `impl` extends it). */
  private builtinType(name: string): TypeInfo {
    const key = `builtin:${name}`;
    let info = this.types.get(key);
    if (info === undefined) {
      info = { key, kind: 'struct', symbol: null, name, members: new Map(), traits: [] };
      this.types.set(key, info);
    }
    return info;
  }

  private collectImpls(file: FileTable): void {
    for (const item of withDecls(file.doc).impls) {
      for (const impl of item.decls.impls) {
        const target = this.resolveTypeNode(item, impl.node.selfType);
        if (target === null) continue;
        const info = target;
        if (impl.node.trait !== null) {
          const trait = this.resolveTypeNode(item, impl.node.trait);
          if (trait !== null && trait.kind === 'trait' && !info.traits.includes(trait.key)) info.traits.push(trait.key);
        }
        for (const m of impl.node.members) {
          if (m.kind === 'FunctionDecl') this.addMember(info, memberSymbol(info.key, info.name, item.core, m.name, 'method', m, m.doc, m.visibility !== 'private'), file);
          else if (m.kind === 'ConstDecl') this.addMember(info, memberSymbol(info.key, info.name, item.core, m.name, 'constant', m, m.doc, true), file);
        }
      }
    }
  }

  /** The type a type annotation of `item` names (user types and builtin types), or null. */
  resolveTypeNode(item: ItemCore, node: A.TypeNode): TypeInfo | null {
    let t: A.TypeNode = node;
    while (t.kind === 'RefType') t = t.target;
    if (t.kind !== 'NamedType' || t.path.length === 0) return null;
    const first = t.path[0];
    const res = this.resolveRef(item, first.start);
    let target = res?.target ?? null;
    if (target === null) {
      if (BUILTIN_TYPE_DOCS.has(first.name) && t.path.length === 1) return this.builtinType(first.name);
      return null;
    }
    for (let i = 1; i < t.path.length && target !== null; i++) target = this.memberTarget(target, t.path[i].name);
    if (target === null) return null;
    if (target.t === 'sym') return this.types.get(target.sym.key) ?? null;
    if (target.t === 'builtin' && target.cat === 'type') return this.builtinType(target.name);
    return null;
  }

  /**
   * The keys an item declares in this env (its globals, their members, the members its
   * `impl` blocks add and the types they extend), with `members:<name>` for each member
   * name: what may have a new fingerprint when the item changes.
   */
  keysDeclaredBy(item: ItemCore): string[] {
    const out: string[] = [];
    const file = this.files.get(item.uri);
    if (file === undefined) return out;
    for (const d of item.decls.decls) {
      if (d.kind === 'variable') {
        for (const sym of letsOfItem(file.lets.get(d.path), item.record)) out.push(sym.key);
        continue;
      }
      const sym = file.hoisted.get(d.path);
      const key = `${item.uri}::${d.path}`;
      out.push(key);
      const info = this.types.get(key);
      if (sym !== undefined && info !== undefined) {
        for (const m of info.members.values()) {
          if (m.item.record === item.record) out.push(m.key);
          out.push(`members:${m.name}`);
        }
      }
    }
    for (const impl of item.decls.impls) {
      const info = this.resolveTypeNode(item, impl.node.selfType);
      if (info === null) continue;
      out.push(info.key);
      for (const m of impl.node.members) {
        if (m.kind !== 'FunctionDecl' && m.kind !== 'ConstDecl') continue;
        out.push(`${info.key}.${m.name.name}`, `members:${m.name.name}`);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- imports

  private resolveImports(file: FileTable): void {
    for (const item of withDecls(file.doc).imports) {
      for (const entry of item.decls.imports) {
        let target: Target | null;
        if (entry.source !== null) {
          target = this.fileModuleBySource(file.uri, entry.source);
          if (target === null) file.diagnostics.push(diag(Codes.UnknownModule, item.offset + entry.removeStart, item.offset + entry.removeEnd, { name: entry.source }));
        } else {
          target = this.resolveImportPath(file, item, entry);
        }
        if (entry.glob) {
          if (target !== null) file.globs.push({ module: entry.module, target });
          continue;
        }
        const local = entry.local;
        if (local === null) continue;
        const key = `${file.uri}::import:${entry.module === '' ? '' : `${entry.module}::`}${local.name}`;
        const sym = cachedSymbol(item.core, `import:${key}:${local.start}`, () => ({
          key,
          name: local.name,
          kind: 'import',
          item: item.core,
          start: local.start,
          end: local.end,
          declStart: entry.removeStart,
          declEnd: entry.removeEnd,
          node: null,
          container: entry.module === '' ? null : entry.module,
          ownerKey: null,
          pub: false,
          doc: null,
          mutable: false,
          letStmt: null,
          importEntry: entry,
        }));
        const path = entry.module === '' ? local.name : `${entry.module}::${local.name}`;
        if (file.imports.has(path) || file.hoisted.has(path)) {
          file.diagnostics.push(diag(Codes.DuplicateDefinition, item.offset + local.start, item.offset + local.end, { name: local.name }, { name: local.name }));
          continue;
        }
        file.imports.set(path, { sym, target });
        file.importSymbols.push(sym);
        this.symbols.set(sym.key, sym);
      }
    }
  }

  private resolveImportPath(file: FileTable, item: ItemContext, entry: ImportEntry): Target | null {
    const path = entry.path;
    if (path.length === 0) return null;
    const first = path[0];
    let target: Target | null;
    let index = 1;
    if (first.name === 'crate' || first.name === 'self' || first.name === 'super') {
      target = { t: 'module', key: file.uri + FILE_MODULE_SUFFIX, name: first.name, sym: null };
    } else {
      target = this.moduleRoot(file, first.name, entry.module);
      if (target === null) {
        if (BUILTIN_NAMESPACES.has(first.name) || BUILTIN_TYPE_DOCS.has(first.name)) {
          // std::collections::HashMap and friends: the last name, if it is a builtin, means that builtin.
          const last = path[path.length - 1].name;
          const builtin = builtinByName(last);
          const t: Target = builtin ?? { t: 'external', name: last };
          file.importRefs.push({ item, start: path[path.length - 1].start, end: path[path.length - 1].end, target: t });
          return t;
        }
        if (entry.keyword !== 'mod' && path.length === 1) {
          // `use f` / `import f` of a name in the same file is pointless but harmless.
          const own = file.hoisted.get(first.name);
          if (own !== undefined) return { t: 'sym', sym: own };
        }
        file.diagnostics.push(diag(Codes.UnknownModule, item.offset + first.start, item.offset + first.end, { name: first.name }));
        return { t: 'external', name: path[path.length - 1].name };
      }
    }
    if (target.t === 'module' || target.t === 'sym') file.importRefs.push({ item, start: first.start, end: first.end, target });
    for (; index < path.length; index++) {
      const seg = path[index];
      const next = this.memberTarget(target, seg.name);
      if (next === null) {
        const candidates = this.memberNamesOf(target);
        const hint = suggest(seg.name, candidates);
        file.diagnostics.push(
          diag(Codes.UnresolvedImport, item.offset + seg.start, item.offset + seg.end, { name: seg.name, module: path.slice(0, index).map((p) => p.name).join('::'), hint: hint === null ? '' : `; did you mean \`${hint}\`?` }, { name: seg.name, ...(hint !== null ? { suggestion: hint } : {}) }),
        );
        return { t: 'external', name: path[path.length - 1].name };
      }
      target = next;
      file.importRefs.push({ item, start: seg.start, end: seg.end, target });
    }
    return target;
  }

  /** The module (or type) a path starts with: an inline module of this file, or another file of the workspace. */
  private moduleRoot(file: FileTable, name: string, inModule: string): Target | null {
    const inline = file.hoisted.get(inModule === '' ? name : `${inModule}::${name}`) ?? file.hoisted.get(name);
    if (inline !== undefined) {
      if (inline.kind === 'module') return { t: 'module', key: inline.key, name, sym: inline };
      return { t: 'sym', sym: inline };
    }
    const other = this.findFileModule(file.uri, name);
    if (other !== null) return { t: 'module', key: other + FILE_MODULE_SUFFIX, name, sym: null };
    return null;
  }

  private findFileModule(fromUri: string, name: string): string | null {
    const dir = fromUri.slice(0, fromUri.lastIndexOf('/') + 1);
    for (const candidate of [`${dir}${name}.ruchy`, `${this.root}${name}.ruchy`, `${dir}${name}/mod.ruchy`, `${this.root}${name}/mod.ruchy`]) {
      if (candidate !== fromUri && this.files.has(candidate)) return candidate;
    }
    return null;
  }

  private fileModuleBySource(fromUri: string, source: string): Target | null {
    const dir = fromUri.slice(0, fromUri.lastIndexOf('/') + 1);
    let rel = source.replace(/^\.\//, '');
    if (!rel.endsWith('.ruchy')) rel += '.ruchy';
    const candidates = [dir + rel, this.root + rel];
    for (const c of candidates) {
      if (this.files.has(c)) return { t: 'module', key: c + FILE_MODULE_SUFFIX, name: rel.replace(/^.*\//, '').replace(/\.ruchy$/, ''), sym: null };
    }
    return null;
  }

  // ---------------------------------------------------------------- resolution

  /** The resolution of the binder reference at `start` in `item` (a free name), or null. */
  resolveRef(item: ItemCore, start: number): Resolution | null {
    const b = item.binding;
    const i = findRef(b.refStart, start);
    if (i < 0) return null;
    const target = b.refTarget[i];
    if (target >= 0) return null;
    return this.resolveName(item, b.freeNames[-target - 1]);
  }

  /**
   * Resolves a free name of `item` (possibly module-qualified: `m::f`). Memoised per file:
   * inside functions a name means the same everywhere; in top-level statements it depends
   * on the statement's position (the `let`s above it).
   */
  resolveName(item: ItemCore, name: string): Resolution | null {
    const file = this.files.get(item.uri);
    if (file === undefined) return null;
    const memoKey = item.isStatement && file.lets.has(name) ? `${item.record.id}\u0000${name}` : name;
    const memo = file.memo.get(memoKey);
    if (memo !== undefined) return memo;
    const res = this.resolveUncached(file, item, name);
    file.memo.set(memoKey, res);
    return res;
  }

  private resolveUncached(file: FileTable, item: ItemCore, name: string): Resolution | null {
    if (name.endsWith('!')) {
      const own = file.hoisted.get(name);
      if (own !== undefined) return { target: { t: 'sym', sym: own }, via: null };
      for (const other of this.files.values()) {
        const sym = other.hoisted.get(name);
        if (sym !== undefined) return { target: { t: 'sym', sym }, via: null };
      }
      const macro = builtinMacros().get(name.slice(0, -1));
      return macro !== undefined ? { target: { t: 'builtin', name: name.slice(0, -1), cat: 'macro' }, via: null } : null;
    }
    const sep = name.lastIndexOf('::');
    const module = sep < 0 ? '' : name.slice(0, sep);
    const simple = sep < 0 ? name : name.slice(sep + 2);

    // Top-level statements see the `let`s above them; functions see the last one of the file.
    const lets = file.lets.get(name);
    let letSym: GlobalSymbol | null = null;
    if (lets !== undefined) {
      if (item.isStatement && module === '') {
        const index = file.indexOf.get(item.record) ?? -1;
        for (let i = lets.length - 1; i >= 0; i--) {
          if ((file.indexOf.get(lets[i].item.record) ?? -1) < index) {
            letSym = lets[i];
            break;
          }
        }
      } else letSym = lets[lets.length - 1];
    }
    if (letSym !== null && item.isStatement) return { target: this.symTarget(letSym), via: null };
    const hoisted = file.hoisted.get(name);
    if (hoisted !== undefined) return { target: this.symTarget(hoisted), via: null };
    if (letSym !== null) return { target: this.symTarget(letSym), via: null };
    if (lets !== undefined && item.isStatement) return null;

    const imported = file.imports.get(name) ?? (module !== '' ? file.imports.get(simple) : undefined);
    if (imported !== undefined) {
      if (imported.target === null) return null;
      return { target: imported.target, via: imported.sym };
    }
    for (const glob of file.globs) {
      if (glob.module !== module && glob.module !== '') continue;
      const t = this.memberTarget(glob.target, simple);
      if (t !== null) return { target: t, via: null };
    }
    if (module !== '') return this.resolveName(item, simple);
    const builtin = builtinByName(simple);
    if (builtin !== null && !(builtin.t === 'builtin' && builtin.cat === 'namespace')) return { target: builtin, via: null };
    // A sibling file module, found as `use util::...` would find it: `util::triple(2)`
    // needs no `use` (a file module wins over a builtin namespace of the same name).
    const other = this.findFileModule(file.uri, simple);
    if (other !== null) return { target: { t: 'module', key: other + FILE_MODULE_SUFFIX, name: simple, sym: null }, via: null };
    if (builtin !== null) return { target: builtin, via: null };
    return null;
  }

  /**
   * What the items of a file push onto a free name (`name.push(value)`): the kinds of the
   * literals pushed, sorted and joined (`int`, `int,str`), with `?` for a value that is not
   * a literal or another way of adding elements; '' when nothing is. Consulted as
   * `pushes:<uri>\0<name>` by a top-level `let name = []`, to guess its element type.
   */
  pushedKinds(uri: string, name: string): string {
    const file = this.files.get(uri);
    if (file === undefined) return '';
    const base = fileBases.get(file.doc)!;
    if (base.pushes === null) {
      const kinds = new Map<string, Set<string>>();
      for (const item of file.items) {
        for (const [n, ks] of pushesOf(item)) {
          let set = kinds.get(n);
          if (set === undefined) kinds.set(n, (set = new Set()));
          for (const k of ks) set.add(k);
        }
      }
      base.pushes = new Map([...kinds].map(([n, ks]) => [n, [...ks].sort().join(',')]));
    }
    return base.pushes.get(name) ?? '';
  }

  /** Whether some item of the file assigns the free name (`x = ...`, `x += ...`). */
  isWritten(uri: string, name: string): boolean {
    const file = this.files.get(uri);
    if (file === undefined) return false;
    const base = fileBases.get(file.doc)!;
    if (base.written === null) {
      const set = new Set<string>();
      for (const item of file.items) for (const n of writtenFreeNames(item.binding)) set.add(n);
      base.written = set;
    }
    return base.written.has(name);
  }

  private importTargets: Set<string> | null = null;

  /** Whether a `use` statement somewhere names this global (then it counts as used). */
  isImportTarget(key: string): boolean {
    if (this.importTargets === null) {
      this.importTargets = new Set();
      for (const file of this.files.values()) for (const ref of file.importRefs) if (ref.target.t === 'sym') this.importTargets.add(ref.target.sym.key);
    }
    return this.importTargets.has(key);
  }

  /** The target naming a symbol (one object per symbol). */
  symTarget(sym: GlobalSymbol): Target {
    let t = symTargets.get(sym);
    if (t === undefined) {
      t = sym.kind === 'module' ? { t: 'module', key: sym.key, name: sym.name, sym } : { t: 'sym', sym };
      symTargets.set(sym, t);
    }
    return t;
  }

  /** A member of a module or type target (`m::f`, `Shape::Circle`, `other::Point`). */
  memberTarget(target: Target, name: string): Target | null {
    switch (target.t) {
      case 'module': {
        if (target.key.endsWith(FILE_MODULE_SUFFIX)) {
          const file = this.files.get(target.key.slice(0, -FILE_MODULE_SUFFIX.length));
          if (file === undefined) return null;
          const sym = file.hoisted.get(name);
          if (sym !== undefined) return sym.kind === 'module' ? { t: 'module', key: sym.key, name, sym } : { t: 'sym', sym };
          const lets = file.lets.get(name);
          if (lets !== undefined) return { t: 'sym', sym: lets[lets.length - 1] };
          const imported = file.imports.get(name);
          if (imported !== undefined && imported.target !== null) return imported.target;
          return null;
        }
        const sym = this.symbols.get(`${target.key}::${name}`);
        if (sym !== undefined) return sym.kind === 'module' ? { t: 'module', key: sym.key, name, sym } : { t: 'sym', sym };
        const file = target.sym !== null ? this.files.get(target.sym.item.uri) : undefined;
        const prefix = target.key.slice(target.key.indexOf('::') + 2);
        const lets = file?.lets.get(`${prefix}::${name}`);
        if (lets !== undefined) return { t: 'sym', sym: lets[lets.length - 1] };
        return null;
      }
      case 'sym': {
        const info = this.types.get(target.sym.key);
        if (info === undefined) return null;
        const m = this.lookupMember(info, name);
        return m === null ? null : { t: 'sym', sym: m };
      }
      case 'builtin':
      case 'external':
        return { t: 'external', name };
    }
  }

  /** The names a module or type target offers (for suggestions). */
  memberNamesOf(target: Target): string[] {
    if (target.t === 'module') {
      if (target.key.endsWith(FILE_MODULE_SUFFIX)) {
        const file = this.files.get(target.key.slice(0, -FILE_MODULE_SUFFIX.length));
        if (file === undefined) return [];
        return [...file.hoisted.keys(), ...file.lets.keys()].filter((k) => !k.includes('::'));
      }
      const prefix = `${target.key}::`;
      const out: string[] = [];
      for (const key of this.symbols.keys()) if (key.startsWith(prefix) && !key.slice(prefix.length).includes('::')) out.push(key.slice(prefix.length));
      return out;
    }
    if (target.t === 'sym') {
      const info = this.types.get(target.sym.key);
      return info === undefined ? [] : this.allMemberNames(info);
    }
    return [];
  }

  /** A member of a type: its own members, then the methods of the traits it implements. */
  lookupMember(info: TypeInfo, name: string): GlobalSymbol | null {
    const own = info.members.get(name);
    if (own !== undefined) return own;
    for (const traitKey of info.traits) {
      const trait = this.types.get(traitKey);
      const m = trait?.members.get(name);
      if (m !== undefined) return m;
    }
    return null;
  }

  allMemberNames(info: TypeInfo): string[] {
    const names = [...info.members.keys()];
    for (const traitKey of info.traits) {
      const trait = this.types.get(traitKey);
      if (trait !== undefined) for (const n of trait.members.keys()) if (!names.includes(n)) names.push(n);
    }
    return names;
  }

  /** The names visible at top level in a file (for suggestions and completion). */
  fileNames(uri: string): string[] {
    return this.namesOf(uri)?.list ?? [];
  }

  /**
   * A fingerprint of every name a file declares at top level or in its modules: consulted
   * (as `names:<uri>`) by what lists those names (suggestions, members of a module).
   */
  namesFingerprint(uri: string): string {
    return this.namesOf(uri)?.fingerprint ?? '';
  }

  private namesOf(uri: string): { list: string[]; fingerprint: string } | null {
    const file = this.files.get(uri);
    if (file === undefined) return null;
    if (file.names === null) {
      const out = new Set<string>();
      for (const k of file.hoisted.keys()) if (!k.includes('::')) out.add(k);
      for (const k of file.lets.keys()) if (!k.includes('::')) out.add(k);
      for (const k of file.imports.keys()) if (!k.includes('::')) out.add(k);
      const all = [...file.hoisted.keys(), '|', ...file.lets.keys(), '|', ...file.imports.keys()];
      file.names = { list: [...out], fingerprint: all.join(',') };
    }
    return file.names;
  }

  file(uri: string): FileTable | undefined {
    return this.files.get(uri);
  }

  itemAt(uri: string, offset: number): ItemContext | null {
    const file = this.files.get(uri);
    if (file === undefined || file.items.length === 0) return null;
    return file.items[file.doc.itemIndexAt(offset)] ?? null;
  }

  /** The item of this view holding a record, or null if the record is not in this view. */
  contextOf(item: ItemCore): ItemContext | null {
    const file = this.files.get(item.uri);
    const index = file?.indexOf.get(item.record);
    return index === undefined ? null : file!.items[index];
  }

  /** Absolute offset of an item's region in this view (0 if the item is not in it). */
  offsetOf(item: ItemCore): number {
    return this.contextOf(item)?.offset ?? 0;
  }

  /** The absolute location of a global symbol's name. */
  location(sym: GlobalSymbol): { uri: string; start: number; end: number } {
    const offset = this.offsetOf(sym.item);
    return { uri: sym.item.uri, start: offset + sym.start, end: offset + sym.end };
  }

  /** The absolute range of a global symbol's whole declaration. */
  declaration(sym: GlobalSymbol): { uri: string; start: number; end: number } {
    const offset = this.offsetOf(sym.item);
    return { uri: sym.item.uri, start: offset + sym.declStart, end: offset + sym.declEnd };
  }
}

/** A copy of a map, in the same order (without the entry arrays `new Map(map)` allocates). */
export function copyMap<K, V>(map: ReadonlyMap<K, V>): Map<K, V> {
  const out = new Map<K, V>();
  map.forEach((v, k) => out.set(k, v));
  return out;
}

/**
 * What an item declares, as a string (kinds, paths, member and imported names): items with
 * equal signatures give the program tables the same names at the same places.
 */
export function declarationSignature(item: ItemCore): string {
  const e = cores.get(item.record);
  if (e !== undefined && e.core.uri === item.uri && e.signature !== null) return e.signature;
  const sig = `${item.decls.decls.map((d) => `${d.kind}:${d.path}`).join(',')}|${namesDeclaredBy(item).join(',')}`;
  if (e !== undefined && e.core.uri === item.uri) e.signature = sig;
  return sig;
}

const ADDS_ELEMENTS = new Set(['insert', 'extend', 'append', 'push_back', 'push_front', 'prepend', 'unshift', 'concat']);

/** Whether an item calls a method on a free name (it may then push onto it). */
export function mutatesFreeNames(b: Binding): boolean {
  for (let i = 0; i < b.refTarget.length; i++) if (b.refTarget[i] < 0 && (b.refFlags[i] & 32) !== 0) return true;
  return false;
}

/** What an item pushes onto free names: name -> kinds of the values (`int`, `str`... or `?`). */
export function pushesOf(item: ItemCore): ReadonlyMap<string, ReadonlySet<string>> {
  const e = cores.get(item.record);
  if (e !== undefined && e.core.uri === item.uri && e.pushes !== null) return e.pushes;
  const out = new Map<string, Set<string>>();
  const b = item.binding;
  const stmt = item.record.stmt;
  if (stmt !== null && mutatesFreeNames(b)) {
    walk(stmt, {
      enter: (node) => {
        if (node.kind !== 'MethodCallExpr' || node.receiver.kind !== 'Identifier') return;
        const method = node.method.name;
        if (method !== 'push' && !ADDS_ELEMENTS.has(method)) return;
        const ref = findRef(b.refStart, node.receiver.start);
        if (ref < 0 || b.refTarget[ref] >= 0) return;
        const name = b.freeNames[-b.refTarget[ref] - 1];
        let kinds = out.get(name);
        if (kinds === undefined) out.set(name, (kinds = new Set()));
        kinds.add(method === 'push' && node.args.length === 1 ? literalKind(node.args[0]) : '?');
      },
    });
  }
  if (e !== undefined && e.core.uri === item.uri) e.pushes = out;
  return out;
}

function literalKind(e: A.Expr): string {
  let x = e;
  if (x.kind === 'UnaryExpr' && x.op === '-') x = x.operand;
  switch (x.kind) {
    case 'IntLiteral':
      return 'int';
    case 'FloatLiteral':
      return 'float';
    case 'StringLiteral':
    case 'FString':
      return x === e ? 'str' : '?';
    case 'BoolLiteral':
      return x === e ? 'bool' : '?';
    case 'CharLiteral':
      return x === e ? 'char' : '?';
    default:
      return '?';
  }
}

/** The free names an item assigns (`x = ...`, `x += ...`). */
export function writtenFreeNames(b: Binding): string[] {
  const out: string[] = [];
  for (let i = 0; i < b.refTarget.length; i++) {
    const t = b.refTarget[i];
    if (t < 0 && (b.refFlags[i] & 2) !== 0) out.push(b.freeNames[-t - 1]);
  }
  return out;
}

/** The key whose fingerprint lists the members of a module target (`names:<uri>`), or null. */
export function moduleNamesKey(target: Target): string | null {
  if (target.t !== 'module') return null;
  const sep = target.key.indexOf('::');
  return sep < 0 ? null : `names:${target.key.slice(0, sep)}`;
}

function sameTarget(a: Target | null, b: Target | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'sym':
      return a.sym === (b as typeof a).sym;
    case 'module':
      return a.key === (b as typeof a).key && a.sym === (b as typeof a).sym && a.name === (b as typeof a).name;
    case 'builtin':
      return a.name === (b as typeof a).name && a.cat === (b as typeof a).cat;
    case 'external':
      return a.name === (b as typeof a).name;
  }
}

/** Two members declared by the same struct body, trait or impl block (the binder reports those). */
function sameOwnerDecl(a: GlobalSymbol, b: GlobalSymbol): boolean {
  const stmt = a.item.record.stmt;
  if (stmt === null) return false;
  const lists: A.Node[][] = [];
  const visit = (s: A.Stmt): void => {
    if (s.kind === 'StructDecl') lists.push(s.methods);
    else if (s.kind === 'ImplDecl' || s.kind === 'TraitDecl') lists.push(s.members);
    else if (s.kind === 'ActorDecl') lists.push(s.methods);
    else if (s.kind === 'ModuleDecl' && s.body !== null) s.body.forEach(visit);
  };
  visit(stmt);
  return lists.some((l) => l.includes(a.node!) && l.includes(b.node!));
}

/** Per list of same-named lets (never changed once published: versions copy it), its symbols by item. */
const letsByRecord = new WeakMap<readonly GlobalSymbol[], Map<ItemRecord, GlobalSymbol[]>>();

/**
 * The lets of `list` (all the top-level lets of one path) declared by the item `record`.
 * Indexed, so that a file with thousands of `let x` is not scanned once per item.
 */
export function letsOfItem(list: readonly GlobalSymbol[] | undefined, record: ItemRecord): readonly GlobalSymbol[] {
  if (list === undefined) return [];
  if (list.length <= 8) return list.filter((sym) => sym.item.record === record);
  let index = letsByRecord.get(list);
  if (index === undefined) {
    index = new Map();
    for (const sym of list) {
      const mine = index.get(sym.item.record);
      if (mine === undefined) index.set(sym.item.record, [sym]);
      else mine.push(sym);
    }
    letsByRecord.set(list, index);
  }
  return index.get(record) ?? [];
}

function makeSymbol(item: ItemCore, d: Decl, key: string): GlobalSymbol {
  return cachedSymbol(item, `decl:${key}:${d.start}`, () => ({
    key,
    name: d.name,
    kind: d.kind,
    item,
    start: d.start,
    end: d.end,
    declStart: d.declStart,
    declEnd: d.declEnd,
    node: d.node,
    container: d.module === '' ? null : d.module,
    ownerKey: null,
    pub: d.pub,
    doc: d.doc,
    mutable: d.mutable,
    letStmt: d.letStmt,
    importEntry: null,
  }));
}

function memberSymbol(ownerKey: string, ownerName: string, item: ItemCore, name: A.Identifier, kind: SymbolKind, node: A.Node, doc: string | null, pub: boolean): GlobalSymbol {
  const key = `${ownerKey}.${name.name}`;
  return cachedSymbol(item, `member:${key}:${node.start}:${kind}`, () => ({
    key,
    name: name.name,
    kind,
    item,
    start: name.start,
    end: name.end,
    declStart: node.start,
    declEnd: node.end,
    node,
    container: ownerName,
    ownerKey,
    pub,
    doc,
    mutable: false,
    letStmt: null,
    importEntry: null,
  }));
}

function declSignature(uri: string, record: ItemRecord, staticOf: (record: ItemRecord) => StaticItem): string {
  return declarationSignature(coreEntry(uri, record, staticOf).core);
}

/**
 * The tables of a new version of a file whose items are where they were and declare the
 * same kinds of things under the same paths (an edit inside items): the previous tables
 * with the changed items' symbols swapped in, so they keep their order. Null when that
 * does not hold (or duplicates were reported: their offsets may have moved).
 */
function deriveFileBase(uri: string, doc: DocumentState, staticOf: (record: ItemRecord) => StaticItem, previous: FileBase): FileBase | null {
  const n = doc.items.length;
  if (previous.items.length !== n || previous.diagnostics.length > 0) return null;
  const changed: number[] = [];
  for (let i = 0; i < n; i++) {
    const record = doc.items[i];
    const before = previous.items[i];
    if (before.record === record) continue;
    if (declSignature(uri, record, staticOf) !== declSignature(uri, before.record, staticOf)) return null;
    changed.push(i);
  }
  const items: ItemContext[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const record = doc.items[i];
    const offset = doc.offsets[i];
    const before = previous.items[i];
    if (before.record === record && before.offset === offset) items[i] = before;
    else {
      const core = before.record === record ? before.core : coreEntry(uri, record, staticOf).core;
      items[i] = { uri, index: i, record, offset, binding: core.binding, decls: core.decls, isStatement: core.isStatement, core };
    }
  }
  const declares = (kind: (d: Decl) => boolean): boolean => changed.some((i) => items[i].decls.decls.some(kind));
  const base: FileBase = {
    items,
    indexOf: changed.length === 0 ? previous.indexOf : copyMap(previous.indexOf),
    byKey: declares(() => true) ? copyMap(previous.byKey) : previous.byKey,
    hoisted: declares((d) => d.kind !== 'variable') ? copyMap(previous.hoisted) : previous.hoisted,
    lets: declares((d) => d.kind === 'variable') ? copyMap(previous.lets) : previous.lets,
    diagnostics: [],
    ownMembers: declares((d) => previous.ownMembers.has(`${uri}::${d.path}`)) ? copyMap(previous.ownMembers) : previous.ownMembers,
    written: null,
    pushes: null,
    withDecls: null,
  };
  for (const i of changed) {
    const old = previous.items[i];
    const item = items[i];
    base.indexOf.delete(old.record);
    base.indexOf.set(item.record, i);
    const oldDecls = old.decls.decls;
    item.decls.decls.forEach((d, k) => {
      const o = oldDecls[k];
      if (d.kind === 'variable') {
        const list = base.lets.get(d.path);
        const at = list?.findIndex((sym) => sym.item.record === old.record && sym.start === o.start) ?? -1;
        if (list === undefined || at < 0) return;
        const copy = list.slice();
        copy[at] = makeSymbol(item.core, d, list[at].key);
        if (base.byKey.get(copy[at].key) === list[at]) base.byKey.set(copy[at].key, copy[at]);
        base.lets.set(d.path, copy);
        return;
      }
      const before = base.hoisted.get(d.path);
      if (before?.item.record !== old.record) return;
      const sym = makeSymbol(item.core, d, `${uri}::${d.path}`);
      base.hoisted.set(d.path, sym);
      if (base.byKey.get(sym.key) === before) base.byKey.set(sym.key, sym);
      const own = base.ownMembers.get(sym.key);
      if (own !== undefined) base.ownMembers.set(sym.key, { kind: own.kind, members: ownMembersOf(sym, item.core) });
    });
  }
  return base;
}

/**
 * The tables of one version of a file. Items keep their ItemContext when they are at the
 * same index and offset as in the previous version; cores and symbols are always shared.
 */
function buildFileBase(uri: string, doc: DocumentState, staticOf: (record: ItemRecord) => StaticItem, previous: FileBase | null): FileBase {
  const base: FileBase = { items: [], indexOf: new Map(), byKey: new Map(), hoisted: new Map(), lets: new Map(), diagnostics: [], ownMembers: new Map(), written: null, pushes: null, withDecls: null };
  const letCounts = new Map<string, number>();
  doc.items.forEach((record, index) => {
    const offset = doc.offsets[index];
    const before = previous?.items[index];
    let ctx: ItemContext;
    if (before !== undefined && before.record === record && before.offset === offset && before.uri === uri) ctx = before;
    else {
      const core = coreEntry(uri, record, staticOf).core;
      ctx = { uri, index, record, offset, binding: core.binding, decls: core.decls, isStatement: core.isStatement, core };
    }
    base.items.push(ctx);
    base.indexOf.set(record, index);
    for (const d of ctx.decls.decls) {
      if (d.kind === 'variable') {
        const count = (letCounts.get(d.path) ?? 0) + 1;
        letCounts.set(d.path, count);
        const sym = makeSymbol(ctx.core, d, `${uri}::${d.path}${count > 1 ? `#${count}` : ''}`);
        let list = base.lets.get(d.path);
        if (list === undefined) base.lets.set(d.path, (list = []));
        list.push(sym);
        continue;
      }
      if (base.hoisted.has(d.path)) {
        base.diagnostics.push(diag(Codes.DuplicateDefinition, offset + d.start, offset + d.end, { name: d.name }, { name: d.name }));
        continue;
      }
      base.hoisted.set(d.path, makeSymbol(ctx.core, d, `${uri}::${d.path}`));
    }
  });
  for (const sym of base.hoisted.values()) base.byKey.set(sym.key, sym);
  for (const list of base.lets.values()) for (const sym of list) base.byKey.set(sym.key, sym);
  for (const sym of base.hoisted.values()) {
    const node = sym.node;
    if (node === null) continue;
    const item = sym.item;
    let kind: TypeKind;
    switch (node.kind) {
      case 'StructDecl':
        kind = 'struct';
        break;
      case 'EnumDecl':
        kind = 'enum';
        break;
      case 'TraitDecl':
        kind = 'trait';
        break;
      case 'ActorDecl':
        kind = 'actor';
        break;
      case 'EffectDecl':
        kind = 'effect';
        break;
      case 'TypeAliasDecl':
        kind = 'typeAlias';
        break;
      default:
        continue;
    }
    base.ownMembers.set(sym.key, { kind, members: ownMembersOf(sym, item) });
  }
  return base;
}

/** The members a type declaration declares itself (fields, variants, body methods...). */
function ownMembersOf(sym: GlobalSymbol, item: ItemCore): GlobalSymbol[] {
  const members: GlobalSymbol[] = [];
  const add = (name: A.Identifier, kind: SymbolKind, n: A.Node, docText: string | null, pub: boolean): void => {
    members.push(memberSymbol(sym.key, sym.name, item, name, kind, n, docText, pub));
  };
  const node = sym.node!;
  switch (node.kind) {
    case 'StructDecl': {
      const st = node as A.StructDecl;
      for (const f of st.fields) add(f.name, 'field', f, f.doc, f.visibility !== 'private');
      st.tupleFields.forEach((t, i) => add({ kind: 'Identifier', name: String(i), start: t.start, end: t.start }, 'field', t, null, true));
      for (const m of st.methods) add(m.name, 'method', m, m.doc, m.visibility !== 'private');
      break;
    }
    case 'EnumDecl':
      for (const v of (node as A.EnumDecl).variants) add(v.name, 'variant', v, v.doc, true);
      break;
    case 'TraitDecl':
      for (const m of (node as A.TraitDecl).members) {
        if (m.kind === 'FunctionDecl') add(m.name, 'method', m, m.doc, true);
        else if (m.kind === 'ConstDecl') add(m.name, 'constant', m, m.doc, true);
      }
      break;
    case 'ActorDecl': {
      const a = node as A.ActorDecl;
      for (const f of a.fields) add(f.name, 'field', f, f.doc, f.visibility !== 'private');
      for (const h of a.handlers) add(h.message, 'variant', h, null, true);
      for (const m of a.methods) add(m.name, 'method', m, m.doc, m.visibility !== 'private');
      break;
    }
    case 'EffectDecl':
      for (const op of (node as A.EffectDecl).operations) add(op.name, 'method', op, op.doc, true);
      break;
    default:
      break;
  }
  return members;
}

function diag(code: (typeof Codes)[keyof typeof Codes], start: number, end: number, args: Record<string, string>, data?: Record<string, unknown>): Diagnostic {
  return { code: code.code, severity: code.severity, message: format(code.template, { hint: '', ...args }), start, end, ...(data !== undefined ? { data } : {}) };
}

const builtinTargets = new Map<string, Target | null>();

/** A builtin function, macro, constant, type, namespace or prelude variant. */
export function builtinByName(name: string): Target | null {
  let t = builtinTargets.get(name);
  if (t === undefined) {
    t = null;
    if (PRELUDE_VARIANTS.has(name)) t = { t: 'builtin', name, cat: 'variant' };
    else if (builtinFunctions().has(name)) t = { t: 'builtin', name, cat: 'function' };
    else if (BUILTIN_CONSTANTS.has(name)) t = { t: 'builtin', name, cat: 'constant' };
    else if (BUILTIN_TYPE_DOCS.has(name)) t = { t: 'builtin', name, cat: 'type' };
    else if (BUILTIN_NAMESPACES.has(name)) t = { t: 'builtin', name, cat: 'namespace' };
    if (builtinTargets.size < 10_000) builtinTargets.set(name, t);
  }
  return t;
}

/** Index of the reference starting at `start`, or -1 (binary search). */
export function findRef(starts: Int32Array, start: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const v = starts[mid];
    if (v === start) return mid;
    if (v < start) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

function commonDirectory(uris: readonly string[]): string {
  if (uris.length === 0) return '';
  let prefix = uris[0].slice(0, uris[0].lastIndexOf('/') + 1);
  for (const uri of uris) {
    while (prefix.length > 0 && !uri.startsWith(prefix)) {
      prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
    }
  }
  return prefix;
}
