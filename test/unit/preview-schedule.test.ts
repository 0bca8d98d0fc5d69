import { test } from 'node:test';
import assert from 'node:assert/strict';
import { previewDue } from '../../src/core/run/preview-schedule';

test('previews: the starting image, 1, 2, 4, 8 up to previewEvery, then every previewEvery; never the last; 0 is off', () => {
  const due = (every: number, total: number) => Array.from({ length: total + 1 }, (_, i) => i).filter((i) => previewDue(i, every, total));
  assert.deepEqual(due(20, 70), [0, 1, 2, 4, 8, 16, 20, 40, 60]);
  assert.deepEqual(due(5, 12), [0, 1, 2, 4, 5, 10]);
  assert.deepEqual(due(1, 4), [0, 1, 2, 3]);
  assert.deepEqual(due(0, 10), []);
});
