import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VGG19_LAYERS } from '../../src/core/model/vgg19';
import type { ConvWeights } from '../../src/core/model/weights';
import { onnxTempNeed } from '../../src/node/onnx/temp-need';
import { randomVggWeights } from '../helpers/weight-files';

function layer(inChannels: number, outChannels: number): ConvWeights {
  return { inChannels, outChannels, kernel: new Float32Array(9 * inChannels * outChannels), bias: new Float32Array(outChannels) };
}

test('the weights file holds each kernel twice and each bias once, as float32; the need is twice that', () => {
  // 3 -> 4: 108 kernel values, 4 biases; 4 -> 2: 72 kernel values, 2 biases.
  const need = onnxTempNeed([layer(3, 4), layer(4, 2)]);
  const values = 2 * 108 + 4 + 2 * 72 + 2;
  assert.equal(need.weightsFile, values * 4);
  assert.equal(need.bytes, 2 * values * 4);
  assert.equal(need.who, 'the onnx backend');
  assert.equal(need.instead, 'use --backend wasm');
  assert.equal(need.detail, '0.0 MB for its copy of the VGG-19 weights, up to as much again for the optimised models of the passes it runs');
});

test('full VGG-19: about 160 MB of weights file, 320 MB in all', () => {
  const full = randomVggWeights(1, 'full');
  const layers = VGG19_LAYERS.map((l) => full.layers.get(l.name)!);
  // VGG-19's 16 conv layers hold 20,024,384 parameters, of which 5,504 are biases.
  const kernels = 20_024_384 - 5_504;
  const need = onnxTempNeed(layers);
  assert.equal(need.weightsFile, (2 * kernels + 5_504) * 4);
  assert.match(need.detail, /^160 MB for its copy/);
  assert.equal(need.bytes, 2 * need.weightsFile);
});
