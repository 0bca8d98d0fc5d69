import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { stats, unpackStats } from '../../src/core/nodes/stats';
import type { EvalContext, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';

const ctx = { nodeId: 's' } as EvalContext;
const statsOf = (features: tf.Tensor) => stats.evaluate!({ features: [{ type: 'features', tensor: features } as Value] }, {}, ctx);

before(async () => {
  await useBackend('cpu');
});

test('stats: mean and covariance FᵀF/N - μμᵀ of the positions x channels matrix', () => {
  // Positions (1, 2) (3, 0) (5, 6) (7, 4): μ = (16/4, 12/4) = (4, 3).
  // FᵀF/N = [84 60; 60 56] / 4 = [21 15; 15 14]; minus μμᵀ = [16 12; 12 9] gives Σ = [5 3; 3 5].
  const value = statsOf(tf.tensor4d([1, 2, 3, 0, 5, 6, 7, 4], [1, 2, 2, 2]));
  assert.equal(value.type, 'stats');
  const { mean, covariance } = unpackStats(value);
  assert.deepEqual(Array.from(mean.dataSync()), [4, 3]);
  assert.deepEqual(Array.from(covariance.dataSync()), [5, 3, 3, 5]);
});

test('stats: a large mean does not swamp the covariance', () => {
  // Channel values 10000 ± 1: Σ = 1 exactly, which FᵀF/N - μμᵀ loses in float32 (1e8 + 1 - 1e8, spacing 8 there).
  const { mean, covariance } = unpackStats(statsOf(tf.tensor4d([9999, 10001, 9999, 10001], [1, 2, 2, 1])));
  assert.deepEqual([mean.dataSync()[0], covariance.dataSync()[0]], [10000, 1]);
});

test('stats: shape hook gives statistics of as many channels as the features', () => {
  const problem = () => assert.fail('no problem expected');
  assert.deepEqual(stats.inferShape!({ features: [{ type: 'features', height: 4, width: 5, channels: 64 }] }, {}, { problem }), { type: 'stats', channels: 64 });
});

test('stats: the gradient of a function of mean and covariance matches central differences', () => {
  // Weights on the packed mean (row 0) and covariance (rows 1-3).
  const weights = tf.tensor2d([0.3, -1.2, 0.7, 2.0, 0.5, -0.4, 1.1, 0.9, -0.8, -0.6, 1.4, 0.2], [4, 3]);
  const f = (x: tf.Tensor) => tf.sum(tf.mul(statsOf(x).tensor, weights)) as tf.Scalar;
  const x = tf.tensor4d(Array.from({ length: 2 * 3 * 3 }, (_, i) => Math.sin(i * 1.7) * 4 + i * 0.1), [1, 2, 3, 3]);
  assertGradientMatches(f, x);
});

test('stats: masked features (zeros outside the region, the mask mass as N) give the region\'s own statistics', () => {
  // Region: positions 0 and 1 with features (1, 2) and (3, 6); positions 2 and 3 zeroed by the mask.
  const masked = stats.evaluate!({ features: [{ type: 'features', tensor: tf.tensor4d([1, 2, 3, 6, 0, 0, 0, 0], [1, 2, 2, 2]), mass: 2 }] }, {}, ctx);
  const { mean, covariance } = unpackStats(masked);
  // μ = (2, 4); Σ = ((-1,-2)ᵀ(-1,-2) + (1,2)ᵀ(1,2)) / 2 = [[1, 2], [2, 4]]
  assert.deepEqual(Array.from(mean.dataSync()), [2, 4]);
  assert.deepEqual(Array.from(covariance.dataSync()).map((v) => Math.round(v * 1e5) / 1e5), [1, 2, 2, 4]);
});
