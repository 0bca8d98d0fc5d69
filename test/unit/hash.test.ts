import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashBytes, hashString } from '../../src/core/run/hash';

test('hashString is cyrb53 (seed 0): its published values for "a", "b" and "revenge"', () => {
  assert.equal(hashString('a'), (7929297801672961).toString(36));
  assert.equal(hashString('b'), (8684336938537663).toString(36));
  assert.equal(hashString('revenge'), (4051478007546757).toString(36));
});

test('one character changed, swapped or added changes the hash; the same text hashes alike', () => {
  const hashes = ['style', 'stylf', 'tsyle', 'style ', '', 'Style'].map(hashString);
  assert.equal(new Set(hashes).size, hashes.length);
  assert.equal(hashString('style'), hashString(['st', 'yle'].join('')));
  for (const h of hashes) assert.match(h, /^[0-9a-z]+$/);
});

test('hashBytes of bytes equals hashString of the text with those character codes', () => {
  assert.equal(hashBytes(new TextEncoder().encode('content.png')), hashString('content.png'));
  assert.notEqual(hashBytes(Uint8Array.from([1, 2, 3])), hashBytes(Uint8Array.from([1, 2, 4])));
  // Codes above 255 are kept whole in a string, so they differ from their low byte.
  assert.notEqual(hashString('\u0141'), hashBytes(Uint8Array.from([0x41])));
});
