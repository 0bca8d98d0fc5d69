import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-backend-cpu';
import { rawToTensor, tensorToRaw } from '../../src/core/image/raw-image';

test('rawToTensor: a 1xHxWx3 float tensor of the RGB values in row order, alpha dropped; tensorToRaw gives the pixels back', async () => {
  const raw = { width: 3, height: 2, data: new Uint8Array([0, 1, 2, 9, 10, 11, 12, 0, 20, 21, 22, 255, 30, 31, 32, 7, 40, 41, 42, 8, 250, 251, 252, 1]) };
  const tensor = rawToTensor(raw);
  assert.deepEqual(tensor.shape, [1, 2, 3, 3]);
  assert.equal(tensor.dtype, 'float32');
  assert.deepEqual([...(await tensor.data())], [0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32, 40, 41, 42, 250, 251, 252]);
  const back = await tensorToRaw(tensor);
  tensor.dispose();
  assert.deepEqual([...back.data], [...raw.data].map((v, i) => (i % 4 === 3 ? 255 : v)));
});
