import { VGG19_LAYERS } from './vgg19';

/** How an RGB 0-255 image becomes the network's input: reorder channels, then subtract the mean. */
export interface Preprocessing {
  readonly channelOrder: 'RGB' | 'BGR';
  /** Mean pixel in the network's channel order. */
  readonly mean: readonly [number, number, number];
}

/** Keras and Caffe VGG weights: BGR minus the ImageNet mean pixel. */
export const KERAS_PREPROCESSING: Preprocessing = { channelOrder: 'BGR', mean: [103.939, 116.779, 123.68] };
/** MatConvNet (the course's imagenet-vgg-verydeep-19.mat): RGB minus the mean pixel. */
export const MATCONVNET_PREPROCESSING: Preprocessing = { channelOrder: 'RGB', mean: [123.68, 116.779, 103.939] };

export interface ConvWeights {
  /** 3x3 kernel in HWIO order (height, width, in channels, out channels), as TensorFlow stores it. */
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly inChannels: number;
  readonly outChannels: number;
}

/** The weights of every conv layer of VGG-19, as plain arrays (no tensors, no backend). */
export interface VggWeightSet {
  /** Keyed by our layer name (conv1_1 .. conv5_4). */
  readonly layers: ReadonlyMap<string, ConvWeights>;
  readonly preprocessing: Preprocessing;
  /** Where the weights came from, for messages. */
  readonly source: string;
}

export class WeightsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeightsError';
  }
}

/**
 * Builds a ConvWeights from a kernel and bias whose shapes a file declared, checking them.
 * `what` names the layer and file for the error message.
 */
export function convWeights(what: string, kernel: Float32Array, kernelShape: readonly number[], bias: Float32Array, biasShape: readonly number[]): ConvWeights {
  if (kernelShape.length !== 4 || kernelShape[0] !== 3 || kernelShape[1] !== 3) {
    throw new WeightsError(`${what}: kernel has shape [${kernelShape.join(', ')}], expected [3, 3, in, out]`);
  }
  const [, , inChannels, outChannels] = kernelShape as [number, number, number, number];
  if (biasShape.length !== 1 || biasShape[0] !== outChannels) {
    throw new WeightsError(`${what}: bias has shape [${biasShape.join(', ')}], expected [${outChannels}]`);
  }
  if (kernel.length !== 9 * inChannels * outChannels || bias.length !== outChannels) {
    throw new WeightsError(`${what}: holds ${kernel.length} kernel and ${bias.length} bias values, shapes need ${9 * inChannels * outChannels} and ${outChannels}`);
  }
  return { kernel, bias, inChannels, outChannels };
}

/**
 * Checks that a weight set is a VGG-19: every conv layer present, 3 input channels, each layer's
 * input width equal to the previous layer's output. Narrow variants (fewer channels) pass.
 */
export function checkVggWeights(set: VggWeightSet): void {
  let previous = 3;
  for (const layer of VGG19_LAYERS) {
    const w = set.layers.get(layer.name);
    if (!w) throw new WeightsError(`${set.source}: no weights for layer ${layer.name} (${layer.kerasName})`);
    if (w.inChannels !== previous) {
      throw new WeightsError(`${set.source}: ${layer.name} (${layer.kerasName}) takes ${w.inChannels} input channels, but the layer before gives ${previous}`);
    }
    previous = w.outChannels;
  }
}

/** True when every layer has the channel count of the published VGG-19. */
export function isFullWidth(set: VggWeightSet): boolean {
  return VGG19_LAYERS.every((l) => set.layers.get(l.name)?.outChannels === l.fullWidth);
}
