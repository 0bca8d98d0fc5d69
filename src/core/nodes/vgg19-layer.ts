import type { NodeDef } from './types';
import { VGG19_LAYER_NAMES } from '../model/vgg19';

export const vgg19Layer: NodeDef = {
  type: 'vgg19.layer',
  title: 'VGG-19 layer',
  category: 'model',
  doc: 'Post-ReLU activation of one VGG-19 conv layer for the input image. All layer nodes on one image share one forward pass.',
  inputs: [{ name: 'image', type: 'image', doc: 'RGB, 0-255' }],
  outputs: [{ name: 'features', type: 'features', doc: '1 x h x w x channels' }],
  params: [
    { kind: 'enum', name: 'layer', default: 'conv4_2', options: VGG19_LAYER_NAMES, doc: 'Which conv layer (after its ReLU)' },
    { kind: 'enum', name: 'pooling', default: 'avg', options: ['avg', 'max'], doc: 'Pooling between blocks: the course uses average pooling' },
  ],
  evaluate: (inputs, params, ctx) => ({
    type: 'features',
    tensor: ctx.vggFeatures(inputs.image![0]!, params.layer as string, params.pooling as string),
  }),
};
