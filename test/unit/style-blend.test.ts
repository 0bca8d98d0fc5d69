import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { gramBlend } from '../../src/core/nodes/gram-blend';
import { statsBlend } from '../../src/core/nodes/stats-blend';
import { unpackStats } from '../../src/core/nodes/stats';
import type { EvalContext, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';

before(async () => {
  await useBackend('cpu');
});

const ctx = { nodeId: 'b' } as EvalContext;
const grams = (...ts: tf.Tensor[]): Value[] => ts.map((tensor) => ({ type: 'gram', tensor: tensor as tf.Tensor2D, positions: 6 }));
const packed = (...ts: tf.Tensor[]): Value[] => ts.map((tensor) => ({ type: 'stats', tensor: tensor as tf.Tensor2D }));

test('gram.blend: Σ wᵢ Gᵢ with the weights scaled to sum to 1', () => {
  // Weights 1,3 -> 0.25, 0.75: 0.25 [1 2; 2 4] + 0.75 [3 0; 0 1] = [2.5 0.5; 0.5 1.75].
  const out = gramBlend.evaluate!({ targets: grams(tf.tensor2d([1, 2, 2, 4], [2, 2]), tf.tensor2d([3, 0, 0, 1], [2, 2])) }, { weights: '1, 3' }, ctx);
  assert.equal(out.type, 'gram');
  assert.deepEqual([Array.from(out.tensor.dataSync()), out.type === 'gram' && out.positions], [[2.5, 0.5, 0.5, 1.75], 6]);
});

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

test('blend weights: one per targets edge, numbers of at least 0 not all 0; problems name the param', () => {
  const check = (weights: string, edges: number) => gramBlend.validate!({ weights }, { connected: () => edges }).map((p) => [p.code, p.param, p.message]);
  assert.deepEqual(check('0.2, 0.8', 2), []);
  assert.deepEqual(check('1,2,3', 2), [['param-range', 'weights', '"1,2,3" gives 3 weights for 2 targets edges']]);
  assert.deepEqual(check('1,,2', 3), [['param-range', 'weights', '"1,,2" must be numbers of at least 0, separated by commas']]);
  assert.deepEqual(check('1,-1', 2), [['param-range', 'weights', '"1,-1" must be numbers of at least 0, separated by commas']]);
  assert.deepEqual(check('0, 0', 2), [['param-range', 'weights', '"0, 0": the weights add up to 0']]);
  assert.deepEqual(statsBlend.validate!({ weights: '1' }, { connected: () => 2 }).map((p) => p.message), ['"1" gives 1 weight for 2 targets edges']);
});

test('blends: targets of other layers are a shape problem', () => {
  const messages: string[] = [];
  const problem = (_code: string, message: string) => void messages.push(message);
  assert.equal(gramBlend.inferShape!({ targets: [{ type: 'gram', channels: 64 }, { type: 'gram', channels: 128 }] }, { weights: '1,1' }, { problem }), undefined);
  assert.deepEqual(gramBlend.inferShape!({ targets: [{ type: 'gram', channels: 64 }, { type: 'gram', channels: 64 }] }, { weights: '1,1' }, { problem }), { type: 'gram', channels: 64 });
  assert.equal(statsBlend.inferShape!({ targets: [{ type: 'stats', channels: 64 }, { type: 'stats', channels: 32 }] }, { weights: '1,1' }, { problem }), undefined);
  assert.deepEqual(messages, [
    'the targets are 64x64, 128x128: take every Gram from the same layer',
    'the targets hold statistics of 64 channels, statistics of 32 channels: take all statistics from the same layer',
  ]);
});

test('blends: the gradient matches central differences', () => {
  const fixed = tf.tensor2d([0.5, 1, 2, 1, 0.2, 3], [3, 2]);
  const weights = tf.tensor2d([1, -2, 0.5, 1.5, -1, 0.7], [3, 2]);
  const f = (x: tf.Tensor) => tf.sum(tf.mul(statsBlend.evaluate!({ targets: packed(x, fixed) }, { weights: '2,1' }, ctx).tensor, weights)) as tf.Scalar;
  assertGradientMatches(f, tf.tensor2d([1, -1, 2, 0.5, 0.5, 3], [3, 2]));
  const g = (x: tf.Tensor) => tf.sum(tf.square(gramBlend.evaluate!({ targets: grams(x, tf.eye(2)) }, { weights: '2,1' }, ctx).tensor)) as tf.Scalar;
  assertGradientMatches(g, tf.tensor2d([1, 2, 2, 5], [2, 2]));
});
