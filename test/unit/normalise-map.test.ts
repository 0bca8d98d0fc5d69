import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseMap } from '../../src/core/inspect/normalise-map';

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
