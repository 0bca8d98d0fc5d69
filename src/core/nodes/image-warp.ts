import type * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';
import { describeShape } from './port-types';
import { warpImage } from '../image/warp';

export const imageWarp: NodeDef = {
  type: 'image.warp',
  title: 'Warp image',
  category: 'image',
  doc: 'Moves an image along a flow: each pixel (x, y) takes the image at (x + u, y + v), bilinear between the four nearest pixels, clamped at the border. Differentiable in the image. With flow\'s output, it carries the previous frame\'s result onto the current frame.',
  formula: 'out(x, y) = image(x + u, y + v), bilinear',
  inputs: [
    { name: 'image', type: 'image', doc: 'The image to move (usually image.previous)' },
    { name: 'flow', type: 'flow', doc: 'Where each pixel reads from (flow\'s output), the image\'s size' },
  ],
  outputs: [{ name: 'image', type: 'image', doc: 'The warped image' }],
  params: [],
  inferShape: (inputs, _params, ctx) => {
    const [image, flow] = [inputs.image![0]!, inputs.flow![0]!];
    if (image.type === 'image' && flow.type === 'flow' && image.height !== undefined && flow.height !== undefined && (image.height !== flow.height || image.width !== flow.width)) {
      return ctx.problem('shape-mismatch', `the image is ${describeShape(image)} but the flow is ${describeShape(flow)}: both must be the same size`);
    }
    return image;
  },
  evaluate: (inputs) => ({ type: 'image', tensor: warpImage(inputs.image![0]!.tensor as tf.Tensor4D, inputs.flow![0]!.tensor as tf.Tensor4D) }),
};
