import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { declaresTypesOnly, untestedModules } from '../../scripts/untested-modules';
import { tempFolder } from '../helpers/temp-folder';

test('a module of interfaces, type aliases and type-only imports and exports declares types only; one const is code', () => {
  assert.equal(declaresTypesOnly("import type { A } from './a';\nexport interface B { a: A }\nexport type C = B[];\nexport type { A };\n"), true);
  assert.equal(declaresTypesOnly('export interface B { a: number }\nexport const b = 1;\n'), false);
  assert.equal(declaresTypesOnly("import { a } from './a';\nexport type B = typeof a;\n"), false);
});

test('untestedModules: a module is tested by <name>.test.ts anywhere under test/, or <folder>-<name>.test.ts; types-only modules are listed apart', () => {
  {
    const repo = tempFolder('untested-');
    const files: Record<string, string> = {
      'src/core/run/executor.ts': 'export const run = 1;\n',
      'src/core/run/hash.ts': 'export const hash = 1;\n',
      'src/node/engine/main.ts': 'export const main = 1;\n',
      'webview/main.ts': 'export const main = 2;\n',
      'webview/types.ts': 'export interface T { a: number }\n',
      'test/integration/executor.test.ts': '',
      'test/unit/engine-main.test.ts': '',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), text);
    }
    assert.deepEqual(untestedModules(repo), { untested: ['src/core/run/hash.ts', 'webview/main.ts'], typesOnly: ['webview/types.ts'], modules: 5 });
  }
});
