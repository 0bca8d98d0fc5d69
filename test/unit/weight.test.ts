import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { weight } from '../../src/core/nodes/weight';
import type { EvalContext, Value } from '../../src/core/nodes/types';

const ctx = { nodeId: 'w' } as EvalContext;
const weighted = (x: tf.Scalar, w: number) => weight.evaluate!({ value: [{ type: 'scalar', tensor: x }] }, { w }, ctx);

before(async () => {
  await useBackend('cpu');
});

test('weight: w times the value, a scalar', () => {
  const value: Value = weighted(tf.scalar(0.25), 1e4);
  assert.equal(value.type, 'scalar');
  assert.deepEqual(value.tensor.shape, []);
  assert.equal(value.tensor.dataSync()[0], 2500);
  assert.equal(weighted(tf.scalar(3.5), 0).tensor.dataSync()[0], 0);
});

test('weight: the gradient of w x is w', () => {
  const grad = tf.grad((x: tf.Tensor) => weighted(x as tf.Scalar, 40).tensor as tf.Scalar)(tf.scalar(1.7));
  assert.equal(grad.dataSync()[0], 40);
});
