import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';

export const weight: NodeDef = {
  type: 'weight',
  title: 'Weight',
  category: 'math',
  doc: 'Multiplies a scalar by w (alpha, beta, or a per-layer style weight).',
  inputs: [{ name: 'value', type: 'scalar', doc: 'Any scalar' }],
  outputs: [{ name: 'value', type: 'scalar', doc: 'w * value' }],
  params: [{ kind: 'number', name: 'w', default: 1, min: 0, max: 1e9, doc: 'The factor' }],
  evaluate: (inputs, params) => ({ type: 'scalar', tensor: tf.mul(inputs.value![0]!.tensor, params.w as number) as tf.Scalar }),
  native: (inputs, params, ops) => ops.scale(inputs.value![0]!, params.w as number),
};
