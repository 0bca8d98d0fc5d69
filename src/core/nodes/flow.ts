import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';
import { describeShape } from './port-types';
import { flowBetween } from '../image/optical-flow';

export const flow: NodeDef = {
  type: 'flow',
  title: 'Optical flow',
  category: 'image',
  needsOpticalFlow: true,
  doc: 'Dense optical flow from the frame back to the previous frame (OpenCV\'s Farneback in the CLI and the engine), so that image.warp carries the previous frame onto this one, and its reliability: the forward-backward consistency check of Ruder et al. 2016 (eq. 3 and 4) sets the mask to 0 at disocclusions and motion boundaries. On a frame run\'s first frame there is no previous frame: the flow is 0 and the mask 0, so loss.temporal adds nothing.',
  formula: 'mask: 0 where |w̃ + ŵ|² > 0.01 (|w̃|² + |ŵ|²) + 0.5 or |∇ŵ|² > 0.01 |ŵ|² + 0.002',
  inputs: [
    { name: 'previous', type: 'image', doc: 'The previous frame (image.previous of frame)' },
    { name: 'frame', type: 'image', doc: 'The current frame (video.frames)' },
  ],
  outputs: [
    { name: 'flow', type: 'flow', doc: '1xHxWx2: where each pixel of the frame is in the previous frame' },
    { name: 'mask', type: 'mask', doc: '1 where the flow is reliable, 0 where it is not' },
  ],
  params: [],
  inferShape: (inputs, _params, ctx) => {
    const [a, b] = [inputs.previous![0]!, inputs.frame![0]!];
    if (a.type !== 'image' || b.type !== 'image') return undefined;
    if (a.height !== undefined && b.height !== undefined && (a.height !== b.height || a.width !== b.width)) {
      return ctx.problem('shape-mismatch', `the previous frame is ${describeShape(a)} but the frame is ${describeShape(b)}: both must be the same size`);
    }
    return { type: 'flow', height: b.height, width: b.width };
  },
  evaluate: (inputs, _params, ctx) => {
    const previous = inputs.previous![0]!.tensor as tf.Tensor4D;
    const frame = inputs.frame![0]!.tensor as tf.Tensor4D;
    const [, h, w] = frame.shape;
    if (ctx.frame?.first) {
      return { type: 'flow', tensor: tf.zeros([1, h, w, 2]), others: { mask: { type: 'mask', tensor: tf.zeros([1, h, w, 1]) } } };
    }
    if (!ctx.opticalFlow) throw new Error('no optical flow library was loaded for this run');
    const found = flowBetween(previous, frame, ctx.opticalFlow);
    return { type: 'flow', tensor: found.flow, others: { mask: { type: 'mask', tensor: found.mask } } };
  },
};
