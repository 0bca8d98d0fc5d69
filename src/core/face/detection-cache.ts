import type * as tf from '@tensorflow/tfjs-core';
import type { SsdDetector, FaceBox } from './ssd-detector';

/**
 * Detections by image tensor and confidence: a constant image (the content of an identity-preserving
 * run) is searched once, not at every iteration. Entries go with their tensors.
 */
const found = new WeakMap<tf.Tensor, Map<number, readonly FaceBox[]>>();

export function detectOnce(detector: SsdDetector, image: tf.Tensor4D, minConfidence: number): readonly FaceBox[] {
  let byConfidence = found.get(image);
  if (!byConfidence) found.set(image, (byConfidence = new Map()));
  let boxes = byConfidence.get(minConfidence);
  if (!boxes) byConfidence.set(minConfidence, (boxes = detector.detect(image, minConfidence)));
  return boxes;
}
