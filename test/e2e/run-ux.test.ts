/**
 * End-to-end, in the real workbench (code-server + Chromium with SwiftShader WebGPU): the layer
 * picker and the node menu's layer edits (issue 8 items 9, 10), weights on Run (13), the backend
 * choice and time to the first preview (14), the run size (15), the Run/Stop keys (16) and Save
 * Image's dialog (17). One workbench for all; tiny runs (32x32 or 64x64, 3 iterations). Timings
 * of the editor's path with full-width weights are in `npm run bench -- --editor`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { Frame, Page } from 'playwright-core';
import { documentText, editorFrame, hostRoundTrip, menuEntry, mouseAt, OUTPUT, quickOpen, rightClickNode, runCommand, runToEnd, undoTo, useWorkbench, waitFor } from './harness';
import { makeWorkspace } from './workspace';
import type { TestHooksGlobal } from '../../webview/test-hooks-api';

const e2e = useWorkbench();
const { skip } = e2e;

/** The document of the webview as page-side predicates see it (functions, not strings: the CSP refuses eval). */
interface PageGlobals {
  readonly document: { querySelector(selector: string): { getAttribute(name: string): string | null; hidden?: boolean } | null };
}

const dirtyTab = (page: Page) => page.locator('.tabs-container .tab.active.dirty');

/** No two litegraph node boxes overlap (litegraph's own sizes, title bars included). */
async function assertNoOverlap(frame: Frame, ids: readonly string[]): Promise<void> {
  const boxes = await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.nodeBoxes());
  for (const id of ids) {
    const [, x, y, w, h] = boxes.find((b) => b[0] === id)!;
    for (const [other, x2, y2, w2, h2] of boxes) {
      if (other !== id) assert.ok(x >= x2 + w2 || x2 >= x + w || y >= y2 + h2 || y2 >= y + h, `${id} overlaps ${other}`);
    }
  }
}

test('run UX in the workbench: weights on Run, layer edits in a few actions, run size, backends, keys, Save Image dialog', { skip: skip !== undefined, timeout: 900_000 }, async (t) => {
  const ws = join(e2e.workbench.runDir, 'ws-run-ux');
  mkdirSync(ws, { recursive: true });
  const { small, weights } = await makeWorkspace(ws, { iterations: 3 });
  const smallText = readFileSync(small, 'utf8');
  const settings = join(ws, '.vscode', 'settings.json');
  const missing = join(ws, 'no-weights-here.h5');
  writeFileSync(settings, JSON.stringify({ 'stylegraph.weightsPath': missing }, null, 2));
  const window = await e2e.workbench.open(ws, { webgpu: true });
  const { page } = window;
  mkdirSync(OUTPUT, { recursive: true });
  try {
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });

    await t.test('13: opening a graph resolves no weights (no banner, no notification); Run says what is missing; fixing the setting clears the banner without a Run', async () => {
      await quickOpen(page, 'small.stylegraph.json');
      const frame = await editorFrame(page);
      await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
      await hostRoundTrip(frame); // the host has taken the page's first messages and answered after them
      assert.equal(await frame.locator('#message').isHidden(), true, `no banner on open: ${await frame.locator('#message').textContent()}`);
      assert.equal(await page.locator('.notifications-toasts .notification-toast').count(), 0, 'no notification on open');
      await frame.locator('#run').click();
      await frame.locator('#message:not([hidden])').waitFor({ timeout: 30_000 });
      assert.match((await frame.locator('#message').textContent()) ?? '', /stylegraph\.weightsPath.*no-weights-here\.h5|no-weights-here\.h5.*stylegraph\.weightsPath/);
      writeFileSync(settings, JSON.stringify({ 'stylegraph.weightsPath': weights }, null, 2));
      await frame.locator('#message').waitFor({ state: 'hidden', timeout: 30_000 });
      await page.screenshot({ path: join(OUTPUT, 'run-ux-weights-cleared.png') });
      await runCommand(page, 'Notifications: Clear All Notifications');
    });

    await t.test('13: the Settings editor shows stylegraph.weightsPath on the User tab; an empty weightsUrl is not "URI expected"', async () => {
      await runCommand(page, 'Preferences: Open User Settings');
      const search = page.locator('.settings-editor .suggest-input-container');
      await search.waitFor({ timeout: 30_000 });
      await search.click();
      await page.keyboard.type('stylegraph.weights');
      const item = page.locator('.settings-editor .setting-item-contents', { has: page.locator('.setting-item-label', { hasText: 'Weights Path' }) });
      await item.first().waitFor({ timeout: 30_000 });
      assert.equal((await page.locator('.settings-editor .settings-tabs-widget .action-label.checked').first().textContent())?.trim(), 'User');
      const url = page.locator('.settings-editor .setting-item-contents', { has: page.locator('.setting-item-label', { hasText: 'Weights Url' }) });
      await url.first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(OUTPUT, 'run-ux-settings-user-tab.png') });
      assert.doesNotMatch((await url.first().textContent()) ?? '', /URI expected/);
      assert.equal(await page.locator('.settings-editor .setting-item-validation-message', { hasText: 'URI expected' }).count(), 0);
      await runCommand(page, 'View: Close Editor');
    });

    await t.test('9: adding a style layer from the toolbar picker is 2 actions (open the picker, pick conv3_2): the whole chain, wired, laid out without overlap; one undo removes it', async () => {
      const frame = await editorFrame(page);
      // Action 1 + 2: open the picker and choose "style conv3_2" (selectOption does both).
      await frame.locator('#add-layer').selectOption('style:conv3_2');
      const fresh = ['style_conv3_2', 'generated_conv3_2', 'gram_style_conv3_2', 'gram_generated_conv3_2', 'j_style_conv3_2', 'w_style_conv3_2'];
      await frame.waitForFunction((ids) => ids.every((id) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.nodeIds().includes(id)), fresh, { timeout: 10_000 });
      await dirtyTab(page).waitFor({ timeout: 10_000 });
      console.log('  actions to add a style layer: 2 (toolbar picker), 3 (right-click a style loss, "Add style layer…", the layer)');
      const text = (await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text()))!;
      for (const edge of ['"from": "w_style_conv3_2.value"', '"to": "j_style.terms"', '"from": "style.image"', '"to": "style_conv3_2.image"']) assert.ok(text.includes(edge), edge);
      assert.equal(await frame.locator('#node-status li[data-error="true"]').count(), 0, 'the graph stays valid');
      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.getParam('generated_conv3_2', 'layer')), 'conv3_2');
      await assertNoOverlap(frame, fresh);
      await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.showNode('j_style_conv3_2'));
      await page.screenshot({ path: join(OUTPUT, 'run-ux-style-layer-added.png') });
      await undoTo(page, frame, smallText, 'tab');
      assert.ok(!(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.nodeIds())).includes('style_conv3_2'));
      await dirtyTab(page).waitFor({ state: 'detached', timeout: 10_000 });
    });

    await t.test('9: right-click a style loss -> "Add style layer…" -> conv4_2 is 3 actions; right-click the new loss -> "Remove layer" is 2 and gives the file back', async () => {
      const frame = await editorFrame(page);
      await rightClickNode(page, frame, 'j_style_conv2_1');
      await menuEntry(page, frame, 'Add style layer…');
      await menuEntry(page, frame, 'conv4_2');
      await frame.waitForFunction(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.nodeIds().includes('j_style_conv4_2'), undefined, { timeout: 10_000 });
      assert.equal(await frame.locator('.litecontextmenu').count(), 0, 'the menu closes once its action is done (it stayed open, and took the next right-click)');
      assert.equal(await frame.locator('#node-status li[data-error="true"]').count(), 0);
      await assertNoOverlap(frame, ['style_conv4_2', 'generated_conv4_2_2', 'gram_style_conv4_2', 'gram_generated_conv4_2', 'j_style_conv4_2', 'w_style_conv4_2']);
      await rightClickNode(page, frame, 'j_style_conv4_2');
      await page.screenshot({ path: join(OUTPUT, 'run-ux-node-menu.png') });
      await menuEntry(page, frame, 'Remove layer');
      await frame.waitForFunction((t0) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text() === t0, smallText, { timeout: 10_000 });
      await runCommand(page, 'File: Save');
      await dirtyTab(page).waitFor({ state: 'detached', timeout: 10_000 });
      assert.equal(readFileSync(small, 'utf8'), smallText);
    });

    await t.test('10: "Change layer…" on the content loss changes both VGG nodes in one edit (3 actions); one undo restores both', async () => {
      const frame = await editorFrame(page);
      await rightClickNode(page, frame, 'j_content');
      await menuEntry(page, frame, 'Change layer…');
      await menuEntry(page, frame, 'conv5_2');
      const layers = () => frame.evaluate(() => [(globalThis as unknown as TestHooksGlobal).stylegraphTest.getParam('content_conv4_2', 'layer'), (globalThis as unknown as TestHooksGlobal).stylegraphTest.getParam('generated_conv4_2', 'layer')]);
      await waitFor(async () => (await layers()).join() === 'conv5_2,conv5_2', 10_000, 'both layers changed');
      assert.equal(await frame.locator('#node-status li[data-error="true"]').count(), 0);
      await undoTo(page, frame, smallText, 'tab');
      assert.deepEqual(await layers(), ['conv4_2', 'conv4_2']);
      await runCommand(page, 'File: Save');
    });

    await t.test('14, 15: auto runs on the host engine\'s onnx backend, the whole iteration native; the run size 64x64 runs the 32x32 graph at 64x64 without touching the file', async () => {
      const frame = await editorFrame(page);
      assert.equal(await frame.locator('#backend-choice').inputValue(), 'auto');
      await frame.locator('#run-size').selectOption('64x64');
      const ms = await runToEnd(frame);
      assert.equal(await frame.locator('#backend').getAttribute('data-backend'), 'onnx');
      assert.equal(await frame.locator('#backend').getAttribute('data-engine'), 'host');
      assert.equal(await frame.locator('#backend').getAttribute('data-native-loop'), 'true');
      assert.equal(await frame.locator('#backend').getAttribute('title'), 'iterations: the whole iteration on onnxruntime', 'the label\'s tooltip says where the iterations ran');
      const preview = frame.locator('#preview');
      assert.deepEqual([await preview.getAttribute('width'), await preview.getAttribute('height')], ['64', '64']);
      assert.ok(await preview.isVisible() && await frame.locator('#loss-chart').isVisible() && !(await frame.locator('#evaluation-hint').isVisible()), 'a style graph shows its image and losses, not the evaluation hint');
      assert.equal(await dirtyTab(page).count(), 0, `the file is not edited: ${await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text()) === smallText}`);
      assert.equal(readFileSync(small, 'utf8'), smallText);
      const backend = frame.locator('#backend');
      console.log(`  Run -> first preview at 64x64 in the editor, host engine (${await backend.textContent()}, weights preloaded when the editor opened), narrow weights: ${ms} ms`);
      await page.screenshot({ path: join(OUTPUT, 'run-ux-after-run-64.png') });
    });

    await t.test('16: Ctrl+Enter runs and Escape stops when the graph editor has focus', async () => {
      const frame = await editorFrame(page);
      await frame.locator('#run-size').selectOption('');
      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('adam', 'iterations', 2000)), true);
      await mouseAt(page, frame.locator('#graph-canvas'), 5, 5);
      await page.keyboard.press('Control+Enter');
      await frame.locator('#run-status[data-state="running"]').waitFor({ state: 'attached', timeout: 60_000 });
      await frame.waitForFunction(() => Number((globalThis as unknown as PageGlobals).document.querySelector('#progress-text')?.getAttribute('data-iteration')) >= 2, undefined, { timeout: 120_000 });
      await page.keyboard.press('Escape');
      await frame.locator('#run-status[data-state="cancelled"]').waitFor({ state: 'attached', timeout: 20_000 });
      assert.ok(Number(await frame.locator('#progress-text').getAttribute('data-iteration')) < 2000);
      await runCommand(page, 'File: Revert File');
    });

    await t.test('17: Save Image proposes <graph name>.png beside the graph in a dialog; saving again asks before replacing it', async () => {
      const frame = await editorFrame(page);
      const out = join(ws, 'small.png');
      assert.ok(!existsSync(out));
      await frame.locator('#save-image:not([disabled])').click();
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ timeout: 15_000 });
      await waitFor(async () => (await input.inputValue()) === out, 10_000, `the dialog to propose ${out} (it shows ${await input.inputValue()})`);
      await page.screenshot({ path: join(OUTPUT, 'run-ux-save-dialog.png') });
      await input.press('Enter');
      await waitFor(() => existsSync(out), 15_000, 'the saved PNG');
      const png = PNG.sync.read(readFileSync(out));
      assert.equal(png.width, 32);
      const written = statSync(out).mtimeMs;
      await frame.locator('#save-image:not([disabled])').click();
      await input.waitFor({ timeout: 15_000 });
      // The dialog (VS Code's own in a remote window) asks before replacing: accepting the proposed path shows a warning.
      await waitFor(async () => (await input.inputValue()) === out, 10_000, 'the proposed path again');
      await input.press('Enter');
      const warning = page.locator('.quick-input-widget .quick-input-title', { hasText: /already exists/ });
      await warning.waitFor({ timeout: 15_000 }).catch(async (e: unknown) => {
        await page.screenshot({ path: join(OUTPUT, 'run-ux-save-replace-missing.png') });
        throw e;
      });
      assert.match((await warning.textContent()) ?? '', /small\.png already exists/);
      await page.screenshot({ path: join(OUTPUT, 'run-ux-save-replace.png') });
      await page.keyboard.press('Escape');
      await warning.waitFor({ state: 'hidden', timeout: 10_000 });
      await hostRoundTrip(frame);
      assert.equal(statSync(out).mtimeMs, written, 'not replaced');
    });

    await t.test('Ctrl+Z on the canvas undoes one step (after two edits, the first stays)', async () => {
      const frame = await editorFrame(page);
      const start = (await documentText(frame))!;
      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('alpha', 'w', 11)), true);
      await frame.waitForFunction((t) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text() !== t, start, { timeout: 10_000 });
      const first = (await documentText(frame))!;
      await hostRoundTrip(frame);
      await rightClickNode(page, frame, 'j_content');
      await menuEntry(page, frame, 'Change layer…');
      await menuEntry(page, frame, 'conv5_2');
      await frame.waitForFunction(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.getParam('content_conv4_2', 'layer') === 'conv5_2', undefined, { timeout: 10_000 });
      await undoTo(page, frame, first, 'canvas');
      await runCommand(page, 'File: Revert File');
    });

  } finally {
    writeFileSync(join(e2e.workbench.runDir, 'run-ux.log'), window.logs.join('\n'));
    await window.close();
  }
});
