import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';

/**
 * Compares tfjs's gradient of `f` at `x` with central differences (f(x + h e_i) - f(x - h e_i)) / 2h
 * on every element. tfjs has no float64, so the step is large and the check is relative to the
 * largest gradient element: every element must agree within `tolerance` of it.
 */
export function assertGradientMatches(f: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor, { step = 1e-2, tolerance = 1e-2 } = {}): void {
  const analytic = tf.tidy(() => tf.grad(f)(x).dataSync());
  const values = x.dataSync();
  const at = (i: number, delta: number) => tf.tidy(() => {
    const moved = values.slice();
    moved[i]! += delta;
    return f(tf.tensor(moved, x.shape)).dataSync()[0]!;
  });
  const numeric = Array.from(values, (_, i) => (at(i, step) - at(i, -step)) / (2 * step));
  const scale = Math.max(...numeric.map(Math.abs));
  assert.ok(scale > 0, 'the gradient is zero: the check would prove nothing');
  numeric.forEach((n, i) => {
    assert.ok(Math.abs(analytic[i]! - n) <= tolerance * scale, `d/dx[${i}]: tfjs ${analytic[i]} vs central difference ${n} (largest ${scale})`);
  });
}
