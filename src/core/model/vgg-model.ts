import * as tf from '@tensorflow/tfjs-core';
import { VGG19_LAYERS } from './vgg19';
import { checkVggWeights, type Preprocessing, type VggWeightSet } from './weights';
import { toNetworkInput } from '../image/preprocess';
import { conv3x3Relu, flipKernel } from './conv3x3';
import { vggBackward, type VggPassSaved } from './vgg-backward';
import type { Pooling, VggNetwork } from './vgg-network';
import { tapeEngine } from './tape-engine';

export interface VggModelOptions {
  /**
   * 'conv3x3' (default): each layer is one fused conv+bias+relu kernel whose image gradient is a
   * forward convolution with the flipped kernel (src/core/model/conv3x3.ts); no weight gradients.
   * 'stock': tf.fused.conv2d and tfjs's own gradients (Conv2DBackpropInput); for comparison.
   */
  readonly convolution?: 'conv3x3' | 'stock';
}

/** VGG-19's conv layers as tfjs tensors, on any tfjs backend. */
export class VggModel implements VggNetwork {
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
   * deepest layer asked for. Without a gradient being recorded, every other tensor of the pass is
   * freed as soon as the next layer has it. With one (conv3x3), the pass is one step of tfjs's
   * tape that keeps only each conv's output (and max pooling's outputs) for vggBackward, which
   * frees each layer's gradient as it goes.
   */
  forward(image: tf.Tensor4D, layers: ReadonlySet<string>, pooling: Pooling): Map<string, tf.Tensor4D> {
    const wanted = VGG19_LAYERS.filter((l) => layers.has(l.name)).map((l) => l.index);
    const last = Math.max(...wanted);
    if (this.convolution === 'stock' || !tf.engine().isTapeOn()) {
      const outputs = this.pass(image, last, pooling, new Set(wanted));
      return new Map(wanted.map((index) => [VGG19_LAYERS[index]!.name, outputs.convOutputs[index]!]));
    }
    const engine = tapeEngine();
    const outputs = engine.runKernelFunc({
      inputs: { image },
      forwardFunc: (_backend, save) => {
        const pass = this.pass(image, last, pooling, 'all');
        save([...pass.convOutputs, ...pass.poolOutputs]);
        return wanted.map((index) => pass.convOutputs[index]!);
      },
      backwardsFunc: (dys, saved) => {
        const convOutputs = saved.slice(0, last + 1) as tf.Tensor4D[];
        const saves = { convOutputs, poolOutputs: saved.slice(last + 1) as tf.Tensor4D[] };
        const grads = (Array.isArray(dys) ? dys : [dys]) as tf.Tensor4D[];
        return { image: () => vggBackward(grads, wanted, saves, this.flipped, pooling, this.preprocessing) };
      },
    });
    const list = Array.isArray(outputs) ? outputs : [outputs];
    return new Map(wanted.map((index, i) => [VGG19_LAYERS[index]!.name, list[i] as tf.Tensor4D]));
  }

  /**
   * The plain pass to layer `last`. Keeps the conv outputs in `keep` ('all': every one, and max
   * pooling's outputs) and frees every other tensor once the next layer has it; the rest of
   * `convOutputs` is left undefined.
   */
  private pass(image: tf.Tensor4D, last: number, pooling: Pooling, keep: ReadonlySet<number> | 'all'): VggPassSaved {
    const convOutputs: tf.Tensor4D[] = [];
    const poolOutputs: tf.Tensor4D[] = [];
    const kept = (t: tf.Tensor4D) => convOutputs.includes(t) || poolOutputs.includes(t);
    let x = toNetworkInput(image, this.preprocessing);
    /** x becomes `next`; the old x goes unless it is kept. */
    const advance = (next: tf.Tensor4D) => {
      if (!kept(x)) x.dispose();
      x = next;
    };
    for (const layer of VGG19_LAYERS.slice(0, last + 1)) {
      const [kernel, bias] = [this.kernels[layer.index]!, this.biases[layer.index]!];
      advance(this.convolution === 'conv3x3'
        ? conv3x3Relu(x, kernel, this.flipped[layer.index]!, bias)
        : tf.fused.conv2d({ x, filter: kernel, strides: 1, pad: 'same', bias, activation: 'relu' }));
      if (keep === 'all' || keep.has(layer.index)) convOutputs[layer.index] = x;
      if (layer.endsBlock && layer.index < last) {
        advance(pooling === 'avg' ? tf.avgPool(x, 2, 2, 'valid') : tf.maxPool(x, 2, 2, 'valid'));
        if (keep === 'all' && pooling === 'max') poolOutputs.push(x);
      }
    }
    if (!kept(x)) x.dispose();
    return { convOutputs, poolOutputs };
  }

  dispose(): void {
    tf.dispose([...this.kernels, ...this.biases, ...this.flipped]);
  }
}
