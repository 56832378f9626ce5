// Lint findings as a SARIF 2.1.0 log (Static Analysis Results Interchange Format, OASIS),
// the format code-scanning services read: one run of the tool `ruchy-agent` whose driver
// lists a rule for every code that occurs, and one result per finding with its level,
// message and location. Artifact URIs are relative to the project folder (base id
// %SRCROOT%, given in originalUriBaseIds); regions are 1-based lines and columns, the
// columns counted in Unicode code points (run.columnKind) as in every human-facing output
// of ruchy-agent. A refactoring suggestion for a complex function becomes a related
// location of its result.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { Codes, type DiagnosticCode } from '../diagnostics/codes.js';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import type { LineIndex } from '../syntax/positions.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const ROOT_ID = '%SRCROOT%';

export interface SarifSuggestion {
  message: string;
  start: number;
  end: number;
}

export interface SarifFile {
  absolute: string;
  lineIndex: LineIndex;
  findings: readonly (Diagnostic & { suggestions?: readonly SarifSuggestion[] })[];
}

export interface SarifInput {
  /** The project folder: artifact URIs are relative to it. */
  root: string;
  files: readonly SarifFile[];
  toolVersion?: string;
}

export function sarifLevel(severity: Severity): Sarif.ReportingConfiguration.level {
  switch (severity) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    default:
      return 'note';
  }
}

/** Code -> its name in the table (`R0401` -> `UnusedVariable`). */
const NAMES: ReadonlyMap<string, string> = new Map(Object.entries(Codes).map(([name, c]) => [c.code, name]));
const TABLE: ReadonlyMap<string, DiagnosticCode> = new Map(Object.values(Codes).map((c) => [c.code, c]));

export function toSarif(input: SarifInput): Sarif.Log {
  const used = new Set<string>();
  for (const file of input.files) for (const f of file.findings) used.add(f.code);
  const ruleIds = [...used].sort();
  const rules: Sarif.ReportingDescriptor[] = ruleIds.map((id) => {
    const entry = TABLE.get(id);
    return {
      id,
      name: NAMES.get(id) ?? id,
      shortDescription: { text: entry?.title ?? id },
      defaultConfiguration: { level: sarifLevel(entry?.severity ?? 'warning') },
    };
  });
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const results: Sarif.Result[] = [];
  for (const file of input.files) {
    const artifactLocation = artifact(input.root, file.absolute);
    for (const f of file.findings) {
      const result: Sarif.Result = {
        ruleId: f.code,
        ruleIndex: ruleIndex.get(f.code)!,
        level: sarifLevel(f.severity),
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation, region: region(file.lineIndex, f.start, f.end) } }],
      };
      const suggestions = f.suggestions ?? [];
      if (suggestions.length > 0) {
        result.relatedLocations = suggestions.map((s, id) => ({
          id,
          message: { text: s.message },
          physicalLocation: { artifactLocation, region: region(file.lineIndex, s.start, s.end) },
        }));
      }
      results.push(result);
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ruchy-agent', version: input.toolVersion ?? toolVersion(), rules } },
        originalUriBaseIds: { [ROOT_ID]: { uri: folderUri(input.root) } },
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
}

function region(lineIndex: LineIndex, start: number, end: number): Sarif.Region {
  const from = lineIndex.humanPosition(start);
  const to = lineIndex.humanPosition(Math.max(start, end));
  return { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
}

function artifact(root: string, absolute: string): Sarif.ArtifactLocation {
  const relative = path.relative(root, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: ROOT_ID };
}

function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** The version in ruchy-agent's package.json. */
export function toolVersion(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'ruchy-agent' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // no package.json here: look further up
    }
    const parent = path.dirname(folder);
    if (parent === folder) return '0.0.0-unknown';
    folder = parent;
  }
}
