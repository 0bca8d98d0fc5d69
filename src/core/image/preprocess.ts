import * as tf from '@tensorflow/tfjs-core';
import type { Preprocessing } from '../model/weights';

/** RGB 0-255 -> the network's input space: channel order of the weights, mean pixel subtracted. */
export function toNetworkInput(rgb: tf.Tensor4D, prep: Preprocessing): tf.Tensor4D {
  return tf.tidy(() => {
    const ordered = prep.channelOrder === 'BGR' ? tf.reverse(rgb, -1) : rgb;
    return tf.sub(ordered, tf.tensor1d([...prep.mean]));
  });
}

/** The image's gradient from the network input's: toNetworkInput only reorders channels and shifts. */
export function imageGradient(networkInputGrad: tf.Tensor4D, prep: Preprocessing): tf.Tensor4D {
  return prep.channelOrder === 'BGR' ? tf.reverse(networkInputGrad, -1) : networkInputGrad;
}

/** The inverse of toNetworkInput (no clipping). */
export function fromNetworkInput(x: tf.Tensor4D, prep: Preprocessing): tf.Tensor4D {
  return tf.tidy(() => {
    const shifted = tf.add(x, tf.tensor1d([...prep.mean])) as tf.Tensor4D;
    return prep.channelOrder === 'BGR' ? tf.reverse(shifted, -1) : shifted;
  });
}
