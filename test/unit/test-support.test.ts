import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SENT_KEPT, SentLog, TEST_SUPPORT_ENV, testSupportOn } from '../../src/extension/test-support';
import type { HostMessage } from '../../src/core/protocol/messages';

const doc = (i: number): HostMessage => ({ type: 'document', text: `text ${i}` });

test('test support is on only when the E2E harness sets STYLEGRAPH_TEST_SUPPORT=1', () => {
  assert.equal(TEST_SUPPORT_ENV, 'STYLEGRAPH_TEST_SUPPORT');
  assert.equal(testSupportOn({}), false);
  assert.equal(testSupportOn({ STYLEGRAPH_TEST_SUPPORT: '0' }), false);
  assert.equal(testSupportOn({ STYLEGRAPH_TEST_SUPPORT: 'true' }), false);
  assert.equal(testSupportOn({ STYLEGRAPH_TEST_SUPPORT: '1' }), true);
});

test('a production editor keeps none of the messages it sent', () => {
  const log = new SentLog(false);
  for (let i = 0; i < 10; i++) log.record(doc(i));
  assert.deepEqual(log.messages, []);
});

test('with test support on an editor keeps the newest messages it sent, at most SENT_KEPT', () => {
  const log = new SentLog(true);
  for (let i = 0; i < SENT_KEPT + 5; i++) log.record(doc(i));
  assert.equal(log.messages.length, SENT_KEPT);
  assert.deepEqual(log.messages[0], doc(5));
  assert.deepEqual(log.messages.at(-1), doc(SENT_KEPT + 4));
});
