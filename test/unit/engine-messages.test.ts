import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endsJob, isEngineBackend, type EngineEvent } from '../../src/core/protocol/engine-messages';

test('isEngineBackend: the CLI\'s --backend choices only', () => {
  assert.deepEqual(['auto', 'onnx', 'wasm', 'webgpu', 'cpu'].map(isEngineBackend), [true, true, true, true, true]);
  assert.deepEqual(['webgl', 'ONNX', '', undefined, 3, ['cpu']].map(isEngineBackend), [false, false, false, false, false, false]);
});

test('endsJob: a result, an evaluation, an inspection, the end of a frame run or an error; not the events on the way', () => {
  const ending: EngineEvent[] = [
    { kind: 'done', result: {} as never, crops: [] },
    { kind: 'framesDone', status: 'cancelled', finished: 1, frames: 3, seconds: 2 },
    { kind: 'evaluated', results: [], images: [], scalars: [], seconds: 1, stopped: false },
    { kind: 'inspected', value: { type: 'gram', size: 1, values: new Float32Array(1) } },
    { kind: 'error', message: 'no' },
  ];
  const onTheWay: EngineEvent[] = [
    { kind: 'queued', behind: 'other' },
    { kind: 'stage', stage: 'running' },
    { kind: 'backend', backend: 'wasm', threads: 4 },
    { kind: 'progress', events: [] },
    { kind: 'preview', event: {} as never },
    { kind: 'frameStart', frame: 1, frames: 3 },
    { kind: 'frame', frame: {} as never },
  ];
  assert.deepEqual(ending.map(endsJob), ending.map(() => true));
  assert.deepEqual(onTheWay.map(endsJob), onTheWay.map(() => false));
});
