import * as tf from '@tensorflow/tfjs-core';
import { warpImage } from './warp';
import { luma } from './ycbcr';

/** A grey image, one byte a pixel, rows top to bottom. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * Dense optical flow from `from` to `to` (same size), as the host computes it with a library (the
 * CLI and engine: OpenCV's Farneback): H*W*2 floats (u, v) per pixel, such that from(x, y) is seen
 * at to(x + u, y + v).
 */
export type OpticalFlow = (from: GrayImage, to: GrayImage) => Float32Array;

/** The flow between two frames with its reliability (Ruder et al. 2016). */
export interface FlowAndMask {
  /** 1xHxWx2: warping the previous frame by it (warpImage) aligns it with the frame. */
  readonly flow: tf.Tensor4D;
  /** 1xHxWx1: 1 where the flow is reliable, 0 at disocclusions and motion boundaries. */
  readonly mask: tf.Tensor4D;
}

/**
 * The backward flow from `frame` to `previous` (1xHxWx3 RGB 0-255 each, same size), checked
 * against the forward flow (consistencyMask).
 */
export function flowBetween(previous: tf.Tensor4D, frame: tf.Tensor4D, opticalFlow: OpticalFlow): FlowAndMask {
  const [, h, w] = frame.shape;
  if (previous.shape[1] !== h || previous.shape[2] !== w) {
    throw new Error(`the previous frame is ${previous.shape[1]}x${previous.shape[2]} but the frame is ${h}x${w}: both must be the same size`);
  }
  const a = grayOf(previous);
  const b = grayOf(frame);
  const backward = tf.tensor4d(opticalFlow(b, a), [1, h, w, 2]);
  const forward = tf.tensor4d(opticalFlow(a, b), [1, h, w, 2]);
  try {
    return { flow: backward, mask: consistencyMask(forward, backward) };
  } finally {
    forward.dispose();
  }
}

/**
 * Ruder et al.'s reliability of the backward flow ŵ (frame to previous) given the forward flow w
 * (previous to frame), both 1xHxWx2. With w̃(x) = w(x + ŵ(x)), the forward flow brought to the
 * frame, a pixel is unreliable where the two disagree, a disocclusion (eq. 3):
 * |w̃ + ŵ|² > 0.01 (|w̃|² + |ŵ|²) + 0.5, or at a motion boundary (eq. 4):
 * |∇û|² + |∇v̂|² > 0.01 |ŵ|² + 0.002. Returns 1xHxWx1: 1 reliable, 0 not.
 */
export function consistencyMask(forward: tf.Tensor4D, backward: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const carried = warpImage(forward, backward);
    const sq = (t: tf.Tensor) => tf.sum(tf.square(t), -1, true);
    const disoccluded = tf.greater(sq(tf.add(carried, backward)), tf.add(tf.mul(tf.add(sq(carried), sq(backward)), 0.01), 0.5));
    const boundary = tf.greater(sq(gradientOf(backward)), tf.add(tf.mul(sq(backward), 0.01), 0.002));
    return tf.cast(tf.logicalNot(tf.logicalOr(disoccluded, boundary)), 'float32') as tf.Tensor4D;
  });
}

/** Central differences of a 1xHxWxC field in x and in y (one-sided at the border), as 1xHxWx2C. */
function gradientOf(field: tf.Tensor4D): tf.Tensor4D {
  return tf.concat([differences(field, 2), differences(field, 1)], -1);
}

/** d field / d axis by central differences, one-sided on the first and last row or column; 0 along a side of 1. */
function differences(field: tf.Tensor4D, axis: 1 | 2): tf.Tensor4D {
  const n = field.shape[axis];
  if (n < 2) return tf.zerosLike(field);
  const part = (from: number, count: number): tf.Tensor4D => {
    const begin = [0, 0, 0, 0];
    const size = [-1, -1, -1, -1];
    begin[axis] = from;
    size[axis] = count;
    return tf.slice(field, begin, size);
  };
  const first = tf.sub(part(1, 1), part(0, 1));
  const last = tf.sub(part(n - 1, 1), part(n - 2, 1));
  if (n === 2) return tf.concat([first, last], axis) as tf.Tensor4D;
  const inner = tf.div(tf.sub(part(2, n - 2), part(0, n - 2)), 2);
  return tf.concat([first, inner, last], axis) as tf.Tensor4D;
}

/** A 1xHxWx3 RGB image as grey bytes (luminance, rounded and clipped). */
export function grayOf(image: tf.Tensor4D): GrayImage {
  const [, height, width] = image.shape;
  const data = tf.tidy(() => tf.clipByValue(tf.round(luma(image)), 0, 255).dataSync());
  return { width, height, data: Uint8Array.from(data) };
}
