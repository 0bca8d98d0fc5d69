import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { farnebackFlow } from '../../src/node/optical-flow';
import { image, texture } from '../helpers/flow-images';
import { consistencyMask, flowBetween, type OpticalFlow } from '../../src/core/image/optical-flow';
import { warpImage } from '../../src/core/image/warp';

let opticalFlow: OpticalFlow;
before(async () => {
  await useBackend('cpu');
  opticalFlow = await farnebackFlow();
});

/** Values of a 1xHxWxC tensor at (x, y) for x in [x0, x1), y in [y0, y1). */
function region(t: tf.Tensor4D, [x0, x1]: [number, number], [y0, y1]: [number, number]): number[][] {
  const [, , w, c] = t.shape;
  const data = t.dataSync();
  const out: number[][] = [];
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) out.push(Array.from(data.subarray((y * w + x) * c, (y * w + x + 1) * c)));
  return out;
}

test('flow: a shifted image gives back the shift within 0.5 px in the interior, and warping the previous frame by it gives the frame', () => {
  const [h, w] = [48, 64];
  // The content moves 3 px right and 2 px down: the frame's (x, y) is the previous frame's (x - 3, y - 2).
  const previous = image(h, w, texture);
  const frame = image(h, w, (x, y) => texture(x - 3, y - 2));
  const { flow, mask } = flowBetween(previous, frame, opticalFlow);
  assert.deepEqual(flow.shape, [1, h, w, 2]);
  const interior = region(flow, [10, w - 10], [10, h - 10]);
  for (const [u, v] of interior) {
    assert.ok(Math.abs(u! + 3) < 0.5 && Math.abs(v! + 2) < 0.5, `flow (${u}, ${v}), expected (-3, -2)`);
  }
  const warped = warpImage(previous, flow);
  const error = region(tf.abs(tf.sub(warped, frame)) as tf.Tensor4D, [10, w - 10], [10, h - 10]).map((p) => p[0]!);
  assert.ok(Math.max(...error) < 8, `warped previous vs frame: largest difference ${Math.max(...error)}`);
  // A rigid shift is consistent: the interior is reliable.
  const reliable = region(mask, [10, w - 10], [10, h - 10]).map((p) => p[0]!);
  assert.ok(reliable.every((m) => m === 1), `${reliable.filter((m) => m !== 1).length} interior pixels unreliable`);
});

test('flow: the consistency mask is 0 where the frame shows what the previous frame hid (a disocclusion)', () => {
  const [h, w] = [64, 96];
  // A square of another texture moves 8 px right over a still background: in the frame, columns
  // 24..31 of its rows show background that the square covered in the previous frame.
  const square = (left: number) => (x: number, y: number) => (x >= left && x < left + 24 && y >= 20 && y < 44 ? 255 - texture(2 * x + 5, 2 * y) : texture(x, y));
  const previous = image(h, w, square(24));
  const frame = image(h, w, square(32));
  const { mask } = flowBetween(previous, frame, opticalFlow);
  // Farneback's window smooths the flow's edges: the left half of the strip is 0 throughout, the strip mostly.
  const core = region(mask, [24, 28], [24, 40]).map((p) => p[0]!);
  assert.ok(core.every((m) => m === 0), `mask over the disoccluded strip's left half: ${core.join(' ')}`);
  const strip = region(mask, [24, 32], [24, 40]).map((p) => p[0]!);
  assert.ok(strip.filter((m) => m === 0).length / strip.length > 0.6, `mask over the disoccluded strip: ${strip.join(' ')}`);
  const still = region(mask, [72, 90], [4, 60]).map((p) => p[0]!);
  const share = still.filter((m) => m === 1).length / still.length;
  assert.ok(share > 0.95, `only ${share} of the still background far from the square is reliable`);
});

test('consistencyMask: hand cases of Ruder et al. eq. 3 (forward and backward disagree) and eq. 4 (motion boundary)', () => {
  const field = (h: number, w: number, f: (x: number, y: number) => [number, number]) => tf.tensor4d(Array.from({ length: h * w }, (_, i) => f(i % w, Math.floor(i / w))).flat(), [1, h, w, 2]);
  // Forward +2 in x, backward -2: consistent everywhere.
  assert.ok(Array.from(consistencyMask(field(5, 8, () => [2, 0]), field(5, 8, () => [-2, 0])).dataSync()).every((m) => m === 1));
  // Backward -2 but forward 0: |0 + -2|² = 4 > 0.01 * 4 + 0.5: unreliable.
  assert.ok(Array.from(consistencyMask(field(5, 8, () => [0, 0]), field(5, 8, () => [-2, 0])).dataSync()).every((m) => m === 0));
  // Columns 4..7 of the frame come from one column left (backward -1), the rest stayed; forward is 1
  // from column 3 on. Column 3: forward 1 where backward says 0 (eq. 3). Column 4: consistent, but the
  // backward flow jumps there, |∇u|² = 0.25 > 0.01 + 0.002 (eq. 4). Column 3 is a boundary too.
  const backward = field(5, 8, (x) => [x < 4 ? 0 : -1, 0]);
  const forward = field(5, 8, (x) => [x < 3 ? 0 : 1, 0]);
  const row = Array.from(consistencyMask(forward, backward).dataSync()).slice(8, 16);
  assert.deepEqual(row, [1, 1, 1, 0, 0, 1, 1, 1]);
});
