// The queries of api.ts over one analysis: what is at a position, where a symbol is
// used, what is visible or a member, types, signatures, outlines, hints, metrics and
// semantic tokens. All offsets in and out are absolute.
//
// Per-expression types are not kept for the whole program (that would cost memory on a
// large workspace): a query that needs them infers the one item under the cursor again,
// against the finished program tables, and keeps the last few such details — keyed by the
// item's inference, which later analyses reuse while nothing it depends on changes, so the
// details survive edits elsewhere. Diagnostics are assembled per item (relative, sorted,
// then shifted to the item's offset), each part cached for as long as it stays valid;
// completion entries of globals are cached per symbol and export.

import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import type { ItemRecord } from '../workspace/document.js';
import type {
  ClassifiedName,
  CompletionEntry,
  DocumentSymbol,
  FunctionMetrics,
  InlayHint,
  Location,
  ProgramAnalysis,
  ReferenceInfo,
  SemanticTokenKind,
  SignatureInfo,
  SymbolInfo,
  SymbolKind,
} from './api.js';
import { lintOf, lintStateOf, lintSymbolsOf, metricsOf, programLintItem, type AnalysisData, type LintStep } from './analyze.js';
import { RefFlag, SymFlag, type LocalSymbol } from './binder.js';
import { letsOfItem, namesDeclaredBy, targetKey, type GlobalSymbol, type ItemContext, type Target, type TypeInfo } from './globals.js';
import { DECLARATION_OF, Inferrer, signatureLabel, type Detail, type ExportInfo, type ItemInference } from './infer.js';
import {
  BUILTIN_CONSTANTS,
  BUILTIN_TYPE_DOCS,
  builtinFunctions,
  builtinMacros,
  methodTable,
  PRELUDE_VARIANTS,
  type BuiltinSig,
  type MethodTableName,
} from './prelude.js';
import { isPrecise, renderType, resolve, substGen, type Type } from './types.js';

const DETAIL_CACHE_SIZE = 64;

/**
 * Details of recently queried items, by the inference they refine: an item's inference is
 * reused by the next analyses for as long as nothing it depends on changed, and so is its
 * detail (see Detail.symbols). Shared by successive analyses, so that queries after an
 * edit elsewhere do not infer the item under the cursor again.
 */
const details = new Map<ItemInference, Detail>();

/** Completion entries of globals, for as long as the export they were made from is the same. */
const entries = new WeakMap<GlobalSymbol, { export: ExportInfo | undefined; entry: CompletionEntry }>();

let builtinEntriesCache: readonly CompletionEntry[] | null = null;

/** Builtin functions, constants and prelude variants, for completion. */
function builtinEntries(): readonly CompletionEntry[] {
  if (builtinEntriesCache === null) {
    const out: CompletionEntry[] = [];
    for (const sig of builtinFunctions().values()) out.push({ name: sig.name, kind: 'builtin', detail: sig.label, doc: sig.doc, parameters: sig.paramNames });
    for (const [name, c] of BUILTIN_CONSTANTS) out.push({ name, kind: 'constant', detail: renderType(c.type), doc: c.doc, parameters: null });
    for (const [name, v] of PRELUDE_VARIANTS) out.push({ name, kind: 'variant', detail: v.enumName, doc: v.doc, parameters: v.arity > 0 ? ['value'] : null });
    builtinEntriesCache = out;
  }
  return builtinEntriesCache;
}

/**
 * The diagnostics of one item: relative to it and sorted, for as long as its inference and
 * program-wide lint state are the same; shifted to absolute offsets for as long as it also
 * stays where it is.
 */
interface ItemDiagnostics {
  readonly result: ItemInference | undefined;
  readonly lintState: string;
  /** The keys the program-wide lint of the item looks at. */
  readonly lintKeys: readonly string[];
  /** The analysis step of the last check of `lintState` (see LintStep). */
  step: LintStep;
  readonly relative: readonly Diagnostic[];
  /** Some diagnostic names another global's declaration (its range depends on the view). */
  readonly global: boolean;
  offset: number;
  absolute: readonly Diagnostic[];
}

const itemDiagnostics = new WeakMap<ItemRecord, ItemDiagnostics>();

export class Analysis implements ProgramAnalysis {
  private readonly ownDetails = new Map<ItemRecord, Detail>();
  /** Per file: the names visible everywhere in it (items, imports, builtins), deduplicated. */
  private readonly globalEntries = new Map<string, CompletionEntry[]>();
  private readonly diagnosticCache = new Map<string, Diagnostic[]>();
  private symbolsByItem: Map<number, GlobalSymbol[]> | null = null;

  constructor(readonly data: AnalysisData) {}

  get view() {
    return this.data.view;
  }

  get stats() {
    return this.data.stats;
  }

  // ---------------------------------------------------------------- diagnostics

  diagnostics(uri: string): Diagnostic[] {
    const cached = this.diagnosticCache.get(uri);
    if (cached !== undefined) return cached;
    const { env, results } = this.data;
    const file = env.file(uri);
    if (file === undefined) return [];
    const out: Diagnostic[] = [];
    for (const item of file.items) {
      const list = this.itemDiagnostics(item, results.get(item.record));
      for (let i = 0; i < list.length; i++) out.push(list[i]);
    }
    // Each item's list is sorted and items do not overlap, so `out` is normally sorted already.
    let sorted = true;
    for (let i = 1; i < out.length && sorted; i++) if (compareDiagnostics(out[i - 1], out[i]) > 0) sorted = false;
    if (!sorted) out.sort(compareDiagnostics);
    // Program-wide diagnostics of the file (duplicates, unresolved imports): few, merged in.
    for (const d of [...file.diagnostics].sort(compareDiagnostics)) {
      let at = out.length;
      while (at > 0 && compareDiagnostics(out[at - 1], d) > 0) at--;
      out.splice(at, 0, d);
    }
    this.diagnosticCache.set(uri, out);
    return out;
  }

  private itemDiagnostics(item: ItemContext, result: ItemInference | undefined): readonly Diagnostic[] {
    const { env, usage, lintStep } = this.data;
    let c = itemDiagnostics.get(item.record);
    if (c === undefined || c.result !== result || (c.step !== lintStep && !unchangedSince(c, lintStep, item))) {
      const state = lintStateOf(env, usage, item);
      if (c === undefined || c.result !== result || c.lintState !== state) {
        const relative: Diagnostic[] = [...item.binding.diagnostics, ...lintOf(item.record)];
        if (result !== undefined) for (const d of result.diagnostics) relative.push(d);
        const syms = lintSymbolsOf(env, item);
        if (syms !== null) for (const d of programLintItem(env, usage, syms)) relative.push(d);
        relative.sort(compareDiagnostics);
        const global = relative.some((d) => d.data !== undefined && d.data[DECLARATION_OF] !== undefined);
        const lintKeys = syms === null ? [] : [...syms.functions, ...syms.lets, ...syms.imports].map((sym) => sym.key);
        c = { result, lintState: state, lintKeys, step: lintStep, relative, global, offset: -1, absolute: [] };
        itemDiagnostics.set(item.record, c);
      }
    }
    c.step = lintStep;
    if (c.global) return c.relative.map((d) => this.absolute(d, item.offset));
    if (c.offset !== item.offset) {
      c.absolute = c.relative.map((d) => shiftDiagnostic(d, item.offset));
      c.offset = item.offset;
    }
    return c.absolute;
  }

  /** A diagnostic at absolute offsets, with the declaration it names located in this view. */
  private absolute(d: Diagnostic, offset: number): Diagnostic {
    const key = d.data?.[DECLARATION_OF];
    if (typeof key !== 'string') return shiftDiagnostic(d, offset);
    const sym = this.data.env.symbols.get(key);
    const { [DECLARATION_OF]: _key, ...rest } = d.data!;
    const data: Record<string, unknown> = { name: rest.name, declaration: sym !== undefined ? this.data.env.location(sym) : null, ...rest };
    return { ...d, start: d.start + offset, end: d.end + offset, data };
  }

  // ---------------------------------------------------------------- details

  private detailOf(item: ItemContext): Detail {
    const result = this.data.results.get(item.record);
    const cache: Map<unknown, Detail> = result !== undefined ? details : this.ownDetails;
    const key = result ?? item.record;
    const cached = cache.get(key);
    if (cached !== undefined && cached.symbols.every((sym) => this.data.env.symbols.get(sym.key) === sym)) {
      cache.delete(key);
      cache.set(key, cached);
      return cached;
    }
    const { env, shapes, source } = this.data;
    const [inferred] = new Inferrer(env, shapes, source, { detail: true }).inferComponent([item]);
    const detail = inferred.detail!;
    cache.set(key, detail);
    if (cache.size > DETAIL_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return detail;
  }

  private itemAt(uri: string, offset: number): ItemContext | null {
    return this.data.env.itemAt(uri, offset);
  }

  // ---------------------------------------------------------------- symbols

  symbolAt(uri: string, offset: number): { symbol: SymbolInfo; range: Location } | null {
    const hit = this.hitAt(uri, offset);
    if (hit === null) return null;
    const symbol = this.info(hit.ref);
    if (symbol === null) return null;
    return { symbol, range: { uri, start: hit.start, end: hit.end } };
  }

  private hitAt(uri: string, offset: number): { ref: SymRef; item: ItemContext; start: number; end: number } | null {
    const item = this.itemAt(uri, offset);
    if (item === null) return null;
    const rel = offset - item.offset;
    const b = item.binding;
    const abs = (s: number, e: number) => ({ start: item.offset + s, end: item.offset + e });
    // References first: the identifier under the cursor.
    const ri = lastAtOrBefore(b.refStart, rel);
    for (let i = ri; i >= 0 && i > ri - 4; i--) {
      if (b.refStart[i] <= rel && rel <= b.refEnd[i]) {
        const ref = this.refTarget(item, b.refTarget[i]);
        if (ref !== null) return { ref, item, ...abs(b.refStart[i], b.refEnd[i]) };
      }
    }
    const result = this.data.results.get(item.record);
    if (result !== undefined) {
      const m = result.memberRefs;
      const mi = lastAtOrBefore(m.start, rel);
      for (let i = mi; i >= 0 && i > mi - 4; i--) {
        if (m.start[i] <= rel && rel <= m.end[i]) {
          const key = m.keys[i];
          if (key.startsWith('builtin:method:')) return { ref: { t: 'method', key }, item, ...abs(m.start[i], m.end[i]) };
          const sym = this.data.env.symbols.get(key);
          if (sym !== undefined) return { ref: { t: 'global', sym }, item, ...abs(m.start[i], m.end[i]) };
        }
      }
    }
    for (let i = 0; i < b.symbols.length; i++) {
      const s = b.symbols[i];
      if (s.start <= rel && rel <= s.end && s.start < s.end) {
        const ref = this.localRef(item, i);
        return { ref, item, ...abs(s.start, s.end) };
      }
    }
    const file = this.data.env.file(uri);
    for (const r of file?.importRefs ?? []) {
      if (r.item.record === item.record && r.start <= rel && rel <= r.end) {
        const ref = this.fromTarget(r.target);
        if (ref !== null) return { ref, item, ...abs(r.start, r.end) };
      }
    }
    for (const sym of this.globalsOf(item)) {
      if (sym.start <= rel && rel <= sym.end && sym.start < sym.end) return { ref: { t: 'global', sym }, item, ...abs(sym.start, sym.end) };
    }
    return null;
  }

  private globalsOf(item: ItemContext): GlobalSymbol[] {
    if (this.symbolsByItem === null) {
      const map = new Map<number, GlobalSymbol[]>();
      for (const sym of this.data.env.symbols.values()) {
        let list = map.get(sym.item.record.id);
        if (list === undefined) map.set(sym.item.record.id, (list = []));
        list.push(sym);
      }
      this.symbolsByItem = map;
    }
    return this.symbolsByItem.get(item.record.id) ?? [];
  }

  private localRef(item: ItemContext, index: number): SymRef {
    const s = item.binding.symbols[index];
    if ((s.flags & SymFlag.ConstCandidate) !== 0) {
      const res = this.data.env.resolveName(item, item.binding.freeNames[s.constRef]);
      const ref = res !== null ? this.fromTarget(res.target) : null;
      if (ref !== null && (ref.t !== 'global' || ref.sym.kind === 'variant' || ref.sym.kind === 'constant' || ref.sym.kind === 'struct') && (ref.t !== 'builtin' || ref.target.cat !== 'function')) return ref;
    }
    return { t: 'local', item, index };
  }

  private refTarget(item: ItemContext, target: number): SymRef | null {
    if (target >= 0) return this.localRef(item, target);
    const res = this.data.env.resolveName(item, item.binding.freeNames[-target - 1]);
    return res === null ? null : this.fromTarget(res.target);
  }

  private fromTarget(target: Target): SymRef | null {
    switch (target.t) {
      case 'sym':
        return { t: 'global', sym: target.sym };
      case 'module':
        return target.sym !== null ? { t: 'global', sym: target.sym } : { t: 'module', key: target.key, name: target.name };
      case 'builtin':
        return { t: 'builtin', target };
      case 'external':
        return null;
    }
  }

  private idOf(ref: SymRef): string {
    switch (ref.t) {
      case 'local':
        return `${ref.item.uri}#${ref.item.record.id}:${ref.index}`;
      case 'global':
        return ref.sym.key;
      case 'builtin':
        return targetKey(ref.target);
      case 'module':
        return `module:${ref.key}`;
      case 'method':
        return ref.key;
    }
  }

  private info(ref: SymRef): SymbolInfo | null {
    switch (ref.t) {
      case 'local':
        return this.localInfo(ref.item, ref.index);
      case 'global':
        return this.globalInfo(ref.sym);
      case 'builtin':
        return builtinInfo(ref.target);
      case 'method':
        return builtinMethodInfo(ref.key);
      case 'module': {
        const uri = ref.key.slice(0, -2);
        return { id: this.idOf(ref), name: ref.name, kind: 'module', location: { uri, start: 0, end: 0 }, declaration: { uri, start: 0, end: 0 }, container: null, mutable: false, type: null, signature: null, doc: null };
      }
    }
  }

  private localInfo(item: ItemContext, index: number): SymbolInfo {
    const s = item.binding.symbols[index];
    const detail = s.kind === 'label' || s.kind === 'typeParameter' ? null : this.detailOf(item);
    const t = detail?.localTypes[index] ?? null;
    const type = t !== null ? renderType(t) : null;
    let signature: string | null = null;
    if (s.kind === 'function' && t !== null) {
      const r = resolve(t);
      if (r.k === 'fn') signature = `fun ${s.name}(${r.params.map((p) => renderType(p)).join(', ')}) -> ${renderType(r.ret)}`;
    }
    return {
      id: `${item.uri}#${item.record.id}:${index}`,
      name: s.name,
      kind: s.kind,
      location: { uri: item.uri, start: item.offset + s.start, end: item.offset + s.end },
      declaration: { uri: item.uri, start: item.offset + s.declStart, end: item.offset + s.declEnd },
      container: null,
      mutable: (s.flags & SymFlag.Mutable) !== 0,
      type,
      signature,
      doc: null,
    };
  }

  private exportOf(key: string): ExportInfo | undefined {
    return this.data.exports.get(key);
  }

  private globalInfo(sym: GlobalSymbol): SymbolInfo {
    let type: string | null = null;
    let signature: string | null = null;
    const e = this.exportOf(sym.key);
    if (e !== undefined) {
      type = renderType(e.scheme.t, { generics: e.scheme.names });
      if (e.fn !== null && sym.node !== null && sym.node.kind === 'FunctionDecl') signature = signatureLabel(sym, e.scheme.t, e.scheme.names);
    } else {
      type = this.declaredTypeOf(sym);
    }
    const loc = this.data.env.location(sym);
    return {
      id: sym.key,
      name: sym.name,
      kind: sym.kind,
      location: loc,
      declaration: this.data.env.declaration(sym),
      container: sym.container,
      mutable: sym.mutable,
      type,
      signature,
      doc: sym.doc,
    };
  }

  /** The type of a symbol that has no inferred export: fields, variants, types. */
  private declaredTypeOf(sym: GlobalSymbol): string | null {
    const env = this.data.env;
    if ((sym.kind === 'field' || sym.kind === 'variant') && sym.ownerKey !== null) {
      const info = env.types.get(sym.ownerKey);
      if (info === undefined) return null;
      const shape = this.data.shapes.shape(info);
      const generics = shape.params;
      if (sym.kind === 'field') {
        const f = shape.fields.get(sym.name);
        if (f !== undefined) return renderType(f.type, { generics });
        const i = Number(sym.name);
        if (Number.isInteger(i) && shape.tuple[i] !== undefined) return renderType(shape.tuple[i], { generics });
        return null;
      }
      const v = shape.variants.get(sym.name);
      if (v === undefined) return info.name;
      if (v.shape === 'tuple') return `${info.name}::${v.name}(${v.tuple.map((t) => renderType(t, { generics })).join(', ')})`;
      if (v.shape === 'named') return `${info.name}::${v.name} { ${[...v.fields.values()].map((f) => `${f.name}: ${renderType(f.type, { generics })}`).join(', ')} }`;
      return `${info.name}::${v.name}`;
    }
    const info = env.types.get(sym.key);
    if (info !== undefined) {
      const params = this.data.shapes.typeParamsOf(info);
      return params.length > 0 ? `${sym.name}<${params.join(', ')}>` : sym.name;
    }
    if (sym.kind === 'import' && sym.importEntry !== null) return null;
    return null;
  }

  // ---------------------------------------------------------------- references

  references(symbolId: string, includeDeclaration: boolean): ReferenceInfo[] {
    const out: ReferenceInfo[] = [];
    const env = this.data.env;
    const local = /^(.*)#(\d+):(\d+)$/.exec(symbolId);
    if (local !== null) {
      const [, uri, recordId, indexText] = local;
      const file = env.file(uri);
      const item = file?.items.find((i) => String(i.record.id) === recordId);
      if (item === undefined) return [];
      const index = Number(indexText);
      const b = item.binding;
      const s = b.symbols[index];
      if (s === undefined) return [];
      if (includeDeclaration) out.push({ location: { uri, start: item.offset + s.start, end: item.offset + s.end }, isDeclaration: true, isWrite: false });
      for (let i = 0; i < b.refTarget.length; i++) {
        if (b.refTarget[i] !== index) continue;
        out.push({ location: { uri, start: item.offset + b.refStart[i], end: item.offset + b.refEnd[i] }, isDeclaration: false, isWrite: (b.refFlags[i] & RefFlag.Write) !== 0 });
      }
      return sortRefs(out);
    }
    const sym = env.symbols.get(symbolId) ?? null;
    if (sym !== null && sym.kind === 'import') return this.importReferences(sym, includeDeclaration);
    const name = sym?.name ?? symbolId.slice(symbolId.lastIndexOf(':') + 1);
    if (sym !== null && includeDeclaration && sym.start < sym.end) {
      out.push({ location: env.location(sym), isDeclaration: true, isWrite: false });
    }
    // `use m::name as alias`: the alias and its uses name the symbol too, spelled otherwise.
    const aliases = new Map<string, Set<string>>();
    for (const file of env.files.values()) {
      for (const imp of file.imports.values()) {
        if (imp.target === null || imp.sym.name === name) continue;
        const key = targetKey(imp.target);
        if (key !== symbolId && key !== `module:${symbolId}`) continue;
        let names = aliases.get(file.uri);
        if (names === undefined) aliases.set(file.uri, (names = new Set()));
        names.add(imp.sym.name);
        out.push({ location: env.location(imp.sym), isDeclaration: false, isWrite: false });
      }
    }
    for (const item of env.items) {
      const b = item.binding;
      const result = this.data.results.get(item.record);
      const aliasNames = aliases.get(item.uri);
      // Free names resolving to the symbol, spelled as its name or as an alias of it.
      const matching = new Set<number>();
      b.freeNames.forEach((free, i) => {
        const sep = free.lastIndexOf('::');
        const simple = (sep < 0 ? free : free.slice(sep + 2)).replace(/!$/, '');
        if (simple !== name && (aliasNames === undefined || !aliasNames.has(simple))) return;
        const key = result?.resolutions.get(free) ?? targetKey(env.resolveName(item, free)?.target ?? null);
        const viaModule = key === `module:${symbolId}`;
        if (key === symbolId || viaModule) matching.add(-(i + 1));
      });
      if (matching.size > 0) {
        for (let i = 0; i < b.refTarget.length; i++) {
          if (!matching.has(b.refTarget[i])) continue;
          out.push({ location: { uri: item.uri, start: item.offset + b.refStart[i], end: item.offset + b.refEnd[i] }, isDeclaration: false, isWrite: (b.refFlags[i] & RefFlag.Write) !== 0 });
        }
        b.symbols.forEach((s) => {
          if ((s.flags & SymFlag.ConstCandidate) !== 0 && matching.has(-(s.constRef + 1))) {
            out.push({ location: { uri: item.uri, start: item.offset + s.start, end: item.offset + s.end }, isDeclaration: false, isWrite: false });
          }
        });
      }
      if (result !== undefined) {
        const m = result.memberRefs;
        for (let i = 0; i < m.keys.length; i++) {
          if (m.keys[i] === symbolId) out.push({ location: { uri: item.uri, start: item.offset + m.start[i], end: item.offset + m.end[i] }, isDeclaration: false, isWrite: false });
        }
      }
    }
    for (const file of env.files.values()) {
      for (const r of file.importRefs) {
        if (targetKey(r.target) === symbolId || (r.target.t === 'module' && `module:${r.target.key}` === symbolId)) {
          out.push({ location: { uri: file.uri, start: r.item.offset + r.start, end: r.item.offset + r.end }, isDeclaration: false, isWrite: false });
        }
      }
    }
    return sortRefs(dedupeRefs(out));
  }

  /** An import's own name and the names of its file resolved through it (`t3` of `use m::triple as t3`). */
  private importReferences(sym: GlobalSymbol, includeDeclaration: boolean): ReferenceInfo[] {
    const env = this.data.env;
    const out: ReferenceInfo[] = [];
    if (includeDeclaration && sym.start < sym.end) out.push({ location: env.location(sym), isDeclaration: true, isWrite: false });
    const file = env.file(sym.item.uri);
    for (const item of file?.items ?? []) {
      const b = item.binding;
      const matching = new Set<number>();
      b.freeNames.forEach((free, i) => {
        if (free === sym.name && env.resolveName(item, free)?.via === sym) matching.add(-(i + 1));
      });
      if (matching.size === 0) continue;
      for (let i = 0; i < b.refTarget.length; i++) {
        if (matching.has(b.refTarget[i])) out.push({ location: { uri: item.uri, start: item.offset + b.refStart[i], end: item.offset + b.refEnd[i] }, isDeclaration: false, isWrite: (b.refFlags[i] & RefFlag.Write) !== 0 });
      }
    }
    return sortRefs(dedupeRefs(out));
  }

  importAliasAt(uri: string, offset: number): { alias: SymbolInfo; target: SymbolInfo | null; range: Location } | null {
    const env = this.data.env;
    const file = env.file(uri);
    const item = this.itemAt(uri, offset);
    if (file === undefined || item === null) return null;
    const rel = offset - item.offset;
    let alias: GlobalSymbol | null = null;
    let range: Location | null = null;
    for (const imp of file.imports.values()) {
      if (imp.sym.item.record === item.record && imp.sym.start <= rel && rel <= imp.sym.end && isAlias(imp.sym)) {
        alias = imp.sym;
        range = env.location(imp.sym);
      }
    }
    if (alias === null) {
      const b = item.binding;
      const ri = lastAtOrBefore(b.refStart, rel);
      for (let i = ri; i >= 0 && i > ri - 4 && alias === null; i--) {
        if (b.refStart[i] > rel || rel > b.refEnd[i] || b.refTarget[i] >= 0) continue;
        const via = env.resolveName(item, b.freeNames[-b.refTarget[i] - 1])?.via ?? null;
        if (via !== null && isAlias(via)) {
          alias = via;
          range = { uri, start: item.offset + b.refStart[i], end: item.offset + b.refEnd[i] };
        }
      }
    }
    if (alias === null || range === null) return null;
    const target = env.file(uri)?.imports.get(alias.container === null ? alias.name : `${alias.container}::${alias.name}`)?.target ?? null;
    const ref = target === null ? null : this.fromTarget(target);
    return { alias: this.globalInfo(alias), target: ref === null ? null : this.info(ref), range };
  }

  // ---------------------------------------------------------------- completion

  visibleAt(uri: string, offset: number): CompletionEntry[] {
    const out: CompletionEntry[] = [];
    const seen = new Set<string>();
    const push = (e: CompletionEntry): void => {
      if (seen.has(e.name)) return;
      seen.add(e.name);
      out.push(e);
    };
    const item = this.itemAt(uri, offset);
    if (item !== null) {
      const rel = offset - item.offset;
      const b = item.binding;
      const candidates: { s: LocalSymbol; i: number; depth: number }[] = [];
      b.symbols.forEach((s, i) => {
        if (s.kind === 'label' || s.visibleFrom > rel || (s.flags & SymFlag.ConstCandidate) !== 0) return;
        const scope = b.scopes[s.scope];
        if (scope === undefined || rel < scope.start || rel > scope.end) return;
        if ((s.flags & SymFlag.LetBinding) !== 0 && rel < s.declEnd) return;
        let depth = 0;
        for (let p = s.scope; p >= 0; p = b.scopes[p].parent) depth++;
        candidates.push({ s, i, depth });
      });
      candidates.sort((x, y) => y.depth - x.depth || y.i - x.i);
      const detail = candidates.length > 0 ? this.detailOf(item) : null;
      for (const { s, i } of candidates) {
        const t = detail?.localTypes[i] ?? null;
        push({ name: s.name, kind: s.kind, detail: t !== null ? renderType(t) : null, doc: null, parameters: fnParams(t) });
      }
    }
    for (const e of this.globalEntriesOf(uri)) if (!seen.has(e.name)) out.push(e);
    return out;
  }

  /** The entries of the items, imports and builtins visible everywhere in a file, first of each name kept. */
  private globalEntriesOf(uri: string): readonly CompletionEntry[] {
    const cached = this.globalEntries.get(uri);
    if (cached !== undefined) return cached;
    const out: CompletionEntry[] = [];
    const seen = new Set<string>();
    const push = (e: CompletionEntry): void => {
      if (seen.has(e.name)) return;
      seen.add(e.name);
      out.push(e);
    };
    const file = this.data.env.file(uri);
    if (file !== undefined) {
      for (const [path, sym] of file.hoisted) if (!path.includes('::')) push(this.entryOf(sym));
      for (const [path, lets] of file.lets) if (!path.includes('::')) push(this.entryOf(lets[lets.length - 1]));
      for (const [path, imp] of file.imports) {
        if (path.includes('::')) continue;
        const target = imp.target;
        if (target !== null && target.t === 'sym') push({ ...this.entryOf(target.sym), name: imp.sym.name });
        else push({ name: imp.sym.name, kind: target?.t === 'module' ? 'module' : 'import', detail: null, doc: null, parameters: null });
      }
    }
    for (const e of builtinEntries()) push(e);
    this.globalEntries.set(uri, out);
    return out;
  }

  private entryOf(sym: GlobalSymbol): CompletionEntry {
    const e = this.exportOf(sym.key);
    // The detail of a global with an export is its signature or type; without one, that of
    // a type is its name and parameters (from its own declaration). Both depend on nothing
    // else, so the entry is kept and its detail rendered only when read (completion lists
    // are long and mostly filtered out). Anything else is rendered now, not kept.
    const isType = e === undefined && this.data.env.types.get(sym.key)?.symbol === sym;
    if (e === undefined && !isType) {
      const info = this.globalInfo(sym);
      return { name: sym.name, kind: sym.kind, detail: info.signature ?? info.type, doc: sym.doc, parameters: null };
    }
    const cached = entries.get(sym);
    if (cached !== undefined && cached.export === e) return cached.entry;
    let detail: string | null | undefined;
    const render = (): string | null => {
      if (e === undefined) {
        const params = typeParamNames(sym);
        return params.length > 0 ? `${sym.name}<${params.join(', ')}>` : sym.name;
      }
      if (e.fn !== null && sym.node !== null && sym.node.kind === 'FunctionDecl') return signatureLabel(sym, e.scheme.t, e.scheme.names);
      return renderType(e.scheme.t, { generics: e.scheme.names });
    };
    const entry: CompletionEntry = {
      name: sym.name,
      kind: sym.kind,
      get detail(): string | null {
        if (detail === undefined) detail = render();
        return detail;
      },
      doc: sym.doc,
      parameters: e?.fn?.paramNames.slice() ?? null,
    };
    entries.set(sym, { export: e, entry });
    return entry;
  }

  membersAt(uri: string, offset: number): CompletionEntry[] {
    const doc = this.data.view.files.get(uri);
    if (doc === undefined) return [];
    const text = doc.text;
    let p = offset;
    while (p > 0 && /[A-Za-z0-9_]/.test(text[p - 1])) p--;
    if (text[p - 1] !== '.') return [];
    let end = p - 1;
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    const item = this.itemAt(uri, Math.max(0, end - 1));
    if (item === null) return [];
    const rel = end - item.offset;
    const detail = this.detailOf(item);
    let best = -1;
    for (let i = 0; i < detail.exprEnd.length; i++) {
      if (detail.exprEnd[i] === rel && (best < 0 || detail.exprStart[i] > detail.exprStart[best])) best = i;
    }
    if (best < 0) return [];
    return this.membersOf(detail.exprTypes[best]);
  }

  private membersOf(type: Type): CompletionEntry[] {
    const t = resolve(type);
    const env = this.data.env;
    const out: CompletionEntry[] = [];
    const seen = new Set<string>();
    const push = (e: CompletionEntry): void => {
      if (!seen.has(e.name)) {
        seen.add(e.name);
        out.push(e);
      }
    };
    const fromTable = (table: MethodTableName): void => {
      for (const sig of methodTable(table).values()) push(builtinEntry(sig));
    };
    if (t.k === 'module') {
      const target: Target = { t: 'module', key: t.key, name: '', sym: env.symbols.get(t.key) ?? null };
      for (const name of env.memberNamesOf(target)) {
        const m = env.memberTarget(target, name);
        if (m !== null && m.t === 'sym') push(this.entryOf(m.sym));
      }
      return out;
    }
    if (t.k === 'named' && t.kind !== 'builtin') {
      const info = env.types.get(t.key);
      if (info !== undefined) {
        const shape = this.data.shapes.shape(info);
        for (const [name, f] of shape.fields) push({ name, kind: 'field', detail: renderType(substGen(f.type, t.args)), doc: info.members.get(name)?.doc ?? null, parameters: null });
        const methods = (i: TypeInfo): void => {
          for (const m of i.members.values()) if (m.kind === 'method' && hasSelf(m)) push(this.methodEntry(m));
        };
        methods(info);
        for (const traitKey of info.traits) {
          const trait = env.types.get(traitKey);
          if (trait !== undefined) methods(trait);
        }
      }
      fromTable('common');
      return out;
    }
    if (t.k === 'object') {
      for (const [name, f] of t.fields) push({ name, kind: 'field', detail: renderType(f), doc: null, parameters: null });
      fromTable('map');
      fromTable('common');
      return out;
    }
    if (t.k === 'tuple') {
      t.elems.forEach((e, i) => push({ name: String(i), kind: 'field', detail: renderType(e), doc: null, parameters: null }));
      fromTable('common');
      return out;
    }
    const table = tableFor(t);
    if (table === null) return out;
    const ext = env.types.get(`builtin:${t.k === 'array' ? 'Vec' : t.k === 'prim' ? t.name : t.k === 'named' ? t.name : ''}`);
    if (ext !== undefined) for (const m of ext.members.values()) if (m.kind === 'method' && hasSelf(m)) push(this.methodEntry(m));
    fromTable(table);
    fromTable('common');
    return out;
  }

  private methodEntry(m: GlobalSymbol): CompletionEntry {
    const e = this.exportOf(m.key);
    let detail: string | null = null;
    if (e !== undefined && m.node !== null && m.node.kind === 'FunctionDecl') detail = signatureLabel(m, e.scheme.t, e.scheme.names);
    return { name: m.name, kind: 'method', detail, doc: m.doc, parameters: e?.fn?.paramNames.slice() ?? null };
  }

  // ---------------------------------------------------------------- types and signatures

  typeAt(uri: string, offset: number): { type: string; range: Location } | null {
    const item = this.itemAt(uri, offset);
    if (item === null) return null;
    const rel = offset - item.offset;
    const b = item.binding;
    for (let i = 0; i < b.symbols.length; i++) {
      const s = b.symbols[i];
      if (s.start <= rel && rel <= s.end && s.start < s.end && s.kind !== 'label' && s.kind !== 'typeParameter') {
        const t = this.detailOf(item).localTypes[i];
        if (t !== null && t !== undefined) return { type: renderType(t), range: { uri, start: item.offset + s.start, end: item.offset + s.end } };
      }
    }
    for (const sym of this.globalsOf(item)) {
      if (sym.start <= rel && rel <= sym.end && sym.start < sym.end) {
        const info = this.globalInfo(sym);
        if (info.type !== null) return { type: info.type, range: info.location! };
      }
    }
    const detail = this.detailOf(item);
    let best = -1;
    for (let i = 0; i < detail.exprStart.length; i++) {
      const s = detail.exprStart[i];
      const e = detail.exprEnd[i];
      if (s > rel) break;
      if (rel <= e && (best < 0 || e - s <= detail.exprEnd[best] - detail.exprStart[best])) best = i;
    }
    if (best < 0) return null;
    return { type: renderType(detail.exprTypes[best]), range: { uri, start: item.offset + detail.exprStart[best], end: item.offset + detail.exprEnd[best] } };
  }

  signatureAt(uri: string, offset: number): SignatureInfo | null {
    const item = this.itemAt(uri, offset);
    if (item === null) return null;
    const rel = offset - item.offset;
    const detail = this.detailOf(item);
    let best: Detail['calls'][number] | null = null;
    for (const c of detail.calls) {
      const close = c.closeParen > c.openParen ? c.closeParen : c.end;
      if (c.openParen < rel && rel <= close && (best === null || c.openParen > best.openParen)) best = c;
    }
    if (best === null) return null;
    const text = item.record.text;
    let active = best.implicitArgs + countCommas(text, best.openParen + 1, rel);
    if (best.params.length > 0) active = Math.min(active, best.params.length - 1);
    return { label: best.label, doc: best.doc, parameters: best.params.map((p) => ({ label: p, doc: null })), activeParameter: active };
  }

  // ---------------------------------------------------------------- outlines

  documentSymbols(uri: string): DocumentSymbol[] {
    const env = this.data.env;
    const file = env.file(uri);
    if (file === undefined) return [];
    const out: DocumentSymbol[] = [];
    for (const item of file.items) {
      const stmt = item.record.stmt;
      if (stmt === null) continue;
      this.outline(stmt, item, '', out);
    }
    return named(out);
  }

  private outline(stmt: A.Stmt, item: ItemContext, module: string, out: DocumentSymbol[]): void {
    const env = this.data.env;
    const uri = item.uri;
    const loc = (s: number, e: number): Location => ({ uri, start: item.offset + s, end: item.offset + e });
    const node = (name: string, kind: SymbolKind, detail: string | null, whole: A.Node, sel: A.Node, children: DocumentSymbol[] = []): DocumentSymbol => ({
      name,
      kind,
      detail,
      range: loc(whole.start, whole.end),
      selectionRange: loc(sel.start, sel.end),
      children,
    });
    const path = (name: string): string => `${uri}::${module === '' ? name : `${module}::${name}`}`;
    const fnDetail = (key: string): string | null => {
      const sym = env.symbols.get(key);
      const e = this.exportOf(key);
      return sym !== undefined && e !== undefined ? signatureLabel(sym, e.scheme.t, e.scheme.names) : null;
    };
    const methods = (owner: string, fns: readonly (A.FunctionDecl | A.TraitMember)[]): DocumentSymbol[] =>
      fns.filter((m): m is A.FunctionDecl => m.kind === 'FunctionDecl').map((m) => node(m.name.name, 'method', fnDetail(`${owner}.${m.name.name}`), m, m.name));
    switch (stmt.kind) {
      case 'FunctionDecl':
        out.push(node(stmt.name.name, 'function', fnDetail(path(stmt.name.name)), stmt, stmt.name));
        return;
      case 'StructDecl': {
        const key = path(stmt.name.name);
        const info = env.types.get(key);
        const shape = info !== undefined ? this.data.shapes.shape(info) : null;
        const fields = stmt.fields.map((f) => node(f.name.name, 'field', shape?.fields.get(f.name.name) !== undefined ? renderType(shape.fields.get(f.name.name)!.type, { generics: shape.params }) : null, f, f.name));
        out.push(node(stmt.name.name, 'struct', null, stmt, stmt.name, [...fields, ...methods(key, stmt.methods)]));
        return;
      }
      case 'EnumDecl':
        out.push(node(stmt.name.name, 'enum', null, stmt, stmt.name, stmt.variants.map((v) => node(v.name.name, 'variant', null, v, v.name))));
        return;
      case 'TraitDecl':
        out.push(node(stmt.name.name, 'trait', null, stmt, stmt.name, methods(path(stmt.name.name), stmt.members)));
        return;
      case 'ImplDecl': {
        const target = env.resolveTypeNode(item, stmt.selfType);
        const text = item.record.text;
        const name = `impl ${stmt.trait !== null ? `${text.slice(stmt.trait.start, stmt.trait.end)} for ` : ''}${text.slice(stmt.selfType.start, stmt.selfType.end)}`;
        out.push(node(name, 'struct', null, stmt, stmt.selfType, target !== null ? methods(target.key, stmt.members) : methods('', stmt.members)));
        return;
      }
      case 'ModuleDecl': {
        const children: DocumentSymbol[] = [];
        if (stmt.body !== null) for (const s of stmt.body) this.outline(s, item, module === '' ? stmt.name.name : `${module}::${stmt.name.name}`, children);
        out.push(node(stmt.name.name, 'module', null, stmt, stmt.name, children));
        return;
      }
      case 'ConstDecl':
        out.push(node(stmt.name.name, 'constant', this.typeOfExport(path(stmt.name.name)), stmt, stmt.name));
        return;
      case 'TypeAliasDecl':
        out.push(node(stmt.name.name, 'typeAlias', null, stmt, stmt.name));
        return;
      case 'ActorDecl': {
        const key = path(stmt.name.name);
        const children = [
          ...stmt.fields.map((f) => node(f.name.name, 'field', null, f, f.name)),
          ...stmt.handlers.map((h) => node(h.message.name, 'variant', null, h, h.message)),
          ...methods(key, stmt.methods),
        ];
        out.push(node(stmt.name.name, 'actor', null, stmt, stmt.name, children));
        return;
      }
      case 'EffectDecl':
        out.push(node(stmt.name.name, 'effect', null, stmt, stmt.name, stmt.operations.map((o) => node(o.name.name, 'method', null, o, o.name))));
        return;
      case 'LetStmt': {
        for (const d of item.decls.decls) {
          if (d.letStmt !== stmt) continue;
          const lets = env.file(uri)?.lets.get(d.path);
          const sym = letsOfItem(lets, item.record).find((l) => l.start === d.start);
          out.push({ name: d.name, kind: 'variable', detail: sym !== undefined ? this.typeOfExport(sym.key) : null, range: loc(stmt.start, stmt.end), selectionRange: loc(d.start, d.end), children: [] });
        }
        return;
      }
      default:
        return;
    }
  }

  private typeOfExport(key: string): string | null {
    const e = this.exportOf(key);
    return e === undefined ? null : renderType(e.scheme.t, { generics: e.scheme.names });
  }

  workspaceSymbols(query: string): SymbolInfo[] {
    const q = query.toLowerCase();
    const out: { info: SymbolInfo; score: number }[] = [];
    for (const sym of this.data.env.symbols.values()) {
      if (sym.kind === 'import' || sym.start === sym.end) continue;
      const score = fuzzyScore(sym.name.toLowerCase(), q);
      if (score < 0) continue;
      out.push({ info: this.globalInfo(sym), score });
    }
    out.sort((a, b) => a.score - b.score || a.info.name.localeCompare(b.info.name) || (a.info.location!.uri < b.info.location!.uri ? -1 : 1));
    return out.map((o) => o.info);
  }

  // ---------------------------------------------------------------- hints, metrics, tokens

  inlayHints(uri: string, start: number, end: number): InlayHint[] {
    const file = this.data.env.file(uri);
    if (file === undefined) return [];
    const out: InlayHint[] = [];
    for (const item of file.items) {
      const itemEnd = item.offset + item.record.text.length;
      if (itemEnd < start || item.offset > end) continue;
      const stmt = item.record.stmt;
      if (stmt === null) continue;
      // Top-level lets: their exported types.
      for (const d of item.decls.decls) {
        if (d.kind !== 'variable' || d.letStmt === null || d.letStmt.type !== null || d.module !== '') continue;
        const sym = letsOfItem(file.lets.get(d.path), item.record).find((l) => l.start === d.start);
        const e = sym !== undefined ? this.exportOf(sym.key) : undefined;
        if (e === undefined || e.scheme.n > 0 || !isPrecise(e.scheme.t)) continue;
        const at = item.offset + d.end;
        if (at >= start && at <= end) out.push({ offset: at, label: `: ${renderType(e.scheme.t)}`, kind: 'type' });
      }
      const b = item.binding;
      const wanted: number[] = [];
      b.symbols.forEach((s, i) => {
        const at = item.offset + s.end;
        if (at < start || at > end || s.name.startsWith('_')) return;
        if ((s.flags & SymFlag.LetBinding) !== 0 && (s.flags & SymFlag.Annotated) === 0) wanted.push(i);
        else if ((s.flags & SymFlag.Param) !== 0 && (s.flags & (SymFlag.Annotated | SymFlag.SelfParam | SymFlag.ClosureParam | SymFlag.NoBody)) === 0) wanted.push(i);
      });
      if (wanted.length === 0) continue;
      const detail = this.detailOf(item);
      for (const i of wanted) {
        const t = detail.localTypes[i];
        if (t === null || t === undefined || !isPrecise(t)) continue;
        out.push({ offset: item.offset + b.symbols[i].end, label: `: ${renderType(t)}`, kind: 'type' });
      }
    }
    out.sort((a, b) => a.offset - b.offset);
    return out;
  }

  functionMetrics(uri: string): FunctionMetrics[] {
    const file = this.data.env.file(uri);
    if (file === undefined) return [];
    const lines = file.doc.lineIndex;
    const out: FunctionMetrics[] = [];
    for (const item of file.items) {
      for (const m of metricsOf(item.record)) {
        const start = item.offset + m.start;
        const end = item.offset + m.end;
        out.push({
          name: m.name,
          qualifiedName: m.qualifiedName,
          range: { uri, start, end },
          selectionRange: { uri, start: item.offset + m.nameStart, end: item.offset + m.nameEnd },
          cyclomatic: m.cyclomatic,
          cognitive: m.cognitive,
          lines: lines.lineOf(Math.max(start, end - 1)) - lines.lineOf(start) + 1,
        });
      }
    }
    out.sort((a, b) => a.range.start - b.range.start);
    return out;
  }

  classify(uri: string): ClassifiedName[] {
    const env = this.data.env;
    const file = env.file(uri);
    if (file === undefined) return [];
    const out: ClassifiedName[] = [];
    for (const item of file.items) {
      const b = item.binding;
      const o = item.offset;
      for (let i = 0; i < b.refTarget.length; i++) {
        const f = b.refFlags[i];
        if ((f & (RefFlag.SelfRef | RefFlag.Alias)) !== 0) continue;
        const t = b.refTarget[i];
        const ref = this.refTarget(item, t);
        if (ref === null) continue;
        const c = this.classOf(ref);
        if (c !== null) out.push({ start: o + b.refStart[i], end: o + b.refEnd[i], kind: (f & RefFlag.Macro) !== 0 ? 'macro' : c.kind, modifiers: c.modifiers });
      }
      b.symbols.forEach((s, i) => {
        if (s.start >= s.end) return;
        const ref = this.localRef(item, i);
        const c = this.classOf(ref);
        if (c === null) return;
        out.push({ start: o + s.start, end: o + s.end, kind: c.kind, modifiers: ref.t === 'local' ? ['declaration', ...c.modifiers] : c.modifiers });
      });
      const result = this.data.results.get(item.record);
      if (result !== undefined) {
        const m = result.memberRefs;
        for (let i = 0; i < m.keys.length; i++) {
          if (m.keys[i].startsWith('builtin:method:')) {
            out.push({ start: o + m.start[i], end: o + m.end[i], kind: 'method', modifiers: ['defaultLibrary'] });
            continue;
          }
          const sym = env.symbols.get(m.keys[i]);
          if (sym === undefined) continue;
          const c = this.classOf({ t: 'global', sym });
          if (c !== null) out.push({ start: o + m.start[i], end: o + m.end[i], kind: c.kind, modifiers: c.modifiers });
        }
      }
      for (const sym of this.globalsOf(item)) {
        if (sym.start >= sym.end) continue;
        const c = this.classOf({ t: 'global', sym });
        if (c !== null) out.push({ start: o + sym.start, end: o + sym.end, kind: c.kind, modifiers: ['declaration', ...c.modifiers] });
      }
    }
    for (const r of file.importRefs) {
      const ref = this.fromTarget(r.target);
      const c = ref !== null ? this.classOf(ref) : null;
      if (c !== null) out.push({ start: r.item.offset + r.start, end: r.item.offset + r.end, kind: c.kind, modifiers: c.modifiers });
    }
    out.sort((a, b) => a.start - b.start || a.end - b.end);
    const deduped: ClassifiedName[] = [];
    for (const c of out) {
      const last = deduped[deduped.length - 1];
      if (last !== undefined && last.start === c.start) {
        if (c.modifiers.includes('declaration') && !last.modifiers.includes('declaration')) deduped[deduped.length - 1] = c;
        continue;
      }
      deduped.push(c);
    }
    return deduped;
  }

  private classOf(ref: SymRef): { kind: SemanticTokenKind; modifiers: ClassifiedName['modifiers'] } | null {
    switch (ref.t) {
      case 'local': {
        const s = ref.item.binding.symbols[ref.index];
        const kind = tokenKind(s.kind);
        if (kind === null) return null;
        const modifiers: ClassifiedName['modifiers'] = [];
        if (s.kind === 'variable' || s.kind === 'parameter') modifiers.push((s.flags & SymFlag.Mutable) !== 0 ? 'mutable' : 'readonly');
        return { kind, modifiers };
      }
      case 'global': {
        const sym = ref.sym;
        let kind: SemanticTokenKind | null;
        if (sym.kind === 'import') {
          const imp = this.data.env.file(sym.item.uri)?.imports.get(sym.container === null ? sym.name : `${sym.container}::${sym.name}`);
          const target = imp?.target ?? null;
          const inner = target !== null ? this.fromTarget(target) : null;
          return inner !== null && inner.t !== 'global' ? this.classOf(inner) : inner !== null && inner.sym.kind !== 'import' ? this.classOf(inner) : { kind: 'namespace', modifiers: [] };
        }
        kind = tokenKind(sym.kind);
        if (kind === null) return null;
        const modifiers: ClassifiedName['modifiers'] = [];
        if (sym.kind === 'variable') modifiers.push(sym.mutable ? 'mutable' : 'readonly');
        if (sym.kind === 'constant') modifiers.push('readonly');
        return { kind, modifiers };
      }
      case 'builtin': {
        const cat = ref.target.cat;
        const kind: SemanticTokenKind = cat === 'function' ? 'function' : cat === 'macro' ? 'macro' : cat === 'type' ? 'type' : cat === 'variant' ? 'enumMember' : cat === 'namespace' ? 'namespace' : 'variable';
        return { kind, modifiers: cat === 'constant' ? ['readonly', 'defaultLibrary'] : ['defaultLibrary'] };
      }
      case 'module':
        return { kind: 'namespace', modifiers: [] };
      case 'method':
        return { kind: 'method', modifiers: ['defaultLibrary'] };
    }
  }
}

// ---------------------------------------------------------------- helpers

type SymRef =
  | { readonly t: 'local'; readonly item: ItemContext; readonly index: number }
  | { readonly t: 'global'; readonly sym: GlobalSymbol }
  | { readonly t: 'builtin'; readonly target: Extract<Target, { t: 'builtin' }> }
  | { readonly t: 'module'; readonly key: string; readonly name: string }
  /** A method of a builtin type: `builtin:method:string.len`. */
  | { readonly t: 'method'; readonly key: string };

function builtinMethodInfo(key: string): SymbolInfo | null {
  const [table, name] = key.slice('builtin:method:'.length).split('.') as [MethodTableName, string];
  const sig = methodTable(table).get(name);
  if (sig === undefined) return null;
  const container = table === 'common' ? null : TABLE_TYPE_NAMES[table];
  return { id: key, name, kind: 'method', location: null, declaration: null, container, mutable: false, type: renderType(sig.type), signature: sig.label, doc: sig.doc };
}

const TABLE_TYPE_NAMES: Record<MethodTableName, string> = {
  string: 'String', array: 'Array', map: 'HashMap', set: 'HashSet', option: 'Option', result: 'Result', int: 'i64', float: 'f64', bool: 'bool', char: 'char', range: 'Range', common: 'any', actor: 'Actor',
};

function tokenKind(kind: SymbolKind): SemanticTokenKind | null {
  switch (kind) {
    case 'variable':
    case 'constant':
      return 'variable';
    case 'parameter':
      return 'parameter';
    case 'function':
    case 'builtin':
      return 'function';
    case 'method':
      return 'method';
    case 'struct':
    case 'actor':
      return 'struct';
    case 'field':
      return 'property';
    case 'enum':
      return 'enum';
    case 'variant':
      return 'enumMember';
    case 'trait':
    case 'effect':
      return 'interface';
    case 'typeParameter':
      return 'typeParameter';
    case 'module':
      return 'namespace';
    case 'typeAlias':
      return 'type';
    case 'label':
      return 'label';
    case 'import':
      return 'namespace';
  }
}

function builtinInfo(target: Extract<Target, { t: 'builtin' }>): SymbolInfo {
  const id = targetKey(target);
  const base = { id, name: target.name, kind: 'builtin' as SymbolKind, location: null, declaration: null, container: null, mutable: false };
  switch (target.cat) {
    case 'function': {
      const sig = builtinFunctions().get(target.name);
      return { ...base, type: sig !== undefined ? renderType(sig.type) : null, signature: sig?.label ?? null, doc: sig?.doc ?? null };
    }
    case 'macro': {
      const sig = builtinMacros().get(target.name);
      return { ...base, name: `${target.name}!`, type: null, signature: sig !== undefined ? `${target.name}!${sig.label.slice(4 + target.name.length)}` : null, doc: sig?.doc ?? null };
    }
    case 'constant': {
      const c = BUILTIN_CONSTANTS.get(target.name);
      return { ...base, kind: 'constant', type: c !== undefined ? renderType(c.type) : null, signature: null, doc: c?.doc ?? null };
    }
    case 'variant': {
      const v = PRELUDE_VARIANTS.get(target.name);
      return { ...base, kind: 'variant', container: v?.enumName ?? null, type: v?.enumName ?? null, signature: null, doc: v?.doc ?? null };
    }
    case 'type':
      return { ...base, type: target.name, signature: null, doc: BUILTIN_TYPE_DOCS.get(target.name) ?? null };
    case 'namespace':
      return { ...base, kind: 'module', type: null, signature: null, doc: null };
  }
}

function builtinEntry(sig: BuiltinSig): CompletionEntry {
  return { name: sig.name, kind: 'method', detail: sig.label, doc: sig.doc, parameters: sig.paramNames };
}

/** The type parameters a type declaration names (as TypeShapes.typeParamsOf). */
function typeParamNames(sym: GlobalSymbol): string[] {
  const params = (sym.node as { typeParams?: A.TypeParam[] } | null)?.typeParams ?? [];
  return params.filter((p) => !p.isLifetime).map((p) => p.name.name);
}

function hasSelf(m: GlobalSymbol): boolean {
  const node = m.node;
  return node !== null && node.kind === 'FunctionDecl' && (node as A.FunctionDecl).params.some((p) => p.self !== null);
}

function tableFor(t: Type): MethodTableName | null {
  switch (t.k) {
    case 'prim':
      return t.p === 'int' ? 'int' : t.p === 'float' ? 'float' : t.p === 'str' ? 'string' : t.p === 'char' ? 'char' : t.p === 'bool' ? 'bool' : null;
    case 'array':
      return 'array';
    case 'named':
      return t.key === 'Option' ? 'option' : t.key === 'Result' ? 'result' : t.key === 'HashMap' ? 'map' : t.key === 'HashSet' ? 'set' : t.key === 'Range' ? 'range' : null;
    default:
      return null;
  }
}

function fnParams(t: Type | null): string[] | null {
  if (t === null) return null;
  const r = resolve(t);
  return r.k === 'fn' ? r.params.map((_, i) => `_${i}`) : null;
}

/**
 * Whether the program-wide lint of an item can be the same at `step` as at `c.step`: the
 * steps between them flipped none of its keys and touched none of its names.
 */
function unchangedSince(c: ItemDiagnostics, step: LintStep, item: ItemContext): boolean {
  let names: readonly string[] | null = null;
  for (let s: LintStep | null = step; s !== null; s = s.previous) {
    if (s === c.step) return true;
    if (s.flips === null) return false;
    for (const key of c.lintKeys) if (s.flips.has(key)) return false;
    if (s.touched.size > 0) {
      names ??= namesDeclaredBy(item);
      for (const n of names) if (s.touched.has(n)) return false;
    }
  }
  return false;
}

function shiftDiagnostic(d: Diagnostic, delta: number): Diagnostic {
  const start = d.start + delta;
  const end = d.end + delta;
  if (d.related === undefined) {
    if (d.data === undefined) return d.tags === undefined ? { code: d.code, severity: d.severity, message: d.message, start, end } : { code: d.code, severity: d.severity, message: d.message, start, end, tags: d.tags };
    const data = shiftData(d.data, delta);
    return d.tags === undefined ? { code: d.code, severity: d.severity, message: d.message, start, end, data } : { code: d.code, severity: d.severity, message: d.message, start, end, tags: d.tags, data };
  }
  const out: Diagnostic = { code: d.code, severity: d.severity, message: d.message, start, end, related: d.related };
  if (d.tags !== undefined) out.tags = d.tags;
  if (d.data !== undefined) out.data = shiftData(d.data, delta);
  return out;
}

const RANGE_KEYS = ['removal', 'declaration', 'shadowed'];

/** Ranges in quick-fix data (`removal`, `declaration`, `shadowed`) are relative to the item too. */
function shiftData(data: Record<string, unknown>, delta: number): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const key of RANGE_KEYS) {
    const v = data[key] as { start?: number; end?: number; uri?: string } | undefined;
    if (v !== undefined && v !== null && typeof v.start === 'number' && typeof v.end === 'number' && v.uri === undefined) {
      out ??= { ...data };
      out[key] = { start: v.start + delta, end: v.end + delta };
    }
  }
  return out ?? data;
}

function lastAtOrBefore(starts: Int32Array, at: number): number {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (starts[mid] <= at) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

function countCommas(text: string, from: number, to: number): number {
  let depth = 0;
  let count = 0;
  let quote: string | null = null;
  for (let i = from; i < to && i < text.length; i++) {
    const c = text[i];
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) count++;
  }
  return count;
}

function fuzzyScore(name: string, query: string): number {
  if (query === '') return 0;
  if (name === query) return 0;
  if (name.startsWith(query)) return 1;
  if (name.includes(query)) return 2;
  let j = 0;
  for (let i = 0; i < name.length && j < query.length; i++) if (name[i] === query[j]) j++;
  return j === query.length ? 3 : -1;
}

/** An import that names what it imports otherwise: `use m::triple as t3`. */
function isAlias(sym: GlobalSymbol): boolean {
  const entry = sym.importEntry;
  if (sym.kind !== 'import' || entry === null || entry.source !== null || entry.path.length === 0) return false;
  return entry.path[entry.path.length - 1].start !== sym.start;
}

function sortRefs(refs: ReferenceInfo[]): ReferenceInfo[] {
  return refs.sort((a, b) => (a.location.uri < b.location.uri ? -1 : a.location.uri > b.location.uri ? 1 : a.location.start - b.location.start));
}

function dedupeRefs(refs: ReferenceInfo[]): ReferenceInfo[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.location.uri}:${r.location.start}:${r.location.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Symbols without the nameless ones a syntax error leaves (`struct ..`): an editor refuses an empty name. */
function named(symbols: DocumentSymbol[]): DocumentSymbol[] {
  return symbols.filter((s) => s.name !== '').map((s) => (s.children.length > 0 ? { ...s, children: named(s.children) } : s));
}
