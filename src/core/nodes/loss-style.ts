import * as tf from '@tensorflow/tfjs-core';
import { NodeRunError, type NodeDef } from './types';

export const lossStyle: NodeDef = {
  type: 'loss.style',
  title: 'Style loss',
  category: 'loss',
  doc: 'J_style(layer) = sum((G_S - G_G)²) / (4 nC² (nH nW)²), as in the course (nH nW of the generated image).',
  inputs: [
    { name: 'style', type: 'gram', doc: 'Gram matrix of the style image' },
    { name: 'generated', type: 'gram', doc: 'Gram matrix of the generated image' },
  ],
  outputs: [{ name: 'loss', type: 'scalar', doc: 'J_style for one layer' }],
  params: [],
  evaluate: (inputs, _params, ctx) => {
    const s = inputs.style![0]!;
    const g = inputs.generated![0]!;
    if (s.type !== 'gram' || g.type !== 'gram') throw new NodeRunError(ctx.nodeId, 'inputs must be Gram matrices');
    const c = g.tensor.shape[0];
    if (s.tensor.shape[0] !== c) {
      throw new NodeRunError(ctx.nodeId, `style Gram is ${s.tensor.shape[0]}x${s.tensor.shape[0]} but generated Gram is ${c}x${c} (connect the same layer to both)`);
    }
    const norm = 4 * c * c * g.positions * g.positions;
    return { type: 'scalar', tensor: tf.tidy(() => tf.div(tf.sum(tf.squaredDifference(s.tensor, g.tensor)), norm)) as tf.Scalar };
  },
};
