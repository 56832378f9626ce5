// What the background agent reports about its project after each check: file, error and
// warning counts (the language service's diagnostics, as ruchy://status counts them), the
// files that could not be read, and the quality gate of `ruchy-agent lint`
// (src/service/lint.ts: failed by an error, or, with `enforce_standards`, by a function
// over a complexity limit). Also how `agent status` shows it to a person.
//
// One file's failure never spoils the report: a file whose analysis throws (a bug of
// ours) is reported as unreadable with the reason, and the others are counted as usual.

import type { RuchyAgentConfig } from '../../src/service/host.js';
import type { LanguageService } from '../../src/service/language-service.js';
import { lintFile, qualityGate, type LintFinding } from '../../src/service/lint.js';
import type { AgentState, OverLimitFunction, QualityGateState } from './state.js';

export interface ProjectReport {
  files: number;
  errors: number;
  warnings: number;
  unreadable: { path: string; reason: string }[];
  gate: QualityGateState;
  /** Errors and warnings per file (by displayed path), to log what a check changed. */
  perFile: Map<string, { errors: number; warnings: number }>;
}

export function measureProject(
  service: LanguageService,
  uris: readonly string[],
  display: (uri: string) => string,
  unreadable: readonly { path: string; reason: string }[],
  config: Pick<RuchyAgentConfig, 'quality'>,
): ProjectReport {
  const perFile = new Map<string, { errors: number; warnings: number }>();
  const failed: { path: string; reason: string }[] = [];
  const findings: LintFinding[] = [];
  let errors = 0;
  let warnings = 0;
  for (const uri of uris) {
    const shown = display(uri);
    try {
      const counts = { errors: 0, warnings: 0 };
      for (const d of service.diagnostics(uri)) {
        if (d.severity === 'error') counts.errors++;
        else if (d.severity === 'warning') counts.warnings++;
      }
      findings.push(...lintFile(service, uri, config, { fixes: false, suggestions: false }));
      perFile.set(shown, counts);
      errors += counts.errors;
      warnings += counts.warnings;
    } catch (error) {
      failed.push({ path: shown, reason: `internal error while checking: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  const allUnreadable = [...unreadable, ...failed].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const gate = qualityGate(findings, config);
  const overLimit: OverLimitFunction[] = gate.overLimit.map((f) => {
    const document = service.getDocument(f.uri);
    const at = document?.lineIndex.humanPosition(f.start) ?? { line: 0, column: 0 };
    const data = f.data ?? {};
    return {
      path: display(f.uri),
      name: typeof data.name === 'string' ? data.name : '?',
      line: at.line,
      column: at.column,
      cyclomatic: typeof data.cyclomatic === 'number' ? data.cyclomatic : 0,
      cognitive: typeof data.cognitive === 'number' ? data.cognitive : 0,
    };
  });
  return {
    files: perFile.size,
    errors: errors + allUnreadable.length,
    warnings,
    unreadable: allUnreadable,
    perFile,
    gate: {
      enforced: gate.enforced,
      passed: gate.passed && allUnreadable.length === 0,
      max_complexity: config.quality.max_complexity,
      max_cognitive_complexity: config.quality.max_cognitive_complexity,
      errors: gate.errors + allUnreadable.length,
      over_limit: overLimit,
    },
  };
}

/** Lines telling how each file's counts changed between two reports (at most `limit`). */
export function describeChanges(before: ProjectReport | null, after: ProjectReport, limit = 20): string[] {
  const lines: string[] = [];
  const old = before?.perFile ?? new Map<string, { errors: number; warnings: number }>();
  for (const [file, now] of after.perFile) {
    const was = old.get(file);
    if (was === undefined) {
      if (before !== null) lines.push(`${file}: new, ${counts(now.errors, now.warnings)}`);
    } else if (was.errors !== now.errors || was.warnings !== now.warnings) {
      lines.push(`${file}: ${counts(now.errors, now.warnings)} (was ${counts(was.errors, was.warnings)})`);
    }
  }
  for (const file of old.keys()) if (!after.perFile.has(file)) lines.push(`${file}: gone`);
  return lines.length > limit ? [...lines.slice(0, limit), `... and ${lines.length - limit} more files`] : lines;
}

/** `3 files: 2 errors, 1 warning; quality gate failed (1 function over the limits)` */
export function summaryLine(report: Pick<ProjectReport, 'files' | 'errors' | 'warnings' | 'unreadable' | 'gate'>): string {
  const unreadable = report.unreadable.length > 0 ? ` (${plural(report.unreadable.length, 'unreadable file')})` : '';
  return `${plural(report.files, 'file')}${unreadable}: ${counts(report.errors, report.warnings)}; quality gate ${gateWord(report.gate)}`;
}

function gateWord(gate: QualityGateState): string {
  if (gate.passed) return gate.over_limit.length > 0 ? `passed (${plural(gate.over_limit.length, 'function')} over the limits, not enforced)` : 'passed';
  const why: string[] = [];
  if (gate.errors > 0) why.push(plural(gate.errors, 'error'));
  if (gate.enforced && gate.over_limit.length > 0) why.push(`${plural(gate.over_limit.length, 'function')} over the limits`);
  return `failed (${why.join(', ')})`;
}

/** The human form of `agent status` for a running agent. */
export function renderRunning(state: AgentState, now = new Date()): string {
  const lines = [`ruchy-agent agent: running for ${state.project} (pid ${state.pid}, since ${state.started_at})`];
  if (state.url !== null) lines.push(`  MCP endpoint: ${state.url}${state.token_required ? ' (bearer token required)' : ''}`);
  if (state.state === 'starting') lines.push('  state: starting (loading the project)');
  if (state.project_missing) lines.push('  project folder: MISSING (waiting for it to come back)');
  lines.push(`  files: ${state.files} checked${state.unreadable.length > 0 ? `, ${state.unreadable.length} unreadable` : ''}`);
  for (const u of state.unreadable.slice(0, 10)) lines.push(`    ${u.path}: ${u.reason}`);
  lines.push(`  problems: ${counts(state.errors, state.warnings)}`);
  const gate = state.quality_gate;
  lines.push(`  quality gate: ${gateWord(gate)}${gate.enforced ? '' : ' (enforce_standards = false)'}; limits: cyclomatic ${gate.max_complexity}, cognitive ${gate.max_cognitive_complexity}`);
  for (const f of gate.over_limit.slice(0, 10)) lines.push(`    ${f.path}:${f.line}:${f.column} ${f.name}: cyclomatic ${f.cyclomatic}, cognitive ${f.cognitive}`);
  if (gate.over_limit.length > 10) lines.push(`    ... and ${gate.over_limit.length - 10} more`);
  lines.push(`  last check: ${state.last_check === null ? 'none yet' : `${state.last_check} (${ago(state.last_check, now)})`}`);
  return `${lines.join('\n')}\n`;
}

function ago(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

function counts(errors: number, warnings: number): string {
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
