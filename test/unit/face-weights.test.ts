import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { readWeightsManifest } from '../../src/core/face/face-weights';
import { DETECTOR_MANIFEST, LANDMARKS_MANIFEST, RECOGNIZER_MANIFEST, readFaceModels } from '../../src/core/face/face-models';
import { faceModelFolder } from '../../src/node/face-files';
import { readImageFile } from '../../src/node/image-file';
import { rawToTensor } from '../../src/core/image/raw-image';

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

test("the face models load from face-api's package files only (no download) and find the astronaut's face", async () => {
  const folder = faceModelFolder();
  const read: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = () => { throw new Error('no network in tests'); };
  try {
    const models = await readFaceModels((p) => { read.push(p); return readFile(join(folder, p)); }, folder);
    assert.deepEqual(read.sort(), [DETECTOR_MANIFEST, LANDMARKS_MANIFEST, RECOGNIZER_MANIFEST, 'face_landmark_68_model.bin', 'face_recognition_model.bin', 'ssd_mobilenetv1_model.bin'].sort());
    const image = rawToTensor(await readImageFile('/work/shared/samples/astronaut.png'));
    const [face, ...others] = models.detector.detect(image, 0.5);
    assert.equal(others.length, 0);
    assert.ok(Math.abs(face!.score - 0.965) < 0.005, `score ${face!.score}`);
    // Her face is in the upper middle of the 512x512 picture.
    assert.ok(face!.left > 150 && face!.left + face!.width < 300 && face!.top > 40 && face!.top + face!.height < 200, JSON.stringify(face));
    const encoding = models.recognizer.encode(image);
    assert.deepEqual(encoding.shape, [1, 128]);
    assert.ok(Array.from(encoding.dataSync()).every(Number.isFinite));
    tf.dispose([image, encoding]);
  } finally {
    globalThis.fetch = realFetch;
  }
});
