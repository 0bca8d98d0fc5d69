import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import '../../src/core/run/gradients';
import { gramMatrix } from '../../src/core/model/gram-matrix';
import { VggModel } from '../../src/core/model/vgg-model';
import { VGG19_LAYER_NAMES } from '../../src/core/model/vgg19';
import { randomVggWeights } from '../helpers/weight-files';
import { relativeError, randomTensor } from '../helpers/tensor-compare';

before(() => useBackend('cpu'));

test('VGG forward and image gradient: the custom op equals the stock tf.fused.conv2d path (narrow weights)', () => {
  const set = randomVggWeights(5, 'narrow');
  const fast = new VggModel(set);
  const stock = new VggModel(set, { convolution: 'stock' });
  try {
    assert.equal(fast.convolution, 'conv3x3');
    for (const pooling of ['avg', 'max'] as const) {
      tf.tidy(() => {
        const image = tf.add(tf.mul(randomTensor([1, 21, 30, 3], 7), 100), 128) as tf.Tensor4D;
        const layers = new Set(VGG19_LAYER_NAMES.filter((n) => n.endsWith('_1') || n === 'conv4_2'));
        const loss = (model: VggModel) => (x: tf.Tensor) => {
          const out = model.forward(x as tf.Tensor4D, layers, pooling);
          return tf.addN([...out.values()].map((f) => tf.mean(tf.square(f))));
        };
        for (const [name, a] of fast.forward(image, layers, pooling)) {
          assert.ok(relativeError(a, stock.forward(image, layers, pooling).get(name)!) < 1e-5, `${pooling} ${name}`);
        }
        const err = relativeError(tf.grad(loss(fast))(image), tf.grad(loss(stock))(image));
        assert.ok(err < 1e-4, `${pooling}: gradient relative error ${err}`);
      });
    }
  } finally {
    fast.dispose();
    stock.dispose();
  }
});

test('tensor count stays flat over many gradient steps with the custom ops', () => {
  const model = new VggModel(randomVggWeights(6, 'narrow'));
  const image = tf.variable(tf.fill([1, 16, 20, 3], 100) as tf.Tensor4D);
  const optimizer = tf.train.adam(2, 0.9, 0.999, 1e-7);
  const layers = new Set(['conv1_1', 'conv3_1', 'conv5_1']);
  const counts: number[] = [];
  try {
    for (let i = 0; i < 25; i++) {
      const cost = optimizer.minimize(() => tf.addN([...model.forward(image, layers, 'avg').values()].map((f) => tf.sum(gramMatrix(tf.reshape(f, [-1, f.shape[3]]) as tf.Tensor2D)))) as tf.Scalar, true, [image]);
      cost!.dispose();
      counts.push(tf.memory().numTensors);
    }
    assert.equal(new Set(counts.slice(2)).size, 1, `tensor counts ${counts.join(' ')}`);
  } finally {
    optimizer.dispose();
    image.dispose();
    model.dispose();
  }
});

test('forward: the layers asked for only, each at its block\'s size (halved by each pooling) and its weights\' width', () => {
  const set = randomVggWeights(8, 'narrow');
  const model = new VggModel(set);
  try {
    tf.tidy(() => {
      const image = tf.add(tf.mul(randomTensor([1, 21, 30, 3], 9), 100), 128) as tf.Tensor4D;
      const layers = new Set(['conv1_1', 'conv2_1', 'conv3_2', 'conv4_1', 'conv5_1']);
      const sizes = [[21, 30], [10, 15], [5, 7], [2, 3], [1, 1]];
      const avg = model.forward(image, layers, 'avg');
      const max = model.forward(image, layers, 'max');
      assert.deepEqual([...avg.keys()], [...layers]);
      [...layers].forEach((name, block) => {
        const width = set.layers.get(name)!.outChannels;
        assert.deepEqual(avg.get(name)!.shape, [1, ...sizes[block]!, width], name);
        assert.ok(tf.min(avg.get(name)!).dataSync()[0]! >= 0, `${name} is after its relu`);
      });
      assert.ok(relativeError(avg.get('conv1_1')!, max.get('conv1_1')!) === 0, 'no pooling before conv1_1');
      assert.ok(relativeError(avg.get('conv2_1')!, max.get('conv2_1')!) > 1e-3, 'the pooling before conv2_1 differs');
    });
  } finally {
    model.dispose();
  }
});
