import * as tf from '@tensorflow/tfjs-core';
import type { FaceSquare } from './face-alignment';

/**
 * The pixels of `image` (1xHxWxC) inside a turned square, sampled bilinearly to size x size; outside
 * the image is black. A square at least twice the output's size is sampled from the image shrunk by
 * averaging blocks of pixels, so that it does not alias. The square is a constant, so the result is differentiable in the image:
 * each output pixel is a weighted sum of four gathered pixels. tfjs's own gradient of gather needs
 * UnsortedSegmentSum, which the wasm backend lacks, so the gradient scatters back with ScatterNd
 * (summing where several output pixels read the same input pixel), which every backend has.
 */
export function sampleSquare(image: tf.Tensor4D, square: FaceSquare, size: number): tf.Tensor4D {
  const shrink = Math.floor(square.side / size);
  if (shrink >= 2) {
    const { centre, side, angle } = square;
    return tf.tidy(() => sampleSquare(tf.avgPool(image, shrink, shrink, 'valid'), { centre: { x: centre.x / shrink, y: centre.y / shrink }, side: side / shrink, angle }, size));
  }
  const [, h, w, c] = image.shape;
  const { indices, weights } = bilinearTaps(h, w, square, size);
  const n = size * size;
  return tf.tidy(() => {
    const sample = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [x, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
      const taps = tf.tensor1d(indices, 'int32');
      const tapWeights = tf.tensor3d(weights, [n, 4, 1]);
      save([taps, tapWeights]);
      const gathered = tf.reshape(tf.gather(tf.reshape(x, [h * w, c]), taps), [n, 4, c]);
      return {
        value: tf.reshape(tf.sum(tf.mul(gathered, tapWeights), 1), [1, size, size, c]),
        gradFunc: (dy, [savedTaps, savedWeights]) => {
          const perTap = tf.reshape(tf.mul(tf.reshape(dy, [n, 1, c]), savedWeights!), [4 * n, c]);
          return tf.reshape(tf.scatterND(tf.expandDims(savedTaps!, 1), perTap, [h * w, c]), [1, h, w, c]);
        },
      };
    });
    return sample(image) as tf.Tensor4D;
  });
}

/**
 * For each output pixel (row by row), the flat indices of the four input pixels around the point
 * it samples and their bilinear weights; a tap outside the image has weight 0 (index 0).
 */
function bilinearTaps(h: number, w: number, { centre, side, angle }: FaceSquare, size: number): { indices: Int32Array; weights: Float32Array } {
  const indices = new Int32Array(4 * size * size);
  const weights = new Float32Array(4 * size * size);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  let k = 0;
  for (let i = 0; i < size; i++) {
    const v = ((i + 0.5) / size - 0.5) * side;
    for (let j = 0; j < size; j++) {
      const u = ((j + 0.5) / size - 0.5) * side;
      // The point in pixel-index coordinates (a pixel's centre is at its index + 0.5).
      const x = centre.x + u * cos - v * sin - 0.5;
      const y = centre.y + u * sin + v * cos - 0.5;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const fx = x - x0;
      const fy = y - y0;
      for (const [dy, dx, weight] of [[0, 0, (1 - fy) * (1 - fx)], [0, 1, (1 - fy) * fx], [1, 0, fy * (1 - fx)], [1, 1, fy * fx]] as const) {
        const row = y0 + dy;
        const col = x0 + dx;
        if (row >= 0 && row < h && col >= 0 && col < w) {
          indices[k] = row * w + col;
          weights[k] = weight;
        }
        k++;
      }
    }
  }
  return { indices, weights };
}
