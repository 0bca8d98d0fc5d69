import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef, Value } from './types';
import { gramMatrix } from '../model/gram-matrix';

export const stats: NodeDef = {
  type: 'stats',
  title: 'Feature statistics',
  category: 'math',
  doc: 'Mean μ and covariance Σ = FᵀF/N - μμᵀ of the features F unrolled to N positions x C channels: the Gaussian that loss.wasserstein compares.',
  inputs: [{ name: 'features', type: 'features', doc: '1 x h x w x channels' }],
  outputs: [{ name: 'stats', type: 'stats', doc: 'Mean (C) and covariance (C x C)' }],
  params: [],
  inferShape: (inputs) => {
    const features = inputs.features![0]!;
    return features.type === 'features' ? { type: 'stats', channels: features.channels } : undefined;
  },
  evaluate: (inputs) => {
    const features = inputs.features![0]!.tensor;
    const [, h, w, c] = features.shape;
    const tensor = tf.tidy(() => {
      const f = tf.reshape(features, [h * w, c]) as tf.Tensor2D;
      const mean = tf.mean(f, 0, true) as tf.Tensor2D;
      // Centred first: the same Σ as FᵀF/N - μμᵀ without float32's cancellation when the mean is large.
      const covariance = tf.div(gramMatrix(tf.sub(f, mean)), h * w);
      return tf.concat([mean, covariance], 0);
    }) as tf.Tensor2D;
    return { type: 'stats', tensor };
  },
};

/** The mean (1 x C) and covariance (C x C) packed in a stats value (see Value). */
export function unpackStats(value: Value): { mean: tf.Tensor2D; covariance: tf.Tensor2D } {
  if (value.type !== 'stats') throw new Error(`expected statistics, got ${value.type}`);
  const [mean, covariance] = tf.split(value.tensor, [1, value.tensor.shape[1]], 0) as [tf.Tensor2D, tf.Tensor2D];
  return { mean, covariance };
}
