import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heatColour, mapPixels } from '../../src/core/inspect/colour-scale';

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

test('heatColour: bytes outside 0-255 take the ends; a quarter is the second stop', () => {
  assert.deepEqual(heatColour(-40), heatColour(0));
  assert.deepEqual(heatColour(300), heatColour(255));
  assert.deepEqual(heatColour(63.75), [59, 82, 139]);
  // Halfway between the first two stops: (68+59)/2, (1+82)/2, (84+139)/2, rounded.
  assert.deepEqual(heatColour(31.875), [64, 42, 112]);
});
