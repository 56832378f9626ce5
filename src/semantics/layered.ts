// A map that successive analyses derive from each other without copying: each analysis
// writes its changes to a layer of its own over the previous analysis's map (which is not
// written to any more). Lookups go down a few layers; every few derivations the layers are
// merged into one, so old layers (and what they hold) do not pile up.

const GONE: unique symbol = Symbol('gone');

/** How many layers a lookup may go through before they are merged. */
const MAX_DEPTH = 6;

export interface Lookup<K, V> {
  get(key: K): V | undefined;
  has(key: K): boolean;
  forEach(fn: (value: V, key: K) => void): void;
}

export class LayeredMap<K, V> implements Lookup<K, V> {
  private constructor(
    private readonly own: Map<K, V | typeof GONE>,
    private readonly parent: LayeredMap<K, V> | null,
    private readonly depth: number,
  ) {}

  /** A map of its own (a bottom layer), holding the entries of `from`. */
  static of<K, V>(from?: Lookup<K, V>): LayeredMap<K, V> {
    if (from instanceof LayeredMap) return new LayeredMap((from as LayeredMap<K, V>).merged(), null, 0);
    const own = new Map<K, V | typeof GONE>();
    from?.forEach((v, k) => own.set(k, v));
    return new LayeredMap(own, null, 0);
  }

  /** The entries of all layers in one map, without removed ones. */
  private merged(): Map<K, V | typeof GONE> {
    const layers: LayeredMap<K, V>[] = [];
    for (let m: LayeredMap<K, V> | null = this; m !== null; m = m.parent) layers.push(m);
    const out = new Map<K, V | typeof GONE>();
    let gone = false;
    for (let i = layers.length - 1; i >= 0; i--) {
      layers[i].own.forEach((v, k) => {
        out.set(k, v);
        if (v === GONE) gone = true;
      });
    }
    if (gone) out.forEach((v, k) => v === GONE && out.delete(k));
    return out;
  }

  /** A new layer over this map; this map must not be written to afterwards. */
  derive(): LayeredMap<K, V> {
    if (this.depth + 1 >= MAX_DEPTH) return LayeredMap.of(this);
    return new LayeredMap(new Map(), this, this.depth + 1);
  }

  get(key: K): V | undefined {
    for (let m: LayeredMap<K, V> | null = this; m !== null; m = m.parent) {
      const v = m.own.get(key);
      if (v !== undefined) return v === GONE ? undefined : v;
    }
    return undefined;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): void {
    this.own.set(key, value);
  }

  delete(key: K): void {
    if (this.parent === null) this.own.delete(key);
    else this.own.set(key, GONE);
  }

  /** Every entry once (in no particular order). */
  forEach(fn: (value: V, key: K) => void): void {
    const all = this.parent === null ? this.own : this.merged();
    all.forEach((v, k) => {
      if (v !== GONE) fn(v as V, k);
    });
  }
}
