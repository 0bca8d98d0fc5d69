import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';
import { gramMatrix } from '../model/gram-matrix';

export const gram: NodeDef = {
  type: 'gram',
  title: 'Gram matrix',
  category: 'math',
  doc: 'G = A Aᵀ with A the features unrolled to channels x positions. The course leaves it unnormalised (the style loss normalises). Masked features (features.mask) count as their mask\'s mass m instead of h*w positions: G is scaled by h*w/m, the Gram of an image filled with the region\'s texture, so a region\'s style loss does not depend on its area.',
  formula: "masked features scaled by h w / mass, so a region's style loss does not depend on its area",
  inputs: [{ name: 'features', type: 'features', doc: '1 x h x w x channels' }],
  outputs: [{ name: 'gram', type: 'gram', doc: 'channels x channels' }],
  params: [
    { kind: 'enum', name: 'normalisation', default: 'none', options: ['none', 'positions', 'all'], note: "none: the course's", doc: 'Divide by nothing (course), by h*w, or by h*w*channels' },
  ],
  inferShape: (inputs) => {
    const features = inputs.features![0]!;
    return features.type === 'features' ? { type: 'gram', channels: features.channels } : undefined;
  },
  evaluate: (inputs, params) => {
    const value = inputs.features![0]!;
    const features = value.tensor;
    const [, h, w, c] = features.shape;
    const positions = h * w;
    const mass = value.type === 'features' ? value.mass ?? positions : positions;
    const divisor = (params.normalisation === 'positions' ? positions : params.normalisation === 'all' ? positions * c : 1) * (mass / positions);
    const tensor = tf.tidy(() => {
      const a = tf.reshape(features, [positions, c]) as tf.Tensor2D;
      const g = gramMatrix(a);
      return divisor === 1 ? g : tf.div(g, divisor);
    }) as tf.Tensor2D;
    return { type: 'gram', tensor, positions };
  },
  native: (inputs, params, ops) => {
    const features = inputs.features![0]!;
    const [, h, w, c] = features.dims as [number, number, number, number];
    return ops.gram(features, params.normalisation === 'positions' ? h * w : params.normalisation === 'all' ? h * w * c : 1);
  },
};
