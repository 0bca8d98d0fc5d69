import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { detectOnce } from '../../src/core/face/detection-cache';
import type { Face, FaceDetector } from '../../src/core/face/face-detector';

before(() => useBackend('cpu'));

/** A detector that counts its searches and finds one face scored by the confidence asked. */
function countingDetector(): { detector: FaceDetector; calls: number[] } {
  const calls: number[] = [];
  const detector = {
    detect: (_image: tf.Tensor4D, minConfidence: number): Face[] => {
      calls.push(minConfidence);
      return [{ score: minConfidence, top: 0, left: 0, height: 1, width: 1, landmarks: [] }];
    },
  } as unknown as FaceDetector;
  return { detector, calls };
}

test('an image is searched once per confidence; another image is searched again', () => {
  const { detector, calls } = countingDetector();
  const image = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
  const other = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
  const first = detectOnce(detector, image, 0.5);
  assert.equal(detectOnce(detector, image, 0.5), first);
  assert.deepEqual(calls, [0.5]);
  assert.equal(detectOnce(detector, image, 0.8)[0]!.score, 0.8);
  assert.equal(detectOnce(detector, other, 0.5)[0]!.score, 0.5);
  assert.notEqual(detectOnce(detector, other, 0.5), first);
  assert.deepEqual(calls, [0.5, 0.8, 0.5]);
  tf.dispose([image, other]);
});
