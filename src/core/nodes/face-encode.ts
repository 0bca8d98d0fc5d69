import type * as tf from '@tensorflow/tfjs-core';
import { faceModelsOf } from './face-context';
import type { NodeDef } from './types';

export const faceEncode: NodeDef = {
  type: 'face.encode',
  title: 'Face encoding',
  category: 'face',
  doc: "f(img): the 128-d descriptor of a face (face-api's ResNet face recognition network, dlib's). Pads the image to a square and resizes it to 150x150: give it a face crop (face.detect). Differentiable.",
  formula: "f(img): face-api's ResNet descriptor (dlib's), differentiable",
  inputs: [{ name: 'image', type: 'image', doc: 'A face, best a face.detect crop' }],
  outputs: [{ name: 'encoding', type: 'encoding', doc: '1x128 descriptor' }],
  params: [],
  inferShape: () => ({ type: 'encoding' }),
  evaluate: (inputs, _params, ctx) => ({ type: 'encoding', tensor: faceModelsOf(ctx).recognizer.encode(inputs.image![0]!.tensor as tf.Tensor4D) }),
};
