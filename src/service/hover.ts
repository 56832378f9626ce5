// Hover: for a name, its signature (or declared/inferred type) and doc comment; for any
// other expression, its inferred type.

import type { ProgramAnalysis, SymbolInfo } from '../semantics/api.js';
import type { Hover } from './types.js';

export function hover(analysis: ProgramAnalysis, uri: string, offset: number): Hover | null {
  const found = analysis.symbolAt(uri, offset);
  if (found !== null) {
    const symbol = found.symbol;
    const signature = symbol.signature ?? describe(symbol);
    return {
      start: found.range.start,
      end: found.range.end,
      markdown: markdown(signature, symbol.doc),
      signature,
      type: symbol.type,
      doc: symbol.doc,
      symbol,
    };
  }
  const typed = analysis.typeAt(uri, offset);
  if (typed === null) return null;
  return {
    start: typed.range.start,
    end: typed.range.end,
    markdown: markdown(typed.type, null),
    signature: null,
    type: typed.type,
    doc: null,
    symbol: null,
  };
}

/** What a symbol is, written as Ruchy declares it. */
function describe(symbol: SymbolInfo): string {
  const type = symbol.type !== null ? `: ${symbol.type}` : '';
  const owner = symbol.container !== null ? `${symbol.container}::` : '';
  switch (symbol.kind) {
    case 'variable':
      return `let ${symbol.mutable ? 'mut ' : ''}${symbol.name}${type}`;
    case 'parameter':
      return `${symbol.mutable ? 'mut ' : ''}${symbol.name}${type}`;
    case 'constant':
      return `const ${symbol.name}${type}`;
    case 'field':
      return `${owner}${symbol.name}${type}`;
    case 'struct':
    case 'enum':
    case 'trait':
    case 'actor':
    case 'effect':
      return `${symbol.kind} ${symbol.name}`;
    case 'typeAlias':
      return `type ${symbol.name}${symbol.type !== null ? ` = ${symbol.type}` : ''}`;
    case 'variant':
      return `${owner}${symbol.name}${symbol.type !== null && symbol.type !== symbol.container ? `: ${symbol.type}` : ''}`;
    case 'module':
      return `mod ${symbol.name}`;
    case 'typeParameter':
      return `type parameter ${symbol.name}`;
    case 'label':
      return `label '${symbol.name}`;
    case 'function':
    case 'method':
      return `fun ${owner}${symbol.name}${type}`;
    default:
      return `${symbol.name}${type}`;
  }
}

function markdown(code: string, doc: string | null): string {
  const fence = '```ruchy\n' + code + '\n```';
  return doc !== null && doc.trim() !== '' ? `${fence}\n\n${doc.trim()}` : fence;
}
