import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { compile } from '../../src/core/compile/plan';
import { VggModel } from '../../src/core/model/vgg-model';
import { gramMatrix } from '../../src/core/model/gram-matrix';
import { fitImage } from '../../src/core/image/resize';
import { rawToTensor, type RawImage } from '../../src/core/image/raw-image';
import { channelMaps, channelMeans, nodeValue, type InspectSource } from '../../src/core/inspect/node-value';
import { readImageFile } from '../../src/node/image-file';
import { randomVggWeights } from '../helpers/weight-files';
import { seedGraph } from '../helpers/seed-run';
import { EXAMPLES } from '../helpers/paths';

let model: VggModel;
before(async () => {
  await useBackend('cpu');
  model = new VggModel(randomVggWeights(11, 'narrow'));
});

async function seedSource(): Promise<InspectSource> {
  const plan = compile(seedGraph());
  const paths = plan.constants.filter((p) => p.def.role === 'source').map((p) => String(p.node.params.path));
  const files = new Map(await Promise.all(paths.map(async (path) => [path, await readImageFile(resolve(EXAMPLES, path))] as const)));
  const generated: RawImage = { width: 32, height: 24, data: Uint8Array.from({ length: 32 * 24 * 4 }, (_, i) => (i * 37) % 256) };
  return { plan, model, files, generated, iteration: 0 };
}

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

test('nodeValue: a constant VGG node is the forward pass of its loaded image, resized as the graph says', async () => {
  const source = await seedSource();
  const value = nodeValue(source, 'content_conv4_2');
  const content = source.plan.constants.find((p) => p.node.id === 'content')!.node.params;
  const file = source.files.get(String(content.path))!;
  const expected = tf.tidy(() => model.forward(fitImage(rawToTensor(file), content.width as number, content.height as number, 'cover'), new Set(['conv4_2']), 'avg').get('conv4_2')!);
  assert.equal(value.type, 'features');
  assert.deepEqual(value.tensor.shape, expected.shape);
  assert.ok(maxDifference(value.tensor, expected) < 1e-4);
  tf.dispose([value.tensor, expected]);
});

test('nodeValue: a Gram on the generated path is the Gram of the image the run left; no tensor is left behind', async () => {
  const source = await seedSource();
  const before = tf.memory().numTensors;
  const value = nodeValue(source, 'gram_generated_conv1_1');
  assert.equal(tf.memory().numTensors, before + 1, 'only the value survives');
  const expected = tf.tidy(() => {
    const f = model.forward(rawToTensor(source.generated!), new Set(['conv1_1']), 'avg').get('conv1_1')!;
    return gramMatrix(tf.reshape(f, [24 * 32, 4]) as tf.Tensor2D);
  });
  assert.equal(value.type, 'gram');
  assert.deepEqual(value.tensor.shape, [4, 4]);
  assert.ok(maxDifference(value.tensor, expected) < 1e-3 * tf.max(expected).dataSync()[0]!);
  tf.dispose([value.tensor, expected]);
});

test('nodeValue: a node the run did not compute, or no generated image yet, is one clear error', async () => {
  const source = await seedSource();
  assert.throws(() => nodeValue(source, 'nope'), /"nope" was not computed by the last run/);
  assert.throws(() => nodeValue({ ...source, generated: undefined }, 'generated_conv1_1'), /the last run left no generated image yet/);
});

test('channelMeans and channelMaps: per-channel means and row-major maps of the channels asked, in order', async () => {
  const features = tf.tensor4d([1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60], [1, 2, 3, 2]);
  assert.deepEqual([...await channelMeans(features)], [3.5, 35]);
  const [second, first] = await channelMaps(features, [1, 0]);
  assert.deepEqual([...second!], [10, 20, 30, 40, 50, 60]);
  assert.deepEqual([...first!], [1, 2, 3, 4, 5, 6]);
  features.dispose();
});
