// `ruchy-agent lint [PATH...]`: everything `check` reports plus the style rules and the
// complexity limits of the configuration (../../service/lint.ts), as `check` prints them
// (header, code frame; refactoring suggestions as `= help:` lines), as JSON (`--json`) or
// as SARIF 2.1.0 (`--sarif` to stdout, `--sarif FILE` to a file beside the normal output).
// `--fix` first applies the safe fixes and writes the files atomically, then lints again.
//
// It is also the quality gate: exit status 1 when there is an error, or when a function
// is over a complexity limit and `quality.enforce_standards` is true (the default).
// Exit status 2 for a usage problem (a path that does not exist, a bad configuration).
//
// The files are analysed together with the other `.ruchy` files of the project (the
// folder of ruchy-agent.toml, or else the folder holding all the files asked for), so
// that imports resolve as in the editor; only the files asked for are reported (and fixed).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type RuchyAgentConfig } from '../../config/config.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { toSarif } from '../../report/sarif.js';
import { createLanguageService, type LanguageService } from '../../service/language-service.js';
import { fixFiles, lintFiles, qualityGate, type GateResult, type LintFinding } from '../../service/lint.js';
import type { LineIndex } from '../../syntax/positions.js';
import { createStyle, type Style } from '../color.js';
import { ExitCode } from '../exit-codes.js';
import { collectFiles, describeError, readSourceFile, type Target } from '../../workspace/files.js';
import { plural, renderDiagnostic, renderFileError, renderUsageError, toJsonDiagnostic, type JsonDiagnostic } from '../output.js';
import { writeAtomic } from './compile.js';

export interface LintCommandOptions {
  /** Apply the safe fixes before reporting. */
  fix?: boolean;
  json?: boolean;
  /** `true`: SARIF on stdout instead of the human output; a path: also write SARIF there. */
  sarif?: string | boolean;
  /** The configuration file (default: ruchy-agent.toml found from the working folder up). */
  config?: string;
  /** Override quality.max_complexity / quality.max_cognitive_complexity. */
  maxComplexity?: number;
  maxCognitive?: number;
  color?: boolean;
}

export interface LintIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

const processLintIo = (): LintIo => ({
  cwd: process.cwd(),
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
});

// ---------------------------------------------------------------- loading a project

/** A file asked for, loaded in the service, or why it could not be. */
export type LoadedFile =
  | { display: string; absolute: string; uri: string }
  | { display: string; error: string };

export interface Project {
  service: LanguageService;
  files: LoadedFile[];
  /** Paths from the command line that do not exist, as written. */
  missing: string[];
  /** The folder SARIF URIs and reports are relative to: that of ruchy-agent.toml, else the working folder. */
  root: string;
}

export function loadedUris(project: Project): string[] {
  return project.files.flatMap((f) => ('uri' in f ? [f.uri] : []));
}

/**
 * The files named by `paths` (folders searched for *.ruchy), loaded together with the
 * other .ruchy files of their project for context: the folder of ruchy-agent.toml when
 * there is one, else the deepest folder holding every file asked for.
 */
export function loadProject(paths: readonly string[], cwd: string, configSource: string | null): Project {
  const { targets, missing } = collectFiles(paths.length > 0 ? paths : ['.'], cwd);
  const service = createLanguageService();
  const files = targets.map((target) => loadTarget(service, target));
  const asked = files.flatMap((f) => ('absolute' in f ? [f.absolute] : []));
  const context = configSource !== null ? path.dirname(configSource) : commonFolder(asked);
  if (context !== null && asked.every((file) => isInside(context, file))) {
    const seen = new Set(asked);
    for (const target of collectFiles([context], cwd).targets) {
      if (target.kind !== 'file' || seen.has(target.absolute)) continue;
      const source = readSourceFile(target.absolute);
      if ('text' in source) service.setFile(pathToFileURL(target.absolute).href, source.text);
    }
  }
  const root = configSource !== null ? path.dirname(configSource) : path.resolve(cwd);
  return { service, files, missing, root };
}

/** The deepest folder that holds every one of `files`, or null for none. */
function commonFolder(files: readonly string[]): string | null {
  if (files.length === 0) return null;
  let folder = path.dirname(files[0]);
  while (!files.every((file) => isInside(folder, file))) {
    const parent = path.dirname(folder);
    if (parent === folder) return null;
    folder = parent;
  }
  return folder;
}

function loadTarget(service: LanguageService, target: Target): LoadedFile {
  if (target.kind === 'unreadable') return { display: target.display, error: target.reason };
  const source = readSourceFile(target.absolute);
  if ('error' in source) return { display: target.display, error: source.error };
  const uri = pathToFileURL(target.absolute).href;
  service.setFile(uri, source.text);
  return { display: target.display, absolute: target.absolute, uri };
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The configuration with command-line overrides, or a usage error already reported. */
export function configFor(opts: { config?: string; maxComplexity?: number; maxCognitive?: number }, io: LintIo): { config: RuchyAgentConfig; source: string | null } | null {
  try {
    const loaded = loadConfig(opts.config, io.cwd);
    if (opts.maxComplexity !== undefined) loaded.config.quality.max_complexity = opts.maxComplexity;
    if (opts.maxCognitive !== undefined) loaded.config.quality.max_cognitive_complexity = opts.maxCognitive;
    return loaded;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.message.split('\n')) io.stderr(renderUsageError(line));
    return null;
  }
}

// ---------------------------------------------------------------- the command

export async function lintCommand(paths: readonly string[], opts: LintCommandOptions = {}, io: LintIo = processLintIo()): Promise<number> {
  if (opts.json === true && opts.sarif === true) {
    io.stderr(renderUsageError('--json and --sarif without a file both write to stdout: give --sarif a file name'));
    return ExitCode.Usage;
  }
  if (typeof opts.sarif === 'string' && isFolder(path.resolve(io.cwd, opts.sarif))) {
    io.stderr(renderUsageError(`--sarif takes a file name, and ${opts.sarif} is a folder (write --sarif=FILE, or the paths before --sarif)`));
    return ExitCode.Usage;
  }
  const loaded = configFor(opts, io);
  if (loaded === null) return ExitCode.Usage;
  const { config } = loaded;
  const project = loadProject(paths, io.cwd, loaded.source);
  const style = createStyle(opts.color === true && opts.json !== true && opts.sarif !== true);
  const uris = loadedUris(project);

  let fixed = 0;
  let writeFailed = false;
  if (opts.fix === true) {
    const outcome = fixFiles(project.service, uris, config);
    for (const [uri, text] of outcome.changed) {
      const file = project.files.find((f) => 'uri' in f && f.uri === uri) as Extract<LoadedFile, { uri: string }>;
      try {
        await writeAtomic(file.absolute, text);
      } catch (error) {
        writeFailed = true;
        io.stderr(renderFileError(file.display, `cannot write the fixed file: ${describeError(error)}`, style));
      }
    }
    fixed = outcome.fixed.length;
  }

  const findings = lintFiles(project.service, uris, config, { fixes: opts.fix !== true });
  const byUri = new Map<string, LintFinding[]>();
  for (const f of findings) {
    const list = byUri.get(f.uri) ?? [];
    list.push(f);
    byUri.set(f.uri, list);
  }
  const gate = qualityGate(findings, config);
  const unreadable = project.files.filter((f) => 'error' in f).length;
  const reports = project.files.map((file) => reportOf(project.service, file, byUri));

  if (typeof opts.sarif === 'string') {
    const log = sarifOf(project, reports);
    try {
      await writeAtomic(path.resolve(io.cwd, opts.sarif), `${JSON.stringify(log, null, 2)}\n`);
    } catch (error) {
      io.stderr(renderUsageError(`${opts.sarif}: cannot write the SARIF log: ${describeError(error)}`));
      writeFailed = true;
    }
  }
  const summary = summarize(reports, fixed);
  if (opts.sarif === true) io.stdout(`${JSON.stringify(sarifOf(project, reports), null, 2)}\n`);
  else if (opts.json === true) io.stdout(`${JSON.stringify(jsonOf(reports, summary, gate, config), null, 2)}\n`);
  else {
    for (const report of reports) io.stdout(renderReport(report, style));
    io.stdout(renderLintSummary(summary, gate, config, style));
  }
  for (const missing of project.missing) io.stderr(renderUsageError(`${missing}: no such file or directory`));

  if (project.missing.length > 0) return ExitCode.Usage;
  return !gate.passed || unreadable > 0 || writeFailed ? ExitCode.Problems : ExitCode.Ok;
}

// ---------------------------------------------------------------- per-file results

type FileReport =
  | { display: string; absolute: string; lineIndex: LineIndex; findings: LintFinding[] }
  | { display: string; error: string };

function reportOf(service: LanguageService, file: LoadedFile, byUri: ReadonlyMap<string, LintFinding[]>): FileReport {
  if ('error' in file) return file;
  const document = service.getDocument(file.uri)!;
  return { display: file.display, absolute: file.absolute, lineIndex: document.lineIndex, findings: byUri.get(file.uri) ?? [] };
}

function renderReport(report: FileReport, style: Style): string {
  if ('error' in report) return renderFileError(report.display, report.error, style);
  return report.findings
    .map((f) => {
      const help = f.suggestions.map((s) => `   ${style.bold(style.cyan('= help:'))} ${s.message}\n`).join('');
      return `${renderDiagnostic(report.display, report.lineIndex, f, style)}${help}\n`;
    })
    .join('');
}

interface LintSummary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
  /** Findings with a safe fix not applied (no --fix). */
  fixable: number;
  /** Findings fixed by --fix. */
  fixed: number;
}

function summarize(reports: readonly FileReport[], fixed: number): LintSummary {
  const s: LintSummary = { files: reports.length, errors: 0, warnings: 0, infos: 0, hints: 0, fixable: 0, fixed };
  for (const report of reports) {
    if ('error' in report) {
      s.errors++;
      continue;
    }
    for (const f of report.findings) {
      if (f.severity === 'error') s.errors++;
      else if (f.severity === 'warning') s.warnings++;
      else if (f.severity === 'info') s.infos++;
      else s.hints++;
      if (f.fix?.safe === true) s.fixable++;
    }
  }
  return s;
}

/**
 * `linted 3 files: 1 error, 2 warnings (1 fixable with --fix)` then
 * `quality gate: failed: 1 error; 1 function over the complexity limits (cyclomatic 20, cognitive 15)`.
 */
export function renderLintSummary(s: LintSummary, gate: GateResult, config: RuchyAgentConfig, style: Style): string {
  const counts = [
    s.errors > 0 ? style.red(plural(s.errors, 'error')) : '',
    s.warnings > 0 ? style.yellow(plural(s.warnings, 'warning')) : '',
    s.infos > 0 ? `${s.infos} info` : '',
    s.hints > 0 ? plural(s.hints, 'hint') : '',
  ].filter((part) => part !== '');
  let line = `${style.bold(`linted ${plural(s.files, 'file')}:`)} ${counts.length > 0 ? counts.join(', ') : 'no problems'}`;
  if (s.fixed > 0) line += `; fixed ${plural(s.fixed, 'problem')}`;
  if (s.fixable > 0) line += ` (${s.fixable} fixable with --fix)`;
  const limits = `cyclomatic ${config.quality.max_complexity}, cognitive ${config.quality.max_cognitive_complexity}`;
  const over = gate.overLimit.length;
  const reasons = [
    gate.errors > 0 ? plural(gate.errors, 'error') : '',
    over > 0 && gate.enforced ? `${plural(over, 'function')} over the complexity limits (${limits})` : '',
  ].filter((r) => r !== '');
  let verdict: string;
  if (!gate.passed) verdict = `${style.bold('quality gate:')} ${style.red('failed')}: ${reasons.join('; ')}`;
  else if (over > 0) verdict = `${style.bold('quality gate:')} passed (${plural(over, 'function')} over the complexity limits, not enforced)`;
  else verdict = `${style.bold('quality gate:')} passed`;
  return `${line}\n${verdict}\n`;
}

// ---------------------------------------------------------------- --json and --sarif

interface JsonFinding extends JsonDiagnostic {
  fix: { title: string; safe: boolean; changes: { uri: string; edits: { start: number; end: number; text: string }[] }[] } | null;
  suggestions: { kind: string; message: string; startLine: number; endLine: number; reads: string[]; writes: string[] }[];
}

function jsonOf(reports: readonly FileReport[], summary: LintSummary, gate: GateResult, config: RuchyAgentConfig): unknown {
  return {
    files: reports.map((r) =>
      'error' in r
        ? { path: r.display, findings: [], error: r.error }
        : { path: r.display, findings: r.findings.map((f) => jsonFinding(r.lineIndex, f)) },
    ),
    summary,
    gate: {
      passed: gate.passed,
      enforced: gate.enforced,
      errors: gate.errors,
      maxComplexity: config.quality.max_complexity,
      maxCognitiveComplexity: config.quality.max_cognitive_complexity,
      overLimit: gate.overLimit.map((f) => ({ function: f.data?.name ?? null, cyclomatic: f.data?.cyclomatic ?? null, cognitive: f.data?.cognitive ?? null })),
    },
  };
}

function jsonFinding(lineIndex: LineIndex, f: LintFinding): JsonFinding {
  return {
    ...toJsonDiagnostic(lineIndex, f as Diagnostic),
    fix: f.fix === null ? null : { title: f.fix.title, safe: f.fix.safe, changes: f.fix.changes },
    suggestions: f.suggestions.map((s) => ({ kind: s.kind, message: s.message, startLine: s.startLine, endLine: s.endLine, reads: s.reads, writes: s.writes })),
  };
}

function sarifOf(project: Project, reports: readonly FileReport[]) {
  return toSarif({
    root: project.root,
    files: reports.flatMap((r) => ('error' in r ? [] : [{ absolute: r.absolute, lineIndex: r.lineIndex, findings: r.findings }])),
  });
}
