/** VGG-19 convolutional architecture (the "notop" part): five blocks of 3x3 convolutions. */

/** Output channels of each conv layer, block by block, in the full-width network. */
export const VGG19_BLOCK_WIDTHS: readonly (readonly number[])[] = [
  [64, 64],
  [128, 128],
  [256, 256, 256, 256],
  [512, 512, 512, 512],
  [512, 512, 512, 512],
];

export interface ConvLayerInfo {
  /** Our name, as in the course: conv1_1 .. conv5_4. */
  readonly name: string;
  /** The Keras layer name: block1_conv1 .. block5_conv4. */
  readonly kerasName: string;
  readonly block: number;
  /** Position of the layer in the network, 0-based. */
  readonly index: number;
  /** True for the last conv of a block: a 2x2 pooling follows it. */
  readonly endsBlock: boolean;
  /** Channels of the full-width network. */
  readonly fullWidth: number;
}

export const VGG19_LAYERS: readonly ConvLayerInfo[] = VGG19_BLOCK_WIDTHS.flatMap((widths, b) =>
  widths.map((fullWidth, c) => ({
    name: `conv${b + 1}_${c + 1}`,
    kerasName: `block${b + 1}_conv${c + 1}`,
    block: b + 1,
    index: 0,
    endsBlock: c === widths.length - 1,
    fullWidth,
  })),
).map((layer, index) => ({ ...layer, index }));

export const VGG19_LAYER_NAMES: readonly string[] = VGG19_LAYERS.map((l) => l.name);

export function vggLayer(name: string): ConvLayerInfo | undefined {
  return VGG19_LAYERS.find((l) => l.name === name);
}
