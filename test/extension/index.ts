/**
 * Extension-host tests: the `run()` module VS Code loads with --extensionTestsPath (the
 * @vscode/test-electron convention). Here code-server runs it (test/e2e/workbench.test.ts);
 * `npm run test:electron` runs it in a downloaded desktop VS Code (scripts/test-electron.ts).
 * The tests of each src/extension module are in test/extension/<module>.test.ts (weights.ts's in
 * extension-weights.test.ts); they need the `vscode` API, so `node --test` (npm test runs it on
 * out/test/unit, integration and webview) never loads them: only this run() does, inside VS Code.
 * They share one editor session (host-context.ts) and run in the order below, one after another;
 * the first opens the seed. A failure is reported and the others still run; then run() rejects,
 * and VS Code exits with code 1.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type * as VSCode from 'vscode';
import { hostContext, type HostTest } from './host-context';
import { extensionHostTests } from './extension.test';
import { editorHostTests } from './editor.test';
import { engineRelayHostTests } from './engine-relay.test';
import { weightsHostTests } from './extension-weights.test';
import { editorHistoryHostTests } from './editor-history.test';
import { editorViewHostTests } from './editor-view.test';
import { diagnosticsHostTests } from './diagnostics.test';
import { RESULTS_FILE, type HostTestResult } from './results';

/** Every host test, in the order they run. */
function hostTests(vscode: typeof VSCode): readonly HostTest[] {
  const host = hostContext(vscode);
  const extension = extensionHostTests(host);
  const editor = editorHostTests(host);
  const relay = engineRelayHostTests(host);
  const weights = weightsHostTests(host);
  const history = editorHistoryHostTests(host);
  const view = editorViewHostTests(host);
  const diagnostics = diagnosticsHostTests(host);
  return [
    extension.opens,
    editor.ready,
    editor.backendSetting,
    relay.hostEngine,
    editor.canvasEdit,
    editor.undoKey,
    editor.twoEdits,
    editor.editsElsewhere,
    editor.malformed,
    editor.saveImage,
    editor.resolveImage,
    editor.plainNotifications,
    weights.modelJsonOutside,
    extension.commands,
    weights.missingWeights,
    history.runHistory,
    view.savedView,
    diagnostics.openAsText,
    extension.newGraph,
  ];
}

export async function run(): Promise<void> {
  // Required here, not imported at the top: outside VS Code (node --test loads every file under out/test/) there is no 'vscode'.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vscode = require('vscode') as typeof VSCode;
  const tests = hostTests(vscode);
  const failures: string[] = [];
  const results: HostTestResult[] = [];
  for (const [name, fn] of tests) {
    const start = Date.now();
    try {
      await fn();
      console.log(`ok - ${name} (${Date.now() - start} ms)`);
      results.push({ name, ok: true, ms: Date.now() - start });
    } catch (error) {
      failures.push(name);
      results.push({ name, ok: false, ms: Date.now() - start, error: (error as Error).stack ?? String(error) });
      console.error(`not ok - ${name} (${Date.now() - start} ms)\n${(error as Error).stack ?? String(error)}`);
    }
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) {
    // Written whole, then renamed: the outer test reads the file as soon as it exists.
    const file = join(folder, RESULTS_FILE);
    writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2));
    renameSync(`${file}.tmp`, file);
  }
  console.log(`${tests.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length) throw new Error(`extension-host tests failed: ${failures.join(', ')}`);
}
