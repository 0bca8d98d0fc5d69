import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { reluGrad } from '../../src/core/model/vgg-backward';
import { VggModel } from '../../src/core/model/vgg-model';
import { randomVggWeights } from '../helpers/weight-files';
import { randomTensor } from '../helpers/tensor-compare';
import { assertGradientMatches } from '../helpers/gradient-check';

before(() => useBackend('cpu'));

test('reluGrad passes dy where the relu output is positive, 0 where it is 0', () => {
  tf.tidy(() => {
    const dy = tf.tensor4d([1, -2, 3, 4], [1, 2, 2, 1]);
    const y = tf.tensor4d([0.5, 0, 2, 0], [1, 2, 2, 1]);
    assert.deepEqual(Array.from(reluGrad(dy, y).dataSync(), (v) => v + 0), [1, 0, 3, 0]);
  });
});

test('the image gradient of a VGG pass (two layers read, one past a pooling) matches central differences, avg and max pooling', () => {
  const model = new VggModel(randomVggWeights(11, 'narrow'));
  try {
    const layers = new Set(['conv1_2', 'conv2_1']);
    const image = tf.add(tf.mul(randomTensor([1, 4, 6, 3], 12), 60), 128);
    for (const pooling of ['avg', 'max'] as const) {
      const probes = new Map([['conv1_2', randomTensor([1, 4, 6, model.widths[1]!], 13)], ['conv2_1', randomTensor([1, 2, 3, model.widths[2]!], 14)]]);
      const f = (x: tf.Tensor) => tf.addN([...model.forward(x as tf.Tensor4D, layers, pooling)].map(([name, a]) => tf.sum(tf.mul(a, probes.get(name)!)))) as tf.Scalar;
      assertGradientMatches(f, image, { step: 1e-2, tolerance: 2e-2 });
      tf.dispose([...probes.values()]);
    }
    image.dispose();
  } finally {
    model.dispose();
  }
});
