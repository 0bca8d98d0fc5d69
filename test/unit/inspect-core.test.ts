import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topChannels } from '../../src/core/inspect/top-channels';
import { normaliseMap } from '../../src/core/inspect/normalise-map';
import { heatColour, mapPixels } from '../../src/core/inspect/colour-scale';

test('topChannels: highest mean first, ties in channel order, at most count', () => {
  assert.deepEqual(topChannels([0.5, 3, 0, 3, 1], 3), [1, 3, 4]);
  assert.deepEqual(topChannels([2, 1], 16), [0, 1]);
  assert.deepEqual(topChannels([1, 2, 3], 0), []);
});

test('normaliseMap: min -> 0, max -> 255, linear between, with the range; a constant map is all 0', () => {
  const m = normaliseMap(Float32Array.from([-1, 0, 1, 3]));
  assert.deepEqual([...m.bytes], [0, 64, 128, 255]);
  assert.equal(m.min, -1);
  assert.equal(m.max, 3);
  const flat = normaliseMap([2, 2, 2]);
  assert.deepEqual([...flat.bytes], [0, 0, 0]);
  assert.deepEqual([flat.min, flat.max], [2, 2]);
  assert.deepEqual([normaliseMap([]).min, normaliseMap([]).max], [0, 0]);
});

test('heatColour: dark purple at 0, yellow at 255, teal in the middle, brighter as values grow', () => {
  assert.deepEqual(heatColour(0), [68, 1, 84]);
  assert.deepEqual(heatColour(255), [253, 231, 37]);
  assert.deepEqual(heatColour(127.5), [33, 145, 140]);
  const luminance = ([r, g, b]: number[]) => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  for (let byte = 0; byte < 255; byte += 15) assert.ok(luminance(heatColour(byte + 15)) > luminance(heatColour(byte)), `brighter after ${byte}`);
});

test('mapPixels: opaque RGBA through the heat scale or as grey', () => {
  assert.deepEqual([...mapPixels(Uint8Array.from([0, 255]), 'heat')], [68, 1, 84, 255, 253, 231, 37, 255]);
  assert.deepEqual([...mapPixels(Uint8Array.from([7, 200]), 'grey')], [7, 7, 7, 255, 200, 200, 200, 255]);
});
