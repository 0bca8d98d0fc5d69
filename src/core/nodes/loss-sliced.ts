import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef, Shape } from './types';
import { describeShape } from './port-types';
import { resampleRows, sortRowsDescending } from '../model/sorted-rows';
import { plainMatMul } from '../model/plain-mat-mul';

export const lossSliced: NodeDef = {
  type: 'loss.sliced',
  title: 'Sliced Wasserstein style loss',
  category: 'loss',
  role: 'loss',
  doc: 'Sliced Wasserstein distance (Heitz et al. 2021): both feature sets projected on random unit directions, new each iteration, each projection sorted; the mean squared difference of the sorted values. A style with other positions is resampled linearly.',
  formula: "random unit directions, new each iteration from (run seed, iteration, seed); mean squared difference of the sorted projections, the style's resampled linearly to the generated positions",
  inputsNote: 'features',
  inputs: [
    { name: 'style', type: 'features', doc: 'Features of the style image' },
    { name: 'generated', type: 'features', doc: 'Features of the generated image' },
  ],
  outputs: [{ name: 'loss', type: 'scalar', doc: 'Mean squared difference of the sorted projections' }],
  params: [
    { kind: 'number', name: 'projections', default: 0, min: 0, max: 4096, integer: true, note: '= channels', doc: 'Random directions per iteration; 0: as many as channels' },
    { kind: 'number', name: 'seed', default: 0, min: 0, max: 2147483647, integer: true, doc: "Mixed with the run's seed and the iteration to draw the directions" },
  ],
  inferShape: (inputs, _params, ctx) => {
    const [s, g] = [inputs.style![0]!, inputs.generated![0]!];
    if (channels(s) !== channels(g)) {
      return ctx.problem('shape-mismatch', `the style features are ${describeShape(s)} but the generated features are ${describeShape(g)}: take both from the same layer`);
    }
    return { type: 'scalar' };
  },
  // The compiler has checked that both have as many channels (inferShape); sizes may differ.
  evaluate: (inputs, params, ctx) => {
    const style = inputs.style![0]!.tensor as tf.Tensor4D;
    const generated = inputs.generated![0]!.tensor as tf.Tensor4D;
    const c = style.shape[3];
    const count = (params.projections as number) || c;
    const directions = unitDirections(ctx.random(params.seed as number), c, count);
    const tensor = tf.tidy(() => {
      const v = tf.tensor2d(directions, [c, count]);
      // count x positions, each row sorted.
      const sortedProjections = (f: tf.Tensor4D) => sortRowsDescending(tf.transpose(plainMatMul(tf.reshape(f, [-1, c]) as tf.Tensor2D, v)) as tf.Tensor2D);
      const ours = sortedProjections(generated);
      const theirs = sortedProjections(style);
      const positions = ours.shape[1];
      const target = theirs.shape[1] === positions ? theirs : resampleRows(theirs, positions);
      return tf.mean(tf.squaredDifference(ours, target));
    }) as tf.Scalar;
    return { type: 'scalar', tensor };
  },
};

function channels(shape: Shape): number | undefined {
  return shape.type === 'features' ? shape.channels : undefined;
}

/** `count` directions uniform on the unit sphere of R^c (normalised Gaussians, Box–Muller), as the columns of a c x count matrix. */
function unitDirections(random: () => number, c: number, count: number): Float32Array {
  const gaussians = Float64Array.from({ length: c * count }, () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
  const out = new Float32Array(c * count);
  for (let k = 0; k < count; k++) {
    let norm = 0;
    for (let i = 0; i < c; i++) norm += gaussians[i * count + k]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < c; i++) out[i * count + k] = gaussians[i * count + k]! / norm;
  }
  return out;
}
