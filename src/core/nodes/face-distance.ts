import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';

/** Keeps the square root's gradient finite when two encodings are equal (adds 1e-6 to the distance at most). */
const EPSILON = 1e-12;

/** What the node computes, in its doc and in the README's node table. */
const DISTANCE = '||f(a) - f(b)||₂';

export const encodingDistance: NodeDef = {
  type: 'encoding.distance',
  title: 'Encoding distance',
  category: 'face',
  doc: `d(a, b) = ${DISTANCE}, the L2 distance between two face encodings: small for the same person. Differentiable (as a loss term it keeps a face recognisable).`,
  formula: DISTANCE,
  inputs: [
    { name: 'a', type: 'encoding', doc: 'An encoding' },
    { name: 'b', type: 'encoding', doc: 'Another encoding' },
  ],
  outputs: [{ name: 'distance', type: 'scalar', doc: 'The L2 distance' }],
  params: [],
  evaluate: (inputs) => ({ type: 'scalar', tensor: tf.tidy(() => tf.sqrt(tf.add(tf.sum(tf.square(tf.sub(inputs.a![0]!.tensor, inputs.b![0]!.tensor))), EPSILON))) as tf.Scalar }),
};
