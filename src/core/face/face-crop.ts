import * as tf from '@tensorflow/tfjs-core';
import { ENCODER_INPUT_SIZE, squareInput } from './recognition-net';
import type { FaceBox } from './ssd-detector';

/**
 * The box's pixels of `image`, padded to a square and resized to the encoder's input (150x150).
 * The box is a constant, so the crop is differentiable in the image.
 */
export function cropFace(image: tf.Tensor4D, box: FaceBox): tf.Tensor4D {
  const [, h, w] = image.shape;
  const top = Math.min(h - 1, Math.max(0, Math.round(box.top)));
  const left = Math.min(w - 1, Math.max(0, Math.round(box.left)));
  const height = Math.max(1, Math.min(h - top, Math.round(box.height)));
  const width = Math.max(1, Math.min(w - left, Math.round(box.width)));
  return tf.tidy(() => squareInput(tf.slice(image, [0, top, left, 0], [1, height, width, 3]), ENCODER_INPUT_SIZE));
}
