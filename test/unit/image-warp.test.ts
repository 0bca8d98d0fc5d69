import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { warpImage } from '../../src/core/image/warp';
import { imageWarp } from '../../src/core/nodes/image-warp';
import { assertGradientMatches } from '../helpers/gradient-check';

before(async () => {
  await useBackend('cpu');
});

/** A flow of (u, v) everywhere on an h x w image. */
const uniformFlow = (h: number, w: number, u: number, v: number) => tf.tensor4d(Array.from({ length: h * w }, () => [u, v]).flat(), [1, h, w, 2]);
// 3 rows x 4 columns, one channel: row r, column c holds 10 r + c.
const grid = () => tf.tensor4d([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23], [1, 3, 4, 1]);

test('image.warp: an integer flow moves pixels exactly, clamped at the border', () => {
  // u = 1: each pixel reads its right neighbour; the last column reads itself (clamped).
  assert.deepEqual(Array.from(warpImage(grid(), uniformFlow(3, 4, 1, 0)).dataSync()), [1, 2, 3, 3, 11, 12, 13, 13, 21, 22, 23, 23]);
  // v = -1, u = -2: reads one row up and two columns left.
  assert.deepEqual(Array.from(warpImage(grid(), uniformFlow(3, 4, -2, -1)).dataSync()), [0, 0, 0, 1, 0, 0, 0, 1, 10, 10, 10, 11]);
  // A zero flow is the image itself.
  assert.deepEqual(Array.from(warpImage(grid(), uniformFlow(3, 4, 0, 0)).dataSync()), Array.from(grid().dataSync()));
});

test('image.warp: half-pixel flows are bilinear', () => {
  // u = 0.5: the mean of a pixel and its right neighbour (the last column clamps to itself).
  assert.deepEqual(Array.from(warpImage(grid(), uniformFlow(3, 4, 0.5, 0)).dataSync()), [0.5, 1.5, 2.5, 3, 10.5, 11.5, 12.5, 13, 20.5, 21.5, 22.5, 23]);
  // u = 0.5, v = 0.5 at (0, 0): the mean of 0, 1, 10, 11.
  assert.equal(warpImage(grid(), uniformFlow(3, 4, 0.5, 0.5)).dataSync()[0], 5.5);
  // u = 0.25, v = 0.75 at (1, 1): 11 + 0.25 + 7.5, a weighted four-pixel mean.
  assert.ok(Math.abs(warpImage(grid(), uniformFlow(3, 4, 0.25, 0.75)).dataSync()[5]! - 18.75) < 1e-5);
});

test('image.warp: each pixel may move its own way; RGB channels move together', () => {
  const image = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]);
  const flow = tf.tensor4d([1, 0, -1, 0], [1, 1, 2, 2]);
  assert.deepEqual(Array.from(warpImage(image, flow).dataSync()), [4, 5, 6, 1, 2, 3]);
});

test('image.warp: the gradient in the image matches central differences', () => {
  const flow = tf.tensor4d(Array.from({ length: 3 * 4 * 2 }, (_, i) => ((i * 7) % 5) * 0.37 - 0.6), [1, 3, 4, 2]);
  const weights = tf.tensor4d(Array.from({ length: 3 * 4 * 3 }, (_, i) => ((i * 11) % 7) - 3), [1, 3, 4, 3]);
  const x = tf.tensor4d(Array.from({ length: 3 * 4 * 3 }, (_, i) => ((i * 37) % 23) * 3.1), [1, 3, 4, 3]);
  assertGradientMatches((t) => tf.sum(tf.mul(warpImage(t as tf.Tensor4D, flow), weights)), x);
});

test('image.warp as a node: a flow of another size is a shape problem naming both', () => {
  const problems: string[] = [];
  const ctx = { problem: (_code: string, message: string) => void problems.push(message) };
  const shape = imageWarp.inferShape!({ image: [{ type: 'image', height: 4, width: 5 }], flow: [{ type: 'flow', height: 4, width: 6 }] }, {}, ctx);
  assert.equal(shape, undefined);
  assert.match(problems[0]!, /the image is 4x5 but the flow is 4x6 flow/);
  assert.throws(() => warpImage(grid(), uniformFlow(2, 4, 0, 0)), /the flow is 2x4 but the image is 3x4/);
});
