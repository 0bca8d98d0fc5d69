/**
 * End-to-end, in the real workbench: face graphs (issue 13). A graph without an optimizer runs
 * once in the editor on Run: examples/verify.stylegraph.json shows its verdict and distance on its
 * nodes and the face crops on its face.detect nodes; examples/identify.stylegraph.json reads its
 * face.database folder through the host and shows the identity; after a style run of
 * examples/portrait-identity.stylegraph.json its face.detect nodes show their crops. face-api's
 * weights come from the extension's dist/face-models/ (staged by the bundle), never downloaded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { editorFrame, OUTPUT, painted, quickOpen, runCommand, useWorkbench, waitFor } from './harness';
import { makeFaceWorkspace, useTestWeights } from './workspace';
import { runCli } from '../helpers/cli';
import type { TestHooksGlobal } from '../../webview/test-hooks-api';
import { loadGraph } from '../../src/core/graph/load';
import { writeCanonical } from '../../src/core/graph/canonical';
import { applyOverrides } from '../../src/core/graph/overrides';
import { EXAMPLES } from '../helpers/paths';

const e2e = useWorkbench();
const { skip } = e2e;

/** The value `stylegraph run --json` reports for a graph's result node (what the editor must show too). */
async function cliResult(graph: string, cwd: string): Promise<{ same?: boolean; identity?: string; distance: number }> {
  const { code, stdout, stderr } = await runCli(['run', graph, '--json', '--backend', 'wasm'], { cwd });
  assert.equal(code, 0, stderr);
  const events = stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string; value?: { same?: boolean; identity?: string; distance: number } });
  return events.find((e) => e.event === 'result')!.value!;
}

/** Presses Run and waits for the evaluation to end; returns the run status and the message banner. */
async function run(frame: Frame): Promise<{ state: string | null; message: string }> {
  await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
  await frame.locator('#run').click();
  await frame.locator('#run-status[data-state="loading"], #run-status[data-state="error"]').waitFor({ state: 'attached', timeout: 30_000 });
  await frame.locator('#run-status[data-state="done"], #run-status[data-state="error"], #run-status[data-state="cancelled"]').waitFor({ state: 'attached', timeout: 300_000 });
  return { state: await frame.locator('#run-status').getAttribute('data-state'), message: (await frame.locator('#message').textContent()) ?? '' };
}

test('face graphs in the workbench: Run evaluates once and shows the verdict, distance, face crops and identity on the nodes', { skip: skip !== undefined, timeout: 900_000 }, async (t) => {
  const ws = join(e2e.workbench.runDir, 'ws-faces');
  mkdirSync(ws, { recursive: true });
  const { verify, identify } = makeFaceWorkspace(ws);
  // A style graph with face nodes too, small: generated narrow VGG-19 weights, 96x96 (the detector's least), 2 iterations.
  const portrait = loadGraph(readFileSync(join(EXAMPLES, 'portrait-identity.stylegraph.json'), 'utf8'), { fileName: 'portrait.stylegraph.json' }).graph!;
  writeFileSync(join(ws, 'portrait.stylegraph.json'), writeCanonical(applyOverrides(portrait, { size: [96, 96], iterations: 2 })));
  await useTestWeights(ws);
  const window = await e2e.workbench.open(ws);
  const { page } = window;
  mkdirSync(OUTPUT, { recursive: true });
  try {
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });

    await t.test('verify: the verdict and distance on face.verify, the distance in encoding.distance\'s title, 150x150 face crops on face.detect', async () => {
      await quickOpen(page, 'verify.stylegraph.json');
      const frame = await editorFrame(page);
      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.result('verdict')), undefined, 'no result before Run');
      const { state, message } = await run(frame);
      assert.equal(state, 'done', message);
      assert.match((await frame.locator('#run-status').textContent()) ?? '', /^done: evaluated in \d+\.\d s$/);
      const verdict = await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.result('verdict'));
      assert.equal(verdict?.headline, 'same person');
      assert.equal(verdict?.tone, 'good');
      const distance = Number(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.value('distance')));
      assert.ok(distance > 0.1 && distance < 0.3, `a mirrored crop of the same face: ${distance}`);
      assert.equal(verdict?.details[0], `distance ${distance.toFixed(3)} ≤ τ 0.6`, 'the title bar and the verdict show one distance');
      const cli = await cliResult(verify, ws);
      assert.equal(cli.same, true);
      assert.ok(Math.abs(cli.distance - distance) < 1e-3, `the editor's distance ${distance} is the CLI's ${cli.distance}`);
      for (const id of ['face_a', 'face_b']) {
        await frame.waitForFunction((node) => typeof (globalThis as unknown as TestHooksGlobal).stylegraphTest.thumbnail(node) === 'object', id, { timeout: 30_000 });
        assert.deepEqual(await frame.evaluate((node) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.thumbnail(node), id), { width: 150, height: 150 }, id);
      }
      assert.equal(await frame.locator('#node-status li[data-error="true"]').count(), 0);
      // No generated image or loss chart beside an evaluation graph: its results are on its nodes.
      assert.equal(await frame.locator('#preview').isVisible(), false, 'no generated-image panel');
      assert.equal(await frame.locator('#loss-chart').isVisible(), false, 'no loss chart');
      assert.equal(await frame.locator('#history-section').isVisible(), false, 'no run history: evaluations are not recorded');
      assert.equal(await frame.locator('#evaluation-hint').isVisible(), true, 'a line says where the results are');
      await frame.locator('#fit-view').click();
      await painted(frame);
      await page.screenshot({ path: join(OUTPUT, 'faces-verify.png') });
      // Closer, as a user zooms in to read the results.
      const box = (await frame.locator('#graph-canvas').boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
      await page.mouse.wheel(0, -400);
      await painted(frame);
      await page.screenshot({ path: join(OUTPUT, 'faces-verify-zoomed.png') });
    });

    await t.test('a photo without a face: one error line naming the node, on the node; the editor keeps working', async () => {
      const frame = await editorFrame(page);
      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('photo_b', 'path', 'samples/brick.png')), true);
      const { state, message } = await run(frame);
      assert.equal(state, 'error');
      assert.equal(message, 'node "face_b": no face found in the image with confidence ≥ 0.5 (lower minConfidence, or use a photo with a frontal face)');
      assert.equal(await frame.locator('#node-status li[data-node-id="face_b"]').getAttribute('data-error'), 'true');
      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.result('verdict')), undefined, 'no stale verdict');
      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('photo_b', 'path', 'samples/camera.png')), true);
      const again = await run(frame);
      assert.equal(again.state, 'done', again.message);
      const verdict = await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.result('verdict'));
      assert.equal(verdict?.headline, 'different people');
      assert.match(verdict?.details[0] ?? '', /^distance \d\.\d{3} > τ 0\.6$/);
      assert.equal(await frame.locator('#node-status li[data-error="true"]').count(), 0, 'the error badge is gone');
      await page.screenshot({ path: join(OUTPUT, 'faces-verify-different.png') });
      await runCommand(page, 'File: Revert File');
      await runCommand(page, 'View: Close Editor');
    });

    await t.test('identify: the host reads face.database\'s folder; the identity and its distance show on face.identify', async () => {
      await quickOpen(page, 'identify.stylegraph.json');
      const frame = await editorFrame(page);
      const { state, message } = await run(frame);
      assert.equal(state, 'done', message);
      const who = await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.result('who'));
      assert.equal(who?.headline, 'astronaut');
      assert.equal(who?.tone, 'good');
      const cli = await cliResult(identify, ws);
      assert.equal(cli.identity, 'astronaut');
      assert.match(who?.details[0] ?? '', /^distance 0\.\d{3} ≤ τ 0\.6$/);
      assert.ok(Math.abs(Number(who!.details[0]!.split(' ')[1]) - cli.distance) < 2e-3, `the editor's ${who!.details[0]} is the CLI's ${cli.distance}`);
      await frame.waitForFunction(() => typeof (globalThis as unknown as TestHooksGlobal).stylegraphTest.thumbnail('face') === 'object', undefined, { timeout: 30_000 });
      await frame.locator('#fit-view').click();
      await painted(frame);
      await page.screenshot({ path: join(OUTPUT, 'faces-identify.png') });
    });

    await t.test('a database folder that is not there fails on its node, naming the path; one outside the graph\'s folder is refused before Run', async () => {
      const frame = await editorFrame(page);
      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('known', 'path', 'samples/nobody')), true);
      const { state, message } = await run(frame);
      assert.equal(state, 'error');
      // The engine checks the input files as `stylegraph run` does, with the CLI's words.
      assert.match(message, /^node "known" \(face\.database\): path "samples\/nobody" is not there \(.*ws-faces\/samples\/nobody\)$/);
      assert.equal(await frame.locator('#node-status li[data-node-id="known"]').getAttribute('data-error'), 'true');
      assert.equal(await frame.evaluate(() => (globalThis as unknown as TestHooksGlobal).stylegraphTest.setParam('known', 'path', '../..')), true);
      await frame.locator('#node-status li[data-node-id="known"][data-message*="leads outside"]').waitFor({ state: 'attached', timeout: 10_000 });
      assert.equal(await frame.locator('#run').isDisabled(), true);
      await runCommand(page, 'File: Revert File');
      await runCommand(page, 'View: Close Editor');
    });

    await t.test('a style graph with face nodes (portrait-identity): after Run, its face.detect nodes show the crops of the content and of the generated image', async () => {
      await quickOpen(page, 'portrait.stylegraph.json');
      const frame = await editorFrame(page);
      for (const id of ['face_content', 'face_generated']) assert.equal(await frame.evaluate((node) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.thumbnail(node), id), undefined, `${id}: nothing before Run`);
      const { state, message } = await run(frame);
      assert.equal(state, 'done', message);
      // The whole graph in view: a thumbnail is drawn (and so reported) only when its node is.
      await frame.locator('#fit-view').click();
      for (const id of ['face_content', 'face_generated']) {
        const thumbnail = () => frame.evaluate((node) => (globalThis as unknown as TestHooksGlobal).stylegraphTest.thumbnail(node), id);
        await waitFor(async () => typeof (await thumbnail()) === 'object', 30_000, `${id}'s thumbnail`).catch(async (e: Error) => assert.fail(`${e.message}: ${JSON.stringify(await thumbnail())}`));
        assert.deepEqual(await thumbnail(), { width: 150, height: 150 }, id);
      }
      await page.screenshot({ path: join(OUTPUT, 'faces-portrait-identity.png') });
    });
  } finally {
    await window.close();
  }
});
