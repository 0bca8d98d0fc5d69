import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32 } from '../../src/core/image/crc32';
import { SeededRandom } from '../helpers/seeded-random';

test('crc32 is zlib\'s', () => {
  assert.equal(crc32(new TextEncoder().encode('IHDR')), 0xa8a1ae0a);
  assert.equal(crc32(new Uint8Array(0)), 0);
});

test('crc32: the check value of "123456789", and zlib\'s on random bytes of every length to 300', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  const rng = new SeededRandom(7);
  for (let n = 1; n <= 300; n++) {
    const bytes = Uint8Array.from({ length: n }, () => rng.int(256));
    assert.equal(crc32(bytes), zlibCrc32(bytes), `${n} bytes`);
  }
});
