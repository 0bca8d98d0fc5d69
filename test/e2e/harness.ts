/**
 * Runs a real VS Code workbench for the end-to-end tests: code-server 4.100.3 (VS Code 1.100's
 * workbench and a Node extension host, installed by test/e2e/install-tools.sh into .e2e/) driven
 * by Playwright through Debian's Chromium. Every file of a run stays in one folder.
 */
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Frame, type Locator, type Page } from 'playwright-core';
import { REPO } from '../helpers/paths';
import type { TestHooksGlobal } from '../../webview/test-hooks-api';
import { TEST_SUPPORT_ENV } from '../../src/extension/test-support';

export const CODE_SERVER = process.env.STYLEGRAPH_CODE_SERVER ?? join(REPO, '.e2e', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.STYLEGRAPH_CHROMIUM ?? '/usr/bin/chromium';
export const OUTPUT = join(REPO, 'test-output');

/**
 * Why the E2E tests cannot run here, or undefined when they can. In CI (CI=true) missing tools
 * are an error, never a skip: .ci/run installs them.
 */
export function e2eSkipReason(): string | undefined {
  const missing = [CODE_SERVER, CHROMIUM].filter((p) => !existsSync(p));
  if (missing.length === 0) return undefined;
  const what = `${missing.join(' and ')} not installed (run: bash test/e2e/install-tools.sh)`;
  if (process.env.CI === 'true') throw new Error(`E2E cannot run in CI: ${what}`);
  return `E2E skipped: ${what}`;
}

/**
 * One workbench for the test file that calls this at its top level: started before the file's
 * tests and closed after them. `skip` says why E2E cannot run here (undefined when it can).
 */
export function useWorkbench(): { readonly skip: string | undefined; readonly workbench: Workbench } {
  const skip = e2eSkipReason();
  if (skip) console.log(skip);
  let workbench: Workbench | undefined;
  before(async () => {
    if (!skip) workbench = await startWorkbench();
  });
  after(async () => {
    await workbench?.close();
  });
  return {
    skip,
    get workbench(): Workbench {
      if (!workbench) throw new Error('the workbench is not started (E2E skipped?)');
      return workbench;
    },
  };
}

export interface Workbench {
  readonly port: number;
  readonly runDir: string;
  /** The .vsix that `npm run package`'s script built and code-server installed (see startWorkbench). */
  readonly vsix: string;
  /**
   * Opens a browser window on `folder`, with the extension loaded from this repository
   * (extensionDevelopmentPath; it takes the place of the installed one), or with
   * `installed: true` the installed .vsix alone; with `testsPath`, VS Code runs that extension-tests module.
   */
  open(folder: string, options?: { testsPath?: string; webgpu?: boolean; installed?: boolean }): Promise<WorkbenchWindow>;
  close(): Promise<void>;
}

export interface WorkbenchWindow {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console lines of the page and the extension host (codeAutomationLog). */
  readonly logs: string[];
  /** Resolves with the code the extension tests exited with (codeAutomationExit). */
  readonly exitCode: Promise<number>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
};

/**
 * Starts code-server on a free port with everything in a fresh folder under test-output/, after
 * packaging the extension (scripts/package-vsix.js, as `npm run package`; dist/ must be bundled)
 * and installing the .vsix into its extensions folder with `code-server --install-extension`.
 */
export async function startWorkbench(env: NodeJS.ProcessEnv = {}): Promise<Workbench> {
  mkdirSync(OUTPUT, { recursive: true });
  // Earlier runs' folders (profiles, user data) are kept a while for a look, then removed; never
  // a fresh one, which may belong to another E2E file running at the same time.
  const stale = Date.now() - 60 * 60 * 1000;
  for (const old of readdirSync(OUTPUT).filter((n) => n.startsWith('e2e-'))) {
    if (statSync(join(OUTPUT, old)).mtimeMs < stale) rmSync(join(OUTPUT, old), { recursive: true, force: true });
  }
  const runDir = mkdtempSync(join(OUTPUT, 'e2e-'));
  const dirs = Object.fromEntries(['user', 'extensions', 'tmp', 'config', 'data', 'cache', 'browsers'].map((d) => [d, join(runDir, d)]));
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(join(dirs.user, 'User'), { recursive: true });
  writeFileSync(join(dirs.user, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const serverEnv = { ...process.env, ...env, TMPDIR: dirs.tmp, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache, STYLEGRAPH_CACHE: join(dirs.cache, 'stylegraph'), [TEST_SUPPORT_ENV]: '1' };
  const vsix = join(runDir, 'stylegraph.vsix');
  run(process.execPath, [join(REPO, 'scripts', 'package-vsix.js'), vsix], serverEnv, 'packaging the extension');
  run(CODE_SERVER, ['--user-data-dir', dirs.user, '--extensions-dir', dirs.extensions, '--install-extension', vsix], serverEnv, `installing ${vsix}`);
  const port = await freePort();
  const server: ChildProcess = spawn(
    CODE_SERVER,
    ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--user-data-dir', dirs.user, '--extensions-dir', dirs.extensions,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--ignore-last-opened', '--disable-getting-started-override'],
    {
      detached: true, // its own process group: its watcher children die with it
      stdio: ['ignore', 'pipe', 'pipe'],
      env: serverEnv,
    },
  );
  const serverLog: string[] = [];
  server.stdout?.on('data', (b: Buffer) => serverLog.push(b.toString()));
  server.stderr?.on('data', (b: Buffer) => serverLog.push(b.toString()));
  const stopServer = async () => {
    if (server.exitCode !== null || server.pid === undefined) return;
    const exited = new Promise((r) => server.once('exit', r));
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([exited, delay(5000)]);
    if (server.exitCode === null) {
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) || server.exitCode !== null, 30_000, 'code-server /healthz');
    if (server.exitCode !== null) throw new Error(`code-server exited: ${serverLog.join('')}`);
  } catch (error) {
    await stopServer();
    throw error;
  }
  const windows = new Set<WorkbenchWindow>();
  return {
    port,
    runDir,
    vsix,
    async open(folder, options = {}) {
      const payload: [string, string][] = options.installed ? [] : [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${REPO}`]];
      if (options.testsPath) payload.push(['extensionTestsPath', `vscode-remote://127.0.0.1:${port}${options.testsPath}`]);
      const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
      const args = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-size=1600,1000'];
      if (options.webgpu) args.push('--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader');
      const context = await chromium.launchPersistentContext(mkdtempSync(join(dirs.browsers, 'profile-')), {
        executablePath: CHROMIUM,
        headless: true,
        args,
        viewport: { width: 1600, height: 1000 },
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const logs: string[] = [];
      let exit!: (code: number) => void;
      const exitCode = new Promise<number>((r) => (exit = r));
      await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => logs.push(`[ext ${type}] ${args.map(String).join(' ')}`));
      await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
      page.on('console', (m) => logs.push(`[page ${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => logs.push(`[page error] ${e.message}`));
      await page.goto(url);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      const win: WorkbenchWindow = {
        page,
        context,
        logs,
        exitCode,
        close: async () => {
          windows.delete(win);
          await context.close().catch(() => undefined);
        },
      };
      windows.add(win);
      return win;
    },
    async close() {
      for (const w of [...windows]) await w.close();
      await stopServer();
    },
  };
}

/** Runs a program to completion; its output goes into the error when it fails. */
function run(program: string, args: string[], env: NodeJS.ProcessEnv, what: string): void {
  try {
    execFileSync(program, args, { env, stdio: 'pipe', timeout: 120_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`${what} failed: ${(error as Error).message}\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`);
  }
}

/** Runs a command from the palette by its title (commands show up a few seconds after start). */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  // The row whose label is exactly the title (fuzzy matching ranks others first: "File: Save" -> "File: Compare Active File with Saved").
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  for (;;) {
    try {
      // On a busy machine the palette can take a while to open, or the key can land before the workbench has focus: retry.
      await page.keyboard.press('F1');
      await input.waitFor({ timeout: 5000 });
      // Short, so that a palette that closes again (focus taken by a notification) is reopened, not waited on.
      await input.fill(`>${title}`, { timeout: 5000 });
      await row.waitFor({ timeout: 2000 });
      await row.click();
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw error;
    }
  }
}

/**
 * Opens a workspace file by name through Quick Open (it opens in its default editor), and waits
 * until its tab is the active one: a Quick Open that closed again (a notification took focus)
 * opened nothing, so it is retried rather than reported as done.
 */
export async function quickOpen(page: Page, name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
  const tab = page.locator('.tabs-container .tab.active', { hasText: name });
  for (;;) {
    try {
      await page.keyboard.press('Control+P');
      await input.waitFor({ timeout: 5000 });
      await input.fill(name, { timeout: 5000 });
      await row.waitFor({ timeout: 5000 });
      await row.click({ timeout: 5000 });
      await tab.waitFor({ timeout: 10_000 });
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw error;
    }
  }
}

/** The graph editor's webview document, once its graph is on the canvas (a fresh one: close the other editors first). */
export async function editorFrame(page: Page): Promise<Frame> {
  const frame = await webviewFrame(page, '#node-status', 90_000);
  await frame.waitForFunction(() => 'stylegraphTest' in globalThis && (globalThis as unknown as TestHooksGlobal).stylegraphTest.nodeIds().length > 0, undefined, { timeout: 60_000 });
  return frame;
}

/** The editor webview's inner document (the one that holds `selector`), once it exists. */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  let found: Frame | undefined;
  await waitFor(async () => {
    for (const frame of page.frames()) {
      if (frame.name() !== 'active-frame' && !frame.url().includes('fake.html')) continue;
      if (await frame.$(selector).then((e) => e !== null, () => false)) {
        found = frame;
        return true;
      }
    }
    return false;
  }, timeoutMs, `a webview holding ${selector}`).catch(async (error: Error) => {
    const tabs = await page.locator('.tabs-container .tab').allTextContents().catch(() => []);
    const notes = await page.locator('.notification-list-item-message').allTextContents().catch(() => []);
    throw new Error(`${error.message} (open tabs: ${JSON.stringify(tabs)}; notifications: ${JSON.stringify(notes)})`);
  });
  return found!;
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(200);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// What a user does in the graph editor, shared by the E2E files: each action happens once (no
// retried clicks or keys), and waits on what the page shows, never on a fixed time.

/** The mouse, as a user moves it, clicking once at a point of an element of the webview (page coordinates: the webview is an iframe). */
export async function mouseAt(page: Page, target: Locator, dx: number, dy: number, button: 'left' | 'right' = 'left'): Promise<void> {
  const box = await target.boundingBox();
  assert.ok(box, 'the element is on screen');
  await page.mouse.click(box.x + dx, box.y + dy, { button });
}

/** Where a node's title bar is clicked, in `#graph-canvas`'s CSS pixels, after showing the node (at 100%, in the middle). */
async function titlePoint(frame: Frame, nodeId: string): Promise<[number, number]> {
  assert.ok(await frame.evaluate((id) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.showNode(id), nodeId), nodeId);
  const rect = await frame.evaluate((id) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.nodeRect(id), nodeId);
  assert.ok(rect, `${nodeId} is drawn`);
  return [rect[0] + Math.min(40, rect[2] / 2), rect[1] + 8];
}

/** Clicks a node's title bar once, as a user selects it, and checks that it is the one selected. */
export async function selectNode(page: Page, frame: Frame, nodeId: string): Promise<void> {
  const [x, y] = await titlePoint(frame, nodeId);
  await mouseAt(page, frame.locator('#graph-canvas'), x, y);
  assert.deepEqual(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.selectedNodeIds()), [nodeId], `a click on ${nodeId}'s title selects it`);
}

/**
 * Right-clicks a node's title bar once and waits for litegraph's menu. (A right-click on a node a
 * menu action had just made used to get no menu where the new node lay under that menu: the menu
 * stayed open after its action, since litegraph keeps a menu open when an entry's callback returns
 * true, and the right-click closed it instead. layer-actions.ts's callbacks now return nothing.)
 */
export async function rightClickNode(page: Page, frame: Frame, nodeId: string): Promise<void> {
  const [x, y] = await titlePoint(frame, nodeId);
  await mouseAt(page, frame.locator('#graph-canvas'), x, y, 'right');
  await frame.locator('.litecontextmenu').first().waitFor({ timeout: 10_000 });
}

/** Clicks a context-menu entry by its whole text (one action). */
export async function menuEntry(page: Page, frame: Frame, label: string): Promise<void> {
  const entry = frame.locator('.litecontextmenu .litemenu-entry', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).last();
  await entry.waitFor({ timeout: 10_000 });
  await mouseAt(page, entry, 10, 8);
}

/** Runs the graph with the Run button and waits for the end, which must be done; returns the milliseconds from Run to the first preview. */
export async function runToEnd(frame: Frame): Promise<number> {
  await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
  await frame.locator('#run').click();
  await frame.locator('#run-status[data-state="done"], #run-status[data-state="error"]').waitFor({ state: 'attached', timeout: 400_000 });
  assert.equal(await frame.locator('#run-status').getAttribute('data-state'), 'done', `${await frame.locator('#run-status').textContent()} ${await frame.locator('#message').textContent()}`);
  return Number(await frame.locator('#preview').getAttribute('data-ms-from-run'));
}

/** The document as the canvas holds it (canonical text). */
export function documentText(frame: Frame): Promise<string | undefined> {
  return frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text());
}

/**
 * Waits until the webview has drawn two more frames: what the canvas shows after a change that it
 * applies at once and draws on the next animation frame (Fit, a wheel zoom), before a screenshot.
 */
export async function painted(frame: Frame): Promise<void> {
  await frame.evaluate(() => new Promise<void>((resolve) => {
    const next = (globalThis as unknown as { requestAnimationFrame(callback: () => void): number }).requestAnimationFrame;
    next(() => next(() => resolve()));
  }));
}

/** Waits until the host has answered a request sent now from the page: what the page sent before has reached it (the sign to wait on before saying nothing happened). */
export async function hostRoundTrip(frame: Frame): Promise<void> {
  await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.hostRoundTrip());
}

/**
 * Presses Ctrl+Z once with the keyboard where a user has it: on the canvas after clicking its empty
 * bottom-left corner (`canvas`), or on the editor's tab after clicking it (`tab`), and waits for the
 * document to read `expected`; on another text, says where it differs.
 */
export async function undoTo(page: Page, frame: Frame, expected: string, focus: 'canvas' | 'tab'): Promise<void> {
  if (focus === 'canvas') {
    // The bottom left corner: the banners (problems, messages) lie over the canvas's top.
    const box = await frame.locator('#graph-canvas').boundingBox();
    assert.ok(box, 'the canvas is on screen');
    await page.mouse.click(box.x + 4, box.y + box.height - 4);
    await frame.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { id?: string } | null } }).document.activeElement?.id === 'graph-canvas', undefined, { timeout: 10_000 });
  } else {
    await page.locator('.tabs-container .tab.active').click();
  }
  await page.keyboard.press('Control+Z');
  const reached = await frame.waitForFunction((t) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text() === t, expected, { timeout: 20_000 }).then(() => true, () => false);
  if (reached) return;
  const lines = ((await documentText(frame)) ?? '').split('\n');
  const at = lines.findIndex((line, i) => line !== expected.split('\n')[i]);
  assert.fail(`Ctrl+Z on the ${focus}: the document differs from the expected text at line ${at + 1}: ${JSON.stringify(lines[at])}`);
}
