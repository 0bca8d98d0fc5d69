import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loopPlacement } from '../../src/core/run/loop-placement';

test('a native loop runs the whole iteration on onnxruntime', () => {
  assert.equal(loopPlacement('onnx', { nativeLoop: true, tfjsNodes: [] }), 'the whole iteration on onnxruntime');
});

test('onnx without a native loop: VGG-19 on onnxruntime, the rest on tfjs, naming the nodes without a native form', () => {
  assert.equal(loopPlacement('onnx', { nativeLoop: false, tfjsNodes: ['s1', 's2'] }), 'VGG-19 on onnxruntime, the other nodes on tfjs wasm; no native form: s1, s2');
  assert.equal(loopPlacement('onnx', { nativeLoop: false, tfjsNodes: [] }), 'VGG-19 on onnxruntime, the other nodes on tfjs wasm', 'L-BFGS, or the native loop turned off');
});

test('another backend computes every node on tfjs, whatever lacks a native form', () => {
  assert.equal(loopPlacement('wasm', { nativeLoop: false, tfjsNodes: ['s1'] }), 'every node on tfjs wasm');
  assert.equal(loopPlacement('webgpu', { nativeLoop: false, tfjsNodes: [] }), 'every node on tfjs webgpu');
});
