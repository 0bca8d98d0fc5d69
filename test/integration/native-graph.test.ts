import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Tensor } from 'onnxruntime-common';
import { useBackend } from '../../src/node/backend';
import '../../src/core/run/gradients';
import { VGG19_LAYERS } from '../../src/core/model/vgg19';
import { VggModel } from '../../src/core/model/vgg-model';
import { KERAS_PREPROCESSING, MATCONVNET_PREPROCESSING, type Preprocessing } from '../../src/core/model/weights';
import type { NativeOps, NativeValue } from '../../src/core/native/native-ops';
import { NativeGraph, PIXELS } from '../../src/node/onnx/native-graph';
import { createOneOffSession } from '../../src/node/onnx/onnx-runtime';
import { writeWeightsFile } from '../../src/node/onnx/weights-file';
import { randomVggWeights } from '../helpers/weight-files';
import { randomTensor, relativeError } from '../helpers/tensor-compare';
import { tempFolder } from '../helpers/temp-folder';

before(() => useBackend('cpu'));

const set = randomVggWeights(31);
const folder = tempFolder('stylegraph-native-graph-');
const stored = writeWeightsFile(folder, VGG19_LAYERS.map((l) => set.layers.get(l.name)!));
const SIZE = [10, 12] as const;

/** J and its gradient in the pixels, as the graph computes them. */
function graphLossAndGradient(preprocessing: Preprocessing, define: (ops: NativeOps) => NativeValue, pixels: tf.Tensor): { loss: number; grad: tf.Tensor } {
  const graph = new NativeGraph(stored, preprocessing, SIZE);
  const loss = define(graph);
  const grad = graph.gradient(loss);
  graph.g.output(graph.nameOf(loss));
  graph.g.output(grad);
  const path = join(folder, 'objective.onnx');
  writeFileSync(path, graph.g.encode());
  const session = createOneOffSession(path, 1);
  try {
    const out = session.run({ ...graph.feeds, [PIXELS]: new Tensor('float32', pixels.dataSync() as Float32Array, pixels.shape) }, { [graph.nameOf(loss)]: null, [grad]: null }, {});
    const g = out[grad] as Tensor;
    return { loss: (out[graph.nameOf(loss)] as Tensor).data[0] as number, grad: tf.tensor(g.data as Float32Array, g.dims as number[]) };
  } finally {
    session.dispose();
  }
}

const gramOf = (f: tf.Tensor, divisor: number) => {
  const [, h, w, c] = f.shape as number[];
  const a = tf.reshape(f, [h! * w!, c!]);
  return tf.div(tf.matMul(a, a, true, false), divisor);
};
const tvOf = (x: tf.Tensor, p: 1 | 2) => {
  const [, h, w] = x.shape as number[];
  const dh = tf.sub(tf.slice(x, [0, 1, 0, 0], [-1, h! - 1, -1, -1]), tf.slice(x, [0, 0, 0, 0], [-1, h! - 1, -1, -1]));
  const dw = tf.sub(tf.slice(x, [0, 0, 1, 0], [-1, -1, w! - 1, -1]), tf.slice(x, [0, 0, 0, 0], [-1, -1, w! - 1, -1]));
  const power = (d: tf.Tensor) => (p === 2 ? tf.square(d) : tf.abs(d));
  return tf.add(tf.sum(power(dh)), tf.sum(power(dw)));
};

for (const preprocessing of [KERAS_PREPROCESSING, MATCONVNET_PREPROCESSING]) {
  test(`J and its pixel gradient equal tfjs's: Grams, feature distances, total variation, weights and sums (${preprocessing.channelOrder})`, () => {
    const reference = new VggModel({ ...set, preprocessing });
    try {
      tf.tidy(() => {
        const image = tf.add(randomTensor([1, ...SIZE, 3], 2, 100), 128);
        const styleImage = tf.add(randomTensor([1, ...SIZE, 3], 3, 100), 128);
        // Targets as the executor computes them: from another image, in tfjs's layouts (NHWC features, c x c Grams).
        const targetFeatures = reference.forward(styleImage as tf.Tensor4D, new Set(['conv2_1']), 'max').get('conv2_1')!;
        const targetGram = gramOf(reference.forward(styleImage as tf.Tensor4D, new Set(['conv1_2']), 'avg').get('conv1_2')!, 50);
        const define = (ops: NativeOps) => {
          const x = ops.generatedImage();
          const style = ops.squaredDistance(ops.gram(ops.vggFeatures(x, 'conv1_2', 'avg'), 50), ops.constant(targetGram, 120));
          const content = ops.squaredDistance(ops.vggFeatures(x, 'conv2_1', 'max'), ops.constant(targetFeatures));
          return ops.add([ops.scale(style, 2), ops.scale(content, 0.5), ops.scale(ops.totalVariation(x, 2), 0.1), ops.totalVariation(x, 1), ops.scale(ops.totalVariation(ops.vggFeatures(x, 'conv1_1', 'avg'), 2), 0.01)]);
        };
        const j = (x: tf.Tensor) => {
          const f = (layer: string, pooling: 'avg' | 'max') => reference.forward(x as tf.Tensor4D, new Set([layer]), pooling).get(layer)!;
          const style = tf.sum(tf.square(tf.sub(gramOf(f('conv1_2', 'avg'), 50), targetGram)));
          const content = tf.sum(tf.square(tf.sub(f('conv2_1', 'max'), targetFeatures)));
          return tf.addN([tf.mul(style, 2), tf.mul(content, 0.5), tf.mul(tvOf(x, 2), 0.1), tvOf(x, 1), tf.mul(tvOf(f('conv1_1', 'avg'), 2), 0.01)]) as tf.Scalar;
        };
        const { value, grad } = tf.valueAndGrad(j)(image);
        const got = graphLossAndGradient(preprocessing, define, image);
        const want = value.dataSync()[0]!;
        assert.ok(Math.abs(got.loss - want) <= 1e-4 * Math.abs(want), `J: ${got.loss} vs ${want}`);
        assert.deepEqual(got.grad.shape, [1, ...SIZE, 3]);
        const err = relativeError(got.grad, grad);
        assert.ok(err < 1e-3, `gradient relative error ${err}`);
      });
    } finally {
      reference.dispose();
    }
  });
}

test('a J of targets alone has a zero gradient in the pixels', () => {
  tf.tidy(() => {
    const a = randomTensor([3, 3], 4);
    const b = randomTensor([3, 3], 5);
    const { loss, grad } = graphLossAndGradient(KERAS_PREPROCESSING, (ops) => ops.squaredDistance(ops.constant(a), ops.constant(b)), tf.ones([1, ...SIZE, 3]));
    assert.ok(Math.abs(loss - tf.sum(tf.square(tf.sub(a, b))).dataSync()[0]!) < 1e-5);
    assert.deepEqual([...grad.dataSync()].filter((v) => v !== 0), []);
  });
});
