import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/node/backend';
import { VggModel } from '../../src/core/model/vgg-model';
import { OnnxVggModel } from '../../src/node/onnx/onnx-vgg-model';
import { vggNetworkFor } from '../../src/node/vgg-network-for';
import { randomVggWeights } from '../helpers/weight-files';

before(() => useBackend('cpu'));

const weights = randomVggWeights(12);

test('onnx gets onnxruntime\'s VGG-19 with native loops; the tfjs backends get tfjs\'s', () => {
  const onnx = vggNetworkFor('onnx', weights);
  const cpu = vggNetworkFor('cpu', weights);
  try {
    assert.ok(onnx instanceof OnnxVggModel);
    assert.ok(onnx.nativeLoops);
    assert.ok(cpu instanceof VggModel);
    assert.equal((cpu as { nativeLoops?: unknown }).nativeLoops, undefined);
    assert.equal(onnx.source, weights.source);
  } finally {
    onnx.dispose();
    cpu.dispose();
  }
});

test('STYLEGRAPH_NATIVE_LOOP=0 turns the native loops off', () => {
  process.env.STYLEGRAPH_NATIVE_LOOP = '0';
  try {
    const onnx = vggNetworkFor('onnx', weights);
    assert.ok(onnx instanceof OnnxVggModel);
    assert.equal(onnx.nativeLoops, undefined);
    onnx.dispose();
  } finally {
    delete process.env.STYLEGRAPH_NATIVE_LOOP;
  }
});
