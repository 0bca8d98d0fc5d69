import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import '../../src/core/run/gradients';
import { sqrtmNewtonSchulz } from '../../src/core/model/matrix-sqrt';
import { assertGradientMatches } from '../helpers/gradient-check';

const near = (actual: number, expected: number, tolerance: number) => assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);

before(async () => {
  await useBackend('cpu');
});

test('Newton–Schulz square root: known roots of a 2x2 and a 3x3 matrix', () => {
  // [5 4; 4 5] has eigenvalues 9 and 1 on (1, 1) and (1, -1): its root has 3 and 1 there, [2 1; 1 2].
  const root = sqrtmNewtonSchulz(tf.tensor2d([5, 4, 4, 5], [2, 2]), 12).dataSync();
  Array.from(root).forEach((v, i) => near(v, [2, 1, 1, 2][i]!, 1e-5));
  // R = [2 1 0; 1 3 1; 0 1 2] is symmetric positive definite (eigenvalues 1, 2, 4): R² = [5 5 1; 5 11 5; 1 5 5].
  const root3 = sqrtmNewtonSchulz(tf.tensor2d([5, 5, 1, 5, 11, 5, 1, 5, 5], [3, 3]), 12).dataSync();
  Array.from(root3).forEach((v, i) => near(v, [2, 1, 0, 1, 3, 1, 0, 1, 2][i]!, 1e-4));
});

test('Newton–Schulz square root of a random SPD 6x6 matrix squares back to it', () => {
  tf.tidy(() => {
    const m = tf.randomUniform([6, 6], -1, 1, 'float32', 3);
    // MᵀM + I: symmetric, eigenvalues at least 1.
    const a = tf.add(tf.matMul(m, m, true, false), tf.eye(6)) as tf.Tensor2D;
    const root = sqrtmNewtonSchulz(a, 20);
    const squared = tf.matMul(root, root).dataSync();
    Array.from(a.dataSync()).forEach((v, i) => near(squared[i]!, v, 1e-4 * 6));
    // The root is symmetric too.
    const r = root.arraySync();
    for (let i = 0; i < 6; i++) for (let j = 0; j < i; j++) near(r[i]![j]!, r[j]![i]!, 1e-5);
  });
});

test('Newton–Schulz square root: its gradient matches central differences', () => {
  const probe = tf.tensor2d([0.3, -1.2, 0.7, 0.4, 1.1, -0.5, -0.9, 0.2, 0.6], [3, 3]);
  const f = (x: tf.Tensor) => tf.sum(tf.mul(sqrtmNewtonSchulz(tf.div(tf.add(x, tf.transpose(x)), 2) as tf.Tensor2D, 12), probe)) as tf.Scalar;
  assertGradientMatches(f, tf.tensor2d([5, 5, 1, 5, 11, 5, 1, 5, 5], [3, 3]), { step: 1e-2, tolerance: 2e-2 });
});
