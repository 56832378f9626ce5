// Lint: everything `check` reports (syntax, names, types, control flow, and the binding
// lints R0401-R0406 with unreachable code R0302), plus the style rules of
// ../semantics/style-rules.ts (naming R0407, empty blocks R0408, technical debt R0410) and
// the complexity limits of the configuration (R0409, with refactoring suggestions from
// ./refactor.ts). Each finding carries a fix when one is known; `safe` fixes are those
// `lint --fix` applies without asking:
//   - remove an unused import (R0404) and a needless `mut` (R0406), as the quick fixes do;
//   - prefix an unused variable or parameter with `_` (R0401, R0402), through rename, which
//     refuses when the new name would clash with another;
// and only in a file without syntax errors.
// Renames to the naming convention (R0407) are offered but never applied automatically.
//
// The quality gate fails when there is an error, or, with `enforce_standards`, when a
// function is over a complexity limit.

import type { RuchyAgentConfig } from '../config/config.js';
import { Codes } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { complexityDiagnostic, styleDiagnostics, type ComplexityLimits } from '../semantics/style-rules.js';
import type { ItemRecord } from '../workspace/document.js';
import type { LanguageService } from './language-service.js';
import { applyEdits, extractFunction, refactorSuggestions, type RefactorSuggestion } from './refactor.js';
import type { CodeAction, FileEdits, TextEdit } from './types.js';

export interface LintFix {
  title: string;
  changes: FileEdits[];
  /** Applied by `lint --fix`; the others are offered only. */
  safe: boolean;
}

export interface LintFinding extends Diagnostic {
  uri: string;
  fix: LintFix | null;
  /** For a function over a complexity limit: how to simplify it. */
  suggestions: RefactorSuggestion[];
}

/** The part of the configuration lint reads. */
export type LintConfig = Pick<RuchyAgentConfig, 'quality'>;

export interface LintOptions {
  /** Compute fixes (default true); without them lint is faster. */
  fixes?: boolean;
  /** Compute refactoring suggestions for complex functions (default true). */
  suggestions?: boolean;
}

export function limitsOf(config: LintConfig): ComplexityLimits {
  return { maxCyclomatic: config.quality.max_complexity, maxCognitive: config.quality.max_cognitive_complexity };
}

/** Findings of each file, in the order of `uris`, each file's sorted by position. */
export function lintFiles(service: LanguageService, uris: readonly string[], config: LintConfig, options: LintOptions = {}): LintFinding[] {
  return uris.flatMap((uri) => lintFile(service, uri, config, options));
}

export function lintFile(service: LanguageService, uri: string, config: LintConfig, options: LintOptions = {}): LintFinding[] {
  const document = service.getDocument(uri);
  if (document === undefined) return [];
  const withFixes = options.fixes !== false;
  // No fix is applied without asking to a file that does not parse: offered only.
  const parses = !document.syntaxDiagnostics.some((d) => d.severity === 'error');
  const diagnostics: Diagnostic[] = [...service.diagnostics(uri)];
  document.items.forEach((item, i) => {
    for (const d of styleOf(item)) diagnostics.push(shift(d, document.offsets[i]));
  });
  const limits = limitsOf(config);
  const complex = new Map<Diagnostic, { nameStart: number }>();
  for (const fn of service.quality(uri).functions) {
    const d = complexityDiagnostic(fn, limits);
    if (d === null) continue;
    diagnostics.push(d);
    complex.set(d, { nameStart: fn.nameStart });
  }
  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code));
  return diagnostics.map((d) => {
    const fn = complex.get(d);
    return {
      ...d,
      uri,
      fix: withFixes ? unsafeUnless(parses, fixFor(service, uri, d)) : null,
      suggestions: fn !== undefined && options.suggestions !== false ? refactorSuggestions(service, uri, fn) : [],
    };
  });
}

const styleCache = new WeakMap<ItemRecord, Diagnostic[]>();

function styleOf(item: ItemRecord): Diagnostic[] {
  let found = styleCache.get(item);
  if (found === undefined) {
    found = styleDiagnostics(item.stmt, item.comments);
    styleCache.set(item, found);
  }
  return found;
}

function shift(d: Diagnostic, delta: number): Diagnostic {
  return delta === 0 ? d : { ...d, start: d.start + delta, end: d.end + delta };
}

// ---------------------------------------------------------------- fixes

function unsafeUnless(condition: boolean, fix: LintFix | null): LintFix | null {
  return fix === null || condition || !fix.safe ? fix : { ...fix, safe: false };
}

function fixFor(service: LanguageService, uri: string, d: Diagnostic): LintFix | null {
  const data = d.data ?? {};
  switch (d.code) {
    case Codes.UnusedImport.code:
    case Codes.UnnecessaryMut.code: {
      const action = service
        .codeActions(uri, d.start, d.end)
        .find((a) => a.kind === 'quickfix' && a.isPreferred && a.diagnostics.some((x) => x.code === d.code && x.start === d.start));
      return action === undefined ? null : { title: action.title, changes: action.changes, safe: true };
    }
    case Codes.UnusedVariable.code:
    case Codes.UnusedParameter.code: {
      if (typeof data.rename !== 'string') return null;
      const result = service.rename(uri, d.start, data.rename);
      return result.ok && result.changes.length > 0 ? { title: `Prefix with \`_\`: \`${data.rename}\``, changes: result.changes, safe: true } : null;
    }
    case Codes.NamingConvention.code: {
      if (typeof data.rename !== 'string') return null;
      const result = service.rename(uri, d.start, data.rename);
      return result.ok && result.changes.length > 0 ? { title: `Rename to \`${data.rename}\``, changes: result.changes, safe: false } : null;
    }
    default:
      return null;
  }
}

export interface FixPlan {
  /** Edits per file, sorted, not overlapping. */
  edits: Map<string, TextEdit[]>;
  /** The findings whose fixes are in the plan. */
  fixed: LintFinding[];
}

/** The safe fixes of `findings` that can be applied together (a fix whose edits overlap an earlier one waits). */
export function planSafeFixes(findings: readonly LintFinding[], editable: ReadonlySet<string>): FixPlan {
  const edits = new Map<string, TextEdit[]>();
  const fixed: LintFinding[] = [];
  for (const finding of findings) {
    const fix = finding.fix;
    if (fix === null || !fix.safe) continue;
    if (!fix.changes.every((c) => editable.has(c.uri))) continue;
    const clash = fix.changes.some((c) => c.edits.some((e) => (edits.get(c.uri) ?? []).some((taken) => overlaps(e, taken))));
    if (clash) continue;
    for (const c of fix.changes) {
      const list = edits.get(c.uri) ?? [];
      list.push(...c.edits);
      edits.set(c.uri, list);
    }
    fixed.push(finding);
  }
  for (const list of edits.values()) list.sort((a, b) => a.start - b.start);
  return { edits, fixed };
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return (a.start < b.end && b.start < a.end) || a.start === b.start || (a.start === a.end && b.start < a.start && a.start < b.end) || (b.start === b.end && a.start < b.start && b.start < a.end);
}

export interface FixOutcome {
  /** New text of each file that changed. */
  changed: Map<string, string>;
  fixed: LintFinding[];
}

/**
 * Applies the safe fixes to the files in the service (rounds of lint and fix until nothing
 * is left to fix, at most `rounds`). Only `uris` are edited. The caller writes `changed`.
 */
export function fixFiles(service: LanguageService, uris: readonly string[], config: LintConfig, rounds = 3): FixOutcome {
  const editable = new Set(uris);
  const original = new Map<string, string>();
  const fixed: LintFinding[] = [];
  for (let round = 0; round < rounds; round++) {
    const plan = planSafeFixes(lintFiles(service, uris, config, { suggestions: false }), editable);
    if (plan.fixed.length === 0) break;
    for (const [uri, edits] of plan.edits) {
      const text = service.getDocument(uri)!.text;
      if (!original.has(uri)) original.set(uri, text);
      service.setFile(uri, applyEdits(text, edits));
    }
    fixed.push(...plan.fixed);
  }
  const changed = new Map<string, string>();
  for (const [uri, before] of original) {
    const after = service.getDocument(uri)!.text;
    if (after !== before) changed.set(uri, after);
  }
  return { changed, fixed };
}

// ---------------------------------------------------------------- the gate

export interface GateResult {
  /** Whether complexity limits fail the gate (`quality.enforce_standards`). */
  enforced: boolean;
  passed: boolean;
  errors: number;
  /** R0409 findings: functions over a limit. */
  overLimit: LintFinding[];
}

export function qualityGate(findings: readonly LintFinding[], config: LintConfig): GateResult {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const overLimit = findings.filter((f) => f.code === Codes.TooComplex.code);
  const enforced = config.quality.enforce_standards;
  return { enforced, passed: errors === 0 && (!enforced || overLimit.length === 0), errors, overLimit };
}

// ---------------------------------------------------------------- code actions

/**
 * Code actions for the lint findings in [start, end) (renames to the naming convention),
 * and "Extract function" for a selection that can be extracted.
 */
export function lintCodeActions(service: LanguageService, uri: string, start: number, end: number, config: LintConfig): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const finding of lintFile(service, uri, config, { fixes: false, suggestions: false })) {
    if (finding.code !== Codes.NamingConvention.code || finding.start > end || finding.end < start) continue;
    const fix = fixFor(service, uri, finding);
    if (fix !== null) actions.push({ title: fix.title, kind: 'quickfix', diagnostics: [finding], changes: fix.changes, isPreferred: true });
  }
  if (end > start) {
    const extracted = extractFunction(service, uri, start, end);
    if ('edits' in extracted) {
      actions.push({ title: `Extract into function \`${extracted.name}\``, kind: 'refactor', diagnostics: [], changes: [{ uri, edits: extracted.edits }], isPreferred: false });
    }
  }
  return actions;
}
