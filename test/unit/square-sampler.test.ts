import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { sampleSquare } from '../../src/core/face/square-sampler';

before(() => useBackend('wasm', { threads: 1 }));

test('sampleSquare: an unturned square on the pixel grid copies the pixels; a quarter turn rotates them; outside is black', () => {
  const image = tf.tensor4d(Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1]);
  const copy = sampleSquare(image, { centre: { x: 2, y: 2 }, side: 4, angle: 0 }, 4);
  assert.deepEqual(Array.from(copy.dataSync()), Array.from(image.dataSync()));
  // Turned a quarter clockwise, the square's top row is the image's right column, read downwards.
  const turned = sampleSquare(image, { centre: { x: 2, y: 2 }, side: 4, angle: Math.PI / 2 }, 4);
  assert.deepEqual(Array.from(turned.dataSync()).map(Math.round), [3, 7, 11, 15, 2, 6, 10, 14, 1, 5, 9, 13, 0, 4, 8, 12]);
  // Half a pixel to the right: the mean of neighbours, and half the last pixel beside black.
  const shifted = sampleSquare(image, { centre: { x: 2.5, y: 2 }, side: 4, angle: 0 }, 4);
  assert.deepEqual(Array.from(shifted.dataSync()).slice(0, 4), [0.5, 1.5, 2.5, 1.5]);
});

test('sampleSquare samples where the square is: on an image whose pixels hold their x and y, also when it shrinks the image first', () => {
  // Channel 0 is a pixel's centre x, channel 1 its centre y: linear, so sampling and block averages keep them exact.
  const coordinates = tf.tidy(() => {
    const x = tf.add(tf.range(0, 60), 0.5);
    return tf.stack([tf.tile(tf.reshape(x, [1, 60]), [60, 1]), tf.tile(tf.reshape(x, [60, 1]), [1, 60])], 2).expandDims(0) as tf.Tensor4D;
  });
  for (const [side, size] of [[20, 10], [36, 12]] as const) {
    const angle = 0.25;
    const sampled = sampleSquare(coordinates, { centre: { x: 31, y: 29 }, side, angle }, size).arraySync()[0]!;
    for (const [i, j] of [[0, 0], [3, 7], [size - 1, size - 1]] as const) {
      const u = ((j + 0.5) / size - 0.5) * side;
      const v = ((i + 0.5) / size - 0.5) * side;
      const [x, y] = sampled[i]![j]!;
      assert.ok(Math.abs(x! - (31 + u * Math.cos(angle) - v * Math.sin(angle))) < 1e-3 && Math.abs(y! - (29 + u * Math.sin(angle) + v * Math.cos(angle))) < 1e-3, `side ${side}, pixel ${i},${j}: ${x}, ${y}`);
    }
  }
});

test("sampleSquare's gradient is its transpose (<A x, r> = <x, Aᵀ r>), turned, up- and downsampled", () => {
  const x = tf.randomUniform([1, 40, 50, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const squares = [
    { square: { centre: { x: 24.3, y: 19.7 }, side: 30.5, angle: 0.3 }, size: 45 },
    // Far off the image's edge: part of the square is black.
    { square: { centre: { x: 45, y: 5 }, side: 20, angle: -1.2 }, size: 16 },
    // At least twice the output: sampled from the image averaged over 3x3 blocks.
    { square: { centre: { x: 25, y: 20 }, side: 36, angle: 0.1 }, size: 12 },
  ];
  for (const { square, size } of squares) {
    const r = tf.randomNormal([1, size, size, 3], 0, 1, 'float32', 2);
    const forward = tf.sum(tf.mul(sampleSquare(x, square, size), r)).dataSync()[0]!;
    const gradient = tf.grad((image: tf.Tensor) => tf.sum(tf.mul(sampleSquare(image as tf.Tensor4D, square, size), r)))(x);
    const back = tf.sum(tf.mul(x, gradient)).dataSync()[0]!;
    assert.ok(Math.abs(forward - back) < 1e-3 * Math.abs(forward), `side ${square.side} to ${size}: <A x, r> ${forward}, <x, Aᵀ r> ${back}`);
    assert.ok(tf.max(tf.abs(gradient)).dataSync()[0]! > 0);
  }
});

test('a square at least twice the output is averaged first: a one-pixel checkerboard comes out an even grey, not a pattern', () => {
  const board = tf.tensor4d(Array.from({ length: 40 * 40 }, (_, k) => (Math.floor(k / 40) + k) % 2), [1, 40, 40, 1]);
  // Each output pixel's point falls on a pixel centre: sampled without averaging it would be 0 or 1.
  const out = sampleSquare(board, { centre: { x: 20.5, y: 20.5 }, side: 40, angle: 0 }, 10).arraySync()[0]!;
  for (let i = 1; i < 9; i++) for (let j = 1; j < 9; j++) assert.ok(Math.abs(out[i]![j]![0]! - 0.5) < 1e-6, `pixel ${i},${j}: ${out[i]![j]![0]}`);
});
