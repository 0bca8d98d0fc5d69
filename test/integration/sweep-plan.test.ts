import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { jsonLines, runCli } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';
import { emitGrid, GRID, workerEnv as gridWorkerEnv } from '../helpers/sweep-grid';
import { toolsSkipReason } from '../helpers/cluster-tools';
import { parseSweepFile, type SweepFile } from '../../src/core/sweep/sweep-file';
import { parsePlanFile } from '../../src/core/sweep/plan-file';
import { isTemporaryName } from '../../src/node/temp-names';

const { ws, weights, seed } = useCliWorkspace();
const workerEnv = () => gridWorkerEnv(weights);
const emit = (name: string, ...extra: string[]) => emitGrid(ws, seed(), name, ...extra);

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
