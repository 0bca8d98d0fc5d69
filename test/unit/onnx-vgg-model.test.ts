import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { useBackend } from '../../src/node/backend';
import '../../src/core/run/gradients';
import { VggModel } from '../../src/core/model/vgg-model';
import type { Pooling, VggNetwork } from '../../src/core/model/vgg-network';
import { OnnxVggModel } from '../../src/node/onnx/onnx-vgg-model';
import { mulberry32, randomVggWeights } from '../helpers/weight-files';
import { KERAS_PREPROCESSING, MATCONVNET_PREPROCESSING } from '../../src/core/model/weights';
import { relativeError } from '../helpers/tensor-compare';
import { tempFolder } from '../helpers/temp-folder';

before(() => useBackend('cpu'));

function randomImage(h: number, w: number, seed: number): tf.Tensor4D {
  const r = mulberry32(seed);
  return tf.tensor4d(Float32Array.from({ length: h * w * 3 }, () => r() * 255), [1, h, w, 3]);
}

/** A loss over the layers' activations with a fixed random probe per layer; its value and image gradient. */
function lossAndGradient(model: VggNetwork, image: tf.Tensor4D, layers: readonly string[], pooling: Pooling): { features: Map<string, tf.Tensor4D>; grad: tf.Tensor4D } {
  let features = new Map<string, tf.Tensor4D>();
  const grad = tf.grad((x: tf.Tensor) => {
    const activations = model.forward(x as tf.Tensor4D, new Set(layers), pooling);
    features = new Map([...activations].map(([name, f]) => [name, tf.keep(f.clone())]));
    return tf.addN(layers.map((name, k) => {
      const f = activations.get(name)!;
      const r = mulberry32(100 + k);
      const probe = tf.tensor(Float32Array.from({ length: f.size }, () => r() - 0.5), f.shape);
      return tf.sum(tf.mul(tf.square(f), probe));
    }));
  })(image) as tf.Tensor4D;
  return { features, grad };
}

// Odd sizes exercise the pooling gradient's dropped rows and columns; both poolings; layers from
// every block, several at once (one backward pass sums their gradients).
const CASES: { size: [number, number]; layers: string[]; pooling: Pooling; bgr: boolean }[] = [
  { size: [37, 45], layers: ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_2', 'conv5_1'], pooling: 'avg', bgr: true },
  { size: [35, 33], layers: ['conv1_2', 'conv3_3', 'conv4_1'], pooling: 'max', bgr: false },
  { size: [32, 32], layers: ['conv5_4'], pooling: 'max', bgr: true },
];

for (const { size, layers, pooling, bgr } of CASES) {
  test(`OnnxVggModel: ${layers.join(',')} at ${size.join('x')}, ${pooling} pooling: activations and image gradient equal the tfjs VggModel's`, () => {
    const weights = { ...randomVggWeights(7), preprocessing: bgr ? KERAS_PREPROCESSING : MATCONVNET_PREPROCESSING };
    const reference = new VggModel(weights);
    const onnx = new OnnxVggModel(weights, 1);
    try {
      tf.tidy(() => {
        const image = randomImage(size[0], size[1], 3);
        const want = lossAndGradient(reference, image, layers, pooling);
        const got = lossAndGradient(onnx, image, layers, pooling);
        for (const name of layers) {
          assert.deepEqual(got.features.get(name)!.shape, want.features.get(name)!.shape, name);
          const err = relativeError(got.features.get(name)!, want.features.get(name)!);
          assert.ok(err < 1e-5, `${name}: activation relative error ${err}`);
        }
        const err = relativeError(got.grad, want.grad);
        assert.ok(err < 1e-4, `image gradient relative error ${err}`);
        // A pass without a gradient (a constant target) gives the same activations.
        const constant = onnx.forward(image, new Set(layers), pooling);
        for (const name of layers) assert.ok(relativeError(constant.get(name)!, want.features.get(name)!) < 1e-5, `${name}: constant pass`);
      });
    } finally {
      reference.dispose();
      onnx.dispose();
    }
  });
}

test('OnnxVggModel: two passes recorded before either gradient, and repeated steps, give the tfjs VggModel\'s gradients (the kept buffers are not shared)', () => {
  const weights = randomVggWeights(11);
  const reference = new VggModel(weights);
  const onnx = new OnnxVggModel(weights, 1);
  const layers = new Set(['conv1_1', 'conv3_1']);
  const twoPasses = (model: VggNetwork) => tf.grad((x: tf.Tensor) => {
    const image = x as tf.Tensor4D;
    const a = model.forward(image, layers, 'max');
    const b = model.forward(tf.reverse(image, 2), layers, 'max');
    return tf.addN([...layers].flatMap((name, k) => [tf.sum(tf.mul(a.get(name)!, k + 1)), tf.sum(tf.square(b.get(name)!))]));
  });
  try {
    tf.tidy(() => {
      const image = randomImage(33, 30, 5);
      const want = twoPasses(reference)(image);
      for (let step = 0; step < 3; step++) {
        const err = relativeError(twoPasses(onnx)(image), want);
        assert.ok(err < 1e-4, `step ${step}: image gradient relative error ${err}`);
      }
      const other = randomImage(20, 24, 6);
      assert.ok(relativeError(twoPasses(onnx)(other), twoPasses(reference)(other)) < 1e-4, 'another size after');
    });
  } finally {
    reference.dispose();
    onnx.dispose();
  }
});

test('OnnxVggModel keeps its weights in one file in a temporary folder while it lives (no model files left beside it) and dispose removes the folder', () => {
  const saved = process.env.TMPDIR;
  const temp = tempFolder('stylegraph-test-');
  process.env.TMPDIR = temp;
  try {
    const onnx = new OnnxVggModel(randomVggWeights(4), 1);
    const [folder] = readdirSync(temp);
    assert.ok(folder, 'a session folder');
    tf.tidy(() => {
      const image = randomImage(16, 16, 1);
      onnx.forward(image, new Set(['conv2_1']), 'avg');
      tf.grad((x: tf.Tensor) => tf.sum(onnx.forward(x as tf.Tensor4D, new Set(['conv1_2']), 'max').get('conv1_2')!))(image);
    });
    assert.deepEqual(readdirSync(join(temp, folder)), ['weights.bin']);
    onnx.dispose();
    assert.deepEqual(readdirSync(temp), []);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(temp, { recursive: true, force: true });
  }
});
