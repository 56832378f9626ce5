// The one shape of a diagnostic, shared by the parser, the checker, the compiler and
// every front door (CLI, LSP, MCP). Ranges are UTF-16 offsets; protocol adapters convert.

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface RelatedInformation {
  start: number;
  end: number;
  message: string;
  /** Another file of the workspace; absent for the same file. */
  uri?: string;
}

export interface Diagnostic {
  /** Stable code from ./codes.ts, e.g. `R0001`. */
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  related?: RelatedInformation[];
  /** Tags an editor can render (unused code faded, deprecated struck through). */
  tags?: ('unnecessary' | 'deprecated')[];
  /** Machine-readable data for quick fixes (e.g. the suggested name). */
  data?: Record<string, unknown>;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.start - b.start || a.end - b.end || a.code.localeCompare(b.code);
}

