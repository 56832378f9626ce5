// Whether to colour the output, and the only ANSI escape codes of the CLI.
//
// Decision order: an explicit `--color`/`--no-color` flag, then FORCE_COLOR (any
// non-empty value except `0`/`false` turns colour on, as in Node itself), then NO_COLOR
// (https://no-color.org), then TERM=dumb, and finally whether stdout is a terminal.

import type { Severity } from '../diagnostics/diagnostic.js';

export interface ColorInputs {
  /** `true` for `--color`, `false` for `--no-color`, `undefined` when neither was given. */
  flag: boolean | undefined;
  env: Readonly<Record<string, string | undefined>>;
  isTTY: boolean;
}

export function shouldUseColor({ flag, env, isTTY }: ColorInputs): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export type Paint = (text: string) => string;

export interface Style {
  bold: Paint;
  dim: Paint;
  red: Paint;
  yellow: Paint;
  blue: Paint;
  cyan: Paint;
}

const identity: Paint = (text) => text;

function sgr(open: number, close: number): Paint {
  return (text) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`);
}

const plainStyle: Style = { bold: identity, dim: identity, red: identity, yellow: identity, blue: identity, cyan: identity };

const ansiStyle: Style = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  blue: sgr(34, 39),
  cyan: sgr(36, 39),
};

export function createStyle(enabled: boolean): Style {
  return enabled ? ansiStyle : plainStyle;
}

/** Red for errors, yellow for warnings, blue for infos, cyan for hints. */
export function severityPaint(style: Style, severity: Severity): Paint {
  switch (severity) {
    case 'error':
      return style.red;
    case 'warning':
      return style.yellow;
    case 'info':
      return style.blue;
    case 'hint':
      return style.cyan;
  }
}
