/**
 * End-to-end, in the real workbench: frame runs in the editor (issue 22 item 4). The video example
 * (3 of its frames, 4 steps then 2 a frame) at the toolbar's smallest size on the host engine: the
 * toolbar offers the frames choice, the strip fills with a thumbnail per finished frame, and
 * clicking one shows that frame large.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorFrame, OUTPUT, quickOpen, useWorkbench } from './harness';
import { useTestWeights } from './workspace';
import { EXAMPLES } from '../helpers/paths';
import { parseGraph } from '../../src/core/graph/parse';
import { writeCanonical } from '../../src/core/graph/canonical';

const e2e = useWorkbench();
const { skip } = e2e;

/** A canvas in the page, as the test build (no DOM types) sees it. */
type PageCanvas = { readonly width: number; readonly height: number; toDataURL(): string };

/** A workspace with the video example on 3 frames of examples/samples/pan (4 steps on the first, 2 on each next, a preview each step), and test weights. */
async function frameWorkspace(dir: string): Promise<void> {
  mkdirSync(join(dir, 'samples'), { recursive: true });
  cpSync(join(EXAMPLES, 'samples', 'pan'), join(dir, 'samples', 'pan'), { recursive: true });
  cpSync(join(EXAMPLES, 'samples', 'hubble_deep_field.jpg'), join(dir, 'samples', 'hubble_deep_field.jpg'));
  const graph = parseGraph(readFileSync(join(EXAMPLES, 'video.stylegraph.json'), 'utf8')).graph!;
  writeFileSync(join(dir, 'video.stylegraph.json'), writeCanonical({
    ...graph,
    nodes: graph.nodes.map((n) => ({
      ...n,
      params: n.type === 'optimizer' ? { ...n.params, iterations: 4, previewEvery: 1 } : n.type === 'video.frames' ? { ...n.params, count: 3, iterationsPerFrame: 2 } : n.params,
    })),
  }));
  await useTestWeights(dir);
}

test('frame runs in the workbench: the frames choice, a strip of the finished frames, a frame shown large on click', { skip: skip !== undefined, timeout: 600_000 }, async (t) => {
  const ws = join(e2e.workbench.runDir, 'ws-frames');
  mkdirSync(ws, { recursive: true });
  await frameWorkspace(ws);
  const window = await e2e.workbench.open(ws);
  const { page } = window;
  mkdirSync(OUTPUT, { recursive: true });
  try {
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    await quickOpen(page, 'video.stylegraph.json');
    const frame = await editorFrame(page);

    await t.test('Run at 64x64 with frames 4 styles the graph\'s 3 frames: 3 thumbnails; clicking one shows it large', async () => {
      await frame.locator('#frame-count-group:not([hidden])').waitFor({ timeout: 30_000 });
      assert.equal(await frame.locator('#frame-count').inputValue(), '8', 'the frames choice starts at 8');
      await frame.locator('#frame-count').selectOption('4');
      await frame.locator('#run-size').selectOption('64x64');
      await frame.locator('#backend-choice').selectOption('wasm');
      await frame.locator('#run:not([disabled])').waitFor({ timeout: 60_000 });
      await frame.locator('#run').click();
      // The strip shows while the run goes: a slot per frame, the running one marked.
      await frame.locator('#frame-strip:not([hidden]) .frame-thumb[data-state="running"]').first().waitFor({ timeout: 300_000 });
      await frame.locator('#run-status[data-state="done"], #run-status[data-state="error"]').waitFor({ state: 'attached', timeout: 300_000 });
      assert.equal(await frame.locator('#run-status').getAttribute('data-state'), 'done', (await frame.locator('#message').textContent()) ?? '');
      assert.match((await frame.locator('#run-status').textContent()) ?? '', /done: 3 frames/);
      assert.equal(await frame.locator('#frame-strip .frame-thumb[data-state="done"]').count(), 3);
      assert.equal(await frame.locator('#frame-strip .frame-thumb').count(), 3);
      assert.equal(await frame.locator('#frame-strip').getAttribute('data-shown'), '3', 'the last frame is shown when the run ends');
      const sizes = await frame.locator('#frame-strip .frame-thumb canvas').evaluateAll((cs) => cs.map((c) => `${(c as unknown as PageCanvas).width}x${(c as unknown as PageCanvas).height}`));
      assert.deepEqual(sizes, ['64x64', '64x64', '64x64'], 'each thumbnail is its frame\'s 64x64 result');
      assert.equal(await frame.locator('#preview').getAttribute('width'), '64');
      const previewOf = () => frame.locator('#preview').evaluate((c) => (c as unknown as PageCanvas).toDataURL());
      const last = await previewOf();

      await frame.locator('#frame-strip .frame-thumb[data-frame="1"]').click();
      await frame.locator('#frame-strip[data-shown="1"] .frame-thumb[data-frame="1"][aria-current="true"]').waitFor({ timeout: 10_000 });
      assert.equal(await frame.locator('#frame-strip .frame-thumb[aria-current="true"]').count(), 1);
      const first = await previewOf();
      assert.notEqual(first, last, 'the preview shows frame 1\'s result, not frame 3\'s');
      const thumb1 = await frame.locator('#frame-strip .frame-thumb[data-frame="1"] canvas').evaluate((c) => (c as unknown as PageCanvas).toDataURL());
      assert.equal(first, thumb1, 'the large preview is frame 1\'s image');
      await frame.locator('#side').screenshot({ path: join(OUTPUT, 'frames-strip-side.png') });
      await page.screenshot({ path: join(OUTPUT, 'frames-strip.png') });
    });
  } finally {
    await window.close();
  }
});
