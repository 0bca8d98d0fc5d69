import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { lossTriplet } from '../../src/core/nodes/face-triplet';
import type { EvalContext, Params, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';

const ctx = { nodeId: 'n' } as EvalContext;
const run = (inputs: Record<string, Value[]>, params: Params = {}) => lossTriplet.evaluate!(inputs, params, ctx);
const encoding = (values: number[]): Value => ({ type: 'encoding', tensor: tf.tensor2d([[...values, ...new Array(128 - values.length).fill(0)]]) });

before(async () => {
  await useBackend('cpu');
});

test("loss.triplet: the course's Σ max(‖A−P‖² − ‖A−N‖² + α, 0), by hand", () => {
  // Triplet 1: ‖A−P‖² = 0.01, ‖A−N‖² = 2 → max(0.01 − 2 + 0.2, 0) = 0.
  // Triplet 2: ‖A−P‖² = 0.01, ‖A−N‖² = 0.04 → 0.01 − 0.04 + 0.2 = 0.17.
  const inputs = {
    anchor: [encoding([1, 0]), encoding([1, 0])],
    positive: [encoding([0.9, 0]), encoding([0.9, 0])],
    negative: [encoding([0, 1]), encoding([0.8, 0])],
  };
  assert.ok(Math.abs(run(inputs, { alpha: 0.2 }).tensor.dataSync()[0]! - 0.17) < 1e-6);
  // α = 0.5: max(0.01 − 2 + 0.5, 0) + (0.01 − 0.04 + 0.5) = 0.47.
  assert.ok(Math.abs(run(inputs, { alpha: 0.5 }).tensor.dataSync()[0]! - 0.47) < 1e-6);
});

test('loss.triplet: the i-th edges of the three inputs make a triplet', () => {
  // Swapping the negatives' order pairs anchor 1 with N = (1, 0) itself: ‖A−N‖² = 0 → 0.01 + 0.2;
  // anchor 2 (0, 1) with N = (0, 0): 0.01 − 1 + 0.2 < 0 → 0.
  const anchor = [encoding([1, 0]), encoding([0, 1])];
  const positive = [encoding([0.9, 0]), encoding([0, 0.9])];
  const value = run({ anchor, positive, negative: [encoding([1, 0]), encoding([0, 0])] }, { alpha: 0.2 });
  assert.equal(value.type, 'scalar');
  assert.ok(Math.abs(value.tensor.dataSync()[0]! - 0.21) < 1e-6);
  assert.ok(Math.abs(run({ anchor, positive, negative: [encoding([0, 0]), encoding([1, 0])] }, { alpha: 0.2 }).tensor.dataSync()[0]!) < 1e-7);
});

test('loss.triplet: unequal numbers of anchors, positives and negatives are named', () => {
  const counts: Record<string, number> = { anchor: 2, positive: 2, negative: 1 };
  assert.deepEqual(lossTriplet.validate!({ alpha: 0.2 }, { connected: (p) => counts[p]! }), [
    { code: 'missing-input', port: 'negative', message: 'every triplet needs an anchor, a positive and a negative: 2 anchors, 2 positives, 1 negatives' },
  ]);
});

test('loss.triplet: a missing positive is named before the negatives; equal counts, or no anchor yet, are no problem', () => {
  const problems = (anchor: number, positive: number, negative: number) => lossTriplet.validate!({ alpha: 0.2 }, { connected: (p) => ({ anchor, positive, negative })[p as 'anchor']! });
  assert.deepEqual(problems(3, 1, 2).map((p) => p.port), ['positive']);
  assert.deepEqual(problems(3, 3, 3), []);
  assert.deepEqual(problems(0, 1, 0), []);
});

test('loss.triplet: the gradient in the anchor matches central differences', () => {
  const p = tf.tensor2d([[0.5, 0.2, -0.1]]);
  const n = tf.tensor2d([[0.6, 0.1, 0.3]]);
  const f = (x: tf.Tensor) => run({ anchor: [{ type: 'encoding', tensor: x as tf.Tensor2D }], positive: [{ type: 'encoding', tensor: p }], negative: [{ type: 'encoding', tensor: n }] }, { alpha: 1 }).tensor as tf.Scalar;
  assertGradientMatches(f, tf.tensor2d([[0.1, -0.3, 0.4]]));
});
