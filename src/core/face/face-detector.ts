import * as tf from '@tensorflow/tfjs-core';
import type { LandmarkNet, Point } from './landmark-net';
import type { FaceBox, SsdDetector } from './ssd-detector';

/** A face found in an image: the detector's box and score, and its 68 landmarks in pixels of the image. */
export interface Face extends FaceBox {
  readonly landmarks: readonly Point[];
}

/** face-api's pipeline up to alignment: SSD boxes, then the landmark net on each box's pixels. */
export class FaceDetector {
  constructor(private readonly boxes: SsdDetector, private readonly landmarkNet: LandmarkNet) {}

  /** The faces in `image` (1xHxWx3, RGB 0-255) scoring above `minConfidence`, most confident first. Not differentiable. */
  detect(image: tf.Tensor4D, minConfidence: number): Face[] {
    return this.boxes.detect(image, minConfidence).map((box) => ({ ...box, landmarks: this.landmarksIn(image, box) }));
  }

  private landmarksIn(image: tf.Tensor4D, box: FaceBox): Point[] {
    const [, h, w] = image.shape;
    const top = Math.min(h - 1, Math.max(0, Math.floor(box.top)));
    const left = Math.min(w - 1, Math.max(0, Math.floor(box.left)));
    const height = Math.max(1, Math.min(h - top, Math.round(box.height)));
    const width = Math.max(1, Math.min(w - left, Math.round(box.width)));
    const pixels = tf.slice(image, [0, top, left, 0], [1, height, width, 3]);
    try {
      return this.landmarkNet.landmarks(pixels).map((p) => ({ x: p.x + left, y: p.y + top }));
    } finally {
      pixels.dispose();
    }
  }
}
