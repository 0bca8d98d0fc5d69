import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';

let ws: string;
let weights: string;

before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(3), join(ws, 'weights'));
});
after(() => rmSync(ws, { recursive: true, force: true }));

test('a history that cannot be written is a warning; the run still succeeds', async () => {
  const dir = join(ws, 'blocked');
  cpSync(join(ws, 'examples'), dir, { recursive: true });
  rmSync(join(dir, '.stylegraph'), { recursive: true, force: true });
  writeFileSync(join(dir, '.stylegraph'), 'a file where the folder would go');
  const r = await runCli(['run', join(dir, 'seed.stylegraph.json'), '--weights', weights, '--size', '24x32', '--iterations', '1', '--backend', 'cpu', '--out', join(dir, 'x.png')], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^stylegraph: warning: the run was not recorded in .*blocked\/\.stylegraph\/runs\/seed: ENOTDIR/m);
  assert.ok(existsSync(join(dir, 'x.png')));
});
