import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { lossTemporal } from '../../src/core/nodes/loss-temporal';
import type { EvalContext, Shape, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';

before(async () => {
  await useBackend('cpu');
});

const temporal = (x: tf.Tensor4D, target: tf.Tensor4D, mask: tf.Tensor4D) => lossTemporal.evaluate!({
  generated: [{ type: 'image', tensor: x } as Value],
  target: [{ type: 'image', tensor: target } as Value],
  mask: [{ type: 'mask', tensor: mask } as Value],
}, {}, { nodeId: 't' } as EvalContext).tensor as tf.Scalar;

test('loss.temporal: sum of mask (x - w)² over H W 3, hand values', () => {
  // Two pixels: differences (1, 2, 3) where the mask is 1, (10, 10, 10) where it is 0.
  const x = tf.tensor4d([1, 2, 3, 20, 20, 20], [1, 1, 2, 3]);
  const w = tf.tensor4d([0, 0, 0, 10, 10, 10], [1, 1, 2, 3]);
  assert.ok(Math.abs(temporal(x, w, tf.tensor4d([1, 0], [1, 1, 2, 1])).dataSync()[0]! - 14 / 6) < 1e-6);
  // A mask of 0.5 weighs the second pixel half: (14 + 0.5 * 300) / 6.
  assert.ok(Math.abs(temporal(x, w, tf.tensor4d([1, 0.5], [1, 1, 2, 1])).dataSync()[0]! - 164 / 6) < 1e-5);
  assert.equal(temporal(x, w, tf.zeros([1, 1, 2, 1])).dataSync()[0], 0);
});

test('loss.temporal: the normalisation is H W 3 of a non-square image', () => {
  // 2x3 image, one channel of one pixel off by 6: 36 / (2 * 3 * 3).
  const x = tf.zeros([1, 2, 3, 3]) as tf.Tensor4D;
  const target = tf.tensor4d(Array.from({ length: 18 }, (_, i) => (i === 10 ? 6 : 0)), [1, 2, 3, 3]);
  assert.equal(temporal(x, target, tf.ones([1, 2, 3, 1])).dataSync()[0], 2);
});

test('loss.temporal: the gradient matches central differences', () => {
  const w = tf.tensor4d(Array.from({ length: 2 * 3 * 3 }, (_, i) => i * 3), [1, 2, 3, 3]);
  const mask = tf.tensor4d([1, 0, 0.5, 1, 0.25, 1], [1, 2, 3, 1]);
  const x = tf.tensor4d(Array.from({ length: 2 * 3 * 3 }, (_, i) => ((i * 37) % 23) * 3.1), [1, 2, 3, 3]);
  assertGradientMatches((t) => temporal(t as tf.Tensor4D, w, mask), x);
});

test('loss.temporal: a target or mask of another size is a shape problem naming it; unknown sizes pass', () => {
  const problems: string[] = [];
  const shape = (generated: Shape, target: Shape, mask: Shape) => lossTemporal.inferShape!({ generated: [generated], target: [target], mask: [mask] }, {}, { problem: (_code, message) => void problems.push(message) });
  assert.deepEqual(shape({ type: 'image', height: 4, width: 6 }, { type: 'image', height: 4, width: 6 }, { type: 'mask', height: 4, width: 6 }), { type: 'scalar' });
  assert.deepEqual(shape({ type: 'image', height: 4, width: 6 }, { type: 'image' }, { type: 'mask', width: 6 }), { type: 'scalar' });
  assert.equal(shape({ type: 'image', height: 4, width: 6 }, { type: 'image', height: 4, width: 5 }, { type: 'mask', height: 4, width: 6 }), undefined);
  assert.equal(shape({ type: 'image', height: 4, width: 6 }, { type: 'image', height: 4, width: 6 }, { type: 'mask', height: 3, width: 6 }), undefined);
  assert.deepEqual(problems, [
    'the generated image is 4x6 but the target is 4x5: all three must be the same size',
    'the generated image is 4x6 but the mask is 3x6: all three must be the same size',
  ]);
});
