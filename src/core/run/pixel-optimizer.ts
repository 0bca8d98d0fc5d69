import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../nodes/types';
import { Lbfgs } from './lbfgs';
import type { Size } from './scale-ladder';

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

  /**
   * The moments resized bilinearly to the new image (the second stays non-negative), the step
   * count kept, so the bias correction goes on where it was: style-transfer-pytorch's scale_adam.
   */
  async rescale(size: Size): Promise<void> {
    const [steps, ...moments] = await this.adam.getWeights();
    const resized = moments.map(({ name, tensor }) => ({ name, tensor: tf.image.resizeBilinear(tensor as tf.Tensor4D, [size[0], size[1]], false, true) }));
    // setWeights makes variables of its own and drops the old ones without disposing them.
    tf.dispose(moments.map((m) => m.tensor));
    await this.adam.setWeights([steps!, ...resized]);
    tf.dispose([steps!.tensor, ...resized.map((m) => m.tensor)]);
  }

  dispose(): void {
    this.adam.dispose();
  }
}

/** The optimizer node's method with its params. */
export function createPixelOptimizer(params: Params): PixelOptimizer {
  return params.method === 'lbfgs' ? new Lbfgs(params.historySize as number, params.learningRate as number) : new Adam(params);
}
