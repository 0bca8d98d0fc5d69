import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { REPO } from '../helpers/paths';

/**
 * The project's import rules (eslint.config.mjs) on planted files: a circle anywhere, and a low
 * floor of core (model, face, image, paths, text) importing a higher one, are lint errors.
 */
async function lintPlanted(files: Record<string, string>): Promise<string[]> {
  mkdirSync(join(REPO, 'test-output'), { recursive: true });
  // Inside the repository, so that the rules' parser and plugins resolve from its node_modules.
  const root = mkdtempSync(join(REPO, 'test-output', 'lint-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const config = (await import(join(REPO, 'eslint.config.mjs'))) as { default: Linter.Config[] };
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config.default.filter((c) => !c.ignores || c.files) });
    const results = await eslint.lintFiles(Object.keys(files));
    return results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(root.length + 1)}: ${m.ruleId}`));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('a planted import circle fails lint', async () => {
  const found = await lintPlanted({
    'src/core/run/a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
    'src/core/run/b.ts': "import { a } from './a';\nexport const b = (): number => a() + 1;\n",
  });
  assert.deepEqual(found.sort(), ['src/core/run/a.ts: import/no-cycle', 'src/core/run/b.ts: import/no-cycle']);
});

test('model, face and image may not import graph or nodes; nodes may import model', async () => {
  const found = await lintPlanted({
    'src/core/graph/g.ts': 'export const g = 1;\n',
    'src/core/model/m.ts': "import { g } from '../graph/g';\nexport const m = g;\n",
    'src/core/face/f.ts': "import { g } from '../graph/g';\nexport const f = g;\n",
    'src/core/nodes/n.ts': "import { m } from '../model/m';\nexport const n = m;\n",
  });
  assert.deepEqual(found.sort(), ['src/core/face/f.ts: no-restricted-imports', 'src/core/model/m.ts: no-restricted-imports']);
});

test('src/ may not use a page\'s globals (the build has the DOM\'s types for the webview tests); webview/ may', async () => {
  const found = await lintPlanted({
    'src/core/text/d.ts': 'export const d = (): string => document.title;\n',
    'src/node/w.ts': 'export const w = (): number => window.innerWidth;\n',
    'webview/p.ts': 'export const p = (): string => document.title;\n',
  });
  assert.deepEqual(found.sort(), ['src/core/text/d.ts: no-restricted-globals', 'src/node/w.ts: no-restricted-globals']);
});
