import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { runCli } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';

const { ws, weights: tfjsWeights, seed } = useCliWorkspace();
const small = ['--size', '24x32', '--iterations', '4'];

test('run --json: a progress line per iteration, the loss falls, PNGs written at the right size', async () => {
  const out = join(ws, 'out', 'final.png');
  const r = await runCli(['run', seed(), '--weights', tfjsWeights, ...small, '--backend', 'wasm', '--seed', '5', '--out', out, '--json'], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const progress = lines.filter((l) => l.event === 'progress');
  assert.deepEqual(progress.map((l) => l.iteration), [1, 2, 3, 4]);
  for (const p of progress) {
    assert.equal(typeof p.loss, 'number');
    assert.equal(typeof p.ms, 'number');
    assert.equal(Object.keys(p.losses as object).length, 15);
  }
  assert.ok((progress[3]!.loss as number) < (progress[0]!.loss as number));
  assert.deepEqual(Object.keys(lines.at(-1)!), ['event', 'out', 'seconds']);
  assert.equal(lines.at(-1)!.event, 'done');
  assert.equal(lines.at(-1)!.out, out);
  const png = PNG.sync.read(readFileSync(out));
  assert.deepEqual([png.width, png.height], [32, 24]);
  // The graph's image.output node writes next to the graph file.
  const result = PNG.sync.read(readFileSync(join(ws, 'examples', 'seed-result.png')));
  assert.deepEqual([result.width, result.height], [32, 24]);
  assert.deepEqual(result.data, png.data);
});

test('Ctrl-C stops the run within one iteration, writes nothing, exits 130', async () => {
  const out = join(ws, 'cancelled.png');
  const r = await runCli(['run', seed(), '--weights', tfjsWeights, '--size', '24x32', '--iterations', '500', '--backend', 'cpu', '--json', '--out', out], {
    cwd: ws,
    onStdoutLine: (line) => (line.includes('"iteration":2,') ? 'interrupt' : undefined),
  });
  assert.equal(r.code, 130, r.stderr);
  const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { event: string; iteration: number };
  assert.equal(last.event, 'cancelled');
  assert.ok(last.iteration >= 2 && last.iteration <= 3, `stopped at ${last.iteration}`);
  assert.match(r.stderr, /cancelled after \d iterations; nothing written/);
  assert.equal(existsSync(out), false);
});
