import * as tf from '@tensorflow/tfjs-core';
import { spdPower } from '../model/spd-power';

export type ColourMatchMode = 'pca' | 'cholesky' | 'sym';

/** Added to each colour covariance's diagonal (0-255 units squared), so a flat channel still inverts. */
const EPSILON = 1e-4;

/**
 * `image` with its colour mean and covariance moved to `reference`'s by an affine map
 * x -> A (x - μx) + μr with A Σx Aᵀ = Σr (Gatys et al. 2017's colour matching): pca A = Σr^½ Σx^-½,
 * cholesky A = Lr Lx⁻¹, sym A = Σx^-½ (Σx^½ Σr Σx^½)^½ Σx^-½ (the symmetric one, the
 * optimal-transport map). Differentiable in both inputs.
 */
export function matchColours(image: tf.Tensor4D, reference: tf.Tensor4D, mode: ColourMatchMode): tf.Tensor4D {
  return tf.tidy(() => {
    const x = meanAndCovariance(image);
    const r = meanAndCovariance(reference);
    const a = transform(x.covariance, r.covariance, mode);
    const matched = tf.add(tf.matMul(x.centred, a, false, true), r.mean);
    return tf.reshape(matched, image.shape) as tf.Tensor4D;
  });
}

function meanAndCovariance(image: tf.Tensor4D): { mean: tf.Tensor2D; centred: tf.Tensor2D; covariance: tf.Tensor2D } {
  const pixels = tf.reshape(image, [-1, 3]) as tf.Tensor2D;
  const mean = tf.mean(pixels, 0, true) as tf.Tensor2D;
  const centred = tf.sub(pixels, mean) as tf.Tensor2D;
  const covariance = tf.add(tf.div(tf.matMul(centred, centred, true, false), pixels.shape[0]), tf.mul(tf.eye(3), EPSILON)) as tf.Tensor2D;
  return { mean, centred, covariance };
}

function transform(sx: tf.Tensor2D, sr: tf.Tensor2D, mode: ColourMatchMode): tf.Tensor2D {
  if (mode === 'cholesky') return tf.matMul(cholesky3(sr), lowerInverse3(cholesky3(sx)));
  if (mode === 'pca') return tf.matMul(spdPower(sr, 0.5), spdPower(sx, -0.5));
  const rootX = spdPower(sx, 0.5);
  const inverseRootX = spdPower(sx, -0.5);
  const middle = spdPower(tf.matMul(tf.matMul(rootX, sr), rootX), 0.5);
  return tf.matMul(tf.matMul(inverseRootX, middle), inverseRootX);
}

/** Element (i, j) of a matrix as a 1 x 1 tensor. */
const at = (m: tf.Tensor2D, i: number, j: number) => tf.slice(m, [i, j], [1, 1]);
/** A 3 x 3 matrix from 1 x 1 tensors, 0 where null. */
function assemble(rows: (tf.Tensor | null)[][]): tf.Tensor2D {
  const zero = tf.zeros([1, 1]);
  return tf.concat(rows.map((row) => tf.concat(row.map((e) => e ?? zero), 1)), 0) as tf.Tensor2D;
}

/** The lower Cholesky factor of a 3 x 3 symmetric positive definite matrix, in differentiable scalar ops. */
function cholesky3(a: tf.Tensor2D): tf.Tensor2D {
  const l00 = tf.sqrt(at(a, 0, 0));
  const l10 = tf.div(at(a, 1, 0), l00);
  const l20 = tf.div(at(a, 2, 0), l00);
  const l11 = tf.sqrt(tf.sub(at(a, 1, 1), tf.square(l10)));
  const l21 = tf.div(tf.sub(at(a, 2, 1), tf.mul(l20, l10)), l11);
  const l22 = tf.sqrt(tf.sub(tf.sub(at(a, 2, 2), tf.square(l20)), tf.square(l21)));
  return assemble([[l00, null, null], [l10, l11, null], [l20, l21, l22]]);
}

/** The inverse of a 3 x 3 lower triangular matrix, by forward substitution. */
function lowerInverse3(l: tf.Tensor2D): tf.Tensor2D {
  const m00 = tf.reciprocal(at(l, 0, 0));
  const m11 = tf.reciprocal(at(l, 1, 1));
  const m22 = tf.reciprocal(at(l, 2, 2));
  const m10 = tf.neg(tf.mul(tf.mul(at(l, 1, 0), m00), m11));
  const m21 = tf.neg(tf.mul(tf.mul(at(l, 2, 1), m11), m22));
  const m20 = tf.neg(tf.mul(tf.add(tf.mul(at(l, 2, 0), m00), tf.mul(at(l, 2, 1), m10)), m22));
  return assemble([[m00, null, null], [m10, m11, null], [m20, m21, m22]]);
}
