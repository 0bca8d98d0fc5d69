import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';
import { describeShape } from './port-types';
import { BLEND_WEIGHTS_PARAM, checkedBlendWeights, validateBlend } from './blend-weights';

/** What the node computes, in its doc and in the README's node table. */
const BLEND = 'Σ wᵢ Gᵢ';

export const gramBlend: NodeDef = {
  type: 'gram.blend',
  title: 'Blend Grams',
  category: 'math',
  doc: `${BLEND} of the Gram matrices of several style images (weights scaled to sum to 1), so one loss.style takes the blend as its target (neural-style's -style_blend_weights). Take the Grams from images of the same size, with the same normalisation.`,
  formula: BLEND,
  inputsNote: 'any number of Grams',
  inputs: [{ name: 'targets', type: 'gram', multiple: true, doc: 'One edge per style image, in the order of weights' }],
  outputs: [{ name: 'gram', type: 'gram', doc: 'The blend (the first Gram\'s positions)' }],
  params: [BLEND_WEIGHTS_PARAM],
  inferShape: (inputs, _params, ctx) => {
    const targets = inputs.targets!;
    const first = targets[0];
    const other = targets.find((t) => t.type !== 'gram' || first?.type !== 'gram' || t.channels !== first.channels);
    if (first && other) return ctx.problem('shape-mismatch', `the targets are ${targets.map(describeShape).join(', ')}: take every Gram from the same layer`);
    return first;
  },
  validate: validateBlend,
  evaluate: (inputs, params) => {
    const targets = inputs.targets!;
    const weights = checkedBlendWeights(params, targets.length);
    const first = targets[0]!;
    if (first.type !== 'gram') throw new Error('targets must be Gram matrices');
    const tensor = tf.tidy(() => tf.addN(targets.map((t, i) => tf.mul(t.tensor, weights[i]!)))) as tf.Tensor2D;
    return { type: 'gram', tensor, positions: first.positions };
  },
};
