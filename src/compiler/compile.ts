// compile(source) -> { js, map, diagnostics }: the compiler's one entry point. Pure: text
// in, text out; it parses by itself. The output is an ES module that imports the runtime
// library and runs the program when imported (`format: 'esm'`, the default), or the body
// of a function of `$rt` (the runtime namespace) that returns the exit status
// (`format: 'function'`, used by the runner). Both have the same lines, so one source map
// serves both.


import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from '../../grammar/parse.js';
import { Codes, format } from '../diagnostics/codes.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { Emitter, type EmitResult, type StaticType } from './emit.js';
import { analyzeKinds, type KindInfo } from './kinds.js';
import { analyzeRanges, type RangeInfo } from './ranges.js';
import type * as A from '../syntax/ast.js';
import { walk } from '../syntax/walk.js';
import { buildSourceMap, finishOutput, type Mapping, type SourceMapV3 } from './sourcemap.js';

export interface CompileOptions {
  /** The Ruchy file name, recorded in the source map. */
  fileName?: string;
  /** Produce a source map (default true). */
  sourceMap?: boolean;
  format?: 'esm' | 'function';
  /** Where the ES module imports the runtime from (default: this package's runtime). */
  runtimeUrl?: string;
  /** Type oracle from a checker: expressions proved i64/f64/bool get specialised code. */
  types?: (expr: A.Expr) => StaticType;
  /**
   * Run the representation analysis (kinds.ts, ranges.ts) and specialise the code on it
   * (default true; false gives the generic code, for comparison and tests).
   */
  analyze?: boolean;
}

export interface CompileResult {
  js: string;
  map: SourceMapV3 | null;
  diagnostics: Diagnostic[];
  /** Decoded mappings (generated -> Ruchy positions), for error locations. */
  mappings: Mapping[];
  /**
   * How the code was specialised: on the representation analysis, generic (analysis off),
   * or generic after the emitter's name resolution disagreed with the analysis' (a bug to report).
   */
  analysis?: 'specialized' | 'generic' | 'fallback';
}

export function defaultRuntimeUrl(): string {
  return new URL('./runtime/index.js', import.meta.url).href;
}

/**
 * The runtime a written-out module should import: the compiled one beside this module, or
 * the package's dist/ copy when this module runs from source (tests). Reads the disk,
 * so it is kept out of `compile` itself.
 */
export function installedRuntimeUrl(): string {
  const beside = new URL('./runtime/index.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside.href;
  return new URL('../../dist/src/compiler/runtime/index.js', import.meta.url).href;
}

export function compile(source: string, options: CompileOptions = {}): CompileResult {
  const parsed = parse(source);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  if (parsed.diagnostics.some((d) => d.severity === 'error')) {
    return { js: '', map: null, diagnostics, mappings: [] };
  }
  let result: EmitResult;
  let analysis: CompileResult['analysis'] = options.analyze === false ? 'generic' : 'specialized';
  try {
    let kinds: KindInfo | undefined;
    let ranges: RangeInfo | undefined;
    if (options.analyze !== false) {
      kinds = analyzeKinds(parsed.ast);
      ranges = analyzeRanges(parsed.ast, kinds);
    }
    result = new Emitter(parsed.ast, { types: options.types, kinds, ranges }).emitProgram();
    // The emitter resolved some name differently from the analysis: the generic code is always right.
    if (result.kindsMismatch) {
      result = new Emitter(parsed.ast, { types: options.types }).emitProgram();
      analysis = 'fallback';
    }
  } catch (error) {
    // The emitter recurses on the tree: an expression nested about a thousand levels deep
    // (which the parser accepts) can exhaust the stack. Refused with its place, like any
    // construct the compiler does not handle.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      const deepest = deepestStatement(parsed.ast);
      diagnostics.push({
        code: Codes.CompilerUnsupported.code,
        severity: 'error',
        message: format(Codes.CompilerUnsupported.template, { construct: `an expression nested ${deepest.depth} levels deep (split it with \`let\`)` }),
        start: deepest.start,
        end: deepest.end,
      });
      return { js: '', map: null, diagnostics, mappings: [] };
    }
    diagnostics.push({
      code: Codes.CompilerInternal.code,
      severity: 'error',
      message: format(Codes.CompilerInternal.template, { reason: String((error as Error)?.message ?? error).slice(0, 200) }),
      start: 0,
      end: Math.min(1, source.length),
    });
    return { js: '', map: null, diagnostics, mappings: [] };
  }
  diagnostics.push(...result.diagnostics);
  diagnostics.sort(compareDiagnostics);
  const moduleFormat = options.format ?? 'esm';
  const names = result.runtimeNames;
  const header =
    moduleFormat === 'esm'
      ? `import { ${['run', 'exit', ...names].filter(unique).map((n) => `${n} as $${n}`).join(', ')} } from ${JSON.stringify(options.runtimeUrl ?? defaultRuntimeUrl())};`
      : `const { ${['run', ...names].filter(unique).map((n) => `${n}: $${n}`).join(', ')} } = $rt;`;
  const open = moduleFormat === 'esm' ? '$exit($run(() => {' : 'return $run(() => {';
  const close = moduleFormat === 'esm' ? '}));' : '});';
  const text = `${header}\n${open}\n${result.body}\n${close}\n`;
  const { code, mappings } = finishOutput(text, parsed.lineIndex);
  const fileName = options.fileName ?? 'main.ruchy';
  const map = options.sourceMap === false ? null : buildSourceMap(mappings, fileName.replace(/\.ruchy$/, '') + '.js', fileName, source);
  return { js: code, map, diagnostics, mappings, analysis };
}

/** The top-level statement with the deepest tree, and that depth (found without recursion). */
function deepestStatement(file: A.SourceFile): { start: number; end: number; depth: number } {
  let best = { start: 0, end: Math.min(1, file.end), depth: 0 };
  for (const stmt of file.stmts) {
    let depth = 0;
    let max = 0;
    walk(stmt, {
      enter: () => {
        depth++;
        if (depth > max) max = depth;
      },
      leave: () => {
        depth--;
      },
    });
    if (max > best.depth) best = { start: stmt.start, end: stmt.end, depth: max };
  }
  return best;
}

function unique(value: string, index: number, all: string[]): boolean {
  return all.indexOf(value) === index;
}


