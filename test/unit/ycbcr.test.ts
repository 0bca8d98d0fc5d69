import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { combineLumaChroma, luma } from '../../src/core/image/ycbcr';

before(async () => {
  await useBackend('cpu');
});

const close = (actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-3) => {
  assert.equal(actual.length, expected.length);
  Array.from(actual).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= tolerance, `${i}: ${Array.from(actual).join(' ')} vs ${expected.join(' ')}`));
};

/** Full-range YCbCr (JPEG's): Cb = 128 - 0.168736 R - 0.331264 G + 0.5 B, Cr = 128 + 0.5 R - 0.418688 G - 0.081312 B. */
const cbcr = (r: number, g: number, b: number) => [128 - 0.168736 * r - 0.331264 * g + 0.5 * b, 128 + 0.5 * r - 0.418688 * g - 0.081312 * b];

test('luma: 0.299 R + 0.587 G + 0.114 B per pixel, one channel', () => {
  const y = luma(tf.tensor4d([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30], [1, 2, 2, 3]));
  assert.deepEqual(y.shape, [1, 2, 2, 1]);
  close(y.dataSync(), [76.245, 149.685, 29.07, 0.299 * 10 + 0.587 * 20 + 0.114 * 30]);
});

test('combineLumaChroma: the luma of the first, the Cb and Cr of the second', () => {
  const luminanceOf = tf.tensor4d([200, 180, 160, 10, 40, 90], [1, 1, 2, 3]);
  const chromaOf = tf.tensor4d([30, 120, 60, 250, 250, 250], [1, 1, 2, 3]);
  const out = Array.from(combineLumaChroma(luminanceOf, chromaOf).dataSync());
  const pixel = (data: ArrayLike<number>, i: number) => [data[3 * i]!, data[3 * i + 1]!, data[3 * i + 2]!] as const;
  const y = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;
  for (let i = 0; i < 2; i++) {
    const [r, g, b] = pixel(out, i);
    const [lr, lg, lb] = pixel(luminanceOf.dataSync(), i);
    const [cr, cg, cb] = pixel(chromaOf.dataSync(), i);
    assert.ok(Math.abs(y(r, g, b) - y(lr, lg, lb)) < 1e-3, `pixel ${i}: Y`);
    close(cbcr(r, g, b), cbcr(cr, cg, cb));
  }
  // An image combined with itself is itself.
  close(combineLumaChroma(chromaOf, chromaOf).dataSync(), Array.from(chromaOf.dataSync()));
});
