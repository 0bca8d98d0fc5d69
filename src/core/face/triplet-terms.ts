import * as tf from '@tensorflow/tfjs-core';

/** The course's triplet terms max(‖A−P‖² − ‖A−N‖² + α, 0), from each triplet's two squared distances. */
export function tripletTerms(anchorPositive: tf.Tensor, anchorNegative: tf.Tensor, alpha: number): tf.Tensor {
  return tf.maximum(tf.add(tf.sub(anchorPositive, anchorNegative), alpha), 0);
}
