import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { basename, join } from 'node:path';
import { PNG } from 'pngjs';
import { jsonLines, runCli } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';
import { parseSweepFile } from '../../src/core/sweep/sweep-file';
import { listRuns } from '../../src/node/run-history';

const { ws, weights, seed, sweep } = useCliWorkspace();

test('a 2x2 sweep with tied keys: the cartesian product, sweep.json, one PNG per run, the gallery, the contact sheet, run/runs on progress lines', async () => {
  const graphBefore = readFileSync(seed(), 'utf8');
  const r = await runCli(sweep('--iterations', '2', '--vary', 'content_conv4_2.layer,generated_conv4_2.layer=conv3_2,conv4_2', '--vary', 'alpha.w=1,10', '--json'), { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  const dir = join(ws, 'examples', 'seed.sweep');
  const lines = jsonLines(r.stdout);
  const progress = lines.filter((l) => l.event === 'progress');
  assert.deepEqual(progress.map((l) => [l.run, l.runs, l.iteration]), [[1, 4, 1], [1, 4, 2], [2, 4, 1], [2, 4, 2], [3, 4, 1], [3, 4, 2], [4, 4, 1], [4, 4, 2]]);
  assert.deepEqual(Object.keys(progress[0]!).slice(0, 4), ['event', 'run', 'runs', 'iteration'], 'a run\'s progress line, with run and runs');
  for (const key of ['loss', 'losses', 'ms']) assert.ok(key in progress[0]!, key);
  const runs = lines.filter((l) => l.event === 'run');
  // Targets: all computed once; only the content features of the other layer are computed again when the layer changes.
  assert.deepEqual(runs.map((l) => (l.targets as { computed: number }).computed), [13, 0, 1, 0]);
  assert.deepEqual(lines.at(-1), { event: 'done', out: dir, runs: 4, seconds: lines.at(-1)!.seconds });

  const text = readFileSync(join(dir, 'sweep.json'), 'utf8');
  const file = parseSweepFile(text);
  assert.deepEqual(Object.keys(JSON.parse(text) as object), ['graph', 'vary', 'runs']);
  assert.equal(file.graph, '../seed.stylegraph.json');
  assert.deepEqual(file.vary, [{ keys: ['content_conv4_2.layer', 'generated_conv4_2.layer'], values: ['conv3_2', 'conv4_2'] }, { keys: ['alpha.w'], values: [1, 10] }]);
  assert.deepEqual(file.runs.map((run) => [run.params, run.image]), [
    [{ 'content_conv4_2.layer': 'conv3_2', 'generated_conv4_2.layer': 'conv3_2', 'alpha.w': 1 }, 'run-1.png'],
    [{ 'content_conv4_2.layer': 'conv3_2', 'generated_conv4_2.layer': 'conv3_2', 'alpha.w': 10 }, 'run-2.png'],
    [{ 'content_conv4_2.layer': 'conv4_2', 'generated_conv4_2.layer': 'conv4_2', 'alpha.w': 1 }, 'run-3.png'],
    [{ 'content_conv4_2.layer': 'conv4_2', 'generated_conv4_2.layer': 'conv4_2', 'alpha.w': 10 }, 'run-4.png'],
  ]);
  for (const [i, run] of file.runs.entries()) {
    assert.deepEqual(Object.keys(JSON.parse(text).runs[i] as object), ['params', 'image', 'loss', 'losses', 'seconds']);
    const last = progress.filter((l) => l.run === i + 1).at(-1)!;
    assert.equal(run.loss, last.loss);
    assert.deepEqual(run.losses, last.losses);
    assert.ok(run.seconds > 0);
    const png = PNG.sync.read(readFileSync(join(dir, run.image)));
    assert.deepEqual([png.width, png.height], [32, 24]);
  }
  // alpha.w = 10 weighs the content term ten times more than alpha.w = 1 (same layer, same start).
  assert.ok(Math.abs(file.runs[1]!.losses.alpha! / file.runs[1]!.losses.j_content! - 10) < 1e-3);
  assert.notEqual(file.runs[0]!.losses.j_content, file.runs[2]!.losses.j_content, 'the layer changed the content loss');

  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  assert.match(html, /<h2>content_conv4_2.layer, generated_conv4_2.layer × alpha.w<\/h2>/);
  for (const run of file.runs) assert.match(html, new RegExp(`<a href="${run.image}" target="_blank"><img src="${run.image}"`));
  const grid = PNG.sync.read(readFileSync(join(dir, 'grid.png')));
  assert.deepEqual([grid.width, grid.height], [4 + 2 * (32 + 4), 4 + 2 * (24 + 4)]);
  assert.equal(readFileSync(seed(), 'utf8'), graphBefore, 'the graph file is untouched');
  // Each run is in the graph's history too, with its sweep values.
  const history = await listRuns(seed());
  assert.deepEqual(history.map((h) => h.info.sweep?.run), [4, 3, 2, 1]);
  assert.deepEqual(history[0]!.info.sweep?.params, file.runs[3]!.params);
});

test('a weight sweep computes the targets once: every later run recomputes only the loop', async () => {
  const out = join(ws, 'weights-sweep');
  const r = await runCli(sweep('--iterations', '1', '--vary', 'alpha.w,beta.w=1,10', '--vary', 'adam.learningRate=1,2', '--out-dir', out, '--json', '--no-history'), { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  const runs = jsonLines(r.stdout).filter((l) => l.event === 'run');
  assert.deepEqual(runs.map((l) => l.targets), [{ computed: 13, reused: 0 }, { computed: 0, reused: 13 }, { computed: 0, reused: 13 }, { computed: 0, reused: 13 }]);
  assert.deepEqual(runs.map((l) => l.params), [
    { 'alpha.w': 1, 'beta.w': 1, 'adam.learningRate': 1 },
    { 'alpha.w': 1, 'beta.w': 1, 'adam.learningRate': 2 },
    { 'alpha.w': 10, 'beta.w': 10, 'adam.learningRate': 1 },
    { 'alpha.w': 10, 'beta.w': 10, 'adam.learningRate': 2 },
  ]);
});

const values = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(',');
/** Kills the CLI after `seconds` (where a sweep would otherwise check for minutes and grow to gigabytes). */
const killAfter = (seconds: number) => ({
  onStart: (child: ChildProcess) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), seconds * 1000);
    child.on('close', () => clearTimeout(timer));
  },
});

test('the run count: printed first, more than --max-runs refused (exit 2) from the axes alone, before the graph is read', async () => {
  const out = join(ws, 'too-many');
  const million = await runCli(sweep('--vary', `alpha.w=${values(100)}`, '--vary', `beta.w=${values(100)}`, '--vary', `adam.learningRate=${values(100)}`, '--out-dir', out), { cwd: ws, ...killAfter(30) });
  assert.equal(million.code, 2, million.stderr);
  assert.match(million.stderr, /^stylegraph: 1000000 runs \(100 x 100 x 100\) is over --max-runs 1000; raise it with --max-runs 1000000\n\nUsage:/);
  const missingGraph = await runCli(['sweep', join(ws, 'no-such.stylegraph.json'), '--vary', `alpha.w=${values(100)}`, '--vary', `beta.w=${values(11)}`], { cwd: ws });
  assert.equal(missingGraph.code, 2, 'refused before the graph is read');
  assert.match(missingGraph.stderr, /^stylegraph: 1100 runs \(100 x 11\) is over --max-runs 1000; raise it with --max-runs 1100\n/);
  const flag = await runCli(sweep('--vary', 'alpha.w=1', '--max-runs', '0'), { cwd: ws });
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /^stylegraph: --max-runs must be a whole number in 1\.\.1000000000, not "0"/);
  assert.ok(!existsSync(out), 'nothing written');
});

test('10,000 combinations (100 x 100 weights): refused by default; with --max-runs 10000 every one is checked and the sweep goes on to the weights', async () => {
  const out = join(ws, 'ten-thousand');
  const grid = ['--vary', `alpha.w=${values(100)}`, '--vary', `beta.w=${values(100)}`, '--out-dir', out];
  const refused = await runCli(sweep(...grid), { cwd: ws });
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /^stylegraph: 10000 runs \(100 x 100\) is over --max-runs 1000; raise it with --max-runs 10000\n/);
  // No weights file: the sweep stops where the weights load, after every combination passed the checks.
  const noWeights = join(ws, 'no-such-weights.h5');
  const checked = await runCli(['sweep', seed(), '--weights', noWeights, '--size', '24x32', '--backend', 'cpu', ...grid, '--max-runs', '10000'], { cwd: ws, ...killAfter(30) });
  assert.equal(checked.code, 1, checked.stderr);
  assert.match(checked.stderr, /^sweep: 10000 runs \(100 x 100\)\nstylegraph: .*no-such-weights\.h5: no such file/);
  // The same grid with a layer that does not fit in half of it: the problem names its first combination and counts the others.
  const layer = await runCli(['sweep', seed(), '--weights', noWeights, '--size', '24x32', '--vary', `alpha.w=${values(100)}`, '--vary', 'content_conv4_2.layer=conv4_2,conv5_2', '--out-dir', out], { cwd: ws });
  assert.equal(layer.code, 1, layer.stderr);
  assert.match(layer.stderr, /^sweep: 200 runs \(100 x 2\)\nstylegraph: .*: 1 problem:\n {2}- with alpha\.w=1, content_conv4_2\.layer=conv5_2 \(and 99 more\): node "j_content"/);
  assert.ok(!existsSync(out), 'nothing written');
});

test('refused before the weights load: a graph without an optimizer, a graph that reads a file the sweep writes, a folder where the sweep writes a file', async () => {
  const noWeights = (args: string[]) => args.map((a) => (a === weights ? join(ws, 'no-such-weights.h5') : a));
  const verify = join(ws, 'examples', 'verify.stylegraph.json');
  const evaluated = await runCli(noWeights(sweep('--vary', 'verdict.tau=0.5,0.6')).map((a) => (a === seed() ? verify : a)), { cwd: ws });
  assert.equal(evaluated.code, 1, evaluated.stderr);
  assert.match(evaluated.stderr, /verify\.stylegraph\.json has no optimizer: it is evaluated once/);
  assert.ok(!existsSync(join(ws, 'examples', 'verify.sweep')), 'nothing written');
  // A killed sweep's folder (only a run image in it), whose image the graph reads as its content.
  const out = join(ws, 'examples', 'reads-its-own.sweep');
  mkdirSync(out);
  copyFileSync(join(ws, 'examples', 'samples', 'chelsea.png'), join(out, 'run-2.png'));
  const reads = await runCli(noWeights(sweep('--vary', 'content.path=samples/chelsea.png,reads-its-own.sweep/run-2.png', '--out-dir', out)), { cwd: ws });
  assert.equal(reads.code, 1, reads.stderr);
  assert.match(reads.stderr, /stylegraph: with content\.path=reads-its-own\.sweep\/run-2\.png: the sweep writes .*run-2\.png, which is the image "reads-its-own\.sweep\/run-2\.png" that the graph reads; choose another --out-dir/);
  assert.deepEqual(readdirSync(out), ['run-2.png'], 'nothing written');
  const folder = join(ws, 'holds-a-folder');
  mkdirSync(join(folder, 'run-1.png'), { recursive: true });
  const refused = await runCli(noWeights(sweep('--vary', 'alpha.w=1', '--out-dir', folder)), { cwd: ws });
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /run-1\.png is a folder, where the sweep writes a file; choose another --out-dir/);
});

test('a sweep killed (SIGKILL) while it writes its first files, or in its first run, leaves a folder the next sweep takes', async () => {
  /** Kills the sweep at the `n`th change the file system reports in its new folder (its first writes). */
  const atChange = (dir: string, n: number) => ({
    onStart: (child: ChildProcess) => {
      let changes = 0;
      let inside: FSWatcher | undefined;
      const parent = watch(ws, (_, name) => {
        if (name !== basename(dir) || inside || !existsSync(dir)) return;
        inside = watch(dir, () => void (++changes >= n && child.kill('SIGKILL')));
      });
      child.on('close', () => [parent, inside].forEach((w) => w?.close()));
    },
  });
  const killAt: Record<string, (dir: string) => Parameters<typeof runCli>[1]> = {
    'the 1st change': (dir) => ({ cwd: ws, ...atChange(dir, 1) }),
    'the 3rd change': (dir) => ({ cwd: ws, ...atChange(dir, 3) }),
    'the 5th change': (dir) => ({ cwd: ws, ...atChange(dir, 5) }),
    'the first iteration': () => ({ cwd: ws, onStdoutLine: (line) => (line.includes('"event":"progress"') ? 'SIGKILL' : undefined) }),
  };
  for (const [when, options] of Object.entries(killAt)) {
    const dir = join(ws, `sigkill-${when.replace(/\W+/g, '-')}`);
    const killed = await runCli(sweep('--iterations', '50', '--vary', 'alpha.w=1,2', '--out-dir', dir, '--no-history', '--json'), options(dir));
    assert.equal(killed.code, null, `${when}: killed, not finished: ${killed.stderr}`);
    const left = existsSync(dir) ? readdirSync(dir).join(', ') : 'no folder';
    const again = await runCli(sweep('--iterations', '1', '--vary', 'alpha.w=1', '--out-dir', dir, '--no-history'), { cwd: ws });
    assert.equal(again.code, 0, `${when}: ${again.stderr}; the killed sweep left: ${left}`);
    assert.deepEqual(parseSweepFile(readFileSync(join(dir, 'sweep.json'), 'utf8')).runs.map((run) => run.image), ['run-1.png'], when);
  }
});
