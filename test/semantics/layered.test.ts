// LayeredMap: successive layers behave as copies of the map below, without copying.

import fc from 'fast-check';
import { expect, test } from 'vitest';
import { LayeredMap } from '../../src/semantics/layered.js';

test('a chain of derived maps behaves like a chain of copies, and earlier maps do not change', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.tuple(fc.nat({ max: 9 }), fc.option(fc.nat({ max: 99 }), { nil: null })), { maxLength: 6 }), { minLength: 1, maxLength: 15 }), (steps) => {
      let layered = LayeredMap.of<number, number>();
      let plain = new Map<number, number>();
      const history: [LayeredMap<number, number>, Map<number, number>][] = [];
      for (const step of steps) {
        layered = layered.derive();
        plain = new Map(plain);
        for (const [k, v] of step) {
          if (v === null) {
            layered.delete(k);
            plain.delete(k);
          } else {
            layered.set(k, v);
            plain.set(k, v);
          }
        }
        history.push([layered, plain]);
      }
      for (const [l, p] of history) {
        for (let k = 0; k < 10; k++) {
          expect(l.get(k)).toBe(p.get(k));
          expect(l.has(k)).toBe(p.has(k));
        }
        const seen = new Map<number, number>();
        l.forEach((v, k) => seen.set(k, v));
        expect([...seen].sort((a, b) => a[0] - b[0])).toEqual([...p].sort((a, b) => a[0] - b[0]));
      }
    }),
  );
});
