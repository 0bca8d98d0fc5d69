import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { readMatConvNet } from '../../src/core/model/matconvnet';
import { VggModel } from '../../src/core/model/vgg-model';
import { VGG19_LAYERS } from '../../src/core/model/vgg19';
import { MATCONVNET_PREPROCESSING, isFullWidth, type ConvWeights, type VggWeightSet } from '../../src/core/model/weights';
import { useBackend } from '../../src/node/backend';
import { cell, convLayer, matConvNetFile, matConvNetLayers, matFile } from '../helpers/mat-files';
import { assertSameWeights, mulberry32, randomVggWeights } from '../helpers/weight-files';

before(() => useBackend('cpu'));

test('the course layout reads back identical, compressed (with fc layers and meta) and uncompressed', async () => {
  const set = randomVggWeights(31);
  for (const options of [{ compress: true, fc: true }, { compress: false }]) {
    const bytes = matConvNetFile(set, options);
    assert.equal(bytes.toString('latin1', 0, 19), 'MATLAB 5.0 MAT-file');
    assert.equal(bytes.readUInt32LE(128) === 15, options.compress, 'first element miCOMPRESSED');
    const read = await readMatConvNet(bytes, '/x/vgg.mat');
    assertSameWeights(read, set);
    assert.deepEqual(read.preprocessing, MATCONVNET_PREPROCESSING);
    assert.equal(read.source, '/x/vgg.mat');
  }
});

test('a [out, 1] bias, the old filters/biases fields and a misaligned buffer read too', async () => {
  const set = randomVggWeights(32);
  assertSameWeights(await readMatConvNet(matConvNetFile(set, { bias: 'column' }), 'x'), set);
  assertSameWeights(await readMatConvNet(matConvNetFile(set, { fields: 'filters-biases', compress: false }), 'x'), set);
  // Uncompressed floats at an odd address cannot be viewed as a Float32Array: they are copied.
  const misaligned = Buffer.concat([Buffer.alloc(1), matConvNetFile(set, { compress: false })]).subarray(1);
  assertSameWeights(await readMatConvNet(misaligned, 'x'), set);
});

test('a full-width VGG-19 (80 MB of kernels, fc6 included) reads back identical', async () => {
  const set = randomVggWeights(33, 'full');
  const read = await readMatConvNet(matConvNetFile(set, { fc: true }), 'x');
  assert.ok(isFullWidth(read));
  assertSameWeights(read, set);
});

/**
 * Written by scipy.io.savemat(f, {'layers': layers}, do_compression=True), as the course reads it:
 * 16 conv layers (each followed by a relu layer), out channels 2, W[i, j, k, l] =
 * 10000 n + 1000 i + 100 j + 10 k + l for the n-th conv layer, b = [[n + 0.5, n + 0.25]]. An
 * independent writer: checks the reader and the column-major to HWIO order without our own writer.
 */
const SCIPY_FILE = [
  'TUFUTEFCIDUuMCBNQVQtZmlsZSBQbGF0Zm9ybTogcG9zaXgsIENyZWF0ZWQgb246IFN1biBOb3YgMjkgMDI6NDg6NTcgMjAyNgAAAAAAAAAAAA',
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABSU0PAAAAvwcAAHic7Zd9bFRVGofftiO0o2ErdI1iXUetpgjGUkpS',
  'FeG0HeZcZE1Q0Si6oShVBATSVvxYI282rAtStBoV/ig6a4pWLAhaFQ2wV1dC/caPaFUkiMRluyzWYpQtLOxzoWiVO0u8TTZ7m5lkMs+8/M5zYL',
  'i/nJwBIrK3VKQfn9m8M+Tw67ge32Pdn15m5pQ7qqprRAZ4oawf12X6rMv4iS/yw7yQ96wpt1R589o75hz6vK3q5pum1dZITW31zVOZzJky9dA6',
  'b59S+XGfiM8+/Xvsk9v9/YbZs+YOnzz80PqiY6yP/GR95NBab51m/PffJbPH3Mvn9sj375HPPfxT/fDuuc7LtcmR151xkS7ereWiC+NissaKOB',
  'Uij8RFc+BYmehdzPeR2VIu7r1x2eZlLq8QsyQusSicLBOZR34/mY5ykTo4wvy6CtGlcXG9jI4Rw14xb683yiXJXhM8z7gKibFXvbdXUZm47FXp',
  '7bW1XLaxV4eXuaJCKtmryPM0lYlhr6S3V2e5xNir3tvrdxWSZK/N0bE////r+bv4/Y79u+e8xvD3HO2tNz3W9zvG+pzu3/vwq2PMkU/PM+EYns',
  'jPPDEfj5/XlV/Wg+O6v0eluwdHSiDBn/fqqpm3Bn3evbXeurWZ/+99Lu5Vn0t/YZ9b5dh9zpSjn996D0x+QrYNTYhelJDNpyVkznkJyb04IZWn',
  'J0TOT0hydEKmkckelpAmMnvJLCVTSmYBmUIyrWTiZHbgmU/mQzK1ZPLITCUTIdNIZiaZE/A0k9lPpoHMKDJ1ZIaReWt0IngPXZ715Jh0D4/2pe',
  '5hsOc0LD0s7uW5+r/tYQO9a6SLT9O1ZQlpg5ua6SScXE4vVyZkIpkC5t+SyWe+C15HZgfcQmY+mXIyA5lvJxNl/im8gsz78ONkqslcReYc5t+R',
  '+Q3z3fAGMl/BL5C5Z2Uvehgz/ItNuodH+1L1MOhzGp4ehug8rGxPSFEnZ18XZ9s/OO/gVrgDdvckpH4fZxuZOPM85qOYn8B8CxzZxdkHN5K5nk',
  'wxmUzm55Lpgt+AO+FXyTxIZi6ZBPOTmI9mPoD5Vrgfno/gJ/b1ooeVhuake+jjS93Dvn0ejgjVeZhvpTBmJbfASiNcB9fC2adZ6YDb4EuYF8OD',
  '4VXwI/Dd8EAyXfB2uIz5EPhEeDm8GL4VziHzDfwJPJ75CPhU+Bl4CTwPHkRmH/xlgQ3ew3ojsiDdQx9fqh4GfU7D08MQnYcTKqyUWiux8VZa4A',
  'Z4Pnxy3Io4VnbCk5iXMz8X3gA/Ad8Hn0kmSqYTvoz5BczPgJ+Hl8F/hE8hk0Hm7/C1zCuYD4X/Aj8J3w+fReZ4MnvG96KHq41IU7qHPr7UPezr',
  '5+GI8PSwcroVZ5aVomorr8HN8ENw4QzOyNlW9sLTmV/O/EL4HfgF+FG4mMxgMpk1VqYwH8d8OPON8Er4YXgImRPJ/AuewfwK5hfB78Ivwo/BI8',
  'icSiarphc93Gz4JdI99PGl7mGw5zQ8PSwJTw/XLqB791pJ1llph7fC78P5C+nhIiuRxVbWM1/DfDnzr+Ev4Y/hM8j8mkzOYqt4FI/iUTyKR/Eo',
  'HsWjeBSP4lE8ikfxKB7Fo3gUT/AedhiRneke+vhS9zDYcxqWHpaE6n7YYKXkUc6/pJVq+EZ4EtwIL4Xr4LHwBfB58G3wDHgy/BS8DH4gaRWP4l',
  'E8ikfxKB7Fo3gUj+JRPIpH8SgexaN4FI/iCd7D7DJ+0bJ0D4/2peph0Oc0PD0M0f2w9Rkr69ZYWf2clS54N7wdHraaO+OzVvJarLzN/BXmzzM/',
  'CO+B/wYPJ3M2mVNarOJRPIpH8SgexaN4FI/iUTyKR/EoHsWjeBSP4lE8wXt4Mj3MS/fQx5e6h337flgSpvvhhL9aiW+0UrrJyh/gufB0uAVugh',
  'vgK+Fx8MXwn+Dfw7Phl+CV8J83WcWjeBSP4lE8ikfxKB7Fo3gUj+JRPIpH8SgexaN4gvewkB4WpHvo40vdw759PywJ0/2w7SMrb7VZcT+1Ev3Y',
  'ygG4Ex4FF31ipeAzK5+TeY/5Rua/Yp7F/Hu4DB4JD/nMKh7Fo3gUj+JRPIpH8SgexaN4FI/iUTyKR/EoHsUTvIel9LAk3UMfX+oe9u374cgw3Q',
  '8r261M3GXF2W3lQfge+E74NXgt3AxXwdfAl8JL4EXwPPh1eD28ZrdVPIpH8SgexaN4FI/iUTyKR/EoHsWjeBSP4lE8iid4Dx16GE/30MeXqodB',
  'n9Pw9DBE98Od/7ay5aCVneLI4AOWP3AkI8OR38Ixbwb/k8wXB6228/30A1ZzxNEs5pfBZ8L5GY7iUTwGj+IxeAwexWPwGDyKR/G4eBSPi8fFo3',
  'hcPC6e4D28mh5OTPfQx5e6h337fjgyTPfDtdmOPJvjSHPUkffgN+GNcDu8A94adfTlbEdbchxdBX8Avw1vgnfBX8Hboo7BY/AYPAaPwWPwGDwG',
  'j8Hj4nHxuHhcPC4eF4+Lx8Xj4gnew2n0cGq6hz6+1D3s2/fDkWG6H9410JG5gxyZk+fIw/D98EJ4FdwEP57n6N0DHb19kKPV8BL4AXgRvBpeAT',
  'fmOQaPwWPwGDwGj8Fj8Bg8Bo+Lx8Xj4nHxuHhcPC4eF4+LJ3gPb6eHteke+vhS9zD4/fA/a36thA==',].join('');

test('a file scipy.io.savemat wrote reads as the course indexes it: W[i, j, k, l] is HWIO element (i, j, k, l)', async () => {
  const read = await readMatConvNet(Buffer.from(SCIPY_FILE, 'base64'), 'scipy.mat');
  VGG19_LAYERS.forEach((layer, n) => {
    const w = read.layers.get(layer.name)!;
    assert.deepEqual([w.inChannels, w.outChannels], [n === 0 ? 3 : 2, 2]);
    const expected: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < w.inChannels; k++) for (let l = 0; l < 2; l++) expected.push(10000 * n + 1000 * i + 100 * j + 10 * k + l);
    assert.deepEqual(Array.from(w.kernel), expected, layer.name);
    assert.deepEqual(Array.from(w.bias), [n + 0.5, n + 0.25], layer.name);
  });
});

test('a file that is not a MAT-file, or a MATLAB 7.3 one, says so', async () => {
  await assert.rejects(readMatConvNet(Buffer.from('{"format": "layers-model"}'), '/x/w.mat'), { name: 'WeightsError', message: "/x/w.mat: not a MAT-file (no 'MATLAB 5.0 MAT-file' header)" });
  const v73 = Buffer.alloc(512);
  v73.write('MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Sun Nov 29 00:00:00 2026 HDF5 schema 1.00 .');
  await assert.rejects(readMatConvNet(v73, '/x/w.mat'), { message: '/x/w.mat: a MATLAB 7.3 (HDF5) MAT-file: not supported, save it with -v7 instead' });
  const noLayers = matFile({ net: cell() });
  await assert.rejects(readMatConvNet(noLayers, '/x/w.mat'), { message: "/x/w.mat: not a MatConvNet model (no variable 'layers')" });
});

test('a truncated file names the element that runs past its end, compressed or not', async () => {
  const set = randomVggWeights(34);
  const compressed = matConvNetFile(set, { compress: true });
  const metaLength = compressed.readUInt32LE(132);
  const layersAt = 128 + 8 + metaLength;
  const layersLength = compressed.readUInt32LE(layersAt + 4);
  await assert.rejects(readMatConvNet(compressed.subarray(0, compressed.length - 100), '/x/w.mat'), {
    name: 'WeightsError',
    message: `/x/w.mat: truncated MAT-file: the data element at byte ${layersAt} needs ${layersLength} bytes, ${layersLength - 100} remain`,
  });
  const plain = matConvNetFile(set, { compress: false });
  await assert.rejects(readMatConvNet(plain.subarray(0, 5000), '/x/w.mat'), { message: /^\/x\/w\.mat: truncated MAT-file: the data element at byte \d+ needs \d+ bytes, \d+ remain$/ });
  await assert.rejects(readMatConvNet(plain.subarray(0, 100), '/x/w.mat'), { message: '/x/w.mat: truncated MAT-file: 100 bytes, shorter than its 128-byte header' });
  // A zlib stream cut short inside an element whose length still fits the file.
  const cut = Buffer.from(compressed.subarray(0, layersAt + 8 + 1000));
  cut.writeUInt32LE(1000, layersAt + 4);
  await assert.rejects(readMatConvNet(cut, '/x/w.mat'), { message: `/x/w.mat: truncated MAT-file: the compressed data at byte ${layersAt} ends early` });
});

test('a missing conv layer is named', async () => {
  const set = randomVggWeights(35);
  const layers = new Map(set.layers);
  layers.delete('conv3_2');
  await assert.rejects(readMatConvNet(matConvNetFile({ ...set, layers }), '/x/w.mat'), { name: 'WeightsError', message: '/x/w.mat: no weights for layer conv3_2 (block3_conv2)' });
});

test('a wrongly shaped kernel or bias is named with its layer', async () => {
  const set = randomVggWeights(36);
  const withConv1 = (layer: ReturnType<typeof convLayer>): Buffer => {
    const items = matConvNetLayers(set);
    items[0] = layer;
    return matFile({ layers: cell(...items) });
  };
  const w = set.layers.get('conv1_1')!;
  const fiveByFive = convLayer('conv1_1', [5, 5, 3, w.outChannels], new Float32Array(25 * 3 * w.outChannels), w.bias);
  await assert.rejects(readMatConvNet(withConv1(fiveByFive), '/x/w.mat'), { name: 'WeightsError', message: '/x/w.mat: conv1_1: kernel has shape [5, 5, 3, 4], expected [3, 3, in, out]' });
  const twoBiases = convLayer('conv1_1', [3, 3, 3, w.outChannels], new Float32Array(9 * 3 * w.outChannels), new Float32Array(2 * w.outChannels));
  await assert.rejects(readMatConvNet(withConv1(twoBiases), '/x/w.mat'), { message: '/x/w.mat: conv1_1: bias has shape [8], expected [4]' });
});

/**
 * MatConvNet's VGG-19 is the Caffe model with conv1_1's input channels turned from BGR to RGB;
 * Keras's is the same Caffe model, fed BGR. So a Keras set and its MatConvNet version must give
 * the same activations for the same RGB image, each through its own preprocessing. This checks
 * the kernel order and the RGB preprocessing together, which comparing kernels alone cannot.
 */
test('VggModel: a Keras set and its MatConvNet (RGB) version give the same activations', async () => {
  const keras = randomVggWeights(37);
  const first = keras.layers.get('conv1_1')!;
  const layers = new Map(keras.layers);
  layers.set('conv1_1', reverseInputChannels(first));
  const matconvnet: VggWeightSet = { ...keras, layers, preprocessing: MATCONVNET_PREPROCESSING };
  const read = await readMatConvNet(matConvNetFile(matconvnet, { fc: true }), 'x');

  const random = mulberry32(38);
  const image = tf.tensor4d(Float32Array.from({ length: 24 * 24 * 3 }, () => random() * 255), [1, 24, 24, 3]);
  const names = new Set(['conv1_1', 'conv2_2', 'conv4_1', 'conv5_4']);
  const [fromKeras, fromMat] = [new VggModel(keras), new VggModel(read)];
  const a = fromKeras.forward(image, names, 'avg');
  const b = fromMat.forward(image, names, 'avg');
  for (const name of names) {
    const [x, y] = [a.get(name)!.dataSync(), b.get(name)!.dataSync()];
    const scale = Math.max(...x.map(Math.abs));
    assert.ok(scale > 0, `${name} is not all zero`);
    const worst = Math.max(...x.map((v, i) => Math.abs(v - y[i]!)));
    assert.ok(worst <= 1e-4 * scale, `${name}: differs by ${worst} (largest activation ${scale})`);
  }
  // And the weights alone: a BGR model read as RGB would differ.
  const unswapped = new VggModel({ ...keras, preprocessing: MATCONVNET_PREPROCESSING }).forward(image, new Set(['conv1_1']), 'avg').get('conv1_1')!.dataSync();
  assert.notDeepEqual(Array.from(unswapped), Array.from(a.get('conv1_1')!.dataSync()));
  tf.dispose([image, ...a.values(), ...b.values()]);
  fromKeras.dispose();
  fromMat.dispose();
});

/** The same kernel with its input channels in reverse order (BGR <-> RGB). */
function reverseInputChannels(w: ConvWeights): ConvWeights {
  const kernel = new Float32Array(w.kernel.length);
  const { inChannels: ci, outChannels: co } = w;
  for (let p = 0; p < 9; p++) {
    for (let k = 0; k < ci; k++) kernel.set(w.kernel.subarray((p * ci + k) * co, (p * ci + k + 1) * co), (p * ci + (ci - 1 - k)) * co);
  }
  return { ...w, kernel };
}
