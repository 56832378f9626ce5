// `ruchy-agent check PATH...`: report the diagnostics of Ruchy files for people (with
// code frames) or for tools (`--json`), with an exit status for scripts and CI.
//
// Human output is written file by file, so a large tree shows progress; the JSON
// document is written once at the end. Paths that do not exist are reported on stderr
// after every other path has been checked, and make the exit status 2.
//
// All files are loaded into one language service first, so that names imported from
// one checked file into another resolve; a module a checked file imports but that was
// not named on the command line (`check main.ruchy` with `use util::f` and util.ruchy
// beside it) is loaded too, for its names only, and not reported. Then each file's
// syntax and semantic diagnostics are reported in path order.

import * as nodePath from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Codes } from '../../diagnostics/codes.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { createLanguageService, type LanguageService } from '../../service/language-service.js';
import type { LineIndex } from '../../syntax/positions.js';
import { createStyle, type Style } from '../color.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { collectFiles, readSourceFile, type Target } from '../../workspace/files.js';
import {
  addFile,
  emptySummary,
  renderDiagnostic,
  renderFileError,
  renderJson,
  renderSummary,
  renderUsageError,
  toJsonFile,
  toJsonFileError,
  type JsonFileReport,
  type Summary,
} from '../output.js';

export interface CheckOptions {
  json: boolean;
  exitZero: boolean;
  color: boolean;
}

/** Where the command reads and writes; main.ts passes the real process. */
export interface CheckIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The outcome of checking one target. */
type FileResult =
  | { path: string; lineIndex: LineIndex; diagnostics: Diagnostic[] }
  | { path: string; error: string };

export function runCheck(paths: readonly string[], options: CheckOptions, io: CheckIo): ExitCodeValue {
  const { targets, missing } = collectFiles(paths.length > 0 ? paths : ['.'], io.cwd);
  const style = createStyle(options.color && !options.json);
  const jsonFiles: JsonFileReport[] = [];
  let summary = emptySummary();
  const service = createLanguageService();
  const loaded = targets.map((target) => loadTarget(service, target));
  loadImportedModules(service, loaded.flatMap((entry) => ('uri' in entry ? [entry.uri] : [])));
  for (const entry of loaded) {
    const result = checkTarget(service, entry);
    summary = addFile(summary, 'error' in result ? [] : result.diagnostics, 'error' in result);
    if (options.json) jsonFiles.push(toJsonResult(result));
    else io.stdout(renderHuman(result, style));
  }
  io.stdout(options.json ? renderJson(jsonFiles, summary) : renderSummary(summary, style));
  for (const path of missing) io.stderr(renderUsageError(`${path}: no such file or directory`));
  return exitCode(summary, missing.length > 0, options.exitZero);
}

type Loaded = { target: Target; uri: string } | { target: Target; error: string };

function loadTarget(service: LanguageService, target: Target): Loaded {
  if (target.kind === 'unreadable') return { target, error: target.reason };
  const source = readSourceFile(target.absolute);
  if ('error' in source) return { target, error: source.error };
  const uri = pathToFileURL(target.absolute).href;
  service.setFile(uri, source.text);
  return { target, uri };
}

/** How many rounds of imports of imports are followed. */
const MAX_IMPORT_DEPTH = 8;

/**
 * Loads, from disk, the modules that the given files import but the workspace lacks
 * (`use util::f` finds `util.ruchy` or `util/mod.ruchy` beside the importing file), and
 * the modules those import, so that their names resolve. They are not reported.
 */
function loadImportedModules(service: LanguageService, uris: readonly string[]): void {
  const known = new Set(service.files());
  let pending = [...uris];
  for (let round = 0; round < MAX_IMPORT_DEPTH && pending.length > 0; round++) {
    const next: string[] = [];
    for (const uri of pending) {
      const document = service.getDocument(uri);
      if (document === undefined || !uri.startsWith('file:')) continue;
      for (const d of service.diagnostics(uri)) {
        if (d.code !== Codes.UnknownModule.code) continue;
        const name = document.text.slice(d.start, d.end);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
        const folder = nodePath.dirname(fileURLToPath(uri));
        for (const candidate of [nodePath.join(folder, `${name}.ruchy`), nodePath.join(folder, name, 'mod.ruchy')]) {
          const candidateUri = pathToFileURL(candidate).href;
          if (known.has(candidateUri)) break;
          const source = readSourceFile(candidate);
          if ('error' in source) continue;
          service.setFile(candidateUri, source.text);
          known.add(candidateUri);
          next.push(candidateUri);
          break;
        }
      }
    }
    pending = next;
  }
}

function checkTarget(service: LanguageService, entry: Loaded): FileResult {
  const path = entry.target.display;
  if ('error' in entry) return { path, error: entry.error };
  try {
    const document = service.getDocument(entry.uri)!;
    return { path, lineIndex: document.lineIndex, diagnostics: service.diagnostics(entry.uri) };
  } catch (error) {
    // The engine promises never to throw; if something still does, one file pays, not the run.
    return { path, error: `internal error while checking: ${String((error as Error)?.message ?? error)}` };
  }
}

function renderHuman(result: FileResult, style: Style): string {
  if ('error' in result) return renderFileError(result.path, result.error, style);
  return result.diagnostics.map((d) => `${renderDiagnostic(result.path, result.lineIndex, d, style)}\n`).join('');
}

function toJsonResult(result: FileResult): JsonFileReport {
  if ('error' in result) return toJsonFileError(result.path, result.error);
  return toJsonFile(result.path, result.lineIndex, result.diagnostics);
}

/** 2 for a missing path (even with --exit-zero), else 1 for any error unless --exit-zero. */
export function exitCode(summary: Summary, missingPaths: boolean, exitZero: boolean): ExitCodeValue {
  if (missingPaths) return ExitCode.Usage;
  if (exitZero) return ExitCode.Ok;
  return summary.errors > 0 ? ExitCode.Problems : ExitCode.Ok;
}
