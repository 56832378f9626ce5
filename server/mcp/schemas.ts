// The zod schemas that several tools share: how a tool is pointed at code (a path, a
// position, a symbol name or inline source), pagination, and the shapes of locations and
// diagnostics in answers. Lines and columns are 1-based everywhere; columns count
// Unicode characters (code points), as an editor's status bar shows them.

import * as z from 'zod';

export const pathField = z
  .string()
  .min(1)
  .describe('A file path relative to the workspace root (e.g. "src/main.ruchy"); absolute paths must lie inside the workspace.');

export const sourceField = z
  .string()
  .max(2_000_000)
  .describe('Ruchy code passed inline instead of a path (checked as a file on its own).');

export const lineField = z.number().int().min(1).describe('1-based line number.');
export const columnField = z.number().int().min(1).describe('1-based column, counted in characters (Unicode code points) from the start of the line.');

export const symbolField = z
  .string()
  .min(1)
  .max(200)
  .describe(
    'A name instead of a position: a function, type, method, variant or field, e.g. "area", "Point", "Point::new" or "Shape::Circle". ' +
      'Combine with `path` to look only in that file. Local variables need `path` + `line` + `column`.',
  );

/** Fields that point at one place in the code: a position, or a symbol name. */
export const targetShape = {
  path: pathField.optional(),
  line: lineField.optional(),
  column: columnField.optional(),
  symbol: symbolField.optional(),
};

export const offsetField = z.number().int().min(0).default(0).describe('How many results to skip (pagination; 0-based).');
export const limitField = (max: number, fallback: number) =>
  z.number().int().min(1).max(max).default(fallback).describe(`How many results to return at most (1-${max}, default ${fallback}).`);

export const severityEnum = z.enum(['error', 'warning', 'info', 'hint']);

export const rangeShape = {
  line: z.number().int().describe('1-based start line.'),
  column: z.number().int().describe('1-based start column (code points).'),
  end_line: z.number().int().describe('1-based end line.'),
  end_column: z.number().int().describe('1-based end column (exclusive).'),
};

export const locationSchema = z.object({
  path: z.string().describe('File path relative to the workspace root ("<source>" for inline code).'),
  ...rangeShape,
});

export const diagnosticSchema = z.object({
  path: z.string(),
  ...rangeShape,
  severity: severityEnum,
  code: z.string().describe('Stable diagnostic code such as R0101; the `explain` tool explains it.'),
  message: z.string(),
});

export const symbolSummarySchema = z.object({
  name: z.string(),
  qualified_name: z.string().describe('With its container: "Point::new".'),
  kind: z.string(),
  path: z.string().nullable(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
});

export const diagnosticsDeltaSchema = z
  .object({
    introduced: z.array(diagnosticSchema).describe('Diagnostics present after the change and not before.'),
    removed: z.array(diagnosticSchema).describe('Diagnostics present before the change and not after.'),
  })
  .nullable()
  .describe('What the applied change did to the workspace diagnostics (null when nothing was written).');

export type DiagnosticOutput = z.infer<typeof diagnosticSchema>;
export type SymbolSummary = z.infer<typeof symbolSummarySchema>;
