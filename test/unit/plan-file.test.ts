import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INDEX_VARIABLES, PLAN_FORMAT, PLAN_VERSION, indexSource, parseIndex, parsePlanFile, planRuns, withPlanInputs, writePlanFile, type PlanFile } from '../../src/core/sweep/plan-file';
import { parseCliArgs, UsageError } from '../../src/cli/args';
import type { Graph } from '../../src/core/graph/types';

const vary = [{ keys: ['alpha.w'], values: [1, 10] }, { keys: ['a.layer', 'b.layer'], values: ['conv3_2', 'conv4_2', 'conv5_2'] }];
const plan: PlanFile = {
  format: PLAN_FORMAT,
  version: PLAN_VERSION,
  graph: `inputs/${'a'.repeat(64)}.stylegraph.json`,
  inputs: { 'samples/cat.png': `${'b'.repeat(64)}.png`, faces: 'c'.repeat(64) },
  vary,
  runs: planRuns(vary),
  size: [32, 32],
  iterations: 3,
  seed: null,
  backend: 'cpu',
};

test('plan.json: written and read back the same; the runs are the axes\' combinations in order, the last axis fastest', () => {
  const text = writePlanFile(plan);
  assert.deepEqual(parsePlanFile(text), plan);
  assert.deepEqual(JSON.parse(text), plan, 'plain JSON');
  assert.deepEqual(plan.runs.slice(0, 2), [
    { index: 0, params: { 'alpha.w': 1, 'a.layer': 'conv3_2', 'b.layer': 'conv3_2' } },
    { index: 1, params: { 'alpha.w': 1, 'a.layer': 'conv4_2', 'b.layer': 'conv4_2' } },
  ]);
  assert.equal(plan.runs.length, 6);
  assert.match(text, /^ {4}\{"index":5,"params":\{"alpha\.w":10,"a\.layer":"conv5_2","b\.layer":"conv5_2"\}\}$/m, 'one run per line');
});

test('plan.json: another format or version, a field of the wrong type, runs that are not the combinations, a path outside inputs/: one message naming it', () => {
  const text = writePlanFile(plan);
  const json = JSON.parse(text) as Record<string, unknown>;
  const fails = (change: Record<string, unknown>, message: RegExp) => assert.throws(() => parsePlanFile(JSON.stringify({ ...json, ...change })), message);
  assert.throws(() => parsePlanFile('{"format": '), /^Error: not JSON/);
  fails({ format: 'stylegraph' }, /^Error: \$\.format is "stylegraph", not "stylegraph-plan": not a stylegraph sweep plan$/);
  fails({ version: 2 }, /^Error: \$\.version is 2; this stylegraph reads plan version 1/);
  fails({ iterations: '3' }, /^Error: \$\.iterations must be a number$/);
  fails({ runs: (json.runs as unknown[]).slice(1) }, /^Error: \$\.runs has 5 runs, but the axes of \$\.vary make 6$/);
  fails({ runs: [...(json.runs as unknown[])].reverse() }, /^Error: \$\.runs\[0\] is not combination 0 of \$\.vary/);
  fails({ graph: '../elsewhere.stylegraph.json' }, /^Error: \$\.graph must be inputs\/<sha256>\.stylegraph\.json/);
  fails({ inputs: { 'a.png': '../../etc/passwd' } }, /^Error: \$\.inputs\["a\.png"\] must be a content-addressed name/);
  fails({ vary: [] }, /^Error: \$\.vary must name at least one axis$/);
});

test('the index: --index first, else the first set of SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, STYLEGRAPH_INDEX; checked against the runs', () => {
  assert.deepEqual(INDEX_VARIABLES, ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX', 'STYLEGRAPH_INDEX']);
  const all = { SLURM_ARRAY_TASK_ID: '1', JOB_COMPLETION_INDEX: '2', AWS_BATCH_JOB_ARRAY_INDEX: '3', STYLEGRAPH_INDEX: '4' };
  assert.deepEqual(indexSource('0', all), { text: '0', from: '--index' });
  assert.deepEqual(indexSource(undefined, all), { text: '1', from: '$SLURM_ARRAY_TASK_ID' });
  assert.deepEqual(indexSource(undefined, { ...all, SLURM_ARRAY_TASK_ID: '' }), { text: '2', from: '$JOB_COMPLETION_INDEX' });
  assert.deepEqual(indexSource(undefined, { AWS_BATCH_JOB_ARRAY_INDEX: '3', STYLEGRAPH_INDEX: '4' }), { text: '3', from: '$AWS_BATCH_JOB_ARRAY_INDEX' });
  assert.deepEqual(indexSource(undefined, { STYLEGRAPH_INDEX: '4' }), { text: '4', from: '$STYLEGRAPH_INDEX' });
  assert.equal(indexSource(undefined, {}), undefined);
  assert.equal(parseIndex('5', '--index', 6), 5);
  assert.throws(() => parseIndex('6', '$SLURM_ARRAY_TASK_ID', 6), /^Error: \$SLURM_ARRAY_TASK_ID is 6, outside the plan's 6 runs \(0\.\.5\)$/);
  for (const bad of ['-1', '1.5', ' 1', '', '1e3']) assert.throws(() => parseIndex(bad, '--index', 6), /must be a whole number in 0\.\.5/, bad);
});

test('the plan\'s graph reads the content-addressed copies: each input path the map names is replaced, other params and paths kept', () => {
  const graph = {
    format: 'stylegraph',
    version: 1,
    nodes: [
      { id: 'content', type: 'image.load', params: { path: 'samples/cat.png', height: 32 }, ui: { pos: [0, 0] } },
      { id: 'style', type: 'image.load', params: { path: 'samples/other.png' }, ui: { pos: [0, 0] } },
      { id: 'out', type: 'image.output', params: { path: 'samples/cat.png' }, ui: { pos: [0, 0] } },
    ],
    edges: [],
  } as unknown as Graph;
  const rewritten = withPlanInputs(graph, plan.inputs);
  assert.deepEqual(rewritten.nodes.map((n) => n.params), [{ path: `${'b'.repeat(64)}.png`, height: 32 }, { path: 'samples/other.png' }, { path: 'samples/cat.png' }]);
});

test('sweep\'s modes: --emit with --parallel; --plan with --index, --force, --weights, --json and no graph; --collect DIR; flags of another mode are usage errors', () => {
  const emit = parseCliArgs(['sweep', 'g.stylegraph.json', '--vary', 'alpha.w=1,2', '--emit', 'plan', '--parallel', '4', '--size', '32x32']);
  assert.deepEqual([emit.command, 'emit' in emit && emit.emit, 'parallel' in emit && emit.parallel], ['sweep', 'plan', 4]);
  assert.deepEqual(parseCliArgs(['sweep', '--plan', 'p/plan.json', '--index', '3', '--force', '--weights', 'w.h5', '--json']), { command: 'sweep-plan', plan: 'p/plan.json', index: '3', force: true, weights: 'w.h5', json: true });
  assert.deepEqual(parseCliArgs(['sweep', '--plan', 'p/plan.json']), { command: 'sweep-plan', plan: 'p/plan.json', index: undefined, force: false, weights: undefined, json: false });
  assert.deepEqual(parseCliArgs(['sweep', '--collect', 'p', '--json']), { command: 'sweep-collect', dir: 'p', json: true });
  const fails = (argv: string[], message: RegExp) => assert.throws(() => parseCliArgs(argv), (e: Error) => e instanceof UsageError && message.test(e.message), argv.join(' '));
  fails(['sweep', '--plan', 'p', '--vary', 'a.w=1'], /^--vary does not go with --plan$/);
  fails(['sweep', '--plan', 'p', 'g.stylegraph.json'], /^sweep --plan takes no graph file/);
  fails(['sweep', '--collect', 'p', '--index', '1'], /^--index does not go with --collect$/);
  fails(['sweep', 'g.json', '--vary', 'a.w=1', '--index', '1'], /^--index goes with --plan$/);
  fails(['sweep', 'g.json', '--vary', 'a.w=1', '--parallel', '2'], /^--parallel goes with --emit$/);
  fails(['sweep', 'g.json', '--vary', 'a.w=1', '--emit', 'd', '--parallel', '0'], /^--parallel must be a whole number in 1\.\.100000, not "0"$/);
  fails(['sweep', 'g.json', '--vary', 'a.w=1', '--emit', 'd', '--out-dir', 'o'], /^--out-dir does not go with --emit$/);
  fails(['sweep', 'g.json', '--vary', 'a.w=1', '--emit', 'd', '--no-history'], /^--no-history does not go with --emit/);
});
