import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, workspaceCopy } from '../helpers/cli';
import { parseSweepFile } from '../../src/core/sweep/sweep-file';

let ws: string;
const seed = () => join(ws, 'examples', 'seed.stylegraph.json');
/** The 2x3 sweep of the issue, at 32x32 on narrow random weights. */
const GRID = ['--size', '32x32', '--iterations', '3', '--backend', 'cpu', '--vary', 'alpha.w=1,10', '--vary', 'beta.w=1,2,3'];

before(() => {
  ws = workspaceCopy();
});

async function emit(name: string, ...extra: string[]): Promise<string> {
  const dir = join(ws, name);
  const r = await runCli(['sweep', seed(), ...GRID, '--emit', dir, ...extra], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

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
