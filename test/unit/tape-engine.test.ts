import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { tapeEngine } from '../../src/core/model/tape-engine';

before(() => useBackend('cpu'));

test('one recorded step with two outputs: its own backward function gets both upstream gradients and the saved tensors', () => {
  tf.tidy(() => {
    const x = tf.tensor1d([1, 2, 3]);
    let seen: { dys: number[][]; saved: number[][] } | undefined;
    const f = (input: tf.Tensor) => {
      const [doubled, squared] = tapeEngine().runKernelFunc({
        inputs: { input },
        forwardFunc: (_backend, save) => {
          const outputs = [tf.mul(input, 2), tf.square(input)];
          save([input]);
          return outputs;
        },
        backwardsFunc: (dys, saved) => {
          const [d1, d2] = dys as tf.Tensor[];
          seen = { dys: [Array.from(d1!.dataSync()), Array.from(d2!.dataSync())], saved: saved.map((t) => Array.from(t.dataSync())) };
          // d(2x)/dx = 2 and d(x²)/dx = 2x.
          return { input: () => tf.add(tf.mul(d1!, 2), tf.mul(tf.mul(d2!, saved[0]!), 2)) };
        },
      }) as tf.Tensor[];
      return tf.add(tf.sum(tf.mul(doubled!, tf.tensor1d([1, 0, 1]))), tf.sum(squared!)) as tf.Scalar;
    };
    assert.equal(f(x).dataSync()[0], 2 + 6 + 14);
    assert.deepEqual(Array.from(tf.grad(f)(x).dataSync()), [2 + 2, 0 + 4, 2 + 6]);
    assert.deepEqual(seen, { dys: [[1, 0, 1], [1, 1, 1]], saved: [[1, 2, 3]] });
  });
});
