import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';
import { emitGrid } from '../helpers/sweep-grid';
import { parseSweepFile } from '../../src/core/sweep/sweep-file';

const { ws, seed } = useCliWorkspace({ weightsSeed: null });
const emit = (name: string, ...extra: string[]) => emitGrid(ws, seed(), name, ...extra);

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
