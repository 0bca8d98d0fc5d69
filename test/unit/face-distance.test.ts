import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { encodingDistance } from '../../src/core/nodes/face-distance';
import type { EvalContext, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';

const ctx = { nodeId: 'n' } as EvalContext;
const encoding = (values: number[]): Value => ({ type: 'encoding', tensor: tf.tensor2d([[...values, ...new Array(128 - values.length).fill(0)]]) });
const distance = (a: Value, b: Value) => encodingDistance.evaluate!({ a: [a], b: [b] }, {}, ctx);

before(async () => {
  await useBackend('cpu');
});

test('encoding.distance is the L2 distance', () => {
  const d = distance(encoding([1, 2]), encoding([4, 6]));
  assert.equal(d.type, 'scalar');
  assert.ok(Math.abs(d.tensor.dataSync()[0]! - 5) < 1e-5);
});

test('encoding.distance: over all 128 components, symmetric', () => {
  // Every component differs by 0.5: √(128 · 0.25) = √32.
  const a = encoding(new Array(128).fill(0.25));
  const b = encoding(new Array(128).fill(-0.25));
  assert.ok(Math.abs(distance(a, b).tensor.dataSync()[0]! - Math.sqrt(32)) < 1e-5);
  assert.equal(distance(b, a).tensor.dataSync()[0], distance(a, b).tensor.dataSync()[0]);
});

test('encoding.distance: equal encodings are at distance 1e-6 with a finite gradient', () => {
  const a = encoding([0.3, -0.2, 0.1]);
  assert.ok(Math.abs(distance(a, a).tensor.dataSync()[0]! - 1e-6) < 1e-9);
  const grad = tf.grad((x: tf.Tensor) => distance({ type: 'encoding', tensor: x as tf.Tensor2D }, a).tensor as tf.Scalar)(a.tensor);
  assert.ok(Array.from(grad.dataSync()).every(Number.isFinite));
});

test('encoding.distance: the gradient matches central differences', () => {
  const b = tf.tensor2d([[1, -2, 0.5, 3]]);
  const f = (x: tf.Tensor) => encodingDistance.evaluate!({ a: [{ type: 'encoding', tensor: x as tf.Tensor2D }], b: [{ type: 'encoding', tensor: b }] }, {}, ctx).tensor as tf.Scalar;
  assertGradientMatches(f, tf.tensor2d([[2, 1, -1, 0]]));
});
