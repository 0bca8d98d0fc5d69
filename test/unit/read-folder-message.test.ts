import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/core/protocol/messages';

test('parseWebviewMessage: readFolder carries a request id and a non-empty path, and nothing else', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'readFolder', requestId: 3, path: 'samples/faces', extra: 1 }), { type: 'readFolder', requestId: 3, path: 'samples/faces' });
  for (const bad of [{ requestId: 3 }, { requestId: 3, path: '' }, { requestId: 1.5, path: 'x' }, { requestId: '3', path: 'x' }, { requestId: 3, path: 'x'.repeat(5000) }, { requestId: 3, path: ['x'] }]) {
    assert.equal(parseWebviewMessage({ type: 'readFolder', ...bad }), undefined, JSON.stringify(bad).slice(0, 80));
  }
});
