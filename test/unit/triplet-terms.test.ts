import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { tripletTerms } from '../../src/core/face/triplet-terms';

before(() => useBackend('cpu'));

test('max(d(A, P) − d(A, N) + α, 0) for each triplet, by hand', () => {
  const terms = tripletTerms(tf.tensor1d([1, 5, 2, 0.5]), tf.tensor1d([3, 1, 2, 0.3]), 0.2).dataSync();
  // 1 − 3 + 0.2 < 0; 5 − 1 + 0.2; 2 − 2 + 0.2; 0.5 − 0.3 + 0.2.
  [0, 4.2, 0.2, 0.4].forEach((e, i) => assert.ok(Math.abs(terms[i]! - e) < 1e-6, `term ${i}: ${terms[i]}`));
});

test('the gradient is +1 for d(A, P) and −1 for d(A, N) where the margin is violated, 0 elsewhere', () => {
  const [dp, dn] = tf.grads((p: tf.Tensor, n: tf.Tensor) => tf.sum(tripletTerms(p, n, 0.5)))([tf.tensor1d([1, 5]), tf.tensor1d([3, 1])]);
  assert.deepEqual(Array.from(dp!.dataSync(), (v) => v + 0), [0, 1]); // + 0: -0 is 0
  assert.deepEqual(Array.from(dn!.dataSync(), (v) => v + 0), [0, -1]);
});
