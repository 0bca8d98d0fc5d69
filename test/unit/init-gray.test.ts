import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { initialImage } from '../../src/core/nodes/image-generated';
import { KERAS_PREPROCESSING } from '../../src/core/model/weights';

before(async () => {
  await useBackend('cpu');
});

const params = (init: string, noiseRatio: number) => ({ init, noiseRatio, seed: 5, width: 6, height: 4 });
const pixels = (image: tf.Tensor4D) => {
  const values = Array.from(image.dataSync());
  image.dispose();
  return values;
};

test('image.generated init gray, noiseRatio 0: flat mid grey (128), the content image giving only the size', () => {
  const content = tf.fill([1, 3, 5, 3], 200) as tf.Tensor4D;
  const start = initialImage(content, params('gray', 0), KERAS_PREPROCESSING);
  assert.deepEqual(start.shape, [1, 3, 5, 3]);
  assert.deepEqual(new Set(pixels(start)), new Set([128]));
  assert.deepEqual(new Set(pixels(initialImage(undefined, params('gray', 0), KERAS_PREPROCESSING))), new Set([128]));
  content.dispose();
});

test('image.generated init gray mixes the seeded noise in as init noise mixes it into the content', () => {
  // Noise n in the network's space mixed as r n + (1 - r)(128 - mean pixel), back in RGB: r n + (1 - r) 128 + r mean.
  // Init noise with a flat 128 content image computes exactly that.
  const grey = tf.fill([1, 4, 6, 3], 128) as tf.Tensor4D;
  const expected = pixels(initialImage(grey, params('noise', 0.6), KERAS_PREPROCESSING));
  const actual = pixels(initialImage(undefined, params('gray', 0.6), KERAS_PREPROCESSING));
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-4, `pixel value ${i}: ${v} vs ${expected[i]}`));
  assert.ok(new Set(actual).size > actual.length / 2, 'noisy');
  grey.dispose();
});
