import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineClient } from '../../src/node/engine/engine-client';
import type { EngineEvent } from '../../src/core/protocol/engine-messages';
import type { HostMessage } from '../../src/core/protocol/messages';
import { EngineRelay, type RelayHost } from '../../src/extension/engine-relay';

type JobRequest = Parameters<EngineClient['submit']>[0];

/** What the relay asked of the engine. */
interface Calls {
  submitted: { request: JobRequest; owner: string; reply: (event: EngineEvent) => void }[];
  stopped: [string, number][];
  forgotten: string[];
}

function relay(host: Partial<RelayHost> = {}): { relay: EngineRelay; calls: Calls; posted: HostMessage[] } {
  const calls: Calls = { submitted: [], stopped: [], forgotten: [] };
  const engine = {
    submit: (request: JobRequest, owner: string, reply: (event: EngineEvent) => void) => calls.submitted.push({ request, owner, reply }),
    stop: (client: string, job: number) => calls.stopped.push([client, job]),
    forget: (client: string) => calls.forgotten.push(client),
  } as unknown as EngineClient;
  const posted: HostMessage[] = [];
  const full: RelayHost = {
    name: 'seed.stylegraph.json',
    graphPath: '/ws/seed.stylegraph.json',
    roots: () => ['/ws', '/other'],
    trusted: () => true,
    weights: () => Promise.resolve('/cache/model.json'),
    post: (m) => posted.push(m),
    ...host,
  };
  return { relay: new EngineRelay(() => engine, full), calls, posted };
}

test('a run becomes an engine job with the document\'s path, the workspace\'s folders and the weights the host resolved; its events go back as engineEvents', async () => {
  const { relay: r, calls, posted } = relay();
  await r.handle({ type: 'engineRun', job: 4, graphText: '{}', backend: 'onnx', needsWeights: true, frames: 3 });
  assert.equal(calls.submitted.length, 1);
  const { request, owner, reply } = calls.submitted[0]!;
  assert.equal(owner, 'seed.stylegraph.json');
  assert.deepEqual(request, { type: 'run', job: 4, client: r.client, graphText: '{}', graphPath: '/ws/seed.stylegraph.json', roots: ['/ws', '/other'], backend: 'onnx', name: 'seed.stylegraph.json', weights: '/cache/model.json', frames: 3 });
  reply({ kind: 'stage', stage: 'loading' });
  assert.deepEqual(posted, [{ type: 'engineEvent', job: 4, event: { kind: 'stage', stage: 'loading' } }]);
});

test('an evaluation that needs no weights does not ask for them', async () => {
  let asked = 0;
  const { relay: r, calls } = relay({ weights: () => (asked++, Promise.resolve('/w')) });
  await r.handle({ type: 'engineEvaluate', job: 5, graphText: '{}', backend: 'cpu', needsWeights: false });
  assert.equal(asked, 0);
  assert.equal(calls.submitted[0]!.request.type, 'evaluate');
  assert.equal('weights' in calls.submitted[0]!.request, false);
  assert.equal('frames' in calls.submitted[0]!.request, false);
});

test('in an untrusted workspace nothing runs: one error event', async () => {
  const { relay: r, calls, posted } = relay({ trusted: () => false });
  await r.handle({ type: 'engineRun', job: 6, graphText: '{}', backend: 'cpu', needsWeights: false });
  assert.deepEqual(calls.submitted, []);
  assert.deepEqual(posted, [{ type: 'engineEvent', job: 6, event: { kind: 'error', message: 'running is disabled in an untrusted workspace' } }]);
});

test('weights that cannot be had: an error event marked as shown (the host showed why), and no job', async () => {
  const { relay: r, calls, posted } = relay({ weights: () => Promise.reject(new Error('no weights in stylegraph.weightsPath')) });
  await r.handle({ type: 'engineRun', job: 7, graphText: '{}', backend: 'cpu', needsWeights: true });
  assert.deepEqual(calls.submitted, []);
  assert.deepEqual(posted, [{ type: 'engineEvent', job: 7, event: { kind: 'error', message: 'no weights in stylegraph.weightsPath', shown: true } }]);
});

test('inspect and stop go to the engine as this editor\'s, even untrusted; dispose forgets its last run', async () => {
  const { relay: r, calls } = relay({ trusted: () => false });
  await r.handle({ type: 'engineInspect', job: 8, nodeId: 'gram', channels: [1, 2] });
  await r.handle({ type: 'engineInspect', job: 9, nodeId: 'gram' });
  await r.handle({ type: 'engineStop', job: 8 });
  assert.deepEqual(calls.submitted.map((s) => s.request), [
    { type: 'inspect', job: 8, client: r.client, nodeId: 'gram', channels: [1, 2] },
    { type: 'inspect', job: 9, client: r.client, nodeId: 'gram' },
  ]);
  assert.deepEqual(calls.stopped, [[r.client, 8]]);
  r.dispose();
  assert.deepEqual(calls.forgotten, [r.client]);
});

test('each editor is its own engine client', () => {
  const a = relay().relay;
  const b = relay().relay;
  assert.match(a.client, /^editor-\d+$/);
  assert.notEqual(a.client, b.client);
});
