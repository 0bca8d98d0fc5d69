import * as tf from '@tensorflow/tfjs-core';
import { VGG19_LAYERS } from './vgg19';
import { checkVggWeights, type Preprocessing, type VggWeightSet } from './weights';
import { toNetworkInput } from '../image/preprocess';
import { conv3x3Relu, flipKernel } from './conv3x3';

export type Pooling = 'avg' | 'max';

export interface VggModelOptions {
  /**
   * 'conv3x3' (default): each layer is one fused conv+bias+relu kernel whose image gradient is a
   * forward convolution with the flipped kernel (src/core/model/conv3x3.ts); no weight gradients.
   * 'stock': tf.fused.conv2d and tfjs's own gradients (Conv2DBackpropInput); for comparison.
   */
  readonly convolution?: 'conv3x3' | 'stock';
}

/** VGG-19's conv layers as tensors, ready to run forward passes (and be differentiated through). */
export class VggModel {
  readonly preprocessing: Preprocessing;
  readonly source: string;
  /** Output channels per layer, in network order. */
  readonly widths: readonly number[];
  private readonly kernels: tf.Tensor4D[];
  private readonly biases: tf.Tensor1D[];
  /** The kernels rotated 180 degrees with in/out swapped, for the image gradient (conv3x3 only). */
  private readonly flipped: tf.Tensor4D[];
  readonly convolution: 'conv3x3' | 'stock';

  constructor(set: VggWeightSet, options: VggModelOptions = {}) {
    checkVggWeights(set);
    this.preprocessing = set.preprocessing;
    this.source = set.source;
    const layers = VGG19_LAYERS.map((l) => set.layers.get(l.name)!);
    this.widths = layers.map((w) => w.outChannels);
    // Plain tensors, not variables: the image is the only thing optimised (and the wasm backend has no filter gradient).
    this.kernels = layers.map((w) => tf.tensor4d(w.kernel, [3, 3, w.inChannels, w.outChannels]));
    this.biases = layers.map((w) => tf.tensor1d(w.bias));
    this.convolution = options.convolution ?? 'conv3x3';
    this.flipped = this.convolution === 'conv3x3' ? this.kernels.map(flipKernel) : [];
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
      const [kernel, bias] = [this.kernels[layer.index]!, this.biases[layer.index]!];
      x = this.convolution === 'conv3x3'
        ? conv3x3Relu(x, kernel, this.flipped[layer.index]!, bias)
        : tf.fused.conv2d({ x, filter: kernel, strides: 1, pad: 'same', bias, activation: 'relu' });
      if (layers.has(layer.name)) out.set(layer.name, x);
      if (layer.endsBlock && layer.index < last) x = pooling === 'avg' ? tf.avgPool(x, 2, 2, 'valid') : tf.maxPool(x, 2, 2, 'valid');
    }
    return out;
  }

  dispose(): void {
    tf.dispose([...this.kernels, ...this.biases, ...this.flipped]);
  }
}
