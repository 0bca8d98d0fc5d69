import type * as tf from '@tensorflow/tfjs-core';

/**
 * A value in a native loop (one onnxruntime graph that computes J, its image gradient and Adam's
 * step): opaque to the nodes that make it but for its size, in the layout tfjs holds the same value
 * in (an image or features 1 x h x w x c, a Gram c x c, a scalar []).
 */
export interface NativeValue {
  readonly dims: readonly number[];
  /** A Gram's positions (nH nW), as its Value carries them. */
  readonly positions?: number;
}

/**
 * What a node's native form (NodeDef.native) builds J from. Every op is differentiable in its
 * native inputs: the loop takes J's gradient itself, so a node states only its forward computation.
 */
export interface NativeOps {
  /** The image being optimised, RGB 0-255. */
  generatedImage(): NativeValue;
  /** A value computed before the loop (a target), as tfjs holds it; a Gram with its positions. */
  constant(tensor: tf.Tensor, positions?: number): NativeValue;
  /** Post-ReLU activations of VGG-19's `layer` for `image` (one pass per image and pooling). */
  vggFeatures(image: NativeValue, layer: string, pooling: 'avg' | 'max'): NativeValue;
  /** G = A Aᵀ / divisor, A being the features unrolled to channels x positions. */
  gram(features: NativeValue, divisor: number): NativeValue;
  /** Σ (a - b)² over every element: a scalar. */
  squaredDistance(a: NativeValue, b: NativeValue): NativeValue;
  /** Σ |x[i+1,j] - x[i,j]|^p + Σ |x[i,j+1] - x[i,j]|^p of an image or features: a scalar. */
  totalVariation(image: NativeValue, power: 1 | 2): NativeValue;
  /** x * k. */
  scale(x: NativeValue, k: number): NativeValue;
  /** The sum of scalars. */
  add(terms: readonly NativeValue[]): NativeValue;
}

/** What a native loop minimises, and what it reports each step (the plan's reported order). */
export interface NativeObjective {
  readonly loss: NativeValue;
  readonly reported: readonly NativeValue[];
}

/** Adam's params, as the optimizer node holds them. */
export interface NativeAdamParams {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** Adam's state between native steps: the pixels (1 x H x W x 3), its moments, and the steps taken. */
export interface NativeAdamState {
  pixels: Float32Array;
  m: Float32Array;
  v: Float32Array;
  steps: number;
}

/** One scale's native Adam step. */
export interface NativeStep {
  /** One step from `state` (updated in place); returns the reported scalars at the pixels before the step. */
  run(state: NativeAdamState): Float32Array;
  dispose(): void;
}

/** A VGG network that can run a whole Adam iteration natively (VggNetwork.nativeLoops). */
export interface NativeLoops {
  /** The step for an image of `size` (height, width) minimising what `define` builds from the ops. */
  adamStep(define: (ops: NativeOps) => NativeObjective, adam: NativeAdamParams, size: readonly [number, number]): NativeStep;
}
