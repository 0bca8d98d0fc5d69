import * as tf from '@tensorflow/tfjs-core';

/**
 * Each row sorted in descending order, differentiable: tfjs has no gradient for topk, so the sort
 * order is taken as a constant and the gradient goes back through it (dx = dy gathered by the
 * inverse permutation). Ops inside customGrad are not recorded on the tape.
 */
export function sortRowsDescending(x: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const { values, indices } = tf.topk(input, input.shape[1]);
    save([indices]);
    return {
      value: values,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const order = saved[0] as tf.Tensor2D;
        const [rows, n] = order.shape;
        // inverse[r][order[r][j]] = j: the ascending sort of the indices, by topk of their negatives.
        const inverse = tf.topk(tf.neg(tf.cast(order, 'float32')), n).indices;
        // dx[r][j] = dy[r][inverse[r][j]], gathered from the flattened rows: tfjs-wasm's gather with
        // batchDims 1 reads the wrong values, or out of bounds (tfjs 4.22).
        const flat = tf.add(inverse, tf.reshape(tf.range(0, rows * n, n, 'int32'), [rows, 1]));
        return tf.reshape(tf.gather(tf.reshape(dy, [rows * n]), tf.reshape(flat, [rows * n])), [rows, n]);
      },
    };
  });
  return op(x) as tf.Tensor2D;
}

/**
 * Each row linearly resampled to `length` values, first and last values kept (a row of length n
 * is read at j (n-1)/(length-1), j = 0..length-1; a single value is read at the middle).
 */
export function resampleRows(x: tf.Tensor2D, length: number): tf.Tensor2D {
  const n = x.shape[1];
  const lower = new Int32Array(length);
  const upper = new Int32Array(length);
  const fraction = new Float32Array(length);
  for (let j = 0; j < length; j++) {
    const t = length === 1 ? (n - 1) / 2 : (j * (n - 1)) / (length - 1);
    lower[j] = Math.floor(t);
    upper[j] = Math.min(lower[j]! + 1, n - 1);
    fraction[j] = t - lower[j]!;
  }
  return tf.tidy(() => {
    const f = tf.tensor1d(fraction);
    const below = tf.gather(x, tf.tensor1d(lower, 'int32'), 1);
    const above = tf.gather(x, tf.tensor1d(upper, 'int32'), 1);
    return tf.add(below, tf.mul(tf.sub(above, below), f));
  });
}
