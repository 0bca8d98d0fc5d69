import * as tf from '@tensorflow/tfjs-core';

/**
 * Resizes a 1xHxWxC image to height x width (0 keeps that side). `cover` crops the centre to the
 * target aspect ratio first, `stretch` does not. Bilinear sampling at pixel centres.
 */
export function fitImage(image: tf.Tensor4D, width: number, height: number, fit: 'cover' | 'stretch'): tf.Tensor4D {
  const [, h, w] = image.shape;
  const outH = height || h;
  const outW = width || w;
  if (outH === h && outW === w) return image.clone();
  const scale = Math.max(outH / h, outW / w);
  const keptH = fit === 'cover' ? outH / scale / h : 1;
  const keptW = fit === 'cover' ? outW / scale / w : 1;
  const [y1, y2] = sampleSpan((1 - keptH) / 2, (1 + keptH) / 2, outH, h);
  const [x1, x2] = sampleSpan((1 - keptW) / 2, (1 + keptW) / 2, outW, w);
  return tf.tidy(() => tf.image.cropAndResize(image, tf.tensor2d([[y1, x1, y2, x2]], [1, 4]), [0], [outH, outW], 'bilinear'));
}

/**
 * cropAndResize puts its first and last samples exactly on the box edges, in units of (size - 1).
 * Returns the edges that make n samples fall on the centres of n equal cells spanning [start, end)
 * of the source (fractions of its size).
 */
function sampleSpan(start: number, end: number, n: number, size: number): [number, number] {
  if (size === 1) return [0, 0];
  const cell = ((end - start) * size) / n;
  const first = start * size + cell / 2 - 0.5;
  const last = first + cell * (n - 1);
  return [first / (size - 1), last / (size - 1)];
}
