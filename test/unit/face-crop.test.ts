import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { cropFace } from '../../src/core/face/face-crop';
import type { Point } from '../../src/core/face/landmark-net';

before(() => useBackend('cpu'));

/**
 * 68 landmarks of an upright face: inside x -40..40, y -30..50 (an 80x80 box centred at (0, 10)),
 * the eyes 36-41 at (-20, 0) and 42-47 at (20, 0); turned by `angle` about `at`.
 */
function face(angle: number, at: Point): Point[] {
  const points: Point[] = Array.from({ length: 68 }, (_, i) => ({ x: -40 + (80 * i) / 67, y: -30 + (80 * ((i * 7) % 68)) / 67 }));
  points[0] = { x: -40, y: -30 };
  points[67] = { x: 40, y: 50 };
  for (let i = 36; i < 48; i++) points[i] = { x: i < 42 ? -20 : 20, y: 0 };
  return points.map(({ x, y }) => ({ x: at.x + x * Math.cos(angle) - y * Math.sin(angle), y: at.y + x * Math.sin(angle) + y * Math.cos(angle) }));
}

test("the crop is 150x150, upright (the eyes level) and centred on the landmarks' box, 20% wider than it", () => {
  // Channel 0 holds a pixel's centre x, channel 1 its centre y: sampling a linear image is exact.
  const image = tf.tidy(() => {
    const x = tf.tile(tf.reshape(tf.add(tf.range(0, 200), 0.5), [1, 200]), [180, 1]);
    const y = tf.tile(tf.reshape(tf.add(tf.range(0, 180), 0.5), [180, 1]), [1, 200]);
    return tf.expandDims(tf.stack([x, y, tf.zerosLike(x)], 2), 0) as tf.Tensor4D;
  });
  const angle = (10 * Math.PI) / 180;
  const crop = cropFace(image, { score: 1, top: 0, left: 0, height: 1, width: 1, landmarks: face(angle, { x: 100, y: 90 }) });
  assert.deepEqual(crop.shape, [1, 150, 150, 3]);
  const pixels = crop.arraySync()[0]!;
  // The box's centre (0, 10) turned about (100, 90); its side 80, plus 20%.
  const centre = { x: 100 - 10 * Math.sin(angle), y: 90 + 10 * Math.cos(angle) };
  const side = 96;
  for (const [i, j] of [[0, 0], [0, 149], [75, 20], [149, 149]] as const) {
    const u = ((j + 0.5) / 150 - 0.5) * side;
    const v = ((i + 0.5) / 150 - 0.5) * side;
    const [x, y] = pixels[i]![j]!;
    const ex = centre.x + u * Math.cos(angle) - v * Math.sin(angle);
    const ey = centre.y + u * Math.sin(angle) + v * Math.cos(angle);
    assert.ok(Math.abs(x! - ex) < 1e-3 && Math.abs(y! - ey) < 1e-3, `crop pixel ${i},${j}: (${x}, ${y}), expected (${ex}, ${ey})`);
  }
  tf.dispose([image, crop]);
});
