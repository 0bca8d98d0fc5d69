/**
 * `npm run test:electron`: the extension-host tests (test/extension/*.test.ts, run by index.ts) in a desktop
 * VS Code that @vscode/test-electron downloads. Needs network access to the VS Code update
 * service, so it is not part of `npm test` (CI runs the same tests in code-server instead:
 * test/e2e/workbench.test.ts). VSCODE_VERSION picks the version (default: 1.100.3).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO } from '../test/helpers/paths';
import { makeWorkspace } from '../test/e2e/workspace';
import { TEST_SUPPORT_ENV } from '../src/extension/test-support';

async function main(): Promise<void> {
  const ws = await makeWorkspace(mkdtempSync(join(tmpdir(), 'stylegraph-electron-')));
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: REPO,
    extensionTestsPath: join(REPO, 'out', 'test', 'extension', 'index.js'),
    // The host tests read what the editors sent: test support on, as under the E2E harness.
    extensionTestsEnv: { [TEST_SUPPORT_ENV]: '1' },
    launchArgs: [ws.dir, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
