import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { basename, join } from 'node:path';
import { PNG } from 'pngjs';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';
import { parseSweepFile } from '../../src/core/sweep/sweep-file';
import { listRuns } from '../../src/node/run-history';

let ws: string;
let weights: string;
const seed = () => join(ws, 'examples', 'seed.stylegraph.json');
const sweep = (...args: string[]) => ['sweep', seed(), '--weights', weights, '--size', '24x32', '--backend', 'cpu', ...args];
type Line = Record<string, unknown>;
const jsonLines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);

before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(3), join(ws, 'weights'));
});
after(() => rmSync(ws, { recursive: true, force: true }));

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

test('an invalid combination is refused before any run and before the weights load: exit 1 naming the node', async () => {
  const out = join(ws, 'refused');
  const noWeights = (args: string[]) => args.map((a) => (a === weights ? join(ws, 'no-such-weights.h5') : a));
  const layer = await runCli(noWeights(sweep('--vary', 'alpha.w=1,10', '--vary', 'content_conv4_2.layer=conv4_2,conv5_2', '--out-dir', out)), { cwd: ws });
  assert.equal(layer.code, 1, layer.stderr);
  assert.match(layer.stderr, /1 problem:\n {2}- with alpha\.w=1, content_conv4_2\.layer=conv5_2 \(and 1 more\): node "j_content" \(loss\.content\): the content features are 1x2x512 but the generated features are 3x4x512/);
  const iterations = await runCli(noWeights(sweep('--vary', 'adam.iterations=0,2', '--out-dir', out, '--json')), { cwd: ws });
  assert.equal(iterations.code, 1);
  assert.deepEqual(jsonLines(iterations.stdout), [{ event: 'error', message: jsonLines(iterations.stdout)[0]!.message, nodeId: 'adam' }]);
  assert.match(iterations.stderr, /--vary adam\.iterations=0: node "adam" \(optimizer\): param iterations: 0 is outside 1\.\.100000/);
  const unknown = await runCli(noWeights(sweep('--vary', 'alpha.nope=1', '--out-dir', out)), { cwd: ws });
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /--vary alpha\.nope: node "alpha" \(weight\) has no param "nope" \(it has: w\)/);
  const path = await runCli(noWeights(sweep('--vary', 'content.path=samples/../../seed.png', '--out-dir', out)), { cwd: ws });
  assert.equal(path.code, 1);
  assert.match(path.stderr, /node "content": path "samples\/\.\.\/\.\.\/seed\.png" leads outside the graph file's folder/);
  const syntax = await runCli(noWeights(sweep('--vary', 'alpha.w=1,,2', '--out-dir', out)), { cwd: ws });
  assert.equal(syntax.code, 2);
  assert.match(syntax.stderr, /^stylegraph: --vary "alpha.w=1,,2": every value must be non-empty\n\nUsage:/);
  assert.ok(!existsSync(out), 'nothing written');
});

test('the sweep folder: an unrelated folder is refused; an earlier sweep\'s files are replaced, other files kept', async () => {
  const out = join(ws, 'mine');
  mkdirSync(out);
  writeFileSync(join(out, 'notes.txt'), 'mine');
  const refused = await runCli(sweep('--iterations', '1', '--vary', 'alpha.w=1', '--out-dir', out, '--no-history'), { cwd: ws });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /is not empty and holds no sweep\.json; choose another --out-dir/);
  rmSync(join(out, 'notes.txt'));
  const first = await runCli(sweep('--iterations', '1', '--vary', 'alpha.w=1,2,3', '--out-dir', out, '--no-history'), { cwd: ws });
  assert.equal(first.code, 0, first.stderr);
  writeFileSync(join(out, 'notes.txt'), 'mine');
  const second = await runCli(sweep('--iterations', '1', '--vary', 'beta.w=1,2', '--out-dir', out, '--no-history'), { cwd: ws });
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['grid.png', 'index.html', 'notes.txt', 'run-1.png', 'run-2.png', 'sweep.json']);
  assert.deepEqual(parseSweepFile(readFileSync(join(out, 'sweep.json'), 'utf8')).vary, [{ keys: ['beta.w'], values: [1, 2] }]);
  // What a killed sweep left half-written does not make a folder someone else's.
  const killed = join(ws, 'killed');
  mkdirSync(killed);
  writeFileSync(join(killed, 'sweep.json.tmp-0123456789ab'), '{"gra');
  const resumed = await runCli(sweep('--iterations', '1', '--vary', 'beta.w=1', '--out-dir', killed, '--no-history'), { cwd: ws });
  assert.equal(resumed.code, 0, resumed.stderr);
});

test('Ctrl-C during a sweep keeps the finished runs and leaves a valid sweep.json (exit 130)', async () => {
  const out = join(ws, 'cancelled');
  const r = await runCli(sweep('--iterations', '100', '--vary', 'alpha.w=1,2,3', '--out-dir', out, '--json'), {
    cwd: ws,
    onStdoutLine: (line) => (line.includes('"run":2,"runs":3,"iteration":2,') ? 'interrupt' : undefined),
  });
  assert.equal(r.code, 130, r.stderr);
  const last = jsonLines(r.stdout).at(-1)!;
  assert.deepEqual([last.event, last.run, last.runs], ['cancelled', 2, 3]);
  assert.ok((last.iteration as number) < 100);
  assert.match(r.stderr, /cancelled in run 2\/3 after \d+ iterations; 1 finished run kept in /);
  const file = parseSweepFile(readFileSync(join(out, 'sweep.json'), 'utf8'));
  assert.deepEqual(file.runs.map((run) => [run.params, run.image]), [[{ 'alpha.w': 1 }, 'run-1.png']]);
  assert.deepEqual(readdirSync(out).sort(), ['grid.png', 'index.html', 'run-1.png', 'sweep.json']);
  assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /1 of 3 runs finished/);
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

test('an error of a run names its combination: a scale of the minSize ladder too small for the deepest layer', async () => {
  const out = join(ws, 'ladder');
  const r = await runCli(sweep('--iterations', '1', '--vary', 'alpha.w=1', '--vary', 'adam.minSize=0,8', '--out-dir', out, '--no-history'), { cwd: ws });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^run 2\/2: alpha\.w=1, adam\.minSize=8\n/m);
  assert.match(r.stderr, /stylegraph: .* at scale 1 of 4 \(8x11\): 2 problems:\n {2}- with alpha\.w=1, adam\.minSize=8: node "generated_conv5_1" \(vgg19\.layer\): layer conv5_1 needs an image of at least 16x16 pixels/);
  assert.deepEqual(parseSweepFile(readFileSync(join(out, 'sweep.json'), 'utf8')).runs.map((run) => run.params), [{ 'alpha.w': 1, 'adam.minSize': 0 }], 'the run before it is kept');
});

test('a folder a killed sweep left is taken (sweep.json missing, empty or cut short; only files a sweep writes); others\' files are not', async () => {
  const leftovers: Record<string, Record<string, string>> = {
    'gallery before sweep.json': { 'index.html': '<!DOCTYPE html>', 'sweep.json.tmp-0123456789ab': '{\n  "gra' },
    'an earlier sweep half removed': { 'run-2.png': 'png', 'grid.png': 'png' },
    'sweep.json empty': { 'sweep.json': '', 'index.html': '<!DOCTYPE html>', 'run-1.png': 'png' },
    'sweep.json cut short': { 'sweep.json': '{\n  "graph": "../examples/se' },
  };
  for (const [what, files] of Object.entries(leftovers)) {
    const dir = join(ws, `left-${what.replace(/\W+/g, '-')}`);
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = await runCli(sweep('--iterations', '1', '--vary', 'beta.w=1', '--out-dir', dir, '--no-history'), { cwd: ws });
    assert.equal(r.code, 0, `${what}: ${r.stderr}`);
    assert.deepEqual(parseSweepFile(readFileSync(join(dir, 'sweep.json'), 'utf8')).runs.map((run) => run.image), ['run-1.png'], what);
    assert.deepEqual(readdirSync(dir).filter((n) => !n.includes('.tmp-')).sort(), ['grid.png', 'index.html', 'run-1.png', 'sweep.json'], what);
  }
  const refused: Record<string, [Record<string, string>, RegExp]> = {
    'someone\'s file among a sweep\'s': [{ 'run-1.png': 'png', 'notes.txt': 'mine' }, /is not empty and holds no sweep\.json; choose another --out-dir/],
    'someone\'s sweep.json': [{ 'sweep.json': '{"mine": true}' }, /sweep\.json is not a sweep's: \$\.graph must be a string; choose another --out-dir/],
    'a cut-short sweep.json beside someone\'s file': [{ 'sweep.json': '', 'notes.txt': 'mine' }, /sweep\.json is not a sweep's: .*; choose another --out-dir/],
  };
  for (const [what, [files, message]] of Object.entries(refused)) {
    const dir = join(ws, `theirs-${what.replace(/\W+/g, '-')}`);
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = await runCli(sweep('--iterations', '1', '--vary', 'beta.w=1', '--out-dir', dir, '--no-history'), { cwd: ws });
    assert.equal(r.code, 1, what);
    assert.match(r.stderr, message, what);
    assert.deepEqual(readdirSync(dir).sort(), Object.keys(files).sort(), `${what}: untouched`);
  }
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

test('a new sweep folder gets sweep.json before any other file', async () => {
  const dir = join(ws, 'order');
  mkdirSync(dir);
  const appeared: string[] = [];
  const watcher = watch(dir, (_, name) => {
    if (name && !name.includes('.tmp-') && existsSync(join(dir, name)) && !appeared.includes(name)) appeared.push(name);
  });
  try {
    const r = await runCli(sweep('--iterations', '1', '--vary', 'beta.w=1', '--out-dir', dir, '--no-history'), { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
  } finally {
    watcher.close();
  }
  assert.equal(appeared[0], 'sweep.json', `files in the order they appeared: ${appeared.join(', ')}`);
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
