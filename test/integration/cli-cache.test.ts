import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWeightsFile } from '../../src/node/weights-store';
import { randomVggWeights, writeKerasH5 } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';

// stylegraph cache list|prune, and Ctrl-C during a conversion. runCli's cache is <workspace>/.cache.

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

test('cache: a missing or unknown action, or a bad --keep, is a usage error (exit 2)', async () => {
  const cases: [string[], RegExp][] = [
    [['cache'], /^stylegraph: cache needs list or prune$/m],
    [['cache', 'clear'], /^stylegraph: cache: unknown action "clear"; expected list or prune$/m],
    [['cache', 'prune', '--keep', 'all'], /^stylegraph: --keep must be a whole number in 0\.\.100000, not "all"$/m],
    [['cache', 'list', '--keep', '2'], /^stylegraph: --keep is for cache prune$/m],
    [['cache', 'list', 'extra'], /^stylegraph: cache list takes no arguments, not "extra"$/m],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args, { cwd: ws });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
    assert.match(r.stderr, /stylegraph cache prune \[--keep N\]/, 'the usage follows');
  }
});

test('Ctrl-C while a Keras file is converted: exit 130, and nothing goes into the cache', async () => {
  // Full VGG-19 shapes (80 MB): the conversion takes long enough for the signal to come during it.
  const h5 = join(ws, 'weights', 'full.h5');
  await writeKerasH5(randomVggWeights(43, 'full'), h5, 'legacy');
  rmSync(cache(), { recursive: true, force: true });
  mkdirSync(cache());
  const r = await runCli(['run', join(ws, 'examples', 'seed.stylegraph.json'), '--weights', h5, '--size', '24x32', '--iterations', '2', '--backend', 'cpu', '--no-history', '--out', join(ws, 'out.png')], {
    cwd: ws,
    onStderrLine: (line) => (line.startsWith('converting ') ? 'interrupt' : undefined),
  });
  assert.match(r.stderr, new RegExp(`^converting ${h5} into ${cache()} \\(once; later runs read the converted copy\\)$`, 'm'));
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /^cancelled before the run started; nothing written$/m);
  assert.deepEqual(readdirSync(cache()), [], 'no entry, no temporary');
  assert.equal(existsSync(join(ws, 'out.png')), false);
});
