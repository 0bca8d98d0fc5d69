import * as tf from '@tensorflow/tfjs-core';

/** ITU-R BT.601 luma weights of R, G and B (what neural-style's -original_colors uses). */
export const LUMA_WEIGHTS = [0.299, 0.587, 0.114] as const;

/** Y = 0.299 R + 0.587 G + 0.114 B of a 1xHxWx3 image, as 1xHxWx1. */
export function luma(image: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.sum(tf.mul(image, tf.tensor1d([...LUMA_WEIGHTS])), -1, true));
}

/**
 * The image whose luma is `luminanceOf`'s and whose chroma (Cb, Cr of full-range YCbCr) is
 * `chromaOf`'s. Cb and Cr are linear in R G B, so keeping them and changing Y adds the same amount
 * to every channel: the result is chromaOf + (Y(luminanceOf) - Y(chromaOf)) in each channel.
 */
export function combineLumaChroma(luminanceOf: tf.Tensor4D, chromaOf: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.add(chromaOf, tf.sub(luma(luminanceOf), luma(chromaOf))));
}
