import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { fitImage } from '../../src/core/image/resize';

before(async () => {
  await useBackend('cpu');
});

/** A 4x8 image whose every pixel holds 10 x its column (all three channels). */
function columns(): tf.Tensor4D {
  return tf.tidy(() => tf.tile(tf.reshape(tf.mul(tf.range(0, 8), 10), [1, 1, 8, 1]), [1, 4, 1, 3]) as tf.Tensor4D);
}

/** Row 0, channel 0 of a fitted image. */
async function firstRow(image: tf.Tensor4D): Promise<number[]> {
  const values = (await image.array())[0]![0]!.map((pixel) => pixel[0]!);
  image.dispose();
  return values.map((v) => Math.round(v * 1000) / 1000);
}

test('fitImage cover: a 4x8 image fitted to 4x4 keeps exactly its centre columns', async () => {
  const image = columns();
  const cover = fitImage(image, 4, 4, 'cover');
  assert.deepEqual(cover.shape, [1, 4, 4, 3]);
  assert.deepEqual(await firstRow(cover), [20, 30, 40, 50]);
  image.dispose();
});

test('fitImage stretch: the same fit squeezes all 8 columns into 4 (pairs averaged), unlike cover', async () => {
  const image = columns();
  assert.deepEqual(await firstRow(fitImage(image, 4, 4, 'stretch')), [5, 25, 45, 65]);
  assert.notDeepEqual(await firstRow(fitImage(image, 4, 4, 'stretch')), await firstRow(fitImage(image, 4, 4, 'cover')));
  image.dispose();
});

test('fitImage cover on a tall image: the centre rows, resampled (4 of 8 rows into 2); stretch samples all 8', async () => {
  const image = tf.tidy(() => tf.transpose(columns(), [0, 2, 1, 3]) as tf.Tensor4D); // 8x4, each pixel 10 x its row
  const column = async (fit: 'cover' | 'stretch') => {
    const fitted = fitImage(image, 2, 2, fit);
    assert.deepEqual(fitted.shape, [1, 2, 2, 3]);
    const values = (await fitted.array())[0]!.map((row) => Math.round(row[0]![0]! * 1000) / 1000);
    fitted.dispose();
    return values;
  };
  assert.deepEqual(await column('cover'), [25, 45]);
  assert.deepEqual(await column('stretch'), [15, 55]);
  image.dispose();
});
