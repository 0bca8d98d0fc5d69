import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';
import { loadGraph } from '../../src/core/graph/load';
import { writeCanonical } from '../../src/core/graph/canonical';
import { lossSeries } from '../../src/core/history/run-record';
import { historyFolder, listRuns, pruneRuns, readRun, recordRun, type NewRecord } from '../../src/node/run-history';
import { readImageFile } from '../../src/node/image-file';
import { SEED_GRAPH } from '../helpers/paths';
import { tempFolder } from '../helpers/temp-folder';

let ws: string;
let weights: string;
const seedGraph = loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;

before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(3), join(ws, 'weights'));
});
after(() => rmSync(ws, { recursive: true, force: true }));

function record(started: string, loss: number): NewRecord {
  return {
    graph: seedGraph,
    info: { started, status: 'done', backend: 'cpu', size: [1, 2], seed: 0, iterations: 2, seconds: 0.5, loss, losses: { j_total: loss } },
    losses: { loss: 'j_total', nodes: ['alpha', 'j_total'], rows: [[1, 10, 3, loss + 1], [2, 20, 2, loss]] },
    image: { width: 2, height: 1, data: new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]) },
  };
}

test('records: written whole, listed newest first, read back, the oldest pruned beyond the cap', async () => {
  const dir = tempFolder('stylegraph-history-');
  try {
    const graph = join(dir, 'my.stylegraph.json');
    assert.equal(historyFolder(graph), join(dir, '.stylegraph', 'runs', 'my'));
    assert.deepEqual(await listRuns(graph), [], 'no history yet');
    const a = await recordRun(graph, record('2026-01-02T03:04:05.006Z', 30), 3);
    assert.deepEqual(a, { id: '2026-01-02T03-04-05-006Z', pruned: [] });
    const b = await recordRun(graph, record('2026-01-02T03:04:05.006Z', 20), 3);
    assert.equal(b.id, '2026-01-02T03-04-05-006Z-2', 'two runs in one millisecond');
    await recordRun(graph, record('2026-01-02T03:04:06.000Z', 10), 3);
    assert.deepEqual((await listRuns(graph)).map((r) => [r.id, r.info.loss]), [
      ['2026-01-02T03-04-06-000Z', 10],
      ['2026-01-02T03-04-05-006Z-2', 20],
      ['2026-01-02T03-04-05-006Z', 30],
    ]);
    const full = await readRun(graph, b.id);
    assert.deepEqual(full.info, { format: 'stylegraph-run', version: 1, graph: 'my.stylegraph.json', ...record('', 0).info, started: '2026-01-02T03:04:05.006Z', loss: 20, losses: { j_total: 20 } });
    assert.equal(full.graphText, writeCanonical(seedGraph), 'the graph as canonical text');
    assert.deepEqual(lossSeries(full.losses, 'alpha'), [[1, 3], [2, 2]]);
    assert.deepEqual(await readImageFile(full.image), record('', 0).image);

    // A fourth record with cap 3 removes the oldest; pruneRuns alone keeps the newest N.
    const d = await recordRun(graph, record('2026-01-02T03:04:07.000Z', 5), 3);
    assert.deepEqual(d.pruned, ['2026-01-02T03-04-05-006Z']);
    assert.deepEqual(await pruneRuns(graph, 1), ['2026-01-02T03-04-05-006Z-2', '2026-01-02T03-04-06-000Z']);
    assert.deepEqual(readdirSync(historyFolder(graph)), [d.id]);
    await assert.rejects(recordRun(graph, record('2026-01-02T03:04:08.000Z', 1), 0), /the history cap must be a whole number of at least 1, not 0/);

    // A damaged record is left out of the list and named when read; other names are ignored.
    mkdirSync(join(historyFolder(graph), '2026-01-02T03-04-09-000Z'));
    writeFileSync(join(historyFolder(graph), '2026-01-02T03-04-09-000Z', 'run.json'), '{"format": "stylegraph-run", "version": 1}');
    mkdirSync(join(historyFolder(graph), 'record.tmp-0123456789ab'));
    assert.deepEqual((await listRuns(graph)).map((r) => r.id), [d.id]);
    await assert.rejects(readRun(graph, '2026-01-02T03-04-09-000Z'), /^Error: run 2026-01-02T03-04-09-000Z: run\.json: graph must be a string$/);
    await assert.rejects(readRun(graph, '../../x'), /"..\/..\/x" is not a run record id/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stylegraph run records the run beside the graph: graph with overrides, run.json, a loss row per iteration, the image', async () => {
  const graph = join(ws, 'examples', 'seed.stylegraph.json');
  const out = join(ws, 'final.png');
  const r = await runCli(['run', graph, '--weights', weights, '--size', '24x32', '--iterations', '3', '--seed', '7', '--backend', 'cpu', '--out', out, '--json'], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  const progress = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; loss: number; losses: Record<string, number> }).filter((l) => l.event === 'progress');
  const runs = await listRuns(graph);
  assert.equal(runs.length, 1);
  const run = await readRun(graph, runs[0]!.id);
  assert.equal(run.folder, join(ws, 'examples', '.stylegraph', 'runs', 'seed', run.id));
  const { started, seconds, ...info } = run.info;
  assert.ok(Math.abs(Date.parse(started) - Date.now()) < 120_000 && seconds > 0);
  assert.deepEqual(info, { format: 'stylegraph-run', version: 1, graph: 'seed.stylegraph.json', status: 'done', backend: 'cpu', size: [24, 32], seed: 7, iterations: 3, loss: progress[2]!.loss, losses: progress[2]!.losses });
  assert.deepEqual(run.losses.rows.map((row) => row[0]), [1, 2, 3]);
  assert.deepEqual(lossSeries(run.losses, run.losses.loss).map(([, v]) => v), progress.map((p) => p.loss));
  const ran = loadGraph(run.graphText).graph!;
  assert.equal(ran.nodes.find((n) => n.id === 'content')!.params.height, 24, 'the overrides are applied');
  assert.equal(ran.nodes.find((n) => n.id === 'generated')!.params.seed, 7);
  assert.deepEqual(await readImageFile(run.image), await readImageFile(out));

  const off = await runCli(['run', graph, '--weights', weights, '--size', '24x32', '--iterations', '1', '--backend', 'cpu', '--out', out, '--no-history'], { cwd: ws });
  assert.equal(off.code, 0, off.stderr);
  assert.doesNotMatch(off.stderr, /recorded in/);
  assert.equal((await listRuns(graph)).length, 1, '--no-history records nothing');
  const capped = await runCli(['run', graph, '--weights', weights, '--size', '24x32', '--iterations', '1', '--backend', 'cpu', '--out', out, '--keep-history', '1'], { cwd: ws });
  assert.equal(capped.code, 0, capped.stderr);
  assert.match(capped.stderr, /; recorded in .*\.stylegraph\/runs\/seed\/\d{4}-/);
  const left = await listRuns(graph);
  assert.deepEqual([left.length, left[0]!.info.iterations], [1, 1], 'the older record is removed');
  assert.ok(!existsSync(join(ws, '.stylegraph')), 'history goes beside the graph, not into the working folder');
});
