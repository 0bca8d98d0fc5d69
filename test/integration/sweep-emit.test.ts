import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';
import { emitGrid, GRID } from '../helpers/sweep-grid';
import { parsePlanFile } from '../../src/core/sweep/plan-file';

const { ws, weights, seed } = useCliWorkspace();
const emit = (name: string, ...extra: string[]) => emitGrid(ws, seed(), name, ...extra);

test('--emit: the plan, its content-addressed inputs and the engines\' files; nothing runs and no weights are looked for', async () => {
  const dir = await emit('emitted', '--parallel', '3');
  assert.deepEqual(readdirSync(dir).sort(), ['README.txt', 'commands.txt', 'indexed-job.yaml', 'inputs', 'logs', 'plan.json', 'runs', 'slurm.sbatch']);
  const plan = parsePlanFile(readFileSync(join(dir, 'plan.json'), 'utf8'));
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as object), ['format', 'version', 'graph', 'inputs', 'vary', 'runs', 'size', 'iterations', 'seed', 'backend']);
  assert.deepEqual([plan.size, plan.iterations, plan.seed, plan.backend], [[32, 32], 3, null, 'cpu']);
  assert.deepEqual(plan.runs.map((r) => r.params), [[1, 1], [1, 2], [1, 3], [10, 1], [10, 2], [10, 3]].map(([a, b]) => ({ 'alpha.w': a, 'beta.w': b })));
  // The graph and both images under the sha256 of their bytes; the graph reads the copies.
  assert.deepEqual(Object.keys(plan.inputs).sort(), ['samples/chelsea.png', 'samples/hubble_deep_field.jpg']);
  const inputs = readdirSync(join(dir, 'inputs')).sort();
  assert.deepEqual(inputs, [plan.graph.slice('inputs/'.length), ...Object.values(plan.inputs)].sort());
  const graph = readFileSync(join(dir, plan.graph), 'utf8');
  for (const name of Object.values(plan.inputs)) assert.ok(graph.includes(`"path": "${name}"`), name);
  assert.ok(!graph.includes('samples/'), 'no path of the original folder is left');
  assert.deepEqual(readFileSync(join(dir, 'inputs', plan.inputs['samples/chelsea.png']!)), readFileSync(join(ws, 'examples', 'samples', 'chelsea.png')));
  assert.equal(readFileSync(join(dir, 'commands.txt'), 'utf8'), [0, 1, 2, 3, 4, 5].map((k) => `stylegraph sweep --plan plan.json --index ${k}\n`).join(''));
  assert.match(readFileSync(join(dir, 'slurm.sbatch'), 'utf8'), /^#SBATCH --array=0-5%3$/m);
  assert.match(readFileSync(join(dir, 'indexed-job.yaml'), 'utf8'), /^ {2}completions: 6\n {2}parallelism: 3$/m);
  assert.deepEqual(readdirSync(join(dir, 'runs')), []);
});

test('--emit refuses what sweep refuses, before writing anything: a bad combination (exit 1), a folder that is not empty (exit 1), flags that belong to the workers (exit 2)', async () => {
  const noWeights = { cwd: ws, env: { STYLEGRAPH_WEIGHTS: join(ws, 'no-such.h5') } };
  const layer = await runCli(['sweep', seed(), '--size', '24x32', '--vary', 'content_conv4_2.layer=conv4_2,conv5_2', '--emit', join(ws, 'bad-layer')], noWeights);
  assert.equal(layer.code, 1, layer.stderr);
  assert.match(layer.stderr, /with content_conv4_2\.layer=conv5_2: node "j_content" \(loss\.content\): the content features are/);
  assert.ok(!existsSync(join(ws, 'bad-layer')));
  const taken = join(ws, 'taken');
  mkdirSync(taken);
  writeFileSync(join(taken, 'notes.txt'), 'mine');
  const full = await runCli(['sweep', seed(), ...GRID, '--emit', taken], noWeights);
  assert.equal(full.code, 1, full.stderr);
  assert.match(full.stderr, /^stylegraph: --emit .*taken: .*taken is not empty \(it holds notes\.txt\); choose a new folder$/m);
  assert.deepEqual(readdirSync(taken), ['notes.txt']);
  const flag = await runCli(['sweep', seed(), ...GRID, '--emit', join(ws, 'flagged'), '--weights', weights], noWeights);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /^stylegraph: --weights does not go with --emit \(it loads no weights/);
  assert.ok(!existsSync(join(ws, 'flagged')));
});
