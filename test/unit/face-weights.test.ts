import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/node/backend';
import { readWeightsManifest } from '../../src/core/face/face-weights';

before(() => useBackend('wasm', { threads: 1 }));

const manifest = (paths: string[]) => JSON.stringify([{
  paths,
  weights: [
    { name: 'q', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
    { name: 'f', shape: [2], dtype: 'float32' },
  ],
}]);
const floats = new Uint8Array(new Float32Array([3.25, -7]).buffer);
const shard = new Uint8Array([0, 1, 2, 255, ...floats]);

test('a quantized manifest: uint8 values dequantized as q * scale + min, float32 read as is, over two shards', async () => {
  const parts: Record<string, Uint8Array> = { a: shard.subarray(0, 5), b: shard.subarray(5) };
  const weights = await readWeightsManifest(manifest(['a', 'b']), async (p) => parts[p]!, 'm.json');
  assert.deepEqual(Array.from(weights.get('q')!.dataSync()), [-1, -0.5, 0, 126.5]);
  assert.deepEqual(weights.get('q')!.shape, [2, 2]);
  assert.deepEqual(Array.from(weights.get('f')!.dataSync()), [3.25, -7]);
});

test('a truncated shard is a clear error naming the file and the bytes', async () => {
  await assert.rejects(readWeightsManifest(manifest(['a']), async () => shard.subarray(0, 9), 'm.json'),
    { message: 'm.json: the shards a have 9 bytes, the manifest needs 12 (truncated?)' });
});

test('a shard path outside the manifest folder is refused before anything is read', async () => {
  let reads = 0;
  await assert.rejects(readWeightsManifest(manifest(['../secret.bin']), async () => { reads++; return shard; }, 'm.json'), /m\.json: the shard path "\.\.\/secret\.bin"/);
  assert.equal(reads, 0);
});

test('a model.json object instead of a manifest array is named', async () => {
  await assert.rejects(readWeightsManifest('{"weightsManifest": []}', async () => shard, 'm.json'), { message: 'm.json: not a TensorFlow.js weights manifest (an array of { paths, weights } groups)' });
});
