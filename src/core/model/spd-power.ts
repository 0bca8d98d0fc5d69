import * as tf from '@tensorflow/tfjs-core';
import { symmetricEigen } from './symmetric-eigen';

/**
 * A^p of a small symmetric positive definite matrix (p = 1/2: square root, -1/2: inverse square
 * root) through its eigendecomposition in float64, exact where Newton–Schulz iterations would need
 * many steps for an ill-conditioned A. Differentiable: the gradient is the Daleckii–Krein formula
 * V ((Vᵀ Ḡ V) ∘ K) Vᵀ, Ḡ the symmetrised upstream gradient and K the divided differences of λ^p.
 * Reads A back to the CPU (meant for colour covariances, 3 x 3).
 */
export function spdPower(a: tf.Tensor2D, p: number): tf.Tensor2D {
  const n = a.shape[0];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor2D;
    const { values, vectors } = symmetricEigen(x.dataSync(), n);
    const lambda = values.map((l) => Math.max(l, 1e-30));
    const f = lambda.map((l) => l ** p);
    const value = tf.tensor2d(Float32Array.from(conjugate(vectors, f.map((fi, i) => f.map((_, j) => (i === j ? fi : 0))), n)), [n, n]);
    const gradFunc = (dy: tf.Tensor) => {
      const g = dy.dataSync();
      const sym = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (g[i * n + j]! + g[j * n + i]!) / 2));
      // Vᵀ Ḡ V, then ∘ K.
      const inner = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) s += vectors[k * n + i]! * sym[k]![l]! * vectors[l * n + j]!;
        const li = lambda[i]!;
        const lj = lambda[j]!;
        const k = Math.abs(li - lj) <= 1e-12 * Math.max(li, lj) ? p * ((li + lj) / 2) ** (p - 1) : (f[i]! - f[j]!) / (li - lj);
        return s * k;
      }));
      return tf.tensor2d(Float32Array.from(conjugate(vectors, inner, n)), [n, n]);
    };
    return { value, gradFunc };
  });
  return op(a) as tf.Tensor2D;
}

/** V M Vᵀ, row-major. */
function conjugate(v: Float64Array, m: number[][], n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) s += v[i * n + k]! * m[k]![l]! * v[j * n + l]!;
      out[i * n + j] = s;
    }
  }
  return out;
}
