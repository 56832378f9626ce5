// Code lenses: "Run" above `fun main`, and the complexity of every function over the
// configured limits.

import type { ProgramAnalysis } from '../semantics/api.js';
import type { DocumentState } from '../workspace/document.js';
import type { CodeLens, QualityReport } from './types.js';

export function codeLenses(analysis: ProgramAnalysis, document: DocumentState, quality: QualityReport): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const symbol of analysis.documentSymbols(document.uri)) {
    if (symbol.name === 'main' && symbol.kind === 'function') {
      lenses.push({ start: symbol.selectionRange.start, end: symbol.selectionRange.end, title: '▶ Run', command: { name: 'ruchy.run', arguments: [document.uri] } });
    }
  }
  for (const f of quality.functions) {
    if (!f.overLimit) continue;
    lenses.push({
      start: f.nameStart,
      end: f.nameEnd,
      title: `complexity: cyclomatic ${f.cyclomatic}, cognitive ${f.cognitive} — consider splitting ${f.name}`,
      command: null,
    });
  }
  return lenses.sort((a, b) => a.start - b.start);
}
