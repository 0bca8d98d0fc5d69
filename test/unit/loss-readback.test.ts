import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { compile } from '../../src/core/compile/plan';
import { NodeRunError } from '../../src/core/nodes/types';
import { LossReadback, type LossRow } from '../../src/core/run/loss-readback';
import { seedGraph } from '../helpers/seed-run';

before(() => useBackend('cpu'));

const plan = compile(seedGraph({ size: [16, 16] }));
const n = plan.reported.length;
/** One step's reported scalars: step s, node j holds 10 s + j. */
const step = (s: number) => tf.tensor1d(Array.from({ length: n }, (_, j) => 10 * s + j));

test('held steps are read back in one go, numbered up to the last, each loss by its node; the tensors go', async () => {
  const before = tf.memory().numTensors;
  const readback = new LossReadback(plan, 3, performance.now());
  readback.push(step(1));
  readback.push(step(2));
  assert.equal(readback.due, false);
  readback.push(step(3));
  assert.equal(readback.due, true);
  const rows: LossRow[] = [];
  await readback.read(7, (row) => rows.push(row));
  assert.deepEqual(rows.map((r) => r.iteration), [5, 6, 7]);
  const lossIndex = plan.reported.indexOf(plan.loss.id);
  assert.ok(lossIndex >= 0);
  rows.forEach((row, i) => {
    assert.equal(row.loss, 10 * (i + 1) + lossIndex);
    assert.deepEqual(row.losses, Object.fromEntries(plan.reported.map((id, j) => [id, 10 * (i + 1) + j])));
  });
  assert.equal(readback.due, false);
  assert.equal(tf.memory().numTensors, before);
  await readback.read(8, () => assert.fail('nothing is held'));
});

test('a loss that is not finite stops the readback with an error naming its node and iteration', async () => {
  const readback = new LossReadback(plan, 2, performance.now());
  readback.push(step(1));
  const bad = Array.from({ length: n }, (_, j) => (j === 1 ? Number.NaN : j));
  readback.push(tf.tensor1d(bad));
  const rows: number[] = [];
  await assert.rejects(readback.read(4, (row) => rows.push(row.iteration)), (e: unknown) =>
    e instanceof NodeRunError && e.nodeId === plan.reported[1] && e.message === `node "${plan.reported[1]}": the loss became NaN at iteration 4; the run stopped (nothing written)`);
  assert.deepEqual(rows, [3]);
});

test('dispose frees the steps still held', () => {
  const before = tf.memory().numTensors;
  const readback = new LossReadback(plan, 5, performance.now());
  readback.push(step(1));
  readback.push(step(2));
  readback.dispose();
  assert.equal(tf.memory().numTensors, before);
});
