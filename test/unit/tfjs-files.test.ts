import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readTfjsFiles, writeTfjsFiles } from '../../src/node/tfjs-files';
import { MATCONVNET_PREPROCESSING } from '../../src/core/model/weights';
import { assertSameWeights, randomVggWeights } from '../helpers/weight-files';
import { tempFolder } from '../helpers/temp-folder';

test('weights written as model.json and shards (in a folder made for them) read back identical', async () => {
  const set = { ...randomVggWeights(8), preprocessing: MATCONVNET_PREPROCESSING };
  const dir = join(tempFolder('stylegraph-tfjs-files-'), 'nested', 'model');
  const path = await writeTfjsFiles(set, dir, 3_000);
  assert.equal(path, join(dir, 'model.json'));
  const files = readdirSync(dir);
  const shards = files.filter((f) => f.endsWith('.bin'));
  assert.equal(files.length, shards.length + 1);
  assert.ok(shards.length > 5, `${shards.length} shards`);
  const read = await readTfjsFiles(path);
  assertSameWeights(read, set);
  assert.deepEqual(read.preprocessing, MATCONVNET_PREPROCESSING);
  assert.equal(read.source, path);
});

test('shards of different sizes (the last one shorter) read back identical', async () => {
  const set = randomVggWeights(9);
  const dir = tempFolder('stylegraph-tfjs-files-');
  // Shards are 5000 bytes, but the last one is shorter.
  const path = await writeTfjsFiles(set, dir, 5_000);
  const sizes = readdirSync(dir).filter((f) => f.endsWith('.bin')).sort().map((f) => statSync(join(dir, f)).size);
  assert.ok(new Set(sizes).size > 1, `sizes ${sizes.join()}`);
  assertSameWeights(await readTfjsFiles(path), set);
});

test('a missing shard: an error naming it', async () => {
  const dir = tempFolder('stylegraph-tfjs-files-');
  const path = await writeTfjsFiles(randomVggWeights(10), dir, 5_000);
  const shard = readdirSync(dir).filter((f) => f.endsWith('.bin')).sort()[1]!;
  rmSync(join(dir, shard));
  await assert.rejects(readTfjsFiles(path), (e: Error) => e.message.includes(shard));
});
