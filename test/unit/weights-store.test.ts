import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, watch, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { defaultCacheDir, loadWeightsFile, tfjsModelJsonFor } from '../../src/node/weights-store';
import { MATCONVNET_PREPROCESSING } from '../../src/core/model/weights';
import { matConvNetFile } from '../helpers/mat-files';
import { assertSameWeights, randomVggWeights, writeKerasH5, writeTfjsFiles } from '../helpers/weight-files';
import { tempFolder } from '../helpers/temp-folder';

const root = tempFolder('stylegraph-store-');
after(() => rmSync(root, { recursive: true, force: true }));

function freshDir(): string {
  return mkdtempSync(join(root, 'case-'));
}

test('a Keras file loads without a cache, named by its path', async () => {
  const set = randomVggWeights(21);
  const path = join(freshDir(), 'vgg.h5');
  await writeKerasH5(set, path, 'keras2');
  const { weights, fromCache } = await loadWeightsFile(path);
  assert.equal(fromCache, false);
  assertSameWeights(weights, set);
  assert.equal(weights.source, path);
});

test('HDF5 content is recognised whatever the extension; a .h5 that is not HDF5 says so', async () => {
  const dir = freshDir();
  const set = randomVggWeights(22);
  await writeKerasH5(set, join(dir, 'vgg.h5'), 'legacy');
  copyFileSync(join(dir, 'vgg.h5'), join(dir, 'weights.bin'));
  assertSameWeights((await loadWeightsFile(join(dir, 'weights.bin'))).weights, set);
  writeFileSync(join(dir, 'fake.h5'), 'not really');
  await assert.rejects(loadWeightsFile(join(dir, 'fake.h5')), { name: 'WeightsError', message: new RegExp(`^${join(dir, 'fake.h5')}: not an HDF5 file`) });
});

test('a truncated Keras file names its path', async () => {
  const path = join(freshDir(), 'vgg.h5');
  await writeKerasH5(randomVggWeights(23), path, 'legacy');
  const size = statSync(path).size;
  truncateSync(path, 1000);
  await assert.rejects(loadWeightsFile(path, { cacheDir: freshDir() }), { message: `${path}: truncated HDF5 file: 1000 bytes, the file header says ${size}` });
});

test('a TensorFlow.js model.json loads with its shards; a truncated shard names the model.json and the shard', async () => {
  const set = randomVggWeights(24);
  const path = await writeTfjsFiles(set, freshDir(), 4_000);
  const { weights, fromCache } = await loadWeightsFile(path, { cacheDir: freshDir() });
  assert.equal(fromCache, false);
  assertSameWeights(weights, set);
  assert.equal(weights.source, path);
  const shard = readdirSync(join(path, '..')).find((name) => name.startsWith('group1-shard2of'));
  assert.ok(shard);
  truncateSync(join(path, '..', shard), 100);
  await assert.rejects(loadWeightsFile(path), { name: 'WeightsError', message: `${path}: weight shard ${shard} has 100 bytes, the manifest needs 4000 (truncated?)` });
});

test('an unknown file format says which formats are expected', async () => {
  const path = join(freshDir(), 'weights.bin');
  writeFileSync(path, 'MATLAB 4 or something else');
  await assert.rejects(loadWeightsFile(path), {
    name: 'WeightsError',
    message: `${path}: unknown weights format: expected a Keras .h5 file, a MatConvNet .mat file (imagenet-vgg-verydeep-19.mat) or a TensorFlow.js model.json`,
  });
});

test('a folder or a missing file instead of a weights file: one line naming the path', async () => {
  const dir = freshDir();
  const expected = 'a weights file (Keras .h5, MatConvNet .mat or TensorFlow.js model.json)';
  await assert.rejects(loadWeightsFile(dir), { name: 'WeightsError', message: `${dir} is a folder; expected ${expected}` });
  await assert.rejects(loadWeightsFile(join(dir, 'vgg.h5')), { name: 'WeightsError', message: `${join(dir, 'vgg.h5')}: no such file; expected ${expected}` });
  await assert.rejects(tfjsModelJsonFor(dir, join(dir, 'cache')), { name: 'WeightsError', message: `${dir} is a folder; expected ${expected}` });
});

test('the editor\'s way in (tfjsModelJsonFor) removes what killed conversions and downloads left in the cache', async () => {
  const dir = freshDir();
  const cacheDir = join(dir, 'cache');
  const path = await writeTfjsFiles(randomVggWeights(26), join(dir, 'tfjs'));
  mkdirSync(join(cacheDir, 'abc.tmp-0123456789ab'), { recursive: true });
  writeFileSync(join(cacheDir, 'vgg.h5.part-0123456789ab'), 'x');
  writeFileSync(join(cacheDir, 'vgg.h5.part-fedcba987654'), 'x');
  const old = new Date(Date.now() - 2 * 3600_000);
  for (const name of ['abc.tmp-0123456789ab', 'vgg.h5.part-0123456789ab']) utimesSync(join(cacheDir, name), old, old);
  await tfjsModelJsonFor(path, cacheDir);
  assert.deepEqual(readdirSync(cacheDir), ['vgg.h5.part-fedcba987654'], 'the fresh download may still be running');
});

test('a MatConvNet .mat is recognised by its header or its extension, and converted once into the cache', async () => {
  const dir = freshDir();
  const cacheDir = join(dir, 'cache');
  const set = { ...randomVggWeights(28), preprocessing: MATCONVNET_PREPROCESSING };
  const path = join(dir, 'imagenet-vgg-verydeep-19.mat');
  writeFileSync(path, matConvNetFile(set, { fc: true }));
  copyFileSync(path, join(dir, 'weights.bin'));
  assertSameWeights((await loadWeightsFile(join(dir, 'weights.bin'))).weights, set);
  writeFileSync(join(dir, 'fake.mat'), 'not really');
  await assert.rejects(loadWeightsFile(join(dir, 'fake.mat')), { name: 'WeightsError', message: `${join(dir, 'fake.mat')}: not a MAT-file (no 'MATLAB 5.0 MAT-file' header)` });

  const first = await loadWeightsFile(path, { cacheDir });
  assert.equal(first.fromCache, false);
  assertSameWeights(first.weights, set);
  assert.equal(readdirSync(cacheDir).length, 1);
  const second = await loadWeightsFile(path, { cacheDir });
  assert.equal(second.fromCache, true);
  assertSameWeights(second.weights, set);
  assert.equal(second.weights.source, path);
  assert.deepEqual(second.weights.preprocessing, MATCONVNET_PREPROCESSING);
});

test('a Keras file is converted once into the cache, keyed by its bytes; later loads read the cache', async () => {
  const dir = freshDir();
  const cacheDir = join(dir, 'cache');
  const path = join(dir, 'vgg.h5');
  const set = randomVggWeights(25);
  await writeKerasH5(set, path, 'legacy');

  const first = await loadWeightsFile(path, { cacheDir });
  assert.equal(first.fromCache, false);
  assertSameWeights(first.weights, set);
  const entries = readdirSync(cacheDir);
  assert.deepEqual(entries, [createHash('sha256').update(readFileSync(path)).digest('hex')], 'one entry named by the sha256 of the file, no temporary folder left');
  assert.deepEqual(readdirSync(join(cacheDir, entries[0]!)), ['group1-shard1of1.bin', 'model.json', 'source.json']);

  const second = await loadWeightsFile(path, { cacheDir });
  assert.equal(second.fromCache, true);
  assertSameWeights(second.weights, set);
  assert.equal(second.weights.source, path);
  assert.deepEqual(second.weights.preprocessing, first.weights.preprocessing);
});

test('one file reached by another path (a symbolic link, a copy) is converted once; a touched file is not converted again', async () => {
  const dir = freshDir();
  const cacheDir = join(dir, 'cache');
  const path = join(dir, 'vgg.h5');
  await writeKerasH5(randomVggWeights(30), path, 'keras2');
  symlinkSync(path, join(dir, 'link.h5'));
  mkdirSync(join(dir, 'elsewhere'));
  copyFileSync(path, join(dir, 'elsewhere', 'vgg19.h5'));

  const conversions: boolean[] = [];
  for (const name of ['vgg.h5', 'link.h5', join('elsewhere', 'vgg19.h5')]) conversions.push(!(await loadWeightsFile(join(dir, name), { cacheDir })).fromCache);
  utimesSync(path, new Date(), new Date());
  conversions.push(!(await loadWeightsFile(join(dir, 'link.h5'), { cacheDir })).fromCache);
  assert.deepEqual(conversions, [true, false, false, false]);
  assert.equal(readdirSync(cacheDir).length, 1);
});

test('the cache keeps the last 3 conversions used: a fourth removes the least recently used one', async () => {
  const dir = freshDir();
  const cacheDir = join(dir, 'cache');
  const files = [31, 32, 33, 34].map((seed) => join(dir, `vgg-${seed}.h5`));
  for (const [i, file] of files.entries()) await writeKerasH5(randomVggWeights(31 + i), file, 'legacy');
  const converted = async (file: string) => !(await loadWeightsFile(file, { cacheDir })).fromCache;
  const key = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  /** Lets the clock move on, so each use is later than the one before (entries are ordered by time). */
  const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

  for (const file of files.slice(0, 3)) {
    assert.equal(await converted(file), true);
    await tick();
  }
  assert.equal(await converted(files[0]!), false, 'a use from the cache...');
  await tick();
  assert.equal(await converted(files[3]!), true);
  assert.deepEqual(readdirSync(cacheDir).sort(), [files[0]!, files[2]!, files[3]!].map(key).sort(), '...keeps it: the fourth conversion removed the least recently used, the second');
  await tick();
  assert.equal(await converted(files[1]!), true, 'converted again');
  assert.deepEqual(readdirSync(cacheDir).sort(), [files[0]!, files[3]!, files[1]!].map(key).sort());
});

test('Ctrl-C during a conversion leaves nothing in the cache, even when it comes after the entry is written and before it is put in place', async () => {
  const dir = freshDir();
  const cacheDir = join(dir, 'cache');
  mkdirSync(cacheDir);
  const path = join(dir, 'vgg.h5');
  await writeKerasH5(randomVggWeights(36), path, 'legacy');
  const controller = new AbortController();
  // The temporary entry appears once the conversion is done and its files are being written: the signal comes then.
  const watcher = watch(cacheDir, (_, name) => {
    if (name?.includes('.tmp-')) controller.abort();
  });
  try {
    await assert.rejects(loadWeightsFile(path, { cacheDir, signal: controller.signal }), { name: 'AbortError' });
  } finally {
    watcher.close();
  }
  assert.ok(controller.signal.aborted);
  assert.deepEqual(readdirSync(cacheDir), []);

  const before = new AbortController();
  before.abort();
  await assert.rejects(loadWeightsFile(path, { cacheDir, signal: before.signal }), { name: 'AbortError' });
  assert.deepEqual(readdirSync(cacheDir), []);
  assert.equal((await loadWeightsFile(path, { cacheDir })).fromCache, false, 'converted when not interrupted');
});

test('a changed Keras file or a damaged cache entry is converted again', async () => {
  const dir = freshDir();
  const cacheDir = join(dir, 'cache');
  const path = join(dir, 'vgg.h5');
  await writeKerasH5(randomVggWeights(26), path, 'keras2');
  await loadWeightsFile(path, { cacheDir });
  const before = readdirSync(cacheDir);

  const changed = randomVggWeights(27);
  await writeKerasH5(changed, path, 'keras2');
  const reloaded = await loadWeightsFile(path, { cacheDir });
  assert.equal(reloaded.fromCache, false);
  assertSameWeights(reloaded.weights, changed);

  const [entry] = readdirSync(cacheDir).filter((name) => !before.includes(name));
  assert.ok(entry);
  truncateSync(join(cacheDir, entry, 'group1-shard1of1.bin'), 10);
  const repaired = await loadWeightsFile(path, { cacheDir });
  assert.equal(repaired.fromCache, false);
  assertSameWeights(repaired.weights, changed);
  assert.equal((await loadWeightsFile(path, { cacheDir })).fromCache, true);
});

test('the default cache dir is $STYLEGRAPH_CACHE, else $XDG_CACHE_HOME/stylegraph, else ~/.cache/stylegraph', () => {
  assert.equal(defaultCacheDir({ STYLEGRAPH_CACHE: '/a', XDG_CACHE_HOME: '/b' }), '/a');
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/b' }), join('/b', 'stylegraph'));
  assert.equal(defaultCacheDir({}), join(homedir(), '.cache', 'stylegraph'));
});
