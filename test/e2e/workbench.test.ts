/**
 * End-to-end: a real VS Code 1.100 workbench (code-server) in headless Chromium, the extension
 * loaded from this repository, and once from the .vsix that the harness packages and installs
 * (dist/ must be built: `npm test` bundles first).
 * Skips with one line when code-server or Chromium is missing outside CI; fails in CI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { editorFrame, hostRoundTrip, OUTPUT, quickOpen, runCommand, undoTo, useWorkbench, waitFor } from './harness';
import { parseGraph } from '../../src/core/graph/parse';
import { writeCanonical } from '../../src/core/graph/canonical';
import { RESULTS_FILE, type HostTestResult } from '../extension/results';
import { makeWorkspace, useTestWeights } from './workspace';
import { REPO, SEED_GRAPH } from '../helpers/paths';
import type { TestHooksGlobal } from '../../webview/test-hooks-api';

const e2e = useWorkbench();
const { skip } = e2e;

test('extension-host tests pass inside the workbench (custom editor, edits, CSP, message validation, path confinement, commands, weights)', { skip: skip !== undefined, timeout: 180_000 }, async () => {
  const ws = join(e2e.workbench.runDir, 'ws-host');
  mkdirSync(ws, { recursive: true });
  await makeWorkspace(ws);
  const start = Date.now();
  const window = await e2e.workbench.open(ws, { testsPath: join(REPO, 'out', 'test', 'extension', 'index.js') });
  try {
    const resultsFile = join(ws, RESULTS_FILE);
    await waitFor(() => existsSync(resultsFile), 170_000, 'the extension-host test results');
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as HostTestResult[];
    const code = results.length > 0 && results.every((r) => r.ok) ? 0 : 1;
    console.log(`extension-host tests finished (${code === 0 ? 'pass' : 'fail'}) after ${Date.now() - start} ms`);
    const extLines = window.logs.filter((l) => l.startsWith('[ext'));
    writeFileSync(join(e2e.workbench.runDir, 'extension-host.log'), window.logs.join('\n'));
    for (const r of results) console.log(`  ${r.ok ? 'ok' : 'not ok'} - ${r.name} (${r.ms} ms)${r.error ? `\n${r.error}` : ''}`);
    assert.equal(code, 0, `extension-host tests failed:\n${extLines.slice(-60).join('\n')}`);
    // The host tests had notifications show a command link from a path: the workbench renders it as text.
    await runCommand(window.page, 'Notifications: Show Notifications');
    const hostile = window.page.locator('.notifications-center .notification-list-item-message', { hasText: 'command:workbench.action.terminal.new' });
    await hostile.first().waitFor({ timeout: 15_000 });
    assert.ok((await hostile.count()) >= 2, 'the run error and the weights error');
    assert.equal(await hostile.locator('a').count(), 0, 'no link in them');
  } finally {
    await window.close();
  }
});

test('the packaged extension: the .vsix installed into code-server, without this repository, makes a new graph (the seed and its sample images), opens it in the graph editor and runs it on its own engine', { skip: skip !== undefined, timeout: 240_000 }, async () => {
  const ws = join(e2e.workbench.runDir, 'ws-installed');
  await useTestWeights(ws);
  const window = await e2e.workbench.open(ws, { installed: true });
  const { page } = window;
  try {
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    await runCommand(page, 'Style Graph: New Graph');
    const frame = await editorFrame(page);
    const script = await frame.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelector('script[src]')?.getAttribute('src') ?? '');
    assert.ok(new RegExp(`${e2e.workbench.runDir}/extensions/stylegraph\\.stylegraph-[^/]+/dist/webview\\.js$`).test(script), `the webview comes from the installed extension: ${script}`);
    const created = readFileSync(join(ws, 'style.stylegraph.json'), 'utf8');
    assert.equal(created, readFileSync(SEED_GRAPH, 'utf8'));
    for (const name of ['chelsea.png', 'hubble_deep_field.jpg']) {
      assert.deepEqual(readFileSync(join(ws, 'samples', name)), readFileSync(join(REPO, 'examples', 'samples', name)), name);
    }
    const ids = parseGraph(created).graph!.nodes.map((n) => n.id);
    await frame.waitForFunction((count) => (globalThis as unknown as PageGlobals).document.querySelectorAll('#node-status li').length === count, ids.length, { timeout: 30_000 });
    assert.equal(await frame.locator('#node-status li[data-error="true"]').count(), 0);
    await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
    // The installed engine (dist/engine.js and the npm files this platform's .vsix ships under dist/node_modules/) runs it.
    await frame.locator('#run-size').selectOption('64x64');
    assert.equal(await frame.evaluate(() => (window as unknown as TestHooksGlobal).stylegraphTest.setParam('adam', 'iterations', 2)), true);
    await frame.locator('#run').click();
    await frame.locator('#run-status[data-state="done"], #run-status[data-state="error"]').waitFor({ state: 'attached', timeout: 200_000 });
    assert.equal(await frame.locator('#run-status').getAttribute('data-state'), 'done', (await frame.locator('#message').textContent()) ?? '');
    assert.match((await frame.locator('#backend').textContent()) ?? '', /^host · onnx \(\d+ threads\)$/);
  } finally {
    writeFileSync(join(e2e.workbench.runDir, 'installed.log'), window.logs.join('\n'));
    await window.close();
  }
});

/**
 * The webview's document as page-side predicates see it. Predicates are functions, not strings:
 * Playwright evaluates a string predicate with eval inside the page, which the webview's CSP refuses.
 */
interface PageGlobals {
  readonly document: {
    querySelectorAll(selector: string): { readonly length: number };
    querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  };
}

/** The engine processes of this repository's extension (dist/engine.js), by their command lines in /proc. */
function enginePids(): number[] {
  const script = join(REPO, 'dist', 'engine.js');
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(script);
    } catch {
      return false;
    }
  }).map(Number);
}

async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await waitFor(async () => (await page.locator('.tabs-container .tab').count()) === 0, 15_000, 'no open editor');
}

const dirtyTab = (page: Page) => page.locator('.tabs-container .tab.active.dirty');

test('the workbench UI: the seed on the canvas, widget edit -> dirty -> save -> canonical file, undo, refused connection, error badge; a WebGPU run with previews, chart, Stop and Save Image', { skip: skip !== undefined, timeout: 600_000 }, async (t) => {
  const ws = join(e2e.workbench.runDir, 'ws-ui');
  mkdirSync(ws, { recursive: true });
  const { seed } = await makeWorkspace(ws);
  const seedText = readFileSync(seed, 'utf8');
  const window = await e2e.workbench.open(ws, { webgpu: true });
  const { page } = window;
  try {
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });

    await t.test('the seed opens in the graph editor and the canvas shows all its nodes', async () => {
      await quickOpen(page, 'seed.stylegraph.json');
      const frame = await editorFrame(page);
      const ids = parseGraph(seedText).graph!.nodes.map((n) => n.id).sort();
      await frame.waitForFunction((count) => (globalThis as unknown as PageGlobals).document.querySelectorAll('#node-status li').length === count, ids.length, { timeout: 30_000 });
      const shown = await frame.$$eval('#node-status li', (lis) => lis.map((li) => li.getAttribute('data-node-id')).sort());
      assert.deepEqual(shown, ids);
      assert.deepEqual(((await frame.evaluate(() => (window as unknown as TestHooksGlobal).stylegraphTest.nodeIds())) as string[]).sort(), ids);
      assert.equal(await frame.locator('#node-status li[data-error="true"]').count(), 0);
      assert.ok(await frame.locator('#graph-canvas').isVisible());
    });

    await t.test('a widget change makes the document dirty; saving writes the canonical text with exactly that change; undo restores it', async () => {
      const frame = await editorFrame(page);
      assert.equal(await frame.evaluate(() => (window as unknown as TestHooksGlobal).stylegraphTest.setParam('alpha', 'w', 12)), true);
      await dirtyTab(page).waitFor({ timeout: 10_000 });
      await runCommand(page, 'File: Save');
      await dirtyTab(page).waitFor({ state: 'detached', timeout: 10_000 });
      const graph = parseGraph(seedText).graph!;
      const expected = writeCanonical({ ...graph, nodes: graph.nodes.map((n) => (n.id === 'alpha' ? { ...n, params: { ...n.params, w: 12 } } : n)) });
      const onDisk = readFileSync(seed, 'utf8');
      assert.equal(onDisk, expected);
      const changed = onDisk.split('\n').filter((line, i) => line !== seedText.split('\n')[i]);
      assert.deepEqual(changed, ['        "w": 12']);
      await page.locator('.tabs-container .tab.active').click();
      await page.keyboard.press('Control+Z');
      await frame.waitForFunction(() => (window as unknown as TestHooksGlobal).stylegraphTest.getParam('alpha', 'w') === 10, undefined, { timeout: 10_000 });
      assert.equal(await frame.evaluate(() => (window as unknown as TestHooksGlobal).stylegraphTest.text()), seedText);
      await runCommand(page, 'File: Save');
      await dirtyTab(page).waitFor({ state: 'detached', timeout: 10_000 });
      assert.equal(readFileSync(seed, 'utf8'), seedText);
    });

    await t.test('connecting incompatible ports with the mouse is refused and leaves the document alone; a compatible drag connects, Ctrl+Z on the canvas undoes it', async () => {
      const frame = await editorFrame(page);
      await frame.locator('#fit-view').click(); // every port on screen
      const canvas = (await frame.locator('#graph-canvas').boundingBox())!;
      /** Drags, as a user does, from an output's dot to an input's dot (the hooks say where litegraph draws them). */
      const drag = async (from: string, to: string) => {
        const [fromNode, fromPort] = from.split('.') as [string, string];
        const [toNode, toPort] = to.split('.') as [string, string];
        // nodeRect draws a frame: litegraph hit-tests the nodes of its last one.
        for (const id of [fromNode, toNode]) assert.ok(await frame.evaluate((n) => (window as unknown as TestHooksGlobal).stylegraphTest.nodeRect(n), id));
        const a = (await frame.evaluate(([n, p]) => (window as unknown as TestHooksGlobal).stylegraphTest.portPoint(n, 'output', p), [fromNode, fromPort] as const))!;
        const b = (await frame.evaluate(([n, p]) => (window as unknown as TestHooksGlobal).stylegraphTest.portPoint(n, 'input', p), [toNode, toPort] as const))!;
        for (const [x, y] of [a, b]) assert.ok(x > 0 && y > 0 && x < canvas.width && y < canvas.height, `${from} and ${to} are on screen`);
        await page.mouse.move(canvas.x + a[0], canvas.y + a[1]);
        await page.mouse.down();
        await page.mouse.move(canvas.x + b[0], canvas.y + b[1], { steps: 8 });
        await page.mouse.up();
      };
      const text = () => frame.evaluate(() => (window as unknown as TestHooksGlobal).stylegraphTest.text());
      assert.equal(await text(), seedText);
      // The drag works: an image onto a VGG node's image input replaces its link, one edit.
      await drag('content.image', 'generated_conv4_2.image');
      await frame.waitForFunction(() => /"from": "content.image", "to": "generated_conv4_2.image"|"from": "content\.image",\s+"to": "generated_conv4_2\.image"/.test((window as unknown as TestHooksGlobal).stylegraphTest.text() ?? ''), undefined, { timeout: 10_000 });
      await dirtyTab(page).waitFor({ timeout: 10_000 });
      await undoTo(page, frame, seedText, 'canvas');
      await dirtyTab(page).waitFor({ state: 'detached', timeout: 10_000 });
      // An image onto a content loss's features input, and a Gram onto its generated features: refused.
      await drag('content.image', 'j_content.content');
      await drag('gram_style_conv1_1.gram', 'j_content.generated');
      await hostRoundTrip(frame); // any edit the drags made has reached the host
      assert.equal(await text(), seedText, 'no link made');
      assert.equal(await dirtyTab(page).count(), 0, 'the document is unchanged');
      assert.equal(await frame.locator('.litesearchbox').count(), 0, 'a drop on a port is not a drop on empty canvas');
    });

    await t.test('an edge broken in the file shows the node\'s error badge', async () => {
      const frame = await editorFrame(page);
      const broken = seedText.replace('"to": "content_conv4_2.image"', '"to": "content_conv4_2.imag"');
      assert.notEqual(broken, seedText);
      writeFileSync(seed, broken);
      await frame.locator('#node-status li[data-node-id="content_conv4_2"][data-error="true"]').waitFor({ state: 'attached', timeout: 30_000 });
      const message = await frame.locator('#node-status li[data-node-id="content_conv4_2"]').getAttribute('data-message');
      assert.match(message ?? '', /imag/);
      assert.equal(await frame.locator('#node-status li[data-node-id="alpha"]').getAttribute('data-error'), 'false');
      writeFileSync(seed, seedText);
      await frame.locator('#node-status li[data-node-id="content_conv4_2"][data-error="false"]').waitFor({ state: 'attached', timeout: 30_000 });
    });

    await t.test('a small graph runs on the host engine: engine and backend shown, previews and chart points appear, the loss falls; Save Image writes a PNG of the right size; Stop is prompt; the webview engine still runs it on WebGPU', async () => {
      await closeAllEditors(page);
      await quickOpen(page, 'small.stylegraph.json');
      const frame = await editorFrame(page);
      await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
      // The host engine's auto: onnx where onnxruntime's native library loads (it does here).
      assert.equal(await frame.locator('#backend-choice').inputValue(), 'auto');
      const started = Date.now();
      await frame.locator('#run').click();
      await frame.locator('#run-status[data-state="done"], #run-status[data-state="error"]').waitFor({ state: 'attached', timeout: 400_000 });
      const status = frame.locator('#run-status');
      assert.equal(await status.getAttribute('data-state'), 'done', `${await status.textContent()} ${await frame.locator('#message').textContent()}`);
      console.log(`  host engine run of 4 iterations at 32x32 (first run: engine start and weights included): ${Date.now() - started} ms`);
      assert.match((await frame.locator('#backend').textContent())?.trim() ?? '', /^host · onnx \(\d+ threads\)$/);
      const heap = () => frame.evaluate(() => Math.round(((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN) / 2 ** 20));
      const hostHeap = await heap();
      const preview = frame.locator('#preview');
      assert.ok(Number(await preview.getAttribute('data-iteration')) >= 1);
      assert.deepEqual([await preview.getAttribute('width'), await preview.getAttribute('height')], ['32', '32']);
      const chart = frame.locator('#loss-chart');
      assert.equal(await chart.getAttribute('data-points'), '4');
      // Every term J adds (alpha, beta), each loss node (content, five style layers... as plottedTerms lists them), J.
      assert.equal(await chart.getAttribute('data-series'), '9');
      const [first, last] = [Number(await chart.getAttribute('data-first-loss')), Number(await chart.getAttribute('data-last-loss'))];
      assert.ok(first > 0 && last < first, `the total loss falls: from ${first} to ${last}`);
      assert.ok(await frame.locator('#outputs canvas.output-preview[data-node-id="result"]').count() === 1);

      mkdirSync(OUTPUT, { recursive: true });
      await frame.locator('#fit-view').click(); // the whole graph, as the README shows it
      await page.screenshot({ path: join(OUTPUT, 'editor-after-run.png') });
      if (process.env.STYLEGRAPH_UPDATE_SCREENSHOT === '1') await page.screenshot({ path: join(REPO, 'media', 'screenshot.png') });

      // Save Image asks where, proposing <graph name>.png beside the graph.
      const out = join(ws, 'small.png');
      await frame.locator('#save-image').click();
      const saveAs = page.locator('.quick-input-widget .quick-input-box input');
      await waitFor(async () => (await saveAs.inputValue().catch(() => '')) === out, 15_000, 'the save dialog proposing small.png');
      await saveAs.press('Enter');
      await waitFor(() => existsSync(out), 15_000, 'the saved PNG');
      const png = PNG.sync.read(readFileSync(out));
      assert.deepEqual([png.width, png.height], [32, 32]);

      // A long run, stopped after its first iterations.
      assert.equal(await frame.evaluate(() => (window as unknown as TestHooksGlobal).stylegraphTest.setParam('adam', 'iterations', 2000)), true);
      await frame.locator('#run').click();
      await frame.waitForFunction(() => Number((globalThis as unknown as PageGlobals).document.querySelector('#progress-text')?.getAttribute('data-iteration')) >= 2, undefined, { timeout: 120_000 });
      const stopAt = Date.now();
      await frame.locator('#stop').click();
      await frame.locator('#run-status[data-state="cancelled"]').waitFor({ state: 'attached', timeout: 20_000 });
      const stoppedAfter = Date.now() - stopAt;
      console.log(`  Stop took ${stoppedAfter} ms`);
      assert.ok(Number(await frame.locator('#progress-text').getAttribute('data-iteration')) < 2000);

      // The engine killed mid-run (SIGKILL, as the out-of-memory killer does): one clear message, the
      // editor keeps working, and the next Run starts a new engine that works.
      await frame.locator('#run:not([disabled])').waitFor({ timeout: 30_000 });
      await frame.locator('#run').click();
      await frame.waitForFunction(() => Number((globalThis as unknown as PageGlobals).document.querySelector('#progress-text')?.getAttribute('data-iteration')) >= 2, undefined, { timeout: 120_000 });
      // (An earlier window's engine may still be ending: every one of this repository's goes.)
      const engines = enginePids();
      assert.ok(engines.length >= 1, 'the engine process runs');
      for (const pid of engines) process.kill(pid, 'SIGKILL');
      await frame.locator('#run-status[data-state="error"]').waitFor({ state: 'attached', timeout: 30_000 });
      assert.match((await frame.locator('#message').textContent()) ?? '', /^the engine process was killed \(SIGKILL: out of memory, or ended from outside\) during the run; the next Run starts a new one$/);
      await runCommand(page, 'File: Revert File');
      await frame.locator('#run:not([disabled])').waitFor({ timeout: 30_000 });
      await frame.locator('#run').click();
      await frame.locator('#run-status[data-state="done"], #run-status[data-state="error"]').waitFor({ state: 'attached', timeout: 200_000 });
      assert.equal(await status.getAttribute('data-state'), 'done', `${await status.textContent()} ${await frame.locator('#message').textContent()}`);
      assert.ok(enginePids().some((pid) => !engines.includes(pid)), 'a new engine process');

      // stylegraph.engine: webview (a local GPU when the host is remote): the page's own tfjs runs it,
      // here on SwiftShader's WebGPU adapter (auto never picks a software GPU: asked for explicitly).
      const settingsFile = join(ws, '.vscode', 'settings.json');
      const settings = readFileSync(settingsFile, 'utf8');
      writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(settings), 'stylegraph.engine': 'webview' }, null, 2));
      try {
        await frame.locator('#backend-choice option[value="webgl"]').waitFor({ state: 'attached', timeout: 30_000 });
        await frame.locator('#backend-choice').selectOption('webgpu');
        await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
        await frame.locator('#run').click();
        await frame.locator('#run-status[data-state="done"], #run-status[data-state="error"]').waitFor({ state: 'attached', timeout: 400_000 });
        assert.equal(await status.getAttribute('data-state'), 'done', `${await status.textContent()} ${await frame.locator('#message').textContent()}`);
        assert.equal((await frame.locator('#backend').textContent())?.trim(), 'webview · webgpu');
        console.log(`  the webview's JS heap after a run: ${hostHeap} MiB on the host engine, ${await heap()} MiB on the webview engine (narrow test weights; the real VGG-19's 80 MB load only on the webview engine)`);
        assert.equal(await chart.getAttribute('data-points'), '4');
      } finally {
        writeFileSync(settingsFile, settings);
      }
      await frame.locator('#backend-choice option[value="onnx"]').waitFor({ state: 'attached', timeout: 30_000 });
    });
  } finally {
    writeFileSync(join(e2e.workbench.runDir, 'ui.log'), window.logs.join('\n'));
    await window.close();
  }
});
