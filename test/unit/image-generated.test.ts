import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { initialImage } from '../../src/core/nodes/image-generated';
import { KERAS_PREPROCESSING } from '../../src/core/model/weights';

before(async () => {
  await useBackend('cpu');
});

const params = (init: 'noise' | 'content', seed = 5) => ({ init, noiseRatio: 0.6, seed, width: 6, height: 4 });

async function pixels(image: tf.Tensor4D): Promise<number[]> {
  const values = Array.from(await image.data());
  image.dispose();
  return values;
}

test('image.generated init content starts from exactly the content pixels; init noise (seeded) does not', async () => {
  const content = tf.tidy(() => tf.reshape(tf.add(tf.mul(tf.range(0, 4 * 6 * 3), 3), 7), [1, 4, 6, 3]) as tf.Tensor4D);
  const expected = await pixels(content.clone());
  const fromContent = initialImage(content, params('content'), KERAS_PREPROCESSING);
  assert.deepEqual(fromContent.shape, [1, 4, 6, 3]);
  assert.deepEqual(await pixels(fromContent), expected);

  const noisy = await pixels(initialImage(content, params('noise'), KERAS_PREPROCESSING));
  assert.deepEqual(await pixels(initialImage(content, params('noise'), KERAS_PREPROCESSING)), noisy, 'the same seed gives the same start');
  assert.notDeepEqual(await pixels(initialImage(content, params('noise', 6), KERAS_PREPROCESSING)), noisy, 'another seed another start');
  const changed = noisy.filter((v, i) => Math.abs(v - expected[i]!) > 1e-3).length;
  assert.ok(changed > noisy.length * 0.9, `noise changes almost every value (${changed} of ${noisy.length})`);
  content.dispose();
});
