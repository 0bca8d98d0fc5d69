import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LossRecorder } from '../../src/core/history/loss-recorder';

test('LossRecorder: a row per iteration, milliseconds rounded, the losses in column order, NaN for one not reported', () => {
  const recorder = new LossRecorder('j_total', ['alpha', 'j_total']);
  recorder.add({ iteration: 1, ms: 10.4, losses: { j_total: 20, alpha: 4, other: 1 } });
  recorder.add({ iteration: 2, ms: 20.5, losses: { j_total: 12 } });
  const log = recorder.log();
  assert.equal(log.loss, 'j_total');
  assert.deepEqual(log.nodes, ['alpha', 'j_total']);
  assert.deepEqual(log.rows, [[1, 10, 4, 20], [2, 21, NaN, 12]]);
});

test('LossRecorder.final: the last row by node id; nothing before the first iteration', () => {
  const recorder = new LossRecorder('j', ['a', 'j']);
  assert.deepEqual(recorder.final(), {});
  recorder.add({ iteration: 1, ms: 0, losses: { a: 1, j: 5 } });
  recorder.add({ iteration: 2, ms: 3, losses: { a: 0.5, j: 2 } });
  assert.deepEqual(recorder.final(), { a: 0.5, j: 2 });
});
