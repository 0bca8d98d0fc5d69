import * as tf from '@tensorflow/tfjs-core';
import type { Size } from './pyramid';

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
  /** Carries the state over to the next scale's image, of height x width `size`. */
  rescale(size: Size): Promise<void>;
  dispose(): void;
}
