import type { Point } from './landmark-net';

/** A square of an image, turned by `angle` (radians, clockwise on screen) about its centre. */
export interface FaceSquare {
  readonly centre: Point;
  readonly side: number;
  readonly angle: number;
}

/** face-api's margin around the landmarks' bounding box (FaceLandmarks.align: 20% of its size). */
const MARGIN = 0.2;

/**
 * The square that holds a face upright: turned so that the eye centres (landmarks 36-41 and 42-47)
 * are level, around the bounding box of the 68 landmarks in that turned frame plus face-api's
 * margin, its side the box's longer side (face-api pads the box to a square too).
 */
export function faceSquare(landmarks: readonly Point[]): FaceSquare {
  const left = mean(landmarks.slice(36, 42));
  const right = mean(landmarks.slice(42, 48));
  // Eyes level, never upside down: a mirrored face's eyes may come in either order.
  let angle = Math.atan2(right.y - left.y, right.x - left.x);
  if (angle > Math.PI / 2) angle -= Math.PI;
  if (angle < -Math.PI / 2) angle += Math.PI;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // The landmarks in the upright frame: coordinates along the eye line (u) and across it (v).
  const u = landmarks.map((p) => p.x * cos + p.y * sin);
  const v = landmarks.map((p) => -p.x * sin + p.y * cos);
  const [uMin, uMax, vMin, vMax] = [Math.min(...u), Math.max(...u), Math.min(...v), Math.max(...v)];
  const cu = (uMin + uMax) / 2;
  const cv = (vMin + vMax) / 2;
  return {
    centre: { x: cu * cos - cv * sin, y: cu * sin + cv * cos },
    side: Math.max(uMax - uMin, vMax - vMin) * (1 + MARGIN),
    angle,
  };
}

function mean(points: readonly Point[]): Point {
  return { x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length };
}
