// The fuzzer's source of randomness: a small seeded generator, so that every input and
// every choice the driver makes is a pure function of (seed, input index) and a failure
// is reproduced by running the same seed and index again.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A generator whose stream is fixed by a run seed and an input index. */
  static of(seed: number, index: number, salt = 0): Random {
    return new Random(mix(mix(seed >>> 0) ^ mix(index + 0x9e3779b9) ^ Math.imul(salt + 1, 0x85ebca6b)));
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `[[weight, value], ...]`. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of choices) total += w;
    let r = this.next() * total;
    for (const [w, value] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1][1];
  }

  /** A small size skewed towards low values: most inputs tiny, a few large. */
  skewed(max: number): number {
    const r = this.next();
    return Math.floor(r * r * r * (max + 1));
  }
}

/** A 32-bit integer hash (murmur3 finalizer). */
export function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The seed of the driver's own choices (operations, places) for input `index` of a run. */
export function driverSeedOf(seed: number, index: number): number {
  return mix(Random.of(seed, index, 1).int(0, 0x7fffffff) ^ 0x5bd1e995);
}
