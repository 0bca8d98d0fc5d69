import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef, Shape } from './types';
import { describeShape } from './port-types';

/** What the node computes, in its doc and in the README's node table. */
const J_TEMPORAL = 'sum(mask (x - w)²) / (H W 3)';

export const lossTemporal: NodeDef = {
  type: 'loss.temporal',
  title: 'Temporal loss',
  category: 'loss',
  role: 'loss',
  doc: `J_temporal = ${J_TEMPORAL} in 0-255 units, x the generated image and w the target (the previous frame's result warped by the flow), where the mask says the flow is reliable: Ruder et al.'s short-term temporal loss, which keeps a video from flickering.`,
  formula: `${J_TEMPORAL}, 0-255 units`,
  inputs: [
    { name: 'generated', type: 'image', doc: 'The generated image' },
    { name: 'target', type: 'image', doc: 'The previous result warped onto this frame (image.warp)' },
    { name: 'mask', type: 'mask', doc: 'Where the target counts (flow\'s mask), 0..1' },
  ],
  outputs: [{ name: 'loss', type: 'scalar', doc: 'J_temporal' }],
  params: [],
  inferShape: (inputs, _params, ctx) => {
    const shapes = [inputs.generated![0]!, inputs.target![0]!, inputs.mask![0]!];
    const [a] = shapes;
    const other = shapes.find((s) => !sameSize(a!, s));
    if (other) return ctx.problem('shape-mismatch', `the generated image is ${describeShape(a!)} but ${other === shapes[1] ? 'the target' : 'the mask'} is ${describeShape(other)}: all three must be the same size`);
    return { type: 'scalar' };
  },
  evaluate: (inputs) => {
    const x = inputs.generated![0]!.tensor as tf.Tensor4D;
    const target = inputs.target![0]!.tensor as tf.Tensor4D;
    const mask = inputs.mask![0]!.tensor as tf.Tensor4D;
    const [, h, w] = x.shape;
    return { type: 'scalar', tensor: tf.tidy(() => tf.div(tf.sum(tf.mul(mask, tf.squaredDifference(x, target))), h * w * 3)) as tf.Scalar };
  },
};

/** The same height and width wherever both are known. */
function sameSize(a: Shape, b: Shape): boolean {
  const size = (s: Shape) => ('height' in s ? [s.height, s.width] : [undefined, undefined]);
  const [[ah, aw], [bh, bw]] = [size(a), size(b)];
  const agree = (x: number | undefined, y: number | undefined) => x === undefined || y === undefined || x === y;
  return agree(ah, bh) && agree(aw, bw);
}
