import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWeightsFile } from '../../src/node/weights-store';
import { randomVggWeights, writeKerasH5 } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';

// runCli's cache is <workspace>/.cache.

let ws: string;
const cache = () => join(ws, '.cache');
const keyOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

before(() => {
  ws = workspaceCopy();
});
after(() => rmSync(ws, { recursive: true, force: true }));

test('cache list shows each conversion (key, last used, size, source), the most recently used first; cache prune [--keep N] removes the others', async () => {
  const empty = await runCli(['cache', 'list'], { cwd: ws });
  assert.deepEqual([empty.code, empty.stdout], [0, `no converted weights in ${cache()}\n`]);

  const files = [41, 42].map((seed) => join(ws, 'weights', `vgg-${seed}.h5`));
  for (const [i, file] of files.entries()) {
    await writeKerasH5(randomVggWeights(41 + i), file, 'legacy');
    await loadWeightsFile(file, { cacheDir: cache() });
  }
  // An entry from before sources were recorded.
  const old = 'f'.repeat(64);
  mkdirSync(join(cache(), old));
  writeFileSync(join(cache(), old, 'model.json'), '{}');
  const times = ['2026-01-02T03:04:05Z', '2026-03-04T05:06:07Z', '2025-12-31T23:59:59Z'];
  [keyOf(files[0]!), keyOf(files[1]!), old].forEach((key, i) => utimesSync(join(cache(), key), new Date(times[i]!), new Date(times[i]!)));

  const list = await runCli(['cache', 'list'], { cwd: ws });
  assert.equal(list.code, 0, list.stderr);
  const lines = list.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^KEY +LAST USED +SIZE +SOURCE$/);
  const row = (key: string, time: string, source: string) => new RegExp(`^${key.slice(0, 12)}  ${time}  [\\d.]+ MB +${source.replace(/[.()]/g, '\\$&')}$`);
  assert.match(lines[1]!, row(keyOf(files[1]!), times[1]!, files[1]!));
  assert.match(lines[2]!, row(keyOf(files[0]!), times[0]!, files[0]!));
  assert.match(lines[3]!, row(old, times[2]!, '(not recorded)'));
  assert.match(lines[4]!, new RegExp(`^3 converted weights files, [\\d.]+ MB in ${cache()} \\(runs keep the 3 most recently used\\)$`));
  assert.equal(lines.length, 5);

  const keep = await runCli(['cache', 'prune', '--keep', '1'], { cwd: ws });
  assert.equal(keep.code, 0, keep.stderr);
  assert.match(keep.stdout, new RegExp(`^removed 2 converted weights files \\([\\d.]+ MB\\) from ${cache()}; 1 kept\\n$`));
  assert.deepEqual(readdirSync(cache()), [keyOf(files[1]!)], 'the most recently used stays');

  const all = await runCli(['cache', 'prune'], { cwd: ws });
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, /^removed 1 converted weights file \([\d.]+ MB\) from .*; 0 kept\n$/);
  assert.deepEqual(readdirSync(cache()), []);
});
