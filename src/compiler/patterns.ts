// Compiling a Ruchy pattern against a JS access path into a test (a list of conditions)
// and bindings. Bindings of an or-pattern are assigned inside the test itself
// (`(x = acc, true)`), because each alternative reaches them by another path; the caller
// declares those (`pre`) before the test and the others (`post`) after it.

import type * as A from '../syntax/ast.js';
import type { Declarations } from './declarations.js';

export interface PatternBinding {
  name: string;
  mutable: boolean;
  /** JS expression reading the bound value (valid once the test passed). */
  access: string;
  /** Assigned inside the test (or-patterns): the variable must be declared before it. */
  pre: boolean;
  /** For `pre` bindings: the JS variable the test assigns. */
  js?: string;
  node: A.Node;
}

export interface CompiledPattern {
  conds: string[];
  binds: PatternBinding[];
}

/** What the pattern compiler needs from the emitter. */
export interface PatternHost {
  decls: Declarations;
  /** JS for a literal (or negated literal) pattern value. */
  literal(e: A.Expr): string;
  /** JS for the value of a path used as a constant (`i64::MAX`, a const). */
  constant(path: string[]): string | null;
  /** The JS name of a struct's TypeInfo, or null when `name` is not a struct. */
  structRef(name: string): string | null;
  /** The enum that has a variant of this name when the name alone is used, if unambiguous. */
  uniqueVariant(name: string): { enumName: string; shape: string } | null;
  /** Whether `name` is a unit value in patterns (`None`, unit variants, consts). */
  isConstantName(name: string): 'none' | 'variant' | 'const' | null;
  /** JS name of a const binding. */
  constRef(name: string): string;
  /** `$name` of a runtime function (marks it used). */
  rt(name: string): string;
  /** The enum name for `Self` inside an impl. */
  selfType(): string | null;
  unsupported(node: A.Node, what: string): void;
  /** A fresh JS variable for an or-pattern binding. */
  fresh(name: string): string;
}

const q = JSON.stringify;

export function compilePattern(p: A.Pattern, access: string, host: PatternHost): CompiledPattern {
  const out: CompiledPattern = { conds: [], binds: [] };
  walk(p, access, host, out);
  return out;
}

function bindName(out: CompiledPattern, name: A.Identifier, mutable: boolean, access: string): void {
  out.binds.push({ name: name.name, mutable, access, pre: false, node: name });
}

function variantTest(host: PatternHost, enumName: string | null, variant: string, access: string): string {
  return `${host.rt('isVariant')}(${access}, ${enumName === null ? 'null' : q(enumName)}, ${q(variant)})`;
}

/** The enum and variant a path pattern names: `Shape::Circle`, `Some`, `Circle` (unique). */
function resolveVariant(path: string[], host: PatternHost): { enumName: string | null; variant: string } | null {
  const last = path[path.length - 1];
  if (path.length === 1) {
    if (last === 'Some' || last === 'None') return { enumName: 'Option', variant: last };
    if (last === 'Ok' || last === 'Err') return { enumName: 'Result', variant: last };
    const unique = host.uniqueVariant(last);
    if (unique !== null) return { enumName: unique.enumName, variant: last };
    return null;
  }
  let enumName = path[path.length - 2];
  if (enumName === 'Self') enumName = host.selfType() ?? enumName;
  if (host.decls.enums.has(enumName)) return { enumName, variant: last };
  if (enumName === 'Option' || enumName === 'Result') return { enumName, variant: last };
  return { enumName: null, variant: last };
}

function walk(p: A.Pattern, acc: string, host: PatternHost, out: CompiledPattern): void {
  switch (p.kind) {
    case 'WildcardPattern':
    case 'ErrorPattern':
      return;
    case 'RestPattern':
      if (p.binding !== null) bindName(out, p.binding, false, acc);
      return;
    case 'RefPattern':
      walk(p.pattern, acc, host, out);
      return;
    case 'IdentPattern': {
      if (p.subpattern === null && !p.mutable && !p.byRef) {
        const constant = host.isConstantName(p.name.name);
        if (constant === 'none') {
          out.conds.push(variantTest(host, 'Option', 'None', acc));
          return;
        }
        if (constant === 'variant') {
          const v = host.uniqueVariant(p.name.name)!;
          out.conds.push(variantTest(host, v.enumName, p.name.name, acc));
          return;
        }
        if (constant === 'const') {
          out.conds.push(`${host.rt('eq')}(${acc}, ${host.constRef(p.name.name)})`);
          return;
        }
      }
      if (p.subpattern !== null) {
        if (p.subpattern.kind === 'RestPattern') {
          // `rest @ ..` inside a slice pattern is handled by the array case.
          bindName(out, p.name, p.mutable, acc);
          return;
        }
        walk(p.subpattern, acc, host, out);
      }
      bindName(out, p.name, p.mutable, acc);
      return;
    }
    case 'LiteralPattern': {
      const lit = p.value;
      const value = host.literal(lit);
      if (lit.kind === 'StringLiteral' || lit.kind === 'CharLiteral' || lit.kind === 'BoolLiteral') out.conds.push(`${acc} === ${value}`);
      else if (lit.kind === 'UnitLiteral') out.conds.push(`${acc} === void 0`);
      else out.conds.push(`${host.rt('eq')}(${acc}, ${value})`);
      return;
    }
    case 'RangePattern': {
      const bound = (b: A.LiteralPattern | A.PathPattern | null): string => {
        if (b === null) return 'void 0';
        if (b.kind === 'LiteralPattern') return host.literal(b.value);
        const c = host.constant(b.path.segments.map((s) => s.name.name));
        return c ?? 'void 0';
      };
      out.conds.push(`${host.rt('inRange')}(${acc}, ${bound(p.low)}, ${bound(p.high)}, ${p.inclusive})`);
      return;
    }
    case 'TuplePattern': {
      const rest = p.elements.findIndex((e) => isRest(e));
      if (rest < 0) {
        out.conds.push(`${host.rt('isTuple')}(${acc}, ${p.elements.length})`);
        p.elements.forEach((e, i) => walk(e, `${acc}.v[${i}]`, host, out));
      } else {
        const after = p.elements.length - rest - 1;
        out.conds.push(`${host.rt('isTupleMin')}(${acc}, ${p.elements.length - 1})`);
        p.elements.forEach((e, i) => {
          if (i < rest) walk(e, `${acc}.v[${i}]`, host, out);
          else if (i > rest) walk(e, `${acc}.v[${acc}.v.length - ${after - (i - rest - 1)}]`, host, out);
        });
      }
      return;
    }
    case 'ArrayPattern': {
      const rest = p.elements.findIndex((e) => isRest(e));
      out.conds.push(`${host.rt('isArray')}(${acc})`);
      if (rest < 0) {
        out.conds.push(`${acc}.length === ${p.elements.length}`);
        p.elements.forEach((e, i) => walk(e, `${acc}[${i}]`, host, out));
        return;
      }
      const after = p.elements.length - rest - 1;
      out.conds.push(`${acc}.length >= ${p.elements.length - 1}`);
      p.elements.forEach((e, i) => {
        if (i < rest) walk(e, `${acc}[${i}]`, host, out);
        else if (i > rest) walk(e, `${acc}[${acc}.length - ${after - (i - rest - 1)}]`, host, out);
        else {
          const name = restBinding(e);
          if (name !== null) out.binds.push({ name: name.name, mutable: false, access: `${acc}.slice(${rest}, ${acc}.length - ${after})`, pre: false, node: name });
        }
      });
      return;
    }
    case 'StructPattern': {
      const path = p.path.segments.map((s) => s.name.name);
      const last = path[path.length - 1];
      const structName = path.length === 1 ? (last === 'Self' ? host.selfType() ?? last : last) : null;
      const struct = structName === null ? null : host.structRef(structName);
      if (struct !== null) {
        out.conds.push(`${host.rt('isStructOf')}(${acc}, ${struct})`);
      } else {
        const v = resolveVariant(path, host);
        if (v === null) {
          host.unsupported(p, `pattern on unknown struct or variant \`${path.join('::')}\``);
          out.conds.push('false');
          return;
        }
        out.conds.push(variantTest(host, v.enumName, v.variant, acc));
      }
      for (const f of p.fields) {
        const fieldAccess = `${host.rt('field')}(${acc}, ${q(f.name.name)})`;
        if (f.pattern === null) bindName(out, f.name, false, fieldAccess);
        else walk(f.pattern, fieldAccess, host, out);
      }
      return;
    }
    case 'TupleStructPattern': {
      const path = p.path.segments.map((s) => s.name.name);
      const name = path[path.length - 1];
      const struct = path.length === 1 ? host.structRef(name === 'Self' ? host.selfType() ?? name : name) : null;
      if (struct !== null) {
        out.conds.push(`${host.rt('isStructOf')}(${acc}, ${struct})`);
        p.elements.forEach((e, i) => walk(e, `${host.rt('field')}(${acc}, "${i}")`, host, out));
        return;
      }
      const v = resolveVariant(path, host) ?? { enumName: null, variant: name };
      out.conds.push(variantTest(host, v.enumName, v.variant, acc));
      const rest = p.elements.findIndex((e) => isRest(e));
      p.elements.forEach((e, i) => {
        if (rest >= 0 && i >= rest) return;
        walk(e, `${acc}.v[${i}]`, host, out);
      });
      return;
    }
    case 'PathPattern': {
      const path = p.path.segments.map((s) => s.name.name);
      const enumName = path.length >= 2 ? (path[path.length - 2] === 'Self' ? host.selfType() : path[path.length - 2]) : null;
      if (enumName !== null && (host.decls.enums.has(enumName) || enumName === 'Option' || enumName === 'Result')) {
        out.conds.push(variantTest(host, enumName, path[path.length - 1], acc));
        return;
      }
      const c = host.constant(path);
      if (c !== null) {
        out.conds.push(`${host.rt('eq')}(${acc}, ${c})`);
        return;
      }
      out.conds.push(variantTest(host, null, path[path.length - 1], acc));
      return;
    }
    case 'OrPattern': {
      const alternatives = p.alternatives.map((a) => compilePattern(a, acc, host));
      const hasBinds = alternatives.some((a) => a.binds.length > 0);
      if (!hasBinds) {
        out.conds.push('(' + alternatives.map((a) => (a.conds.length === 0 ? 'true' : a.conds.join(' && '))).join(' || ') + ')');
        return;
      }
      const names = new Map<string, PatternBinding>();
      for (const a of alternatives) {
        for (const b of a.binds) if (!names.has(b.name)) names.set(b.name, { ...b, pre: true, js: b.js ?? host.fresh(b.name) });
      }
      const parts = alternatives.map((a) => {
        const assigns = a.binds.map((b) => `${names.get(b.name)!.js} = ${b.pre ? b.js : b.access}`);
        const conds = [...a.conds, ...(assigns.length > 0 ? [`(${assigns.join(', ')}, true)`] : [])];
        return conds.length === 0 ? 'true' : conds.join(' && ');
      });
      out.conds.push('(' + parts.join(' || ') + ')');
      for (const b of names.values()) out.binds.push({ ...b, access: b.js! });
      return;
    }
  }
}

function isRest(p: A.Pattern): boolean {
  return p.kind === 'RestPattern' || (p.kind === 'IdentPattern' && p.subpattern?.kind === 'RestPattern');
}

function restBinding(p: A.Pattern): A.Identifier | null {
  if (p.kind === 'RestPattern') return p.binding;
  if (p.kind === 'IdentPattern') return p.name;
  return null;
}
