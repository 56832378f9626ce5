// What the emitter needs to know about a program's type declarations before it emits any
// code: structs (fields, shape), enums (variants and their shapes), impl blocks and traits
// (which functions belong to which type). Collected once from the whole file, so that
// uses may come before declarations, as Ruchy allows.

import type * as A from '../syntax/ast.js';
import { walk } from '../syntax/walk.js';

export interface StructInfo {
  decl: A.StructDecl;
  fields: string[];
  tuple: boolean;
}

export interface VariantInfo {
  enumName: string;
  name: string;
  shape: 'unit' | 'tuple' | 'named';
  arity: number;
}

export interface EnumInfo {
  decl: A.EnumDecl;
  variants: Map<string, VariantInfo>;
}

export interface Declarations {
  structs: Map<string, StructInfo>;
  enums: Map<string, EnumInfo>;
  traits: Map<string, A.TraitDecl>;
  /** Variant name -> the variants of that name across the program's enums. */
  variantsByName: Map<string, VariantInfo[]>;
  /** Type name -> names of its impl functions (methods and associated functions). */
  implFunctions: Map<string, Set<string>>;
}

export function collectDeclarations(stmts: readonly A.Stmt[]): Declarations {
  const d: Declarations = {
    structs: new Map(),
    enums: new Map(),
    traits: new Map(),
    variantsByName: new Map(),
    implFunctions: new Map(),
  };
  /** Records the items of `list`; a nested item (`override` false) does not replace a top-level one of its name. */
  const visit = (list: readonly A.Stmt[], override: boolean): void => {
    for (const s of list) {
      if (!override && (s.kind === 'StructDecl' || s.kind === 'EnumDecl' || s.kind === 'TraitDecl') && (d.structs.has(s.name.name) || d.enums.has(s.name.name) || d.traits.has(s.name.name))) continue;
      switch (s.kind) {
        case 'StructDecl':
          d.structs.set(s.name.name, structInfo(s));
          for (const m of s.methods) addImplFunction(d, s.name.name, m.name.name);
          break;
        case 'EnumDecl': {
          const variants = new Map<string, VariantInfo>();
          for (const v of s.variants) {
            const info: VariantInfo = {
              enumName: s.name.name,
              name: v.name.name,
              shape: v.shape,
              arity: v.shape === 'tuple' ? v.tupleFields.length : v.shape === 'named' ? v.fields.length : 0,
            };
            variants.set(v.name.name, info);
            const list = d.variantsByName.get(v.name.name) ?? [];
            list.push(info);
            d.variantsByName.set(v.name.name, list);
          }
          d.enums.set(s.name.name, { decl: s, variants });
          break;
        }
        case 'TraitDecl':
          d.traits.set(s.name.name, s);
          break;
        case 'ImplDecl': {
          const typeName = implTypeName(s);
          if (typeName !== null) {
            for (const m of s.members) if (m.kind === 'FunctionDecl') addImplFunction(d, typeName, m.name.name);
          }
          break;
        }
        default:
          break;
      }
    }
  };
  visit(stmts, true);
  // Items declared inside function bodies and blocks are emitted where they stand, and their uses need them too.
  const nested: A.Stmt[] = [];
  for (const top of stmts) {
    walk(top, {
      enter: (node) => {
        if (node !== top && NESTED_ITEM_KINDS.has(node.kind)) nested.push(node as A.Stmt);
      },
    });
  }
  visit(nested, false);
  // Trait default methods become impl functions of every type that implements the trait.
  for (const s of stmts) {
    if (s.kind !== 'ImplDecl' || s.trait === null) continue;
    const typeName = implTypeName(s);
    const traitName = implTypeNameOf(s.trait);
    const trait = traitName === null ? undefined : d.traits.get(traitName);
    if (typeName === null || trait === undefined) continue;
    for (const m of trait.members) if (m.kind === 'FunctionDecl' && m.body !== null) addImplFunction(d, typeName, m.name.name);
  }
  return d;
}

const NESTED_ITEM_KINDS: ReadonlySet<string> = new Set(['StructDecl', 'EnumDecl', 'TraitDecl', 'ImplDecl']);

/** What the emitter needs of one struct declaration. */
export function structInfo(s: A.StructDecl): StructInfo {
  return {
    decl: s,
    fields: s.shape === 'tuple' ? s.tupleFields.map((_, i) => String(i)) : s.fields.map((f) => f.name.name),
    tuple: s.shape === 'tuple',
  };
}

function addImplFunction(d: Declarations, typeName: string, fn: string): void {
  const set = d.implFunctions.get(typeName) ?? new Set<string>();
  set.add(fn);
  d.implFunctions.set(typeName, set);
}

export function implTypeName(impl: A.ImplDecl): string | null {
  return implTypeNameOf(impl.selfType);
}

export function implTypeNameOf(t: A.TypeNode): string | null {
  if (t.kind === 'NamedType') return t.path[t.path.length - 1].name;
  if (t.kind === 'RefType') return implTypeNameOf(t.target);
  return null;
}
