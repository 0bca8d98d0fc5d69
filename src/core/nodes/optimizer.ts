import type { NodeDef } from './types';

export const optimizer: NodeDef = {
  type: 'optimizer',
  title: 'Optimizer',
  category: 'optimize',
  role: 'optimizer',
  doc: 'Minimises its loss by changing the pixels of the generated image the loss depends on (Adam as in the course, or L-BFGS).',
  inputs: [{ name: 'loss', type: 'scalar', doc: 'The total cost J' }],
  outputs: [{ name: 'image', type: 'image', doc: 'The generated image after the last iteration' }],
  params: [
    { kind: 'enum', name: 'method', default: 'adam', options: ['adam', 'lbfgs'], doc: 'adam (the course) or lbfgs (quasi-Newton with a line search: usually fewer iterations; its first step moves the largest pixel by learningRate, beta1/beta2/epsilon do not apply)' },
    { kind: 'number', name: 'learningRate', default: 2, min: 1e-6, max: 1000, doc: 'Step size, in pixel units' },
    { kind: 'number', name: 'beta1', default: 0.9, min: 0, max: 0.999999, doc: 'Adam first-moment decay' },
    { kind: 'number', name: 'beta2', default: 0.999, min: 0, max: 0.999999, doc: 'Adam second-moment decay' },
    { kind: 'number', name: 'epsilon', default: 1e-7, min: 1e-12, max: 1, doc: 'Adam epsilon (fixed, so every backend follows the same path)' },
    { kind: 'number', name: 'historySize', default: 10, min: 1, max: 100, integer: true, doc: 'L-BFGS: how many past steps shape the direction' },
    { kind: 'number', name: 'iterations', default: 200, min: 1, max: 100000, integer: true, note: 'per scale', doc: 'Number of steps (at each scale)' },
    { kind: 'number', name: 'minSize', default: 0, min: 0, max: 4096, integer: true, note: "coarse to fine: the first scale's shorter side, √2 a scale up to the graph's size; 0: one scale", doc: 'Coarse to fine: the shorter side of the first scale, each next scale √2 larger, the last the graph\'s own size (0: one scale). The image is upsampled between scales, targets are recomputed at each size' },
    { kind: 'number', name: 'ema', default: 0, min: 0, max: 0.999999, note: 'a bias-corrected moving average of the image, e.g. 0.99; 0: off', doc: 'Averages the image over the steps of each scale (exponential moving average with this decay, bias-corrected; 0: off). Previews, the next scale and the saved image use the average' },
    { kind: 'number', name: 'previewEvery', default: 20, min: 0, max: 100000, integer: true, doc: 'Show the image every N steps (0: only at the end)' },
  ],
};
