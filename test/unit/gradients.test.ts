import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';

// This file must not import the module statically: the test shows what importing it changes.
const f = (x: tf.Tensor) => tf.sum(tf.mul(tf.relu(x), tf.square(x))) as tf.Scalar;

test("tfjs-core alone has no gradients in Node; importing the module registers them (relu, square, mul, sum)", async () => {
  await useBackend('cpu');
  const x = tf.tensor1d([-2, 0.5, 3]);
  assert.throws(() => tf.grad(f)(x), /gradient/i);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../src/core/run/gradients');
  // d/dx relu(x) x² = 3x² for x > 0, 0 for x < 0.
  assert.deepEqual(Array.from(tf.grad(f)(x).dataSync(), (v) => v + 0), [0, 0.75, 27]);
});
