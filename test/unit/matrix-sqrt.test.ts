import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { sqrtmNewtonSchulz } from '../../src/core/model/matrix-sqrt';

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
