import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { VggModel } from '../../src/core/model/vgg-model';
import { loadGraph } from '../../src/core/graph/load';
import { applyOverrides } from '../../src/core/graph/overrides';
import { compile } from '../../src/core/compile/plan';
import { runFrames, type FrameEvent, type FrameEnvironment } from '../../src/core/run/frame-loop';
import { runPlan } from '../../src/core/run/executor';
import { readImageFile } from '../../src/node/image-file';
import { farnebackFlow } from '../../src/node/optical-flow';
import { listFrameFiles } from '../../src/node/frame-files';
import { randomVggWeights } from '../helpers/weight-files';
import { withParams } from '../helpers/seed-run';
import { EXAMPLES } from '../helpers/paths';

let model: VggModel;
before(async () => {
  await useBackend('cpu');
  model = new VggModel(randomVggWeights(1));
});
after(() => model.dispose());

/** examples/video.stylegraph.json at 24x32, 4 frames, 2 steps then 1 a frame. */
function videoPlan() {
  const loaded = loadGraph(readFileSync(join(EXAMPLES, 'video.stylegraph.json'), 'utf8'));
  let graph = applyOverrides(loaded.graph!, { size: [24, 32] });
  graph = withParams(withParams(graph, 'frames', { count: 4, iterationsPerFrame: 1 }), 'adam', { iterations: 2, previewEvery: 0 });
  return compile(graph);
}

async function environment(): Promise<FrameEnvironment> {
  const folder = join(EXAMPLES, 'samples', 'pan');
  const files = await listFrameFiles(folder);
  return {
    model,
    opticalFlow: await farnebackFlow(),
    readImage: (path) => readImageFile(join(EXAMPLES, path)),
    frames: async () => ({ count: files.length, read: (i) => readImageFile(join(folder, files[i]!)) }),
  };
}

test('a frame run: the style Grams are computed on the first frame only, the later frames run iterationsPerFrame, no tensor leaks from frame to frame', async () => {
  const events: FrameEvent[] = [];
  const tensors: number[] = [];
  const result = await runFrames(videoPlan(), await environment(), { onFrame: (e) => { events.push(e); tensors.push(tf.memory().numTensors); } });
  assert.equal(result.status, 'done');
  assert.deepEqual(events.map((e) => [e.frame, e.frames, e.sourceIndex, e.iterations]), [[1, 4, 0, 2], [2, 4, 1, 1], [3, 4, 2, 1], [4, 4, 3, 1]]);
  const stylePasses = (e: FrameEvent) => Object.entries(e.stats.forwardPasses).filter(([key]) => key.startsWith('style.')).length;
  assert.equal(stylePasses(events[0]!), 1, 'the style image goes through VGG once on the first frame');
  for (const e of events.slice(1)) {
    assert.equal(stylePasses(e), 0, `frame ${e.frame}: the style Grams come from the cache`);
    assert.ok(e.stats.cachedConstants > 0, `frame ${e.frame}: cached constants`);
    assert.ok(Object.keys(e.stats.forwardPasses).some((key) => key.startsWith('frames.')), `frame ${e.frame}: the frame's content features are new`);
  }
  assert.equal(tensors[3], tensors[2], `tensors after each frame: ${tensors.join(' ')}`);
  assert.equal(events[0]!.temporalError, undefined);
  assert.ok(events.slice(1).every((e) => Number.isFinite(e.temporalError) && Number.isFinite(e.loss)));
});

test('a range: frames 3..4 only; without frame 2\'s result, frame 3 starts as a first frame', async () => {
  const events: FrameEvent[] = [];
  await runFrames(videoPlan(), await environment(), { range: { from: 3, to: 4 }, onFrame: (e) => void events.push(e) });
  assert.deepEqual(events.map((e) => [e.frame, e.iterations, e.temporalError === undefined]), [[3, 2, true], [4, 1, false]]);
});

test('cancelled during a frame: the frames finished before it are handed over, the run says cancelled', async () => {
  const controller = new AbortController();
  const events: FrameEvent[] = [];
  const result = await runFrames(videoPlan(), await environment(), {
    signal: controller.signal,
    onFrame: (e) => void events.push(e),
    onFrameStart: (frame) => { if (frame === 3) controller.abort(); },
  });
  assert.equal(result.status, 'cancelled');
  assert.deepEqual(events.map((e) => e.frame), [1, 2]);
  assert.equal(result.finished, 2);
});

test('outside a frame run, a frames graph is one problem naming its video.frames node', async () => {
  const env = await environment();
  await assert.rejects(runPlan(videoPlan(), env), /node "frames" \(video\.frames\): its graph runs once per frame/);
});
