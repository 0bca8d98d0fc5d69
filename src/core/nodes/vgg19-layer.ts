import type { NodeDef } from './types';
import { VGG19_LAYER_NAMES, vggLayer } from '../model/vgg19';
import type { Pooling } from '../model/vgg-network';

export const vgg19Layer: NodeDef = {
  type: 'vgg19.layer',
  title: 'VGG-19 layer',
  category: 'model',
  role: 'features',
  doc: 'Post-ReLU activation of one VGG-19 conv layer for the input image. All layer nodes on one image share one forward pass.',
  inputs: [{ name: 'image', type: 'image', doc: 'RGB, 0-255' }],
  outputs: [{ name: 'features', type: 'features', doc: '1 x h x w x channels' }],
  params: [
    { kind: 'enum', name: 'layer', default: 'conv4_2', options: VGG19_LAYER_NAMES, note: 'post-ReLU', doc: 'Which conv layer (after its ReLU)' },
    { kind: 'enum', name: 'pooling', default: 'avg', options: ['avg', 'max'], doc: 'Pooling between blocks: the course uses average pooling' },
  ],
  inferShape: (inputs, params, ctx) => {
    const image = inputs.image![0]!;
    const layer = vggLayer(params.layer as string)!;
    if (image.type !== 'image') return undefined;
    // Each block before the layer's halves the size (2x2 pooling, no padding): an image smaller than this leaves no features.
    const factor = 2 ** (layer.block - 1);
    const { height, width } = image;
    if ((height !== undefined && height < factor) || (width !== undefined && width < factor)) {
      return ctx.problem('image-too-small', `layer ${layer.name} needs an image of at least ${factor}x${factor} pixels; its image is ${height ?? '?'}x${width ?? '?'}`);
    }
    const pooled = (side: number | undefined) => side === undefined ? undefined : Math.floor(side / factor);
    return { type: 'features', height: pooled(height), width: pooled(width), channels: layer.fullWidth };
  },
  evaluate: (inputs, params, ctx) => ({
    type: 'features',
    tensor: ctx.vggFeatures(inputs.image![0]!, params.layer as string, params.pooling as string),
  }),
  native: (inputs, params, ops) => ops.vggFeatures(inputs.image![0]!, params.layer as string, params.pooling as Pooling),
};
