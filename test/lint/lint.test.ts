// lintFiles / fixFiles / qualityGate / lintCodeActions over an in-memory language service:
// the binding lints of the checker come through with their codes, the style rules and the
// configured complexity limits are added, safe fixes are applied and unsafe ones only
// offered.

import { describe, expect, test } from 'vitest';
import { defaultConfig, type RuchyAgentConfig } from '../../src/config/config.js';
import { Codes } from '../../src/diagnostics/codes.js';
import { createLanguageService, type LanguageService } from '../../src/service/language-service.js';
import { fixFiles, lintCodeActions, lintFile, lintFiles, planSafeFixes, qualityGate, type LintFinding } from '../../src/service/lint.js';
import { applyEdits } from '../../src/service/refactor.js';

const MAIN = 'file:///ws/main.ruchy';
const UTIL = 'file:///ws/util.ruchy';

function serviceWith(files: Record<string, string>): LanguageService {
  const service = createLanguageService();
  for (const [uri, text] of Object.entries(files)) service.setFile(uri, text);
  return service;
}

function config(quality: Partial<RuchyAgentConfig['quality']> = {}): RuchyAgentConfig {
  const c = defaultConfig();
  Object.assign(c.quality, quality);
  return c;
}

const codes = (findings: readonly LintFinding[]): string[] => findings.map((f) => f.code);

const UTIL_TEXT = 'pub fun double(n) {\n    n * 2\n}\n\npub fun halve(n) {\n    n / 2\n}\n';

// One of each binding lint of the checker, and a few style problems.
const MAIN_TEXT = `use util::double
use util::halve

fun helper(x, unused) {
    let mut y = x
    let z = 5
    if y > 1 {
        let y = 2
        return y
        println("never")
    }
    double(y)
}

// TODO: remove once the new API lands
fun oldHelper() {
    1
}

fun main() {
    let mut count = helper(1, 2)
    println(count)
    if count > 10 {
    }
}
`;

/** Eleven decision points in a row: cyclomatic 12, cognitive 11. */
const COMPLEX = `fun grade(score) {
    let mut label = "none"
    if score > 90 { label = "A" }
    if score > 80 { label = "B" }
    if score > 70 { label = "C" }
    if score > 60 { label = "D" }
    if score > 50 { label = "E" }
    if score > 40 { label = "F" }
    if score > 30 { label = "G" }
    if score > 20 { label = "H" }
    if score > 10 { label = "I" }
    if score > 5 { label = "J" }
    if score > 0 { label = "K" }
    label
}

fun main() {
    println(grade(42))
}
`;

describe('lintFiles', () => {
  test('everything check reports, with the binding lints of the checker, plus the style rules, in source order', () => {
    const service = serviceWith({ [MAIN]: MAIN_TEXT, [UTIL]: UTIL_TEXT });
    const findings = lintFiles(service, [MAIN], config());
    expect(findings.map((f) => `${f.code} ${f.severity} ${MAIN_TEXT.slice(f.start, f.end).split('\n')[0]}: ${f.message}`)).toEqual([
      'R0404 warning halve: unused import `halve`',
      'R0402 warning unused: unused parameter `unused`',
      'R0406 warning mut y: variable `y` is declared `mut` but never mutated',
      'R0401 warning z: unused variable `z`',
      'R0405 warning y: `y` shadows a binding of the enclosing scope',
      'R0302 warning println("never"): unreachable code: it follows a `return`',
      'R0410 info TODO: remove once the new API lands: TODO comment: remove once the new API lands',
      'R0403 warning oldHelper: function `oldHelper` is never used',
      'R0407 warning oldHelper: function `oldHelper` should be snake_case: `old_helper`',
      'R0406 warning mut count: variable `count` is declared `mut` but never mutated',
      'R0408 warning {: empty `if` block: add the missing code, or a comment saying why it is empty',
    ]);
    expect(findings.every((f) => f.uri === MAIN)).toBe(true);
    expect(lintFiles(service, [UTIL], config())).toEqual([]);
  });

  test('errors of the checker are findings too', () => {
    const service = serviceWith({ [MAIN]: 'fun main() {\n    let x = 1\n    x = 2\n    println(x + true)\n}\n' });
    const errors = lintFile(service, MAIN, config()).filter((f) => f.severity === 'error');
    expect(codes(errors)).toEqual([Codes.AssignToImmutable.code, Codes.InvalidOperands.code]);
  });

  test('a function over the configured limits: R0409 on its name, with refactoring suggestions', () => {
    const service = serviceWith({ [MAIN]: COMPLEX });
    expect(lintFile(service, MAIN, config()).filter((f) => f.code === Codes.TooComplex.code)).toEqual([]);
    const [finding] = lintFile(service, MAIN, config({ max_complexity: 10, max_cognitive_complexity: 30 })).filter((f) => f.code === Codes.TooComplex.code);
    expect(COMPLEX.slice(finding.start, finding.end)).toBe('grade');
    expect(finding.message).toBe('function `grade` is too complex: cyclomatic complexity 12 (limit 10), cognitive complexity 11 (limit 30)');
    expect(finding.fix).toBeNull();
    expect(Array.isArray(finding.suggestions)).toBe(true);
    // The cognitive limit alone is enough.
    expect(codes(lintFile(service, MAIN, config({ max_cognitive_complexity: 10 })))).toContain('R0409');
  });

  test('fixes: removals and `_` prefixes are safe, renames to the convention are not', () => {
    const service = serviceWith({ [MAIN]: MAIN_TEXT, [UTIL]: UTIL_TEXT });
    const byCode = new Map(lintFile(service, MAIN, config()).map((f) => [f.code + MAIN_TEXT.slice(f.start, f.end), f]));
    expect(byCode.get('R0404halve')!.fix).toMatchObject({ safe: true, title: 'Remove unused `halve`' });
    expect(byCode.get('R0406mut y')!.fix).toMatchObject({ safe: true, changes: [{ uri: MAIN, edits: [{ text: '' }] }] });
    expect(byCode.get('R0401z')!.fix).toMatchObject({ safe: true, title: 'Prefix with `_`: `_z`', changes: [{ uri: MAIN, edits: [{ text: '_z' }] }] });
    expect(byCode.get('R0402unused')!.fix).toMatchObject({ safe: true, title: 'Prefix with `_`: `_unused`' });
    expect(byCode.get('R0407oldHelper')!.fix).toMatchObject({ safe: false, title: 'Rename to `old_helper`' });
    expect(byCode.get('R0403oldHelper')!.fix).toBeNull();
    expect(byCode.get('R0405y')!.fix).toBeNull();
  });

  test('a rename to the convention covers every file that uses the name', () => {
    const service = serviceWith({ [UTIL]: 'pub fun doubleIt(n) {\n    n * 2\n}\n', [MAIN]: 'use util::doubleIt\n\nfun main() {\n    println(doubleIt(2))\n}\n' });
    const [finding] = lintFile(service, UTIL, config());
    expect(finding.code).toBe('R0407');
    const files = finding.fix!.changes.map((c) => c.uri).sort();
    expect(files).toEqual([MAIN, UTIL]);
  });

  test('no fixes when asked not to compute them', () => {
    const service = serviceWith({ [MAIN]: MAIN_TEXT, [UTIL]: UTIL_TEXT });
    expect(lintFile(service, MAIN, config(), { fixes: false }).every((f) => f.fix === null)).toBe(true);
  });
});

describe('fixFiles', () => {
  test('applies the safe fixes in the service, re-lints until nothing is left, and leaves the rest alone', () => {
    const service = serviceWith({ [MAIN]: MAIN_TEXT, [UTIL]: UTIL_TEXT });
    const outcome = fixFiles(service, [MAIN, UTIL], config());
    expect(codes(outcome.fixed).sort()).toEqual(['R0401', 'R0402', 'R0404', 'R0406', 'R0406']);
    expect([...outcome.changed.keys()]).toEqual([MAIN]);
    const fixed = outcome.changed.get(MAIN)!;
    expect(fixed).toBe(
      MAIN_TEXT.replace('use util::halve\n', '')
        .replace('fun helper(x, unused)', 'fun helper(x, _unused)')
        .replace('let mut y = x', 'let y = x')
        .replace('let z = 5', 'let _z = 5')
        .replace('let mut count', 'let count'),
    );
    expect(service.getDocument(MAIN)!.text).toBe(fixed);
    // What is left has no safe fix.
    const left = lintFile(service, MAIN, config());
    expect(left.filter((f) => f.fix?.safe === true)).toEqual([]);
    expect(codes(left)).toEqual(['R0405', 'R0302', 'R0410', 'R0403', 'R0407', 'R0408']);
  });

  test('only the files asked for are edited', () => {
    const service = serviceWith({ [MAIN]: 'fun main() {\n    let mut a = 1\n    println(a)\n}\n', [UTIL]: 'fun f() {\n    let mut b = 1\n    b\n}\n' });
    const outcome = fixFiles(service, [UTIL], config());
    expect([...outcome.changed.keys()]).toEqual([UTIL]);
    expect(service.getDocument(MAIN)!.text).toContain('let mut a');
  });

  test('a `_` prefix that would capture another binding is not made', () => {
    // `_x` is used after the unused `x`: renaming `x` to `_x` would change what it refers to.
    const text = 'fun main() {\n    let _x = 1\n    let x = 2\n    println(_x)\n}\n';
    const service = serviceWith({ [MAIN]: text });
    const unused = lintFile(service, MAIN, config()).find((f) => f.code === 'R0401');
    expect(unused?.fix ?? null).toBeNull();
    expect(fixFiles(service, [MAIN], config()).changed.size).toBe(0);
  });
});

describe('planSafeFixes', () => {
  const finding = (start: number, end: number, safe = true): LintFinding => ({
    uri: MAIN,
    code: 'R0406',
    severity: 'warning',
    message: '',
    start,
    end,
    suggestions: [],
    fix: { title: 't', safe, changes: [{ uri: MAIN, edits: [{ start, end, text: '' }] }] },
  });

  test('overlapping fixes: the first wins, the other waits for the next round; unsafe ones and other files are skipped', () => {
    const plan = planSafeFixes([finding(0, 4), finding(2, 6), finding(6, 8), finding(10, 12, false)], new Set([MAIN]));
    expect(plan.fixed.map((f) => f.start)).toEqual([0, 6]);
    expect(plan.edits.get(MAIN)).toEqual([
      { start: 0, end: 4, text: '' },
      { start: 6, end: 8, text: '' },
    ]);
    expect(planSafeFixes([finding(0, 4)], new Set([UTIL])).fixed).toEqual([]);
    expect(applyEdits('0123456789', plan.edits.get(MAIN)!)).toBe('4589');
  });
});

describe('qualityGate', () => {
  test('fails on an error, and on a function over a limit when standards are enforced', () => {
    const complex = serviceWith({ [MAIN]: COMPLEX });
    const strict = config({ max_complexity: 5 });
    const findings = lintFile(complex, MAIN, strict);
    expect(qualityGate(findings, strict)).toMatchObject({ passed: false, enforced: true, errors: 0 });
    expect(qualityGate(findings, strict).overLimit).toHaveLength(1);
    const lenient = config({ max_complexity: 5, enforce_standards: false });
    expect(qualityGate(lintFile(complex, MAIN, lenient), lenient)).toMatchObject({ passed: true, enforced: false });

    const broken = serviceWith({ [MAIN]: 'fun main() {\n    println(1 + true)\n}\n' });
    expect(qualityGate(lintFile(broken, MAIN, lenient), lenient)).toMatchObject({ passed: false, errors: 1 });
    expect(qualityGate([], config())).toMatchObject({ passed: true, errors: 0, overLimit: [] });
  });
});

describe('lintCodeActions', () => {
  test('a rename to the convention at the cursor, and "extract function" for a selection', () => {
    const text = 'fun addAll(xs) {\n    let mut total = 0\n    for x in xs {\n        total += x\n    }\n    total\n}\n\nfun main() {\n    println(addAll([1, 2]))\n}\n';
    const service = serviceWith({ [MAIN]: text });
    const at = text.indexOf('addAll');
    const [rename] = lintCodeActions(service, MAIN, at, at, config());
    expect(rename).toMatchObject({ title: 'Rename to `add_all`', kind: 'quickfix', isPreferred: true });
    expect(applyEdits(text, rename.changes[0].edits)).toBe(text.replaceAll('addAll', 'add_all'));

    const start = text.indexOf('for x');
    const end = text.indexOf('    }\n    total') + 5;
    const actions = lintCodeActions(service, MAIN, start, end, config());
    const extract = actions.find((a) => a.kind === 'refactor');
    expect(extract?.title).toBe('Extract into function `extracted`');
  });
});
