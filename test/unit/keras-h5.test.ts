import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadH5wasm, scratchPath } from '../../src/core/model/h5wasm';
import { readKerasH5 } from '../../src/core/model/keras-h5';
import { VGG19_LAYERS } from '../../src/core/model/vgg19';
import { KERAS_PREPROCESSING, isFullWidth, type VggWeightSet } from '../../src/core/model/weights';
import { assertSameWeights, randomVggWeights, writeKerasH5 } from '../helpers/weight-files';
import { tempFolder } from '../helpers/temp-folder';

const dir = tempFolder('stylegraph-keras-h5-');
after(() => rmSync(dir, { recursive: true, force: true }));

async function kerasBytes(set: VggWeightSet, naming: 'legacy' | 'keras2' = 'legacy', dtype?: Float64ArrayConstructor): Promise<Uint8Array> {
  const path = join(dir, `${naming}-${Math.random().toString(36).slice(2)}.h5`);
  await writeKerasH5(set, path, naming, dtype);
  return readFileSync(path);
}

function withLayer(set: VggWeightSet, name: string, change: (w: { kernel: Float32Array; bias: Float32Array; inChannels: number; outChannels: number }) => object | undefined): VggWeightSet {
  const layers = new Map(set.layers);
  const w = layers.get(name);
  assert.ok(w);
  const changed = change({ ...w });
  if (changed) layers.set(name, { ...w, ...changed });
  else layers.delete(name);
  return { ...set, layers };
}

test('the original Keras layout (block1_conv1_W_1:0, superblock 0) reads back identical', async () => {
  const set = randomVggWeights(1);
  const bytes = await kerasBytes(set, 'legacy');
  assert.equal(bytes[8], 0, 'superblock version');
  const read = await readKerasH5(bytes, '/x/vgg.h5');
  assertSameWeights(read, set);
  assert.deepEqual(read.preprocessing, KERAS_PREPROCESSING);
  assert.equal(read.source, '/x/vgg.h5');
});

test('the Keras 2 layout (block1_conv1/kernel:0, newer superblock) reads back identical', async () => {
  const set = randomVggWeights(2);
  const bytes = await kerasBytes(set, 'keras2');
  assert.ok((bytes[8] ?? 0) >= 2, 'superblock version');
  assertSameWeights(await readKerasH5(bytes, '/x/vgg.h5'), set);
});

test('a full-width VGG-19 file (80 MB) reads back identical', async () => {
  const set = randomVggWeights(3, 'full');
  const read = await readKerasH5(await kerasBytes(set), '/x/full.h5');
  assert.ok(isFullWidth(read));
  assert.deepEqual(VGG19_LAYERS.map((l) => read.layers.get(l.name)?.inChannels), [3, 64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512, 512, 512]);
  assertSameWeights(read, set);
});

test('a truncated file names its length and the length its header records', async () => {
  const bytes = await kerasBytes(randomVggWeights(4));
  await assert.rejects(readKerasH5(bytes.subarray(0, 1000), '/x/w.h5'), { name: 'WeightsError', message: `/x/w.h5: truncated HDF5 file: 1000 bytes, the file header says ${bytes.length}` });
  await assert.rejects(readKerasH5(bytes.subarray(0, 20), '/x/w.h5'), { message: '/x/w.h5: truncated HDF5 file: 20 bytes, shorter than its own header' });
});

test('a file that is not HDF5 says so', async () => {
  await assert.rejects(readKerasH5(new TextEncoder().encode('{"weightsManifest": []}'), '/x/w.h5'), {
    name: 'WeightsError',
    message: /^\/x\/w\.h5: not an HDF5 file/,
  });
});

test('a damaged file gives HDF5\'s reason in one line, naming the file', async () => {
  const bytes = new Uint8Array(await kerasBytes(randomVggWeights(5)));
  bytes.fill(7, 200, 4000);
  await assert.rejects(readKerasH5(bytes, '/x/w.h5'), (error: Error) => {
    assert.equal(error.name, 'WeightsError');
    assert.match(error.message, /^\/x\/w\.h5: HDF5 cannot read the file \(is it damaged\?\): \S/);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
});

test('an HDF5 file without layer_names is not a Keras weights file', async () => {
  const { h5wasm, FS } = await loadH5wasm();
  const path = scratchPath();
  const file = new h5wasm.File(path, 'w');
  file.create_dataset({ name: 'data', data: new Float32Array(4) });
  file.close();
  const bytes = FS.readFile(path);
  FS.unlink(path);
  await assert.rejects(readKerasH5(bytes, '/x/w.h5'), { name: 'WeightsError', message: '/x/w.h5: not a Keras weights file (no layer_names attribute)' });
});

test('a layer whose input width does not match the layer before names the file and the layer', async () => {
  const set = withLayer(randomVggWeights(6), 'conv3_2', () => ({ kernel: new Float32Array(9 * 4 * 8), inChannels: 4 }));
  await assert.rejects(readKerasH5(await kerasBytes(set), '/x/w.h5'), {
    name: 'WeightsError',
    message: '/x/w.h5: conv3_2 (block3_conv2) takes 4 input channels, but the layer before gives 8',
  });
});

test('a bias of the wrong length names the file, the layer and both shapes', async () => {
  const set = withLayer(randomVggWeights(7), 'conv2_1', () => ({ bias: new Float32Array(7) }));
  await assert.rejects(readKerasH5(await kerasBytes(set, 'keras2'), '/x/w.h5'), {
    name: 'WeightsError',
    message: '/x/w.h5: block2_conv1: bias has shape [7], expected [8]',
  });
});

test('a missing layer names the file and the layer', async () => {
  const set = withLayer(randomVggWeights(8), 'conv5_4', () => undefined);
  await assert.rejects(readKerasH5(await kerasBytes(set), '/x/w.h5'), {
    name: 'WeightsError',
    message: '/x/w.h5: no weights for layer conv5_4 (block5_conv4)',
  });
});

test('float64 weights name the file, the layer and the dataset', async () => {
  await assert.rejects(readKerasH5(await kerasBytes(randomVggWeights(9), 'legacy', Float64Array), '/x/w.h5'), {
    name: 'WeightsError',
    message: '/x/w.h5: block1_conv1: kernel (block1_conv1_W_1:0) holds float64 values, expected float32',
  });
});
