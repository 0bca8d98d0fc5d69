import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { faceVerify } from '../../src/core/nodes/face-verify';
import type { EvalContext } from '../../src/core/nodes/types';

const ctx = { nodeId: 'n' } as EvalContext;
const verdict = (d: number, tau: number) => faceVerify.result!({ distance: [{ type: 'scalar', tensor: tf.scalar(d) }] }, { tau }, ctx);

before(async () => {
  await useBackend('cpu');
});

test('face.verify: same person at most tau, different above', () => {
  assert.deepEqual(verdict(0.42, 0.6), { text: 'same person (distance 0.420 ≤ τ 0.6)', value: { same: true, distance: 0.41999998688697815, tau: 0.6 } });
  assert.equal(verdict(0.65, 0.6).text, 'different people (distance 0.650 > τ 0.6)');
  assert.equal(verdict(0.65, 0.7).value && (verdict(0.65, 0.7).value as { same: boolean }).same, true);
});

test('face.verify: a distance equal to tau is the same person', () => {
  // 0.5 is exact in float32, so the distance read back equals τ.
  assert.deepEqual(verdict(0.5, 0.5), { text: 'same person (distance 0.500 ≤ τ 0.5)', value: { same: true, distance: 0.5, tau: 0.5 } });
  assert.deepEqual(verdict(0.5, 0.49).value, { same: false, distance: 0.5, tau: 0.49 });
});
