import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef, Shape } from './types';
import { describeShape } from './port-types';

/** What the node computes, in its doc and in the README's node table. */
const J_CONTENT = 'sum((a_C - a_G)²) / (4 nH nW nC)';

export const lossContent: NodeDef = {
  type: 'loss.content',
  title: 'Content loss',
  category: 'loss',
  role: 'loss',
  doc: `J_content = ${J_CONTENT}, as in the course.`,
  formula: J_CONTENT,
  inputs: [
    { name: 'content', type: 'features', doc: 'Features of the content image' },
    { name: 'generated', type: 'features', doc: 'Features of the generated image' },
  ],
  outputs: [{ name: 'loss', type: 'scalar', doc: 'J_content' }],
  params: [],
  inferShape: (inputs, _params, ctx) => {
    const [a, b] = [inputs.content![0]!, inputs.generated![0]!];
    if (!compatible(a, b)) {
      return ctx.problem('shape-mismatch', `the content features are ${describeShape(a)} but the generated features are ${describeShape(b)}: use the same layer and the same image size on both`);
    }
    return { type: 'scalar' };
  },
  // The compiler has checked that both shapes agree (inferShape).
  evaluate: (inputs) => {
    const a = inputs.content![0]!.tensor;
    const b = inputs.generated![0]!.tensor;
    const [, h, w, c] = a.shape;
    return { type: 'scalar', tensor: tf.tidy(() => tf.div(tf.sum(tf.squaredDifference(a, b)), 4 * h * w * c)) as tf.Scalar };
  },
  native: (inputs, _params, ops) => {
    const [a, b] = [inputs.content![0]!, inputs.generated![0]!];
    const [, h, w, c] = a.dims as [number, number, number, number];
    return ops.scale(ops.squaredDistance(a, b), 1 / (4 * h * w * c));
  },
};

/** Same channels, and the same size wherever both sizes are known. */
function compatible(a: Shape, b: Shape): boolean {
  if (a.type !== 'features' || b.type !== 'features') return true;
  const agree = (x: number | undefined, y: number | undefined) => x === undefined || y === undefined || x === y;
  return a.channels === b.channels && agree(a.height, b.height) && agree(a.width, b.width);
}
