import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { lossTv } from '../../src/core/nodes/loss-tv';
import type { EvalContext, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';

const ctx = { nodeId: 'tv' } as EvalContext;
const tv = (image: tf.Tensor, power: number) => lossTv.evaluate!({ image: [{ type: 'image', tensor: image } as Value] }, { power }, ctx).tensor as tf.Scalar;

before(async () => {
  await useBackend('cpu');
});

// A 2x2 RGB image, pixels [R, G, B]: (0,0) [0, 5, 0], (0,1) [10, 5, 0], (1,0) [20, 5, 0], (1,1) [50, 5, 3].
const image = () => tf.tensor4d([0, 5, 0, 10, 5, 0, 20, 5, 0, 50, 5, 3], [1, 2, 2, 3]);

test('loss.tv, power 2: squared neighbour differences over H W 3', () => {
  // Down: R 20-0, 50-10; B 3. Right: R 10-0, 50-20; B 3. G is flat.
  // (400 + 1600 + 9 + 100 + 900 + 9) / (2 * 2 * 3) = 3018 / 12 = 251.5
  assert.equal(tv(image(), 2).dataSync()[0], 251.5);
});

test('loss.tv, power 1: absolute neighbour differences over H W 3', () => {
  // (20 + 40 + 3 + 10 + 30 + 3) / 12 = 106 / 12
  assert.ok(Math.abs(tv(image(), 1).dataSync()[0]! - 106 / 12) < 1e-5);
});

test('loss.tv: a flat image costs nothing; a one-row image has only horizontal terms', () => {
  assert.equal(tv(tf.fill([1, 3, 4, 3], 7), 2).dataSync()[0], 0);
  // [0 0 0] [3 0 0] [3 4 0]: (9 + 16) / (1 * 3 * 3)
  assert.ok(Math.abs(tv(tf.tensor4d([0, 0, 0, 3, 0, 0, 3, 4, 0], [1, 1, 3, 3]), 2).dataSync()[0]! - 25 / 9) < 1e-6);
});

test('loss.tv: the gradient matches central differences, both powers', () => {
  // Distinct values so no difference sits at |.|'s kink within a step.
  const x = tf.tensor4d(Array.from({ length: 3 * 4 * 3 }, (_, i) => ((i * 37) % 23) * 3.1 + i * 0.07), [1, 3, 4, 3]);
  assertGradientMatches((t) => tv(t, 2), x);
  assertGradientMatches((t) => tv(t, 1), x);
});
