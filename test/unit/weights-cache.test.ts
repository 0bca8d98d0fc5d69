import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CACHE_KEEP, contentKey, entryPath, listCacheEntries, pruneCache, touchEntry, writeEntrySource } from '../../src/node/weights-cache';
import { tempFolder } from '../helpers/temp-folder';

const key = (n: number) => createHash('sha256').update(`entry ${n}`).digest('hex');

/** An entry folder holding `bytes` bytes of files, last used at `seconds` after the epoch. */
function entry(cache: string, n: number, seconds: number, bytes = 10): string {
  const dir = entryPath(cache, key(n));
  mkdirSync(join(dir, 'shards'), { recursive: true });
  writeFileSync(join(dir, 'model.json'), 'x'.repeat(bytes - 4));
  writeFileSync(join(dir, 'shards', 'a.bin'), 'abcd');
  utimesSync(dir, seconds, seconds);
  return dir;
}

test('an entry is named by the sha256 of the file\'s bytes', async () => {
  const file = join(tempFolder('stylegraph-cache-'), 'weights.h5');
  const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
  writeFileSync(file, bytes);
  assert.equal(await contentKey(file), createHash('sha256').update(bytes).digest('hex'));
  assert.equal(entryPath('/cache', 'ab'), join('/cache', 'ab'));
});

test('a key asked for with an aborted signal is not computed', async () => {
  const file = join(tempFolder('stylegraph-cache-'), 'weights.h5');
  writeFileSync(file, 'x');
  await assert.rejects(contentKey(file, AbortSignal.abort()), { name: 'AbortError' });
});

test('entries are listed the most recently used first, with their size and source; other names are not entries', async () => {
  const cache = tempFolder('stylegraph-cache-');
  entry(cache, 1, 1000, 20);
  const second = entry(cache, 2, 3000, 30);
  entry(cache, 3, 2000);
  await writeEntrySource(second, 'relative/vgg19.h5');
  utimesSync(second, 3000, 3000);
  mkdirSync(join(cache, 'downloads'));
  mkdirSync(join(cache, key(4).toUpperCase()));
  writeFileSync(join(cache, key(5)), 'a file, not a folder');
  const entries = await listCacheEntries(cache);
  assert.deepEqual(entries.map((e) => e.key), [key(2), key(3), key(1)]);
  assert.equal(entries[0]!.source, resolve('relative/vgg19.h5'));
  assert.equal(entries[1]!.source, undefined);
  // model.json and shards/a.bin, plus source.json for the second.
  assert.equal(entries[2]!.bytes, 20);
  assert.equal(entries[0]!.bytes, 30 + statSync(join(second, 'source.json')).size);
  assert.equal(entries[0]!.lastUsed.getTime(), 3000_000);
});

test('a cache folder that does not exist has no entries, and pruning it removes nothing', async () => {
  const cache = join(tempFolder('stylegraph-cache-'), 'not-yet');
  assert.deepEqual(await listCacheEntries(cache), []);
  assert.deepEqual(await pruneCache(cache), []);
});

test('touching an entry makes it the most recently used; pruning keeps the most recently used', async () => {
  const cache = tempFolder('stylegraph-cache-');
  const dirs = [1, 2, 3, 4, 5].map((n) => entry(cache, n, n * 1000));
  await touchEntry(dirs[0]!);
  await touchEntry(join(cache, 'gone')); // no error
  assert.equal(CACHE_KEEP, 3);
  const removed = await pruneCache(cache);
  assert.deepEqual(removed.map((e) => e.key).sort(), [key(2), key(3)].sort());
  assert.deepEqual(dirs.map((d) => existsSync(d)), [true, false, false, true, true]);
  assert.deepEqual((await pruneCache(cache, 1)).map((e) => e.key).sort(), [key(4), key(5)].sort());
  assert.deepEqual((await listCacheEntries(cache)).map((e) => e.key), [key(1)]);
});
