import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';
import { describeShape } from './port-types';
import { unpackStats } from './stats';
import { BLEND_WEIGHTS_PARAM, checkedBlendWeights, validateBlend } from './blend-weights';

export const statsBlend: NodeDef = {
  type: 'stats.blend',
  title: 'Blend statistics',
  category: 'math',
  doc: 'The statistics of a mixture of several style images\' features (weights scaled to sum to 1): μ = Σ wᵢ μᵢ, and the raw second moment Σ wᵢ (Σᵢ + μᵢμᵢᵀ) less μμᵀ as the covariance, so one loss.wasserstein takes the blend as its target.',
  formula: 'μ = Σ wᵢ μᵢ, Σ = Σ wᵢ (Σᵢ + μᵢμᵢᵀ) - μμᵀ',
  inputsNote: 'any number of stats',
  inputs: [{ name: 'targets', type: 'stats', multiple: true, doc: 'One edge per style image, in the order of weights' }],
  outputs: [{ name: 'stats', type: 'stats', doc: 'Mean and covariance of the blend' }],
  params: [BLEND_WEIGHTS_PARAM],
  inferShape: (inputs, _params, ctx) => {
    const targets = inputs.targets!;
    const first = targets[0];
    const other = targets.find((t) => t.type !== 'stats' || first?.type !== 'stats' || t.channels !== first.channels);
    if (first && other) return ctx.problem('shape-mismatch', `the targets hold ${targets.map(describeShape).join(', ')}: take all statistics from the same layer`);
    return first;
  },
  validate: validateBlend,
  evaluate: (inputs, params) => {
    const targets = inputs.targets!;
    const weights = checkedBlendWeights(params, targets.length);
    const tensor = tf.tidy(() => {
      const parts = targets.map((t) => unpackStats(t));
      const mean = tf.addN(parts.map((p, i) => tf.mul(p.mean, weights[i]!))) as tf.Tensor2D;
      const moment = tf.addN(parts.map((p, i) => tf.mul(tf.add(p.covariance, tf.matMul(p.mean, p.mean, true, false)), weights[i]!)));
      return tf.concat([mean, tf.sub(moment, tf.matMul(mean, mean, true, false))], 0);
    }) as tf.Tensor2D;
    return { type: 'stats', tensor };
  },
};
