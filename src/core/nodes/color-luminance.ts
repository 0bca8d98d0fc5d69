import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';
import { luma } from '../image/ycbcr';

/** What the node computes, in its doc and in the README's node table. */
const LUMINANCE = 'Y = 0.299 R + 0.587 G + 0.114 B in all three channels';

export const colorLuminance: NodeDef = {
  type: 'color.luminance',
  title: 'Luminance',
  category: 'image',
  doc: `Grey version of an image: ${LUMINANCE}. Differentiable, so it can sit between the generated image and the VGG nodes (style or content on luminance only).`,
  formula: `${LUMINANCE} (differentiable)`,
  inputs: [{ name: 'image', type: 'image', doc: 'RGB, 0-255' }],
  outputs: [{ name: 'image', type: 'image', doc: 'Y in R, G and B' }],
  params: [],
  inferShape: (inputs) => inputs.image![0],
  evaluate: (inputs) => ({ type: 'image', tensor: tf.tidy(() => tf.tile(luma(inputs.image![0]!.tensor as tf.Tensor4D), [1, 1, 1, 3])) }),
};
