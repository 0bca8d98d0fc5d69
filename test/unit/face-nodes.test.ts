import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { readFaceModelFiles } from '../../src/node/face-files';
import { readImageFile } from '../../src/node/image-file';
import { rawToTensor } from '../../src/core/image/raw-image';
import { faceDetect } from '../../src/core/nodes/face-detect';
import { faceEncode } from '../../src/core/nodes/face-encode';
import { encodingDistance } from '../../src/core/nodes/face-distance';
import { faceVerify } from '../../src/core/nodes/face-verify';
import { lossTriplet } from '../../src/core/nodes/face-triplet';
import type { EvalContext, NodeDef, Params, Value } from '../../src/core/nodes/types';

let ctx = { nodeId: 'n' } as EvalContext;
const run = (def: NodeDef, inputs: Record<string, Value[]>, params: Params = {}) => def.evaluate!(inputs, params, ctx);
const encoding = (values: number[]): Value => ({ type: 'encoding', tensor: tf.tensor2d([[...values, ...new Array(128 - values.length).fill(0)]]) });
const image = (t: tf.Tensor4D): Value => ({ type: 'image', tensor: t });
const detectParams = { minConfidence: 0.5, face: 1 };

let astronaut: tf.Tensor4D;
let camera: tf.Tensor4D;
let hopper: tf.Tensor4D;
before(async () => {
  await useBackend('wasm', { threads: 1 });
  ctx = { nodeId: 'n', faceModels: await readFaceModelFiles() } as EvalContext;
  astronaut = rawToTensor(await readImageFile('examples/samples/astronaut.png'));
  camera = rawToTensor(await readImageFile('examples/samples/camera.png'));
  hopper = rawToTensor(await readImageFile('examples/samples/grace_hopper.jpg'));
});

test('encoding.distance is the L2 distance', () => {
  const d = run(encodingDistance, { a: [encoding([1, 2])], b: [encoding([4, 6])] });
  assert.equal(d.type, 'scalar');
  assert.ok(Math.abs(d.tensor.dataSync()[0]! - 5) < 1e-5);
});

test("loss.triplet: the course's Σ max(‖A−P‖² − ‖A−N‖² + α, 0), by hand", () => {
  // Triplet 1: ‖A−P‖² = 0.01, ‖A−N‖² = 2 → max(0.01 − 2 + 0.2, 0) = 0.
  // Triplet 2: ‖A−P‖² = 0.01, ‖A−N‖² = 0.04 → 0.01 − 0.04 + 0.2 = 0.17.
  const inputs = {
    anchor: [encoding([1, 0]), encoding([1, 0])],
    positive: [encoding([0.9, 0]), encoding([0.9, 0])],
    negative: [encoding([0, 1]), encoding([0.8, 0])],
  };
  assert.ok(Math.abs(run(lossTriplet, inputs, { alpha: 0.2 }).tensor.dataSync()[0]! - 0.17) < 1e-6);
  // α = 0.5: max(0.01 − 2 + 0.5, 0) + (0.01 − 0.04 + 0.5) = 0.47.
  assert.ok(Math.abs(run(lossTriplet, inputs, { alpha: 0.5 }).tensor.dataSync()[0]! - 0.47) < 1e-6);
});

test('loss.triplet: unequal numbers of anchors, positives and negatives are named', () => {
  const counts: Record<string, number> = { anchor: 2, positive: 2, negative: 1 };
  assert.deepEqual(lossTriplet.validate!({ alpha: 0.2 }, { connected: (p) => counts[p]! }), [
    { code: 'missing-input', port: 'negative', message: 'every triplet needs an anchor, a positive and a negative: 2 anchors, 2 positives, 1 negatives' },
  ]);
});

test('face.verify: same person at most tau, different above', () => {
  const verdict = (d: number, tau: number) => faceVerify.result!({ distance: [{ type: 'scalar', tensor: tf.scalar(d) }] }, { tau }, ctx);
  assert.deepEqual(verdict(0.42, 0.6), { text: 'same person (distance 0.420 ≤ τ 0.6)', value: { same: true, distance: 0.41999998688697815, tau: 0.6 } });
  assert.equal(verdict(0.65, 0.6).text, 'different people (distance 0.650 > τ 0.6)');
  assert.equal(verdict(0.65, 0.7).value && (verdict(0.65, 0.7).value as { same: boolean }).same, true);
});

function faceEncoding(t: tf.Tensor4D): tf.Tensor2D {
  const face = run(faceDetect, { image: [image(t)] }, detectParams);
  assert.deepEqual(face.tensor.shape, [1, 150, 150, 3]);
  return run(faceEncode, { image: [face] }).tensor as tf.Tensor2D;
}
const distance = (a: tf.Tensor2D, b: tf.Tensor2D) => run(encodingDistance, { a: [{ type: 'encoding', tensor: a }], b: [{ type: 'encoding', tensor: b }] }).tensor.dataSync()[0]!;

const turned = (t: tf.Tensor4D, degrees: number) => tf.image.rotateWithOffset(t, (degrees * Math.PI) / 180, 0) as tf.Tensor4D;

test('the same person under a flip, an 8° and a 15° rotation and another crop is below τ 0.6; other people are above', () => {
  // Rows and columns of each photo to crop: around the face, a different framing.
  const people = [['astronaut', astronaut, [10, 100, 300, 260]], ['cameraman', camera, [20, 150, 260, 220]], ['hopper', hopper, [30, 80, 330, 330]]] as const;
  const measured: string[] = [];
  const originals = people.map(([name, photo, [top, left, height, width]]) => {
    const original = faceEncoding(photo);
    const variants = { flip: tf.reverse(photo, 2) as tf.Tensor4D, '8°': turned(photo, 8), '15°': turned(photo, -15), crop: tf.slice(photo, [0, top, left, 0], [1, height, width, 3]) };
    // The cameraman's face is small (about 55 px wide) and the detector loses it turned by 15°.
    const same = Object.entries(variants).filter(([variant]) => !(name === 'cameraman' && variant === '15°')).map(([variant, image]) => [variant, distance(original, faceEncoding(image))] as const);
    measured.push(`${name}: ${same.map(([variant, d]) => `${variant} ${d.toFixed(3)}`).join(', ')}`);
    for (const [variant, d] of same) assert.ok(d < 0.6, `${name} under ${variant} at ${d}`);
    return [name, original] as const;
  });
  for (let a = 0; a < originals.length; a++) {
    for (let b = a + 1; b < originals.length; b++) {
      const d = distance(originals[a]![1], originals[b]![1]);
      measured.push(`${originals[a]![0]}–${originals[b]![0]} ${d.toFixed(3)}`);
      assert.ok(d > 0.6, `${originals[a]![0]} and ${originals[b]![0]} at ${d}`);
    }
  }
  console.log(`distances: ${measured.join('; ')}`);
});

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

test('a face node whose context has no face models says where they come from', () => {
  assert.throws(() => faceEncode.evaluate!({ image: [image(astronaut)] }, {}, { nodeId: 'n' } as EvalContext), {
    message: 'the face models are not loaded (they come with the @vladmandic/face-api package)',
  });
});
