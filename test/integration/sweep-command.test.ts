import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonLines, runCli } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';
import { parseSweepFile } from '../../src/core/sweep/sweep-file';

const { ws, sweep } = useCliWorkspace();

test('Ctrl-C during a sweep keeps the finished runs and leaves a valid sweep.json (exit 130)', async () => {
  const out = join(ws, 'cancelled');
  const r = await runCli(sweep('--iterations', '100', '--vary', 'alpha.w=1,2,3', '--out-dir', out, '--json'), {
    cwd: ws,
    onStdoutLine: (line) => (line.includes('"run":2,"runs":3,"iteration":2,') ? 'interrupt' : undefined),
  });
  assert.equal(r.code, 130, r.stderr);
  const last = jsonLines(r.stdout).at(-1)!;
  assert.deepEqual([last.event, last.run, last.runs], ['cancelled', 2, 3]);
  assert.ok((last.iteration as number) < 100);
  assert.match(r.stderr, /cancelled in run 2\/3 after \d+ iterations; 1 finished run kept in /);
  const file = parseSweepFile(readFileSync(join(out, 'sweep.json'), 'utf8'));
  assert.deepEqual(file.runs.map((run) => [run.params, run.image]), [[{ 'alpha.w': 1 }, 'run-1.png']]);
  assert.deepEqual(readdirSync(out).sort(), ['grid.png', 'index.html', 'run-1.png', 'sweep.json']);
  assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /1 of 3 runs finished/);
});

test('an error of a run names its combination: a scale of the minSize ladder too small for the deepest layer', async () => {
  const out = join(ws, 'ladder');
  const r = await runCli(sweep('--iterations', '1', '--vary', 'alpha.w=1', '--vary', 'adam.minSize=0,8', '--out-dir', out, '--no-history'), { cwd: ws });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^run 2\/2: alpha\.w=1, adam\.minSize=8\n/m);
  assert.match(r.stderr, /stylegraph: .* at scale 1 of 4 \(8x11\): 2 problems:\n {2}- with alpha\.w=1, adam\.minSize=8: node "generated_conv5_1" \(vgg19\.layer\): layer conv5_1 needs an image of at least 16x16 pixels/);
  assert.deepEqual(parseSweepFile(readFileSync(join(out, 'sweep.json'), 'utf8')).runs.map((run) => run.params), [{ 'alpha.w': 1, 'adam.minSize': 0 }], 'the run before it is kept');
});
