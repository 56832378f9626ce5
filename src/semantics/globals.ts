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
// Rebuilt for each analysis from the per-item declarations (cached per ItemRecord); only
// the cheap assembly is repeated.

import { Codes, format } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import type { DocumentState, ItemRecord } from '../workspace/document.js';
import type { ProgramView } from '../workspace/program.js';
import type { SymbolKind } from './api.js';
import type { Binding } from './binder.js';
import type { Decl, ImportEntry, ItemDecls } from './declarations.js';
import { BUILTIN_CONSTANTS, BUILTIN_NAMESPACES, BUILTIN_TYPE_DOCS, builtinFunctions, builtinMacros, PRELUDE_VARIANTS } from './prelude.js';
import { suggest } from './suggest.js';

/** One item of one file in this view. */
export interface ItemContext {
  readonly uri: string;
  /** Index of the item in its file at this view. */
  readonly index: number;
  readonly record: ItemRecord;
  /** Absolute offset of the item's region. */
  readonly offset: number;
  readonly binding: Binding;
  readonly decls: ItemDecls;
  /** A top-level `let` or expression statement: names of top-level lets resolve in file order. */
  readonly isStatement: boolean;
}

export interface GlobalSymbol {
  readonly key: string;
  readonly name: string;
  readonly kind: SymbolKind;
  readonly item: ItemContext;
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
  readonly memo: Map<string, Resolution | null>;
  readonly ownMembers: FileBase['ownMembers'];
}

export interface StaticItem {
  readonly binding: Binding;
  readonly decls: ItemDecls;
}

const FILE_MODULE_SUFFIX = '::';

/** What one version of one file declares: independent of other files, so kept per DocumentState. */
interface FileBase {
  readonly items: ItemContext[];
  readonly hoisted: Map<string, GlobalSymbol>;
  readonly lets: Map<string, GlobalSymbol[]>;
  readonly diagnostics: Diagnostic[];
  /** Members declared by the types of this file (fields, variants, body methods...), per type key. */
  readonly ownMembers: Map<string, { kind: TypeKind; members: GlobalSymbol[] }>;
}

const fileBases = new WeakMap<DocumentState, FileBase>();

export class ProgramEnv {
  readonly files = new Map<string, FileTable>();
  readonly symbols = new Map<string, GlobalSymbol>();
  readonly types = new Map<string, TypeInfo>();
  /** Members (fields, methods, variants) by name, for receivers of unknown type and the dependency graph. */
  readonly membersByName = new Map<string, GlobalSymbol[]>();
  /** Every item, in file and offset order. */
  readonly items: ItemContext[] = [];
  private readonly root: string;
  private readonly targets = new Map<GlobalSymbol, Target>();

  constructor(readonly view: ProgramView, staticOf: (record: ItemRecord) => StaticItem) {
    const uris = [...view.files.keys()].sort();
    this.root = commonDirectory(uris);
    for (const uri of uris) this.addFile(uri, view.files.get(uri)!, staticOf);
    for (const file of this.files.values()) this.collectTypes(file);
    for (const file of this.files.values()) this.resolveImports(file);
    for (const file of this.files.values()) this.collectImpls(file);
  }

  // ---------------------------------------------------------------- building

  private addFile(uri: string, doc: DocumentState, staticOf: (record: ItemRecord) => StaticItem): void {
    let base = fileBases.get(doc);
    if (base === undefined) {
      base = buildFileBase(uri, doc, staticOf);
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
      memo: new Map(),
      ownMembers: base.ownMembers,
    };
    this.files.set(uri, file);
    for (const item of base.items) this.items.push(item);
    for (const sym of base.hoisted.values()) this.symbols.set(sym.key, sym);
    for (const list of base.lets.values()) for (const sym of list) this.symbols.set(sym.key, sym);
  }

  private addMember(info: TypeInfo, sym: GlobalSymbol, file: FileTable): void {
    const existing = info.members.get(sym.name);
    if (existing !== undefined) {
      // Duplicates inside one declaration are the binder's; across impl blocks, ours.
      if (existing.item === sym.item && existing.node !== null && sym.node !== null && existing.node.kind !== 'FunctionDecl') return;
      if (existing.item === sym.item && sym.node?.kind === 'FunctionDecl' && sameOwnerDecl(existing, sym)) return;
      file.diagnostics.push(diag(Codes.DuplicateDefinition, sym.item.offset + sym.start, sym.item.offset + sym.end, { name: sym.name }, { name: sym.name }));
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
    for (const item of file.items) {
      for (const impl of item.decls.impls) {
        const target = this.resolveTypeNode(item, impl.node.selfType);
        if (target === null) continue;
        const info = target;
        if (impl.node.trait !== null) {
          const trait = this.resolveTypeNode(item, impl.node.trait);
          if (trait !== null && trait.kind === 'trait' && !info.traits.includes(trait.key)) info.traits.push(trait.key);
        }
        for (const m of impl.node.members) {
          if (m.kind === 'FunctionDecl') this.addMember(info, memberSymbol(info.key, info.name, item, m.name, 'method', m, m.doc, m.visibility !== 'private'), file);
          else if (m.kind === 'ConstDecl') this.addMember(info, memberSymbol(info.key, info.name, item, m.name, 'constant', m, m.doc, true), file);
        }
      }
    }
  }

  /** The type a type annotation of `item` names (user types and builtin types), or null. */
  resolveTypeNode(item: ItemContext, node: A.TypeNode): TypeInfo | null {
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

  // ---------------------------------------------------------------- imports

  private resolveImports(file: FileTable): void {
    for (const item of file.items) {
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
        const sym: GlobalSymbol = {
          key: `${file.uri}::import:${entry.module === '' ? '' : `${entry.module}::`}${local.name}`,
          name: local.name,
          kind: 'import',
          item,
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
        };
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
  resolveRef(item: ItemContext, start: number): Resolution | null {
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
  resolveName(item: ItemContext, name: string): Resolution | null {
    const file = this.files.get(item.uri);
    if (file === undefined) return null;
    const memoKey = item.isStatement && file.lets.has(name) ? `${item.index}\u0000${name}` : name;
    const memo = file.memo.get(memoKey);
    if (memo !== undefined) return memo;
    const res = this.resolveUncached(file, item, name);
    file.memo.set(memoKey, res);
    return res;
  }

  private resolveUncached(file: FileTable, item: ItemContext, name: string): Resolution | null {
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
        for (let i = lets.length - 1; i >= 0; i--) {
          if (lets[i].item.index < item.index) {
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
    if (builtin !== null) return { target: builtin, via: null };
    return null;
  }

  private writtenCache = new Map<string, Set<string>>();

  /** Whether some item of the file assigns the free name (`x = ...`, `x += ...`). */
  isWritten(uri: string, name: string): boolean {
    let set = this.writtenCache.get(uri);
    if (set === undefined) {
      set = new Set();
      for (const item of this.files.get(uri)?.items ?? []) {
        const b = item.binding;
        for (let i = 0; i < b.refTarget.length; i++) {
          const t = b.refTarget[i];
          if (t < 0 && (b.refFlags[i] & 2) !== 0) set.add(b.freeNames[-t - 1]);
        }
      }
      this.writtenCache.set(uri, set);
    }
    return set.has(name);
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
    let t = this.targets.get(sym);
    if (t === undefined) {
      t = sym.kind === 'module' ? { t: 'module', key: sym.key, name: sym.name, sym } : { t: 'sym', sym };
      this.targets.set(sym, t);
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
    const file = this.files.get(uri);
    if (file === undefined) return [];
    const out = new Set<string>();
    for (const k of file.hoisted.keys()) if (!k.includes('::')) out.add(k);
    for (const k of file.lets.keys()) if (!k.includes('::')) out.add(k);
    for (const k of file.imports.keys()) if (!k.includes('::')) out.add(k);
    return [...out];
  }

  file(uri: string): FileTable | undefined {
    return this.files.get(uri);
  }

  itemAt(uri: string, offset: number): ItemContext | null {
    const file = this.files.get(uri);
    if (file === undefined || file.items.length === 0) return null;
    return file.items[file.doc.itemIndexAt(offset)] ?? null;
  }

  /** The absolute location of a global symbol's name. */
  location(sym: GlobalSymbol): { uri: string; start: number; end: number } {
    return { uri: sym.item.uri, start: sym.item.offset + sym.start, end: sym.item.offset + sym.end };
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

function makeSymbol(item: ItemContext, d: Decl, key: string): GlobalSymbol {
  return {
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
  };
}

function memberSymbol(ownerKey: string, ownerName: string, item: ItemContext, name: A.Identifier, kind: SymbolKind, node: A.Node, doc: string | null, pub: boolean): GlobalSymbol {
  return {
    key: `${ownerKey}.${name.name}`,
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
  };
}

function buildFileBase(uri: string, doc: DocumentState, staticOf: (record: ItemRecord) => StaticItem): FileBase {
  const base: FileBase = { items: [], hoisted: new Map(), lets: new Map(), diagnostics: [], ownMembers: new Map() };
  const letCounts = new Map<string, number>();
  doc.items.forEach((record, index) => {
    const s = staticOf(record);
    const stmt = record.stmt;
    const ctx: ItemContext = {
      uri,
      index,
      record,
      offset: doc.offsets[index],
      binding: s.binding,
      decls: s.decls,
      isStatement: stmt !== null && (stmt.kind === 'LetStmt' || stmt.kind === 'ExprStmt'),
    };
    base.items.push(ctx);
    for (const d of s.decls.decls) {
      if (d.kind === 'variable') {
        const count = (letCounts.get(d.path) ?? 0) + 1;
        letCounts.set(d.path, count);
        const sym = makeSymbol(ctx, d, `${uri}::${d.path}${count > 1 ? `#${count}` : ''}`);
        let list = base.lets.get(d.path);
        if (list === undefined) base.lets.set(d.path, (list = []));
        list.push(sym);
        continue;
      }
      if (base.hoisted.has(d.path)) {
        base.diagnostics.push(diag(Codes.DuplicateDefinition, ctx.offset + d.start, ctx.offset + d.end, { name: d.name }, { name: d.name }));
        continue;
      }
      base.hoisted.set(d.path, makeSymbol(ctx, d, `${uri}::${d.path}`));
    }
  });
  for (const sym of base.hoisted.values()) {
    const node = sym.node;
    if (node === null) continue;
    const item = sym.item;
    const members: GlobalSymbol[] = [];
    const add = (name: A.Identifier, kind: SymbolKind, n: A.Node, docText: string | null, pub: boolean): void => {
      members.push(memberSymbol(sym.key, sym.name, item, name, kind, n, docText, pub));
    };
    let kind: TypeKind;
    switch (node.kind) {
      case 'StructDecl': {
        const st = node as A.StructDecl;
        kind = 'struct';
        for (const f of st.fields) add(f.name, 'field', f, f.doc, f.visibility !== 'private');
        st.tupleFields.forEach((t, i) => add({ kind: 'Identifier', name: String(i), start: t.start, end: t.start }, 'field', t, null, true));
        for (const m of st.methods) add(m.name, 'method', m, m.doc, m.visibility !== 'private');
        break;
      }
      case 'EnumDecl':
        kind = 'enum';
        for (const v of (node as A.EnumDecl).variants) add(v.name, 'variant', v, v.doc, true);
        break;
      case 'TraitDecl':
        kind = 'trait';
        for (const m of (node as A.TraitDecl).members) {
          if (m.kind === 'FunctionDecl') add(m.name, 'method', m, m.doc, true);
          else if (m.kind === 'ConstDecl') add(m.name, 'constant', m, m.doc, true);
        }
        break;
      case 'ActorDecl': {
        const a = node as A.ActorDecl;
        kind = 'actor';
        for (const f of a.fields) add(f.name, 'field', f, f.doc, f.visibility !== 'private');
        for (const h of a.handlers) add(h.message, 'variant', h, null, true);
        for (const m of a.methods) add(m.name, 'method', m, m.doc, m.visibility !== 'private');
        break;
      }
      case 'EffectDecl':
        kind = 'effect';
        for (const op of (node as A.EffectDecl).operations) add(op.name, 'method', op, op.doc, true);
        break;
      case 'TypeAliasDecl':
        kind = 'typeAlias';
        break;
      default:
        continue;
    }
    base.ownMembers.set(sym.key, { kind, members });
  }
  return base;
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
