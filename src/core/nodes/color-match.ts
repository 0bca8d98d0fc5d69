import type * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';
import { matchColours, type ColourMatchMode } from '../image/colour-transfer';

export const colorMatch: NodeDef = {
  type: 'color.match',
  title: 'Match colours',
  category: 'image',
  doc: 'Moves the image\'s colour mean and covariance to the reference\'s by an affine map of its pixels (Gatys et al. 2017), e.g. to recolour the style image to the content\'s palette before its Grams. pca: A = Σr^½ Σx^-½; cholesky: A = Lr Lx⁻¹; sym: the symmetric A, Σx^-½ (Σx^½ Σr Σx^½)^½ Σx^-½.',
  formula: "x -> A (x - μx) + μr with A Σx Aᵀ = Σr (the reference's colour mean and covariance; differentiable)",
  inputs: [
    { name: 'image', type: 'image', doc: 'The image to recolour' },
    { name: 'reference', type: 'image', doc: 'Whose colour statistics it takes (any size)' },
  ],
  outputs: [{ name: 'image', type: 'image', doc: 'The recoloured image, not clipped' }],
  params: [
    { kind: 'enum', name: 'mode', default: 'pca', options: ['pca', 'cholesky', 'sym'], doc: 'Which square root of the covariances maps one onto the other' },
  ],
  inferShape: (inputs) => inputs.image![0],
  evaluate: (inputs, params) => ({
    type: 'image',
    tensor: matchColours(inputs.image![0]!.tensor as tf.Tensor4D, inputs.reference![0]!.tensor as tf.Tensor4D, params.mode as ColourMatchMode),
  }),
};
