import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { backendChoicesOf, isBackendChoice, isEngineSetting, parseWebviewMessage } from '../../src/core/protocol/messages';

function png(width: number, height: number): Uint8Array {
  const image = new PNG({ width, height });
  image.data.fill(90);
  return new Uint8Array(PNG.sync.write(image));
}

test('parseWebviewMessage: saveImage with PNG bytes is accepted as it is', () => {
  const bytes = png(3, 2);
  assert.deepEqual(parseWebviewMessage({ type: 'saveImage', png: bytes }), { type: 'saveImage', png: bytes });
  // Where it goes is the user's choice in the host's save dialog: a path from the webview is dropped.
  assert.deepEqual(parseWebviewMessage({ type: 'saveImage', path: '../x.png', png: bytes }), { type: 'saveImage', png: bytes });
});

test('parseWebviewMessage: saveImage with bytes that are not a PNG is refused', () => {
  const jpeg = new Uint8Array(64).fill(0);
  jpeg.set([0xff, 0xd8, 0xff, 0xe0]);
  const truncated = png(3, 2).slice(0, 20);
  const wrongSignature = png(3, 2);
  wrongSignature[1] = 0x51;
  for (const bytes of [jpeg, truncated, wrongSignature, new Uint8Array(0), new TextEncoder().encode('<svg onload="x()"></svg>'.padEnd(64))]) {
    assert.equal(parseWebviewMessage({ type: 'saveImage', png: bytes }), undefined, Buffer.from(bytes.slice(0, 8)).toString('hex'));
  }
});

test('parseWebviewMessage: the page\'s undo and redo keys (webview/undo-keys.ts) are accepted, extra fields dropped', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'undo' }), { type: 'undo' });
  assert.deepEqual(parseWebviewMessage({ type: 'redo', steps: 5 }), { type: 'redo' });
});

test('parseWebviewMessage: readFolder carries a request id and a non-empty path, and nothing else', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'readFolder', requestId: 3, path: 'samples/faces', extra: 1 }), { type: 'readFolder', requestId: 3, path: 'samples/faces' });
  for (const bad of [{ requestId: 3 }, { requestId: 3, path: '' }, { requestId: 1.5, path: 'x' }, { requestId: '3', path: 'x' }, { requestId: 3, path: 'x'.repeat(5000) }, { requestId: 3, path: ['x'] }]) {
    assert.equal(parseWebviewMessage({ type: 'readFolder', ...bad }), undefined, JSON.stringify(bad).slice(0, 80));
  }
});

const info = { started: '2026-11-30T10:00:00.000Z', status: 'done', backend: 'wasm', size: [2, 3], seed: 0, iterations: 2, seconds: 0.5, loss: 12, losses: { j_total: 12, j_content: 3 } };
const losses = { loss: 'j_total', nodes: ['j_content', 'j_total'], rows: [[1, 10, 4, 20], [2, 20, 3, 12]] };
const image = { width: 3, height: 2, data: new Uint8Array(3 * 2 * 4).fill(7) };

test('parseWebviewMessage: recordRun keeps run.json\'s fields, the losses and the RGBA image', () => {
  const m = parseWebviewMessage({ type: 'recordRun', graphText: '{}', info: { ...info, extra: 'x'.repeat(100) }, losses, image });
  assert.deepEqual(m, { type: 'recordRun', graphText: '{}', info, losses, image });
});

test('parseWebviewMessage: recordRun with a wrong field, loss rows or image size is refused', () => {
  const bad = [
    { info: { ...info, status: 'running' } },
    { info: { ...info, size: [2] } },
    { info: { ...info, losses: { j_total: 'x' } } },
    { losses: { ...losses, rows: [[1, 10, 4]] } },
    { image: { ...image, width: 4 } },
    { image: { ...image, data: Array.from(image.data) } },
    { graphText: 7 },
  ];
  for (const change of bad) assert.equal(parseWebviewMessage({ type: 'recordRun', graphText: '{}', info, losses, image, ...change }), undefined, JSON.stringify(change).slice(0, 80));
});

test('parseWebviewMessage: compareRuns takes two ids, restoreRun one', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'compareRuns', ids: ['a', 'b'] }), { type: 'compareRuns', ids: ['a', 'b'] });
  assert.equal(parseWebviewMessage({ type: 'compareRuns', ids: ['a'] }), undefined);
  assert.equal(parseWebviewMessage({ type: 'compareRuns', ids: ['a', 3] }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'restoreRun', id: 'x' }), { type: 'restoreRun', id: 'x' });
  assert.equal(parseWebviewMessage({ type: 'restoreRun' }), undefined);
});

test('parseWebviewMessage: anything but an object with a known type is refused', () => {
  for (const raw of [undefined, null, 'ready', 3, [], {}, { type: 'READY' }, { type: 'constructor' }, { type: '__proto__' }]) {
    assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
  }
  assert.deepEqual(parseWebviewMessage({ type: 'ready', secret: 1 }), { type: 'ready' });
});

test('parseWebviewMessage: edit, resolveImage, showError and runState check their fields', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'edit', text: '{}' }), { type: 'edit', text: '{}' });
  assert.equal(parseWebviewMessage({ type: 'edit', text: 3 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'edit', text: 'x'.repeat(10_000_001) }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'resolveImage', requestId: 0, path: 'a.png' }), { type: 'resolveImage', requestId: 0, path: 'a.png' });
  assert.equal(parseWebviewMessage({ type: 'resolveImage', requestId: 2 ** 53, path: 'a.png' }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'showError', message: 'no' }), { type: 'showError', message: 'no' });
  assert.equal(parseWebviewMessage({ type: 'showError', message: 'x'.repeat(10_001) }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'runState', running: true }), { type: 'runState', running: true });
  assert.deepEqual(parseWebviewMessage({ type: 'runState', running: false, backend: 'wasm' }), { type: 'runState', running: false, backend: 'wasm' });
  assert.equal(parseWebviewMessage({ type: 'runState', running: 'yes' }), undefined);
  assert.equal(parseWebviewMessage({ type: 'runState', running: true, backend: 'w'.repeat(33) }), undefined);
});

test('parseWebviewMessage: engine jobs need a whole job number, a known backend, and positive frames', () => {
  const run = { type: 'engineRun', job: 4, graphText: '{}', backend: 'onnx', needsWeights: true };
  assert.deepEqual(parseWebviewMessage(run), run);
  assert.deepEqual(parseWebviewMessage({ ...run, type: 'engineEvaluate', frames: 3 }), { ...run, type: 'engineEvaluate', frames: 3 });
  for (const change of [{ job: 1.5 }, { backend: 'webgl' }, { needsWeights: 'no' }, { frames: 0 }, { frames: 2.5 }, { graphText: undefined }]) {
    assert.equal(parseWebviewMessage({ ...run, ...change }), undefined, JSON.stringify(change));
  }
  assert.deepEqual(parseWebviewMessage({ type: 'engineInspect', job: 1, nodeId: 'gram', channels: [0, 5] }), { type: 'engineInspect', job: 1, nodeId: 'gram', channels: [0, 5] });
  assert.deepEqual(parseWebviewMessage({ type: 'engineInspect', job: 1, nodeId: 'gram' }), { type: 'engineInspect', job: 1, nodeId: 'gram' });
  for (const channels of [[-1], [0.5], 'all', Array.from({ length: 4097 }, () => 0)]) {
    assert.equal(parseWebviewMessage({ type: 'engineInspect', job: 1, nodeId: 'gram', channels }), undefined, String(channels).slice(0, 20));
  }
  assert.deepEqual(parseWebviewMessage({ type: 'engineStop', job: 9 }), { type: 'engineStop', job: 9 });
  assert.equal(parseWebviewMessage({ type: 'engineStop', job: '9' }), undefined);
});

test('backend choices: the toolbar offers the engine process\'s backends or the webview\'s', () => {
  assert.deepEqual(backendChoicesOf('host'), ['auto', 'onnx', 'wasm', 'webgpu', 'cpu']);
  assert.deepEqual(backendChoicesOf('webview'), ['auto', 'webgpu', 'webgl', 'wasm', 'cpu']);
  assert.deepEqual(['webgl', 'onnx', 'cpu', 'CPU', 3].map(isBackendChoice), [true, false, true, false, false]);
  assert.deepEqual(['host', 'webview', 'remote', undefined].map(isEngineSetting), [true, true, false, false]);
});
