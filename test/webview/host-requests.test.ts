import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostRequests } from '../../webview/host-requests';

test('each request gets its own id and is settled by the answer to that id', async () => {
  const requests = new HostRequests();
  const sent: number[] = [];
  const a = requests.request<string>((id) => sent.push(id));
  const b = requests.request<string>((id) => sent.push(id));
  assert.notEqual(sent[0], sent[1]);
  requests.answer(sent[1]!, 'second');
  requests.fail(sent[0]!, new Error('no such file'));
  assert.equal(await b, 'second');
  await assert.rejects(a, /no such file/);
  requests.answer(sent[1]!, 'late'); // nobody waits any more: dropped
});

test('a keyed request (the weights) is sent each time, and every waiter gets the one answer', async () => {
  const requests = new HostRequests();
  let sends = 0;
  const first = requests.request<number>(() => sends++, 'weights');
  const second = requests.request<number>(() => sends++, 'weights');
  assert.equal(sends, 2);
  requests.answer('weights', 42);
  assert.deepEqual(await Promise.all([first, second]), [42, 42]);
  const third = requests.request<number>(() => sends++, 'weights');
  requests.fail('weights', new Error('weights missing'));
  await assert.rejects(third, /weights missing/);
});
