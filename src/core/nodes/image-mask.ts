import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef, NodeProblem, Params } from './types';
import { imageLoad } from './image-load';
import { fitImage } from '../image/resize';
import { luma } from '../image/ycbcr';

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
/** With channel color, a pixel within this many levels of the colour in each channel is in the region. */
const COLOUR_TOLERANCE = 64;

export const imageMask: NodeDef = {
  type: 'image.mask',
  title: 'Load mask',
  category: 'image',
  role: 'source',
  doc: 'Reads a region from a PNG or JPEG file (path relative to the graph file): one channel as 0..1, or the pixels of one colour as 1. Resized like image.load (bilinear, so edges become fractions), giving the size of the image it masks.',
  formula: 'resized as `image.load`',
  inputs: [],
  outputs: [{ name: 'mask', type: 'mask', doc: '1 x H x W x 1, 0..1' }],
  params: [
    { kind: 'string', name: 'path', default: '', doc: 'PNG or JPEG file, relative to the graph file' },
    { kind: 'enum', name: 'channel', default: 'luminance', options: ['luminance', 'red', 'green', 'blue', 'color'], doc: 'Which part of the file marks the region: a channel (0-255 -> 0..1; luminance is 0.299 R + 0.587 G + 0.114 B), or color: the pixels within 64 levels of `color` in every channel' },
    { kind: 'string', name: 'color', default: '#ffffff', note: 'channel color: pixels within 64 levels of it are 1', doc: 'The colour of the region, as #rrggbb (channel color only)' },
    ...imageLoad.params.filter((p) => p.name !== 'path'),
  ],
  inferShape: (inputs, params, ctx) => {
    const size = imageLoad.inferShape!(inputs, params, ctx);
    return size?.type === 'image' ? { type: 'mask', height: size.height, width: size.width } : undefined;
  },
  validate: (params) => colourProblems(params),
  evaluate: (_inputs, params, ctx) => {
    const [problem] = colourProblems(params);
    if (problem) throw new Error(`param ${problem.param}: ${problem.message}`);
    const tensor = tf.tidy(() => {
      const pixels = ctx.loadedImage();
      const region = regionOf(pixels, params);
      return tf.clipByValue(fitImage(region, params.width as number, params.height as number, params.fit as 'cover' | 'stretch'), 0, 1) as tf.Tensor4D;
    });
    return { type: 'mask', tensor };
  },
};

function colourProblems(params: Params): NodeProblem[] {
  const colour = String(params.color);
  return params.channel === 'color' && !HEX_COLOUR.test(colour)
    ? [{ code: 'param-range', param: 'color', message: `"${colour.slice(0, 20)}" is not a colour like #ff0000` }]
    : [];
}

/** The region at the file's size, 1 x H x W x 1 in 0..1. */
function regionOf(pixels: tf.Tensor4D, params: Params): tf.Tensor4D {
  const channel = params.channel as string;
  if (channel === 'luminance') return tf.div(luma(pixels), 255);
  if (channel !== 'color') return tf.div(tf.slice(pixels, [0, 0, 0, ['red', 'green', 'blue'].indexOf(channel)], [-1, -1, -1, 1]), 255);
  const hex = String(params.color);
  const colour = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const distance = tf.max(tf.abs(tf.sub(pixels, tf.tensor1d(colour))), -1, true);
  return tf.cast(tf.lessEqual(distance, COLOUR_TOLERANCE), 'float32') as tf.Tensor4D;
}
