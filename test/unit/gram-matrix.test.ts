import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import '../../src/core/run/gradients';
import { gramMatrix } from '../../src/core/model/gram-matrix';
import { relativeError, randomTensor } from '../helpers/tensor-compare';

before(() => useBackend('cpu'));

test('gramMatrix: value and gradient equal matMul(a, a, true, false) and its gradient', () => {
  for (const [p, c, seed] of [[35, 4, 1], [6, 9, 2], [1, 3, 3]] as const) {
    tf.tidy(() => {
      const a = randomTensor([p, c], seed, 3) as tf.Tensor2D;
      const probe = randomTensor([c, c], seed + 100);
      assert.ok(relativeError(gramMatrix(a), tf.matMul(a, a, true, false)) < 1e-6);
      const g1 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gramMatrix(t as tf.Tensor2D), probe)))(a);
      const g2 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.matMul(t as tf.Tensor2D, t as tf.Tensor2D, true, false), probe)))(a);
      assert.ok(relativeError(g1, g2) < 1e-5, `${p}x${c}`);
    });
  }
});
