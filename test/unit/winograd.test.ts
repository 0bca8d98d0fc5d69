import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { F2X2_3X3, F4X4_3X3, disposeWinogradKernel, winogradConv3x3, winogradKernel } from '../../bench/winograd-conv';
import { relativeError, randomTensor } from '../helpers/tensor-compare';

before(() => useBackend('cpu'));

// Sizes that are and are not multiples of the tile (2 and 4), a 1x1 image, more channels in than out and back.
const SHAPES: [number[], number][] = [[[1, 8, 8, 16], 8], [[1, 5, 7, 3], 4], [[1, 1, 1, 3], 5], [[1, 9, 6, 7], 12], [[1, 12, 10, 32], 32]];

for (const [name, transform, tolerance] of [['F(2x2,3x3)', F2X2_3X3, 1e-6], ['F(4x4,3x3)', F4X4_3X3, 1e-5]] as const) {
  test(`winogradConv3x3 ${name}: equals conv2d(x, kernel, 1, 'same')`, () => {
    SHAPES.forEach(([xShape, out], i) => {
      tf.tidy(() => {
        const inC = xShape[3]!;
        const x = randomTensor(xShape, 10 + i, 50) as tf.Tensor4D;
        const w = randomTensor([3, 3, inC, out], 20 + i, Math.sqrt(2 / (9 * inC))) as tf.Tensor4D;
        const kernel = winogradKernel(w, transform);
        const y = winogradConv3x3(x, kernel);
        disposeWinogradKernel(kernel);
        const reference = tf.conv2d(x, w, 1, 'same');
        assert.deepEqual(y.shape, reference.shape);
        const err = relativeError(y, reference);
        assert.ok(err < tolerance, `x ${xShape} -> ${out}: relative error ${err}`);
      });
    });
  });
}

test('winogradConv3x3: a batch of 2 and a kernel for other channels are refused by name', () => {
  tf.tidy(() => {
    const kernel = winogradKernel(tf.zeros([3, 3, 4, 2]) as tf.Tensor4D, F2X2_3X3);
    assert.throws(() => winogradConv3x3(tf.zeros([2, 4, 4, 4]) as tf.Tensor4D, kernel), /batch 2, only batch 1/);
    assert.throws(() => winogradConv3x3(tf.zeros([1, 4, 4, 3]) as tf.Tensor4D, kernel), /kernel has 4 input channels, x has 3/);
    assert.throws(() => winogradKernel(tf.zeros([5, 5, 4, 2]) as tf.Tensor4D, F2X2_3X3), /kernel is 5x5, not 3x3/);
    disposeWinogradKernel(kernel);
  });
});
