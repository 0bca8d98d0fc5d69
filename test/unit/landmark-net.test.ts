import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { faceModelFolder, readFaceModelFiles } from '../../src/node/face-files';
import { readImageFile } from '../../src/node/image-file';
import { rawToTensor } from '../../src/core/image/raw-image';
import { readWeightsManifest } from '../../src/core/face/face-weights';
import { LANDMARKS_MANIFEST, type FaceModels } from '../../src/core/face/face-models';
import { LandmarkNet } from '../../src/core/face/landmark-net';

interface FaceApiPoint { readonly x: number; readonly y: number }
interface FaceApi {
  nets: { faceLandmark68Net: { loadFromDisk(folder: string): Promise<void>; detectLandmarks(input: tf.Tensor3D): Promise<{ positions: FaceApiPoint[] }> } };
}

let models: FaceModels;
let astronaut: tf.Tensor4D;
before(async () => {
  await useBackend('wasm', { threads: 1 });
  models = await readFaceModelFiles();
  astronaut = rawToTensor(await readImageFile('examples/samples/astronaut.png'));
});

test("the landmark net gives face-api's own landmarks for the same pixels (a box wider than high, so padded)", async () => {
  const folder = faceModelFolder();
  const net = new LandmarkNet(await readWeightsManifest(await readFile(join(folder, LANDMARKS_MANIFEST), 'utf8'), (p) => readFile(join(folder, p)), LANDMARKS_MANIFEST), LANDMARKS_MANIFEST);
  // face-api's Node build runs on this process's tfjs (its @tensorflow/tfjs dependency is ours).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  await faceapi.nets.faceLandmark68Net.loadFromDisk(folder);
  const pixels = tf.slice(astronaut, [0, 70, 170, 0], [1, 100, 110, 3]);
  const ours = net.landmarks(pixels);
  const theirs = (await faceapi.nets.faceLandmark68Net.detectLandmarks(tf.squeeze(pixels, [0]) as tf.Tensor3D)).positions;
  assert.equal(ours.length, 68);
  const worst = Math.max(...theirs.flatMap((p, i) => [Math.abs(p.x - ours[i]!.x), Math.abs(p.y - ours[i]!.y)]));
  assert.ok(worst < 0.01, `differs from face-api by up to ${worst} px`);
});

test("the detector's landmarks are in pixels of the whole image: her eyes above her nose above her mouth, inside the box", () => {
  const [face] = models.detector.detect(astronaut, 0.5);
  const mean = (from: number, to: number) => {
    const points = face!.landmarks.slice(from, to);
    return { x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length };
  };
  const [leftEye, rightEye, nose, mouth] = [mean(36, 42), mean(42, 48), mean(27, 36), mean(48, 68)];
  assert.ok(leftEye.x < nose.x && nose.x < rightEye.x, JSON.stringify({ leftEye, nose, rightEye }));
  assert.ok(Math.max(leftEye.y, rightEye.y) < nose.y && nose.y < mouth.y, JSON.stringify({ leftEye, nose, mouth }));
  for (const p of [leftEye, rightEye, mouth]) {
    assert.ok(p.x > face!.left && p.x < face!.left + face!.width && p.y > face!.top && p.y < face!.top + face!.height, `${JSON.stringify(p)} outside ${JSON.stringify(face)}`);
  }
  // Her eyes are about 35 px apart and nearly level (the photo is turned about 3°).
  assert.ok(Math.abs(rightEye.x - leftEye.x - 35) < 8 && Math.abs(rightEye.y - leftEye.y) < 5, JSON.stringify({ leftEye, rightEye }));
});
