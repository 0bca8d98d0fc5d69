import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { imagePrevious } from '../../src/core/nodes/image-previous';
import type { Shape, Value } from '../../src/core/nodes/types';
import { evaluateIn, plannedNodeOf, rawImage, scopeOf } from '../helpers/node-scope';

before(async () => {
  await useBackend('cpu');
});

/** The current frame, 2 high and 4 wide: red 10 x, green 20 y, blue 3. */
const frame = (): Value => ({ type: 'image', tensor: tf.tensor4d(Array.from({ length: 8 }, (_, i) => [10 * (i % 4), 20 * Math.floor(i / 4), 3]).flat(), [1, 2, 4, 3]) });
const previousOf = (images: ReadonlyMap<string, ReturnType<typeof rawImage>>) => evaluateIn(plannedNodeOf(imagePrevious, 'prev', { of: 'result' }), { frame: [frame()] }, scopeOf({ images }));

test('image.previous: on the first frame (no previous image) it gives the frame itself, a copy', () => {
  const input = frame();
  const value = evaluateIn(plannedNodeOf(imagePrevious, 'prev'), { frame: [input] }, scopeOf());
  assert.equal(value.type, 'image');
  assert.notEqual(value.tensor, input.tensor);
  assert.deepEqual(Array.from(value.tensor.dataSync()), Array.from(input.tensor.dataSync()));
});

test('image.previous: the previous frame\'s image at its own size, as the run hands it', () => {
  const previous = rawImage(4, 2, (x, y) => [200 - x, 100 + y, 50]);
  const value = previousOf(new Map([['prev', previous]]));
  assert.deepEqual(value.tensor.shape, [1, 2, 4, 3]);
  assert.deepEqual(Array.from(value.tensor.dataSync()), [200, 100, 50, 199, 100, 50, 198, 100, 50, 197, 100, 50, 200, 101, 50, 199, 101, 50, 198, 101, 50, 197, 101, 50]);
});

test('image.previous: a previous image of another size is stretched to the frame\'s', () => {
  // 2x1 (red 0 and 100) stretched to 4x2: samples at x = 0.25, 0.75, 1.25, 1.75 of the source's pixels
  // (centres at 0.5 and 1.5) clamp and interpolate to 0, 25, 75, 100.
  const previous = rawImage(2, 1, (x) => [100 * x, 40, 40]);
  const value = previousOf(new Map([['prev', previous]]));
  assert.deepEqual(value.tensor.shape, [1, 2, 4, 3]);
  const red = Array.from(value.tensor.dataSync()).filter((_, i) => i % 3 === 0);
  assert.deepEqual(red, [0, 25, 75, 100, 0, 25, 75, 100]);
});

test('image.previous: another node\'s image is not its previous image', () => {
  const other = rawImage(4, 2, () => [9, 9, 9]);
  const value = previousOf(new Map([['frames', other]]));
  assert.deepEqual(Array.from(value.tensor.dataSync()), Array.from(frame().tensor.dataSync()));
});

test('image.previous: its shape is the frame\'s', () => {
  const problem = () => assert.fail('no problem expected');
  const shape: Shape = { type: 'image', height: 120, width: 160 };
  assert.deepEqual(imagePrevious.inferShape!({ frame: [shape] }, { of: 'frame' }, { problem }), shape);
});
