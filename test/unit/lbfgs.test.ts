import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { Lbfgs } from '../../src/core/run/lbfgs';
import type { Objective } from '../../src/core/run/pixel-optimizer';

before(() => useBackend('cpu'));

/** f(x) = ½ Σ wᵢ (xᵢ - cᵢ)², badly conditioned (w from 1 to 100): minimum f = 0 at x = c. */
function quadratic(x: tf.Variable, n: number): { objective: Objective; target: Float32Array } {
  const w = tf.linspace(1, 100, n).reshape(x.shape);
  const target = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 10);
  const c = tf.tensor(target, x.shape);
  const objective: Objective = () => {
    const { value, grads } = tf.variableGrads(() => tf.mul(0.5, tf.sum(tf.mul(w, tf.square(tf.sub(x, c))))) as tf.Scalar, [x]);
    return { loss: value, grad: grads[x.name]!, reported: tf.reshape(value, [1]) as tf.Tensor1D };
  };
  return { objective, target };
}

test('L-BFGS minimises a badly conditioned quadratic in few iterations', async () => {
  const n = 48;
  const x = tf.variable(tf.zeros([1, 4, 4, 3]));
  const { objective, target } = quadratic(x, n);
  const lbfgs = new Lbfgs(10, 1);
  const losses: number[] = [];
  for (let i = 0; i < 30; i++) {
    const reported = await lbfgs.step(objective, x);
    losses.push(reported.dataSync()[0]!);
    reported.dispose();
  }
  assert.ok(losses.every((l, i) => i === 0 || l <= losses[i - 1]!), `monotone: ${losses.join(' ')}`);
  const error = Math.max(...Array.from(x.dataSync(), (v, i) => Math.abs(v - target[i]!)));
  assert.ok(error < 1e-3, `max error ${error}`);
  // Gradient descent with the best fixed step would need hundreds of iterations at condition number 100.
  assert.ok(losses[29]! < 1e-6 * losses[0]!, `final loss ${losses[29]}`);
  assert.ok(lbfgs.evaluations >= 30 && lbfgs.evaluations < 80, `${lbfgs.evaluations} evaluations`);
  lbfgs.dispose();
  x.dispose();
});

test('L-BFGS keeps a flat tensor count once its history is full, and frees everything on dispose', async () => {
  const x = tf.variable(tf.zeros([1, 4, 4, 3]));
  const { objective } = quadratic(x, 48);
  const baseline = tf.memory().numTensors;
  const lbfgs = new Lbfgs(3, 1);
  const counts: number[] = [];
  for (let i = 0; i < 12; i++) {
    (await lbfgs.step(objective, x)).dispose();
    counts.push(tf.memory().numTensors);
  }
  assert.equal(new Set(counts.slice(4)).size, 1, counts.join(' '));
  lbfgs.dispose();
  assert.equal(tf.memory().numTensors, baseline);
  x.dispose();
});
