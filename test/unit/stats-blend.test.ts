import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { statsBlend } from '../../src/core/nodes/stats-blend';
import { stats, unpackStats } from '../../src/core/nodes/stats';
import type { EvalContext, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';

before(async () => {
  await useBackend('cpu');
});

const ctx = { nodeId: 'b' } as EvalContext;
const packed = (...ts: tf.Tensor[]): Value[] => ts.map((tensor) => ({ type: 'stats', tensor: tensor as tf.Tensor2D }));

test('stats.blend: the mixture\'s mean and covariance, through the raw second moment', () => {
  // N(0, 1) and N(2, 1) in equal parts: μ = 1; second moment (1 + 0 + 1 + 4) / 2 = 3; Σ = 3 - 1 = 2.
  const out = statsBlend.evaluate!({ targets: packed(tf.tensor2d([0, 1], [2, 1]), tf.tensor2d([2, 1], [2, 1])) }, { weights: '1,1' }, ctx);
  const { mean, covariance } = unpackStats(out);
  assert.deepEqual([mean.dataSync()[0], covariance.dataSync()[0]], [1, 2]);
  // Two channels, weights 0.25/0.75: μ = (0.25 (1, 0) + 0.75 (3, 4)) = (2.5, 3);
  // raw moments [1 0; 0 0] + I and [9 12; 12 16] + 0 -> 0.25 [2 0; 0 1] + 0.75 [9 12; 12 16] = [7.25 9; 9 12.25]; less μμᵀ [6.25 7.5; 7.5 9].
  const two = unpackStats(statsBlend.evaluate!({ targets: packed(tf.tensor2d([1, 0, 1, 0, 0, 1], [3, 2]), tf.tensor2d([3, 4, 0, 0, 0, 0], [3, 2])) }, { weights: '1,3' }, ctx));
  assert.deepEqual([Array.from(two.mean.dataSync()), Array.from(two.covariance.dataSync())], [[2.5, 3], [1, 1.5, 1.5, 3.25]]);
});

test('stats.blend: the blend of two images\' statistics is the statistics of both images\' features pooled', () => {
  // Equal weights of two 1x2x2x2 feature maps with equally many positions: the stats of their 8 positions together.
  const a = tf.tensor4d([1, 2, 3, 0, 5, 6, 7, 4], [1, 2, 2, 2]);
  const b = tf.tensor4d([0, 1, -2, 3, 4, 4, 2, -1], [1, 2, 2, 2]);
  const statsOf = (t: tf.Tensor4D) => stats.evaluate!({ features: [{ type: 'features', tensor: t }] }, {}, ctx);
  const blend = unpackStats(statsBlend.evaluate!({ targets: [statsOf(a), statsOf(b)] }, { weights: '1,1' }, ctx));
  const pooled = unpackStats(statsOf(tf.concat([a, b], 1) as tf.Tensor4D));
  const near = (x: tf.Tensor, y: tf.Tensor) => Array.from(x.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - y.dataSync()[i]!) < 1e-4, `${Array.from(x.dataSync()).join(' ')} vs ${Array.from(y.dataSync()).join(' ')}`));
  near(blend.mean, pooled.mean);
  near(blend.covariance, pooled.covariance);
});

test('stats.blend: targets of other layers are a shape problem', () => {
  const messages: string[] = [];
  const problem = (_code: string, message: string) => void messages.push(message);
  assert.equal(statsBlend.inferShape!({ targets: [{ type: 'stats', channels: 64 }, { type: 'stats', channels: 32 }] }, { weights: '1,1' }, { problem }), undefined);
  assert.deepEqual(statsBlend.inferShape!({ targets: [{ type: 'stats', channels: 32 }, { type: 'stats', channels: 32 }] }, { weights: '1,1' }, { problem }), { type: 'stats', channels: 32 });
  assert.deepEqual(messages, [
    'the targets hold statistics of 64 channels, statistics of 32 channels: take all statistics from the same layer',
  ]);
});

test('stats.blend: weights that do not fit the edges are a problem and an error', () => {
  assert.deepEqual(statsBlend.validate!({ weights: '1' }, { connected: () => 2 }).map((p) => p.message), ['"1" gives 1 weight for 2 targets edges']);
  assert.throws(() => statsBlend.evaluate!({ targets: packed(tf.tensor2d([0, 1], [2, 1])) }, { weights: '0' }, ctx), { message: 'param weights: "0": the weights add up to 0' });
});

test('stats.blend: the gradient matches central differences', () => {
  const fixed = tf.tensor2d([0.5, 1, 2, 1, 0.2, 3], [3, 2]);
  const weights = tf.tensor2d([1, -2, 0.5, 1.5, -1, 0.7], [3, 2]);
  const f = (x: tf.Tensor) => tf.sum(tf.mul(statsBlend.evaluate!({ targets: packed(x, fixed) }, { weights: '2,1' }, ctx).tensor, weights)) as tf.Scalar;
  assertGradientMatches(f, tf.tensor2d([1, -1, 2, 0.5, 0.5, 3], [3, 2]));
});
