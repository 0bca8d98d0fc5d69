import * as tf from '@tensorflow/tfjs-core';
import { tripletTerms } from '../face/triplet-terms';
import type { NodeDef, NodeProblem } from './types';

/** What the node computes, in its doc and in the README's node table. */
const J_TRIPLET = 'Σ max(||f(A) - f(P)||² - ||f(A) - f(N)||² + α, 0)';

export const lossTriplet: NodeDef = {
  type: 'loss.triplet',
  title: 'Triplet loss',
  category: 'loss',
  role: 'loss',
  doc: `J = ${J_TRIPLET} over the triplets (the i-th edge of each input): an anchor is nearer its positive (the same person) than its negative (another) by a margin α.`,
  formula: J_TRIPLET,
  inputsNote: 'one edge per triplet each',
  inputs: [
    { name: 'anchor', type: 'encoding', multiple: true, doc: 'f(A), one edge per triplet' },
    { name: 'positive', type: 'encoding', multiple: true, doc: 'f(P): the same person as the anchor' },
    { name: 'negative', type: 'encoding', multiple: true, doc: 'f(N): someone else' },
  ],
  outputs: [{ name: 'loss', type: 'scalar', doc: 'J' }],
  params: [{ kind: 'number', name: 'alpha', default: 0.2, min: 0, max: 10, doc: 'α: the margin' }],
  validate: (_params, ctx) => {
    const counts = ['anchor', 'positive', 'negative'].map((port) => ctx.connected(port));
    const problems: NodeProblem[] = [];
    if (counts[0] && (counts[1] !== counts[0] || counts[2] !== counts[0])) {
      problems.push({ code: 'missing-input', port: counts[1] !== counts[0] ? 'positive' : 'negative', message: `every triplet needs an anchor, a positive and a negative: ${counts[0]} anchors, ${counts[1]} positives, ${counts[2]} negatives` });
    }
    return problems;
  },
  evaluate: (inputs, params) => {
    const stack = (port: string) => tf.concat(inputs[port]!.map((v) => v.tensor as tf.Tensor2D), 0);
    const tensor = tf.tidy(() => {
      const anchor = stack('anchor');
      const positive = tf.sum(tf.square(tf.sub(anchor, stack('positive'))), -1);
      const negative = tf.sum(tf.square(tf.sub(anchor, stack('negative'))), -1);
      return tf.sum(tripletTerms(positive, negative, params.alpha as number));
    }) as tf.Scalar;
    return { type: 'scalar', tensor };
  },
};
