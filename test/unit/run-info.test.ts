import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/core/compile/plan';
import { LossRecorder } from '../../src/core/history/loss-recorder';
import { runInfo } from '../../src/core/history/run-info';
import { parseRunInfo, RUN_FORMAT, RUN_VERSION, writeRunInfo } from '../../src/core/history/run-record';
import { seedGraph } from '../helpers/seed-run';

const plan = compile(seedGraph({ seed: 7 }));
const image = { width: 32, height: 24, data: new Uint8Array(0) };

test('runInfo: the start in ISO UTC, the image\'s height and width, the generated image\'s seed and the last losses', () => {
  const recorder = new LossRecorder(plan.loss.id, ['alpha', plan.loss.id]);
  recorder.add({ iteration: 1, ms: 5, losses: { alpha: 3, [plan.loss.id]: 9 } });
  recorder.add({ iteration: 2, ms: 9, losses: { alpha: 2, [plan.loss.id]: 6 } });
  const started = new Date(Date.UTC(2026, 10, 30, 10, 0, 0, 5));
  const info = runInfo(plan, { started, backend: 'cpu', result: { status: 'cancelled', image, iterations: 2, seconds: 0.25 }, recorder });
  assert.deepEqual(info, {
    started: '2026-11-30T10:00:00.005Z',
    status: 'cancelled',
    backend: 'cpu',
    size: [24, 32],
    seed: 7,
    iterations: 2,
    seconds: 0.25,
    loss: 6,
    losses: { alpha: 2, j_total: 6 },
  });
  // What the writer adds makes a run.json the reader takes.
  assert.deepEqual(parseRunInfo(writeRunInfo({ format: RUN_FORMAT, version: RUN_VERSION, graph: 'seed.stylegraph.json', ...info })).losses, { alpha: 2, j_total: 6 });
});

test('runInfo: no iteration is a null loss; a sweep\'s run carries its folder, number and values', () => {
  const recorder = new LossRecorder(plan.loss.id, [plan.loss.id]);
  const sweep = { folder: '/tmp/sweep', run: 2, params: { 'alpha.w': 10 } };
  const info = runInfo(plan, { started: new Date(0), backend: 'wasm', result: { status: 'cancelled', image, iterations: 0, seconds: 0 }, recorder, sweep });
  assert.equal(info.loss, null);
  assert.deepEqual(info.losses, {});
  assert.deepEqual(info.sweep, sweep);
  assert.ok(!('sweep' in runInfo(plan, { started: new Date(0), backend: 'wasm', result: { status: 'done', image, iterations: 0, seconds: 0 }, recorder })));
});
