/**
 * End-to-end, issue 19 (items 1, 2, 5, 6, 7): every graph opens framed and keeps its view per
 * document across reopen and Reload Window; at Fit each node shows what tells it apart (ids
 * shortened from the left, layers and key values), in dark and light themes; Arrange (dagre) is
 * one undoable edit with no overlapping nodes, new nodes land off the others, the toolbar wraps
 * without changing height for a run's words, the side panel collapses; Add term… adds a TV term,
 * a blended second style and a masked region in at most 3 actions each; Restore gives back the
 * graph as it was, and the size a run ran at is applied on its own.
 * One workbench for the file; skips like workbench.test.ts when the tools are missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { editorFrame, OUTPUT, quickOpen, runCommand, useWorkbench, waitFor } from './harness';
import { useTestWeights } from './workspace';
import { parseGraph } from '../../src/core/graph/parse';
import { writeCanonical } from '../../src/core/graph/canonical';
import { nodeKeyLines } from '../../src/core/graph/node-labels';
import { boxesOverlap } from '../../src/core/graph/free-space';
import type { Graph } from '../../src/core/graph/types';
import type { TestHooksGlobal } from '../../webview/test-hooks-api';
import { EXAMPLES, SEED_GRAPH } from '../helpers/paths';

const e2e = useWorkbench();
const { skip } = e2e;

interface PageDocument {
  readonly document: {
    querySelector(selector: string): { getBoundingClientRect(): { width: number; height: number; x: number; right: number; bottom: number } } | null;
    querySelectorAll(selector: string): ArrayLike<{ getBoundingClientRect(): { x: number; right: number; width: number } }>;
    readonly body: { readonly classList: { contains(c: string): boolean } };
  };
  readonly innerWidth: number;
}
const hooks = (frame: Frame) => ({
  text: () => frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text()),
  graph: async (): Promise<Graph> => parseGraph((await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text()))!).graph!,
  viewport: () => frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.viewport()),
  boxes: () => frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.nodeBoxes()),
  lowZoom: (ids: string[]) => frame.evaluate((list) => list.map((id) => [id, (globalThis as unknown as TestHooksGlobal).stylegraphTest.lowZoom(id)] as const), ids),
});

/** Whether every node is drawn inside the canvas element (the graph is framed), and the zoom is below 100%. */
function framed(frame: Frame, timeout = 30_000): Promise<unknown> {
  return frame.waitForFunction(() => {
    const t = (globalThis as unknown as TestHooksGlobal).stylegraphTest;
    const canvas = (globalThis as unknown as PageDocument).document.querySelector('#graph-canvas');
    if (!canvas) return false;
    const { width, height } = canvas.getBoundingClientRect();
    if (width < 100 || height < 100) return false;
    return t.nodeIds().every((id) => {
      const r = t.nodeRect(id);
      return r !== undefined && r[0] >= 0 && r[1] >= 0 && r[0] + r[2] <= width + 1 && r[1] + r[3] <= height + 1;
    });
  }, undefined, { timeout });
}

/** Waits until the view the canvas shows now has been sent to the host. */
function viewSent(frame: Frame): Promise<unknown> {
  return frame.waitForFunction(() => {
    const t = (globalThis as unknown as TestHooksGlobal).stylegraphTest;
    const box = (globalThis as unknown as { document: { querySelector(s: string): { dataset: Record<string, string | undefined> } | null } }).document.querySelector('#canvas-box');
    const sent = box?.dataset.viewSent;
    if (!sent) return false;
    const v = JSON.parse(sent) as { scale: number; offset: [number, number] };
    const now = t.viewport();
    return Math.abs(v.scale - now.scale) < 1e-9 && Math.abs(v.offset[0] - now.offset[0]) < 1e-6 && Math.abs(v.offset[1] - now.offset[1]) < 1e-6;
  }, undefined, { timeout: 10_000 });
}

/** Closes every editor, not saving (a subtest that failed may leave a changed document). */
async function closeEditor(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Don\'t Save' });
  await waitFor(async () => {
    if (await dontSave.isVisible().catch(() => false)) await dontSave.click().catch(() => undefined);
    return (await page.locator('.tabs-container .tab').count()) === 0;
  }, 15_000, 'every editor closed');
}

async function openGraph(page: Page, name: string): Promise<Frame> {
  await quickOpen(page, name);
  return editorFrame(page);
}

const pairsOverlapping = (boxes: [string, number, number, number, number][]) => {
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, ax, ay, aw, ah] = boxes[i]!;
      const [b, bx, by, bw, bh] = boxes[j]!;
      if (boxesOverlap([ax, ay, aw, ah], [bx, by, bw, bh])) found.push(`${a}/${b}`);
    }
  }
  return found;
};

test('issue 19 in the workbench: framed views kept per document, readable at Fit, Arrange and layout, Add term…, Restore', { skip: skip !== undefined, timeout: 900_000 }, async (t) => {
  const ws = join(e2e.workbench.runDir, 'ws-readable');
  mkdirSync(ws, { recursive: true });
  cpSync(join(EXAMPLES, 'samples'), join(ws, 'samples'), { recursive: true });
  const names = ['seed', 'two-regions', 'portrait-identity'];
  for (const name of names) writeFileSync(join(ws, `${name}.stylegraph.json`), readFileSync(join(EXAMPLES, `${name}.stylegraph.json`), 'utf8'));
  const seedText = writeCanonical(parseGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!);
  writeFileSync(join(ws, 'terms.stylegraph.json'), seedText);
  writeFileSync(join(ws, 'restore.stylegraph.json'), seedText);
  // Every node on one spot: what Arrange is for.
  const seed = parseGraph(seedText).graph!;
  const piled = writeCanonical({ ...seed, nodes: seed.nodes.map((n, i) => ({ ...n, ui: { pos: [40 * (i % 3), 30 * (i % 4)] as [number, number] } })) });
  writeFileSync(join(ws, 'piled.stylegraph.json'), piled);
  const weights = await useTestWeights(ws);
  const settings = (theme?: string) => writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'stylegraph.weightsPath': weights, ...(theme && { 'workbench.colorTheme': theme }) }, null, 2));
  const window = await e2e.workbench.open(ws);
  const { page } = window;
  const shot = (name: string) => page.screenshot({ path: join(OUTPUT, name) });
  try {
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    await runCommand(page, 'View: Close Primary Side Bar');
    await page.setViewportSize({ width: 1400, height: 900 });

    await closeEditor(page);
    await t.test('1: every way a graph opens is framed; the view is kept per document across reopen and Reload Window', async () => {
      let frame = await openGraph(page, 'seed.stylegraph.json');
      await framed(frame);
      const first = await hooks(frame).viewport();
      assert.ok(first.scale < 1, `the seed does not fit at 100%: framed at ${first.scale}`);
      // Zoom in over the canvas: a view of the user's, sent to the host.
      const box = (await frame.locator('#graph-canvas').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -400);
      await frame.waitForFunction((s) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.viewport().scale > s * 1.05, first.scale, { timeout: 10_000 });
      await viewSent(frame);
      const left = await hooks(frame).viewport();
      await closeEditor(page);
      frame = await openGraph(page, 'seed.stylegraph.json');
      await frame.waitForFunction((v) => {
        const now = (globalThis as unknown as TestHooksGlobal).stylegraphTest.viewport();
        return Math.abs(now.scale - v.scale) < 1e-6 && Math.abs(now.offset[0] - v.offset[0]) < 1 && Math.abs(now.offset[1] - v.offset[1]) < 1;
      }, left, { timeout: 20_000 });
      // Another document is framed on its own, not shown at the seed's view.
      await closeEditor(page);
      frame = await openGraph(page, 'two-regions.stylegraph.json');
      await framed(frame);
      await viewSent(frame);
      // Reload Window: the open graph comes back framed.
      // The page's own load event: the workbench found right after the command may still be the old one.
      const reloaded = page.waitForEvent('load', { timeout: 60_000 });
      await runCommand(page, 'Developer: Reload Window');
      await reloaded;
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      frame = await editorFrame(page);
      await framed(frame, 60_000);
      await closeEditor(page);
      // New Graph: framed.
      await runCommand(page, 'Style Graph: New Graph');
      frame = await editorFrame(page);
      await framed(frame);
      await shot('issue19-new-graph-framed.png');
      await closeEditor(page);
    });

    await t.test('2: at Fit each node shows its id shortened from the left and its key lines (layer, value), dark and light', async () => {
      await closeEditor(page);
      const check = async (name: string, theme: string) => {
        const frame = await openGraph(page, `${name}.stylegraph.json`);
        await frame.locator('#fit-view').click();
        const { scale } = await hooks(frame).viewport();
        assert.ok(scale < 0.6, `${name} at Fit is below the zoom where widgets are drawn (${scale})`);
        const graph = parseGraph(readFileSync(join(ws, `${name}.stylegraph.json`), 'utf8')).graph!;
        const expected = nodeKeyLines(graph);
        const shown = new Map(await hooks(frame).lowZoom(graph.nodes.map((n) => n.id)));
        for (const node of graph.nodes) {
          const s = shown.get(node.id);
          assert.ok(s, `${name}: ${node.id} drawn zoomed out`);
          assert.ok(s.title === node.id || (s.title.startsWith('…') && node.id.endsWith(s.title.slice(1))), `${name}: ${node.id}'s title is its id shortened from the left, not cut: ${s.title}`);
          const want = expected.get(node.id)!;
          if (want.length > 0) assert.ok(s.lines.length > 0 && want[0]!.startsWith(s.lines[0]!.replace(/…$/, '')), `${name}: ${node.id} shows ${JSON.stringify(want[0])}: ${JSON.stringify(s.lines)}`);
        }
        if (name === 'seed') {
          const rows = ['1_1', '2_1', '3_1', '4_1', '5_1'].map((l) => shown.get(`gram_style_conv${l}`)!);
          assert.equal(new Set(rows.map((r) => `${r.title}|${r.lines.join()}`)).size, 5, `the five style rows look different: ${JSON.stringify(rows)}`);
          assert.equal(shown.get('w_style_conv1_1')!.lines[0], 'w 0.2', 'a weight shows its value first');
          assert.equal(shown.get('style_conv1_1')!.lines[0], 'conv1_1', 'a VGG-19 node its layer');
        }
        await shot(`issue19-fit-${name}-${theme}.png`);
        await closeEditor(page);
      };
      for (const name of names) await check(name, 'dark');
      settings('Default Light Modern');
      const frame = await openGraph(page, 'seed.stylegraph.json');
      await frame.waitForFunction(() => (globalThis as unknown as PageDocument).document.body.classList.contains('vscode-light'), undefined, { timeout: 30_000 });
      await closeEditor(page);
      for (const name of names) await check(name, 'light');
      settings();
    });

    await t.test('6: Arrange lays the graph out with no overlapping nodes as one edit (one Undo); new nodes land off others; toolbar; side panel', async () => {
      await closeEditor(page);
      const frame = await openGraph(page, 'piled.stylegraph.json');
      const h = hooks(frame);
      assert.ok(pairsOverlapping(await h.boxes()).length > 10);
      await frame.locator('#arrange').click();
      await frame.waitForFunction((before) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text() !== before, piled, { timeout: 10_000 });
      assert.deepEqual(pairsOverlapping(await h.boxes()), [], 'no two nodes overlap at the canvas\'s own sizes');
      await framed(frame);
      await shot('issue19-arranged.png');
      // One Undo brings the piled layout back.
      await page.locator('.tabs-container .tab.active').click();
      await page.keyboard.press('Control+Z');
      await frame.waitForFunction((before) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text() === before, piled, { timeout: 10_000 });
      await page.keyboard.press('Control+Y');
      await frame.waitForFunction((before) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text() !== before, piled, { timeout: 10_000 });
      // Paste a node with the pointer on another node: the copy is moved off it (and off every other).
      await frame.locator('#fit-view').click();
      const origin = (await frame.locator('#graph-canvas').boundingBox())!;
      const title = async (id: string) => {
        const r = (await frame.evaluate((i) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.nodeRect(i), id))!;
        return [origin.x + r[0] + r[2] / 2, origin.y + r[1] + 4] as const;
      };
      const [bx, by] = await title('beta');
      await page.mouse.click(bx, by);
      await frame.waitForFunction(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.selectedNodeIds().join() === 'beta', undefined, { timeout: 10_000 });
      await page.keyboard.press('Control+C');
      const [ax, ay] = await title('alpha');
      await page.mouse.move(ax, ay + 6);
      await page.keyboard.press('Control+V');
      await frame.waitForFunction(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text()?.includes('"weight_1"') === true, undefined, { timeout: 10_000 });
      // The canvas holds the pasted node at once; the document's next sync (on the key's release) moves it off the others.
      await waitFor(async () => pairsOverlapping(await h.boxes()).length === 0, 10_000, 'the pasted node moved off the others').catch(async (e: Error) => {
        assert.fail(`${e.message}: ${JSON.stringify(pairsOverlapping(await h.boxes()))}`);
      });
      // The toolbar: a narrow editor wraps it (every control on screen); a run's words never change its height.
      await page.setViewportSize({ width: 648, height: 900 });
      await frame.waitForFunction(() => (globalThis as unknown as PageDocument).innerWidth < 700, undefined, { timeout: 10_000 });
      const offScreen = await frame.evaluate(() => {
        const d = (globalThis as unknown as PageDocument);
        return Array.from(d.document.querySelectorAll('#toolbar button, #toolbar select, #toolbar #run-status, #toolbar progress, #toolbar #progress-text, #toolbar #backend'))
          .filter((e) => e.getBoundingClientRect().right > d.innerWidth + 1 || e.getBoundingClientRect().x < 0).length;
      });
      assert.equal(offScreen, 0, 'every toolbar control is on screen at 600 px');
      const height = () => frame.evaluate(() => (globalThis as unknown as PageDocument).document.querySelector('#toolbar')!.getBoundingClientRect().height);
      const narrow = await height();
      await frame.evaluate(() => {
        const d = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document;
        d.querySelector('#run-status')!.textContent = 'loading weights, images and targets for a long while';
        d.querySelector('#progress-text')!.textContent = '123 / 200 · 12.3 s · 10.0 it/s';
        d.querySelector('#backend')!.textContent = 'host · onnx (2 threads)';
      });
      assert.equal(await height(), narrow, 'a run\'s words do not change the toolbar\'s height');
      await shot('issue19-toolbar-600.png');
      await page.setViewportSize({ width: 1400, height: 900 });
      await frame.waitForFunction(() => (globalThis as unknown as PageDocument).innerWidth > 1200, undefined, { timeout: 10_000 });
      const wide = await height();
      assert.ok(wide < narrow, `fewer rows when wide: ${wide} < ${narrow}`);
      await frame.evaluate(() => {
        const d = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document;
        d.querySelector('#run-status')!.textContent = 'idle';
        d.querySelector('#progress-text')!.textContent = '';
      });
      assert.equal(await height(), wide, 'nor when wide');
      // The side panel collapses and comes back.
      const canvasWidth = () => frame.evaluate(() => (globalThis as unknown as PageDocument).document.querySelector('#graph-canvas')!.getBoundingClientRect().width);
      const withSide = await canvasWidth();
      await frame.locator('#toggle-side').click();
      await frame.locator('#side').waitFor({ state: 'hidden', timeout: 5000 });
      assert.ok((await canvasWidth()) > withSide + 150);
      await shot('issue19-side-collapsed.png');
      await frame.locator('#toggle-side').click();
      await frame.locator('#side').waitFor({ state: 'visible', timeout: 5000 });
      await runCommand(page, 'File: Revert File');
      await closeEditor(page);
    });

    await t.test('7: Add term…: a TV term (2 actions) and a blended second style (3 actions) from New Graph\'s seed; a masked region (3)', async () => {
      await closeEditor(page);
      const frame = await openGraph(page, 'terms.stylegraph.json');
      let actions = 0;
      // TV: open the picker, choose (selectOption is both).
      await frame.locator('#add-term').selectOption('tv');
      actions += 2;
      await frame.waitForFunction(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text()?.includes('"j_tv"') === true, undefined, { timeout: 10_000 });
      let g = await hooks(frame).graph();
      const edge = (from: string, to: string) => g.edges.some((e) => e.from === from && e.to === to);
      assert.ok(edge('generated.image', 'j_tv.image') && edge('j_tv.loss', 'w_tv.value') && edge('w_tv.value', 'j_total.terms'));
      // Blend: open the picker, choose, pick the file in the dialog.
      await frame.locator('#add-term').selectOption('blend');
      actions += 2;
      await pickFile(page, join(ws, 'samples', 'brick.png'));
      actions += 1;
      await frame.waitForFunction(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text()?.includes('"blend_conv1_1"') === true, undefined, { timeout: 15_000 }).catch(async (e: Error) => {
        await shot('issue19-add-term-blend-missing.png');
        throw new Error(`${e.message}; the banner says: ${(await frame.locator('#message').textContent()) ?? ''}`);
      });
      g = await hooks(frame).graph();
      assert.ok(g.nodes.some((n) => n.type === 'image.load' && n.params.path === 'samples/brick.png'), 'the picked file, relative to the graph');
      assert.ok(edge('blend_conv3_1.gram', 'j_style_conv3_1.style'));
      await frame.locator('#problems').waitFor({ state: 'hidden', timeout: 10_000 });
      assert.equal(await frame.locator('#node-status li[data-error="true"]').count(), 0);
      assert.ok(actions <= 8, `TV term plus a blended second style took ${actions} actions`);
      console.log(`issue 19 action count: TV term + blended second style = ${actions} actions`);
      await frame.locator('#fit-view').click();
      await shot('issue19-add-term.png');
      // A masked region from a style term's node menu would be the same; from the toolbar here.
      await frame.locator('#add-term').selectOption('mask');
      await pickFile(page, join(ws, 'samples', 'two-regions-mask.png'));
      const masked = await frame.waitForFunction(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text()?.includes('"samples/two-regions-mask.png"') === true, undefined, { timeout: 15_000 }).then(() => true, () => false);
      assert.ok(masked, `a masked region was added (message: ${JSON.stringify(await frame.locator('#message').textContent())})`);
      await frame.locator('#problems').waitFor({ state: 'hidden', timeout: 10_000 });
      assert.deepEqual(pairsOverlapping(await hooks(frame).boxes()), []);
      await runCommand(page, 'File: Revert File');
      await closeEditor(page);
    });

    await t.test('5: Restore gives back the graph as it was (not the run size); the run\'s size is shown and applied on its own', async () => {
      await closeEditor(page);
      const frame = await openGraph(page, 'restore.stylegraph.json');
      await frame.locator('#run-size').selectOption('64x64');
      await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
      // A short run: 2 iterations.
      await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('adam', 'iterations', 2));
      await runCommand(page, 'File: Save');
      await frame.locator('#run:not([disabled])').click();
      await frame.locator('#history .run').first().waitFor({ timeout: 180_000 });
      const saved = (await hooks(frame).text())!;
      // Change the graph, then Restore: the document is the graph as it ran, its images at 400x300, not 64x64.
      await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('beta', 'w', 7));
      await frame.waitForFunction((s) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text() !== s, saved, { timeout: 10_000 });
      await frame.locator('#history .run').first().locator('.run-restore').click();
      await frame.waitForFunction((s) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text() === s, saved, { timeout: 15_000 });
      const g = await hooks(frame).graph();
      assert.ok(g.nodes.filter((n) => n.params.width !== undefined).every((n) => n.params.width !== 64), 'no image was rewritten to the run size');
      // The size it ran at is shown on its row; a click makes it the toolbar's run size.
      await frame.locator('#run-size').selectOption('');
      const sizeButton = frame.locator('#history .run').first().locator('.run-size-apply');
      assert.equal((await sizeButton.textContent())?.trim(), '64x64');
      await sizeButton.click();
      assert.equal(await frame.locator('#run-size').inputValue(), '64x64');
      await shot('issue19-restore.png');
      await runCommand(page, 'File: Revert File');
      await closeEditor(page);
    });
  } finally {
    await window.close();
  }
});

/**
 * Types `path` into code-server's file dialog once it has listed its folder: a path typed before
 * that is replaced by the folder the dialog opens on (seen under load).
 */
async function pickFile(page: Page, path: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 15_000 });
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout: 15_000 });
  await input.fill(path);
  await waitFor(async () => (await input.inputValue()) === path, 10_000, `the dialog to hold ${path}`);
  // The dialog lists the typed path's folder and then the file, as a user sees before accepting: an
  // accept while it is still reading the folder is dropped (VS Code's simple file dialog).
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: basename(path) }).first().waitFor({ timeout: 15_000 });
  // Its button, as a user clicks it (Enter right after typing may come while the dialog still checks the path, and is then dropped).
  await page.locator('.quick-input-widget .monaco-button', { hasText: 'Use Image' }).click();
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
}
