import * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';
import { describeShape } from './port-types';
import { unpackStats } from './stats';
import { sqrtmNewtonSchulz } from '../model/matrix-sqrt';
import { plainMatMul } from '../model/plain-mat-mul';

export const lossWasserstein: NodeDef = {
  type: 'loss.wasserstein',
  title: 'Wasserstein style loss',
  category: 'loss',
  role: 'loss',
  doc: 'Squared 2-Wasserstein distance between the Gaussians of two feature statistics, per channel: (‖μg - μs‖² + tr Σg + tr Σs - 2 tr √(√Σs Σg √Σs)) / C, square roots by Newton–Schulz iterations.',
  formula: '(‖μg-μs‖² + tr Σg + tr Σs - 2 tr √(√Σs Σg √Σs)) / C, Newton–Schulz square roots',
  inputsNote: 'stats',
  inputs: [
    { name: 'style', type: 'stats', doc: 'Statistics of the style features' },
    { name: 'generated', type: 'stats', doc: 'Statistics of the generated features' },
  ],
  outputs: [{ name: 'loss', type: 'scalar', doc: 'W2² / C' }],
  params: [
    { kind: 'number', name: 'epsilon', default: 1e-4, min: 0, max: 1, doc: "Added to each covariance's diagonal, so the square roots stay well defined" },
    { kind: 'number', name: 'iterations', default: 12, min: 1, max: 20, integer: true, note: 'max 20', doc: 'Newton–Schulz iterations per square root (float32 diverges beyond about 20)' },
  ],
  inferShape: (inputs, _params, ctx) => {
    const [s, g] = [inputs.style![0]!, inputs.generated![0]!];
    if (s.type === 'stats' && g.type === 'stats' && s.channels !== g.channels) {
      return ctx.problem('shape-mismatch', `the style input holds ${describeShape(s)} but the generated input holds ${describeShape(g)}: take both from the same layer`);
    }
    return { type: 'scalar' };
  },
  // The compiler has checked that both statistics have as many channels (inferShape).
  evaluate: (inputs, params) => {
    const epsilon = params.epsilon as number;
    const iterations = params.iterations as number;
    const tensor = tf.tidy(() => {
      const s = unpackStats(inputs.style![0]!);
      const g = unpackStats(inputs.generated![0]!);
      const c = s.mean.shape[1];
      const jitter = tf.mul(tf.eye(c), epsilon);
      const covS = tf.add(s.covariance, jitter) as tf.Tensor2D;
      const covG = tf.add(g.covariance, jitter) as tf.Tensor2D;
      const rootS = sqrtmNewtonSchulz(covS, iterations);
      const cross = sqrtmNewtonSchulz(plainMatMul(plainMatMul(rootS, covG), rootS), iterations);
      const trace = (m: tf.Tensor2D) => tf.sum(tf.mul(m, tf.eye(c)));
      const distance = tf.addN([tf.sum(tf.squaredDifference(g.mean, s.mean)), trace(covG), trace(covS), tf.mul(trace(cross), -2)]);
      return tf.div(distance, c);
    }) as tf.Scalar;
    return { type: 'scalar', tensor };
  },
};
