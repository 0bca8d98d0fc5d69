import type * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';
import { combineLumaChroma } from '../image/ycbcr';

export const imageOutput: NodeDef = {
  type: 'image.output',
  title: 'Image output',
  category: 'image',
  role: 'output',
  doc: 'Previews an image and, with a path, saves it as PNG when the run ends (clipped to 0-255). colors content keeps the image\'s luminance and takes the chroma of the image on `content` (neural-style\'s -original_colors).',
  inputs: [
    { name: 'image', type: 'image', doc: 'Usually the optimizer\'s result' },
    { name: 'content', type: 'image', optional: true, doc: 'Whose colours colors content keeps (same size as the image)' },
  ],
  outputs: [],
  params: [
    { kind: 'boolean', name: 'preview', default: true, doc: 'Show this image while running' },
    { kind: 'string', name: 'path', default: '', doc: 'PNG file to write, relative to the graph file (empty: do not save)' },
    { kind: 'enum', name: 'colors', default: 'generated', options: ['generated', 'content'], note: "content: the image's luminance with the content input's Cb Cr, neural-style's -original_colors", doc: 'generated: the image as it is; content: its luminance (Y of YCbCr) with the Cb and Cr of the content input' },
  ],
  validate: (params, ctx) => params.colors === 'content' && ctx.connected('content') === 0
    ? [{ code: 'missing-input', port: 'content', message: 'colors content needs the content image on input content' }]
    : [],
  // colors content keeps the image's luminance and the content input's chroma.
  outputImage: (inputs, params) => {
    const image = inputs.image![0]!.tensor as tf.Tensor4D;
    if (params.colors !== 'content') return image;
    const content = inputs.content?.[0]?.tensor as tf.Tensor4D | undefined;
    if (!content) throw new Error('colors content needs the content image on input content');
    const [, h, w] = image.shape;
    if (content.shape[1] !== h || content.shape[2] !== w) {
      throw new Error(`the content image is ${content.shape[1]}x${content.shape[2]} but the image is ${h}x${w}: colors content needs both the same size`);
    }
    return combineLumaChroma(image, content);
  },
};
