import type { NodeDef } from './types';

export const faceVerify: NodeDef = {
  type: 'face.verify',
  title: 'Verify face',
  category: 'face',
  role: 'result',
  doc: "Same person when the distance is at most tau. 0.6 suits face-api's encoder (the course's 0.7 was for its FaceNet model: each encoder spreads faces differently; face.evaluate picks tau for your photos).",
  formula: 'same person when the distance is at most τ',
  inputs: [{ name: 'distance', type: 'scalar', doc: 'encoding.distance of two faces' }],
  outputs: [],
  params: [{ kind: 'number', name: 'tau', default: 0.6, min: 0, max: 4, doc: 'τ: the largest distance that still counts as the same person' }],
  result: (inputs, params) => {
    const distance = inputs.distance![0]!.tensor.dataSync()[0]!;
    const tau = params.tau as number;
    const same = distance <= tau;
    return { text: `${same ? 'same person' : 'different people'} (distance ${distance.toFixed(3)} ${same ? '≤' : '>'} τ ${tau})`, value: { same, distance, tau } };
  },
};
