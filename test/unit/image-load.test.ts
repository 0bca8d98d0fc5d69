import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/node/backend';
import { imageLoad } from '../../src/core/nodes/image-load';
import type { Params, Shape } from '../../src/core/nodes/types';
import { evaluateIn, plannedNodeOf, rawImage, scopeOf } from '../helpers/node-scope';

before(async () => {
  await useBackend('cpu');
});

/** A 4 wide, 2 high file: red is 10 x + 1, green 100 y, blue 7. */
const file = rawImage(4, 2, (x, y) => [10 * x + 1, 100 * y, 7]);
const load = (params: Params) => {
  const p = plannedNodeOf(imageLoad, 'content', { path: 'c.png', ...params });
  return evaluateIn(p, {}, scopeOf({ images: new Map([['content', file]]) }));
};
/** The image's red, green and blue planes, row by row. */
const planes = (data: ArrayLike<number>) => [0, 1, 2].map((c) => Array.from(data).filter((_, i) => i % 3 === c));

test('image.load: width and height 0 keep the file, RGB 0-255 without alpha', () => {
  const image = load({ width: 0, height: 0 });
  assert.equal(image.type, 'image');
  assert.deepEqual(image.tensor.shape, [1, 2, 4, 3]);
  assert.deepEqual(planes(image.tensor.dataSync()), [[1, 11, 21, 31, 1, 11, 21, 31], [0, 0, 0, 0, 100, 100, 100, 100], [7, 7, 7, 7, 7, 7, 7, 7]]);
});

test('image.load: cover crops the middle to the aspect ratio; stretch averages the whole width', () => {
  // 4x2 to 2x2: cover keeps the middle columns 1 and 2 (red 11, 21); stretch averages pairs (6, 26).
  assert.deepEqual(planes(load({ width: 2, height: 2, fit: 'cover' }).tensor.dataSync())[0], [11, 21, 11, 21]);
  assert.deepEqual(planes(load({ width: 2, height: 2, fit: 'stretch' }).tensor.dataSync())[0], [6, 26, 6, 26]);
  // Only the height given: the width is the file's.
  assert.deepEqual(load({ width: 0, height: 1, fit: 'stretch' }).tensor.shape, [1, 1, 4, 3]);
  assert.deepEqual(planes(load({ width: 0, height: 1, fit: 'stretch' }).tensor.dataSync())[1], [50, 50, 50, 50]);
});

test('image.load: enlarging keeps the edge pixels\' values out to the border', () => {
  // 4x2 to 8x4 (stretch): each source pixel covers 2x2 samples at its centre ± 0.25; those beyond the
  // first and last centres take the edge's value. Red 1 11 21 31 -> 1 3.5 8.5 13.5 18.5 23.5 28.5 31.
  const enlarged = planes(load({ width: 8, height: 4, fit: 'stretch' }).tensor.dataSync());
  const near = (actual: number[], expected: number[]) => actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-4, `${actual.join(' ')} vs ${expected.join(' ')}`));
  near(enlarged[0]!.slice(0, 8), [1, 3.5, 8.5, 13.5, 18.5, 23.5, 28.5, 31]);
  // Green 0 and 100 by row: rows at 0, 25, 75, 100.
  near(enlarged[1]!.filter((_, i) => i % 8 === 0), [0, 25, 75, 100]);
  near(enlarged[2]!, new Array(32).fill(7));
});

test('image.load: a node whose file was not read says which path it wanted', () => {
  const p = plannedNodeOf(imageLoad, 'style', { path: 'missing.png' });
  assert.throws(() => evaluateIn(p, {}, scopeOf()), { message: 'node "style": no file was read for it (param path "missing.png")' });
});

test('image.load: its shape is width x height, or the file\'s size for a side of 0, unknown before the file is read', () => {
  const problem = () => assert.fail('no problem expected');
  const shape = (params: Params, fileSize?: { height: number; width: number }): Shape | undefined => imageLoad.inferShape!({}, params, { problem, ...(fileSize && { fileSize }) });
  assert.deepEqual(shape({ width: 400, height: 300 }), { type: 'image', height: 300, width: 400 });
  assert.deepEqual(shape({ width: 0, height: 300 }, { height: 50, width: 80 }), { type: 'image', height: 300, width: 80 });
  assert.deepEqual(shape({ width: 0, height: 0 }, { height: 50, width: 80 }), { type: 'image', height: 50, width: 80 });
  assert.deepEqual(shape({ width: 0, height: 0 }), { type: 'image', height: undefined, width: undefined });
});
