import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeCanonical } from '../../src/core/graph/canonical';
import type { EngineEvent, EngineReply, EngineRequest } from '../../src/core/protocol/engine-messages';
import { EngineJobs } from '../../src/node/engine/engine-jobs';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { seedGraph } from '../helpers/seed-run';
import { EXAMPLES, SEED_GRAPH } from '../helpers/paths';
import { tempFolder } from '../helpers/temp-folder';

let weights: string;
before(async () => {
  weights = await writeTfjsFiles(randomVggWeights(14), tempFolder('stylegraph-engine-jobs-'));
});

/** Engine jobs whose replies are kept; `ended(job)` resolves with a job's last event. */
function engine(): { jobs: EngineJobs; replies: readonly EngineReply[]; events: (job: number) => EngineEvent[]; ended: (job: number) => Promise<EngineEvent>; on: (match: (r: EngineReply) => boolean) => Promise<void> } {
  const replies: EngineReply[] = [];
  const waiting: { match: (r: EngineReply) => boolean; resolve: () => void }[] = [];
  const jobs = new EngineJobs((reply) => {
    replies.push(reply);
    for (const w of waiting.filter((w) => w.match(reply))) w.resolve();
  }, () => undefined);
  const on = (match: (r: EngineReply) => boolean) => new Promise<void>((resolve) => {
    if (replies.some(match)) resolve();
    else waiting.push({ match, resolve });
  });
  const events = (job: number) => replies.filter((r) => r.job === job).map((r) => r.event);
  const ended = async (job: number) => {
    await on((r) => r.job === job && ['done', 'error', 'inspected', 'evaluated'].includes(r.event.kind));
    return events(job).at(-1)!;
  };
  return { jobs, replies, events, ended, on };
}

const job = (id: number, graphText: string, extra: Partial<Extract<EngineRequest, { type: 'run' }>> = {}): Extract<EngineRequest, { type: 'run' }> =>
  ({ type: 'run', job: id, client: 'editor-1', graphText, graphPath: SEED_GRAPH, roots: [EXAMPLES], backend: 'cpu', name: 'seed.stylegraph.json', weights, ...extra });

test('a run reports loading, its backend, where its iterations compute, running, its progress and its result; then its nodes can be looked inside, until the editor is forgotten', async () => {
  const { jobs, events, ended } = engine();
  jobs.handle(job(1, writeCanonical(seedGraph())));
  const done = await ended(1);
  assert.equal(done.kind, 'done', JSON.stringify(done).slice(0, 300));
  if (done.kind === 'done') {
    assert.equal(done.result.status, 'done');
    assert.equal(done.result.iterations, 4);
  }
  const kinds = events(1).map((e) => (e.kind === 'stage' ? `stage ${e.stage}` : e.kind));
  assert.deepEqual(kinds.slice(0, 4), ['stage loading', 'backend', 'loop', 'stage running']);
  assert.deepEqual(events(1)[1], { kind: 'backend', backend: 'cpu', threads: 1 });
  assert.deepEqual(events(1)[2], { kind: 'loop', nativeLoop: false, placement: 'every node on tfjs cpu' });
  const iterations = events(1).flatMap((e) => (e.kind === 'progress' ? e.events.map((p) => p.iteration) : []));
  assert.deepEqual(iterations, [1, 2, 3, 4]);

  jobs.handle({ type: 'inspect', job: 2, client: 'editor-1', nodeId: 'gram_generated_conv1_1' });
  const inspected = await ended(2);
  assert.equal(inspected.kind, 'inspected', JSON.stringify(inspected).slice(0, 300));
  jobs.handle({ type: 'inspect', job: 3, client: 'editor-2', nodeId: 'gram_generated_conv1_1' });
  assert.deepEqual(await ended(3), { kind: 'error', message: 'Run the graph to look inside this node.' }, 'another editor has no last run');
  jobs.handle({ type: 'forget', client: 'editor-1' });
  jobs.handle({ type: 'inspect', job: 4, client: 'editor-1', nodeId: 'gram_generated_conv1_1' });
  assert.deepEqual(await ended(4), { kind: 'error', message: 'Run the graph to look inside this node.' });
});

test('a graph with a problem is one error naming its node; nothing loads', async () => {
  const { jobs, events, ended } = engine();
  const text = readFileSync(SEED_GRAPH, 'utf8').replace('"learningRate": 2', '"learningRate": "fast"');
  jobs.handle(job(5, text));
  const error = await ended(5);
  assert.equal(error.kind, 'error');
  if (error.kind === 'error') {
    assert.equal(error.nodeId, 'adam');
    assert.match(error.message, /param learningRate: expected a number, found "fast"/);
  }
  assert.equal(events(5).length, 1);
});

test('an image outside the job\'s folders is refused, naming its node', async () => {
  const { jobs, ended } = engine();
  jobs.handle(job(6, writeCanonical(seedGraph()), { roots: [tempFolder('stylegraph-elsewhere-')] }));
  const error = await ended(6);
  assert.equal(error.kind, 'error');
  if (error.kind === 'error') {
    assert.equal(error.nodeId, 'content');
    assert.match(error.message, /^seed\.stylegraph\.json: 2 problems:\n {2}- node "content" \(image\.load\): path "samples\/chelsea\.png" is outside the workspace/);
  }
});

test('a run without weights: one error saying none were given', async () => {
  const { jobs, ended } = engine();
  jobs.handle(job(7, writeCanonical(seedGraph()), { weights: undefined }));
  assert.deepEqual(await ended(7), { kind: 'error', message: 'no VGG-19 weights were given to the engine' });
});

test('Stop while a run loads: it ends as stopped before it started; a stop for another client\'s job is ignored', async () => {
  const { jobs, ended, on } = engine();
  jobs.handle(job(8, writeCanonical(seedGraph({ iterations: 300 }))));
  await on((r) => r.job === 8 && r.event.kind === 'stage');
  jobs.handle({ type: 'stop', client: 'editor-2', job: 8 });
  jobs.handle({ type: 'stop', client: 'editor-1', job: 8 });
  assert.deepEqual(await ended(8), { kind: 'error', message: 'stopped before the run started', stopped: true });
});

test('jobs run one at a time, in order', async () => {
  const { jobs, replies, ended } = engine();
  jobs.handle(job(9, writeCanonical(seedGraph({ iterations: 2 }))));
  jobs.handle(job(10, writeCanonical(seedGraph({ iterations: 2 }))));
  assert.equal((await ended(10)).kind, 'done');
  const order = replies.map((r) => `${r.job} ${r.event.kind}`);
  assert.equal(order.indexOf('10 stage'), order.indexOf('9 done') + 1, 'the second began when the first was done');
});
