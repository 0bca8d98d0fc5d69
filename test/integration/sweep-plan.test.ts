import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';
import { stylegraphOnPath, toolsSkipReason } from '../helpers/cluster-tools';
import { parseSweepFile, type SweepFile } from '../../src/core/sweep/sweep-file';
import { parsePlanFile } from '../../src/core/sweep/plan-file';
import { isTemporaryName } from '../../src/node/temp-names';

let ws: string;
let weights: string;
const seed = () => join(ws, 'examples', 'seed.stylegraph.json');
/** The 2x3 sweep of the issue, at 32x32 on narrow random weights. */
const GRID = ['--size', '32x32', '--iterations', '3', '--backend', 'cpu', '--vary', 'alpha.w=1,10', '--vary', 'beta.w=1,2,3'];
const workerEnv = () => ({ STYLEGRAPH_WEIGHTS: weights, PATH: `${stylegraphOnPath()}:${process.env.PATH}` });
type Line = Record<string, unknown>;
const jsonLines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);

before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(3), join(ws, 'weights'));
});

async function emit(name: string, ...extra: string[]): Promise<string> {
  const dir = join(ws, name);
  const r = await runCli(['sweep', seed(), ...GRID, '--emit', dir, ...extra], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

/** Runs a command; `onStderrLine` sees each line. */
function runTool(command: string, args: readonly string[], options: { cwd: string; env: Record<string, string>; stdin?: string; onStderrLine?: (line: string, pid: number) => void }) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, STYLEGRAPH_CACHE: join(ws, '.cache'), ...options.env }, stdio: [options.stdin ? openSync(options.stdin, 'r') : 'ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d));
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d;
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) options.onStderrLine?.(line, child.pid!);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The process ids below `pid` (from /proc), with their command lines. */
function descendants(pid: number): { pid: number; cmdline: string[] }[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const below = (p: number): number[] => [...parents].filter(([, parent]) => parent === p).flatMap(([child]) => [child, ...below(child)]);
  return below(pid).flatMap((p) => {
    try {
      return [{ pid: p, cmdline: readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0') }];
    } catch {
      return [];
    }
  });
}

/** sweep.json of a collected plan against the in-process sweep's: same axes, params, images, losses (1e-5 relative). */
function assertSameSweep(collected: SweepFile, inProcess: SweepFile): void {
  assert.deepEqual(collected.vary, inProcess.vary);
  assert.deepEqual(collected.runs.map((r) => [r.params, r.image]), inProcess.runs.map((r) => [r.params, r.image]));
  collected.runs.forEach((run, i) => {
    const expected = inProcess.runs[i]!;
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(Math.abs(a), Math.abs(b));
    assert.ok(close(run.loss, expected.loss), `run ${i + 1}: J ${run.loss} vs ${expected.loss}`);
    assert.deepEqual(Object.keys(run.losses), Object.keys(expected.losses));
    for (const [id, value] of Object.entries(expected.losses)) assert.ok(close(run.losses[id]!, value), `run ${i + 1}: ${id} ${run.losses[id]} vs ${value}`);
  });
}

const parallelSkip = toolsSkipReason('the GNU parallel sweep test', ['parallel']);

test('a 2x3 plan run by GNU parallel -j 2, one index killed midway: --collect lists it (exit 3); resubmitting everything reruns only it; the collected sweep equals the in-process one', { skip: parallelSkip !== undefined, timeout: 600_000 }, async () => {
  const reference = join(ws, 'in-process.sweep');
  const inProcess = await runCli(['sweep', seed(), ...GRID, '--out-dir', reference, '--no-history', '--weights', weights], { cwd: ws });
  assert.equal(inProcess.code, 0, inProcess.stderr);
  const dir = await emit('parallel-plan', '--parallel', '2');
  const commands = join(dir, 'commands.txt');

  // First submission: index 4 is killed (SIGKILL) after its first iteration.
  let killed: number | undefined;
  const first = await runTool('parallel', ['-j', '2', '--line-buffer', '--tag'], {
    cwd: dir,
    env: workerEnv(),
    stdin: commands,
    onStderrLine: (line, pid) => {
      if (killed !== undefined || !/--index 4\titeration 1\//.test(line)) return;
      const worker = descendants(pid).find((p) => p.cmdline.some((a) => a.endsWith('stylegraph.js')) && p.cmdline.join(' ').includes('--index 4'));
      if (worker) {
        killed = worker.pid;
        process.kill(worker.pid, 'SIGKILL');
      }
    },
  });
  assert.ok(killed !== undefined, `index 4's worker was found and killed: ${first.stderr}`);
  assert.equal(first.code, 1, 'parallel exits with the number of failed jobs');
  // A SIGKILL that lands while index 4 writes its folder leaves that folder under a temporary name,
  // which --collect ignores and a later worker removes once stale; never a folder named 4.
  const left = readdirSync(join(dir, 'runs')).sort();
  const temporaries = left.filter((name) => isTemporaryName(name));
  const kept = left.filter((name) => !isTemporaryName(name));
  assert.deepEqual(kept, ['0', '1', '2', '3', '5'], 'the killed index left no run folder in runs/');
  assert.ok(temporaries.every((name) => isTemporaryName(name, '4')), `only index 4's temporaries: ${temporaries.join(', ')}`);

  const partial = await runCli(['sweep', '--collect', dir, '--json'], { cwd: ws });
  assert.equal(partial.code, 3, partial.stderr);
  assert.deepEqual(jsonLines(partial.stdout), [{ event: 'collected', runs: 5, missing: [4] }]);
  assert.match(partial.stderr, /missing or failed: 1 run, index 4; in .* run them with:\n {2}stylegraph sweep --plan plan\.json --index 4\n/);
  assert.match(readFileSync(join(dir, 'index.html'), 'utf8'), /5 of 6 runs finished/);

  const started = (k: number) => (JSON.parse(readFileSync(join(dir, 'runs', String(k), 'run.json'), 'utf8')) as { started: string }).started;
  const before = [0, 1, 2, 3, 5].map(started);
  const again = await runTool('parallel', ['-j', '2'], { cwd: dir, env: workerEnv(), stdin: commands });
  assert.equal(again.code, 0, again.stderr);
  assert.equal((again.stderr.match(/finished already in .*; skipped \(--force runs it again\)/g) ?? []).length, 5, again.stderr);
  assert.match(again.stderr, /index 4: J \S+ in \S+ s; wrote .*runs\/4\n/);
  assert.deepEqual([0, 1, 2, 3, 5].map(started), before, 'the finished runs were not run again');

  const collected = await runCli(['sweep', '--collect', dir, '--json'], { cwd: ws });
  assert.equal(collected.code, 0, collected.stderr);
  assert.deepEqual(jsonLines(collected.stdout), [{ event: 'collected', runs: 6, missing: [] }]);
  const mine = parseSweepFile(readFileSync(join(dir, 'sweep.json'), 'utf8'));
  const theirs = parseSweepFile(readFileSync(join(reference, 'sweep.json'), 'utf8'));
  assertSameSweep(mine, theirs);
  assert.equal(mine.graph, parsePlanFile(readFileSync(join(dir, 'plan.json'), 'utf8')).graph);
  const size = (png: string) => { const p = PNG.sync.read(readFileSync(png)); return [p.width, p.height]; };
  assert.deepEqual(size(join(dir, 'grid.png')), size(join(reference, 'grid.png')));
  for (const run of mine.runs) assert.deepEqual(size(join(dir, run.image)), [32, 32]);
  // The gallery is the in-process sweep's but for the graph's name and the seconds.
  const gallery = (folder: string) => readFileSync(join(folder, 'index.html'), 'utf8').replace(/Sweep of (<code>)?[^<]*/g, 'Sweep of').replace(/<div>[\d.]+ s<\/div>/g, '');
  assert.equal(gallery(dir), gallery(reference));
});

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

test('--collect: a plan with no run finished gives an empty gallery and exit 3; a folder without a plan is exit 2', async () => {
  const dir = await emit('nothing-ran');
  const r = await runCli(['sweep', '--collect', dir], { cwd: ws });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /missing or failed: 6 runs, index 0, 1, 2, 3, 4, 5/);
  assert.deepEqual(parseSweepFile(readFileSync(join(dir, 'sweep.json'), 'utf8')).runs, []);
  const none = await runCli(['sweep', '--collect', join(ws, 'examples')], { cwd: ws });
  assert.equal(none.code, 2, none.stderr);
  assert.match(none.stderr, /^stylegraph: cannot read the plan .*examples\/plan\.json: no such file/m);
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
