// `ruchy-agent report [PATH] --html OUT`: the lint findings and the complexity of every
// function of a project as one self-contained HTML page (../../report/html.ts), written
// atomically. The limits come from ruchy-agent.toml (or --config), as for `lint`.
//
// Exit status: 0 when the report was written (whatever it says; `lint` is the gate),
// 1 when it could not be written, 2 for a usage problem.

import * as path from 'node:path';
import type { Severity } from '../../diagnostics/diagnostic.js';
import { renderHtmlReport, type ReportData, type ReportFile } from '../../report/html.js';
import { isOverLimits } from '../../semantics/style-rules.js';
import { limitsOf, lintFile } from '../../service/lint.js';
import { ExitCode } from '../exit-codes.js';
import { describeError } from '../../workspace/files.js';
import { plural, renderUsageError } from '../output.js';
import { writeAtomic } from './compile.js';
import { configFor, loadProject, type LintIo } from './lint.js';

export interface ReportCommandOptions {
  /** Where to write the HTML page. */
  html?: string;
  config?: string;
  maxComplexity?: number;
  maxCognitive?: number;
  /** The page title (default: "Ruchy quality report: <folder name>"). */
  title?: string;
  /** Fixed generation time, for reproducible output. */
  now?: Date;
}

const processIo = (): LintIo => ({
  cwd: process.cwd(),
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
});

export async function reportCommand(target: string | undefined, opts: ReportCommandOptions, io: LintIo = processIo()): Promise<number> {
  if (opts.html === undefined || opts.html === '') {
    io.stderr(renderUsageError('report: give the output file with --html FILE'));
    return ExitCode.Usage;
  }
  const loaded = configFor(opts, io);
  if (loaded === null) return ExitCode.Usage;
  const project = loadProject([target ?? '.'], io.cwd, loaded.source);
  for (const missing of project.missing) io.stderr(renderUsageError(`${missing}: no such file or directory`));
  if (project.missing.length > 0) return ExitCode.Usage;

  const data = reportData(project, loaded.config, opts);
  const out = path.resolve(io.cwd, opts.html);
  try {
    await writeAtomic(out, renderHtmlReport(data));
  } catch (error) {
    io.stderr(renderUsageError(`${opts.html}: cannot write the report: ${describeError(error)}`));
    return ExitCode.Problems;
  }
  const functions = data.files.reduce((n, f) => n + f.functions.length, 0);
  const over = data.files.reduce((n, f) => n + f.functions.filter((fn) => fn.overLimit).length, 0);
  const count = (s: Severity): number => data.files.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === s).length, 0);
  io.stdout(
    `wrote ${opts.html}: ${plural(data.files.length, 'file')}, ${plural(functions, 'function')} (${over} over the complexity limits), ` +
      `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}\n`,
  );
  return ExitCode.Ok;
}

function reportData(project: ReturnType<typeof loadProject>, config: Parameters<typeof limitsOf>[0], opts: ReportCommandOptions): ReportData {
  const limits = limitsOf(config);
  const files: ReportFile[] = project.files.map((file) => {
    const shown = 'absolute' in file ? relativePath(project.root, file.absolute) : file.display;
    if ('error' in file) return { path: shown, diagnostics: [], functions: [], error: file.error };
    const document = project.service.getDocument(file.uri)!;
    const lines = document.lineIndex;
    const diagnostics = lintFile(project.service, file.uri, config, { fixes: false, suggestions: false }).map((d) => {
      const at = lines.humanPosition(d.start);
      return { severity: d.severity, code: d.code, message: d.message, line: at.line, column: at.column };
    });
    const functions = project.service.quality(file.uri).functions.map((fn) => ({
      qualifiedName: fn.qualifiedName,
      line: lines.humanPosition(fn.nameStart).line,
      cyclomatic: fn.cyclomatic,
      cognitive: fn.cognitive,
      lines: fn.lines,
      overLimit: isOverLimits(fn, limits),
    }));
    return { path: shown, diagnostics, functions };
  });
  return {
    title: opts.title ?? `Ruchy quality report: ${path.basename(project.root)}`,
    root: project.root,
    generated: (opts.now ?? new Date()).toISOString(),
    limits: { cyclomatic: limits.maxCyclomatic, cognitive: limits.maxCognitive },
    files,
  };
}

function relativePath(root: string, absolute: string): string {
  const relative = path.relative(root, absolute);
  return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative.split(path.sep).join('/');
}
