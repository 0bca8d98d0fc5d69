import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topChannels } from '../../src/core/inspect/top-channels';

test('topChannels: highest mean first, ties in channel order, at most count', () => {
  assert.deepEqual(topChannels([0.5, 3, 0, 3, 1], 3), [1, 3, 4]);
  assert.deepEqual(topChannels([2, 1], 16), [0, 1]);
  assert.deepEqual(topChannels([1, 2, 3], 0), []);
});

test('topChannels: a negative count is none; the means are left unsorted', () => {
  const means = Float32Array.from([1, 5, 2]);
  assert.deepEqual(topChannels(means, -2), []);
  assert.deepEqual(topChannels(means, 2), [1, 2]);
  assert.deepEqual([...means], [1, 5, 2]);
});
