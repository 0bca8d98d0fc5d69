import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import '../../src/core/run/gradients';
import { conv3x3Relu, flipKernel } from '../../src/core/model/conv3x3';
import { gramMatrix } from '../../src/core/model/gram-matrix';
import { VggModel } from '../../src/core/model/vgg-model';
import { VGG19_LAYER_NAMES } from '../../src/core/model/vgg19';
import { randomVggWeights } from '../helpers/weight-files';
import { relativeError, randomTensor } from '../helpers/tensor-compare';

before(() => useBackend('cpu'));

// Shapes: 3 input channels (the image), 3 output channels, odd sizes, 1x1 images, batch 2.
const SHAPES: [number[], number][] = [[[1, 5, 7, 3], 4], [[1, 8, 8, 16], 3], [[2, 6, 5, 4], 8], [[1, 1, 1, 3], 5], [[1, 9, 3, 7], 7]];

test('conv3x3Relu: value and image gradient equal tfjs\'s conv2d + bias + relu and its gradient', () => {
  SHAPES.forEach(([xShape, out], i) => {
    tf.tidy(() => {
      const inC = xShape[3]!;
      const x = randomTensor(xShape, 10 + i, 50) as tf.Tensor4D;
      const w = randomTensor([3, 3, inC, out], 20 + i, Math.sqrt(2 / (9 * inC))) as tf.Tensor4D;
      const b = randomTensor([out], 30 + i, 0.5) as tf.Tensor1D;
      const probe = randomTensor([xShape[0]!, xShape[1]!, xShape[2]!, out], 40 + i);
      const flipped = flipKernel(w); // made once, outside the gradient's scope, as VggModel does
      const stock = (t: tf.Tensor) => tf.sum(tf.mul(tf.relu(tf.add(tf.conv2d(t as tf.Tensor4D, w, 1, 'same'), b)), probe));
      const custom = (t: tf.Tensor) => tf.sum(tf.mul(conv3x3Relu(t as tf.Tensor4D, w, flipped, b), probe));
      const label = `x ${xShape} -> ${out}`;
      assert.ok(relativeError(conv3x3Relu(x, w, flipped, b), tf.relu(tf.add(tf.conv2d(x, w, 1, 'same'), b))) < 1e-6, `${label}: value`);
      const err = relativeError(tf.grad(custom)(x), tf.grad(stock)(x));
      assert.ok(err < 1e-5, `${label}: gradient relative error ${err}`);
    });
  });
});

test('flipKernel: rotated 180 degrees, in and out channels swapped', () => {
  tf.tidy(() => {
    const w = tf.range(0, 3 * 3 * 2 * 4).reshape([3, 3, 2, 4]) as tf.Tensor4D;
    const f = flipKernel(w);
    assert.deepEqual(f.shape, [3, 3, 4, 2]);
    const wa = w.arraySync();
    const fa = f.arraySync();
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let c = 0; c < 2; c++) for (let o = 0; o < 4; o++) assert.equal(fa[i]![j]![o]![c], wa[2 - i]![2 - j]![c]![o]);
  });
});

test('gramMatrix: value and gradient equal matMul(a, a, true, false) and its gradient', () => {
  for (const [p, c, seed] of [[35, 4, 1], [6, 9, 2], [1, 3, 3]] as const) {
    tf.tidy(() => {
      const a = randomTensor([p, c], seed, 3) as tf.Tensor2D;
      const probe = randomTensor([c, c], seed + 100);
      assert.ok(relativeError(gramMatrix(a), tf.matMul(a, a, true, false)) < 1e-6);
      const g1 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gramMatrix(t as tf.Tensor2D), probe)))(a);
      const g2 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.matMul(t as tf.Tensor2D, t as tf.Tensor2D, true, false), probe)))(a);
      assert.ok(relativeError(g1, g2) < 1e-5, `${p}x${c}`);
    });
  }
});

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
