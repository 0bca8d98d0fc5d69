import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';

const { ws, seed } = useCliWorkspace({ weightsSeed: null });

test('bad arguments: usage and exit 2', async () => {
  for (const args of [['run', seed(), '--size', '300by400'], ['run', seed(), '--backend', 'tpu'], ['run'], ['frobnicate'], ['run', seed(), '--iterations', '0']]) {
    const r = await runCli(args, { cwd: ws });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /Usage:/);
  }
});

test('help: the usage on stdout, exit 0', async () => {
  const r = await runCli(['help'], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Usage:\n {2}stylegraph run GRAPH /);
  assert.equal(r.stderr, '');
});

test('a plan that cannot be used: exit 2, one line without the usage, and an error event with --json', async () => {
  const missing = join(ws, 'no-plan');
  const r = await runCli(['sweep', '--plan', missing, '--index', '0', '--json'], { cwd: ws });
  assert.equal(r.code, 2, r.stderr);
  const message = `cannot read the plan ${missing}: no such file (sweep GRAPH --vary ... --emit DIR writes DIR/plan.json)`;
  assert.equal(r.stderr, `stylegraph: ${message}\n`);
  assert.deepEqual(JSON.parse(r.stdout) as unknown, { event: 'error', message });
});
