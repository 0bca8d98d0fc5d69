import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../nodes/types';
import { Lbfgs } from './lbfgs';

/** Loss, image gradient and reported scalars at the image's current value. The receiver disposes them. */
export interface Evaluation {
  readonly loss: tf.Scalar;
  readonly grad: tf.Tensor;
  readonly reported: tf.Tensor1D;
}

export type Objective = () => Evaluation;

/** Changes the image to lower the objective, one step at a time. */
export interface PixelOptimizer {
  /** One step from the image's current value; returns the reported scalars at that value (the caller disposes them). */
  step(objective: Objective, image: tf.Variable): Promise<tf.Tensor1D>;
  /** Objective evaluations so far (L-BFGS's line search makes more than one a step). */
  readonly evaluations: number;
  dispose(): void;
}

/** Adam, as in the course: one evaluation a step, nothing read back. */
class Adam implements PixelOptimizer {
  evaluations = 0;
  // Epsilon always explicit: tfjs's default depends on the backend (1e-4 on WebGL, 1e-7 elsewhere).
  private readonly adam: tf.AdamOptimizer;

  constructor(params: Params) {
    this.adam = tf.train.adam(params.learningRate as number, params.beta1 as number, params.beta2 as number, params.epsilon as number);
  }

  async step(objective: Objective, image: tf.Variable): Promise<tf.Tensor1D> {
    const e = objective();
    this.evaluations++;
    this.adam.applyGradients([{ name: image.name, tensor: e.grad }]);
    tf.dispose([e.loss, e.grad]);
    return e.reported;
  }

  dispose(): void {
    this.adam.dispose();
  }
}

/** The optimizer node's method with its params. */
export function createPixelOptimizer(params: Params): PixelOptimizer {
  return params.method === 'lbfgs' ? new Lbfgs(params.historySize as number, params.learningRate as number) : new Adam(params);
}
