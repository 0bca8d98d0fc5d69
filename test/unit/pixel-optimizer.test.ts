import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import type { Objective } from '../../src/core/run/pixel-optimizer';
import { createPixelOptimizer } from '../../src/core/run/optimizer-choice';
import { Lbfgs } from '../../src/core/run/lbfgs';

before(() => useBackend('cpu'));

const ADAM = { method: 'adam', learningRate: 2, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, historySize: 10 };

/** f(x) = Σ c x: its gradient is c whatever x is. */
function linear(x: tf.Variable, c: tf.Tensor): Objective {
  return () => {
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(c, x)) as tf.Scalar, [x]);
    return { loss: value, grad: grads[x.name]!, reported: tf.reshape(value, [1]) as tf.Tensor1D };
  };
}

const pattern = (shape: [number, number, number, number], seed: number) =>
  tf.tensor4d(Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => Math.sin(seed + 1.7 * i) + 0.3 * Math.cos(i)), shape);

test('Adam between scales: the moments are resized bilinearly and the step count goes on', async () => {
  const { beta1: b1, beta2: b2, epsilon: eps, learningRate: lr } = ADAM;
  const adam = createPixelOptimizer(ADAM);
  const small = tf.variable(tf.zeros([1, 2, 3, 3]));
  const cSmall = pattern([1, 2, 3, 3], 1);
  for (let i = 0; i < 3; i++) (await adam.step(linear(small, cSmall), small)).dispose();
  await adam.rescale([4, 6]);

  const big = tf.variable(tf.zeros([1, 4, 6, 3]));
  const cBig = pattern([1, 4, 6, 3], 2);
  (await adam.step(linear(big, cBig), big)).dispose();

  // By hand: after 3 steps of a constant gradient m = (1 - b1^3) c and v = (1 - b2^3) c², then
  // resized; step 4 at the new size with bias correction 1 - b^4.
  const expected = tf.tidy(() => {
    const resize = (t: tf.Tensor) => tf.image.resizeBilinear(t as tf.Tensor4D, [4, 6], false, true);
    const m = tf.add(tf.mul(resize(tf.mul(cSmall, 1 - b1 ** 3)), b1), tf.mul(cBig, 1 - b1));
    const v = tf.add(tf.mul(resize(tf.mul(tf.square(cSmall), 1 - b2 ** 3)), b2), tf.mul(tf.square(cBig), 1 - b2));
    return tf.neg(tf.mul(tf.div(tf.div(m, 1 - b1 ** 4), tf.add(tf.sqrt(tf.div(v, 1 - b2 ** 4)), eps)), lr));
  });
  const restarted = tf.tidy(() => tf.neg(tf.mul(tf.div(cBig, tf.add(tf.abs(cBig), eps)), lr)));
  const error = tf.tidy(() => tf.max(tf.abs(tf.sub(big, expected))).dataSync()[0]!);
  assert.ok(error < 1e-4, `max difference from the hand-computed step: ${error}`);
  // The check has teeth: a fresh Adam (zero moments, step 1) would step elsewhere.
  const fromRestart = tf.tidy(() => tf.max(tf.abs(tf.sub(expected, restarted))).dataSync()[0]!);
  assert.ok(fromRestart > 0.1, `a restarted Adam differs by ${fromRestart}`);
  tf.dispose([small, big, cSmall, cBig, expected, restarted]);
  adam.dispose();
});

test('Adam rescale keeps the tensor count flat (the old moments are freed)', async () => {
  const adam = createPixelOptimizer(ADAM);
  const start = tf.zeros([1, 2, 2, 3]);
  let x = tf.variable(start);
  start.dispose();
  const counts: number[] = [];
  for (const [h, w] of [[2, 2], [3, 3], [4, 4]] as const) {
    if (h > 2) {
      await adam.rescale([h, w]);
      x.dispose();
      const start = tf.zeros([1, h, w, 3]);
      x = tf.variable(start);
      start.dispose();
    }
    const c = tf.ones([1, h, w, 3]);
    (await adam.step(linear(x, c), x)).dispose();
    c.dispose();
    counts.push(tf.memory().numTensors);
  }
  assert.equal(new Set(counts).size, 1, `tensor counts ${counts.join(' ')}`);
  x.dispose();
  adam.dispose();
});

test('L-BFGS between scales: the history restarts, so the first step moves the largest pixel by the learning rate', async () => {
  const lbfgs = new Lbfgs(5, 3);
  const small = tf.variable(tf.zeros([1, 2, 2, 3]));
  // Σ (x - 5)²: from 0 a step of 3 lowers it and flattens the slope enough to be accepted as it is.
  const quadratic = (x: tf.Variable): Objective => () => {
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.sub(x, 5))) as tf.Scalar, [x]);
    return { loss: value, grad: grads[x.name]!, reported: tf.reshape(value, [1]) as tf.Tensor1D };
  };
  for (let i = 0; i < 2; i++) (await lbfgs.step(quadratic(small), small)).dispose();
  await lbfgs.rescale();
  const big = tf.variable(tf.zeros([1, 4, 4, 3]));
  (await lbfgs.step(quadratic(big), big)).dispose();
  assert.equal(tf.max(tf.abs(big)).dataSync()[0], 3);
  tf.dispose([small, big]);
  lbfgs.dispose();
});
