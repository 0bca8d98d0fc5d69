import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { faceSquare } from '../../src/core/face/face-alignment';
import type { Point } from '../../src/core/face/landmark-net';

before(() => useBackend('wasm', { threads: 1 }));

/**
 * 68 landmarks of an upright face centred at (0, 0): the jaw, brows, nose and mouth along x in
 * -40..40, y in -30..50 (a box 80 wide, 80 high), the eyes 36-41 at (-20, 0) and 42-47 at (20, 0).
 */
function uprightFace(): Point[] {
  const points: Point[] = Array.from({ length: 68 }, (_, i) => ({ x: -40 + (80 * i) / 67, y: -30 + (80 * ((i * 7) % 68)) / 67 }));
  points[0] = { x: -40, y: -30 };
  points[67] = { x: 40, y: 50 };
  for (let i = 36; i < 48; i++) points[i] = { x: i < 42 ? -20 : 20, y: 0 };
  return points;
}
const turn = (points: readonly Point[], angle: number, centre: Point): Point[] => points.map(({ x, y }) => ({
  x: centre.x + x * Math.cos(angle) - y * Math.sin(angle),
  y: centre.y + x * Math.sin(angle) + y * Math.cos(angle),
}));
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a}, expected ${b}`);

test("faceSquare: the eyes' turn, the landmarks' box centre in the upright frame, its longer side plus 20%", () => {
  const angle = (15 * Math.PI) / 180;
  const square = faceSquare(turn(uprightFace(), angle, { x: 200, y: 100 }));
  close(square.angle, angle, 'angle');
  // The upright box spans x -40..40, y -30..50: centred at (0, 10), which turns to (200 - 10 sin, 100 + 10 cos).
  close(square.centre.x, 200 - 10 * Math.sin(angle), 'centre x');
  close(square.centre.y, 100 + 10 * Math.cos(angle), 'centre y');
  close(square.side, 80 * 1.2, 'side');
});

test('faceSquare: eyes that come in the other order (a mirrored face) do not turn the face upside down', () => {
  const points = turn(uprightFace(), (-8 * Math.PI) / 180, { x: 0, y: 0 });
  const swapped = [...points.slice(0, 36), ...points.slice(42, 48), ...points.slice(36, 42), ...points.slice(48)];
  close(faceSquare(swapped).angle, (-8 * Math.PI) / 180, 'angle');
});
