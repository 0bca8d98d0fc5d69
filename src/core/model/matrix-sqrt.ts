import * as tf from '@tensorflow/tfjs-core';
import { plainMatMul } from './plain-mat-mul';

/**
 * Square root of a symmetric positive semi-definite matrix by the coupled Newton–Schulz iteration:
 * Y = A/‖A‖_F, Z = I; repeat {T = (3I - ZY)/2; Y = YT; Z = TZ}; √A ≈ Y √‖A‖_F. Only matrix
 * products, so it runs (and differentiates) on every backend. Scaling by the Frobenius norm puts
 * the eigenvalues in (0, 1], where it converges; in float32 it drifts away again after about 20
 * iterations when A is (nearly) rank-deficient, so callers bound `iterations`. The products are
 * plainMatMul's: tf.matMul's gradient made this 13.5 s forward and backward at 512x512 on wasm.
 */
export function sqrtmNewtonSchulz(a: tf.Tensor2D, iterations: number): tf.Tensor2D {
  return tf.tidy(() => {
    const n = a.shape[0];
    const identity = tf.eye(n);
    const threeI = tf.mul(identity, 3);
    const norm = tf.sqrt(tf.sum(tf.square(a)));
    let y = tf.div(a, norm) as tf.Tensor2D;
    let z = identity as tf.Tensor2D;
    for (let i = 0; i < iterations; i++) {
      const t = tf.mul(tf.sub(threeI, plainMatMul(z, y)), 0.5) as tf.Tensor2D;
      y = plainMatMul(y, t);
      z = plainMatMul(t, z);
    }
    return tf.mul(y, tf.sqrt(norm));
  });
}
