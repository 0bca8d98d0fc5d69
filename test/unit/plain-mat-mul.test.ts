import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { plainMatMul } from '../../src/core/model/plain-mat-mul';
import { mulberry32 } from '../helpers/weight-files';
import { relativeError } from '../helpers/tensor-compare';

before(() => useBackend('cpu'));

function random(rows: number, cols: number, seed: number): tf.Tensor2D {
  const r = mulberry32(seed);
  return tf.tensor2d(Float32Array.from({ length: rows * cols }, () => r() - 0.5), [rows, cols]);
}

test('plainMatMul: the product and both gradients equal tf.matMul\'s (non-square, non-symmetric operands, a weighted sum downstream)', () => {
  tf.tidy(() => {
    const [a, b, probe] = [random(5, 7, 1), random(7, 3, 2), random(5, 3, 3)];
    const loss = (mul: (x: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor2D) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(mul(x as tf.Tensor2D, y as tf.Tensor2D), probe));
    assert.ok(relativeError(plainMatMul(a, b), tf.matMul(a, b)) < 1e-6);
    const [gotA, gotB] = tf.grads(loss(plainMatMul))([a, b]);
    const [wantA, wantB] = tf.grads(loss((x, y) => tf.matMul(x, y)))([a, b]);
    assert.deepEqual(gotA!.shape, [5, 7]);
    assert.deepEqual(gotB!.shape, [7, 3]);
    assert.ok(relativeError(gotA!, wantA!) < 1e-6, 'gradient of a');
    assert.ok(relativeError(gotB!, wantB!) < 1e-6, 'gradient of b');
  });
});
