import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compile } from '../../src/core/compile/plan';
import { GraphError } from '../../src/core/graph/problems';
import type { VggWeightSet } from '../../src/core/model/weights';
import { VggModel } from '../../src/core/model/vgg-model';
import { readImageFile } from '../../src/node/image-file';
import { readGraphFile, RunSession } from '../../src/node/run-session';
import { randomVggWeights } from '../helpers/weight-files';
import { seedGraph } from '../helpers/seed-run';
import { EXAMPLES, FIXTURES, SEED_GRAPH } from '../helpers/paths';
import { tempFolder } from '../helpers/temp-folder';

const readImage = (path: string) => readImageFile(resolve(EXAMPLES, path));

/** A session on cpu whose weights are asked for through `weights`. */
function start(weights: (signal: AbortSignal) => Promise<VggWeightSet>, log: string[] = []): Promise<RunSession> {
  return RunSession.start({ backend: 'cpu', weights, log: (l) => log.push(l) });
}

test('a graph file is read and checked; one it cannot read names the file as shown; one with problems is a GraphError listing them', async () => {
  const graph = await readGraphFile(SEED_GRAPH, 'seed.stylegraph.json');
  assert.ok(graph.nodes.some((n) => n.id === 'adam'));
  await assert.rejects(readGraphFile(join(tempFolder('stylegraph-session-'), 'none.json'), 'shown/none.json'), /^Error: cannot read graph file shown\/none\.json: ENOENT/);
  await assert.rejects(readGraphFile(join(FIXTURES, 'graphs', 'many-problems.stylegraph.json'), 'many.json'), (e: unknown) => e instanceof GraphError && e.problems.length > 1);
  const notJson = join(tempFolder('stylegraph-session-'), 'x.stylegraph.json');
  writeFileSync(notJson, '{ not json');
  await assert.rejects(readGraphFile(notJson, 'x.stylegraph.json'), (e: unknown) => e instanceof GraphError && e.problems.length === 1);
});

test('a session on a named backend says nothing and runs one thread on cpu', async () => {
  const log: string[] = [];
  const session = await start(() => Promise.reject(new Error('not asked')), log);
  assert.equal(session.backend, 'cpu');
  assert.equal(session.threads, 1);
  assert.deepEqual(log, []);
  await session.dispose();
});

test('the weights are asked for once, whatever asks (network, prepare); again after a failure', async () => {
  let asked = 0;
  let fail = true;
  const session = await start(async () => {
    asked++;
    if (fail) throw new Error('weights not there yet');
    return randomVggWeights(3);
  });
  await assert.rejects(session.network(new AbortController().signal), /weights not there yet/);
  fail = false;
  const [a, b] = await Promise.all([session.network(new AbortController().signal), session.network(new AbortController().signal)]);
  await session.prepare(seedGraph(), new AbortController().signal);
  assert.equal(asked, 2);
  assert.equal(a, b);
  assert.ok(a instanceof VggModel, 'cpu runs tfjs\'s VGG-19');
  assert.equal(await session.faces(seedGraph()), undefined, 'no face nodes, no face models');
  await session.dispose();
});

test('a run records every iteration\'s losses and returns its image; a second run reuses the targets the first computed', async () => {
  const session = await start(async () => randomVggWeights(5));
  try {
    const plan = compile(seedGraph(), 'seed');
    const progress: number[] = [];
    const run = await session.run(plan, { readImage }, { signal: new AbortController().signal, onProgress: (e) => progress.push(e.iteration) });
    assert.equal(run.result.status, 'done');
    assert.equal(run.result.iterations, 4);
    assert.deepEqual(progress, [1, 2, 3, 4]);
    assert.deepEqual(run.recorder.log().rows.map((r) => r[0]), [1, 2, 3, 4]);
    assert.deepEqual([run.result.image.height, run.result.image.width], [24, 32]);
    assert.equal(run.model, await session.network(new AbortController().signal));
    const targets = session.cache.size;
    assert.ok(targets > 0, 'targets cached');
    await session.run(plan, { readImage }, { signal: new AbortController().signal });
    assert.equal(session.cache.size, targets);
  } finally {
    await session.dispose();
  }
  assert.equal(session.cache.size, 0, 'dispose clears the targets');
});

test('a run stopped before it starts ends at once with an AbortError, before any iteration', async () => {
  let asked = 0;
  const session = await start(async () => (asked++, randomVggWeights(6)));
  const abort = new AbortController();
  abort.abort();
  const progress: number[] = [];
  await assert.rejects(session.run(compile(seedGraph(), 'seed'), { readImage }, { signal: abort.signal, onProgress: (e) => progress.push(e.iteration) }), { name: 'AbortError' });
  assert.deepEqual(progress, []);
  assert.equal(asked, 1, 'the network still loads (a later run uses it)');
  await session.dispose();
});
