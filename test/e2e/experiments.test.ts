/**
 * End-to-end, in the real workbench: issue 10's editor side. Every run is recorded in
 * `.stylegraph/runs/<graph>/`, capped by `stylegraph.historyLimit`; two recorded runs compare
 * side by side (images, curves, differing params); Restore is one undoable edit. One workbench,
 * tiny runs (32x32, 2 iterations).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { editorFrame, OUTPUT, quickOpen, runCommand, useWorkbench, waitFor } from './harness';
import { makeWorkspace } from './workspace';
import type { TestHooksGlobal } from '../../webview/test-hooks-api';

const e2e = useWorkbench();
const { skip } = e2e;

interface ImagesOf {
  document: { querySelectorAll(s: string): Iterable<{ naturalWidth: number }> };
}

/** Right-clicks a node's widget where the canvas draws it, and picks "Sweep this param…". */
async function sweepFromWidget(page: Page, frame: Frame, nodeId: string, param: string): Promise<void> {
  for (const close of ['#compare:not([hidden]) #compare-close', '#gallery:not([hidden]) #gallery-close']) {
    if (await frame.locator(close).count()) await frame.locator(close).click(); // an overlay left by an earlier failure
  }
  assert.ok(await frame.evaluate((id) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.showNode(id), nodeId));
  const point = await frame.evaluate(([id, name]) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.widgetPoint(id!, name!), [nodeId, param]);
  assert.ok(point, `${nodeId}.${param} is drawn`);
  const box = (await frame.locator('#graph-canvas').boundingBox())!;
  const entry = frame.locator('.litecontextmenu .litemenu-entry', { hasText: /^Sweep this param…$/ });
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.mouse.click(box.x + point[0], box.y + point[1], { button: 'right' });
    if (await entry.first().waitFor({ timeout: 3000 }).then(() => true, () => false)) break;
    if (attempt === 2) {
      await page.screenshot({ path: join(OUTPUT, `experiments-no-sweep-entry-${nodeId}.png`) });
      assert.fail(`no "Sweep this param…" after right-clicking ${nodeId}.${param} at ${point.join()}: menu ${JSON.stringify(await frame.locator('.litecontextmenu .litemenu-entry').allTextContents())}`);
    }
  }
  const entryBox = (await entry.first().boundingBox())!;
  await page.mouse.click(entryBox.x + 10, entryBox.y + 8);
  await frame.locator('#sweep-dialog:not([hidden])').waitFor({ timeout: 10_000 });
}

const dirtyTab = (page: Page) => page.locator('.tabs-container .tab.active.dirty');

async function runToEnd(frame: Frame): Promise<void> {
  await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
  await frame.locator('#run').click();
  await frame.locator('#run-status[data-state="done"], #run-status[data-state="error"]').waitFor({ state: 'attached', timeout: 400_000 });
  assert.equal(await frame.locator('#run-status').getAttribute('data-state'), 'done', `${await frame.locator('#run-status').textContent()} ${await frame.locator('#message').textContent()}`);
}

async function historyCount(frame: Frame, n: number): Promise<void> {
  await frame.locator(`#history[data-runs="${n}"]`).waitFor({ state: 'attached', timeout: 30_000 });
}

test('experiments in the workbench: run history, compare, restore', { skip: skip !== undefined, timeout: 900_000 }, async (t) => {
  const ws = join(e2e.workbench.runDir, 'ws-experiments');
  mkdirSync(ws, { recursive: true });
  const { weights } = await makeWorkspace(ws, { iterations: 2 });
  writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'stylegraph.weightsPath': weights, 'stylegraph.historyLimit': 2 }, null, 2));
  const history = join(ws, '.stylegraph', 'runs', 'small');
  const window = await e2e.workbench.open(ws);
  const { page } = window;
  mkdirSync(OUTPUT, { recursive: true });
  try {
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    await quickOpen(page, 'small.stylegraph.json');

    await t.test('every run is recorded beside the graph; the list shows thumbnail, date and loss; historyLimit 2 keeps the newest two', async () => {
      const frame = await editorFrame(page);
      await historyCount(frame, 0);
      await runToEnd(frame);
      await historyCount(frame, 1);
      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('beta', 'w', 400)), true);
      await runToEnd(frame);
      await historyCount(frame, 2);
      const ids = readdirSync(history).sort();
      assert.equal(ids.length, 2);
      for (const id of ids) assert.deepEqual(readdirSync(join(history, id)).sort(), ['graph.json', 'image.png', 'losses.json', 'run.json']);
      const info = JSON.parse(readFileSync(join(history, ids[1]!, 'run.json'), 'utf8')) as { status: string; iterations: number; size: number[]; graph: string; loss: number };
      assert.deepEqual([info.status, info.iterations, info.size, info.graph], ['done', 2, [32, 32], 'small.stylegraph.json']);
      const rows = frame.locator('#history .run');
      assert.equal(await rows.first().getAttribute('data-run-id'), ids[1], 'newest first');
      assert.match((await rows.first().locator('.run-loss').textContent()) ?? '', /^J \d\.\d{3}e[+-]\d+$/);
      assert.match((await rows.first().locator('.run-date').textContent()) ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      await frame.waitForFunction(() => [...(globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ naturalWidth: number }> } }).document.querySelectorAll('#history .run-thumb')].every((i) => i.naturalWidth === 32), undefined, { timeout: 10_000 });
      // A third run: the oldest record goes.
      await runToEnd(frame);
      await waitFor(() => !existsSync(join(history, ids[0]!)), 30_000, 'the oldest record to be pruned');
      await historyCount(frame, 2);
      assert.equal(readdirSync(history).length, 2);
      await page.screenshot({ path: join(OUTPUT, 'experiments-history.png') });
    });

    await t.test('ticking two runs compares them: both images, both runs\' curves on one chart, the differing param listed', async () => {
      const frame = await editorFrame(page);
      // Run with beta.w 40 again so the two listed runs differ.
      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('beta', 'w', 40)), true);
      await runToEnd(frame);
      await waitFor(async () => (await frame.locator('#history .run').count()) === 2 && readdirSync(history).length === 2, 30_000, 'two records');
      const picks = frame.locator('#history .run-pick');
      await picks.nth(0).check();
      await picks.nth(1).check();
      await frame.locator('#compare:not([hidden])').waitFor({ timeout: 20_000 });
      const figures = frame.locator('#compare figure img');
      assert.equal(await figures.count(), 2);
      await frame.waitForFunction(() => [...(globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ naturalWidth: number }> } }).document.querySelectorAll('#compare figure img')].every((i) => i.naturalWidth === 32), undefined, { timeout: 10_000 });
      const chart = frame.locator('#compare-chart');
      assert.equal(await chart.getAttribute('data-runs'), '2');
      assert.equal(await chart.getAttribute('data-totals'), '2,2', 'a total curve of 2 points per run');
      const row = frame.locator('#compare-diff tr[data-key="beta.w"] td');
      assert.deepEqual(await row.allTextContents(), ['beta.w', '40', '400']);
      assert.equal(await frame.locator('#compare-diff').getAttribute('data-differences'), '1');
      await page.screenshot({ path: join(OUTPUT, 'experiments-compare.png') });
      await frame.locator('#compare-close').click();
      await frame.locator('#compare').waitFor({ state: 'hidden' });
    });

    await t.test('chart: the previous run\'s curves stay on the chart, dimmed, until Clear', async () => {
      const frame = await editorFrame(page);
      const chart = frame.locator('#loss-chart');
      const series = Number(await chart.getAttribute('data-series'));
      assert.ok(series >= 2, `series ${series}`);
      assert.equal(await chart.getAttribute('data-previous-series'), String(series), 'the run before the last one is still drawn');
      await frame.locator('#clear-chart:not([hidden])').click();
      assert.equal(await chart.getAttribute('data-previous-series'), '0');
      assert.equal(await frame.locator('#clear-chart').isHidden(), true);
      assert.equal(await chart.getAttribute('data-series'), String(series), 'the last run\'s curves stay');
    });

    await t.test('Restore makes the document the run\'s graph in one edit; one Undo gives it back', async () => {
      const frame = await editorFrame(page);
      await runCommand(page, 'File: Save');
      await dirtyTab(page).waitFor({ state: 'detached', timeout: 10_000 });
      const before = (await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text()))!;
      // The older of the two listed runs ran beta.w 400.
      await frame.locator('#history .run').nth(1).locator('.run-restore').click();
      await waitFor(async () => (await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.getParam('beta', 'w'))) === 400, 10_000, 'beta.w restored to 400');
      await dirtyTab(page).waitFor({ timeout: 10_000 });
      await page.locator('.tabs-container .tab.active').click();
      await page.keyboard.press('Control+Z');
      await frame.waitForFunction((text) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text() === text, before, { timeout: 10_000 });
      await dirtyTab(page).waitFor({ state: 'detached', timeout: 10_000 });
    });

    await t.test('"Sweep this param…" on a term\'s layer widget ties both VGG-19 nodes and offers the layer list', async () => {
      const frame = await editorFrame(page);
      await sweepFromWidget(page, frame, 'generated_conv4_2', 'layer');
      assert.equal(await frame.locator('#sweep-dialog .sweep-keys').inputValue(), 'content_conv4_2.layer,generated_conv4_2.layer');
      const values = (await frame.locator('#sweep-dialog .sweep-values').inputValue()).split(',');
      assert.ok(values.includes('conv4_2') && values.includes('conv5_1'), values.join());
      await frame.locator('#sweep-cancel').click();
      await frame.locator('#sweep-dialog').waitFor({ state: 'hidden' });
    });

    await t.test('a 2x2 sweep at 32x32 fills the gallery; a click opens an image; "Apply these values" is one edit', async () => {
      const frame = await editorFrame(page);
      await sweepFromWidget(page, frame, 'beta', 'w');
      assert.equal(await frame.locator('#sweep-dialog .sweep-keys').inputValue(), 'beta.w');
      assert.equal(await frame.locator('#sweep-dialog .sweep-values').inputValue(), '4,40,400', 'x0.1, x1, x10 prefilled');
      await frame.locator('#sweep-dialog .sweep-values').fill('4,400');
      await frame.locator('#sweep-add-param').selectOption('alpha.w');
      assert.equal(await frame.locator('#sweep-dialog .sweep-keys').nth(1).inputValue(), 'alpha.w');
      await frame.locator('#sweep-dialog .sweep-values').nth(1).fill('1,100');
      await frame.locator('#sweep-start[data-runs="4"]:not([disabled])').click();
      await frame.locator('#gallery:not([hidden])').waitFor({ timeout: 10_000 });
      await frame.locator('#gallery[data-state="done"], #gallery[data-state="stopped"]').waitFor({ state: 'attached', timeout: 400_000 });
      assert.equal(await frame.locator('#gallery').getAttribute('data-state'), 'done', await frame.locator('#message').textContent() ?? '');
      assert.equal(await frame.locator('#sweep-progress').getAttribute('data-done'), '4');
      assert.equal(await frame.locator('.gallery-cell[data-state="done"]').count(), 4);
      await frame.waitForFunction(() => {
        const images = [...(globalThis as unknown as ImagesOf).document.querySelectorAll('.gallery-image')];
        return images.length === 4 && images.every((i) => i.naturalWidth === 32);
      }, undefined, { timeout: 10_000 });
      const labels = await frame.locator('.gallery-cell .gallery-label').allTextContents();
      assert.deepEqual(labels, ['beta.w=4, alpha.w=1', 'beta.w=4, alpha.w=100', 'beta.w=400, alpha.w=1', 'beta.w=400, alpha.w=100']);
      for (const loss of await frame.locator('.gallery-cell .gallery-loss').allTextContents()) assert.match(loss, /^J \d\.\d{3}e[+-]\d+$/);
      await page.screenshot({ path: join(OUTPUT, 'experiments-gallery.png') });
      await frame.locator('.gallery-image').nth(3).click();
      await frame.locator('#gallery-full:not([hidden]) img').waitFor({ timeout: 5000 });
      assert.match((await frame.locator('#gallery-full p').textContent()) ?? '', /beta\.w=400, alpha\.w=100 · J /);
      await frame.locator('#gallery-full').click();
      await frame.locator('#gallery-full').waitFor({ state: 'hidden' });
      const before = (await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text()))!;
      await frame.locator('.gallery-cell[data-index="3"] .gallery-apply').click();
      await waitFor(async () => (await frame.evaluate(() => [(globalThis as unknown as TestHooksGlobal).stylegraphTest.getParam('beta', 'w'), (globalThis as unknown as TestHooksGlobal).stylegraphTest.getParam('alpha', 'w')])).join() === '400,100', 10_000, 'the values applied');
      await dirtyTab(page).waitFor({ timeout: 10_000 });
      await page.locator('.tabs-container .tab.active').click();
      await page.keyboard.press('Control+Z');
      await frame.waitForFunction((text) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text() === text, before, { timeout: 10_000 });
      await historyCount(frame, 2);
    });
  } finally {
    writeFileSync(join(e2e.workbench.runDir, 'experiments.log'), window.logs.join('\n'));
    await window.close();
  }
});
