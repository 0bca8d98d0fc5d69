import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import '../../src/core/run/gradients';
import { sortRowsDescending } from '../../src/core/model/sorted-rows';
import { mulberry32 } from '../helpers/weight-files';

before(() => useBackend('wasm'));

// The shapes of loss.sliced's projections at small images (rows: directions, columns: positions),
// where tfjs-wasm's gather with batchDims 1 crashed ("memory access out of bounds") or gave wrong values.
for (const [rows, n] of [[32, 12], [64, 48], [128, 192], [4, 3]] as const) {
  test(`sortRowsDescending on wasm, ${rows}x${n}: the gradient goes back to each value where it came from`, () => {
    const r = mulberry32(rows * 1000 + n);
    const x = Array.from({ length: rows }, () => Array.from({ length: n }, () => r()));
    const weights = Array.from({ length: rows }, () => Array.from({ length: n }, () => r()));
    const grad = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(sortRowsDescending(t as tf.Tensor2D), tf.tensor2d(weights))))(tf.tensor2d(x)).arraySync()) as number[][];
    x.forEach((row, i) => {
      // The value at sorted position k gets weight k: d/dx[j] = weights[rank of x[j]].
      const ranks = row.map((v, j) => [v, j] as const).sort((a, b) => b[0] - a[0]).map(([, j]) => j);
      ranks.forEach((j, k) => assert.ok(Math.abs(grad[i]![j]! - weights[i]![k]!) < 1e-6, `row ${i}, column ${j}: ${grad[i]![j]} vs ${weights[i]![k]}`));
    });
  });
}
