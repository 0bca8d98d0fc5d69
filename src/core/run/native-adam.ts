import * as tf from '@tensorflow/tfjs-core';
import type { Plan } from '../compile/plan';
import type { Params, Value } from '../nodes/types';
import { nativeObjective } from '../native/native-loop';
import type { NativeAdamState, NativeLoops, NativeStep } from '../native/native-ops';
import type { PixelOptimizer } from './pixel-optimizer';
import type { Size } from './pyramid';

/**
 * Adam with the whole iteration native (VggNetwork.nativeLoops: J, its gradient and the update in
 * one onnxruntime call): the same update as tfjs's Adam (adam.ts), the state kept as arrays between
 * steps. The tfjs variable is kept in step, so previews, ema and the result read it as before.
 */
export class NativeAdam implements PixelOptimizer {
  evaluations = 0;
  private native: NativeStep | undefined;
  private state: NativeAdamState | undefined;
  /** Height and width of the image the state is for. */
  private size: Size | undefined;

  constructor(private readonly loops: NativeLoops, private readonly params: Params) {}

  /** Builds the step for a scale of the run (its plan and targets); call before that scale's first step. */
  beginScale(plan: Plan, constants: ReadonlyMap<string, Value>, size: Size): void {
    this.native?.dispose();
    this.native = undefined;
    const p = this.params;
    this.native = this.loops.adamStep((ops) => nativeObjective(plan, constants, ops), { learningRate: p.learningRate as number, beta1: p.beta1 as number, beta2: p.beta2 as number, epsilon: p.epsilon as number }, size);
  }

  async step(_objective: unknown, image: tf.Variable): Promise<tf.Tensor1D> {
    const pixels = image.dataSync() as Float32Array;
    this.state ??= { pixels, m: new Float32Array(pixels.length), v: new Float32Array(pixels.length), steps: 0 };
    this.state.pixels = pixels;
    this.size = [image.shape[1]!, image.shape[2]!];
    const reported = this.native!.run(this.state);
    this.evaluations++;
    const next = tf.tensor4d(this.state.pixels, image.shape as [number, number, number, number]);
    image.assign(next);
    next.dispose();
    return tf.tensor1d(reported);
  }

  /** The moments resized bilinearly to the new size (as adam.ts does), the step count kept. */
  async rescale(size: Size): Promise<void> {
    const [state, from] = [this.state, this.size];
    if (!state || !from) return;
    const resize = (values: Float32Array) => tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(values, [1, from[0], from[1], 3]), [size[0], size[1]], false, true).dataSync() as Float32Array);
    this.state = { ...state, m: resize(state.m), v: resize(state.v) };
  }

  dispose(): void {
    this.native?.dispose();
    this.native = undefined;
  }
}
