import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/core/protocol/messages';

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
