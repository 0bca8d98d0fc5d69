import * as tf from '@tensorflow/tfjs-core';

/**
 * A bias-corrected exponential moving average of the image, as style-transfer-pytorch's EMA: the
 * image a scale starts from counts as the first sample, each step's image as one more. After
 * samples x0..xk the value is Σ (1-d) d^(k-i) xi / (1 - d^(k+1)), so it is an average of the
 * images seen (the weights sum to 1) from the first sample on.
 */
export class ImageAverage {
  private sum: tf.Tensor;
  /** d^(samples): 1 - this is the weight the samples so far carry. */
  private decayed = 1;

  constructor(private readonly decay: number, first: tf.Tensor) {
    this.sum = tf.zerosLike(first);
    this.update(first);
  }

  update(image: tf.Tensor): void {
    const next = tf.tidy(() => tf.add(tf.mul(this.sum, this.decay), tf.mul(image, 1 - this.decay)));
    this.sum.dispose();
    this.sum = next;
    this.decayed *= this.decay;
  }

  /** The average now (a new tensor: the caller disposes it). */
  value(): tf.Tensor {
    return tf.tidy(() => tf.div(this.sum, 1 - this.decayed));
  }

  dispose(): void {
    this.sum.dispose();
  }
}
