import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';

export const sum: NodeDef = {
  type: 'sum',
  title: 'Sum',
  category: 'math',
  doc: 'Adds any number of scalars.',
  inputsNote: 'any number of edges',
  inputs: [{ name: 'terms', type: 'scalar', multiple: true, doc: 'One edge per term' }],
  outputs: [{ name: 'value', type: 'scalar', doc: 'The sum' }],
  params: [],
  evaluate: (inputs) => {
    const terms = inputs.terms!.map((v) => v.tensor);
    return { type: 'scalar', tensor: (terms.length === 1 ? terms[0]!.clone() : tf.addN(terms)) as tf.Scalar };
  },
  native: (inputs, _params, ops) => ops.add(inputs.terms!),
};
