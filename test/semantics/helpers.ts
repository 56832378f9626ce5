// Test helpers for the checker: sources with markers, workspaces from in-memory files.
//
//   `[|name|]` marks a range (several allowed, in order); `<|>` marks the cursor.
//   Both are stripped before parsing; offsets refer to the stripped text.

import { expect } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { analyzeProgram } from '../../src/semantics/analyze.js';
import type { ProgramAnalysis } from '../../src/semantics/api.js';
import { NeverCancelled } from '../../src/workspace/program.js';
import { Workspace } from '../../src/workspace/workspace.js';

// The `[|range|]` and `<|>` markers of the service tests.
export { marked, uriOf, type Marked } from '../helpers/service.js';
import { marked, uriOf, type Marked } from '../helpers/service.js';


/** A workspace of in-memory files (names relative to file:///ws/) and its analysis. */
export function analyzeFiles(files: Record<string, string>): { analysis: ProgramAnalysis; workspace: Workspace; marks: Record<string, Marked> } {
  const workspace = new Workspace();
  const marks: Record<string, Marked> = {};
  for (const [name, source] of Object.entries(files)) {
    const m = marked(source);
    marks[name] = m;
    workspace.setText(uriOf(name), m.text);
  }
  return { analysis: analyzeProgram(workspace.view, null, NeverCancelled), workspace, marks };
}

/** One file `main.ruchy`. */
export function analyzeSource(source: string): { analysis: ProgramAnalysis; mark: Marked; uri: string; workspace: Workspace } {
  const { analysis, marks, workspace } = analyzeFiles({ 'main.ruchy': source });
  return { analysis, mark: marks['main.ruchy'], uri: uriOf('main.ruchy'), workspace };
}

export function semanticDiagnostics(source: string): Diagnostic[] {
  const { analysis, uri } = analyzeSource(source);
  return analysis.diagnostics(uri);
}

/** Diagnostics with a code, as `CODE start-end message` lines, for readable comparisons. */
export function withCode(source: string, code: string): { text: string; diagnostics: Diagnostic[] } {
  const { analysis, uri, mark } = analyzeSource(source);
  return { text: mark.text, diagnostics: analysis.diagnostics(uri).filter((d) => d.code === code) };
}

/**
 * The program (with `[|...|]` around each expected range) has exactly these diagnostics of
 * `code`, in order, whose messages contain the given fragments.
 */
export function expectDiagnostics(source: string, code: string, messages: string[]): Diagnostic[] {
  const { analysis, uri, mark } = analyzeSource(source);
  const all = analysis.diagnostics(uri);
  const found = all.filter((d) => d.code === code);
  const describe = (ds: Diagnostic[]): string[] => ds.map((d) => `${d.code} ${d.start}-${d.end} \`${mark.text.slice(d.start, d.end)}\` ${d.message}`);
  expect(found.map((d) => ({ start: d.start, end: d.end })), `ranges of ${code} in:\n${mark.text}\nall: ${describe(all).join('\n')}`).toEqual(mark.ranges);
  found.forEach((d, i) => expect(d.message, describe([d])[0]).toContain(messages[i] ?? ''));
  return found;
}

export function errorsOf(source: string): string[] {
  const { analysis, uri, mark } = analyzeSource(source);
  return analysis
    .diagnostics(uri)
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} \`${mark.text.slice(d.start, d.end)}\` ${d.message}`);
}
