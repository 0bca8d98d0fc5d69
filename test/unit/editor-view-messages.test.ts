import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/core/protocol/messages';

test('viewState and pickImage: well-formed ones pass, anything else is refused', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'viewState', view: { scale: 0.4, offset: [10, -20], fitted: true } }), { type: 'viewState', view: { scale: 0.4, offset: [10, -20], fitted: true } });
  // Extra fields are dropped.
  assert.deepEqual(parseWebviewMessage({ type: 'viewState', view: { scale: 1, offset: [0, 0], fitted: false, x: 1 } }), { type: 'viewState', view: { scale: 1, offset: [0, 0], fitted: false } });
  for (const view of [undefined, null, {}, { scale: 0, offset: [0, 0], fitted: true }, { scale: 1, offset: [0], fitted: true }, { scale: 1, offset: [NaN, 0], fitted: true },
    { scale: 1, offset: [0, 1e9], fitted: true }, { scale: 1, offset: [0, 0], fitted: 'yes' }, { scale: Infinity, offset: [0, 0], fitted: true }]) {
    assert.equal(parseWebviewMessage({ type: 'viewState', view }), undefined, JSON.stringify(view));
  }
  assert.deepEqual(parseWebviewMessage({ type: 'pickImage', requestId: 3 }), { type: 'pickImage', requestId: 3 });
  assert.equal(parseWebviewMessage({ type: 'pickImage', requestId: 1.5 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'pickImage' }), undefined);
  assert.equal(parseWebviewMessage({ type: 'nothing' }), undefined);
});
