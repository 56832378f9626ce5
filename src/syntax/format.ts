// PLACEHOLDER until the formatter lands: the signatures the language service and the
// protocol adapters code against. format() returns its input unchanged.

import type { Diagnostic } from '../diagnostics/diagnostic.js';

export interface FormatOptions {
  indent?: number;
  maxWidth?: number;
}

export interface FormatResult {
  text: string;
  changed: boolean;
  diagnostics: Diagnostic[];
}

export interface FormatEdit {
  start: number;
  end: number;
  text: string;
}

export function format(text: string, _options: FormatOptions = {}): FormatResult {
  return { text, changed: false, diagnostics: [] };
}

export function formatRange(_text: string, _start: number, _end: number, _options: FormatOptions = {}): FormatEdit[] {
  return [];
}
