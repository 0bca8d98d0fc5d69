import type * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';
import { fitImage } from '../image/resize';

export const imagePrevious: NodeDef = {
  type: 'image.previous',
  title: 'Previous frame',
  category: 'image',
  role: 'previous',
  doc: 'In a frame run (a graph with video.frames), what the previous frame left: its result (of result), or its input frame (of frame), resized to the size of the image on `frame`. On the first frame there is none: it gives the image on `frame` itself.',
  inputs: [{ name: 'frame', type: 'image', doc: 'The current frame (video.frames): gives the size, and the value on the first frame' }],
  outputs: [{ name: 'image', type: 'image', doc: 'RGB, 0-255' }],
  params: [
    { kind: 'enum', name: 'of', default: 'result', options: ['result', 'frame'], note: 'frame: the previous input frame', doc: 'result: the previous frame\'s result (the generated image as it ended, clipped to 0-255); frame: the previous input frame' },
  ],
  inferShape: (inputs) => inputs.frame![0],
  evaluate: (inputs, _params, ctx) => {
    const frame = inputs.frame![0]!.tensor as tf.Tensor4D;
    const previous = ctx.previousImage();
    if (!previous) return { type: 'image', tensor: frame.clone() };
    const [, h, w] = frame.shape;
    try {
      return { type: 'image', tensor: fitImage(previous, w, h, 'stretch') };
    } finally {
      previous.dispose();
    }
  },
};
