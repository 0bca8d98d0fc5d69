import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomVggWeights, writeKerasH5 } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';

// stylegraph cache list|prune, and Ctrl-C during a conversion. runCli's cache is <workspace>/.cache.

let ws: string;
const cache = () => join(ws, '.cache');

before(() => {
  ws = workspaceCopy();
});
after(() => rmSync(ws, { recursive: true, force: true }));

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
