import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { FaceDetector } from '../../src/core/face/face-detector';
import type { FaceBox, SsdDetector } from '../../src/core/face/ssd-detector';
import type { LandmarkNet, Point } from '../../src/core/face/landmark-net';

before(() => useBackend('cpu'));

test("each box's landmarks come from its pixels (rounded, kept inside the image) and are moved into the image's pixels", () => {
  // 100 high, 120 wide; channel 0 of a pixel is row * 1000 + column.
  const image = tf.tidy(() => tf.tile(tf.reshape(tf.add(tf.reshape(tf.mul(tf.range(0, 100), 1000), [100, 1]), tf.reshape(tf.range(0, 120), [1, 120])), [1, 100, 120, 1]), [1, 1, 1, 3])) as tf.Tensor4D;
  const boxes: FaceBox[] = [
    { score: 0.9, top: 10.7, left: 20.2, height: 30.4, width: 40.6 },
    // Above the image and past its right edge.
    { score: 0.6, top: -5, left: 90, height: 20, width: 50 },
  ];
  let asked: number | undefined;
  const ssd = { detect: (_image: tf.Tensor4D, minConfidence: number) => { asked = minConfidence; return boxes; } } as unknown as SsdDetector;
  const seen: { shape: number[]; corner: number }[] = [];
  const landmarkNet = {
    landmarks: (pixels: tf.Tensor4D): Point[] => {
      seen.push({ shape: pixels.shape, corner: pixels.dataSync()[0]! });
      return [{ x: 1, y: 2 }, { x: 3.5, y: 0 }];
    },
  } as unknown as LandmarkNet;
  const before = tf.memory().numTensors;
  const faces = new FaceDetector(ssd, landmarkNet).detect(image, 0.42);
  assert.equal(tf.memory().numTensors, before, 'the box pixels are freed');
  assert.equal(asked, 0.42);
  assert.deepEqual(seen, [{ shape: [1, 30, 41, 3], corner: 10 * 1000 + 20 }, { shape: [1, 20, 30, 3], corner: 90 }]);
  assert.deepEqual(faces, [
    { ...boxes[0], landmarks: [{ x: 21, y: 12 }, { x: 23.5, y: 10 }] },
    { ...boxes[1], landmarks: [{ x: 91, y: 2 }, { x: 93.5, y: 0 }] },
  ]);
  image.dispose();
});
