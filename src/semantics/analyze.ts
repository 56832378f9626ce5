// analyzeProgram: the semantic analysis of a ProgramView, reusing what it can.
//
// 1. Per ItemRecord (cached forever in a WeakMap, since records are immutable): binding,
//    declarations, lint, metrics. An item whose text did not change is never re-bound.
// 2. Per view: the program tables (globals.ts, derived from the previous view's: per-file
//    tables and symbols are shared, resolutions carried over), then the item dependency
//    graph (an item depends on the items declaring the names it uses, and on the items
//    declaring members of the names it accesses with `.`/`::`). Its strongly connected
//    components are inferred in dependency order, each component together.
// 3. Reuse: an item's inference stays valid while its record is the same object, it is
//    in the same component as when inferred, each free name resolves to the same target
//    and every global it consulted (signatures, type shapes, member tables, ...) has the
//    same fingerprint. Given the previous analysis, only the components that may have
//    lost that are visited (analyzeIncremental): those of added items, those whose
//    grouping changed, those that consulted a key an added or removed item declares, or
//    resolved a name whose meaning may have changed (EnvChange.touched). They are visited
//    in dependency order; one whose re-inferred exports got a new fingerprint makes its
//    consumers candidates in turn. Whatever the edit (inside a body, or renaming and
//    adding declarations), the work is proportional to what it can affect, and the result
//    is the one a cold analysis gives.
// 4. Program-wide lint: unused top-level functions, imports and `let`s.

import { Codes, format } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import type { ItemRecord } from '../workspace/document.js';
import { throwIfCancelled, type CancellationToken, type ProgramView } from '../workspace/program.js';
import { runToEnd, type Steps } from '../workspace/slices.js';
import type { ProgramAnalysis } from './api.js';
import { bindItem, type Binding } from './binder.js';
import { itemMetrics, type RawMetrics } from './complexity.js';
import { TypeShapes } from './convert.js';
import { declarationsOf } from './declarations.js';
import { declarationSignature, letsOfItem, mutatesFreeNames, namesDeclaredBy, ProgramEnv, targetKey, writtenFreeNames, type EnvChange, type GlobalSymbol, type ItemContext, type ItemCore, type StaticItem } from './globals.js';
import { Inferrer, type ExportInfo, type ExportSource, type ItemInference } from './infer.js';
import { LayeredMap } from './layered.js';
import { lintItem } from './lint.js';
import { Analysis } from './queries.js';

export interface ItemStatic extends StaticItem {
  lint: Diagnostic[] | null;
  metrics: RawMetrics[] | null;
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
    s = { binding, decls: declarationsOf(stmt), lint: null, metrics: null };
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
  /** Layered: each analysis writes over its predecessor's (see layered.ts), so an edit copies nothing. */
  readonly exports: LayeredMap<string, ExportInfo>;
  readonly source: ExportSource;
  readonly results: LayeredMap<ItemRecord, ItemInference>;
  readonly graph: Graph;
  /** Which items consulted which keys; shared by successive analyses (see ConsultIndex). */
  readonly index: ConsultIndex;
  /** How often each global is used, written, and each import used, over all items. */
  readonly usage: Usage;
  /** What may have changed for the program-wide lint since the previous analysis. */
  readonly lintStep: LintStep;
  readonly stats: { itemsAnalyzed: number; itemsReused: number };
}

/**
 * The dependency graph of one view, over the items of `env.items` by index: its strongly
 * connected components in processing order (dependencies first).
 */
export interface Graph {
  /** Dependencies of each item. */
  readonly edges: readonly (readonly number[])[];
  /** Components, as item indexes. */
  readonly components: readonly (readonly number[])[];
  /** The component of each item. */
  readonly componentOf: Int32Array;
  /** The index of each item by record id. */
  readonly indexOfId: LayeredMap<number, number>;
  /** The components may differ from the previous graph's. */
  readonly regrouped: boolean;
  /** Lazily: the items declaring a global or member of each simple name (shared while declarations keep their places). */
  readonly byName: { map: Map<string, number[]> | null };
}

/**
 * One analysis's step in a chain of analyses derived from each other: the keys whose being
 * used, written or imported flipped, and the names whose declarations may have changed.
 * Cached lint results of an item stay valid across steps that touch none of its keys and
 * names (queries.ts). The chain is cut after a few steps, so old steps can be collected.
 */
export interface LintStep {
  readonly previous: LintStep | null;
  /** Null: anything may have changed. */
  readonly flips: ReadonlySet<string> | null;
  readonly touched: ReadonlySet<string>;
  readonly depth: number;
}

const LINT_CHAIN = 8;

export interface Usage {
  readonly uses: LayeredMap<string, number>;
  readonly writes: LayeredMap<string, number>;
  readonly imports: LayeredMap<string, number>;
}

export function analyzeProgram(view: ProgramView, previous: ProgramAnalysis | null, token: CancellationToken): ProgramAnalysis {
  return runToEnd(analysisSteps(view, previous, token));
}

/**
 * analyzeProgram as steps (see workspace/slices.ts): it yields after binding each new
 * item and after each component, so that a server can analyse a large program in slices.
 */
export function* analysisSteps(view: ProgramView, previous: ProgramAnalysis | null, token: CancellationToken): Steps<ProgramAnalysis> {
  // Binding the new items is most of the work of building the program tables: one at a time.
  for (const document of view.files.values()) {
    for (const record of document.items) {
      if (statics.has(record)) continue;
      staticOf(record);
      yield;
    }
  }
  throwIfCancelled(token);
  const prev = previous instanceof Analysis ? previous.data : null;
  const env = new ProgramEnv(view, staticOf, prev?.env ?? null);
  yield;
  return prev !== null && env.change !== null ? yield* analyzeIncremental(view, env, prev, env.change, token) : yield* analyzeAll(view, env, prev, token);
}

/** Every component in dependency order, each reused from `prev` if still valid. */
function* analyzeAll(view: ProgramView, env: ProgramEnv, prev: AnalysisData | null, token: CancellationToken): Steps<ProgramAnalysis> {
  const shapes = new TypeShapes(env);
  const exports = LayeredMap.of<string, ExportInfo>();
  const source = exportSource(env, shapes, exports);
  const results = LayeredMap.of<ItemRecord, ItemInference>();
  const stats = { itemsAnalyzed: 0, itemsReused: 0 };
  const graph = yield* buildGraph(env, null, null);
  const index = new ConsultIndex();
  for (const component of graph.components) {
    yield;
    throwIfCancelled(token);
    const items = component.map((i) => env.items[i]);
    let inferred: (ItemInference | undefined)[] | null = prev === null ? null : items.map((item) => prev.results.get(item.record));
    if (inferred !== null && !(sameGroup(items, inferred) && inferred.every((old, i) => stillValid(old!, items[i], env, source)))) inferred = null;
    if (inferred !== null) stats.itemsReused += items.length;
    else {
      inferred = new Inferrer(env, shapes, source, { detail: false }).inferComponent(items);
      stats.itemsAnalyzed += items.length;
    }
    for (const result of inferred as ItemInference[]) {
      results.set(result.item.record, result);
      index.add(result);
      for (const [key, info] of result.exports) if (ownsExport(env, key, result.item.record)) exports.set(key, info);
    }
  }
  index.settle();
  const lintStep: LintStep = { previous: null, flips: null, touched: new Set(), depth: 0 };
  return new Analysis({ view, env, shapes, exports, source, results, graph, index, usage: countUsage(results), lintStep, stats });
}

/**
 * The previous analysis, brought up to date: only the components that may have changed
 * are visited (see the header), in dependency order.
 */
function* analyzeIncremental(view: ProgramView, env: ProgramEnv, prev: AnalysisData, change: EnvChange, token: CancellationToken): Steps<ProgramAnalysis> {
  const shapes = new TypeShapes(env);
  const exports = prev.exports.derive();
  const source = exportSource(env, shapes, exports);
  const results = prev.results.derive();
  const index = prev.index.owner(prev.results);
  const graph = yield* buildGraph(env, prev.graph, index);
  const queue = new MinQueue();
  const mark = (id: number): void => {
    const i = graph.indexOfId.get(id);
    if (i !== undefined) queue.push(graph.componentOf[i]);
  };
  const suspect = (key: string): void => {
    const ids = index.get(key);
    if (ids !== undefined) for (const id of ids) mark(id);
  };
  const changedItem = (item: ItemCore, e: ProgramEnv): void => {
    for (const key of e.keysDeclaredBy(item)) suspect(key);
    if (namesDeclaredBy(item).length > 0) suspect(`names:${item.uri}`);
    if (writtenFreeNames(item.binding).length > 0) suspect(`written:${item.uri}`);
    if (mutatesFreeNames(item.binding)) suspect(`pushes:${item.uri}`);
    // A top-level `let` added or removed renumbers the later lets of its name (`x`, `x#2`):
    // their items export under new keys, so they are analysed again.
    const file = env.file(item.uri);
    if (file !== undefined) for (const d of item.decls.decls) if (d.kind === 'variable') for (const sym of file.lets.get(d.path) ?? []) mark(sym.item.record.id);
  };

  const removed: ItemInference[] = [];
  for (const item of change.removed) {
    const old = results.get(item.record);
    if (old === undefined) continue;
    removed.push(old);
    results.delete(item.record);
    for (const [key, info] of old.exports) {
      if (exports.get(key) !== info) continue;
      exports.delete(key);
      suspect(key);
    }
    changedItem(item, prev.env);
  }
  for (const item of change.added) {
    mark(item.record.id);
    changedItem(item, env);
  }
  for (const name of change.touched) suspect(`res:${name}`);
  // Components whose grouping changed (an item joined or left a cycle).
  if (graph.regrouped) {
    graph.components.forEach((component, c) => {
      if (!sameGroup(component.map((i) => env.items[i]), component.map((i) => results.get(env.items[i].record)))) queue.push(c);
    });
  }

  const fresh = new Map<ItemRecord, ItemInference>();
  let analyzed = 0;
  for (let c = queue.pop(); c !== undefined; c = queue.pop()) {
    yield;
    throwIfCancelled(token);
    const items = graph.components[c].map((i) => env.items[i]);
    const olds = items.map((item) => results.get(item.record));
    if (sameGroup(items, olds) && olds.every((old, i) => stillValid(old!, items[i], env, source) && letKeysExported(old!, items[i], env))) continue;
    const inferred = new Inferrer(env, shapes, source, { detail: false }).inferComponent(items);
    analyzed += items.length;
    inferred.forEach((result, i) => {
      const old = olds[i];
      const record = result.item.record;
      results.set(record, result);
      fresh.set(record, result);
      index.add(result);
      // Former companions that are not in this component any more are grouped differently.
      if (old !== undefined && old.group.records.length > 1) for (const r of old.group.records) if (r !== record) mark(r.id);
      for (const [key, info] of result.exports) {
        if (!ownsExport(env, key, record)) continue;
        const before = exports.get(key);
        exports.set(key, info);
        if (before?.fingerprint !== info.fingerprint) suspect(key);
      }
      if (old !== undefined) {
        for (const [key, info] of old.exports) {
          if (result.exports.has(key) || exports.get(key) !== info) continue;
          exports.delete(key);
          suspect(key);
        }
      }
    });
  }
  index.settle();
  const total = env.items.length;
  const flips = new Set<string>();
  const usage = updateUsage(prev.usage, prev.results, fresh, removed, flips);
  return new Analysis({
    view,
    env,
    shapes,
    exports,
    source,
    results,
    graph,
    index,
    usage,
    lintStep: { previous: prev.lintStep.depth < LINT_CHAIN ? prev.lintStep : null, flips, touched: change.touched, depth: prev.lintStep.depth < LINT_CHAIN ? prev.lintStep.depth + 1 : 0 },
    stats: { itemsAnalyzed: analyzed, itemsReused: total - fresh.size },
  });
}

/** Whether `results` were inferred together as exactly this component. */
function sameGroup(items: readonly ItemContext[], results: readonly (ItemInference | undefined)[]): boolean {
  const first = results[0];
  if (first === undefined || first.group.records.length !== items.length) return false;
  for (let i = 0; i < items.length; i++) {
    const r = results[i];
    if (r === undefined || r.group !== first.group || r.item.record !== items[i].record) return false;
  }
  return true;
}

/** Only the declaring item of a global sets its export (a duplicate declaration does not). */
function ownsExport(env: ProgramEnv, key: string, record: ItemRecord): boolean {
  const sym = env.symbols.get(key);
  return sym === undefined || sym.item.record === record;
}

/**
 * Which items (by record id) consulted each key (`written:<uri>` stands for every
 * `written:` key of a file, `pushes:<uri>` for every `pushes:` key), resolved each name (`res:<name>`, also each segment of a
 * path) or accessed a member of each name (`mem:<name>`). Shared by successive analyses and only ever extended: a stale entry costs one
 * unnecessary validity check, never a wrong reuse. Ids, not records, so that the items of
 * old versions are not kept alive; rebuilt from the live results when it has grown well
 * beyond them (an analysis derived from one that has been derived from already, or
 * after a cancelled attempt, only adds entries it would have added anyway).
 */
class ConsultIndex {
  private readonly map = new Map<string, Set<number>>();
  private entries = 0;
  private liveAtBuild = 0;

  add(result: ItemInference): void {
    const id = result.item.record.id;
    for (const key of result.consulted.keys()) {
      this.put(key.startsWith('written:') || key.startsWith('pushes:') ? key.slice(0, key.indexOf('\u0000')) : key, id);
    }
    for (const name of result.resolutions.keys()) {
      this.put(`res:${name}`, id);
      if (name.endsWith('!')) this.put(`res:${name.slice(0, -1)}`, id);
      if (name.includes('::')) for (const segment of name.split('::')) this.put(`res:${segment}`, id);
    }
    for (const name of result.item.binding.memberNames) this.put(`mem:${name}`, id);
  }

  get(key: string): ReadonlySet<number> | undefined {
    return this.map.get(key);
  }

  /** The index for an analysis derived from one using this index: itself, or rebuilt from the live results when worn out. */
  owner(results: LayeredMap<ItemRecord, ItemInference>): ConsultIndex {
    if (this.entries <= 4 * this.liveAtBuild + 20_000) return this;
    const fresh = new ConsultIndex();
    results.forEach((r) => fresh.add(r));
    fresh.settle();
    return fresh;
  }

  /** Marks the current size as the baseline after a full build. */
  settle(): void {
    if (this.liveAtBuild === 0) this.liveAtBuild = this.entries;
  }

  private put(key: string, id: number): void {
    let set = this.map.get(key);
    if (set === undefined) this.map.set(key, (set = new Set()));
    const size = set.size;
    set.add(id);
    if (set.size !== size) this.entries++;
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

function countUsage(results: LayeredMap<ItemRecord, ItemInference>): Usage {
  const uses = LayeredMap.of<string, number>();
  const writes = LayeredMap.of<string, number>();
  const imports = LayeredMap.of<string, number>();
  results.forEach((r) => addUsage(r, uses, writes, imports, 1));
  return { uses, writes, imports };
}

/** `prev` with the counts of the replaced and removed results taken out and those of the fresh ones added. */
function updateUsage(prev: Usage, before: LayeredMap<ItemRecord, ItemInference>, fresh: ReadonlyMap<ItemRecord, ItemInference>, removed: readonly ItemInference[], flips: Set<string>): Usage {
  if (fresh.size === 0 && removed.length === 0) return prev;
  const uses = prev.uses.derive();
  const writes = prev.writes.derive();
  const imports = prev.imports.derive();
  for (const old of removed) addUsage(old, uses, writes, imports, -1, flips);
  for (const [record, r] of fresh) {
    const old = before.get(record);
    if (old !== undefined) addUsage(old, uses, writes, imports, -1, flips);
    addUsage(r, uses, writes, imports, 1, flips);
  }
  return { uses, writes, imports };
}

/** Adds (or takes out) the counts of one result; keys that start or stop being counted go to `flips`. */
function addUsage(r: ItemInference, uses: LayeredMap<string, number>, writes: LayeredMap<string, number>, imports: LayeredMap<string, number>, delta: number, flips?: Set<string>): void {
  const bump = (map: LayeredMap<string, number>, key: string): void => {
    const before = map.get(key) ?? 0;
    const n = before + delta;
    if (n === 0) map.delete(key);
    else map.set(key, n);
    if (flips !== undefined && (before === 0) !== (n === 0)) flips.add(key);
  };
  for (const k of r.globalUses) bump(uses, k);
  for (const k of r.globalWrites) bump(writes, k);
  for (const k of r.usedImports) bump(imports, k);
}

function exportSource(env: ProgramEnv, shapes: TypeShapes, exports: LayeredMap<string, ExportInfo>): ExportSource {
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
      else if (key.startsWith('members:')) fp = (env.membersByName.get(key.slice(8)) ?? []).map((m) => `${m.key}:${m.kind}`).join(',');
      else if (key.startsWith('names:')) fp = env.namesFingerprint(key.slice(6));
      else if (key.startsWith('pushes:')) {
        const rest = key.slice(7);
        const at = rest.indexOf('\u0000');
        fp = env.pushedKinds(rest.slice(0, at), rest.slice(at + 1));
      }
      else if (key.startsWith('written:')) {
        const rest = key.slice(8);
        const at = rest.indexOf('\u0000');
        fp = env.isWritten(rest.slice(0, at), rest.slice(at + 1)) ? 'w' : '';
      } else {
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

/**
 * Items grouped in strongly connected components, dependencies first. An item depends on
 * the items declaring what its free names resolve to, and on every item declaring a
 * global or member with the name of a member it accesses.
 *
 * Given the previous view's graph, when every file has as many items as before (an edit
 * inside items), the edges of an item can only differ if it is new or one of its names
 * is touched (declared or resolved differently): only those are computed again, and the
 * components are only computed again if one of them did change.
 */
function* buildGraph(env: ProgramEnv, prev: Graph | null, index: ConsultIndex | null): Steps<Graph> {
  const items = env.items;
  const n = items.length;
  const change = env.change;
  const fileStart = new Map<string, number>();
  let at = 0;
  for (const file of env.files.values()) {
    fileStart.set(file.uri, at);
    at += file.items.length;
  }
  const indexOf = (item: ItemCore): number => {
    const local = env.file(item.uri)?.indexOf.get(item.record);
    return local === undefined ? -1 : fileStart.get(item.uri)! + local;
  };
  const reusable = prev !== null && index !== null && change !== null && prev.edges.length === n && sameItemCounts(change) ? { prev, index, change } : null;
  const byName: Graph['byName'] = reusable !== null && sameDeclarations(reusable.change) ? reusable.prev.byName : { map: null };
  const declaring = (name: string): readonly number[] => {
    if (byName.map === null) {
      const map = new Map<string, number[]>();
      for (const sym of env.symbols.values()) {
        if (sym.kind === 'import') continue;
        const i = indexOf(sym.item);
        if (i < 0) continue;
        let list = map.get(sym.name);
        if (list === undefined) map.set(sym.name, (list = []));
        if (list[list.length - 1] !== i) list.push(i);
      }
      byName.map = map;
    }
    return byName.map.get(name) ?? [];
  };
  const edgesOf = (i: number): number[] => {
    const item = items[i];
    const deps = new Set<number>();
    const b = item.binding;
    for (const name of b.freeNames) {
      const t = env.resolveName(item, name)?.target;
      if (t === undefined) continue;
      const sym = t.t === 'sym' ? t.sym : t.t === 'module' ? t.sym : null;
      if (sym !== null) {
        const j = indexOf(sym.item);
        if (j >= 0 && j !== i) deps.add(j);
      }
    }
    for (const name of b.memberNames) {
      for (const j of declaring(name)) if (j !== i) deps.add(j);
    }
    return [...deps];
  };

  if (reusable !== null) {
    const { prev, index, change } = reusable;
    const indexOfId = change.added.length === 0 ? prev.indexOfId : prev.indexOfId.derive();
    const again = new Set<number>();
    for (const item of change.removed) indexOfId.delete(item.record.id);
    for (const item of change.added) {
      const i = indexOf(item);
      indexOfId.set(item.record.id, i);
      again.add(i);
    }
    for (const name of change.touched) {
      for (const key of [`res:${name}`, `mem:${name}`]) {
        for (const id of index.get(key) ?? []) {
          const i = indexOfId.get(id);
          if (i !== undefined) again.add(i);
        }
      }
    }
    let edges = prev.edges as number[][];
    let changed = false;
    for (const i of again) {
      yield;
      const e = edgesOf(i);
      const old = edges[i];
      if (e.length === old.length && e.every((j, k) => j === old[k])) continue;
      if (!changed) edges = edges.slice();
      changed = true;
      edges[i] = e;
    }
    if (!changed) return { edges, components: prev.components, componentOf: prev.componentOf, indexOfId, regrouped: false, byName };
    return { ...grouped(n, edges), indexOfId, regrouped: true, byName };
  }
  const edges: number[][] = [];
  for (let i = 0; i < n; i++) {
    edges.push(edgesOf(i));
    if (i % 64 === 63) yield;
  }
  const indexOfId = LayeredMap.of<number, number>();
  items.forEach((item, i) => indexOfId.set(item.record.id, i));
  return { ...grouped(n, edges), indexOfId, regrouped: true, byName };
}

/** Whether every added item declares the same names as the item it replaced (see sameItemCounts). */
function sameDeclarations(change: EnvChange): boolean {
  const before = new Map<string, string>();
  for (const item of change.removed) before.set(`${item.uri}#${item.index}`, declarationSignature(item));
  return change.added.every((item) => before.get(`${item.uri}#${item.index}`) === declarationSignature(item));
}

/** Whether every added item took the place of a removed one (then every other item kept its index). */
function sameItemCounts(change: EnvChange): boolean {
  if (change.removed.length !== change.added.length) return false;
  const places = new Set<string>();
  for (const item of change.removed) places.add(`${item.uri}#${item.index}`);
  return change.added.every((item) => places.has(`${item.uri}#${item.index}`));
}

function grouped(n: number, edges: readonly (readonly number[])[]): { edges: readonly (readonly number[])[]; components: number[][]; componentOf: Int32Array } {
  const components = tarjan(n, edges);
  const componentOf = new Int32Array(n);
  components.forEach((c, k) => {
    for (const i of c) componentOf[i] = k;
  });
  return { edges, components, componentOf };
}

/** Tarjan's algorithm, iterative; components come out dependencies first. */
function tarjan(n: number, edges: readonly (readonly number[])[]): number[][] {
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

/** The globals of one item that the program-wide lint looks at. */
export interface LintSymbols {
  readonly functions: GlobalSymbol[];
  readonly lets: GlobalSymbol[];
  readonly imports: GlobalSymbol[];
}

/** Whether a result exports every top-level `let` of its item under the key it has now (see changedItem). */
function letKeysExported(result: ItemInference, item: ItemCore, env: ProgramEnv): boolean {
  const file = env.file(item.uri);
  if (file === undefined) return true;
  for (const d of item.decls.decls) {
    if (d.kind !== 'variable') continue;
    for (const sym of letsOfItem(file.lets.get(d.path), item.record)) if (!result.exports.has(sym.key)) return false;
  }
  return true;
}

/** The lint symbols of an item (null when it has none). */
export function lintSymbolsOf(env: ProgramEnv, item: ItemCore): LintSymbols | null {
  const file = env.file(item.uri);
  if (file === undefined) return null;
  let out: LintSymbols | null = null;
  const of = (): LintSymbols => (out ??= { functions: [], lets: [], imports: [] });
  for (const d of item.decls.decls) {
    if (d.kind === 'variable') {
      for (const sym of letsOfItem(file.lets.get(d.path), item.record)) if (sym.start === d.start) of().lets.push(sym);
    } else if (d.kind === 'function') {
      const sym = file.hoisted.get(d.path);
      if (sym !== undefined && sym.item.record === item.record && sym.kind === 'function') of().functions.push(sym);
    }
  }
  if (item.decls.imports.length > 0) for (const sym of file.importSymbols) if (sym.item.record === item.record) of().imports.push(sym);
  return out;
}

/** Equal states give equal `programLintItem` diagnostics for the item (computed without allocating much). */
export function lintStateOf(env: ProgramEnv, usage: Usage, item: ItemCore): string {
  const file = env.file(item.uri);
  if (file === undefined) return '';
  let state = '';
  const used = (key: string): boolean => usage.uses.has(key) || env.isImportTarget(key);
  for (const d of item.decls.decls) {
    if (d.kind === 'variable') {
      for (const sym of letsOfItem(file.lets.get(d.path), item.record)) {
        if (sym.start === d.start) state += used(sym.key) ? (usage.writes.has(sym.key) ? '3' : '2') : '0';
      }
    } else if (d.kind === 'function') {
      const sym = file.hoisted.get(d.path);
      state += sym !== undefined && sym.item.record === item.record && sym.kind === 'function' ? (used(sym.key) ? '1' : '0') : '-';
    }
  }
  if (item.decls.imports.length > 0) for (const sym of file.importSymbols) if (sym.item.record === item.record) state += usage.imports.has(sym.key) ? 'i' : 'u';
  return state;
}

/** Unused top-level functions, imports and `let`s, and unnecessary `mut`s of one item, relative to it. */
export function programLintItem(env: ProgramEnv, usage: Usage, syms: LintSymbols): Diagnostic[] {
  const used = (key: string): boolean => usage.uses.has(key) || env.isImportTarget(key);
  const list: Diagnostic[] = [];
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
  for (const sym of syms.functions) {
    if (sym.pub || sym.name === 'main' || sym.name.startsWith('_') || used(sym.key)) continue;
    const fn = sym.node as A.FunctionDecl;
    if (fn.kind !== 'FunctionDecl' || fn.attributes.some((a) => a.name === 'test')) continue;
    push(Codes.UnusedFunction, sym, sym.start, sym.end, { name: sym.name, removal: { start: sym.declStart, end: sym.declEnd } });
  }
  for (const sym of syms.lets) {
    if (sym.name.startsWith('_')) continue;
    if (!used(sym.key)) {
      const data: Record<string, unknown> = { name: sym.name, rename: `_${sym.name}` };
      const stmt = sym.letStmt;
      if (stmt !== null && stmt.pattern.kind === 'IdentPattern') data.removal = { start: stmt.start, end: stmt.end };
      push(Codes.UnusedVariable, sym, sym.start, sym.end, data);
    } else if (sym.mutable && !usage.writes.has(sym.key)) {
      const pattern = sym.node as A.IdentPattern;
      // After a syntax error the node may not be the `mut name` pattern around the name (`let P{x:t mut n`).
      if (pattern.kind === 'IdentPattern' && pattern.start <= sym.start) push(Codes.UnnecessaryMut, sym, pattern.start, sym.end, { name: sym.name, removal: { start: pattern.start, end: sym.start } });
    }
  }
  for (const sym of syms.imports) {
    if (usage.imports.has(sym.key) || sym.name.startsWith('_')) continue;
    push(Codes.UnusedImport, sym, sym.start, sym.end, { name: sym.name, removal: { start: sym.declStart, end: sym.declEnd } });
  }
  return list;
}
