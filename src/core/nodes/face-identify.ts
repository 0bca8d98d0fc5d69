import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef, Value } from './types';

export const faceIdentify: NodeDef = {
  type: 'face.identify',
  title: 'Identify face',
  category: 'face',
  role: 'result',
  doc: "Who the face is: the database's person whose encoding is nearest, when that distance is at most tau; otherwise not in the database.",
  formula: 'the nearest person within τ, else not in the database',
  inputs: [
    { name: 'encoding', type: 'encoding', doc: 'The face to look up (face.encode)' },
    { name: 'database', type: 'database', doc: 'The known people (face.database)' },
  ],
  outputs: [],
  params: [{ kind: 'number', name: 'tau', default: 0.6, min: 0, max: 4, doc: 'τ: the largest distance that still counts as the same person' }],
  result: (inputs, params) => {
    const database = inputs.database![0]! as Extract<Value, { type: 'database' }>;
    const byRow = tf.tidy(() => tf.sqrt(tf.sum(tf.square(tf.sub(database.tensor, inputs.encoding![0]!.tensor)), 1)));
    const distances = byRow.dataSync();
    byRow.dispose();
    let nearest = 0;
    distances.forEach((d, i) => {
      if (d < distances[nearest]!) nearest = i;
    });
    const distance = distances[nearest]!;
    const tau = params.tau as number;
    const person = database.labels[nearest]!;
    const known = distance <= tau;
    const text = known ? `${person} (distance ${distance.toFixed(3)} ≤ τ ${tau})` : `not in the database (nearest ${person} at ${distance.toFixed(3)} > τ ${tau})`;
    return { text, value: { identity: known ? person : null, nearest: person, distance, tau } };
  },
};
