import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { Adam } from '../../src/core/run/adam';
import type { Objective } from '../../src/core/run/pixel-optimizer';

before(() => useBackend('cpu'));

/** f(x) = Σ x⁴/4 - x: its gradient x³ - 1 changes from step to step; reports f. */
function quartic(x: tf.Variable): Objective {
  return () => {
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.sub(tf.div(tf.pow(x, 4), 4), x)) as tf.Scalar, [x]);
    return { loss: value, grad: grads[x.name]!, reported: tf.reshape(value, [1]) as tf.Tensor1D };
  };
}

/** The same steps in float64 by the textbook formulas: m̂ = m / (1 - β1ᵗ), v̂ = v / (1 - β2ᵗ), x -= lr m̂ / (√v̂ + ε). */
function byHand(start: number[], steps: number, lr: number, b1: number, b2: number, eps: number): number[] {
  const x = [...start];
  const m = x.map(() => 0);
  const v = x.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    x.forEach((xi, i) => {
      const g = xi ** 3 - 1;
      m[i] = b1 * m[i]! + (1 - b1) * g;
      v[i] = b2 * v[i]! + (1 - b2) * g * g;
      x[i] = xi - (lr * (m[i]! / (1 - b1 ** t))) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps);
    });
  }
  return x;
}

test('three steps equal Adam by hand, epsilon included; each returns the loss at the image it started from', async () => {
  const start = [1.5, -2, 0.25, 0];
  for (const params of [{ learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, { learningRate: 0.3, beta1: 0.5, beta2: 0.9, epsilon: 0.5 }]) {
    const image = tf.variable(tf.tensor4d(start, [1, 1, 2, 2]));
    const adam = new Adam(params);
    try {
      const reported: number[] = [];
      for (let i = 0; i < 3; i++) {
        const before = image.dataSync().slice();
        const r = await adam.step(quartic(image), image);
        reported.push(r.dataSync()[0]!);
        r.dispose();
        const f = Array.from(before).reduce((s, xi) => s + xi ** 4 / 4 - xi, 0);
        assert.ok(Math.abs(reported[i]! - f) < 1e-4, `step ${i}: reported ${reported[i]}, f ${f}`);
      }
      const expected = byHand(start, 3, params.learningRate, params.beta1, params.beta2, params.epsilon);
      Array.from(image.dataSync()).forEach((xi, i) => assert.ok(Math.abs(xi - expected[i]!) < 1e-5, `${JSON.stringify(params)} x[${i}] ${xi} vs ${expected[i]}`));
      assert.equal(adam.evaluations, 3);
    } finally {
      adam.dispose();
      image.dispose();
    }
  }
});

test('a step disposes the loss and the gradient: the tensor count stays flat', async () => {
  const image = tf.variable(tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]));
  const adam = new Adam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  const counts: number[] = [];
  for (let i = 0; i < 5; i++) {
    (await adam.step(quartic(image), image)).dispose();
    counts.push(tf.memory().numTensors);
  }
  assert.equal(new Set(counts.slice(1)).size, 1, `tensor counts ${counts.join(' ')}`);
  adam.dispose();
  image.dispose();
});
