import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonLines, runCli, type JsonLine as Line } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';
import { emitGrid, workerEnv as gridWorkerEnv } from '../helpers/sweep-grid';
import { parsePlanFile } from '../../src/core/sweep/plan-file';

const { ws, weights, seed } = useCliWorkspace();
const workerEnv = () => gridWorkerEnv(weights);
const emit = (name: string, ...extra: string[]) => emitGrid(ws, seed(), name, ...extra);

test('--plan: the index from the environment (the first set variable wins), in a moved plan folder; out of range, no index, another format or version, changed inputs: one line, exit 2, nothing written; --force reruns', async () => {
  const emitted = await emit('to-move');
  const dir = join(ws, 'moved');
  cpSync(emitted, dir, { recursive: true });
  const plan = join(dir, 'plan.json');
  const worker = (env: Record<string, string>, ...args: string[]) => runCli(['sweep', '--plan', plan, ...args], { cwd: ws, env: { ...workerEnv(), ...env } });
  const chosen = await worker({ JOB_COMPLETION_INDEX: '1', AWS_BATCH_JOB_ARRAY_INDEX: '2', STYLEGRAPH_INDEX: '3' }, '--json');
  assert.equal(chosen.code, 0, chosen.stderr);
  assert.deepEqual(readdirSync(join(dir, 'runs')), ['1'], 'JOB_COMPLETION_INDEX came first');
  assert.deepEqual(readdirSync(join(dir, 'runs', '1')).sort(), ['graph.json', 'image.png', 'losses.json', 'run.json']);
  const info = JSON.parse(readFileSync(join(dir, 'runs', '1', 'run.json'), 'utf8')) as Line;
  assert.deepEqual([info.format, info.status, info.index, info.params], ['stylegraph-run', 'done', 1, { 'alpha.w': 1, 'beta.w': 2 }]);
  const done = jsonLines(chosen.stdout).at(-1)!;
  assert.deepEqual([done.event, done.index, done.loss], ['done', 1, info.loss]);

  const refusals: [string, Record<string, string>, string[], RegExp][] = [
    ['out of range', {}, ['--index', '6'], /--index is 6, outside the plan's 6 runs \(0\.\.5\)$/m],
    ['from Slurm, out of range', { SLURM_ARRAY_TASK_ID: '7', JOB_COMPLETION_INDEX: '0' }, [], /\$SLURM_ARRAY_TASK_ID is 7, outside the plan's 6 runs/],
    ['not a number', {}, ['--index', 'x'], /--index must be a whole number in 0\.\.5, not "x"/],
    ['no index', {}, [], /^stylegraph: no index: give --index K \(0\.\.5\) or set one of \$SLURM_ARRAY_TASK_ID, \$JOB_COMPLETION_INDEX, \$AWS_BATCH_JOB_ARRAY_INDEX, \$STYLEGRAPH_INDEX$/m],
  ];
  for (const [what, env, args, message] of refusals) {
    const r = await worker(env, ...args);
    assert.equal(r.code, 2, `${what}: ${r.stderr}`);
    assert.match(r.stderr, message, what);
    assert.ok(!r.stderr.includes('Usage:'), `${what}: no usage text`);
  }
  const original = readFileSync(plan, 'utf8');
  for (const [what, text, message] of [
    ['another format', original.replace('"stylegraph-plan"', '"stylegraph-sweep"'), /\$\.format is "stylegraph-sweep", not "stylegraph-plan": not a stylegraph sweep plan/],
    ['another version', original.replace('"version": 1', '"version": 2'), /\$\.version is 2; this stylegraph reads plan version 1: emit the plan again/],
  ] as const) {
    writeFileSync(plan, text);
    const r = await worker({}, '--index', '0');
    assert.equal(r.code, 2, `${what}: ${r.stderr}`);
    assert.match(r.stderr, message, what);
  }
  writeFileSync(plan, original);
  const chelsea = join(dir, 'inputs', parsePlanFile(original).inputs['samples/chelsea.png']!);
  const bytes = readFileSync(chelsea);
  writeFileSync(chelsea, Buffer.concat([bytes, Buffer.from('x')]));
  const changed = await worker({}, '--index', '0');
  assert.equal(changed.code, 2, changed.stderr);
  assert.match(changed.stderr, /^stylegraph: .*inputs\/[0-9a-f]{64}\.png \(the graph's "samples\/chelsea\.png"\) has sha256 [0-9a-f]{64}, not the [0-9a-f]{64} its name says: it changed after the plan was emitted$/m);
  writeFileSync(chelsea, bytes);
  assert.deepEqual(readdirSync(join(dir, 'runs')), ['1'], 'nothing written by the refused workers');

  const skipped = await worker({}, '--index', '1');
  assert.equal(skipped.code, 0);
  assert.match(skipped.stderr, /^index 1 \(alpha\.w=1, beta\.w=2\) finished already in .*runs\/1; skipped \(--force runs it again\)$/m);
  const forced = await worker({}, '--index', '1', '--force');
  assert.equal(forced.code, 0, forced.stderr);
  const rerun = JSON.parse(readFileSync(join(dir, 'runs', '1', 'run.json'), 'utf8')) as Line;
  assert.notEqual(rerun.started, info.started, '--force ran it again');
  assert.equal(rerun.loss, info.loss, 'to the same result');
  assert.deepEqual(readdirSync(join(dir, 'runs')), ['1'], 'no temporary left');
});

test('an index that fails at run time (a minSize scale too small for a layer) exits 1 naming its combination, writes runs/K.failed.txt and no runs/K; --collect tells its error; a later success removes it', async () => {
  const dir = join(ws, 'failing');
  const emitted = await runCli(['sweep', seed(), '--size', '24x32', '--iterations', '1', '--backend', 'cpu', '--vary', 'alpha.w=1', '--vary', 'adam.minSize=0,8', '--emit', dir], { cwd: ws });
  assert.equal(emitted.code, 0, emitted.stderr);
  const worker = (k: number) => runCli(['sweep', '--plan', join(dir, 'plan.json'), '--index', String(k)], { cwd: ws, env: workerEnv() });
  const failed = await worker(1);
  assert.equal(failed.code, 1, failed.stderr);
  assert.match(failed.stderr, /stylegraph: [\s\S]*with alpha\.w=1, adam\.minSize=8: node "generated_conv5_1" \(vgg19\.layer\): layer conv5_1 needs an image of at least 16x16 pixels/);
  assert.deepEqual(readdirSync(join(dir, 'runs')), ['1.failed.txt']);
  assert.equal((await worker(0)).code, 0);
  const collected = await runCli(['sweep', '--collect', dir, '--json'], { cwd: ws });
  assert.equal(collected.code, 3, collected.stderr);
  assert.deepEqual(jsonLines(collected.stdout), [{ event: 'collected', runs: 1, missing: [1] }]);
  assert.match(collected.stderr, /^ {2}stylegraph sweep --plan plan\.json --index 1 {3}\(failed: .*with alpha\.w=1, adam\.minSize=8: node "generated_conv5_1" .*\)$/m);
  // An index's failure record goes when it succeeds (index 1 always fails: give index 0 one).
  writeFileSync(join(dir, 'runs', '0.failed.txt'), 'an earlier failure\n');
  assert.equal((await worker(0)).code, 0, 'finished: skipped');
  assert.equal((await runCli(['sweep', '--plan', join(dir, 'plan.json'), '--index', '0', '--force'], { cwd: ws, env: workerEnv() })).code, 0);
  assert.ok(!existsSync(join(dir, 'runs', '0.failed.txt')), 'a success removes the index\'s failure record');
});
