// LanguageService.definition and typeDefinition: where a name is declared (in the same
// file or another one), and where the type of a name or expression is declared.

import { describe, expect, test } from 'vitest';
import { single, workspace } from '../helpers/service.js';

const GEOM = `/// A point.
pub struct [|Point|] { [|x|]: f64, y: f64 }

impl Point {
    pub fun [|new|](x: f64, y: f64) -> Point { Point { x, y } }
    pub fun [|norm|](&self) -> f64 { (self.x * self.x + self.y * self.y).sqrt() }
}

pub fun [|origin|]() -> Point { Point::new(0.0, 0.0) }
`;

const MAIN = `use geom::{Point, origin}

fun main() {
    let p = Point::new(3.0, 4.0)
    let o = origin()
    let mut n = p.norm()
    n = n + o.norm()
    println(n, p.x)
}
`;

describe('definition', () => {
  test('a local and a parameter: their declarations in the same file', () => {
    const ws = single('fun scale(v: i64, [|k|]: i64) -> i64 {\n    v * k<|>\n}\nfun main() {\n    let [|total|] = scale(2, 3)\n    println(total)\n}\n');
    const [k, total] = ws.locations('main.ruchy');
    expect(ws.service.definition(ws.main, ws.cursorAt)).toEqual([k]);
    expect(ws.service.definition(ws.main, ws.at('main.ruchy', 'total)'))).toEqual([total]);
    // On the declaration itself: the declaration.
    expect(ws.service.definition(ws.main, total.start)).toEqual([total]);
  });

  test('across files: a struct, an associated function, a method, a field and a function', () => {
    const ws = workspace({ 'geom.ruchy': GEOM, 'main.ruchy': MAIN });
    const [point, x, neu, norm, origin] = ws.locations('geom.ruchy');
    const main = ws.uri('main.ruchy');
    const at = (needle: string, delta = 0) => ws.service.definition(main, ws.at('main.ruchy', needle, delta));
    expect(at('Point::new')).toEqual([point]);
    expect(at('Point, origin')).toEqual([point]); // the name in the import
    expect(at('new(3.0')).toEqual([neu]);
    expect(at('norm()')).toEqual([norm]);
    expect(at('p.x)', 2)).toEqual([x]);
    expect(at('origin()')).toEqual([origin]);
  });

  test('nothing on a literal, a keyword or a builtin', () => {
    const ws = single('fun main() {\n    println(42)\n}\n');
    expect(ws.service.definition(ws.main, ws.at('main.ruchy', '42'))).toEqual([]);
    expect(ws.service.definition(ws.main, ws.at('main.ruchy', 'fun'))).toEqual([]);
    expect(ws.service.definition(ws.main, ws.at('main.ruchy', 'println'))).toEqual([]);
  });
});

describe('typeDefinition', () => {
  test("a variable's struct type, declared in another file", () => {
    const ws = workspace({ 'geom.ruchy': GEOM, 'main.ruchy': MAIN });
    const [point] = ws.locations('geom.ruchy');
    const main = ws.uri('main.ruchy');
    expect(ws.service.typeDefinition(main, ws.at('main.ruchy', 'p = Point'))).toEqual([point]);
    // Inferred through a function's return type.
    expect(ws.service.typeDefinition(main, ws.at('main.ruchy', 'o = origin'))).toEqual([point]);
    // A call expression that is not a name: the type of the expression.
    expect(ws.service.typeDefinition(main, ws.at('main.ruchy', '(3.0', 1))).toEqual([]);
  });

  test('types inside other types: an Option of an enum', () => {
    const ws = single('enum [|Color|] { Red, Green }\nfun pick(n: i64) -> Option<Color> {\n    if n > 0 { Some(Color::Red) } else { None }\n}\nfun main() {\n    let c<|> = pick(1)\n    println(c)\n}\n');
    expect(ws.service.typeDefinition(ws.main, ws.cursorAt - 1)).toEqual(ws.locations('main.ruchy'));
  });

  test('builtin types have no declaration to go to', () => {
    const ws = single('fun main() {\n    let n = 1 + 2\n    println(n)\n}\n');
    expect(ws.service.typeDefinition(ws.main, ws.at('main.ruchy', 'n ='))).toEqual([]);
  });
});
