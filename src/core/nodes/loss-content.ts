import * as tf from '@tensorflow/tfjs-core';
import { NodeRunError, type NodeDef } from './types';

export const lossContent: NodeDef = {
  type: 'loss.content',
  title: 'Content loss',
  category: 'loss',
  doc: 'J_content = sum((a_C - a_G)²) / (4 nH nW nC), as in the course.',
  inputs: [
    { name: 'content', type: 'features', doc: 'Features of the content image' },
    { name: 'generated', type: 'features', doc: 'Features of the generated image' },
  ],
  outputs: [{ name: 'loss', type: 'scalar', doc: 'J_content' }],
  params: [],
  evaluate: (inputs, _params, ctx) => {
    const a = inputs.content![0]!.tensor;
    const b = inputs.generated![0]!.tensor;
    if (!sameShape(a.shape, b.shape)) {
      throw new NodeRunError(ctx.nodeId, `content features [${a.shape.join(', ')}] and generated features [${b.shape.join(', ')}] differ in shape (same layer, same image size needed)`);
    }
    const [, h, w, c] = a.shape;
    return { type: 'scalar', tensor: tf.tidy(() => tf.div(tf.sum(tf.squaredDifference(a, b)), 4 * h * w * c)) as tf.Scalar };
  },
};

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
