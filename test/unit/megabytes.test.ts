import { test } from 'node:test';
import assert from 'node:assert/strict';
import { megabytes } from '../../src/node/megabytes';

test('decimal megabytes: one decimal below 10 MB, none from 10 MB up', () => {
  assert.equal(megabytes(0), '0.0 MB');
  assert.equal(megabytes(123_456), '0.1 MB');
  assert.equal(megabytes(9_949_999), '9.9 MB');
  assert.equal(megabytes(10_000_000), '10 MB');
  assert.equal(megabytes(160_500_000), '161 MB');
  assert.equal(megabytes(2 ** 20), '1.0 MB', 'a MiB is 1.05 MB');
});
