import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { wasmThreads } from '../../src/node/wasm-threads';
import '../../src/core/run/gradients';
import { VggModel } from '../../src/core/model/vgg-model';
import { randomVggWeights } from '../helpers/weight-files';

// The threaded SIMD wasm build under worker_threads (src/node/wasm-threads.ts); this process ends
// on its own afterwards only if the pool's workers were unref'd.
before(() => useBackend('wasm', { threads: 2 }));

test('threaded wasm: two XNNPACK threads, and VGG forward + image gradient match the stock path', async () => {
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(await wasmThreads(), 2);
  const set = randomVggWeights(3, 'narrow');
  const fast = new VggModel(set);
  const stock = new VggModel(set, { convolution: 'stock' });
  try {
    tf.tidy(() => {
      const image = tf.add(tf.mul(tf.randomUniform([1, 24, 17, 3], -1, 1, 'float32', 4), 100), 128) as tf.Tensor4D;
      const layers = new Set(['conv1_1', 'conv2_1', 'conv4_2']);
      const loss = (m: VggModel) => (x: tf.Tensor) => tf.addN([...m.forward(x as tf.Tensor4D, layers, 'avg').values()].map((f) => tf.mean(tf.square(f))));
      const a = tf.grad(loss(fast))(image);
      const b = tf.grad(loss(stock))(image);
      const err = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! / tf.max(tf.abs(b)).dataSync()[0]!;
      assert.ok(err < 1e-4, `relative error ${err}`);
    });
  } finally {
    fast.dispose();
    stock.dispose();
  }
});
