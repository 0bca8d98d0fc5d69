import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef, Params } from './types';
import type { Preprocessing } from '../model/weights';
import { fromNetworkInput, toNetworkInput } from '../image/preprocess';

/** Half-width of the course's uniform noise, in the network's (mean-subtracted) input space. */
const NOISE_RANGE = 20;
/** The grey of init gray, in RGB 0-255. */
const MID_GREY = 128;

export const imageGenerated: NodeDef = {
  type: 'image.generated',
  title: 'Generated image',
  category: 'image',
  role: 'generated',
  doc: 'The image whose pixels the optimizer changes. Starts as noise mixed into the content image or into mid grey, or as the content image itself.',
  inputs: [
    { name: 'content', type: 'image', optional: true, doc: 'Gives the size and the starting pixels' },
    { name: 'previous', type: 'image', optional: true, doc: 'The starting pixels with init previous: the previous frame\'s result warped onto this frame (image.warp)' },
  ],
  outputs: [{ name: 'image', type: 'image', doc: 'RGB, 0-255 scale, not clipped while optimising' }],
  params: [
    { kind: 'enum', name: 'init', default: 'noise', options: ['noise', 'content', 'gray', 'previous'], note: 'gray: the noise mixed into mid grey 128 by noiseRatio; previous: the image on input previous', doc: 'noise: uniform noise mixed into the content image (noise alone without one); content: the content image itself; gray: the noise mixed into mid grey (128), as style-transfer-pytorch\'s gray start (noiseRatio 0: flat grey); previous: the image on input previous (in a frame run, the previous result warped by the flow: on the first frame the frame itself)' },
    { kind: 'number', name: 'noiseRatio', default: 0.6, min: 0, max: 1, doc: 'Share of noise in the starting image (init noise and gray)' },
    { kind: 'number', name: 'seed', default: 0, min: 0, max: 2147483647, integer: true, doc: 'Seed of the noise' },
    { kind: 'number', name: 'width', default: 400, min: 1, max: 4096, integer: true, note: 'without content', doc: 'Width when no content image is connected' },
    { kind: 'number', name: 'height', default: 300, min: 1, max: 4096, integer: true, note: 'without content', doc: 'Height when no content image is connected' },
  ],
  validate: (params, ctx) => params.init === 'previous' && ctx.connected('previous') === 0
    ? [{ code: 'missing-input', port: 'previous', message: 'init previous needs the starting image on input previous' }]
    : [],
  inferShape: (inputs, params) => inputs.content?.[0] ?? inputs.previous?.[0] ?? { type: 'image', height: params.height as number, width: params.width as number },
  evaluate: (_inputs, _params, ctx) => ({ type: 'image', tensor: ctx.generatedImage() }),
  native: (_inputs, _params, ops) => ops.generatedImage(),
};

/**
 * The starting pixels, as the course's generate_noise_image: uniform noise in [-20, 20] in the
 * network's input space, mixed as noise * ratio + base * (1 - ratio), the base being the content
 * image (init noise) or mid grey (init gray). Init noise without a content image: noise alone
 * around the mean pixel. Init previous: the image on input `previous` (validation requires one).
 */
export function initialImage(content: tf.Tensor4D | undefined, params: Params, prep: Preprocessing, previous?: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    if (previous && params.init === 'previous') return previous.clone();
    if (content && params.init === 'content') return content.clone();
    const shape: [number, number, number, number] = content
      ? [1, content.shape[1], content.shape[2], 3]
      : [1, params.height as number, params.width as number, 3];
    const noise = tf.randomUniform(shape, -NOISE_RANGE, NOISE_RANGE, 'float32', params.seed as number) as tf.Tensor4D;
    const base = params.init === 'gray' ? tf.fill(shape, MID_GREY) as tf.Tensor4D : content;
    if (!base) return fromNetworkInput(noise, prep);
    const ratio = params.noiseRatio as number;
    const mixed = tf.add(tf.mul(noise, ratio), tf.mul(toNetworkInput(base, prep), 1 - ratio)) as tf.Tensor4D;
    return fromNetworkInput(mixed, prep);
  });
}
