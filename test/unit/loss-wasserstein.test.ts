import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { lossWasserstein } from '../../src/core/nodes/loss-wasserstein';
import { stats } from '../../src/core/nodes/stats';
import type { EvalContext, NumberParam, Params, Shape, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';

const ctx = { nodeId: 'w' } as EvalContext;
const packed = (mean: number[], covariance: number[]): Value => ({ type: 'stats', tensor: tf.tensor2d([...mean, ...covariance], [mean.length + 1, mean.length]) });
const statsOf = (features: tf.Tensor) => stats.evaluate!({ features: [{ type: 'features', tensor: features } as Value] }, {}, ctx);
const w2 = (style: Value, generated: Value, params: Params = { epsilon: 0, iterations: 12 }) =>
  lossWasserstein.evaluate!({ style: [style], generated: [generated] }, params, ctx).tensor as tf.Scalar;
const near = (actual: number, expected: number, tolerance: number) => assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);

before(async () => {
  await useBackend('cpu');
});

test('loss.wasserstein: one channel is (μg - μs)² + (σg - σs)²', () => {
  // μs = 1, σs² = 4; μg = 3, σg² = 9: (4 + 9 + 4 - 2 √(2·9·2)) / 1 = 17 - 12 = 5 = 2² + (3 - 2)².
  near(w2(packed([1], [4]), packed([3], [9])).dataSync()[0]!, 5, 1e-4);
  // epsilon 1 on each diagonal: 4 + 10 + 5 - 2 √(5·10) = 19 - 2√50.
  near(w2(packed([1], [4]), packed([3], [9]), { epsilon: 1, iterations: 12 }).dataSync()[0]!, 19 - 2 * Math.sqrt(50), 1e-4);
});

test('loss.wasserstein: two channels, covariances that do not commute', () => {
  // For 2x2 M ⪰ 0, tr √M = √(tr M + 2 √det M); with M = √Σs Σg √Σs: tr M = tr(Σs Σg), det M = det Σs det Σg.
  // Σs = [5 3; 3 5] (det 16), Σg = [2 1; 1 1] (det 1): tr(Σs Σg) = 10 + 3 + 3 + 5 = 21, tr √M = √(21 + 2·4) = √29.
  // μs = (4, 3), μg = (2, 3): (4 + tr Σg 3 + tr Σs 10 - 2√29) / 2 = 8.5 - √29.
  near(w2(packed([4, 3], [5, 3, 3, 5]), packed([2, 3], [2, 1, 1, 1])).dataSync()[0]!, 8.5 - Math.sqrt(29), 1e-4);
  // The style side straight from features (stats.test.ts: μ = (4, 3), Σ = [5 3; 3 5]).
  const style = statsOf(tf.tensor4d([1, 2, 3, 0, 5, 6, 7, 4], [1, 2, 2, 2]));
  near(w2(style, packed([2, 3], [2, 1, 1, 1])).dataSync()[0]!, 8.5 - Math.sqrt(29), 1e-4);
  // Identical statistics are at distance 0 (up to the square roots' float32 error).
  near(w2(style, style).dataSync()[0]!, 0, 1e-4);
});

test('loss.wasserstein: rank-deficient covariances stay finite and close at the default and the largest iteration count', () => {
  // Channel 2 is constant in both: Σ has a zero row, only epsilon keeps it invertible. Exact value (epsilon 0) as above:
  // per channel 1 the 1-D formula (2² + (3 - 2)² = 5), channel 2 adds nothing: 5 / 2.
  const style = packed([1, 7], [4, 0, 0, 0]);
  const generated = packed([3, 7], [9, 0, 0, 0]);
  for (const iterations of [12, 20]) near(w2(style, generated, { epsilon: 1e-4, iterations }).dataSync()[0]!, 2.5, 1e-2);
  assert.equal((lossWasserstein.params.find((p) => p.name === 'iterations') as NumberParam).max, 20);
});

test('loss.wasserstein: statistics of layers with other channel counts are a shape mismatch', () => {
  const problems: string[] = [];
  const problem = (_code: string, message: string) => void problems.push(message) as undefined;
  const s = (channels: number): Shape => ({ type: 'stats', channels });
  assert.deepEqual(lossWasserstein.inferShape!({ style: [s(64)], generated: [s(64)] }, {}, { problem }), { type: 'scalar' });
  assert.equal(lossWasserstein.inferShape!({ style: [s(64)], generated: [s(128)] }, {}, { problem }), undefined);
  assert.deepEqual(problems, ['the style input holds statistics of 64 channels but the generated input holds statistics of 128 channels: take both from the same layer']);
});

test('loss.wasserstein: the gradient through stats and both square roots matches central differences', () => {
  const style = statsOf(tf.tensor4d(Array.from({ length: 9 * 3 }, (_, i) => Math.cos(i * 0.9) * 3 + (i % 3)), [1, 3, 3, 3]));
  const f = (x: tf.Tensor) => w2(style, statsOf(x), { epsilon: 1e-4, iterations: 12 });
  const x = tf.tensor4d(Array.from({ length: 9 * 3 }, (_, i) => Math.sin(i * 1.3) * 2 + i * 0.05), [1, 3, 3, 3]);
  assertGradientMatches(f, x);
});
