/**
 * End-to-end: the packaged extension as a user meets it in VS Code 1.100 (code-server): its page
 * in the Extensions view (icon, README with its pictures read from inside the installed .vsix)
 * and its Get Started walkthrough, whose first button makes a new graph. The harness packages the
 * .vsix and installs it; the windows here load the installed copy alone.
 * Screenshots: test-output/extension-page.png and test-output/walkthrough.png.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { editorFrame, OUTPUT, runCommand, useWorkbench, waitFor } from './harness';
import { PNG } from 'pngjs';
import { REPO, SEED_GRAPH } from '../helpers/paths';
import { parseGraph } from '../../src/core/graph/parse';
import { useTestWeights } from './workspace';
import type { TestHooksGlobal } from '../../webview/test-hooks-api';

const e2e = useWorkbench();
const { skip } = e2e;

/** What the README's <img> elements report inside the extension page's webview. */
interface ImageState {
  readonly src: string;
  readonly alt: string;
  readonly loaded: boolean;
  readonly width: number;
}

interface PageGlobals {
  readonly document: { querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null; readonly complete: boolean; readonly naturalWidth: number; readonly alt: string }> };
}

/** The webview frame whose document's first heading is `heading` (the extension page's README, a walkthrough step's markdown). */
async function frameWithHeading(page: Page, heading: string): Promise<Frame> {
  let found: Frame | undefined;
  await waitFor(async () => {
    for (const frame of page.frames()) {
      const first = await frame.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('h1')?.textContent ?? '').catch(() => '');
      if (first.trim() === heading) {
        found = frame;
        return true;
      }
    }
    return false;
  }, 60_000, `a webview headed "${heading}"`);
  return found!;
}

test('the Extensions view shows the installed extension\'s page: name, icon, and the README with every picture loaded from the .vsix', { skip: skip !== undefined, timeout: 240_000 }, async () => {
  const ws = join(e2e.workbench.runDir, 'ws-page');
  mkdirSync(ws, { recursive: true });
  const window = await e2e.workbench.open(ws, { installed: true });
  const { page } = window;
  try {
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    await runCommand(page, 'View: Show Extensions');
    const item = page.locator('.extensions-viewlet .extension-list-item', { hasText: 'Style Graph' }).first();
    await item.waitFor({ timeout: 60_000 });
    await item.click();
    const editor = page.locator('.extension-editor');
    await editor.waitFor({ timeout: 30_000 });
    assert.equal((await editor.locator('.header .name').first().textContent())?.trim(), 'Style Graph');
    // The icon: media/icon.png from the installed folder, decoded at 128x128.
    const icon = editor.locator('.header .icon-container img.icon');
    await waitFor(async () => (await icon.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0).catch(() => false)), 30_000, 'the extension icon');
    assert.equal(await icon.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), 128);
    const iconSrc = decodeURIComponent((await icon.getAttribute('src')) ?? '');
    assert.match(iconSrc, /stylegraph\.stylegraph-[^/]+\/media\/icon\.png/, iconSrc);

    // The README's pictures: VS Code shows a relative image of an installed .vsix broken, so the
    // packaged README carries each as a data: URI of the file (scripts/package-vsix.js).
    const readme = await frameWithHeading(page, 'stylegraph');
    const expected = [...readFileSync(join(REPO, 'README.md'), 'utf8').matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ alt: m[1]!, rel: m[2]! }));
    assert.ok(expected.length >= 3, `the README's pictures: ${JSON.stringify(expected)}`);
    let images: ImageState[] = [];
    await waitFor(async () => {
      images = await readme.evaluate(() => Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('img')).map((img) => ({
        src: (img.getAttribute('src') ?? '').slice(0, 40), alt: img.alt, loaded: img.complete && img.naturalWidth > 0, width: img.naturalWidth,
      })));
      return images.length >= expected.length && images.every((i) => i.loaded);
    }, 30_000, 'the README\'s pictures to load').catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(images)}`);
    });
    for (const { alt, rel } of expected) {
      const shown = images.find((i) => i.alt === alt);
      assert.ok(shown?.loaded, `${rel} shows: ${JSON.stringify(images)}`);
      assert.equal(shown.width, PNG.sync.read(readFileSync(join(REPO, rel))).width, rel);
    }
    await readme.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { scrollIntoView(): void } | null } }).document.querySelector('img')?.scrollIntoView());
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'extension-page.png') });
  } finally {
    writeFileSync(join(e2e.workbench.runDir, 'extension-page.log'), window.logs.join('\n'));
    await window.close();
  }
});

test('the Get Started walkthrough opens with its six steps; its first button makes a new graph in the graph editor, and the Add Layer, Sweep, Run and Compare buttons act on it', { skip: skip !== undefined, timeout: 240_000 }, async () => {
  const ws = join(e2e.workbench.runDir, 'ws-walkthrough');
  await useTestWeights(ws);
  const window = await e2e.workbench.open(ws, { installed: true });
  const { page } = window;
  try {
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    await runCommand(page, 'Welcome: Open Walkthrough...');
    const choice = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get Started with Style Graph' }).first();
    await choice.waitFor({ timeout: 30_000 });
    await choice.click();
    const walkthrough = page.locator('.gettingStartedContainer');
    await walkthrough.locator('.category-title', { hasText: 'Get Started with Style Graph' }).first().waitFor({ timeout: 30_000 });
    const steps = walkthrough.locator('.getting-started-step .step-title');
    await waitFor(async () => (await steps.count()) === 6, 15_000, 'six steps');
    assert.deepEqual((await steps.allTextContents()).map((t) => t.trim()), ['Make a new graph', 'Set or download the VGG-19 weights', 'Run the graph', 'Add a style layer', 'Sweep a weight', 'Compare two runs']);
    await frameWithHeading(page, 'A new graph'); // the first step's page (media/walkthrough/new-graph.md)
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'walkthrough.png') });

    const button = walkthrough.locator('.getting-started-step.expanded .monaco-button', { hasText: 'New Graph' });
    await button.click();
    const frame = await editorFrame(page);
    assert.equal(readFileSync(join(ws, 'style.stylegraph.json'), 'utf8'), readFileSync(SEED_GRAPH, 'utf8'));
    assert.ok(existsSync(join(ws, 'samples', 'chelsea.png')));
    assert.equal(await frame.locator('#node-status li[data-error="true"]').count(), 0);

    // The other steps' buttons run their commands on that graph, brought to the front from the walkthrough.
    const walkthroughTab = page.locator('.tabs-container .tab', { hasText: 'Walkthrough' });
    const pressStep = async (title: string, button: string) => {
      await walkthroughTab.click();
      await walkthrough.locator('.getting-started-step .step-title', { hasText: title }).click();
      await walkthrough.locator('.getting-started-step.expanded .monaco-button', { hasText: button }).click();
    };
    await pressStep('Add a style layer', 'Add Layer');
    const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Style layer at conv3_2' }).first();
    await pick.waitFor({ timeout: 15_000 });
    await pick.click();
    await frame.waitForFunction(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text()?.includes('"layer": "conv3_2"') === true, undefined, { timeout: 15_000 });
    assert.ok((await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.nodeIds())).length > parseGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!.nodes.length);
    await page.locator('.tabs-container .tab.active.dirty', { hasText: 'style.stylegraph.json' }).waitFor({ timeout: 10_000 });

    await pressStep('Sweep a weight', 'Sweep a Weight');
    await frame.locator('#sweep-dialog:not([hidden])').waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('#sweep-dialog .sweep-keys').inputValue(), 'alpha.w');
    assert.equal(await frame.locator('#sweep-dialog .sweep-values').inputValue(), '1,10,100');
    await frame.locator('#sweep-cancel').click();

    await pressStep('Compare two runs', 'Compare the Last Two Runs');
    await frame.locator('#message:not([hidden])', { hasText: 'Compare needs two runs' }).waitFor({ timeout: 15_000 });

    // Two short runs (the Run step's button, then the toolbar), then Compare shows both.
    assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('adam', 'iterations', 2)), true);
    await frame.locator('#run-size').selectOption('64x64');
    await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
    await pressStep('Run the graph', 'Run');
    await frame.locator('#history[data-runs="1"]').waitFor({ state: 'attached', timeout: 120_000 });
    await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
    await frame.locator('#run').click();
    await frame.locator('#history[data-runs="2"]').waitFor({ state: 'attached', timeout: 120_000 });
    assert.equal(await frame.locator('#run-status').getAttribute('data-state'), 'done');
    await pressStep('Compare two runs', 'Compare the Last Two Runs');
    await frame.locator('#compare:not([hidden])').waitFor({ timeout: 20_000 });
    assert.equal(await frame.locator('#compare figure img').count(), 2);
    assert.equal(await frame.locator('#history .run-pick:checked').count(), 2);
  } finally {
    writeFileSync(join(e2e.workbench.runDir, 'walkthrough.log'), window.logs.join('\n'));
    await window.close();
  }
});
