import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { shareIdentityData } from '../../src/core/run/shared-identity';

test("wasm: a clone copies its data until Identity shares it; then it shares, and outlives the original", async () => {
  await useBackend('wasm', { threads: 1 });
  const x = tf.tensor1d([1, 2, 3]);
  const copied = tf.clone(x);
  assert.notEqual(copied.dataId, x.dataId, "wasm's own Identity copies");
  shareIdentityData();
  shareIdentityData(); // once per backend: the second call changes nothing
  const shared = tf.clone(x);
  assert.equal(shared.dataId, x.dataId);
  x.dispose();
  assert.deepEqual(Array.from(shared.dataSync()), [1, 2, 3], 'the data lives while a tensor holds it');
  const y = tf.add(shared, 1);
  shared.dispose();
  assert.deepEqual(Array.from(y.dataSync()), [2, 3, 4]);
  tf.dispose([copied, y]);
  assert.equal(tf.memory().numTensors, 0);
});
