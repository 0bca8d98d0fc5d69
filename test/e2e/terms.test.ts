/**
 * End-to-end, in the real workbench, issue 19's items 3, 4, 8 and 9: a term that reaches no
 * optimizer is a problem and the chart plots J's terms (3); the starting image and early iterations
 * are previewed and Escape stops as fast as Stop (4); bypass from the node menu, greyed, out of J,
 * one undo step (8); widgets refuse input with the range shown, steps follow the value, run sizes
 * and a custom HxW, the one-scale note (9). One workbench; tiny runs (32x32).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { editorFrame, menuEntry, mouseAt, OUTPUT, quickOpen, rightClickNode, runToEnd, undoTo, useWorkbench } from './harness';
import { makeWorkspace } from './workspace';
import type { TestHooksGlobal } from '../../webview/test-hooks-api';

const e2e = useWorkbench();
const { skip } = e2e;

interface PageGlobals {
  readonly document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
}
/** What the page records for the preview test: every iteration #preview showed, in order. */
interface PreviewLog {
  previewLog?: string[];
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: { attributes: boolean; attributeFilter: string[] }): void };
}

const text = (frame: Frame) => frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text());

/** Milliseconds from `act` to the run's state reading cancelled, on a run that has done a few iterations. */
async function stopTime(frame: Frame, act: () => Promise<void>): Promise<number> {
  await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
  await frame.locator('#run').click();
  await frame.waitForFunction(() => Number((globalThis as unknown as PageGlobals).document.querySelector('#progress-text')?.getAttribute('data-iteration')) >= 3, undefined, { timeout: 120_000 });
  const started = Date.now();
  await act();
  await frame.locator('#run-status[data-state="cancelled"]').waitFor({ state: 'attached', timeout: 20_000 });
  return Date.now() - started;
}

test('terms in the workbench: honest J, quick feedback, bypass, inputs that say no', { skip: skip !== undefined, timeout: 900_000 }, async (t) => {
  const ws = join(e2e.workbench.runDir, 'ws-terms');
  mkdirSync(ws, { recursive: true });
  await makeWorkspace(ws, { iterations: 3 });
  const window = await e2e.workbench.open(ws, { webgpu: true });
  const { page } = window;
  mkdirSync(OUTPUT, { recursive: true });
  try {
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    await quickOpen(page, 'small.stylegraph.json');
    const frame = await editorFrame(page);
    await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
    await frame.locator('#backend-choice').selectOption('wasm');

    const only = process.env.STYLEGRAPH_TERMS_ONLY;
    await t.test('3: deleting w_style_conv1_1 leaves j_style_conv1_1 out of J: a problem, Run disabled; the chart plots J\'s terms', { skip: only !== undefined && !only.split(',').includes('3') }, async () => {
      const before = (await text(frame))!;
      await rightClickNode(page, frame, 'w_style_conv1_1');
      await menuEntry(page, frame, 'Remove');
      const problem = frame.locator('#problem-list li[data-code="dangling-term"][data-node-id="j_style_conv1_1"]');
      await problem.waitFor({ state: 'attached', timeout: 15_000 });
      assert.match((await problem.textContent()) ?? '', /j_style_conv1_1.*reaches no optimizer: its term is not in J/);
      assert.equal(await frame.locator('#run').isDisabled(), true, 'Run is disabled');
      await page.screenshot({ path: join(OUTPUT, 'terms-dangling.png') });
      await undoTo(page, frame, before, 'canvas'); // the keyboard on the canvas, where the edit was made
      await frame.locator('#run:not([disabled])').waitFor({ timeout: 15_000 });
      await runToEnd(frame);
      // alpha, beta (J's own terms), j_content and the five style losses, then J: 9 series.
      assert.equal(await frame.locator('#loss-chart').getAttribute('data-series'), '9');
      await page.screenshot({ path: join(OUTPUT, 'terms-chart.png') });
    });

    await t.test('8: Bypass from the node menu: saved as "bypass": true (version 2), greyed, out of J, one undo step', { skip: only !== undefined && !only.split(',').includes('8') }, async () => {
      const before = (await text(frame))!;
      await rightClickNode(page, frame, 'j_content');
      await menuEntry(page, frame, 'Bypass');
      await frame.waitForFunction(() => /"bypass": true/.test((globalThis as unknown as TestHooksGlobal).stylegraphTest.text() ?? ''), undefined, { timeout: 10_000 });
      const after = (await text(frame))!;
      assert.match(after, /"version": 2,/);
      assert.equal(after.split('\n').length, before.split('\n').length + 1, 'one line more');
      assert.equal(await frame.locator('#problem-list li').count(), 0, 'a bypassed term is not dangling, and alpha goes with it');
      await frame.evaluate((id) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.showNode(id), 'j_content');
      await page.screenshot({ path: join(OUTPUT, 'terms-bypassed.png') });
      await runToEnd(frame);
      // beta, the five style losses, J: 7 series (alpha and j_content are not in J).
      assert.equal(await frame.locator('#loss-chart').getAttribute('data-series'), '7');
      await undoTo(page, frame, before, 'tab'); // one undo step
      // Bypass again, then Turn on from the menu: the file is as it was (version 1).
      await rightClickNode(page, frame, 'j_content');
      await menuEntry(page, frame, 'Bypass');
      await frame.waitForFunction(() => /"bypass": true/.test((globalThis as unknown as TestHooksGlobal).stylegraphTest.text() ?? ''), undefined, { timeout: 10_000 });
      await rightClickNode(page, frame, 'j_content');
      await menuEntry(page, frame, 'Turn on (bypassed)');
      await frame.waitForFunction((t) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.text() === t, before, { timeout: 10_000 });
    });

    await t.test('9: widgets refuse input with the range shown; steps follow the value; run sizes and a custom HxW; the one-scale note', { skip: only !== undefined && !only.split(',').includes('9') }, async () => {
      await frame.evaluate(() => {
        const g = globalThis as unknown as PreviewLog & PageGlobals & { messageLog?: string[] };
        g.messageLog = [];
        const m = g.document.querySelector('#message') as unknown as { textContent: string; getAttribute(n: string): string | null };
        new g.MutationObserver(() => g.messageLog!.push(`${m.getAttribute('hidden') === null ? 'shown' : 'hidden'}: ${m.textContent}`)).observe(m, { attributes: true, attributeFilter: ['hidden', 'data-kind'] });
      });
      // Typed "abc" and 0 into adam.iterations (whole numbers 1 to 100000): refused, the value kept.
      for (const typed of ['abc', '0']) {
        await frame.evaluate((id) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.showNode(id), 'adam');
        const [x, y] = (await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.widgetPoint('adam', 'iterations')))!;
        await mouseAt(page, frame.locator('#graph-canvas'), x, y);
        const input = frame.locator('.graphdialog input');
        await input.waitFor({ timeout: 10_000 });
        await input.fill(typed);
        await input.press('Enter');
        await frame.locator('#message:not([hidden])').waitFor({ state: 'attached', timeout: 10_000 }).catch(async (e: unknown) => {
          await page.screenshot({ path: join(OUTPUT, 'terms-refused-missing.png') });
          const state = await frame.evaluate(() => [(globalThis as unknown as TestHooksGlobal).stylegraphTest.getParam('adam', 'iterations'), (globalThis as unknown as PageGlobals).document.querySelector('#message')?.getAttribute('data-kind'), (globalThis as unknown as PageGlobals).document.querySelector('.graphdialog') !== null]);
          const log = await frame.evaluate(() => (globalThis as unknown as { messageLog?: string[] }).messageLog);
          throw new Error(`no refusal shown (iterations, message kind, dialog open: ${JSON.stringify(state)}; #message changes ${JSON.stringify(log)}): ${String(e)}`);
        });
        const message = (await frame.locator('#message').textContent()) ?? '';
        assert.match(message, new RegExp(`node "adam": iterations: "${typed}" is (not a number|refused); enter a whole number from 1 to 100000`), message);
        assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.getParam('adam', 'iterations')), 3, 'kept');
      }
      await page.screenshot({ path: join(OUTPUT, 'terms-refused.png') });
      // alpha.w is 10: its right arrow steps by 1 (a tenth of its order of magnitude), not 0.1.
      await frame.evaluate((id) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.showNode(id), 'alpha');
      const [ax, ay] = (await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.widgetPoint('alpha', 'w')))!;
      const [, , aw] = (await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.nodeRect('alpha')))!;
      await mouseAt(page, frame.locator('#graph-canvas'), ax + aw / 2 - 10, ay);
      await frame.waitForFunction(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.getParam('alpha', 'w') !== 10, undefined, { timeout: 10_000 });
      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.getParam('alpha', 'w')), 11);
      // Run sizes, and a custom one.
      assert.deepEqual(await frame.locator('#run-size option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value)), ['', '64x64', '96x96', '128x128', '256x256', '512x512', 'custom']);
      await frame.locator('#run-size').selectOption('custom');
      const custom = frame.locator('#run-size-custom');
      await custom.waitFor({ timeout: 5000 });
      await custom.fill('48 by 40');
      await custom.press('Enter');
      await frame.locator('#run-size-note[data-kind="error"]:not([hidden])').waitFor({ timeout: 5000 });
      assert.match((await frame.locator('#run-size-note').textContent()) ?? '', /is refused: enter HxW with each side from 1 to 4096/);
      assert.equal(await frame.locator('#run-size').inputValue(), '', 'the size in effect is unchanged');
      await custom.fill('48x40');
      await custom.press('Enter');
      await frame.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelector('#run-size-custom')?.getAttribute('hidden') !== null, undefined, { timeout: 5000 });
      assert.equal(await frame.locator('#run-size').inputValue(), '48x40');
      // minSize 64 at a 48x40 run: one scale, and the toolbar says so.
      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('adam', 'minSize', 64)), true);
      await frame.locator('#run-size-note[data-kind="info"]:not([hidden])').waitFor({ timeout: 5000 });
      assert.match((await frame.locator('#run-size-note').textContent()) ?? '', /one scale: 48x40 is at or below the optimizer's minSize 64/);
      await page.screenshot({ path: join(OUTPUT, 'terms-run-size.png') });
      await frame.locator('#run-size').selectOption('');
    });

    await t.test('4: the starting image at once, then previews on the schedule (1, 2, 4, 8, 16, 20, at most 10 a second); Escape stops as fast as Stop', { skip: only !== undefined && !only.split(',').includes('4') }, async () => {
      // The same editor, its optimizer set as a user sets it: 30 iterations, a preview every 20.
      for (const [name, value] of [['iterations', 30], ['previewEvery', 20], ['minSize', 0]] as const) {
        assert.equal(await frame.evaluate(([n, v]) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('adam', n, v), [name, value] as const), true, name);
      }
      await frame.locator('#run-size').selectOption('');
      await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
      await frame.evaluate(() => {
        const g = globalThis as unknown as PreviewLog & PageGlobals;
        g.previewLog = [];
        const preview = g.document.querySelector('#preview')!;
        new g.MutationObserver(() => g.previewLog!.push(preview.getAttribute('data-iteration') ?? '')).observe(preview, { attributes: true, attributeFilter: ['data-iteration'] });
      });
      await runToEnd(frame);
      const seen = await frame.evaluate(() => (globalThis as unknown as PreviewLog).previewLog!);
      // The engine sends at most one preview per 100 ms (live-events.ts): of the schedule's early
      // ones (1, 2, 4, 8, 16: milliseconds apart at this size) some give way to later ones.
      const shown = [...new Set(seen)];
      const schedule = ['0', '1', '2', '4', '8', '16', '20', '30'];
      assert.equal(shown[0], '0', `the starting image first: ${shown.join(' ')}`);
      assert.equal(shown.at(-1), '30', `the result last: ${shown.join(' ')}`);
      assert.ok(shown.every((k, i) => schedule.includes(k) && (i === 0 || Number(k) > Number(shown[i - 1]))), `previews on the schedule, in order: ${shown.join(' ')}`);
      console.log(`  Run -> first preview (the starting image): ${await frame.locator('#preview').getAttribute('data-ms-from-run')} ms`);

      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('adam', 'iterations', 5000)), true);
      // Iterations long enough to keep the page busy, as a real run does (the keybinding's round trip waits for them).
      await frame.locator('#run-size').selectOption('128x128');
      const stop = await stopTime(frame, () => frame.locator('#stop').click());
      // The focus is in the editor's page (its Run button was clicked).
      const escape = await stopTime(frame, () => page.keyboard.press('Escape'));
      console.log(`  Stop button -> cancelled ${stop} ms; Escape -> cancelled ${escape} ms`);
      assert.ok(escape < Math.max(1000, 3 * stop), `Escape took ${escape} ms, Stop ${stop} ms`);
    });
  } finally {
    writeFileSync(join(e2e.workbench.runDir, 'terms.log'), window.logs.join('\n'));
    await window.close();
  }
});
