import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { onnx } from 'onnx-proto';
import { Tensor, type OnnxValue } from 'onnxruntime-common';
import { useBackend } from '../../src/node/backend';
import '../../src/core/run/gradients';
import { VGG19_LAYERS } from '../../src/core/model/vgg19';
import type { Pooling } from '../../src/core/model/vgg-network';
import { createOneOffSession } from '../../src/node/onnx/onnx-runtime';
import { writeWeightsFile, type StoredLayer } from '../../src/node/onnx/weights-file';
import { backwardGraph, features, featuresGrad, forwardGraph, IMAGE, IMAGE_GRAD, lastLayer, poolIndices, reluMask, type PassShape } from '../../src/node/onnx/vgg-onnx-graphs';
import { mulberry32, randomVggWeights } from '../helpers/weight-files';
import { randomTensor, relativeError } from '../helpers/tensor-compare';
import { tempFolder } from '../helpers/temp-folder';

before(() => useBackend('cpu'));

const weights = randomVggWeights(21);
const convs = VGG19_LAYERS.map((l) => weights.layers.get(l.name)!);
const folder = tempFolder('stylegraph-vgg-onnx-');
const stored: StoredLayer[] = writeWeightsFile(folder, convs);

/** Runs a model (written beside the weights file) once. */
function run(name: string, model: Uint8Array, feeds: Record<string, OnnxValue>, outputs: readonly string[]): Record<string, OnnxValue> {
  const path = join(folder, `${name}.onnx`);
  writeFileSync(path, model);
  const session = createOneOffSession(path, 1);
  try {
    return session.run(feeds, Object.fromEntries(outputs.map((o) => [o, null])), {});
  } finally {
    session.dispose();
  }
}

/** VGG-19's first layers in tfjs ops (an independent reference): the wanted layers' activations, NHWC. */
function reference(x: tf.Tensor4D, shape: PassShape): tf.Tensor4D[] {
  const out: tf.Tensor4D[] = [];
  for (const layer of VGG19_LAYERS.slice(0, lastLayer(shape) + 1)) {
    const w = convs[layer.index]!;
    const kernel = tf.tensor4d(w.kernel, [3, 3, w.inChannels, w.outChannels]);
    x = tf.relu(tf.add(tf.conv2d(x, kernel, 1, 'same'), tf.tensor1d(w.bias))) as tf.Tensor4D;
    if (shape.wanted.includes(layer.index)) out.push(x);
    if (layer.endsBlock && layer.index !== lastLayer(shape)) x = shape.pooling === 'avg' ? tf.avgPool(x, 2, 2, 'valid') : tf.maxPool(x, 2, 2, 'valid');
  }
  return out;
}

const tensorOf = (t: tf.Tensor) => new Tensor('float32', t.dataSync() as Float32Array, t.shape);
const tfOf = (v: OnnxValue) => tf.tensor((v as Tensor).data as Float32Array, (v as Tensor).dims as number[]);

test('a pass goes as deep as the deepest layer wanted', () => {
  assert.equal(lastLayer({ wanted: [3, 0, 7], pooling: 'avg' }), 7);
});

test('a recorded forward pass also outputs every ReLU\'s mask (bool) and, for max pooling, each pooling\'s indices (int64) before its last layer', () => {
  const outputs = (shape: PassShape, record: boolean) => {
    const model = onnx.ModelProto.decode(forwardGraph(stored, shape, record));
    return model.graph!.output!.map((o) => `${o.name}:${onnx.TensorProto.DataType[o.type!.tensorType!.elemType!]}`);
  };
  const shape: PassShape = { wanted: [0, 4], pooling: 'max' };
  assert.deepEqual(outputs(shape, false), ['features_0:FLOAT', 'features_4:FLOAT']);
  assert.deepEqual(outputs(shape, true), [
    'features_0:FLOAT', 'features_4:FLOAT',
    ...[0, 1, 2, 3, 4].map((i) => `${reluMask(i)}:BOOL`),
    `${poolIndices(1)}:INT64`, `${poolIndices(3)}:INT64`,
  ]);
  assert.deepEqual(outputs({ ...shape, pooling: 'avg' }, true).filter((o) => o.startsWith('pool_indices')), []);
});

for (const pooling of ['max', 'avg'] as const satisfies readonly Pooling[]) {
  test(`${pooling} pooling at an odd size: the wanted activations, and the backward pass's image gradient, equal tfjs's`, () => {
    const shape: PassShape = { wanted: [1, 2, 4], pooling };
    const [h, w] = [13, 11];
    tf.tidy(() => {
      const image = randomTensor([1, h, w, 3], 5, 100) as tf.Tensor4D;
      const forward = run(`forward-${pooling}`, forwardGraph(stored, shape, true), { [IMAGE]: tensorOf(image) }, [
        ...shape.wanted.map(features), ...[0, 1, 2, 3, 4].map(reluMask), ...(pooling === 'max' ? [poolIndices(1), poolIndices(3)] : []),
      ]);
      const want = reference(image, shape);
      shape.wanted.forEach((i, k) => {
        const err = relativeError(tfOf(forward[features(i)]!), want[k]!);
        assert.ok(err < 1e-5, `layer ${i}: relative error ${err}`);
      });

      // The gradient of sum_k <probe_k, activation_k>.
      const probes = want.map((f, k) => randomTensor(f.shape, 30 + k));
      const grad = tf.grad((x) => tf.addN(reference(x as tf.Tensor4D, shape).map((f, k) => tf.sum(tf.mul(f, probes[k]!)))))(image);
      const kept = Object.fromEntries(Object.entries(forward).filter(([name]) => !name.startsWith('features_')));
      const backward = run(`backward-${pooling}`, backwardGraph(stored, shape), {
        ...kept,
        ...Object.fromEntries(shape.wanted.map((i, k) => [featuresGrad(i), tensorOf(probes[k]!)])),
      }, [IMAGE_GRAD]);
      const got = tfOf(backward[IMAGE_GRAD]!);
      assert.deepEqual(got.shape, [1, h, w, 3]);
      const err = relativeError(got, grad);
      assert.ok(err < 1e-4, `image gradient relative error ${err}`);
    });
  });
}

test('the backward pass of one layer is the adjoint of its convolution on the ReLU\'s open units', () => {
  // <conv(d), mask * u> = <backward(u), d> for any d: a check with no reference implementation.
  const shape: PassShape = { wanted: [0], pooling: 'max' };
  const [h, w] = [5, 6];
  const r = mulberry32(9);
  const image = Float32Array.from({ length: h * w * 3 }, () => r() - 0.5);
  const forward = run('one-forward', forwardGraph(stored, shape, true), { [IMAGE]: new Tensor('float32', image, [1, h, w, 3]) }, [features(0), reluMask(0)]);
  const c = convs[0]!.outChannels;
  const u = Float32Array.from({ length: h * w * c }, () => r() - 0.5);
  const backward = run('one-backward', backwardGraph(stored, shape), { [reluMask(0)]: forward[reluMask(0)]!, [featuresGrad(0)]: new Tensor('float32', u, [1, h, w, c]) }, [IMAGE_GRAD]);
  const g = (backward[IMAGE_GRAD] as Tensor).data as Float32Array;
  const mask = (forward[reluMask(0)] as Tensor).data as Uint8Array; // NCHW
  const d = Float32Array.from({ length: h * w * 3 }, () => r() - 0.5);
  const k = convs[0]!;
  let lhs = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let o = 0; o < c; o++) {
        let sum = 0;
        for (let kh = 0; kh < 3; kh++) {
          for (let kw = 0; kw < 3; kw++) {
            const [yy, xx] = [y + kh - 1, x + kw - 1];
            if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
            for (let i = 0; i < 3; i++) sum += d[(yy * w + xx) * 3 + i]! * k.kernel[((kh * 3 + kw) * 3 + i) * c + o]!;
          }
        }
        if (mask[(o * h + y) * w + x]) lhs += sum * u[(y * w + x) * c + o]!;
      }
    }
  }
  const rhs = g.reduce((s, v, i) => s + v * d[i]!, 0);
  assert.ok(mask.some((m) => m === 0) && mask.some((m) => m === 1), 'some units open, some closed');
  assert.ok(Math.abs(lhs - rhs) < 1e-4 * Math.max(1, Math.abs(lhs)), `${lhs} vs ${rhs}`);
});
