import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';
import { describeShape } from './port-types';

/** What the node computes, in its doc and in the README's node table. */
const J_STYLE = 'sum((G_S - G_G)²) / (4 nC² (nH nW)²)';

export const lossStyle: NodeDef = {
  type: 'loss.style',
  title: 'Style loss',
  category: 'loss',
  role: 'loss',
  doc: `J_style(layer) = ${J_STYLE}, as in the course (nH nW of the generated image).`,
  formula: J_STYLE,
  inputs: [
    { name: 'style', type: 'gram', doc: 'Gram matrix of the style image' },
    { name: 'generated', type: 'gram', doc: 'Gram matrix of the generated image' },
  ],
  outputs: [{ name: 'loss', type: 'scalar', doc: 'J_style for one layer' }],
  params: [],
  inferShape: (inputs, _params, ctx) => {
    const [s, g] = [inputs.style![0]!, inputs.generated![0]!];
    if (s.type === 'gram' && g.type === 'gram' && s.channels !== g.channels) {
      return ctx.problem('shape-mismatch', `the style Gram is ${describeShape(s)} but the generated Gram is ${describeShape(g)}: take both from the same layer`);
    }
    return { type: 'scalar' };
  },
  // The compiler has checked that both Grams have the same size (inferShape).
  evaluate: (inputs) => {
    const s = inputs.style![0]!;
    const g = inputs.generated![0]!;
    if (s.type !== 'gram' || g.type !== 'gram') throw new Error('inputs must be Gram matrices');
    const c = g.tensor.shape[0];
    const norm = 4 * c * c * g.positions * g.positions;
    return { type: 'scalar', tensor: tf.tidy(() => tf.div(tf.sum(tf.squaredDifference(s.tensor, g.tensor)), norm)) as tf.Scalar };
  },
  native: (inputs, _params, ops) => {
    const [s, g] = [inputs.style![0]!, inputs.generated![0]!];
    const c = g.dims[0]!;
    return ops.scale(ops.squaredDistance(s, g), 1 / (4 * c * c * g.positions! * g.positions!));
  },
};
