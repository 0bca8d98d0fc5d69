import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';

/** Σ m² of each downsampled mask, by mask tensor and size: read back once, not every iteration. */
const masses = new WeakMap<tf.Tensor, Map<string, number>>();

export const featuresMask: NodeDef = {
  type: 'features.mask',
  title: 'Mask features',
  category: 'model',
  doc: 'Features weighted by a region: the mask is downsampled to the layer\'s size with the network\'s own 2x2 pooling and multiplies every channel. The result carries the mask\'s mass Σ m², which gram divides by instead of the positions, so a region\'s style loss does not depend on its area.',
  formula: "the mask pooled to the layer's size multiplies the features, which carry its mass Σ m²",
  inputs: [
    { name: 'features', type: 'features', doc: 'A vgg19.layer\'s features of the masked image' },
    { name: 'mask', type: 'mask', doc: 'The region, at the size of that image' },
  ],
  outputs: [{ name: 'features', type: 'features', doc: 'The features times the mask' }],
  params: [
    { kind: 'enum', name: 'pooling', default: 'avg', options: ['avg', 'max'], note: "set it as the layer's", doc: 'How the mask is downsampled: set it as the vgg19.layer\'s pooling' },
  ],
  inferShape: (inputs, _params, ctx) => {
    const [features, mask] = [inputs.features![0]!, inputs.mask![0]!];
    if (features.type !== 'features' || mask.type !== 'mask') return undefined;
    const { height: h, width: w } = features;
    const { height: mh, width: mw } = mask;
    if (h !== undefined && w !== undefined && mh !== undefined && mw !== undefined && halvings(mh, mw, h, w) === undefined) {
      return ctx.problem('shape-mismatch', `the mask is ${mh}x${mw}, which pooling does not bring to the features' ${h}x${w}: give the mask the size of the image the features come from`);
    }
    return features;
  },
  evaluate: (inputs, params) => {
    const features = inputs.features![0]!.tensor as tf.Tensor4D;
    const mask = inputs.mask![0]!.tensor as tf.Tensor4D;
    const [, h, w] = features.shape;
    const [, mh, mw] = mask.shape;
    const steps = halvings(mh, mw, h, w);
    if (steps === undefined) throw new Error(`the mask is ${mh}x${mw}, which pooling does not bring to the features' ${h}x${w}: give the mask the size of the image the features come from`);
    const pooling = params.pooling as 'avg' | 'max';
    let mass = 0;
    const tensor = tf.tidy(() => {
      let small = mask;
      for (let i = 0; i < steps; i++) small = pooling === 'avg' ? tf.avgPool(small, 2, 2, 'valid') : tf.maxPool(small, 2, 2, 'valid');
      mass = massOf(mask, small, `${h}x${w}|${pooling}`);
      if (mass === 0) throw new Error(`the mask is empty at the features' size ${h}x${w}`);
      return tf.mul(features, small) as tf.Tensor4D;
    });
    return { type: 'features', tensor, mass };
  },
};

/** How many 2x2 valid poolings take an mh x mw image to h x w, if any do. */
function halvings(mh: number, mw: number, h: number, w: number): number | undefined {
  for (let k = 0; mh >= h && mw >= w; k++, mh = Math.floor(mh / 2), mw = Math.floor(mw / 2)) {
    if (mh === h && mw === w) return k;
  }
  return undefined;
}

function massOf(mask: tf.Tensor, small: tf.Tensor, key: string): number {
  let bySize = masses.get(mask);
  if (!bySize) masses.set(mask, (bySize = new Map()));
  let mass = bySize.get(key);
  if (mass === undefined) {
    mass = tf.tidy(() => tf.sum(tf.square(small))).dataSync()[0]!;
    bySize.set(key, mass);
  }
  return mass;
}
