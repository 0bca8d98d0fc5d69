import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, workspaceCopy } from '../helpers/cli';

test('stylegraph run prints the results of a graph without an optimizer; --json adds result lines', async () => {
  const ws = workspaceCopy();
  const graph = join(ws, 'examples', 'verify.stylegraph.json');
  const plain = await runCli(['run', graph], { cwd: ws });
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stderr, /^verdict: same person \(distance 0\.[12]\d\d ≤ τ 0\.6\)$/m);
  const json = await runCli(['run', graph, '--json'], { cwd: ws });
  assert.equal(json.code, 0, json.stderr);
  const events = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string; nodeId?: string; value?: { same: boolean; distance: number; tau: number } });
  assert.deepEqual(events.map((e) => e.event), ['result', 'done']);
  assert.equal(events[0]!.nodeId, 'verdict');
  assert.equal(events[0]!.value!.same, true);
  assert.ok(events[0]!.value!.distance < 0.3);
});
