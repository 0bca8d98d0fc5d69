import * as tf from '@tensorflow/tfjs-core';
import { VGG19_LAYERS } from './vgg19';
import { checkVggWeights, type Preprocessing, type VggWeightSet } from './weights';
import { toNetworkInput } from '../image/preprocess';

export type Pooling = 'avg' | 'max';

/** VGG-19's conv layers as tensors, ready to run forward passes (and be differentiated through). */
export class VggModel {
  readonly preprocessing: Preprocessing;
  readonly source: string;
  /** Output channels per layer, in network order. */
  readonly widths: readonly number[];
  private readonly kernels: tf.Tensor4D[];
  private readonly biases: tf.Tensor1D[];

  constructor(set: VggWeightSet) {
    checkVggWeights(set);
    this.preprocessing = set.preprocessing;
    this.source = set.source;
    const layers = VGG19_LAYERS.map((l) => set.layers.get(l.name)!);
    this.widths = layers.map((w) => w.outChannels);
    // Plain tensors, not variables: the image is the only thing optimised (and the wasm backend has no filter gradient).
    this.kernels = layers.map((w) => tf.tensor4d(w.kernel, [3, 3, w.inChannels, w.outChannels]));
    this.biases = layers.map((w) => tf.tensor1d(w.bias));
  }

  /**
   * Post-ReLU activations of `layers` for an RGB 0-255 image, in one pass that stops at the
   * deepest layer asked for.
   */
  forward(image: tf.Tensor4D, layers: ReadonlySet<string>, pooling: Pooling): Map<string, tf.Tensor4D> {
    const wanted = VGG19_LAYERS.filter((l) => layers.has(l.name));
    const last = Math.max(...wanted.map((l) => l.index));
    const out = new Map<string, tf.Tensor4D>();
    let x = toNetworkInput(image, this.preprocessing);
    for (const layer of VGG19_LAYERS.slice(0, last + 1)) {
      x = tf.fused.conv2d({ x, filter: this.kernels[layer.index]!, strides: 1, pad: 'same', bias: this.biases[layer.index]!, activation: 'relu' });
      if (layers.has(layer.name)) out.set(layer.name, x);
      if (layer.endsBlock && layer.index < last) x = pooling === 'avg' ? tf.avgPool(x, 2, 2, 'valid') : tf.maxPool(x, 2, 2, 'valid');
    }
    return out;
  }

  dispose(): void {
    tf.dispose([...this.kernels, ...this.biases]);
  }
}
