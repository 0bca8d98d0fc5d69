import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { faceModelFolder } from '../../src/node/face-files';
import { readImageFile } from '../../src/node/image-file';
import { rawToTensor } from '../../src/core/image/raw-image';
import { readWeightsManifest } from '../../src/core/face/face-weights';
import { RECOGNIZER_MANIFEST } from '../../src/core/face/face-models';
import { ENCODING_LENGTH, RecognitionNet, squareInput } from '../../src/core/face/recognition-net';

interface FaceApi {
  nets: { faceRecognitionNet: { loadFromDisk(folder: string): Promise<void>; computeFaceDescriptor(input: tf.Tensor3D): Promise<Float32Array> } };
}

let net: RecognitionNet;
let faceapi: FaceApi;
let astronaut: tf.Tensor4D;
before(async () => {
  await useBackend('wasm', { threads: 1 });
  const folder = faceModelFolder();
  net = new RecognitionNet(await readWeightsManifest(await readFile(join(folder, RECOGNIZER_MANIFEST), 'utf8'), (p) => readFile(join(folder, p)), RECOGNIZER_MANIFEST), RECOGNIZER_MANIFEST);
  // face-api's Node build runs on this process's tfjs (its @tensorflow/tfjs dependency is ours).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  await faceapi.nets.faceRecognitionNet.loadFromDisk(folder);
  astronaut = rawToTensor(await readImageFile('examples/samples/astronaut.png'));
});

test("the encoding of a face, square or not, is face-api's own descriptor for the same pixels", async () => {
  for (const [top, left, h, w] of [[60, 160, 150, 150], [70, 170, 100, 110], [50, 180, 130, 90]] as const) {
    const pixels = tf.slice(astronaut, [0, top, left, 0], [1, h, w, 3]) as tf.Tensor4D;
    const ours = net.encode(pixels);
    assert.deepEqual(ours.shape, [1, ENCODING_LENGTH]);
    const theirs = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(tf.squeeze(pixels, [0]) as tf.Tensor3D);
    const worst = Math.max(...Array.from(ours.dataSync(), (v, i) => Math.abs(v - theirs[i]!)));
    assert.ok(worst < 1e-3, `${h}x${w}: differs from face-api by up to ${worst}`);
    tf.dispose([pixels, ours]);
  }
});

test('squareInput pads to a centred square with black (the odd pixel after), then resizes', () => {
  tf.tidy(() => {
    // 2 high, 4 wide: a row of zeros above and one below.
    const wide = squareInput(tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 4, 1]), 4);
    assert.deepEqual(Array.from(wide.dataSync()), [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0]);
    // 3 high, 2 wide: the one column of zeros goes after.
    const tall = squareInput(tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 3, 2, 1]), 3);
    assert.deepEqual(Array.from(tall.dataSync()), [1, 2, 0, 3, 4, 0, 5, 6, 0]);
    // 2x2 to 4x4: bilinear, corners kept.
    const grown = squareInput(tf.tensor4d([0, 4, 8, 12], [1, 2, 2, 1]), 4).dataSync();
    assert.deepEqual([grown[0], grown[15]], [0, 12]);
  });
});

test('the encoding is differentiable in the image', () => {
  const pixels = tf.slice(astronaut, [0, 70, 170, 0], [1, 100, 100, 3]);
  const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.square(net.encode(x as tf.Tensor4D))))(pixels);
  assert.deepEqual(grad.shape, pixels.shape);
  const values = grad.dataSync();
  assert.ok(values.every(Number.isFinite) && values.some((v) => v !== 0));
  tf.dispose([pixels, grad]);
});
