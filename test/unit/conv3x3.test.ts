import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import '../../src/core/run/gradients';
import { conv3x3Relu, flipKernel } from '../../src/core/model/conv3x3';
import { relativeError, randomTensor } from '../helpers/tensor-compare';

before(() => useBackend('cpu'));

// Shapes: 3 input channels (the image), 3 output channels, odd sizes, 1x1 images, batch 2.
const SHAPES: [number[], number][] = [[[1, 5, 7, 3], 4], [[1, 8, 8, 16], 3], [[2, 6, 5, 4], 8], [[1, 1, 1, 3], 5], [[1, 9, 3, 7], 7]];

test('conv3x3Relu: value and image gradient equal tfjs\'s conv2d + bias + relu and its gradient', () => {
  SHAPES.forEach(([xShape, out], i) => {
    tf.tidy(() => {
      const inC = xShape[3]!;
      const x = randomTensor(xShape, 10 + i, 50) as tf.Tensor4D;
      const w = randomTensor([3, 3, inC, out], 20 + i, Math.sqrt(2 / (9 * inC))) as tf.Tensor4D;
      const b = randomTensor([out], 30 + i, 0.5) as tf.Tensor1D;
      const probe = randomTensor([xShape[0]!, xShape[1]!, xShape[2]!, out], 40 + i);
      const flipped = flipKernel(w); // made once, outside the gradient's scope, as VggModel does
      const stock = (t: tf.Tensor) => tf.sum(tf.mul(tf.relu(tf.add(tf.conv2d(t as tf.Tensor4D, w, 1, 'same'), b)), probe));
      const custom = (t: tf.Tensor) => tf.sum(tf.mul(conv3x3Relu(t as tf.Tensor4D, w, flipped, b), probe));
      const label = `x ${xShape} -> ${out}`;
      assert.ok(relativeError(conv3x3Relu(x, w, flipped, b), tf.relu(tf.add(tf.conv2d(x, w, 1, 'same'), b))) < 1e-6, `${label}: value`);
      const err = relativeError(tf.grad(custom)(x), tf.grad(stock)(x));
      assert.ok(err < 1e-5, `${label}: gradient relative error ${err}`);
    });
  });
});

test('flipKernel: rotated 180 degrees, in and out channels swapped', () => {
  tf.tidy(() => {
    const w = tf.range(0, 3 * 3 * 2 * 4).reshape([3, 3, 2, 4]) as tf.Tensor4D;
    const f = flipKernel(w);
    assert.deepEqual(f.shape, [3, 3, 4, 2]);
    const wa = w.arraySync();
    const fa = f.arraySync();
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let c = 0; c < 2; c++) for (let o = 0; o < 4; o++) assert.equal(fa[i]![j]![o]![c], wa[2 - i]![2 - j]![c]![o]);
  });
});
