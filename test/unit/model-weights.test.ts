import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VGG19_LAYERS } from '../../src/core/model/vgg19';
import { KERAS_PREPROCESSING, WeightsError, checkVggWeights, convWeights, isFullWidth, type ConvWeights, type VggWeightSet } from '../../src/core/model/weights';
import { randomVggWeights } from '../helpers/weight-files';

const weightsError = (message: string) => (e: unknown) => e instanceof WeightsError && e.name === 'WeightsError' && e.message === message;

test('convWeights: a [3, 3, in, out] kernel and an [out] bias give their channel counts', () => {
  const kernel = new Float32Array(9 * 2 * 5);
  const bias = new Float32Array(5);
  assert.deepEqual(convWeights('l', kernel, [3, 3, 2, 5], bias, [5]), { kernel, bias, inChannels: 2, outChannels: 5 });
});

test('convWeights: a wrong kernel shape, bias shape or value count is named with the layer', () => {
  const k = new Float32Array(9 * 2 * 5);
  const b = new Float32Array(5);
  assert.throws(() => convWeights('f.h5: block1_conv1', k, [5, 5, 2, 5], b, [5]), weightsError('f.h5: block1_conv1: kernel has shape [5, 5, 2, 5], expected [3, 3, in, out]'));
  assert.throws(() => convWeights('x', k, [3, 3, 10], b, [5]), weightsError('x: kernel has shape [3, 3, 10], expected [3, 3, in, out]'));
  assert.throws(() => convWeights('x', k, [3, 3, 2, 5], b, [4]), weightsError('x: bias has shape [4], expected [5]'));
  assert.throws(() => convWeights('x', k, [3, 3, 2, 5], b, [5, 1]), weightsError('x: bias has shape [5, 1], expected [5]'));
  assert.throws(() => convWeights('x', k.subarray(1), [3, 3, 2, 5], b, [5]), weightsError('x: holds 89 kernel and 5 bias values, shapes need 90 and 5'));
});

/** A set whose layers have these output widths, values left empty (only the shapes are checked). */
function shapesOnly(widths: readonly number[], change: (layers: Map<string, ConvWeights>) => void = () => {}): VggWeightSet {
  const layers = new Map<string, ConvWeights>();
  let inChannels = 3;
  VGG19_LAYERS.forEach((l, i) => {
    layers.set(l.name, { kernel: new Float32Array(0), bias: new Float32Array(0), inChannels, outChannels: widths[i]! });
    inChannels = widths[i]!;
  });
  change(layers);
  return { layers, preprocessing: KERAS_PREPROCESSING, source: 'w.h5' };
}

test('checkVggWeights: a narrow VGG-19 passes; a missing layer or a width that does not chain is named', () => {
  assert.doesNotThrow(() => checkVggWeights(randomVggWeights(1)));
  const narrow = VGG19_LAYERS.map((l) => l.fullWidth / 8);
  assert.throws(() => checkVggWeights(shapesOnly(narrow, (m) => m.delete('conv3_2'))), weightsError('w.h5: no weights for layer conv3_2 (block3_conv2)'));
  assert.throws(() => checkVggWeights(shapesOnly(narrow, (m) => m.set('conv2_1', { ...m.get('conv2_1')!, inChannels: 7 }))),
    weightsError('w.h5: conv2_1 (block2_conv1) takes 7 input channels, but the layer before gives 8'));
  assert.throws(() => checkVggWeights(shapesOnly(narrow, (m) => m.set('conv1_1', { ...m.get('conv1_1')!, inChannels: 1 }))),
    weightsError('w.h5: conv1_1 (block1_conv1) takes 1 input channels, but the layer before gives 3'));
});

test('isFullWidth: only when every layer has the published width', () => {
  const full = VGG19_LAYERS.map((l) => l.fullWidth);
  assert.equal(isFullWidth(shapesOnly(full)), true);
  assert.equal(isFullWidth(shapesOnly(full.map((w, i) => (i === 15 ? w / 2 : w)))), false);
  assert.equal(isFullWidth(shapesOnly(full, (m) => m.delete('conv5_4'))), false);
  assert.equal(isFullWidth(randomVggWeights(2)), false);
});
