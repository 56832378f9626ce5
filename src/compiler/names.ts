// Scopes and JavaScript names for Ruchy bindings. Every name in generated code is either
// an internal `$`-prefixed name (runtime imports, temporaries), one of the JS builtins the
// inline fast paths call (`Number.isSafeInteger`, `Math.floor`, `Math.trunc`; V8 folds
// these to constants, which helper bindings in a closure scope would not be), or the JS
// name of a binding the program declares; an identifier the program does not declare never becomes a JS
// identifier, so Ruchy code cannot reach JS globals (`process`, `globalThis`, ...).
// Ruchy identifiers cannot contain `$`, so `x$2` (a shadowing binding) and `$_class`
// (a JS reserved word) never collide with a user name.

import type { Ref } from './kinds.js';

export type BindingKind = 'var' | 'fn' | 'struct' | 'enum' | 'const' | 'trait';

export interface Binding {
  /** The name in generated JavaScript. */
  js: string;
  kind: BindingKind;
  mutable: boolean;
  /** The representation analysis' variable or function for this binding (kinds.ts), when known. */
  ref?: Ref | null;
}

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'async',
  'arguments', 'eval', 'undefined', 'NaN', 'Infinity', 'of', 'get', 'set',
  // Globals that generated code itself uses (the inline fast paths): a Ruchy binding must not shadow them.
  'Number', 'Math', 'Array', 'Object', 'globalThis',
]);

export function mangle(name: string): string {
  if (RESERVED.has(name) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    return '$_' + name.replace(/[^A-Za-z0-9_]/g, (c) => '$' + c.charCodeAt(0).toString(16));
  }
  return name;
}

export class Scope {
  private readonly names = new Map<string, Binding>();

  constructor(
    readonly parent: Scope | null,
    /** Whether this scope starts a JS function (closures, functions, methods). */
    readonly functionBoundary: boolean,
    private readonly allocator: NameAllocator,
  ) {}

  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      const b = s.names.get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }

  /** Declares `name` here with a JS name that shadows nothing visible. */
  declare(name: string, kind: BindingKind, mutable: boolean): Binding {
    const binding: Binding = { js: this.allocator.allocate(name), kind, mutable };
    this.names.set(name, binding);
    return binding;
  }

  /** Declares `name` with a given JS name (pre-declared items). */
  declareAs(name: string, js: string, kind: BindingKind): Binding {
    const binding: Binding = { js, kind, mutable: false };
    this.names.set(name, binding);
    return binding;
  }

  /** Makes `name` mean `binding` again here (a pre-declared top-level let, after a pattern shadowed it). */
  rebind(name: string, binding: Binding): Binding {
    this.names.set(name, binding);
    return binding;
  }

  hasOwn(name: string): boolean {
    return this.names.has(name);
  }

  child(functionBoundary = false): Scope {
    return new Scope(this, functionBoundary, this.allocator);
  }
}

/** Hands out JS names: the first binding of a name keeps it, later ones get `name$N`. */
export class NameAllocator {
  private readonly used = new Map<string, number>();

  allocate(name: string): string {
    const base = mangle(name);
    const count = this.used.get(base) ?? 0;
    this.used.set(base, count + 1);
    return count === 0 ? base : `${base}$${count}`;
  }

  /** A name built by the emitter (`Point$new`), kept as is unless already used. */
  allocateRaw(js: string): string {
    const count = this.used.get(js) ?? 0;
    this.used.set(js, count + 1);
    return count === 0 ? js : `${js}$${count}`;
  }

  /** A fresh temporary (`$t1`, `$s2`, ...). */
  temp(prefix = 't'): string {
    const key = '$' + prefix;
    const count = (this.used.get(key) ?? 0) + 1;
    this.used.set(key, count);
    return `$${prefix}${count}`;
  }
}
