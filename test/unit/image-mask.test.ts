import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { imageMask } from '../../src/core/nodes/image-mask';
import type { EvalContext, Params } from '../../src/core/nodes/types';

before(async () => {
  await useBackend('cpu');
});

const maskParams = (params: Params): Params => ({ path: 'm.png', channel: 'luminance', color: '#ffffff', width: 0, height: 0, fit: 'cover', ...params });
const loadMask = (pixels: tf.Tensor4D, params: Params) =>
  Array.from(imageMask.evaluate!({}, maskParams(params), { nodeId: 'm', loadedImage: () => pixels.clone() } as unknown as EvalContext).tensor.dataSync());
const close = (actual: number[], expected: number[]) => actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-5, `${i}: ${actual.join(' ')} vs ${expected.join(' ')}`));

// Pixels [R, G, B]: (0,0) [255, 0, 0], (0,1) [0, 0, 255], (1,0) [51, 102, 153], (1,1) [250, 10, 5].
const pixels = () => tf.tensor4d([255, 0, 0, 0, 0, 255, 51, 102, 153, 250, 10, 5], [1, 2, 2, 3]);

test('image.mask: a channel as 0..1, luminance 0.299 R + 0.587 G + 0.114 B, or the pixels of a colour', () => {
  close(loadMask(pixels(), { channel: 'red' }), [1, 0, 0.2, 250 / 255]);
  close(loadMask(pixels(), { channel: 'blue' }), [0, 1, 0.6, 5 / 255]);
  // (0.299 * 51 + 0.587 * 102 + 0.114 * 153) / 255 = (15.249 + 59.874 + 17.442) / 255
  close(loadMask(pixels(), { channel: 'luminance' }), [0.299, 0.114, 92.565 / 255, (0.299 * 250 + 0.587 * 10 + 0.114 * 5) / 255]);
  // #ff0000: (250, 10, 5) is within 64 levels in every channel; (51, 102, 153) is not.
  assert.deepEqual(loadMask(pixels(), { channel: 'color', color: '#ff0000' }), [1, 0, 0, 1]);
});

test('image.mask: the green channel, and a colour 64 levels away in one channel is still in the region, 65 is not', () => {
  close(loadMask(pixels(), { channel: 'green' }), [0, 0, 0.4, 10 / 255]);
  // #3366d9 is (51, 102, 217): pixel (1,0) differs by 64 in blue; #3366da by 65.
  assert.deepEqual(loadMask(pixels(), { channel: 'color', color: '#3366d9' }), [0, 0, 1, 0]);
  assert.deepEqual(loadMask(pixels(), { channel: 'color', color: '#3366DA' }), [0, 0, 0, 0]);
});

test('image.mask resizes as image.load: 4x4 to 2x2 (stretch) averages each 2x2 block', () => {
  // Red channel 0 or 255: the left half's top-left block has three 255s -> 0.75.
  const red = [1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1];
  const image = tf.tensor4d(red.flatMap((r) => [r * 255, 0, 0]), [1, 4, 4, 3]);
  close(loadMask(image, { channel: 'red', width: 2, height: 2, fit: 'stretch' }), [0.75, 0.25, 0, 1]);
});

test('image.mask: a mask is 1xHxWx1', () => {
  const mask = imageMask.evaluate!({}, maskParams({ channel: 'red' }), { nodeId: 'm', loadedImage: () => pixels() } as unknown as EvalContext);
  assert.equal(mask.type, 'mask');
  assert.deepEqual(mask.tensor.shape, [1, 2, 2, 1]);
});

test('image.mask: shape from width/height or the file, and a colour that is not #rrggbb is a param problem', () => {
  const problem = () => assert.fail('no problem expected');
  assert.deepEqual(imageMask.inferShape!({}, maskParams({ width: 0, height: 6 }), { fileSize: { height: 3, width: 5 }, problem }), { type: 'mask', height: 6, width: 5 });
  const connected = () => 0;
  assert.deepEqual(imageMask.validate!(maskParams({ channel: 'color', color: 'red' }), { connected }), [{ code: 'param-range', param: 'color', message: '"red" is not a colour like #ff0000' }]);
  assert.deepEqual(imageMask.validate!(maskParams({ channel: 'red', color: 'red' }), { connected }), []);
  assert.deepEqual(imageMask.validate!(maskParams({ channel: 'color', color: '#00FF7f' }), { connected }), []);
});

test('image.mask: evaluating with a colour that is not #rrggbb is an error naming the param', () => {
  assert.throws(() => loadMask(pixels(), { channel: 'color', color: '#ff00' }), { message: 'param color: "#ff00" is not a colour like #ff0000' });
});
