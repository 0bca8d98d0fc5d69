import type { Tensor2D } from '@tensorflow/tfjs-core';
import { bestTau, labelledPairs, ratesAt, ratesCurve, setTripletLoss, type VerificationRates } from '../face/verification-rates';
import type { NodeDef, Value } from './types';

export const faceEvaluate: NodeDef = {
  type: 'face.evaluate',
  title: 'Evaluate faces',
  category: 'face',
  role: 'result',
  doc: 'How well tau separates the people of a labelled folder (face.database): over every pair of its photos, the accuracy and the false accept and false reject rates at tau and over a range of tau, the most accurate tau, and the triplet loss over its triplets. This is how to pick tau for your own photos.',
  formula: 'over every pair, accuracy and false accept/reject rates at τ and from τ 0 to tauMax, the most accurate τ, the triplet loss over every triplet',
  inputs: [{ name: 'database', type: 'database', doc: 'A labelled folder of faces (face.database), at least two photos of one person and photos of two people' }],
  outputs: [],
  params: [
    { kind: 'number', name: 'tau', default: 0.6, min: 0, max: 4, doc: 'τ: the largest distance that still counts as the same person' },
    { kind: 'number', name: 'tauMax', default: 1.2, min: 0.01, max: 4, doc: 'The curve runs from τ = 0 to this' },
    { kind: 'number', name: 'steps', default: 25, min: 2, max: 401, integer: true, doc: 'How many τ the curve has' },
    { kind: 'number', name: 'alpha', default: 0.2, min: 0, max: 10, doc: "α: the triplet loss's margin" },
  ],
  result: (inputs, params) => {
    const database = inputs.database![0]! as Extract<Value, { type: 'database' }>;
    const encodings = database.tensor as Tensor2D;
    const pairs = labelledPairs(encodings, database.labels);
    const same = pairs.filter((p) => p.same).length;
    if (same === 0 || same === pairs.length) {
      throw new Error(`the folder needs at least two photos of one person and photos of two people (it has ${describe(database.labels)})`);
    }
    const atTau = ratesAt(pairs, params.tau as number);
    const curve = ratesCurve(pairs, params.tauMax as number, params.steps as number);
    const best = bestTau(curve);
    const triplet = { alpha: params.alpha as number, ...setTripletLoss(encodings, database.labels, params.alpha as number) };
    const text = [
      `at τ ${atTau.tau}: ${rates(atTau)} over ${pairs.length} pairs (${same} of one person); best τ ${best.tau} (${percent(best.accuracy)} accurate)`,
      `triplet loss ${triplet.loss.toFixed(4)} over ${triplet.count} triplets (α ${triplet.alpha})`,
      '     τ  accuracy  false accept  false reject',
      ...curve.map((r) => `${r.tau.toFixed(3).padStart(6)}  ${percent(r.accuracy).padStart(8)}  ${percent(r.falseAccept).padStart(12)}  ${percent(r.falseReject).padStart(12)}`),
    ].join('\n');
    return { text, value: { ...atTau, pairs: pairs.length, samePairs: same, bestTau: best.tau, bestAccuracy: best.accuracy, triplet, curve } };
  },
};

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
const rates = (r: VerificationRates) => `accuracy ${percent(r.accuracy)}, false accept ${percent(r.falseAccept)}, false reject ${percent(r.falseReject)}`;

function describe(labels: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].map(([person, n]) => `${person}: ${n}`).join(', ');
}
