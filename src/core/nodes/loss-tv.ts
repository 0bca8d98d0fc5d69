import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';

/** What the node computes, in its doc and in the README's node table. */
const J_TV = '(sum |x[i+1,j] - x[i,j]|^p + sum |x[i,j+1] - x[i,j]|^p) / (H W 3)';

export const lossTv: NodeDef = {
  type: 'loss.tv',
  title: 'Total variation loss',
  category: 'loss',
  role: 'loss',
  doc: `J_tv = ${J_TV} over the image in 0-255 units: smooths out high-frequency noise.`,
  formula: `${J_TV}, 0-255 units`,
  inputs: [{ name: 'image', type: 'image', doc: 'Usually the generated image' }],
  outputs: [{ name: 'loss', type: 'scalar', doc: 'J_tv' }],
  params: [{ kind: 'number', name: 'power', default: 2, min: 1, max: 2, integer: true, note: 'or 1', doc: 'p: 1 (absolute differences) or 2 (squared differences)' }],
  evaluate: (inputs, params) => {
    const image = inputs.image![0]!.tensor as tf.Tensor4D;
    const [, h, w] = image.shape;
    const power = params.power === 1 ? tf.abs : tf.square;
    const tensor = tf.tidy(() => {
      const down = tf.sub(tf.slice(image, [0, 1, 0, 0], [-1, h - 1, -1, -1]), tf.slice(image, [0, 0, 0, 0], [-1, h - 1, -1, -1]));
      const right = tf.sub(tf.slice(image, [0, 0, 1, 0], [-1, -1, w - 1, -1]), tf.slice(image, [0, 0, 0, 0], [-1, -1, w - 1, -1]));
      return tf.div(tf.add(tf.sum(power(down)), tf.sum(power(right))), h * w * 3);
    }) as tf.Scalar;
    return { type: 'scalar', tensor };
  },
  native: (inputs, params, ops) => {
    const image = inputs.image![0]!;
    const [, h, w] = image.dims as [number, number, number];
    return ops.scale(ops.totalVariation(image, params.power === 1 ? 1 : 2), 1 / (h * w * 3));
  },
};
