import * as tf from '@tensorflow/tfjs-core';

/**
 * `image` (1xHxWxC) sampled at (x + u, y + v) for every pixel (x, y), `flow` (1xHxWx2) holding (u, v):
 * bilinear between the four nearest pixels, positions outside the image clamped to its border.
 * Differentiable in the image (the flow only chooses where to read). An integer flow moves pixels
 * exactly; a flow of 0.5 averages two neighbours.
 */
export function warpImage(image: tf.Tensor4D, flow: tf.Tensor4D): tf.Tensor4D {
  const [, h, w, c] = image.shape;
  if (flow.shape[1] !== h || flow.shape[2] !== w) {
    throw new Error(`the flow is ${flow.shape[1]}x${flow.shape[2]} but the image is ${h}x${w}: both must be the same size`);
  }
  return tf.tidy(() => {
    const [u, v] = tf.split(tf.reshape(flow, [h, w, 2]), 2, 2) as [tf.Tensor3D, tf.Tensor3D];
    const xs = tf.add(tf.reshape(tf.range(0, w, 1, 'float32'), [1, w, 1]), u);
    const ys = tf.add(tf.reshape(tf.range(0, h, 1, 'float32'), [h, 1, 1]), v);
    const x = tf.clipByValue(xs, 0, w - 1);
    const y = tf.clipByValue(ys, 0, h - 1);
    const x0 = tf.floor(x);
    const y0 = tf.floor(y);
    const fx = tf.reshape(tf.sub(x, x0), [h * w, 1]);
    const fy = tf.reshape(tf.sub(y, y0), [h * w, 1]);
    const x1 = tf.minimum(tf.add(x0, 1), w - 1);
    const y1 = tf.minimum(tf.add(y0, 1), h - 1);
    const flat = tf.reshape(image, [h * w, c]);
    const at = (yy: tf.Tensor, xx: tf.Tensor) => tf.gather(flat, tf.reshape(tf.cast(tf.add(tf.mul(yy, w), xx), 'int32'), [h * w]));
    const top = tf.add(tf.mul(at(y0, x0), tf.sub(1, fx)), tf.mul(at(y0, x1), fx));
    const bottom = tf.add(tf.mul(at(y1, x0), tf.sub(1, fx)), tf.mul(at(y1, x1), fx));
    return tf.reshape(tf.add(tf.mul(top, tf.sub(1, fy)), tf.mul(bottom, fy)), [1, h, w, c]) as tf.Tensor4D;
  });
}
