import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quote } from '../../src/core/text/quote';

test('quote: small values as JSON, nothing for undefined, -0 kept', () => {
  assert.equal(quote('conv4_2'), '"conv4_2"');
  assert.equal(quote('a "b"\n'), '"a \\"b\\"\\n"');
  assert.equal(quote(undefined), 'nothing');
  assert.deepEqual([null, 3, -0, 0, true, NaN].map(quote), ['null', '3', '-0', '0', 'true', 'NaN']);
});

test('quote: arrays and objects by their kind, never their contents', () => {
  assert.equal(quote([]), '[]');
  assert.equal(quote([1, [2, [3]]]), 'an array of 2');
  assert.equal(quote({ a: 1 }), 'an object');
  assert.equal(quote(() => 1), 'function');
  assert.equal(quote(10n), 'bigint');
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.equal(quote(deep), 'an array of 1');
});

test('quote: a long string is cut at 60 characters, escapes counted, with an ellipsis', () => {
  assert.equal(quote('x'.repeat(60)), `"${'x'.repeat(60)}"`);
  assert.equal(quote('x'.repeat(61)), `"${'x'.repeat(60)}…"`);
  assert.equal(quote('x'.repeat(5_000_000)), `"${'x'.repeat(60)}…"`);
  // An escape counts as its written length (\t: two) and is never cut in half.
  assert.equal(quote('\t'.repeat(31)), `"${'\\t'.repeat(30)}…"`);
  assert.equal(quote(`${'x'.repeat(59)}\n`), `"${'x'.repeat(59)}…"`);
});
