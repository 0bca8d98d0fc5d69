import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { colorLuminance } from '../../src/core/nodes/color-luminance';
import { imageOutput } from '../../src/core/nodes/image-output';
import { combineLumaChroma } from '../../src/core/image/ycbcr';
import type { EvalContext, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';

before(async () => {
  await useBackend('cpu');
});

const luminance = (image: tf.Tensor) => colorLuminance.evaluate!({ image: [{ type: 'image', tensor: image } as Value] }, {}, { nodeId: 'y' } as EvalContext).tensor;
const close = (actual: ArrayLike<number>, expected: number[]) => Array.from(actual).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-3, `${i}: ${Array.from(actual).join(' ')} vs ${expected.join(' ')}`));

test('color.luminance: Y = 0.299 R + 0.587 G + 0.114 B in all three channels', () => {
  // (100, 200, 50): 29.9 + 117.4 + 5.7 = 153; (255, 0, 0): 76.245.
  const y = luminance(tf.tensor4d([100, 200, 50, 255, 0, 0], [1, 1, 2, 3]));
  assert.deepEqual(y.shape, [1, 1, 2, 3]);
  close(y.dataSync(), [153, 153, 153, 76.245, 76.245, 76.245]);
  const problem = () => assert.fail('no problem expected');
  assert.deepEqual(colorLuminance.inferShape!({ image: [{ type: 'image', height: 3, width: 4 }] }, {}, { problem }), { type: 'image', height: 3, width: 4 });
});

test('color.luminance: the gradient matches central differences', () => {
  const weights = tf.tensor4d(Array.from({ length: 12 }, (_, i) => Math.cos(i)), [1, 2, 2, 3]);
  const x = tf.tensor4d(Array.from({ length: 12 }, (_, i) => i * 9.5 + 3), [1, 2, 2, 3]);
  assertGradientMatches((t) => tf.sum(tf.mul(luminance(t), weights)) as tf.Scalar, x);
});

/** Full-range YCbCr (JPEG) of one RGB pixel. */
const ycbcr = ([r, g, b]: number[]) => [
  0.299 * r! + 0.587 * g! + 0.114 * b!,
  128 - 0.168736 * r! - 0.331264 * g! + 0.5 * b!,
  128 + 0.5 * r! - 0.418688 * g! - 0.081312 * b!,
];

test('image.output colors content: the generated image\'s Y with the content image\'s Cb and Cr', () => {
  const generated = [30, 60, 90];
  const content = [200, 100, 50];
  const out = Array.from(combineLumaChroma(tf.tensor4d(generated, [1, 1, 1, 3]), tf.tensor4d(content, [1, 1, 1, 3])).dataSync());
  // Y 8.97 + 35.22 + 10.26 = 54.45 of generated replaces content's 59.8 + 58.7 + 5.7 = 124.2: each channel moves by -69.75.
  close(out, [130.25, 30.25, -19.75]);
  const [y] = ycbcr(generated);
  const [, cb, cr] = ycbcr(content);
  close(ycbcr(out), [y!, cb!, cr!]);
});

test('image.output: colors content without a content input is a problem on that port', () => {
  const connected = (n: number) => () => n;
  const params = (colors: string) => ({ preview: true, path: '', colors });
  assert.deepEqual(imageOutput.validate!(params('content'), { connected: connected(0) }), [{ code: 'missing-input', port: 'content', message: 'colors content needs the content image on input content' }]);
  assert.deepEqual(imageOutput.validate!(params('content'), { connected: connected(1) }), []);
  assert.deepEqual(imageOutput.validate!(params('generated'), { connected: connected(0) }), []);
});
