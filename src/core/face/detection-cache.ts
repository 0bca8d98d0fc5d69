import type * as tf from '@tensorflow/tfjs-core';
import type { Face, FaceDetector } from './face-detector';

/**
 * Detections by image tensor and confidence: a constant image (the content of an identity-preserving
 * run) is searched once, not at every iteration. Entries go with their tensors.
 */
const found = new WeakMap<tf.Tensor, Map<number, readonly Face[]>>();

export function detectOnce(detector: FaceDetector, image: tf.Tensor4D, minConfidence: number): readonly Face[] {
  let byConfidence = found.get(image);
  if (!byConfidence) found.set(image, (byConfidence = new Map()));
  let boxes = byConfidence.get(minConfidence);
  if (!boxes) byConfidence.set(minConfidence, (boxes = detector.detect(image, minConfidence)));
  return boxes;
}
