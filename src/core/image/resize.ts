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
  const ys = sampleSpan((1 - keptH) / 2, (1 + keptH) / 2, outH, h);
  const xs = sampleSpan((1 - keptW) / 2, (1 + keptW) / 2, outW, w);
  return tf.tidy(() => {
    // Enlarging puts the outer samples up to half a pixel beyond the edges, where cropAndResize
    // gives 0 (its extrapolation value): there the image's edge pixels, repeated once, are sampled.
    let source = image;
    if (ys.outside) source = repeatEdges(source, 1);
    if (xs.outside) source = repeatEdges(source, 2);
    const [y1, y2] = ys.box;
    const [x1, x2] = xs.box;
    return tf.image.cropAndResize(source, tf.tensor2d([[y1, x1, y2, x2]], [1, 4]), [0], [outH, outW], 'bilinear');
  });
}

/**
 * cropAndResize puts its first and last samples exactly on the box edges, in units of (size - 1).
 * Returns the edges that make n samples fall on the centres of n equal cells spanning [start, end)
 * of the source (fractions of its size), and whether a sample falls outside the source's first and
 * last pixel centres: then the edges are for the source with its edge pixels repeated once (repeatEdges).
 */
function sampleSpan(start: number, end: number, n: number, size: number): { box: [number, number]; outside: boolean } {
  if (size === 1) return { box: [0, 0], outside: false };
  const cell = ((end - start) * size) / n;
  const first = start * size + cell / 2 - 0.5;
  const last = first + cell * (n - 1);
  if (first >= 0 && last <= size - 1) return { box: [first / (size - 1), last / (size - 1)], outside: false };
  return { box: [(first + 1) / (size + 1), (last + 1) / (size + 1)], outside: true };
}

/** The image with its first and last rows (axis 1) or columns (axis 2) repeated once. */
function repeatEdges(image: tf.Tensor4D, axis: 1 | 2): tf.Tensor4D {
  const size = image.shape[axis];
  const edge = (at: number) => tf.slice(image, axis === 1 ? [0, at, 0, 0] : [0, 0, at, 0], axis === 1 ? [-1, 1, -1, -1] : [-1, -1, 1, -1]);
  return tf.concat([edge(0), image, edge(size - 1)], axis);
}
