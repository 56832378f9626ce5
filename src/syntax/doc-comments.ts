// Attaches `///` doc comments to the declarations right below them (shown in hover).

import type * as A from './ast.js';

export function attachDocComments(file: A.SourceFile, text: string): void {
  const docs = file.comments.filter((c) => c.style === 'doc');
  if (docs.length === 0) return;
  const docAbove = (start: number): string | null => {
    // Last doc comment ending before `start`, with only blanks in between.
    let low = 0;
    let high = docs.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (docs[mid].end <= start) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found < 0 || !/^\s*$/.test(text.slice(docs[found].end, start))) return null;
    const lines: string[] = [];
    let i = found;
    for (;;) {
      lines.unshift(docs[i].text.replace(/^\/\/\/ ?/, ''));
      if (i === 0 || !/^\s*$/.test(text.slice(docs[i - 1].end, docs[i].start))) break;
      i--;
    }
    return lines.join('\n');
  };
  const visit = (stmts: readonly A.Stmt[]): void => {
    for (const stmt of stmts) visitNode(stmt);
  };
  // A doc comment may stand above the item's attributes: `/// doc` `#[test]` `fun f()`.
  const docOf = (node: { start: number; attributes?: readonly A.Attribute[] }): string | null => {
    const first = node.attributes?.[0];
    return docAbove(first !== undefined && first.start < node.start ? first.start : node.start);
  };
  const visitNode = (node: A.Stmt | A.TraitMember | A.FieldDecl | A.EnumVariant): void => {
    switch (node.kind) {
      case 'FunctionDecl':
      case 'TypeAliasDecl':
      case 'ConstDecl':
      case 'UseDecl':
        node.doc = docOf(node);
        break;
      case 'FieldDecl':
      case 'EnumVariant':
        node.doc = docAbove(node.start);
        break;
      case 'StructDecl':
        node.doc = docOf(node);
        node.fields.forEach(visitNode);
        node.methods.forEach(visitNode);
        break;
      case 'EnumDecl':
        node.doc = docOf(node);
        node.variants.forEach(visitNode);
        break;
      case 'TraitDecl':
      case 'ImplDecl':
        node.doc = docOf(node);
        node.members.forEach(visitNode);
        break;
      case 'ModuleDecl':
        node.doc = docOf(node);
        if (node.body !== null) visit(node.body);
        break;
      case 'ActorDecl':
        node.doc = docOf(node);
        node.fields.forEach(visitNode);
        node.methods.forEach(visitNode);
        break;
      case 'EffectDecl':
        node.doc = docOf(node);
        break;
      default:
        break;
    }
  };
  visit(file.stmts);
}
