import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { lossSliced } from '../../src/core/nodes/loss-sliced';
import { resampleRows, sortRowsDescending } from '../../src/core/model/sorted-rows';
import { seededRandom } from '../../src/core/run/seeded-random';
import type { EvalContext, Params, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';

/** The executor's run context for run seed 7 at `iteration`. */
const contextAt = (iteration: number) => ({ nodeId: 'sw', iteration, random: (seed: number) => seededRandom(7, iteration, seed) }) as EvalContext;
const features = (values: number[], h: number, w: number, c: number): Value => ({ type: 'features', tensor: tf.tensor4d(values, [1, h, w, c]) });
const sliced = (style: Value, generated: Value, params: Params = { projections: 0, seed: 0 }, iteration = 1) =>
  lossSliced.evaluate!({ style: [style], generated: [generated] }, params, contextAt(iteration)).tensor.dataSync()[0]!;
const near = (actual: number, expected: number, tolerance = 1e-5) => assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);

before(async () => {
  await useBackend('cpu');
});

test('loss.sliced: one channel, every direction is ±1: mean squared difference of the sorted values', () => {
  // Sorted style 4 3 2 1, sorted generated 5 2 1 0: differences 1 1 1 1, mean 1 (the same for -1: -1 -2 -3 -4 vs 0 -1 -2 -5).
  const style = features([1, 2, 3, 4], 2, 2, 1);
  const generated = features([0, 5, 1, 2], 1, 4, 1);
  near(sliced(style, generated), 1);
  near(sliced(style, generated, { projections: 5, seed: 3 }), 1);
});

test('loss.sliced: a style with other positions is resampled linearly', () => {
  // Style 0 2 10 read at 0, 0.5, 1, 1.5, 2: 0 1 2 6 10 against five zeros: (0 + 1 + 4 + 36 + 100) / 5 = 28.2.
  near(sliced(features([10, 0, 2], 1, 3, 1), features([0, 0, 0, 0, 0], 1, 5, 1)), 28.2, 1e-4);
  // Row 1 2 (n = 2) to length 3: 1 1.5 2; to length 1: its middle, 1.5.
  assert.deepEqual(Array.from(resampleRows(tf.tensor2d([1, 2], [1, 2]), 3).dataSync()), [1, 1.5, 2]);
  assert.deepEqual(Array.from(resampleRows(tf.tensor2d([1, 2], [1, 2]), 1).dataSync()), [1.5]);
});

test('loss.sliced: the same positions in another order cost nothing; other values do', () => {
  const a = [1, 2, 3, 0, 5, 6, 7, 4, -2, 3, 0, 8];
  const shuffled = [7, 4, 1, 2, 0, 8, 3, 0, 5, 6, -2, 3];
  near(sliced(features(a, 2, 3, 2), features(shuffled, 3, 2, 2), { projections: 16, seed: 0 }), 0);
  assert.ok(sliced(features(a, 2, 3, 2), features(a.map((v, i) => v + (i % 2)), 2, 3, 2)) > 0.01);
});

test('loss.sliced: directions come from (run seed, iteration, seed): reproducible, and new each iteration and seed', () => {
  const a = features([1, 2, 3, 0, 5, 6, 7, 4, -2, 3, 0, 8], 2, 3, 2);
  const b = features([0, 1, 4, 4, 2, 2, 9, 1, 1, -3, 5, 5], 2, 3, 2);
  const at = (iteration: number, seed = 0) => sliced(a, b, { projections: 2, seed }, iteration);
  assert.equal(at(1), at(1));
  assert.notEqual(at(1), at(2));
  assert.notEqual(at(1, 0), at(1, 1));
  // projections 0: as many directions as channels (2 here), the same draws as asking for 2.
  assert.equal(sliced(a, b, { projections: 0, seed: 0 }, 1), at(1));
  assert.notEqual(sliced(a, b, { projections: 1, seed: 0 }, 1), at(1));
});

test('loss.sliced: features of layers with other channel counts are a shape mismatch; other sizes are not', () => {
  const problems: string[] = [];
  const problem = (_code: string, message: string) => void problems.push(message) as undefined;
  const f = (height: number, channels: number) => ({ type: 'features' as const, height, width: height, channels });
  assert.deepEqual(lossSliced.inferShape!({ style: [f(8, 64)], generated: [f(4, 64)] }, {}, { problem }), { type: 'scalar' });
  assert.equal(lossSliced.inferShape!({ style: [f(8, 64)], generated: [f(8, 128)] }, {}, { problem }), undefined);
  assert.deepEqual(problems, ['the style features are 8x8x64 but the generated features are 8x8x128: take both from the same layer']);
});

test('sortRowsDescending: the gradient goes back to each value where it came from', () => {
  // Row 3 1 2 sorts to 3 2 1; weights 1 2 3 on the sorted values give d/dx = 1 3 2.
  const x = tf.tensor2d([3, 1, 2, -1, 5, 0], [2, 3]);
  const weights = tf.tensor2d([1, 2, 3, 1, 2, 3], [2, 3]);
  const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(sortRowsDescending(t as tf.Tensor2D), weights)))(x);
  assert.deepEqual(Array.from(grad.dataSync()), [1, 3, 2, 3, 1, 2]);
});

test('loss.sliced: the gradient through projections, sorts and resampling matches central differences', () => {
  // Well-separated values: no two projections swap order within a step.
  const style = features(Array.from({ length: 6 * 3 }, (_, i) => Math.cos(i * 0.7) * 5 + i * 0.3), 2, 3, 3);
  const x = tf.tensor4d(Array.from({ length: 4 * 3 }, (_, i) => Math.sin(i * 1.9) * 4 + i * 0.2), [1, 2, 2, 3]);
  const f = (t: tf.Tensor) => lossSliced.evaluate!({ style: [style], generated: [{ type: 'features', tensor: t as tf.Tensor4D }] }, { projections: 4, seed: 1 }, contextAt(3)).tensor as tf.Scalar;
  assertGradientMatches(f, x, { step: 1e-3 });
});
