import type * as tf from '@tensorflow/tfjs-core';
import type { Preprocessing } from './weights';
import type { NativeLoops } from '../native/native-ops';

export type Pooling = 'avg' | 'max';

/**
 * VGG-19's conv layers, ready to run forward passes that tfjs can differentiate through: the
 * tfjs model (vgg-model.ts, every backend) and the CLI's native one (src/node/onnx/).
 */
export interface VggNetwork {
  readonly preprocessing: Preprocessing;
  /** Where the weights came from, for messages. */
  readonly source: string;
  /** Output channels per layer, in network order. */
  readonly widths: readonly number[];
  /** Post-ReLU activations of `layers` for an RGB 0-255 image, in one pass that stops at the deepest layer asked for. */
  forward(image: tf.Tensor4D, layers: ReadonlySet<string>, pooling: Pooling): Map<string, tf.Tensor4D>;
  /** Present where the network can run a whole Adam iteration natively (the onnx model). */
  readonly nativeLoops?: NativeLoops;
  dispose(): void;
}
