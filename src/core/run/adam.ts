import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../nodes/types';
import type { Objective, PixelOptimizer } from './pixel-optimizer';
import type { Size } from './pyramid';

/** Adam, as in the course: one evaluation a step, nothing read back. */
export class Adam implements PixelOptimizer {
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
