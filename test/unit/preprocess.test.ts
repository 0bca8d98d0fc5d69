import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import '../../src/core/run/gradients';
import { fromNetworkInput, imageGradient, toNetworkInput } from '../../src/core/image/preprocess';
import { KERAS_PREPROCESSING, MATCONVNET_PREPROCESSING } from '../../src/core/model/weights';

before(async () => {
  await useBackend('cpu');
});

const close = (actual: ArrayLike<number>, expected: readonly number[]) =>
  Array.from(actual).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-3, `${i}: ${Array.from(actual).join(' ')} vs ${expected.join(' ')}`));

const rgb = () => tf.tensor4d([10, 20, 30, 200, 150, 100], [1, 1, 2, 3]);

test('toNetworkInput: Keras weights take BGR minus the BGR mean pixel', () => {
  const [b, g, r] = KERAS_PREPROCESSING.mean;
  close(toNetworkInput(rgb(), KERAS_PREPROCESSING).dataSync(), [30 - b, 20 - g, 10 - r, 100 - b, 150 - g, 200 - r]);
});

test('toNetworkInput: MatConvNet weights take RGB minus the RGB mean pixel', () => {
  const [r, g, b] = MATCONVNET_PREPROCESSING.mean;
  close(toNetworkInput(rgb(), MATCONVNET_PREPROCESSING).dataSync(), [10 - r, 20 - g, 30 - b, 200 - r, 150 - g, 100 - b]);
});

test('fromNetworkInput undoes toNetworkInput for both channel orders', () => {
  for (const prep of [KERAS_PREPROCESSING, MATCONVNET_PREPROCESSING]) {
    close(fromNetworkInput(toNetworkInput(rgb(), prep), prep).dataSync(), [10, 20, 30, 200, 150, 100]);
  }
});

test('imageGradient is the gradient of toNetworkInput: the channels put back in RGB order', () => {
  for (const prep of [KERAS_PREPROCESSING, MATCONVNET_PREPROCESSING]) {
    // d/dimage of sum(w * toNetworkInput(image)), computed by tfjs, against imageGradient(w).
    const w = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]);
    const expected = tf.grad((image: tf.Tensor) => tf.sum(tf.mul(w, toNetworkInput(image as tf.Tensor4D, prep))))(rgb());
    close(imageGradient(w, prep).dataSync(), Array.from(expected.dataSync()));
  }
  close(imageGradient(tf.tensor4d([1, 2, 3], [1, 1, 1, 3]), KERAS_PREPROCESSING).dataSync(), [3, 2, 1]);
});
