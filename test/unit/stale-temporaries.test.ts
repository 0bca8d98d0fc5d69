import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeStaleTemporaries } from '../../src/node/stale-temporaries';
import { tempFolder } from '../helpers/temp-folder';

const HOUR = 3600_000;

/** Makes `path` (a file, or a folder with one file) look last changed `ageMs` ago. */
function make(path: string, ageMs: number, folder = false): void {
  const when = new Date(Date.now() - ageMs);
  if (folder) {
    mkdirSync(path);
    writeFileSync(join(path, 'group1-shard1of1.bin'), 'x');
    utimesSync(join(path, 'group1-shard1of1.bin'), when, when);
  } else {
    writeFileSync(path, 'x');
  }
  utimesSync(path, when, when);
}

test('stale temporaries go; fresh ones, files in use and the user\'s files stay', async (t) => {
  const dir = tempFolder('stylegraph-stale-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  make(join(dir, 'out.png.tmp-0123456789ab'), 2 * HOUR);
  make(join(dir, 'vgg.h5.part-aaaaaaaaaaaa'), 2 * HOUR);
  make(join(dir, '5f3c.tmp-bbbbbbbbbbbb'), 2 * HOUR, true);
  make(join(dir, 'out.png.tmp-cccccccccccc'), 60_000);
  make(join(dir, 'vgg.h5.part-dddddddddddd'), 60_000);
  // A conversion still writing: the folder is old, the shard it writes is not.
  make(join(dir, '9a9a.tmp-eeeeeeeeeeee'), 2 * HOUR, true);
  utimesSync(join(dir, '9a9a.tmp-eeeeeeeeeeee', 'group1-shard1of1.bin'), new Date(), new Date());
  // The user's files, old, with names close to ours.
  for (const name of ['out.png', 'notes.tmp', 'x.tmp-short', 'x.tmp-0123456789AB', 'x.part-0123456789abc', 'tmp-0123456789ab']) make(join(dir, name), 2 * HOUR);

  const removed = await removeStaleTemporaries(dir);
  assert.deepEqual(removed.sort(), ['5f3c.tmp-bbbbbbbbbbbb', 'out.png.tmp-0123456789ab', 'vgg.h5.part-aaaaaaaaaaaa'].map((n) => join(dir, n)));
  assert.deepEqual(readdirSync(dir).sort(), [
    '9a9a.tmp-eeeeeeeeeeee', 'notes.tmp', 'out.png', 'out.png.tmp-cccccccccccc', 'tmp-0123456789ab', 'vgg.h5.part-dddddddddddd', 'x.part-0123456789abc', 'x.tmp-0123456789AB', 'x.tmp-short',
  ]);

  // The age is a parameter; `base` limits the cleaning to one file's temporaries.
  make(join(dir, 'other.png.tmp-ffffffffffff'), 60_000);
  assert.deepEqual(await removeStaleTemporaries(dir, { base: 'out.png', olderThanMs: 1000 }), [join(dir, 'out.png.tmp-cccccccccccc')]);
  assert.ok(readdirSync(dir).includes('other.png.tmp-ffffffffffff'));
  assert.deepEqual(await removeStaleTemporaries(join(dir, 'missing')), []);
});
