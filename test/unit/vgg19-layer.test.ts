import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { VggModel } from '../../src/core/model/vgg-model';
import { vgg19Layer } from '../../src/core/nodes/vgg19-layer';
import type { Params, Shape, Value } from '../../src/core/nodes/types';
import { randomVggWeights } from '../helpers/weight-files';
import { evaluateIn, plannedNodeOf, scopeOf } from '../helpers/node-scope';

let model: VggModel;
before(async () => {
  await useBackend('cpu');
  // The narrow random network, but conv1_1 (3 in, 4 out) reads only the centre tap of its first
  // input channel (blue, after the BGR reordering): out 0 = relu(B - 103.939), out 1 = relu(103.939 - B).
  const set = randomVggWeights(2);
  const conv1 = set.layers.get('conv1_1')!;
  conv1.kernel.fill(0);
  conv1.bias.fill(0);
  const centre = (1 * 3 + 1) * conv1.inChannels * conv1.outChannels;
  conv1.kernel[centre + 0] = 1;
  conv1.kernel[centre + 1] = -1;
  model = new VggModel(set);
});
after(() => model.dispose());

/** A 1xHxWx3 image whose pixel i has blue `blue(i)` and red, green 50 and 90. */
const image = (h: number, w: number, blue: (i: number) => number): Value => ({ type: 'image', tensor: tf.tensor4d(Array.from({ length: h * w }, (_, i) => [50, 90, blue(i)]).flat(), [1, h, w, 3]) });
/** The layer nodes `ids` (with their params) on one image, sharing one forward pass as the compiler plans it. */
function layersOn(input: Value, nodes: Record<string, Params>) {
  const passes: Record<string, number> = {};
  const key = (id: string) => `content.image|${String(nodes[id]!.pooling ?? 'avg')}`;
  const ids = Object.keys(nodes);
  const forward = {
    key: new Map(ids.map((id) => [id, key(id)])),
    layers: new Map(ids.map((id) => [key(id), new Set(ids.filter((other) => key(other) === key(id)).map((other) => String(nodes[other]!.layer)))])),
  };
  const scope = scopeOf({ model, forward, passes });
  const values = Object.fromEntries(ids.map((id) => [id, evaluateIn(plannedNodeOf(vgg19Layer, id, nodes[id]), { image: [input] }, scope)]));
  return { values, passes };
}

test('vgg19.layer: the post-ReLU activation of its layer for the preprocessed image, by hand', () => {
  const blues = [0, 100, 104, 255];
  const { values } = layersOn(image(2, 2, (i) => blues[i]!), { c11: { layer: 'conv1_1', pooling: 'avg' } });
  const features = values.c11!;
  assert.equal(features.type, 'features');
  assert.deepEqual(features.tensor.shape, [1, 2, 2, 4]);
  const data = Array.from(features.tensor.dataSync());
  const channel = (c: number) => data.filter((_, i) => i % 4 === c);
  const near = (actual: number[], expected: number[]) => actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-3, `${actual.join(' ')} vs ${expected.join(' ')}`));
  near(channel(0), blues.map((b) => Math.max(0, b - 103.939)));
  near(channel(1), blues.map((b) => Math.max(0, 103.939 - b)));
  near([...channel(2), ...channel(3)], new Array(8).fill(0));
});

test('vgg19.layer: layer nodes on one image share one forward pass; their sizes follow the poolings', () => {
  const { values, passes } = layersOn(image(9, 13, (i) => (i * 37) % 256), {
    a: { layer: 'conv1_2', pooling: 'avg' },
    b: { layer: 'conv2_1', pooling: 'avg' },
    c: { layer: 'conv3_1', pooling: 'avg' },
  });
  assert.deepEqual(passes, { 'content.image|avg': 1 });
  assert.deepEqual([values.a!.tensor.shape, values.b!.tensor.shape, values.c!.tensor.shape], [[1, 9, 13, 4], [1, 4, 6, 8], [1, 2, 3, 8]]);
});

test('vgg19.layer: its pooling reaches the network: avg and max differ after the first block', () => {
  const input = image(8, 8, (i) => (i * 53) % 256);
  const { values, passes } = layersOn(input, { avg: { layer: 'conv2_1', pooling: 'avg' }, max: { layer: 'conv2_1', pooling: 'max' } });
  assert.deepEqual(passes, { 'content.image|avg': 1, 'content.image|max': 1 });
  assert.ok(tf.max(tf.abs(tf.sub(values.avg!.tensor, values.max!.tensor))).dataSync()[0]! > 1e-3);
});

test('vgg19.layer: without the weights the node says it needs them', () => {
  const p = plannedNodeOf(vgg19Layer, 'content_conv4_2');
  assert.throws(() => evaluateIn(p, { image: [image(2, 2, () => 0)] }, scopeOf()), { message: 'node "content_conv4_2": this graph needs the VGG-19 weights' });
});

test('vgg19.layer: its shape is the image halved once per block before the layer, at the layer\'s full width', () => {
  const problems: string[] = [];
  const shape = (s: Shape, layer: string) => vgg19Layer.inferShape!({ image: [s] }, { layer, pooling: 'avg' }, { problem: (_code, message) => void problems.push(message) });
  assert.deepEqual(shape({ type: 'image', height: 300, width: 400 }, 'conv1_1'), { type: 'features', height: 300, width: 400, channels: 64 });
  assert.deepEqual(shape({ type: 'image', height: 300, width: 400 }, 'conv4_2'), { type: 'features', height: 37, width: 50, channels: 512 });
  assert.deepEqual(shape({ type: 'image', height: 9, width: 13 }, 'conv3_1'), { type: 'features', height: 2, width: 3, channels: 256 });
  assert.deepEqual(shape({ type: 'image' }, 'conv5_1'), { type: 'features', height: undefined, width: undefined, channels: 512 });
  assert.deepEqual(problems, []);
  assert.equal(shape({ type: 'image', height: 15, width: 400 }, 'conv5_1'), undefined);
  assert.deepEqual(shape({ type: 'image', height: 16, width: 16 }, 'conv5_1'), { type: 'features', height: 1, width: 1, channels: 512 });
  assert.deepEqual(problems, ['layer conv5_1 needs an image of at least 16x16 pixels; its image is 15x400']);
});
