import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';

const { ws, weights } = useCliWorkspace();

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
