// Work in slices (src/workspace/slices.ts) gives the same results as work done at once:
// a large text parsed in chunks equals its parse in one piece (also when a chunk is not
// self-contained and the whole text is parsed instead), an analysis run in slices equals
// analyzeProgram, and the language service's sliced analysis gives way to newer changes.

import { describe, expect, test } from 'vitest';
import { parse, parseSteps } from '../../grammar/parse.js';
import { analysisSteps, analyzeProgram } from '../../src/semantics/analyze.js';
import { createLanguageService } from '../../src/service/language-service.js';
import { NeverCancelled, OperationCancelled } from '../../src/workspace/program.js';
import { runInSlices, runToEnd } from '../../src/workspace/slices.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { largeProgram } from './generate.js';

/** Counts the steps (yields) of a generator while running it to the end. */
function stepped<T>(steps: Generator<void, T, void>): { value: T; yields: number } {
  let yields = 0;
  for (;;) {
    const step = steps.next();
    if (step.done === true) return { value: step.value, yields };
    yields++;
  }
}

const program = largeProgram(400 * 1024, 200);
const variants: [string, string][] = [
  ['valid apart from the planted names', program.text],
  // A string opened in one chunk runs into the next: the whole text is parsed at once.
  ['an unterminated string in the middle', program.text.replace('"zero"', '"zero').replace(/"one",\n/g, (m, i: number) => (i > program.text.length / 2 ? '"one"\n' : m))],
  ['an unclosed brace in the middle', program.text.replace(/for i in 0\.\.limit \{/g, (m, i: number) => (Math.abs(i - program.text.length / 2) < 2000 ? 'for i in 0..limit {{' : m))],
  ['a block comment across chunks', program.text.replace('/// Step 40 of', '/* Step 40 of').replace('/// Step 60 of', '*/ /// Step 60 of')],
  ['an outer attribute in a later chunk', program.text.replace('/// Step 300 of the chain.\n', '/// Step 300 of the chain.\n#[test]\n')],
];

describe('slices', () => {
  test.each(variants)('a large text parsed in chunks equals its parse in one piece: %s', (_, text) => {
    if (text !== program.text) expect(text.length).not.toBe(program.text.length);
    const whole = parse(text);
    const { value: chunked, yields } = stepped(parseSteps(text));
    expect(chunked.ast).toEqual(whole.ast);
    expect(chunked.diagnostics).toEqual(whole.diagnostics);
    expect(chunked.indentationRecovery).toBe(whole.indentationRecovery);
    expect(yields).toBeGreaterThan(0);
  });

  test('an analysis in slices equals analyzeProgram, and yields often', async () => {
    const workspace = new Workspace();
    workspace.setText('file:///s/big.ruchy', program.text);
    workspace.setText('file:///s/small.ruchy', 'fun main() {\n    println(big::step_1(3, 4))\n}\n');
    const view = workspace.view;
    const once = analyzeProgram(view, null, NeverCancelled);
    const { value: sliced, yields } = stepped(analysisSteps(view, null, NeverCancelled));
    expect(yields).toBeGreaterThan(program.functions);
    for (const uri of view.files.keys()) expect(sliced.diagnostics(uri)).toEqual(once.diagnostics(uri));
    const inSlices = await runInSlices(analysisSteps(view, null, NeverCancelled), NeverCancelled, 1);
    expect(inSlices.diagnostics('file:///s/big.ruchy').map((d) => d.start)).toEqual(program.errors);
    expect(runToEnd(analysisSteps(view, once, NeverCancelled)).diagnostics('file:///s/big.ruchy')).toEqual(once.diagnostics('file:///s/big.ruchy'));
  });

  test('the service: a sliced analysis gives way to a newer change; meanwhile an unaffected file is answered from the last one', async () => {
    const service = createLanguageService();
    const lone = 'file:///s/lone.ruchy';
    const user = 'file:///s/user.ruchy';
    service.setFile(lone, 'fun twice(n: i64) -> i64 {\n    n * 2\n}\n');
    service.setFile(user, 'fun main() {\n    println(big::step_1(1, 2))\n}\n');
    const before = service.analysis();
    await service.setFileInSlices('file:///s/big.ruchy', program.text);

    const first = service.analysisInSlices();
    // `lone` names no changed file: answered from the last analysis; `user` names `big`: not.
    expect(service.answersFromPrevious(lone)).toBe(true);
    expect(service.answersFromPrevious(user)).toBe(false);
    expect(service.hover(lone, 5)?.signature).toBe('fun twice(n: i64) -> i64');
    expect(service.analysisInSlices()).toBe(first);

    // A change before the run ends: the run is abandoned, the next one sees the change.
    service.setFile(lone, 'fun twice(n: i64) -> i64 {\n    n * 2 + missing\n}\n');
    await expect(first).rejects.toBeInstanceOf(OperationCancelled);
    const second = await service.analysisInSlices();
    expect(second).not.toBe(before);
    expect(second.view).toBe(service.analysis().view);
    expect(service.diagnostics(lone).filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['R0101']);
    expect(service.diagnostics('file:///s/big.ruchy').map((d) => d.start)).toEqual(program.errors);
    expect(service.answersFromPrevious(lone)).toBe(false);
  });
});
