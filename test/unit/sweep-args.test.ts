import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCliArgs, UsageError } from '../../src/cli/args';
import { DEFAULT_HISTORY_CAP } from '../../src/node/run-history';

test('sweep: --vary flags in order, --out-dir, the run flags; history on by default', () => {
  const args = parseCliArgs(['sweep', 'g.stylegraph.json', '--vary', 'alpha.w=1,10', '--size', '24x32', '--vary', 'a.layer,b.layer=conv3_2,conv4_2', '--out-dir', 'out', '--json']);
  assert.deepEqual(args, {
    command: 'sweep',
    graph: 'g.stylegraph.json',
    weights: undefined,
    size: [24, 32],
    iterations: undefined,
    backend: 'auto',
    seed: undefined,
    json: true,
    history: true,
    keepHistory: DEFAULT_HISTORY_CAP,
    vary: [{ keys: ['alpha.w'], values: ['1', '10'] }, { keys: ['a.layer', 'b.layer'], values: ['conv3_2', 'conv4_2'] }],
    outDir: 'out',
    emit: undefined,
    parallel: 8,
  });
});

test('run and sweep: --no-history and --keep-history N', () => {
  const run = parseCliArgs(['run', 'g.json', '--no-history', '--keep-history', '3']);
  assert.deepEqual([run.command, 'history' in run && run.history, 'keepHistory' in run && run.keepHistory], ['run', false, 3]);
});

test('bad sweep arguments are usage errors (exit 2) naming the flag', () => {
  const fails = (argv: string[], message: RegExp) => assert.throws(() => parseCliArgs(argv), (e: Error) => e instanceof UsageError && message.test(e.message));
  fails(['sweep', 'g.json'], /^sweep needs at least one --vary KEYS=VALUES$/);
  fails(['sweep', '--vary', 'a.w=1'], /^sweep needs exactly one graph file$/);
  fails(['sweep', 'g.json', '--vary', 'a.w'], /^--vary "a.w": expected KEYS=VALUES/);
  fails(['sweep', 'g.json', '--vary', 'a.w=1', '--vary', 'a.w=2'], /"a.w" is varied by more than one --vary/);
  fails(['sweep', 'g.json', '--vary', 'a.w=1', '--out', 'x.png'], /Unknown option '--out'/);
  fails(['run', 'g.json', '--keep-history', '0'], /^--keep-history must be a whole number in 1..100000, not "0"$/);
  fails(['run', 'g.json', '--vary', 'a.w=1'], /Unknown option '--vary'/);
  fails(['sweep', 'g.json', '--vary', 'a.w=1,2', '--vary', 'b.w=1,2', '--max-runs', '3'], /^4 runs \(2 x 2\) is over --max-runs 3; raise it with --max-runs 4$/);
  fails(['sweep', 'g.json', '--vary', 'a.w=1', '--max-runs', '1e3'], /^--max-runs must be a whole number in 1\.\.1000000000, not "1e3"$/);
  assert.equal(parseCliArgs(['sweep', 'g.json', '--vary', 'a.w=1,2', '--vary', 'b.w=1,2', '--max-runs', '4']).command, 'sweep', 'at the limit');
});
