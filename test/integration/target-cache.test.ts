import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { VggModel } from '../../src/core/model/vgg-model';
import { runGraph, type RunEnvironment } from '../../src/core/run/executor';
import { TargetCache } from '../../src/core/run/target-cache';
import type { RawImage } from '../../src/core/image/raw-image';
import { readImageFile } from '../../src/node/image-file';
import { randomVggWeights } from '../helpers/weight-files';
import { seedGraph, withParams } from '../helpers/seed-run';
import { EXAMPLES } from '../helpers/paths';

let model: VggModel;
before(async () => {
  await useBackend('cpu');
  model = new VggModel(randomVggWeights(1));
});
after(() => model.dispose());

/** A 40x30 gradient, served for the path `stripes.png`; other paths are read from examples/. */
const STRIPES: RawImage = { width: 40, height: 30, data: Uint8Array.from({ length: 40 * 30 * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 7) % 256)) };
const environment = (cache: TargetCache): RunEnvironment => ({
  model,
  cache,
  readImage: async (path) => (path === 'stripes.png' ? STRIPES : readImageFile(resolve(EXAMPLES, path))),
});

test('another style image: the old style targets leave the cache and their tensors are freed', async () => {
  const baseline = tf.memory().numTensors;
  const cache = new TargetCache();
  const first = await runGraph(seedGraph({ iterations: 1 }), environment(cache));
  assert.equal(first.stats.constantEvaluations, 13);
  assert.equal(cache.size, 8); // both images, content conv4_2 and five Grams (not the features they came from)
  const withTargets = tf.memory().numTensors;
  assert.ok(withTargets > baseline);

  // The style load, its five VGG layers and five Grams are new (11); the content targets (2) are reused.
  const second = await runGraph(withParams(seedGraph({ iterations: 1 }), 'style', { path: 'stripes.png' }), environment(cache));
  assert.equal(second.stats.constantEvaluations, 11);
  assert.equal(second.stats.cachedConstants, 2);
  assert.equal(cache.size, 8, 'only the targets of the graph just run');
  assert.equal(tf.memory().numTensors, withTargets, 'as many tensors as the first graph needed');

  cache.clear();
  assert.equal(tf.memory().numTensors, baseline);
});
