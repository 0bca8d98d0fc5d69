import * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs's engine that records one step with several outputs and a gradient of its own (internal API). */
interface TapeEngine {
  runKernelFunc(params: {
    inputs: Record<string, tf.Tensor>;
    forwardFunc: (backend: unknown, save: (tensors: tf.Tensor[]) => void) => tf.Tensor[];
    backwardsFunc: (dys: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
  }): tf.Tensor | tf.Tensor[];
}

/** tfjs's engine, for recording a VGG pass as one tape step (vgg-model.ts, and the CLI's onnx model). */
export function tapeEngine(): TapeEngine {
  return tf.engine() as unknown as TapeEngine;
}
