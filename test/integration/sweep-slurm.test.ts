import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';
import { stylegraphOnPath, toolsSkipReason } from '../helpers/cluster-tools';
import { REPO } from '../helpers/paths';
import { parseSweepFile } from '../../src/core/sweep/sweep-file';

let ws: string;
let weights: string;

before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(3), join(ws, 'weights'));
});

const sbin = `${process.env.PATH}:/usr/sbin:/sbin`;
const skip = toolsSkipReason('the Slurm sweep test', ['munged', 'slurmctld', 'slurmd', 'sbatch', 'scontrol'], () =>
  process.getuid?.() === 0 ? undefined : 'not root (the one-node Slurm cluster of test/slurm/run-local.sh runs slurmd as root)',
);

test('Slurm for real: a one-node cluster (test/slurm/run-local.sh) runs the emitted slurm.sbatch with sbatch --wait; every index from $SLURM_ARRAY_TASK_ID, a log per task; --collect completes', { skip: skip !== undefined, timeout: 600_000 }, async () => {
  const dir = join(ws, 'slurm-plan');
  const emitted = await runCli(['sweep', join(ws, 'examples', 'seed.stylegraph.json'), '--size', '32x32', '--iterations', '2', '--backend', 'cpu', '--vary', 'alpha.w=1,10', '--vary', 'beta.w=1,2', '--emit', dir, '--parallel', '2'], { cwd: ws });
  assert.equal(emitted.code, 0, emitted.stderr);
  const result = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn('bash', [join(REPO, 'test', 'slurm', 'run-local.sh'), 'sbatch', '--wait', 'slurm.sbatch'], {
      cwd: dir,
      env: { ...process.env, PATH: `${stylegraphOnPath()}:${sbin}`, STYLEGRAPH_WEIGHTS: weights, STYLEGRAPH_CACHE: join(ws, '.cache') },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
  assert.equal(result.code, 0, result.output);
  assert.match(result.output, /^Submitted batch job \d+$/m);
  assert.deepEqual(readdirSync(join(dir, 'logs')).sort(), ['0.log', '1.log', '2.log', '3.log']);
  for (const k of [0, 1, 2, 3]) assert.match(readFileSync(join(dir, 'logs', `${k}.log`), 'utf8'), new RegExp(`^index ${k} of 4: `, 'm'), `task ${k} ran index ${k}`);
  const collected = await runCli(['sweep', '--collect', dir, '--json'], { cwd: ws });
  assert.equal(collected.code, 0, collected.stderr);
  assert.equal(collected.stdout, '{"event":"collected","runs":4,"missing":[]}\n');
  assert.deepEqual(parseSweepFile(readFileSync(join(dir, 'sweep.json'), 'utf8')).runs.map((r) => r.params), [
    { 'alpha.w': 1, 'beta.w': 1 }, { 'alpha.w': 1, 'beta.w': 2 }, { 'alpha.w': 10, 'beta.w': 1 }, { 'alpha.w': 10, 'beta.w': 2 },
  ]);
});
