// References and rename of a trait method from a call whose receiver is a type parameter
// bounded by the trait (`T: Area`, `where T: Area`) or a trait object (`&dyn Area`): the
// trait's declaration, every impl of it and every call are one name.

import { describe, expect, test } from 'vitest';
import { applyChanges, expectClean, single, textAt } from '../helpers/service.js';

const SHAPES = `trait Area {
    fun area(&self) -> f64
}
struct Sq { s: f64 }
struct Circle { r: f64 }
impl Area for Sq {
    fun area(&self) -> f64 { self.s * self.s }
}
impl Area for Circle {
    fun area(&self) -> f64 { 3.14 * self.r * self.r }
}
fun total<T: Area>(shape: T) -> f64 {
    shape.area()
}
fun total_where<T>(shape: T) -> f64 where T: Area {
    shape.area()
}
fun dyn_total(shape: &dyn Area) -> f64 {
    shape.area()
}
fun main() {
    println(total(Sq { s: 2.0 }), total_where(Circle { r: 1.0 }), dyn_total(&Circle { r: 1.0 }), Sq { s: 1.0 }.area())
}
`;

const everyArea = (text: string): number[] => [...text.matchAll(/area\(/g)].map((m) => m.index);

describe('trait method through a generic or a trait object', () => {
  test('the source checks cleanly', () => {
    expectClean(single(SHAPES).service);
  });

  for (const [label, needle] of [
    ['a `T: Area` receiver', 'shape.area()\n}\nfun total_where'],
    ['a `where T: Area` receiver', 'shape.area()\n}\nfun dyn_total'],
    ['a `&dyn Area` receiver', 'shape.area()\n}\nfun main'],
  ] as const) {
    test(`references from ${label}: the trait, both impls and every call`, () => {
      const ws = single(SHAPES);
      const found = ws.service.references(ws.main, ws.at('main.ruchy', needle, 6), true);
      expect(found.map((l) => l.start)).toEqual(everyArea(SHAPES));
      expect(found.every((l) => textAt(ws.service, l) === 'area')).toBe(true);
    });

    test(`rename from ${label}: the trait, both impls and every call; the result checks cleanly`, () => {
      const ws = single(SHAPES);
      const result = ws.service.rename(ws.main, ws.at('main.ruchy', needle, 6), 'surface');
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const texts = applyChanges(ws.service, result.changes);
      expect(texts[ws.main]).toBe(SHAPES.replaceAll('area(', 'surface('));
      expectClean(ws.service);
    });
  }

  test('references of an impl method find the generic and trait-object calls', () => {
    const ws = single(SHAPES);
    const found = ws.service.references(ws.main, ws.at('main.ruchy', 'area(&self) -> f64 { self.s'), false);
    // Uses only: the three calls through the trait, and the call on a `Sq`.
    expect(found.map((l) => l.start)).toEqual(everyArea(SHAPES).slice(3));
  });

  test('the bound decides between two traits with a method of the same name', () => {
    const source = `trait Area {
    fun size(&self) -> i64
}
trait Volume {
    fun size(&self) -> i64
}
struct Square { n: i64 }
struct Cube { n: i64 }
impl Area for Square {
    fun size(&self) -> i64 { self.n * self.n }
}
impl Volume for Cube {
    fun size(&self) -> i64 { self.n * self.n * self.n }
}
fun flat<T: Area>(x: T) -> i64 {
    x.size()
}
fun deep<T: Volume>(x: T) -> i64 {
    x.size()
}
fun main() {
    println(flat(Square { n: 2 }), deep(Cube { n: 2 }))
}
`;
    const ws = single(source);
    expectClean(ws.service);
    const fromFlat = ws.service.references(ws.main, ws.at('main.ruchy', 'x.size', 2, 0), true).map((l) => l.start);
    expect(fromFlat).toContain(source.indexOf('size(&self) -> i64\n}\ntrait Volume'));
    expect(fromFlat).toContain(source.indexOf('x.size') + 2);
    expect(fromFlat).not.toContain(source.lastIndexOf('x.size') + 2);
    const fromDeep = ws.service.references(ws.main, ws.at('main.ruchy', 'x.size', 2, 1), true).map((l) => l.start);
    expect(fromDeep).toContain(source.indexOf('size(&self) -> i64\n}\nstruct'));
    expect(fromDeep).not.toContain(source.indexOf('x.size') + 2);
  });

  test('through a supertrait bound and an impl type parameter bounded in `where`', () => {
    const source = `trait Area {
    fun area(&self) -> f64
}
trait Shape: Area {
    fun name(&self) -> String
}
struct Sq { s: f64 }
impl Area for Sq {
    fun area(&self) -> f64 { self.s * self.s }
}
impl Shape for Sq {
    fun name(&self) -> String { "square" }
}
struct Holder<T> { item: T }
impl<T> Holder<T> where T: Area {
    fun inner_area(&self) -> f64 { self.item.area() }
}
struct Other { a: f64 }
impl Other {
    fun area(&self) -> f64 { self.a }
}
fun report<T: Shape>(x: T) -> String {
    f"{x.name()} {x.area()}"
}
fun main() {
    println(report(Sq { s: 1.0 }), Holder { item: Sq { s: 2.0 } }.inner_area(), Other { a: 1.0 }.area())
}
`;
    const ws = single(source);
    expectClean(ws.service);
    const traitArea = source.indexOf('area(&self) -> f64\n');
    for (const call of [source.indexOf('x.area()') + 2, source.indexOf('item.area()') + 5]) {
      const found = ws.service.references(ws.main, call, true).map((l) => l.start);
      expect(found).toContain(traitArea);
      expect(found).toContain(call);
      expect(found).not.toContain(source.indexOf('area(&self) -> f64 { self.a }'));
    }
  });

  test('a trait-object call of a name builtin types have too is not taken for the trait (the receiver may be a string); a bound is', () => {
    const source = 'trait Sized2 {\n    fun len(&self) -> i64\n}\nstruct Bag { n: i64 }\nimpl Sized2 for Bag {\n    fun len(&self) -> i64 { self.n }\n}\nfun size_of(x) -> i64 {\n    x.len()\n}\nfun bounded<T: Sized2>(x: T) -> i64 {\n    x.len()\n}\nfun main() {\n    println(size_of("abc"), size_of(Bag { n: 2 }), bounded(Bag { n: 3 }))\n}\n';
    const ws = single(source);
    expectClean(ws.service);
    expect(ws.service.references(ws.main, source.indexOf('x.len') + 2, true).map((l) => l.start)).not.toContain(source.indexOf('len(&self) -> i64\n'));
    expect(ws.service.references(ws.main, source.lastIndexOf('x.len') + 2, true).map((l) => l.start)).toContain(source.indexOf('len(&self) -> i64\n'));
  });

  test('a method of the same name outside the trait keeps a trait-object call unresolved rather than guessing', () => {
    const source = 'trait Area {\n    fun area(&self) -> f64\n}\nstruct Sq { s: f64 }\nimpl Area for Sq {\n    fun area(&self) -> f64 { self.s }\n}\nstruct Field { a: f64 }\nimpl Field {\n    fun area(&self) -> f64 { self.a }\n}\nfun show(x: &dyn Area) -> f64 {\n    x.area()\n}\nfun main() {\n    println(show(&Sq { s: 1.0 }), Field { a: 2.0 }.area())\n}\n';
    const ws = single(source);
    expect(ws.service.references(ws.main, ws.at('main.ruchy', 'x.area', 2), true)).toEqual([]);
    // Renaming the trait's method leaves `Field`'s alone.
    const result = ws.service.rename(ws.main, ws.at('main.ruchy', 'area(&self) -> f64\n'), 'surface');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(applyChanges(ws.service, result.changes)[ws.main]).toContain('Field { a: 2.0 }.area()');
  });
});
