// LanguageService.inlayHints: the inferred type after each unannotated `let` name (and
// parameter without a type), at the exact offset, only inside the asked range; nothing
// for annotated names, names starting with `_`, or types that are not known precisely.

import { describe, expect, test } from 'vitest';
import { single } from '../helpers/service.js';

const SOURCE = `let top<|1|> = [1, 2, 3]
fun twice(x<|2|>) { x * 2 }
fun main() {
    let total<|3|> = twice(2)
    let name: String = "a"
    let (a<|4|>, b<|5|>) = (1, "s")
    let _ignored = 3
    let f<|6|> = |v| v + 1
    println(top, total, name, a, b, f(1), _ignored)
}
`;

/** `<|n|>` markers: the offsets (in the text without them) where hints are expected, in order. */
function withHintMarkers(source: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let removed = 0;
  const text = source.replace(/<\|\d+\|>/g, (marker: string, at: number) => {
    offsets.push(at - removed);
    removed += marker.length;
    return '';
  });
  return { text, offsets };
}

describe('inlayHints', () => {
  const { text, offsets } = withHintMarkers(SOURCE);
  const ws = single(text);

  test('types after unannotated names, at the end of each name, in order', () => {
    const hints = ws.service.inlayHints(ws.main, 0, text.length);
    expect(hints).toEqual([
      { offset: offsets[0], label: ': [i64]', kind: 'type' },
      { offset: offsets[1], label: ': i64', kind: 'type' },
      { offset: offsets[2], label: ': i64', kind: 'type' },
      { offset: offsets[3], label: ': i64', kind: 'type' },
      { offset: offsets[4], label: ': String', kind: 'type' },
      { offset: offsets[5], label: ': fun(i64) -> i64', kind: 'type' },
    ]);
  });

  test('only the hints inside the asked range', () => {
    const start = text.indexOf('fun main');
    const end = text.indexOf('let (a');
    expect(ws.service.inlayHints(ws.main, start, end)).toEqual([{ offset: offsets[2], label: ': i64', kind: 'type' }]);
    expect(ws.service.inlayHints(ws.main, 0, 0)).toEqual([]);
  });

  test('no hint where the type is written, for `_` names, or when the type is not known', () => {
    const other = single('fun main() {\n    let n: i64 = 1\n    let _x = 2\n    let v = undefined_thing()\n    println(n, v)\n}\n');
    expect(other.service.inlayHints(other.main, 0, other.text('main.ruchy').length)).toEqual([]);
  });
});
