/**
 * Extension-host tests: the `run()` module VS Code loads with --extensionTestsPath (the
 * @vscode/test-electron convention). Here code-server runs it (test/e2e/workbench.test.ts);
 * `npm run test:electron` runs it in a downloaded desktop VS Code (scripts/test-electron.ts).
 * Each test runs in order; the first failure rejects run(), and VS Code exits with code 1.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type * as VSCode from 'vscode';
import { hostTests } from './host-tests';
import { RESULTS_FILE, type HostTestResult } from './results';

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
