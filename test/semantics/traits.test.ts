// R0212: `impl Trait for Type` must define every method of the trait that has no default
// body; the message names the trait, the type and the missing methods.

import { describe, expect, test } from 'vitest';
import { Codes } from '../../src/diagnostics/codes.js';
import { analyzeProgram } from '../../src/semantics/analyze.js';
import { NeverCancelled } from '../../src/workspace/program.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { analyzeFiles, expectDiagnostics, uriOf } from './helpers.js';

const SHAPE = `trait Shape {
    fun area(&self) -> f64
    fun name(&self) -> String
    fun scaled(&self, k: f64) -> f64
    fun describe(&self) -> String { self.name() }
}
struct Sq { s: f64 }
`;

describe('R0212 missing trait methods', () => {
  test('the impl header is flagged, naming the trait, the type and every missing method', () => {
    const [d] = expectDiagnostics(
      `${SHAPE}[|impl Shape for Sq|] {
    fun area(&self) -> f64 { self.s * self.s }
}
fun main() { println(Sq { s: 1.0 }.area()) }`,
      Codes.MissingTraitMethods.code,
      ['`impl Shape for Sq` is missing methods `name`, `scaled` of trait `Shape`'],
    );
    // A warning: the reference runs such a program until the missing method is called (LANGUAGE.md: errors only for certain failures).
    expect(d.severity).toBe('warning');
    expect(d.data).toEqual({ trait: 'Shape', type: 'Sq', missing: ['name', 'scaled'] });
  });

  test('one missing method, a generic type', () => {
    expectDiagnostics(
      `trait Named {
    fun name(&self) -> String
}
struct Wrap<T> { v: T }
[|impl<T> Named for Wrap<T>|] {
}`,
      Codes.MissingTraitMethods.code,
      ['`impl Named for Wrap<T>` is missing method `name` of trait `Named`'],
    );
  });

  test('not reported when every required method is there (defaults may be left out), nor for an inherent impl', () => {
    expectDiagnostics(
      `${SHAPE}impl Shape for Sq {
    fun area(&self) -> f64 { self.s * self.s }
    fun name(&self) -> String { "square" }
    fun scaled(&self, k: f64) -> f64 { self.area() * k }
}
impl Sq {
    fun side(&self) -> f64 { self.s }
}
fun main() { println(Sq { s: 1.0 }.describe(), Sq { s: 2.0 }.side()) }`,
      Codes.MissingTraitMethods.code,
      [],
    );
  });

  test('a trait of another file, imported', () => {
    const { analysis } = analyzeFiles({
      'shapes.ruchy': 'pub trait Named {\n    fun name(&self) -> String\n    fun id(&self) -> i64\n}\n',
      'main.ruchy': 'use shapes::Named\nstruct Dog {}\nimpl Named for Dog {\n    fun id(&self) -> i64 { 1 }\n}\n',
    });
    expect(analysis.diagnostics(uriOf('main.ruchy')).filter((d) => d.code === 'R0212').map((d) => d.message)).toEqual([
      '`impl Named for Dog` is missing method `name` of trait `Named`',
    ]);
  });

  test('incremental: giving the trait method a default body clears the diagnostic on the (reused) impl', () => {
    const ws = new Workspace();
    const uri = uriOf('main.ruchy');
    const text = 'trait Named {\n    fun name(&self) -> String\n}\nstruct Dog {}\nimpl Named for Dog {\n}\n';
    ws.setText(uri, text);
    let analysis = analyzeProgram(ws.view, null, NeverCancelled);
    expect(analysis.diagnostics(uri).map((d) => d.code)).toEqual(['R0212']);
    const at = text.indexOf(' -> String') + ' -> String'.length;
    ws.edit(uri, [{ start: at, end: at, text: ' { "dog" }' }]);
    analysis = analyzeProgram(ws.view, analysis, NeverCancelled);
    expect(analysis.diagnostics(uri).map((d) => d.code)).toEqual([]);
    ws.edit(uri, [{ start: at, end: at + ' { "dog" }'.length, text: '' }]);
    analysis = analyzeProgram(ws.view, analysis, NeverCancelled);
    expect(analysis.diagnostics(uri).map((d) => d.code)).toEqual(['R0212']);
  });
});
