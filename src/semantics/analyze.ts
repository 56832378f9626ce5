// analyzeProgram: the semantic analysis of a ProgramView, reusing what it can.
//
// 1. Per ItemRecord (cached forever in a WeakMap, since records are immutable): binding,
//    declarations, lint, metrics. An item whose text did not change is never re-bound.
// 2. Per view: the program tables (globals.ts), then the item dependency graph (an item
//    depends on the items declaring the names it uses, and on the items declaring
//    members of the names it accesses with `.`/`::`). Its strongly connected components
//    are inferred in dependency order, each component together.
// 3. Reuse: a component is taken from the previous analysis when all its records are the
//    same objects, each free name resolves to the same target, and every global it
//    consulted (function signatures, type shapes...) has the same fingerprint now. So an
//    edit inside a function body re-infers that function; if its signature changed, its
//    dependents follow (they consulted the old fingerprint).
// 4. Program-wide lint: unused top-level functions, imports and `let`s.

import { Codes, format } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import type { ItemRecord } from '../workspace/document.js';
import { throwIfCancelled, type CancellationToken, type ProgramView } from '../workspace/program.js';
import type { ProgramAnalysis } from './api.js';
import { bindItem, type Binding } from './binder.js';
import { itemMetrics, type RawMetrics } from './complexity.js';
import { TypeShapes } from './convert.js';
import { declarationsOf } from './declarations.js';
import { ProgramEnv, targetKey, type GlobalSymbol, type ItemContext, type StaticItem } from './globals.js';
import { Inferrer, type ExportInfo, type ExportSource, type ItemInference } from './infer.js';
import { lintItem } from './lint.js';
import { Analysis } from './queries.js';

export interface ItemStatic extends StaticItem {
  lint: Diagnostic[] | null;
  metrics: RawMetrics[] | null;
  /** What the item declares and names, as a string: equal strings mean equal graph edges. */
  graphSignature: string | null;
}

const EMPTY_BINDING: Binding = {
  symbols: [],
  scopes: [],
  refStart: new Int32Array(0),
  refEnd: new Int32Array(0),
  refTarget: new Int32Array(0),
  refFlags: new Uint16Array(0),
  freeNames: [],
  memberNames: [],
  shadows: [],
  diagnostics: [],
};

const statics = new WeakMap<ItemRecord, ItemStatic>();

export function staticOf(record: ItemRecord): ItemStatic {
  let s = statics.get(record);
  if (s === undefined) {
    const stmt = record.stmt;
    let binding = EMPTY_BINDING;
    if (stmt !== null) {
      try {
        binding = bindItem(stmt);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
      }
    }
    s = { binding, decls: declarationsOf(stmt), lint: null, metrics: null, graphSignature: null };
    statics.set(record, s);
  }
  return s;
}

export function lintOf(record: ItemRecord): Diagnostic[] {
  const s = staticOf(record);
  s.lint ??= lintItem(s.binding, record.text);
  return s.lint;
}

export function metricsOf(record: ItemRecord): RawMetrics[] {
  const s = staticOf(record);
  if (s.metrics === null) {
    try {
      s.metrics = itemMetrics(record.stmt);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      s.metrics = [];
    }
  }
  return s.metrics;
}

export interface AnalysisData {
  readonly view: ProgramView;
  readonly env: ProgramEnv;
  readonly shapes: TypeShapes;
  readonly exports: ReadonlyMap<string, ExportInfo>;
  readonly source: ExportSource;
  readonly results: ReadonlyMap<ItemRecord, ItemInference>;
  /** Components in processing order, as [file, item index] pairs (reused when no declaration changed). */
  readonly components: readonly (readonly ItemPosition[])[];
  /** The component of each item position (`uri#index`). */
  readonly componentAt: ReadonlyMap<string, number>;
  /**
   * Which components consulted a key (`written:<uri>` stands for all `written:` keys of a
   * file). Shared between successive analyses and only ever extended: a stale entry costs
   * one unnecessary check, never a wrong reuse.
   */
  readonly consultedBy: Map<string, number[]>;
  /** How often each global is used, written, and each import used, over all items. */
  readonly usage: Usage;
  readonly stats: { itemsAnalyzed: number; itemsReused: number };
}

export interface ItemPosition {
  readonly uri: string;
  readonly index: number;
}

export interface Usage {
  readonly uses: ReadonlyMap<string, number>;
  readonly writes: ReadonlyMap<string, number>;
  readonly imports: ReadonlyMap<string, number>;
}

export function analyzeProgram(view: ProgramView, previous: ProgramAnalysis | null, token: CancellationToken): ProgramAnalysis {
  const env = new ProgramEnv(view, staticOf);
  const prev = previous instanceof Analysis ? previous.data : null;
  const fast = prev !== null ? bodiesOnlyChange(prev, env) : null;
  return fast !== null ? analyzeChanged(view, env, prev!, fast, token) : analyzeAll(view, env, prev, token);
}

/** Every component in dependency order, each reused if still valid. */
function analyzeAll(view: ProgramView, env: ProgramEnv, prev: AnalysisData | null, token: CancellationToken): ProgramAnalysis {
  const shapes = new TypeShapes(env);
  const exports = new Map<string, ExportInfo>();
  const source = exportSource(env, shapes, exports);
  const results = new Map<ItemRecord, ItemInference>();
  const stats = { itemsAnalyzed: 0, itemsReused: 0 };
  const positions = componentsOf(env);
  const componentAt = new Map<string, number>();
  const consultedBy = new Map<string, number[]>();
  positions.forEach((component, c) => {
    throwIfCancelled(token);
    const items = component.map((p) => env.file(p.uri)!.items[p.index]);
    let inferred: ItemInference[] | null = prev === null ? null : [];
    for (const item of items) {
      if (inferred === null) break;
      const old = prev!.results.get(item.record);
      if (old === undefined || !stillValid(old, item, env, source)) inferred = null;
      else inferred.push(old);
    }
    if (inferred !== null) stats.itemsReused += items.length;
    else {
      inferred = new Inferrer(env, shapes, source, { detail: false }).inferComponent(items);
      stats.itemsAnalyzed += items.length;
    }
    for (const p of component) componentAt.set(`${p.uri}#${p.index}`, c);
    for (const result of inferred) {
      results.set(result.item.record, result);
      for (const [key, info] of result.exports) exports.set(key, info);
      index(consultedBy, result, c);
    }
  });
  return new Analysis({ view, env, shapes, exports, source, results, components: positions, componentAt, consultedBy, usage: countUsage(results), stats });
}

/**
 * Only bodies changed: the graph, the resolutions and every fingerprint not derived from a
 * changed item are as before. Components are visited in dependency order, but only those
 * with a changed item or that consulted a key which may have changed; a re-inferred export
 * whose fingerprint changed makes its consumers candidates in turn.
 */
function analyzeChanged(view: ProgramView, env: ProgramEnv, prev: AnalysisData, fast: FastPath, token: CancellationToken): ProgramAnalysis {
  const shapes = new TypeShapes(env);
  const exports = new Map(prev.exports);
  const source = exportSource(env, shapes, exports);
  const results = new Map(prev.results);
  for (const old of fast.removed) results.delete(old.item.record);
  const consultedBy = prev.consultedBy;
  const queue = new MinQueue();
  for (const p of fast.changed) queue.push(prev.componentAt.get(`${p.uri}#${p.index}`)!);
  const suspect = (key: string): void => {
    for (const c of consultedBy.get(key) ?? []) queue.push(c);
  };
  for (const key of fast.suspect) suspect(key);
  for (const uri of fast.changedWrites) suspect(`written:${uri}`);
  const replaced: [ItemInference | null, ItemInference][] = [];
  let analyzed = 0;
  for (let c = queue.pop(); c !== undefined; c = queue.pop()) {
    throwIfCancelled(token);
    const component = prev.components[c];
    const items = component.map((p) => env.file(p.uri)!.items[p.index]);
    if (items.every((item) => {
      const old = prev.results.get(item.record);
      return old !== undefined && stillValid(old, item, env, source);
    })) continue;
    const inferred = new Inferrer(env, shapes, source, { detail: false }).inferComponent(items);
    analyzed += items.length;
    inferred.forEach((result, i) => {
      const old = fast.oldAt(component[i]) ?? null;
      replaced.push([old, result]);
      if (old !== null && old.item.record !== result.item.record) results.delete(old.item.record);
      results.set(result.item.record, result);
      index(consultedBy, result, c);
      for (const [key, info] of result.exports) {
        if (prev.exports.get(key)?.fingerprint !== info.fingerprint) suspect(key);
        exports.set(key, info);
      }
    });
  }
  const total = env.items.length;
  return new Analysis({
    view,
    env,
    shapes,
    exports,
    source,
    results,
    components: prev.components,
    componentAt: prev.componentAt,
    consultedBy,
    usage: updateUsage(prev.usage, replaced, fast.removed),
    stats: { itemsAnalyzed: analyzed, itemsReused: total - analyzed },
  });
}

function index(consultedBy: Map<string, number[]>, result: ItemInference, c: number): void {
  const add = (key: string): void => {
    let list = consultedBy.get(key);
    if (list === undefined) consultedBy.set(key, (list = []));
    if (list[list.length - 1] !== c) list.push(c);
  };
  for (const key of result.consulted.keys()) {
    if (key.startsWith('written:')) add(key.slice(0, key.indexOf('\u0000')));
    else add(key);
  }
}

/** A priority queue of component indexes, smallest first, without duplicates. */
class MinQueue {
  private heap: number[] = [];
  private present = new Set<number>();

  push(n: number): void {
    if (this.present.has(n)) return;
    this.present.add(n);
    const h = this.heap;
    h.push(n);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent] <= h[i]) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  pop(): number | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l] < h[m]) m = l;
        if (r < h.length && h[r] < h[m]) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    this.present.delete(top);
    return top;
  }
}

/** The graph-relevant content of an item: kind, declarations, imports, free and member names. */
function graphSignature(item: ItemContext): string {
  const s = staticOf(item.record);
  if (s.graphSignature === null) {
    const d = s.decls;
    const impls = d.impls.map((i) => `${item.record.text.slice(i.node.selfType.start, i.node.selfType.end)}:${i.node.members.map((m) => m.name.name).join(',')}`);
    const imports = d.imports.map((i) => `${i.keyword}:${i.path.map((p) => p.name).join('::')}:${i.local?.name ?? '*'}:${i.source ?? ''}`);
    s.graphSignature = [
      item.record.stmt?.kind ?? '',
      d.decls.map((x) => `${x.kind}:${x.path}:${x.mutable ? 'm' : ''}:${x.pub ? 'p' : ''}`).join(','),
      impls.join(';'),
      imports.join(';'),
      item.binding.freeNames.join(','),
      item.binding.memberNames.join(','),
    ].join('|');
  }
  return s.graphSignature;
}

interface FastPath {
  /** Positions whose record changed. */
  readonly changed: readonly ItemPosition[];
  /** Keys whose fingerprint may differ from the previous analysis. */
  readonly suspect: Set<string>;
  /** Files whose `written:` keys may differ. */
  readonly changedWrites: ReadonlySet<string>;
  readonly removed: readonly ItemInference[];
  oldAt(p: ItemPosition): ItemInference | undefined;
}

/**
 * When every file has the same items as before, each either the same record or one with
 * the same graph signature (an edit inside a body), returns what may have changed.
 */
function bodiesOnlyChange(prev: AnalysisData, env: ProgramEnv): FastPath | null {
  const oldFiles = prev.env.files;
  if (oldFiles.size !== env.files.size) return null;
  const suspect = new Set<string>();
  const changedWrites = new Set<string>();
  const removed: ItemInference[] = [];
  const changed: ItemPosition[] = [];
  for (const [uri, file] of env.files) {
    const old = oldFiles.get(uri);
    if (old === undefined) return null;
    if (old.doc === file.doc) continue;
    if (old.items.length !== file.items.length) return null;
    for (let i = 0; i < file.items.length; i++) {
      const item = file.items[i];
      const before = old.items[i];
      if (item.record === before.record) continue;
      if (graphSignature(item) !== graphSignature(before)) return null;
      changed.push({ uri, index: i });
      changedWrites.add(uri);
      const oldResult = prev.results.get(before.record);
      if (oldResult !== undefined) removed.push(oldResult);
      // Shapes of types declared or extended here may differ.
      for (const d of item.decls.decls) suspect.add(`${uri}::${d.path}`);
      for (const impl of item.decls.impls) {
        const target = env.resolveTypeNode(item, impl.node.selfType);
        if (target !== null) suspect.add(target.key);
      }
    }
  }
  return {
    changed,
    suspect,
    changedWrites,
    removed,
    oldAt: (p) => {
      const before = oldFiles.get(p.uri)?.items[p.index];
      return before === undefined ? undefined : prev.results.get(before.record);
    },
  };
}

function countUsage(results: ReadonlyMap<ItemRecord, ItemInference>): Usage {
  const uses = new Map<string, number>();
  const writes = new Map<string, number>();
  const imports = new Map<string, number>();
  for (const r of results.values()) addUsage(r, uses, writes, imports, 1);
  return { uses, writes, imports };
}

function updateUsage(prev: Usage, replaced: readonly [ItemInference | null, ItemInference][], removed: readonly ItemInference[]): Usage {
  if (replaced.length === 0 && removed.length === 0) return prev;
  const uses = new Map(prev.uses);
  const writes = new Map(prev.writes);
  const imports = new Map(prev.imports);
  const gone = new Set<ItemInference>(removed);
  for (const [old] of replaced) if (old !== null) gone.add(old);
  for (const old of gone) addUsage(old, uses, writes, imports, -1);
  for (const [, fresh] of replaced) addUsage(fresh, uses, writes, imports, 1);
  return { uses, writes, imports };
}

function addUsage(r: ItemInference, uses: Map<string, number>, writes: Map<string, number>, imports: Map<string, number>, delta: number): void {
  const bump = (map: Map<string, number>, key: string): void => {
    const n = (map.get(key) ?? 0) + delta;
    if (n === 0) map.delete(key);
    else map.set(key, n);
  };
  for (const k of r.globalUses) bump(uses, k);
  for (const k of r.globalWrites) bump(writes, k);
  for (const k of r.usedImports) bump(imports, k);
}

function exportSource(env: ProgramEnv, shapes: TypeShapes, exports: Map<string, ExportInfo>): ExportSource {
  const cache = new Map<string, string>();
  return {
    get: (key) => exports.get(key),
    fingerprint: (key) => {
      const e = exports.get(key);
      if (e !== undefined) return e.fingerprint;
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      let fp = '';
      const info = env.types.get(key);
      if (info !== undefined) fp = shapes.shape(info).fingerprint;
      else if (key.startsWith('members:')) fp = (env.membersByName.get(key.slice(8)) ?? []).map((m) => m.key).join(',');
      else if (key.startsWith('written:')) {
        const rest = key.slice(8);
        const at = rest.indexOf('\u0000');
        fp = env.isWritten(rest.slice(0, at), rest.slice(at + 1)) ? 'w' : '';
      }
      else {
        const sym = env.symbols.get(key);
        if (sym !== undefined) fp = `${sym.kind}:${sym.mutable ? 'm' : ''}`;
      }
      cache.set(key, fp);
      return fp;
    },
  };
}

function stillValid(old: ItemInference, item: ItemContext, env: ProgramEnv, source: ExportSource): boolean {
  for (const [name, key] of old.resolutions) {
    if (targetKey(env.resolveName(item, name)?.target ?? null) !== key) return false;
  }
  for (const [key, fp] of old.consulted) {
    if (source.fingerprint(key) !== fp) return false;
  }
  return true;
}

// ---------------------------------------------------------------- dependency graph

/** Items grouped in strongly connected components, dependencies first. */
function componentsOf(env: ProgramEnv): ItemPosition[][] {
  const items = env.items;
  const index = new Map<ItemContext, number>();
  items.forEach((item, i) => index.set(item, i));
  // Items that declare a global or member of a given simple name.
  const byName = new Map<string, number[]>();
  const add = (name: string, i: number): void => {
    let list = byName.get(name);
    if (list === undefined) byName.set(name, (list = []));
    if (list[list.length - 1] !== i) list.push(i);
  };
  for (const sym of env.symbols.values()) {
    const i = index.get(sym.item);
    if (i !== undefined && sym.kind !== 'import') add(sym.name, i);
  }
  const edges: number[][] = items.map((item, i) => {
    const deps = new Set<number>();
    const b = item.binding;
    for (const name of b.freeNames) {
      const res = env.resolveName(item, name);
      const t = res?.target;
      if (t === undefined) continue;
      const sym = t.t === 'sym' ? t.sym : t.t === 'module' ? t.sym : null;
      if (sym !== null) {
        const j = index.get(sym.item);
        if (j !== undefined && j !== i) deps.add(j);
      }
    }
    for (const name of b.memberNames) {
      for (const j of byName.get(name) ?? []) if (j !== i) deps.add(j);
    }
    return [...deps];
  });
  return tarjan(items.length, edges).map((c) => c.map((i) => ({ uri: items[i].uri, index: items[i].index })));
}

/** Tarjan's algorithm, iterative; components come out dependencies first. */
function tarjan(n: number, edges: number[][]): number[][] {
  const indexOf = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  const work: { v: number; e: number }[] = [];
  for (let root = 0; root < n; root++) {
    if (indexOf[root] >= 0) continue;
    work.push({ v: root, e: 0 });
    indexOf[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const v = frame.v;
      const succ = edges[v];
      if (frame.e < succ.length) {
        const w = succ[frame.e++];
        if (indexOf[w] < 0) {
          indexOf[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push({ v: w, e: 0 });
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], indexOf[w]);
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].v;
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === indexOf[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        component.sort((a, b) => a - b);
        out.push(component);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- program-wide lint

/** Diagnostics of a file that need the whole program: duplicates, imports, unused top-level names. */
export function programLint(env: ProgramEnv, usage: Usage, uri: string): Diagnostic[] {
  const file = env.file(uri);
  if (file === undefined) return [];
  const used = (key: string): boolean => usage.uses.has(key) || env.isImportTarget(key);
  const list: Diagnostic[] = [...file.diagnostics];
  const push = (code: (typeof Codes)[keyof typeof Codes], sym: GlobalSymbol, start: number, end: number, data: Record<string, unknown>): void => {
    list.push({
      code: code.code,
      severity: code.severity,
      message: format(code.template, { name: sym.name }),
      start,
      end,
      ...(code === Codes.UnnecessaryMut ? {} : { tags: ['unnecessary' as const] }),
      data,
    });
  };
  const absolute = (sym: GlobalSymbol, start: number, end: number): { start: number; end: number } => ({ start: sym.item.offset + start, end: sym.item.offset + end });
  for (const sym of file.hoisted.values()) {
    if (sym.kind !== 'function' || sym.pub || sym.name === 'main' || sym.name.startsWith('_') || used(sym.key)) continue;
    const fn = sym.node as A.FunctionDecl;
    if (fn.kind !== 'FunctionDecl' || fn.attributes.some((a) => a.name === 'test')) continue;
    const name = absolute(sym, sym.start, sym.end);
    push(Codes.UnusedFunction, sym, name.start, name.end, { name: sym.name, removal: absolute(sym, sym.declStart, sym.declEnd) });
  }
  for (const lets of file.lets.values()) {
    for (const sym of lets) {
      if (sym.name.startsWith('_')) continue;
      const name = absolute(sym, sym.start, sym.end);
      if (!used(sym.key)) {
        const data: Record<string, unknown> = { name: sym.name, rename: `_${sym.name}` };
        const stmt = sym.letStmt;
        if (stmt !== null && stmt.pattern.kind === 'IdentPattern') data.removal = absolute(sym, stmt.start, stmt.end);
        push(Codes.UnusedVariable, sym, name.start, name.end, data);
      } else if (sym.mutable && !usage.writes.has(sym.key)) {
        const pattern = sym.node as A.IdentPattern;
        const mut = absolute(sym, pattern.start, sym.end);
        push(Codes.UnnecessaryMut, sym, mut.start, mut.end, { name: sym.name, removal: absolute(sym, pattern.start, sym.start) });
      }
    }
  }
  for (const sym of file.importSymbols) {
    if (usage.imports.has(sym.key) || sym.name.startsWith('_')) continue;
    const name = absolute(sym, sym.start, sym.end);
    push(Codes.UnusedImport, sym, name.start, name.end, { name: sym.name, removal: absolute(sym, sym.declStart, sym.declEnd) });
  }
  return list;
}
