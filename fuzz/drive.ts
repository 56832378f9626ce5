// The fuzz driver: runs one input through every layer a user's file goes through and
// checks the promises each layer makes. Bytes are decoded as the CLI decodes a file
// (decodeSource); the text is lexed, parsed, opened in a language service and checked;
// then operations are asked at random positions (past the end of the text and between
// the halves of surrogate pairs included): hover, definition, type definition,
// references, highlights, prepare rename and rename, completion, signature help,
// selection ranges, document and workspace symbols, semantic tokens, folding ranges,
// inlay hints, code actions, code lenses, quality; the file is formatted whole and by
// range, compiled (and, now and then, a program that checked clean is run in the
// sandbox), and edited incrementally.
//
// A failure is an exception escaping any of these, or a broken promise:
//   - every range lies inside its file's text, start <= end; edits of one file do not overlap;
//   - every diagnostic has a known code, a severity and a message without "undefined" or
//     "[object" (unless the source itself contains them); no internal parser (R0019) or
//     compiler (R0509) error;
//   - the formatter leaves a file with syntax errors as it is; otherwise its output parses
//     without errors to the same tree (positions aside), keeps every comment, and
//     formatting it again changes nothing; range formatting keeps the tree too;
//   - a program that compiles without errors compiles to valid JavaScript (and a source
//     map when asked);
//   - document and workspace symbols have names (an editor refuses an empty one);
//   - a rename or a code action in a file without syntax errors leaves it without syntax errors;
//   - after an incremental edit that leaves the file without syntax errors, diagnostics,
//     semantic tokens and symbols equal those of a fresh analysis of the same text (with
//     syntax errors they are only checked to be well formed).
//
// In random mode (the fuzzer) each input gets a sample of the operations, chosen by the
// driver's seed; `exhaustive` (regression replay) runs all of them at many positions;
// `focus` runs only the setup and the one operation a failure was found in, at the same
// place (for minimization). The driver never hangs on purpose: the caller runs it in a
// worker and kills it when an input takes too long.

import * as vm from 'node:vm';
import { lex } from '../grammar/lexer.js';
import { parse, type ParseResult } from '../grammar/parse.js';
import { Codes, findCode } from '../src/diagnostics/codes.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { compile } from '../src/compiler/compile.js';
import { run } from '../src/compiler/run.js';
import { createLanguageService, type LanguageService } from '../src/service/language-service.js';
import type { SelectionRange } from '../src/service/selection.js';
import type { Location, TextEdit } from '../src/service/types.js';
import { format } from '../src/syntax/format.js';
import { missingComment, sameTree } from '../src/syntax/format-verify.js';
import { decodeSource } from '../src/workspace/files.js';
import type { FuzzInput } from './inputs.js';
import { INTERESTING, roughTokens } from './mutate.js';
import { Random } from './random.js';

export const MAIN_URI = 'file:///ws/main.ruchy';
export const OTHER_URI = 'file:///ws/other.ruchy';

/** Where and how the operation that failed was asked: enough to ask it again. */
export interface Focus {
  op: string;
  offset?: number;
  end?: number;
  newName?: string;
  edit?: TextEdit;
  /** A second file of the workspace, when there was one. */
  other?: string;
}

export interface Failure {
  kind: 'exception' | 'invariant' | 'hang' | 'crash';
  op: string;
  /** A short stable name of the broken promise (or the exception's class). */
  check: string;
  message: string;
  focus: Focus;
}

export interface DriveOptions {
  /** Seeds the driver's choices (operations, positions, edits). */
  seed: number;
  /** Every operation at many positions (regression replay). */
  exhaustive?: boolean;
  /** Only the setup and this operation, at this place (minimization). */
  focus?: Focus;
  /** Probability of running a program that checked clean in the sandbox (default 0). */
  runProbability?: number;
  /** Called before each operation with its index in OPERATION_NAMES (to attribute hangs). */
  onOp?: (op: number) => void;
}

/** Every operation the driver can ask, in a fixed order (indices are reported to the parent). */
export const OPERATION_NAMES = [
  'decode', 'lex', 'parse', 'open', 'diagnostics',
  'hover', 'definition', 'typeDefinition', 'references', 'highlights', 'prepareRename', 'rename', 'completions', 'signatureHelp', 'selectionRanges',
  'documentSymbols', 'workspaceSymbols', 'semanticTokens', 'foldingRanges', 'inlayHints', 'codeActions', 'codeLenses', 'quality',
  'format', 'formatRange', 'compile', 'run', 'incremental',
] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

const POSITION_OPS: readonly OperationName[] = [
  'hover', 'definition', 'typeDefinition', 'references', 'highlights', 'prepareRename', 'rename', 'completions', 'signatureHelp', 'selectionRanges',
];
const RANGE_OPS: readonly OperationName[] = ['inlayHints', 'codeActions', 'formatRange'];
const FILE_OPS: readonly OperationName[] = ['documentSymbols', 'workspaceSymbols', 'semanticTokens', 'foldingRanges', 'codeLenses', 'quality'];
const SETUP_OPS: readonly OperationName[] = ['decode', 'lex', 'parse', 'open', 'diagnostics'];

const NEW_NAMES = ['renamed', 'x', 'y2', 'Point', 'println', 'len', 'match', 'with', 'receive', 'state', 'self', '_', '1bad', '', 'a b', 'über', 'value', 'f'];

/** Small second files, so that cross-file definitions, references and renames are asked too. */
const OTHER_FILES = [
  'pub fun helper(x: i64) -> i64 { x * 2 }\npub struct Point { x: i64, y: i64 }\n',
  'mod util {\n    pub fun square(n) { n * n }\n}\npub const LIMIT = 10\n',
  'use main::f\npub fun g() { f(1) }\n',
  'import "./main.ruchy"\npub enum Shape { Circle(f64), Square { side: f64 } }\n',
];

/** An invariant violation: thrown by the checks, turned into a Failure by the operation wrapper. */
class Violation extends Error {
  constructor(
    readonly check: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(check: string, message: string): never {
  throw new Violation(check, message);
}

/** Runs one input; resolves to the first failure, or null. Never rejects. */
export async function drive(input: FuzzInput, options: DriveOptions): Promise<Failure | null> {
  const driver = new Driver(input, options);
  try {
    await driver.runAll();
    return null;
  } catch (error) {
    if (error instanceof Stop) return error.failure;
    // The driver's own bug: still reported, so that it is seen.
    return { kind: 'exception', op: 'driver', check: errorClass(error), message: describe(error), focus: { op: 'driver' } };
  }
}

class Stop extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

function errorClass(error: unknown): string {
  if (error instanceof Error) return error.constructor?.name ?? error.name;
  return typeof error;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 9).join('\n')}`;
  return String(error);
}

class Driver {
  private readonly r: Random;
  private readonly exhaustive: boolean;
  private readonly focus: Focus | null;
  private text = '';
  private other: string | null = null;
  private parsed: ParseResult | null = null;
  private service: LanguageService | null = null;
  private syntaxClean = false;
  private checkedClean = false;
  /** Words the source itself contains (a message may then legitimately say them). */
  private sourceMentions = '';

  constructor(
    private readonly input: FuzzInput,
    private readonly options: DriveOptions,
  ) {
    this.r = new Random(options.seed);
    this.exhaustive = options.exhaustive === true;
    this.focus = options.focus ?? null;
  }

  // ------------------------------------------------------------ running operations

  private async op(name: OperationName, focus: Focus, body: () => void | Promise<void>): Promise<void> {
    this.options.onOp?.(OPERATION_NAMES.indexOf(name));
    try {
      await body();
    } catch (error) {
      if (error instanceof Stop) throw error;
      const full: Focus = this.other !== null ? { ...focus, other: this.other } : focus;
      if (error instanceof Violation) throw new Stop({ kind: 'invariant', op: name, check: error.check, message: error.message, focus: full });
      throw new Stop({ kind: 'exception', op: name, check: errorClass(error), message: describe(error), focus: full });
    }
  }

  /** Whether to run a step: in focus mode only the focused one (setup steps up to it always). */
  private wants(name: OperationName): boolean {
    if (this.focus === null) return true;
    if (SETUP_OPS.includes(name)) {
      const target = this.focus.op as OperationName;
      return !SETUP_OPS.includes(target) || SETUP_OPS.indexOf(name) <= SETUP_OPS.indexOf(target);
    }
    return this.focus.op === name;
  }

  async runAll(): Promise<void> {
    if (!(await this.setup())) return;
    if (this.focus !== null) {
      if (!SETUP_OPS.includes(this.focus.op as OperationName)) await this.runOne(this.focus);
      return;
    }
    for (const focus of this.plan()) await this.runOne(focus);
  }

  /** decode, lex, parse, open, diagnostics; false when the input is not text (rejected bytes). */
  private async setup(): Promise<boolean> {
    if (this.input.bytes !== undefined) {
      let decoded: ReturnType<typeof decodeSource> | undefined;
      await this.op('decode', { op: 'decode' }, () => {
        decoded = decodeSource(this.input.bytes!);
        if ('error' in decoded && (typeof decoded.error !== 'string' || decoded.error.length === 0)) fail('decode-error-message', 'a rejected file has no reason');
      });
      if (decoded === undefined || 'error' in decoded) return false;
      this.text = decoded.text;
    } else {
      this.text = this.input.text;
    }
    const text = this.text;
    this.other = this.focus?.other ?? (this.focus === null && this.r.chance(0.08) ? this.r.pick(OTHER_FILES) : null);
    this.sourceMentions = text + (this.other ?? '');
    if (this.wants('lex')) await this.op('lex', { op: 'lex' }, () => this.checkLex());
    if (!this.wants('parse')) return false;
    await this.op('parse', { op: 'parse' }, () => this.checkParse());
    if (!this.wants('open')) return false;
    await this.op('open', { op: 'open' }, () => {
      const service = createLanguageService();
      service.setFile(MAIN_URI, text);
      if (this.other !== null) service.setFile(OTHER_URI, this.other);
      this.service = service;
    });
    if (!this.wants('diagnostics')) return false;
    await this.op('diagnostics', { op: 'diagnostics' }, () => {
      const diagnostics = this.service!.diagnostics(MAIN_URI);
      this.checkDiagnostics(diagnostics, text, 'service diagnostics');
      this.checkedClean = !diagnostics.some((d) => d.severity === 'error');
      if (this.other !== null) this.checkDiagnostics(this.service!.diagnostics(OTHER_URI), this.other, 'diagnostics of the other file');
    });
    return true;
  }

  /** The operations to ask for this input, with their places. */
  private plan(): Focus[] {
    const r = this.r;
    const plan: Focus[] = [];
    const large = this.text.length > 20_000;
    if (this.exhaustive) {
      const offsets = this.interestingOffsets(12);
      for (const op of POSITION_OPS) {
        for (const offset of offsets) plan.push(op === 'rename' ? { op, offset, newName: r.pick(NEW_NAMES) } : { op, offset });
      }
      for (const op of RANGE_OPS) {
        plan.push({ op, offset: 0, end: this.text.length });
        for (let i = 0; i < 4; i++) plan.push({ op, ...this.randomRange() });
      }
      for (const op of FILE_OPS) plan.push({ op });
      plan.push({ op: 'format' }, { op: 'compile' });
      for (let i = 0; i < 6; i++) plan.push({ op: 'incremental', edit: this.randomEdit() });
      return plan;
    }
    const positions = large ? 1 : r.int(2, 4);
    for (let i = 0; i < positions; i++) {
      const op = r.pick(POSITION_OPS);
      // Rename analyses the workspace a second time: asked less often.
      if (op === 'rename' && r.chance(0.5)) continue;
      const offset = this.randomOffset();
      plan.push(op === 'rename' ? { op, offset, newName: r.pick(NEW_NAMES) } : { op, offset });
    }
    plan.push({ op: r.pick(FILE_OPS) });
    if (r.chance(large ? 0.1 : 0.5)) plan.push({ op: r.pick(RANGE_OPS), ...this.randomRange() });
    if (r.chance(large ? 0.2 : 0.7)) plan.push({ op: 'format' });
    if (r.chance(large ? 0.2 : 0.6)) plan.push({ op: 'compile' });
    if ((this.options.runProbability ?? 0) > 0 && r.chance(this.options.runProbability!)) plan.push({ op: 'run' });
    if (r.chance(large ? 0.1 : 0.4)) plan.push({ op: 'incremental', edit: this.randomEdit() });
    return plan;
  }

  private async runOne(focus: Focus): Promise<void> {
    const name = focus.op as OperationName;
    if (!OPERATION_NAMES.includes(name)) fail('unknown-operation', `no operation ${focus.op}`);
    // An incremental edit changes the service's file: later operations need the original.
    await this.op(name, focus, () => this.ask(name, focus));
  }

  // ------------------------------------------------------------ places

  private randomOffset(): number {
    const r = this.r;
    const n = this.text.length;
    const choice = r.below(100);
    if (choice < 8) return 0;
    if (choice < 15) return n;
    if (choice < 22) return n + r.int(1, 3);
    if (choice < 25) return n + 1000;
    if (choice < 35) {
      const inside = this.surrogateMiddles();
      if (inside.length > 0) return r.pick(inside);
    }
    if (choice < 70 && n > 0) {
      // The start, end or middle of a rough token: where people put the cursor.
      const i = r.below(n);
      let start = i;
      while (start > 0 && /[A-Za-z0-9_]/.test(this.text[start - 1])) start--;
      return r.chance(0.5) ? start : Math.min(n, start + r.int(0, 3));
    }
    return r.below(n + 1);
  }

  /** Offsets between the two halves of a surrogate pair, or right after a lone half. */
  private surrogateMiddles(): number[] {
    const out: number[] = [];
    const text = this.text;
    for (let i = 0; i < text.length && out.length < 64; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdfff) out.push(i + 1);
    }
    return out;
  }

  private interestingOffsets(count: number): number[] {
    const n = this.text.length;
    const set = new Set<number>([0, n, n + 1, n + 1000, ...this.surrogateMiddles().slice(0, 4)]);
    // Every rough token start for short texts, a sample of them otherwise.
    let offset = 0;
    const starts: number[] = [];
    for (const token of roughTokens(this.text)) {
      starts.push(offset);
      offset += token.length;
    }
    if (starts.length <= count * 4) for (const s of starts) set.add(s);
    else for (let i = 0; i < count * 4; i++) set.add(starts[this.r.below(starts.length)]);
    for (let i = 0; i < count; i++) set.add(this.randomOffset());
    return [...set].sort((a, b) => a - b);
  }

  private randomRange(): { offset: number; end: number } {
    const a = this.randomOffset();
    const b = this.r.chance(0.3) ? a : this.randomOffset();
    return { offset: Math.min(a, b), end: Math.max(a, b) };
  }

  private randomEdit(): TextEdit {
    const r = this.r;
    const n = this.text.length;
    const start = r.chance(0.1) && this.surrogateMiddles().length > 0 ? r.pick(this.surrogateMiddles()) : r.below(n + 1);
    switch (r.below(5)) {
      case 0:
        return { start, end: start, text: r.pick(INTERESTING) };
      case 1:
        return { start, end: Math.min(n, start + r.int(1, 20)), text: '' };
      case 2:
        return { start, end: Math.min(n, start + r.int(0, 10)), text: r.pick(INTERESTING) + (r.chance(0.3) ? r.pick(INTERESTING) : '') };
      case 3: {
        const from = r.below(n + 1);
        return { start, end: start, text: this.text.slice(from, from + r.int(1, 80)) };
      }
      default:
        // Typing a character, the commonest edit of all.
        return { start, end: start, text: r.pick(['a', 'x', ' ', '\n', '1', '.', '(', ')', '{', '}', ';', ',', ':', '=', '"', '|']) };
    }
  }

  // ------------------------------------------------------------ the operations

  private async ask(name: OperationName, focus: Focus): Promise<void> {
    const s = this.service!;
    const offset = focus.offset ?? 0;
    const end = focus.end ?? offset;
    switch (name) {
      case 'hover': {
        const h = s.hover(MAIN_URI, offset);
        if (h !== null) {
          this.checkRange(h.start, h.end, MAIN_URI, 'hover');
          this.checkWords(h.markdown, 'hover markdown');
        }
        return;
      }
      case 'definition':
        return this.checkLocations(s.definition(MAIN_URI, offset), 'definition');
      case 'typeDefinition':
        return this.checkLocations(s.typeDefinition(MAIN_URI, offset), 'type definition');
      case 'references':
        this.checkLocations(s.references(MAIN_URI, offset, true), 'references');
        return this.checkLocations(s.references(MAIN_URI, offset, false), 'references');
      case 'highlights':
        for (const h of s.highlights(MAIN_URI, offset)) {
          this.checkRange(h.start, h.end, MAIN_URI, 'highlight');
          if (h.kind !== 'read' && h.kind !== 'write') fail('highlight-kind', `highlight kind ${String(h.kind)}`);
        }
        return;
      case 'prepareRename': {
        const p = s.prepareRename(MAIN_URI, offset);
        if (p.ok) {
          this.checkRange(p.start, p.end, MAIN_URI, 'prepare rename');
          if (p.placeholder.length === 0) fail('rename-placeholder', 'empty rename placeholder');
        } else this.checkMessage(p.error, 'prepare rename error');
        return;
      }
      case 'rename': {
        const result = s.rename(MAIN_URI, offset, focus.newName ?? 'renamed');
        if (!result.ok) return this.checkMessage(result.error, 'rename error');
        for (const change of result.changes) {
          this.checkEdits(change.edits, change.uri, 'rename');
          if (change.uri === MAIN_URI && this.syntaxClean) {
            const after = applyEdits(this.text, change.edits);
            const broken = parse(after).diagnostics.find((d) => d.severity === 'error');
            if (broken !== undefined) fail('rename-breaks-syntax', `renaming to \`${focus.newName}\` gives a syntax error: ${broken.code} ${broken.message}\n${after}`);
          }
        }
        return;
      }
      case 'completions':
        for (const c of s.completions(MAIN_URI, offset)) {
          this.checkRange(c.replaceStart, c.replaceEnd, MAIN_URI, `completion ${c.label}`);
          if (typeof c.label !== 'string' || c.label.length === 0) fail('completion-label', 'a completion without a label');
          this.checkWords(`${c.label} ${c.detail ?? ''} ${c.insertText}`, `completion ${c.label}`);
        }
        return;
      case 'signatureHelp': {
        const help = s.signatureHelp(MAIN_URI, offset);
        if (help !== null) {
          this.checkWords(help.label, 'signature label');
          if (!Number.isInteger(help.activeParameter) || help.activeParameter < 0) fail('signature-active-parameter', `active parameter ${help.activeParameter}`);
        }
        return;
      }
      case 'selectionRanges':
        for (let range: SelectionRange | null = s.selectionRanges(MAIN_URI, [offset])[0] ?? null; range !== null; range = range.parent) {
          this.checkRange(range.start, range.end, MAIN_URI, 'selection range');
          if (range.parent !== null && !(range.parent.start <= range.start && range.end <= range.parent.end)) {
            fail('selection-not-nested', `selection range ${range.start}-${range.end} is not inside its parent ${range.parent.start}-${range.parent.end}`);
          }
        }
        return;
      case 'documentSymbols': {
        const stack = [...s.documentSymbols(MAIN_URI)];
        while (stack.length > 0) {
          const symbol = stack.pop()!;
          this.checkRange(symbol.range.start, symbol.range.end, symbol.range.uri, `symbol ${symbol.name}`);
          this.checkRange(symbol.selectionRange.start, symbol.selectionRange.end, symbol.selectionRange.uri, `symbol ${symbol.name}`);
          if (!(symbol.range.start <= symbol.selectionRange.start && symbol.selectionRange.end <= symbol.range.end)) {
            fail('symbol-selection-outside', `the name of symbol ${symbol.name} (${symbol.selectionRange.start}-${symbol.selectionRange.end}) is outside its range ${symbol.range.start}-${symbol.range.end}`);
          }
          if (symbol.name === '') fail('symbol-empty-name', `a document symbol without a name at ${symbol.range.start}-${symbol.range.end}`);
          this.checkWords(`${symbol.name} ${symbol.detail ?? ''}`, `symbol ${symbol.name}`);
          stack.push(...symbol.children);
        }
        return;
      }
      case 'workspaceSymbols':
        for (const query of ['', 'a', 'P']) {
          for (const symbol of s.workspaceSymbols(query)) {
            if (symbol.name === '') fail('symbol-empty-name', `a workspace symbol without a name (${symbol.kind})`);
            if (symbol.location !== null) this.checkLocations([symbol.location], 'workspace symbol');
            if (symbol.declaration !== null) this.checkLocations([symbol.declaration], 'workspace symbol');
          }
        }
        return;
      case 'semanticTokens': {
        let previous = 0;
        for (const token of s.semanticTokens(MAIN_URI)) {
          this.checkRange(token.start, token.end, MAIN_URI, 'semantic token');
          if (token.start < previous) fail('semantic-token-order', `semantic token at ${token.start} overlaps the previous one ending at ${previous}`);
          previous = token.end;
        }
        return;
      }
      case 'foldingRanges':
        for (const f of s.foldingRanges(MAIN_URI)) this.checkRange(f.start, f.end, MAIN_URI, `folding range (${f.kind})`);
        return;
      case 'inlayHints':
        for (const hint of s.inlayHints(MAIN_URI, offset, end)) {
          this.checkRange(hint.offset, hint.offset, MAIN_URI, 'inlay hint');
          this.checkWords(hint.label, 'inlay hint');
        }
        return;
      case 'codeActions':
        for (const action of s.codeActions(MAIN_URI, offset, end)) {
          this.checkWords(action.title, 'code action title');
          for (const change of action.changes) {
            this.checkEdits(change.edits, change.uri, `code action "${action.title}"`);
            // Quick fixes and refactorings leave valid code valid.
            if (change.uri === MAIN_URI && this.syntaxClean) {
              const after = applyEdits(this.text, change.edits);
              const broken = parse(after).diagnostics.find((d) => d.severity === 'error');
              if (broken !== undefined) fail('code-action-breaks-syntax', `the code action "${action.title}" gives a syntax error: ${broken.code} ${broken.message}\n${after}`);
            }
          }
          this.checkDiagnostics(action.diagnostics, this.text, 'diagnostics of a code action');
        }
        return;
      case 'codeLenses':
        for (const lens of s.codeLenses(MAIN_URI)) {
          this.checkRange(lens.start, lens.end, MAIN_URI, 'code lens');
          this.checkWords(lens.title, 'code lens');
        }
        return;
      case 'quality':
        for (const f of s.quality(MAIN_URI).functions) {
          this.checkRange(f.start, f.end, MAIN_URI, `quality of ${f.name}`);
          this.checkRange(f.nameStart, f.nameEnd, MAIN_URI, `quality of ${f.name}`);
          if (![f.cyclomatic, f.cognitive, f.lines].every((v) => Number.isInteger(v) && v >= 0)) fail('quality-metrics', `metrics of ${f.name}: ${f.cyclomatic} ${f.cognitive} ${f.lines}`);
        }
        return;
      case 'format':
        return this.checkFormat();
      case 'formatRange': {
        const edits = s.formatRange(MAIN_URI, offset, end);
        this.checkEdits(edits, MAIN_URI, 'range formatting');
        if (edits.length === 0) return;
        if (!this.syntaxClean) fail('format-range-syntax-errors', 'range formatting changed a file with syntax errors');
        const after = applyEdits(this.text, edits);
        const reparsed = parse(after);
        const error = reparsed.diagnostics.find((d) => d.severity === 'error');
        if (error !== undefined) fail('format-range-breaks-syntax', `range formatting ${offset}-${end} gives a syntax error: ${error.code} ${error.message}\n${after}`);
        if (!sameTree(this.parsed!.ast, reparsed.ast)) fail('format-range-changes-tree', `range formatting ${offset}-${end} changes the tree:\n${after}`);
        return;
      }
      case 'compile':
        return this.checkCompile();
      case 'run':
        return this.checkRun();
      case 'incremental':
        return this.checkIncremental(focus.edit ?? { start: 0, end: 0, text: '' });
      default:
        fail('unknown-operation', `no operation ${name}`);
    }
  }

  // ------------------------------------------------------------ checks

  private textOf(uri: string): string {
    if (uri === MAIN_URI) return this.service?.getDocument(MAIN_URI)?.text ?? this.text;
    if (uri === OTHER_URI && this.other !== null) return this.other;
    fail('unknown-uri', `a location in an unknown file ${uri}`);
  }

  private checkRange(start: number, end: number, uri: string, what: string): void {
    const length = this.textOf(uri).length;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= length)) {
      fail('range-outside-text', `${what}: range ${start}-${end} is not inside 0-${length} of ${uri}`);
    }
  }

  private checkLocations(locations: readonly Location[], what: string): void {
    for (const l of locations) this.checkRange(l.start, l.end, l.uri, what);
  }

  private checkEdits(edits: readonly TextEdit[], uri: string, what: string): void {
    for (const e of edits) {
      this.checkRange(e.start, e.end, uri, `${what} edit`);
      if (typeof e.text !== 'string') fail('edit-text', `${what}: an edit without text`);
    }
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1];
      const b = sorted[i];
      // Insertions at one place are allowed (LSP: they go in the order of the list).
      if (b.start < a.end) {
        fail('edits-overlap', `${what}: edits ${a.start}-${a.end} and ${b.start}-${b.end} overlap`);
      }
    }
  }

  /** `undefined` or `[object ...]` in user-facing text is a bug, unless the source says it. */
  private checkWords(text: string, what: string): void {
    if (typeof text !== 'string') fail('not-a-string', `${what}: ${String(text)} is not text`);
    for (const word of ['undefined', '[object', 'NaN']) {
      if (text.includes(word) && !this.sourceMentions.includes(word.replace('[', ''))) fail('message-internals', `${what} shows "${word}": ${text.slice(0, 300)}`);
    }
  }

  private checkMessage(message: string, what: string): void {
    if (typeof message !== 'string' || message.trim().length === 0) fail('empty-message', `${what}: empty message`);
    this.checkWords(message, what);
  }

  private checkDiagnostics(diagnostics: readonly Diagnostic[], text: string, what: string): void {
    for (const d of diagnostics) {
      const label = `${what}: ${d.code} "${d.message}"`;
      if (typeof d.code !== 'string' || findCode(d.code) === undefined) fail('diagnostic-code', `${label}: unknown code`);
      if (!['error', 'warning', 'info', 'hint'].includes(d.severity)) fail('diagnostic-severity', `${label}: severity ${String(d.severity)}`);
      this.checkMessage(d.message, label);
      if (!(Number.isInteger(d.start) && Number.isInteger(d.end) && 0 <= d.start && d.start <= d.end && d.end <= text.length)) {
        fail('range-outside-text', `${label}: range ${d.start}-${d.end} is not inside 0-${text.length}`);
      }
      for (const related of d.related ?? []) {
        if (related.uri !== undefined) this.checkRange(related.start, related.end, related.uri, `${label} (related)`);
        else if (!(0 <= related.start && related.start <= related.end && related.end <= text.length)) fail('range-outside-text', `${label}: related range ${related.start}-${related.end}`);
      }
      if (d.code === Codes.InternalParserError.code) fail('internal-parser-error', label);
      if (d.code === Codes.CompilerInternal.code) fail('internal-compiler-error', label);
    }
  }

  private checkLex(): void {
    const text = this.text;
    const { tokens, diagnostics } = lex(text);
    let previousEnd = 0;
    for (const token of tokens) {
      const start = token.startOffset;
      const end = (token.endOffset ?? Number.NaN) + 1;
      if (!(start >= previousEnd && start <= end && end <= text.length)) {
        fail('token-range', `token ${token.tokenType.name} at ${start}-${end} overlaps the one before (ending at ${previousEnd}) or leaves 0-${text.length}`);
      }
      previousEnd = end;
    }
    this.checkDiagnostics(diagnostics, text, 'lexer diagnostics');
  }

  private checkParse(): void {
    const text = this.text;
    const parsed = parse(text);
    this.parsed = parsed;
    this.syntaxClean = !parsed.diagnostics.some((d) => d.severity === 'error');
    this.checkDiagnostics(parsed.diagnostics, text, 'syntax diagnostics');
    const ast = parsed.ast;
    if (ast.kind !== 'SourceFile' || ast.start !== 0 || ast.end !== text.length) fail('source-file-range', `SourceFile at ${ast.start}-${ast.end} for a text of ${text.length}`);
    // Every node inside the text (iteratively: trees may be deep).
    const stack: unknown[] = [ast];
    while (stack.length > 0) {
      const value = stack.pop();
      if (value === null || typeof value !== 'object') continue;
      if (Array.isArray(value)) {
        for (const item of value) stack.push(item);
        continue;
      }
      const node = value as { kind?: unknown; start?: unknown; end?: unknown };
      if (typeof node.kind === 'string') {
        const { start, end } = node as { start: number; end: number };
        if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= text.length)) {
          fail('range-outside-text', `${node.kind} at ${start}-${end} is not inside 0-${text.length}`);
        }
      }
      for (const child of Object.values(value)) if (child !== null && typeof child === 'object') stack.push(child);
    }
  }

  private checkFormat(): void {
    const text = this.text;
    const once = format(text);
    const edits = this.service!.format(MAIN_URI);
    this.checkEdits(edits, MAIN_URI, 'formatting');
    if (applyEdits(text, edits) !== once.text) fail('format-service-differs', 'the service formats differently from format()');
    if (!this.syntaxClean) {
      if (once.changed || once.text !== text) fail('format-syntax-errors', 'the formatter changed a file with syntax errors');
      return;
    }
    if (!once.changed) {
      if (once.text !== text) fail('format-changed-flag', 'format says unchanged but returns another text');
      return;
    }
    const after = parse(once.text);
    const error = after.diagnostics.find((d) => d.severity === 'error');
    if (error !== undefined) fail('format-breaks-syntax', `the formatted text has a syntax error: ${error.code} ${error.message} at ${error.start}\n${once.text}`);
    if (!sameTree(this.parsed!.ast, after.ast)) fail('format-changes-tree', `the formatted text has another tree:\n${once.text}`);
    const lost = missingComment(this.parsed!.ast.comments, once.text);
    if (lost !== null) fail('format-loses-comment', `the formatter lost the comment ${JSON.stringify(lost.text)}`);
    const twice = format(once.text);
    if (twice.text !== once.text) fail('format-not-idempotent', `formatting twice differs:\n--- once\n${once.text}\n--- twice\n${twice.text}`);
  }

  private checkCompile(): void {
    const sourceMap = this.r.chance(0.5);
    const result = this.service!.compile({ uri: MAIN_URI }, { sourceMap });
    this.checkDiagnostics(result.diagnostics, this.text, 'compiler diagnostics');
    // With errors the code is never used (compile and run refuse it), whether or not there is some.
    if (result.diagnostics.some((d) => d.severity === 'error')) return;
    if (typeof result.js !== 'string' || result.js.length === 0) fail('compile-no-output', 'the compiler reported no error and produced no code');
    if (sourceMap && result.map === null) fail('compile-no-source-map', 'no source map');
    // The code the runner would evaluate must at least be valid JavaScript.
    const body = compile(this.text, { format: 'function', sourceMap: false });
    try {
      vm.compileFunction(body.js, ['$rt'], { filename: 'fuzz-program.js' });
    } catch (error) {
      fail('compile-invalid-javascript', `the compiled program is not valid JavaScript: ${describe(error)}\n${body.js.slice(0, 2000)}`);
    }
  }

  private async checkRun(): Promise<void> {
    if (!this.checkedClean || !this.syntaxClean) return;
    const result = await run(this.text, { timeoutMs: 3000, memoryMb: 96, maxOutputBytes: 1 << 20 });
    this.checkDiagnostics(result.diagnostics, this.text, 'run diagnostics');
    // A runtime error is the program's business; JavaScript's own errors leaking out are ours.
    const leak = /Cannot read propert|is not a function|is not iterable|is not a constructor|\$\w+ is not defined|Unexpected token|Invalid or unexpected|\[object \w+\]/.exec(result.stderr + result.stdout);
    if (leak !== null && !this.sourceMentions.includes(leak[0])) fail('run-javascript-error', `running the program shows a JavaScript error: ${leak[0]}\n${result.stderr.slice(0, 500)}`);
  }

  private checkIncremental(edit: TextEdit): void {
    const s = this.service!;
    const before = s.getDocument(MAIN_URI)!.text;
    const start = Math.max(0, Math.min(edit.start, before.length));
    const end = Math.max(start, Math.min(edit.end, before.length));
    const expected = before.slice(0, start) + edit.text + before.slice(end);
    s.diagnostics(MAIN_URI);
    s.editFile(MAIN_URI, [edit]);
    const document = s.getDocument(MAIN_URI)!;
    if (document.text !== expected) fail('incremental-text', `the edited document's text is not the expected one`);
    const incremental = s.diagnostics(MAIN_URI);
    // The edit's text is now part of the source: messages may quote it.
    this.sourceMentions += edit.text;
    this.checkDiagnostics(incremental, expected, 'diagnostics after an edit');
    const fresh = createLanguageService();
    fresh.setFile(MAIN_URI, expected);
    if (this.other !== null) fresh.setFile(OTHER_URI, this.other);
    const cold = fresh.diagnostics(MAIN_URI);
    // Equal to a fresh analysis when the edit leaves the file without syntax errors. With
    // syntax errors, re-parsing only the items around the edit may recover differently
    // from a parse of the whole file (a known limit of incremental parsing, see
    // docs/reliability/fuzzing.md); the results must still be well formed, checked above.
    if (cold.some((d) => d.severity === 'error' && d.code < 'R0100')) {
      this.restoreAfterEdit(start, edit.text.length, before.slice(start, end), before);
      return;
    }
    const a = JSON.stringify(incremental.map(plainDiagnostic));
    const b = JSON.stringify(cold.map(plainDiagnostic));
    if (a !== b) fail('incremental-diagnostics', `after the edit ${JSON.stringify(edit)} the diagnostics differ from a fresh analysis:\nincremental ${a.slice(0, 1500)}\nfresh       ${b.slice(0, 1500)}`);
    const tokens = JSON.stringify(s.semanticTokens(MAIN_URI));
    const coldTokens = JSON.stringify(fresh.semanticTokens(MAIN_URI));
    if (tokens !== coldTokens) fail('incremental-semantic-tokens', `after the edit ${JSON.stringify(edit)} the semantic tokens differ from a fresh analysis`);
    const symbols = JSON.stringify(s.documentSymbols(MAIN_URI));
    const coldSymbols = JSON.stringify(fresh.documentSymbols(MAIN_URI));
    if (symbols !== coldSymbols) fail('incremental-symbols', `after the edit ${JSON.stringify(edit)} the document symbols differ from a fresh analysis`);
    this.restoreAfterEdit(start, edit.text.length, before.slice(start, end), before);
  }

  /** Puts the original text back, so that later operations see it (and the way back is checked too). */
  private restoreAfterEdit(start: number, insertedLength: number, removed: string, before: string): void {
    this.service!.editFile(MAIN_URI, [{ start, end: start + insertedLength, text: removed }]);
    if (this.service!.getDocument(MAIN_URI)!.text !== before) fail('incremental-text', 'undoing the edit does not give the text back');
  }
}

function plainDiagnostic(d: Diagnostic): unknown {
  return [d.code, d.severity, d.message, d.start, d.end, d.related ?? null];
}

/** Applies non-overlapping edits given in offsets of `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  // Last first; of insertions at one place, the last of the list first, so that they end up in list order.
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.e.end - a.e.end || b.i - a.i);
  for (const { e } of order) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** A stable name for a failure: the same bug found twice has the same signature. */
export function signature(failure: Failure): string {
  return `${failure.kind}:${failure.op}:${failure.check}`;
}
