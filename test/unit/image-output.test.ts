import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { imageOutput } from '../../src/core/nodes/image-output';
import { combineLumaChroma } from '../../src/core/image/ycbcr';
import type { Value } from '../../src/core/nodes/types';

before(async () => {
  await useBackend('cpu');
});

const image = (values: number[], h = 1, w = 1) => ({ type: 'image', tensor: tf.tensor4d(values, [1, h, w, 3]) }) satisfies Value;
const params = (colors: string) => ({ preview: true, path: '', colors });

test('image.output\'s outputImage hook: colors generated is the image itself; colors content its Y with the content\'s chroma', () => {
  const generated = image([30, 60, 90]);
  const content = image([200, 100, 50]);
  assert.equal(imageOutput.outputImage!({ image: [generated], content: [content] }, params('generated')), generated.tensor);
  const shown = imageOutput.outputImage!({ image: [generated], content: [content] }, params('content'));
  const expected = combineLumaChroma(generated.tensor, content.tensor);
  assert.deepEqual(Array.from(shown.dataSync()), Array.from(expected.dataSync()));
  tf.dispose([generated.tensor, content.tensor, shown, expected]);
});

test('image.output\'s outputImage hook: colors content without a content image, or with one of another size, says why', () => {
  const generated = image([30, 60, 90]);
  const wide = image([1, 2, 3, 4, 5, 6], 1, 2);
  assert.throws(() => imageOutput.outputImage!({ image: [generated], content: [] }, params('content')), /^Error: colors content needs the content image on input content$/);
  assert.throws(() => imageOutput.outputImage!({ image: [generated], content: [wide] }, params('content')), /the content image is 1x2 but the image is 1x1: colors content needs both the same size/);
  tf.dispose([generated.tensor, wide.tensor]);
});
