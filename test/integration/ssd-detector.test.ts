import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { faceModelFolder } from '../../src/node/face-files';
import { readImageFile } from '../../src/node/image-file';
import { rawToTensor } from '../../src/core/image/raw-image';
import { readWeightsManifest } from '../../src/core/face/face-weights';
import { DETECTOR_MANIFEST } from '../../src/core/face/face-models';
import { SsdDetector, type FaceBox } from '../../src/core/face/ssd-detector';

interface FaceApiDetection { readonly score: number; readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number } }
interface FaceApi {
  nets: { ssdMobilenetv1: { loadFromDisk(folder: string): Promise<void>; locateFaces(input: tf.Tensor3D, options: unknown): Promise<FaceApiDetection[]> } };
  SsdMobilenetv1Options: new (options: { minConfidence: number }) => unknown;
}

let detector: SsdDetector;
let faceapi: FaceApi;
let astronaut: tf.Tensor4D;
before(async () => {
  await useBackend('wasm', { threads: 1 });
  const folder = faceModelFolder();
  detector = new SsdDetector(await readWeightsManifest(await readFile(join(folder, DETECTOR_MANIFEST), 'utf8'), (p) => readFile(join(folder, p)), DETECTOR_MANIFEST), DETECTOR_MANIFEST);
  // face-api's Node build runs on this process's tfjs (its @tensorflow/tfjs dependency is ours).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(folder);
  astronaut = rawToTensor(await readImageFile('examples/samples/astronaut.png'));
});

async function assertSameAsFaceApi(image: tf.Tensor4D, minConfidence: number): Promise<FaceBox[]> {
  const ours = detector.detect(image, minConfidence);
  const theirs = await faceapi.nets.ssdMobilenetv1.locateFaces(tf.squeeze(image, [0]) as tf.Tensor3D, new faceapi.SsdMobilenetv1Options({ minConfidence }));
  assert.equal(ours.length, theirs.length, `${ours.length} faces, face-api ${theirs.length}`);
  ours.forEach((box, i) => {
    const t = theirs[i]!;
    assert.ok(Math.abs(box.score - t.score) < 1e-3, `score ${box.score} vs ${t.score}`);
    const worst = Math.max(Math.abs(box.left - t.box.x), Math.abs(box.top - t.box.y), Math.abs(box.width - t.box.width), Math.abs(box.height - t.box.height));
    assert.ok(worst < 0.5, `box ${JSON.stringify(box)} vs face-api ${JSON.stringify(t.box)}`);
  });
  return ours;
}

test("the astronaut's face: the same box and score as face-api's own detector", async () => {
  const [face] = await assertSameAsFaceApi(astronaut, 0.5);
  assert.ok(face && face.score > 0.9);
});

test('an image wider than high is padded at the bottom, as face-api does: the same box in its pixels', async () => {
  const wide = tf.slice(astronaut, [0, 30, 60, 0], [1, 250, 380, 3]) as tf.Tensor4D;
  const [face] = await assertSameAsFaceApi(wide, 0.5);
  const [whole] = detector.detect(astronaut, 0.5);
  // The face is found where it was (within 15 px: the network sees it at another scale), moved by the crop's corner.
  assert.ok(Math.abs(face!.left + 60 - whole!.left) < 15 && Math.abs(face!.top + 30 - whole!.top) < 15, `${JSON.stringify(face)} vs ${JSON.stringify(whole)}`);
  wide.dispose();
});

test('above the best score nothing is found; a blank image has no face', () => {
  const [face] = detector.detect(astronaut, 0.5);
  assert.deepEqual(detector.detect(astronaut, Math.min(1, face!.score + 0.01)), []);
  const blank = tf.fill([1, 64, 64, 3], 128) as tf.Tensor4D;
  assert.deepEqual(detector.detect(blank, 0.5), []);
  blank.dispose();
});
