import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { inspectedValue, TOP_CHANNELS } from '../../src/core/inspect/inspected-value';
import type { Value } from '../../src/core/nodes/types';

before(async () => {
  await useBackend('cpu');
});

/** A 1 x 2 x 3 x c feature map whose channel k is k + (position / 10): mean k + 0.25, and channel 0 the least active. */
function features(channels: number): Value {
  const data: number[] = [];
  for (let p = 0; p < 6; p++) for (let k = 0; k < channels; k++) data.push(k + p / 10);
  return { type: 'features', tensor: tf.tensor4d(data, [1, 2, 3, channels]) };
}
const close = (actual: ArrayLike<number>, expected: readonly number[]) => {
  assert.equal(actual.length, expected.length);
  Array.from(actual).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-5, `${i}: ${Array.from(actual).join(' ')} vs ${expected.join(' ')}`));
};

test('inspectedValue: a Gram\'s size and values', async () => {
  const gram: Value = { type: 'gram', tensor: tf.tensor2d([1, 2, 2, 5], [2, 2]), positions: 6 };
  const inspected = await inspectedValue(gram);
  assert.equal(inspected.type, 'gram');
  assert.equal(inspected.type === 'gram' && inspected.size, 2);
  close(inspected.type === 'gram' ? inspected.values : [], [1, 2, 2, 5]);
  assert.equal(gram.tensor.isDisposed, false, 'the caller still owns the tensor');
});

test('inspectedValue: features give every channel\'s mean and the most active channels\' maps, row-major', async () => {
  const inspected = await inspectedValue(features(20));
  assert.ok(inspected.type === 'features');
  assert.deepEqual([inspected.width, inspected.height, inspected.channels], [3, 2, 20]);
  close(inspected.means, Array.from({ length: 20 }, (_, k) => k + 0.25));
  assert.equal(TOP_CHANNELS, 16);
  assert.deepEqual(inspected.maps.map((m) => m.channel), Array.from({ length: 16 }, (_, i) => 19 - i));
  close(inspected.maps[0]!.values, [19, 19.1, 19.2, 19.3, 19.4, 19.5]);
});

test('inspectedValue: channels asked for are truncated and kept within the map; other values have nothing inside', async () => {
  const inspected = await inspectedValue(features(4), [2, -3, 9, 1.7]);
  assert.ok(inspected.type === 'features');
  assert.deepEqual(inspected.maps.map((m) => m.channel), [2, 0, 3, 1]);
  close(inspected.maps[1]!.values, [0, 0.1, 0.2, 0.3, 0.4, 0.5]);
  await assert.rejects(inspectedValue({ type: 'scalar', tensor: tf.scalar(1) }), { message: 'a scalar value has nothing to look inside' });
});
