import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef, Value } from './types';
import { gramMatrix } from '../model/gram-matrix';

/** What the node computes, in its doc and in the README's node table. */
const COVARIANCE = 'Σ = FᵀF/N - μμᵀ';

export const stats: NodeDef = {
  type: 'stats',
  title: 'Feature statistics',
  category: 'math',
  doc: `Mean μ and covariance ${COVARIANCE} of the features F unrolled to N positions x C channels: the Gaussian that loss.wasserstein compares. Masked features (features.mask) count as their mask's mass N, so the statistics are those of the region alone.`,
  formula: `mean μ and covariance ${COVARIANCE} of the positions x channels features`,
  inputs: [{ name: 'features', type: 'features', doc: '1 x h x w x channels' }],
  outputs: [{ name: 'stats', type: 'stats', doc: 'Mean (C) and covariance (C x C)' }],
  params: [],
  inferShape: (inputs) => {
    const features = inputs.features![0]!;
    return features.type === 'features' ? { type: 'stats', channels: features.channels } : undefined;
  },
  evaluate: (inputs) => {
    const value = inputs.features![0]!;
    const features = value.tensor;
    const [, h, w, c] = features.shape;
    const positions = h * w;
    const n = value.type === 'features' ? value.mass ?? positions : positions;
    const tensor = tf.tidy(() => {
      const f = tf.reshape(features, [positions, c]) as tf.Tensor2D;
      const mean = tf.div(tf.sum(f, 0, true), n) as tf.Tensor2D;
      // Centred first: the same Σ as FᵀF/N - μμᵀ without float32's cancellation when the mean is large.
      // The positions a mask zeroed each add μμᵀ to the centred sum: take them out again.
      const centred = gramMatrix(tf.sub(f, mean));
      const outside = positions - n;
      const sum = outside === 0 ? centred : tf.sub(centred, tf.mul(gramMatrix(mean), outside));
      return tf.concat([mean, tf.div(sum, n)], 0);
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
