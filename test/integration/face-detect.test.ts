import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { readFaceModelFiles } from '../../src/node/face-files';
import { readImageFile } from '../../src/node/image-file';
import { rawToTensor } from '../../src/core/image/raw-image';
import { faceDetect } from '../../src/core/nodes/face-detect';
import type { EvalContext, NodeDef, Params, Value } from '../../src/core/nodes/types';

let ctx = { nodeId: 'n' } as EvalContext;
const run = (def: NodeDef, inputs: Record<string, Value[]>, params: Params = {}) => def.evaluate!(inputs, params, ctx);
const image = (t: tf.Tensor4D): Value => ({ type: 'image', tensor: t });
const detectParams = { minConfidence: 0.5, face: 1 };

let astronaut: tf.Tensor4D;
before(async () => {
  await useBackend('wasm', { threads: 1 });
  ctx = { nodeId: 'n', faceModels: await readFaceModelFiles() } as EvalContext;
  astronaut = rawToTensor(await readImageFile('examples/samples/astronaut.png'));
});

const turned = (t: tf.Tensor4D, degrees: number) => tf.image.rotateWithOffset(t, (degrees * Math.PI) / 180, 0) as tf.Tensor4D;

test('face.detect turns the face upright: her crop from the photo turned 15° is closer to her upright crop than that crop turned 15°', () => {
  const crop = (t: tf.Tensor4D) => run(faceDetect, { image: [image(t)] }, detectParams).tensor as tf.Tensor4D;
  const meanDifference = (a: tf.Tensor, b: tf.Tensor) => tf.mean(tf.abs(tf.sub(a, b))).dataSync()[0]!;
  const upright = crop(astronaut);
  const fromTurned = meanDifference(upright, crop(turned(astronaut, 15)));
  // Her crop turned 15° about its centre is what a crop that ignored the turn would look like.
  const unaligned = meanDifference(upright, turned(upright, 15));
  assert.ok(fromTurned < unaligned / 2, `mean pixel difference ${fromTurned} aligned, ${unaligned} turned`);
  console.log(`mean pixel difference to her upright crop: ${fromTurned.toFixed(1)} from the turned photo, ${unaligned.toFixed(1)} turned`);
});

test('face.detect: no face is a clear error, and which face beyond those found too', () => {
  const noise = tf.randomUniform([1, 200, 200, 3], 0, 255, 'float32', 7) as tf.Tensor4D;
  assert.throws(() => run(faceDetect, { image: [image(noise)] }, detectParams), { message: 'no face found in the image with confidence ≥ 0.5 (lower minConfidence, or use a photo with a frontal face)' });
  assert.throws(() => run(faceDetect, { image: [image(astronaut)] }, { minConfidence: 0.5, face: 2 }), { message: 'found 1 face in the image with confidence ≥ 0.5, but face asks for number 2' });
});

test('face.detect with at: the face found on at crops image, differentiably', () => {
  const grad = tf.grad((x: tf.Tensor) => {
    const face = run(faceDetect, { image: [image(x as tf.Tensor4D)], at: [image(astronaut)] }, detectParams);
    return tf.sum(face.tensor);
  })(tf.zeros([1, 512, 512, 3]));
  const g = grad.dataSync();
  // Only pixels inside her face's square (side 111 about row 130, column 220, turned 3°) get a gradient.
  assert.ok(g[(100 * 512 + 220) * 3]! > 0);
  assert.equal(g[(300 * 512 + 100) * 3], 0);
  assert.throws(() => run(faceDetect, { image: [image(tf.zeros([1, 100, 100, 3]))], at: [image(astronaut)] }, detectParams), /input at is 512x512 but image is 100x100/);
});

test('face.detect: with at, the crop is of image at the face found on at; a face missing on at names input at', () => {
  // The photo's negative on image, the photo on at: the crop is the negative of the photo's own crop.
  const own = run(faceDetect, { image: [image(astronaut)] }, detectParams).tensor;
  const negative = tf.sub(255, astronaut) as tf.Tensor4D;
  const crop = run(faceDetect, { image: [image(negative)], at: [image(astronaut)] }, detectParams).tensor;
  assert.ok(tf.max(tf.abs(tf.sub(tf.add(crop, own), 255))).dataSync()[0]! < 1e-2);
  assert.throws(() => run(faceDetect, { image: [image(astronaut)], at: [image(tf.zeros([1, 512, 512, 3]))] }, detectParams), { message: 'no face found in input at with confidence ≥ 0.5 (lower minConfidence, or use a photo with a frontal face)' });
});

test('face.detect: its shape is the encoder\'s 150x150 input whatever the image', () => {
  const problem = () => assert.fail('no problem expected');
  assert.deepEqual(faceDetect.inferShape!({ image: [{ type: 'image', height: 512, width: 300 }] }, detectParams, { problem }), { type: 'image', height: 150, width: 150 });
});
