import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { spdPower } from '../../src/core/model/spd-power';
import { assertGradientMatches } from '../helpers/gradient-check';

before(() => useBackend('cpu'));

const near = (actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string) =>
  Array.from(actual).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= tolerance, `${what} [${i}]: ${v} vs ${expected[i]}`));

// R = [2 1 0; 1 3 1; 0 1 2] (eigenvalues 1, 2, 4) and R² = A.
const A = [5, 5, 1, 5, 11, 5, 1, 5, 5];
const R = [2, 1, 0, 1, 3, 1, 0, 1, 2];

test('p = 1/2: the square root of R² is R, and of [5 4; 4 5] is [2 1; 1 2]', () => {
  tf.tidy(() => {
    near(spdPower(tf.tensor2d(A, [3, 3]), 0.5).dataSync(), R, 1e-5, '√A');
    near(spdPower(tf.tensor2d([5, 4, 4, 5], [2, 2]), 0.5).dataSync(), [2, 1, 1, 2], 1e-6, '√[5 4; 4 5]');
  });
});

test('p = -1/2: A^-1/2 A A^-1/2 is the identity; p = 1 gives A back', () => {
  tf.tidy(() => {
    const a = tf.tensor2d(A, [3, 3]);
    const inverseRoot = spdPower(a, -0.5);
    near(tf.matMul(tf.matMul(inverseRoot, a), inverseRoot).dataSync(), [1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-5, 'A^-1/2 A A^-1/2');
    near(spdPower(a, 1).dataSync(), A, 1e-4, 'A¹');
  });
});

test('the gradient matches central differences (symmetric perturbations, p = 1/2 and -1/2)', () => {
  const probe = tf.tensor2d([0.3, -1.2, 0.7, 0.4, 1.1, -0.5, -0.9, 0.2, 0.6], [3, 3]);
  for (const p of [0.5, -0.5]) {
    // The matrix stays symmetric: spdPower's input is (x + xᵀ)/2.
    const f = (x: tf.Tensor) => tf.sum(tf.mul(spdPower(tf.div(tf.add(x, tf.transpose(x)), 2) as tf.Tensor2D, p), probe)) as tf.Scalar;
    assertGradientMatches(f, tf.tensor2d(A, [3, 3]), { step: 1e-2, tolerance: 2e-2 });
  }
});

test('equal eigenvalues: at 4I the gradient of Σ P ∘ A^1/2 is P/4 (the limit p λ^(p-1))', () => {
  tf.tidy(() => {
    const p = tf.tensor2d([1, 2, 0, 2, -3, 1, 0, 1, 5], [3, 3]);
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(spdPower(x as tf.Tensor2D, 0.5), p)))(tf.mul(tf.eye(3), 4));
    near(grad.dataSync(), Array.from(p.dataSync(), (v) => v / 4), 1e-6, 'gradient');
  });
});
