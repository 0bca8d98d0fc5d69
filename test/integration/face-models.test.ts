import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { DETECTOR_MANIFEST, LANDMARKS_MANIFEST, RECOGNIZER_MANIFEST, readFaceModels } from '../../src/core/face/face-models';
import { WeightsError } from '../../src/core/model/weights';
import { faceModelFolder } from '../../src/node/face-files';
import { readImageFile } from '../../src/node/image-file';
import { rawToTensor } from '../../src/core/image/raw-image';

before(() => useBackend('wasm', { threads: 1 }));

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

test('a manifest that cannot be read or parsed is named with the folder; the manifests are read detector first', async () => {
  const folder = faceModelFolder();
  const asked: string[] = [];
  const failing = (broken: string) => async (path: string) => {
    asked.push(path);
    if (path === broken) return new TextEncoder().encode('{ not json');
    return readFile(join(folder, path));
  };
  await assert.rejects(readFaceModels(failing(RECOGNIZER_MANIFEST), 'models'), (e: unknown) =>
    e instanceof WeightsError && e.message.startsWith(`models/${RECOGNIZER_MANIFEST}: not valid JSON`));
  assert.deepEqual(asked.filter((p) => p.endsWith('.json')), [DETECTOR_MANIFEST, LANDMARKS_MANIFEST, RECOGNIZER_MANIFEST]);
  await assert.rejects(readFaceModels(async (path) => { if (path === LANDMARKS_MANIFEST) throw new Error('ENOENT: no such file'); return readFile(join(folder, path)); }, 'models'), { message: 'ENOENT: no such file' });
});
