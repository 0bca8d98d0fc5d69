import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { VggModel } from '../../src/core/model/vgg-model';
import { runGraph, type PreviewEvent, type ProgressEvent } from '../../src/core/run/executor';
import { TargetCache } from '../../src/core/run/target-cache';
import { loadGraph } from '../../src/core/graph/load';
import { writeCanonical } from '../../src/core/graph/canonical';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { seedEnvironment, seedGraph, withParams } from '../helpers/seed-run';
import { runCli, workspaceCopy } from '../helpers/cli';

let model: VggModel;
before(async () => {
  await useBackend('cpu');
  model = new VggModel(randomVggWeights(1));
});
after(() => model.dispose());

/** The seed at 32x32 from 16: scales 16, 23 and 32, two iterations each. */
const multiscale = (params: Record<string, number | string> = {}) => withParams(seedGraph({ size: [32, 32], iterations: 2 }), 'adam', { minSize: 16, ...params });

test('three scales: events carry scale, scales and size; iterations count per scale; the image ends at the graph\'s size', async () => {
  const baseline = tf.memory().numTensors;
  const events: ProgressEvent[] = [];
  const previews: PreviewEvent[] = [];
  const result = await runGraph(multiscale({ previewEvery: 1 }), seedEnvironment(model), { onProgress: (e) => events.push(e), onPreview: (e) => previews.push(e) });
  assert.equal(result.status, 'done');
  assert.deepEqual(events.map((e) => [e.iteration, e.iterations, e.scale, e.scales, e.size]), [
    [1, 6, 1, 3, [16, 16]], [2, 6, 1, 3, [16, 16]],
    [3, 6, 2, 3, [23, 23]], [4, 6, 2, 3, [23, 23]],
    [5, 6, 3, 3, [32, 32]], [6, 6, 3, 3, [32, 32]],
  ]);
  // The starting image, then previews at each scale's size (none after the last iteration: the result is the last image).
  assert.deepEqual(previews.map((p) => [p.iteration, p.image.width]), [[0, 16], [1, 16], [2, 16], [3, 23], [4, 23], [5, 32]]);
  assert.deepEqual([result.image.width, result.image.height, result.iterations], [32, 32, 6]);
  assert.deepEqual(result.outputs.map((o) => o.image.width), [32]);
  // Targets at each size: the two loads, content conv4_2 and five Grams, each with its style layer: 13 a scale.
  assert.equal(result.stats.constantEvaluations, 39);
  assert.deepEqual(result.stats.forwardPasses, { 'content.image|avg': 3, 'style.image|avg': 3, 'generated.image|avg': 6 });
  assert.equal(tf.memory().numTensors, baseline, 'every tensor freed');
});

test('targets are cached per size: a second run computes none, a run at one scale reuses the last scale\'s', async () => {
  const cache = new TargetCache();
  await runGraph(multiscale(), seedEnvironment(model, cache));
  // Kept per scale: both images, content conv4_2 and five Grams (the style features are freed).
  assert.equal(cache.size, 3 * 8);
  const again = await runGraph(multiscale({ learningRate: 1 }), seedEnvironment(model, cache));
  assert.equal(again.stats.constantEvaluations, 0);
  assert.equal(again.stats.cachedConstants, 39);
  assert.deepEqual(again.stats.forwardPasses, { 'generated.image|avg': 6 });
  const single = await runGraph(multiscale({ minSize: 0 }), seedEnvironment(model, cache));
  assert.equal(single.stats.constantEvaluations, 0);
  assert.equal(cache.size, 8, 'only the sizes of the graph just run stay');
  cache.clear();
});

test('ema: the result is the average of each step\'s image; the run still ends at full size', async () => {
  const plain = await runGraph(multiscale({ iterations: 3 }), seedEnvironment(model));
  const differing = (image: typeof plain.image) => plain.image.data.filter((v, i) => Math.abs(v - image.data[i]!) > 1).length;
  const averaged = await runGraph(multiscale({ iterations: 3, ema: 0.9 }), seedEnvironment(model));
  assert.deepEqual([averaged.image.width, averaged.image.height], [32, 32]);
  assert.ok(differing(averaged.image) > plain.image.data.length / 10, `${differing(averaged.image)} values differ`);
  // A decay near 0 weighs the last step's image alone: the same result as without averaging.
  const last = await runGraph(multiscale({ iterations: 3, ema: 1e-6 }), seedEnvironment(model));
  assert.equal(differing(last.image), 0);
});

test('L-BFGS runs across scales (its history restarts at each)', async () => {
  const events: ProgressEvent[] = [];
  const result = await runGraph(multiscale({ method: 'lbfgs' }), seedEnvironment(model), { onProgress: (e) => events.push(e) });
  assert.equal(result.status, 'done');
  assert.deepEqual(events.map((e) => e.scale), [1, 1, 2, 2, 3, 3]);
  assert.ok(events.every((e) => Number.isFinite(e.loss)));
});

test('the CLI\'s --json progress lines carry scale, scales and size; --size sets the final size', async () => {
  const ws = workspaceCopy();
  const weights = await writeTfjsFiles(randomVggWeights(1), join(ws, 'weights'));
  const file = join(ws, 'examples', 'multiscale.stylegraph.json');
  const graph = loadGraph(readFileSync(file, 'utf8')).graph!;
  writeFileSync(file, writeCanonical(withParams(graph, 'adam', { minSize: 16 })));
  const r = await runCli(['run', file, '--weights', weights, '--size', '24x32', '--iterations', '1', '--backend', 'cpu', '--json', '--out', join(ws, 'out.png')], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  const progress = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === 'progress');
  assert.deepEqual(progress.map((l) => [l.iteration, l.scale, l.scales, l.size]), [[1, 1, 2, [16, 21]], [2, 2, 2, [24, 32]]]);
});
