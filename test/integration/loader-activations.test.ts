import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { VggModel } from '../../src/core/model/vgg-model';
import { VGG19_LAYER_NAMES } from '../../src/core/model/vgg19';
import { loadWeightsFile } from '../../src/node/weights-store';
import { randomVggWeights, writeKerasH5, writeTfjsFiles } from '../helpers/weight-files';
import { tempFolder } from '../helpers/temp-folder';

const dir = tempFolder('stylegraph-activations-');
before(() => useBackend('cpu'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('Keras .h5 (both namings) and tfjs model.json give identical activations at every layer', async () => {
  const set = randomVggWeights(11);
  await writeKerasH5(set, join(dir, 'legacy.h5'), 'legacy');
  await writeKerasH5(set, join(dir, 'keras2.h5'), 'keras2');
  const modelJson = await writeTfjsFiles(set, join(dir, 'tfjs'));
  const paths = [join(dir, 'legacy.h5'), join(dir, 'keras2.h5'), modelJson];
  const models = await Promise.all(paths.map(async (p) => new VggModel((await loadWeightsFile(p)).weights)));
  const image = tf.randomUniform([1, 32, 32, 3], 0, 255, 'float32', 3) as tf.Tensor4D;
  const activations = models.map((m) => tf.tidy(() => [...m.forward(image, new Set(VGG19_LAYER_NAMES), 'avg').values()].map((t) => Array.from(t.dataSync()))));
  assert.equal(activations[0]!.length, 16);
  assert.ok(activations[0]!.at(-1)!.some((v) => v > 0), 'conv5_4 is not all zero');
  assert.deepEqual(activations[1], activations[0]);
  assert.deepEqual(activations[2], activations[0]);
  image.dispose();
  models.forEach((m) => m.dispose());
});

test('the forward pass stops at the deepest layer asked for and keeps only the layers asked for', async () => {
  const model = new VggModel(randomVggWeights(12));
  const image = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  let out = new Map<string, tf.Tensor4D>();
  const profile = await tf.profile(() => {
    out = model.forward(image, new Set(['conv2_1', 'conv1_1']), 'max');
  });
  assert.deepEqual([...out.keys()], ['conv1_1', 'conv2_1']);
  assert.deepEqual(out.get('conv2_1')!.shape, [1, 8, 8, 8]);
  // Three convolutions (conv1_1, conv1_2, conv2_1) and one pooling: nothing past conv2_1 ran.
  const kernels = profile.kernels.map((k) => k.name);
  assert.equal(kernels.filter((n) => /Conv2D/.test(n)).length, 3, kernels.join(' '));
  assert.equal(kernels.filter((n) => /Pool/.test(n)).length, 1, kernels.join(' '));
  // Without a gradient tape, the layers no one asked for are freed at once: only the two outputs remain.
  assert.equal(tf.memory().numTensors - before, 2);
  tf.dispose([image, ...out.values()]);
  model.dispose();
});
