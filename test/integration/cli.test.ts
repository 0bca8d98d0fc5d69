import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, truncateSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomVggWeights, writeKerasH5, writeTfjsFiles } from '../helpers/weight-files';
import { runCli } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';
import { FIXTURES } from '../helpers/paths';
import { VGG19_LAYERS } from '../../src/core/model/vgg19';

const { ws, weights: tfjsWeights, seed } = useCliWorkspace();
const kerasWeights = join(ws, 'weights', 'vgg19.h5');
const small = ['--size', '24x32', '--iterations', '4'];

before(async () => {
  await writeKerasH5(randomVggWeights(3), kerasWeights, 'legacy');
});

test('run without --json: readable progress on stderr, the default output name, Keras weights converted once', async () => {
  const cwd = join(ws, 'examples');
  const first = await runCli(['run', 'seed.stylegraph.json', '--weights', kerasWeights, ...small, '--backend', 'cpu'], { cwd });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout, '');
  assert.match(first.stderr, /iteration 1\/4 \| J \S+ \| alpha \S+ \| beta \S+ \| \S+ s\/it/);
  assert.match(first.stderr, /iteration 4\/4/);
  assert.match(first.stderr, /wrote .*seed\.png \(32x24\)/);
  assert.ok(existsSync(join(cwd, 'seed.png')));
});

test('the same weights from .h5 and model.json give the same losses', async () => {
  const losses = async (weights: string) => {
    const r = await runCli(['run', seed(), '--weights', weights, ...small, '--backend', 'cpu', '--json', '--out', join(ws, 'x.png')], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => l.includes('"progress"')).map((l) => (JSON.parse(l) as { loss: number }).loss);
  };
  assert.deepEqual(await losses(kerasWeights), await losses(tfjsWeights));
});

test('a truncated weights file: a clear error naming the file, exit 1', async () => {
  const broken = join(ws, 'weights', 'truncated.h5');
  writeFileSync(broken, readFileSync(kerasWeights));
  truncateSync(broken, 5000);
  const r = await runCli(['run', seed(), '--weights', broken, ...small, '--backend', 'cpu'], { cwd: ws });
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`stylegraph: ${broken}: truncated HDF5 file: 5000 bytes, the file header says \\d+`));
});

test('wrong-shaped weights: a clear error naming the layer, exit 1', async () => {
  const set = randomVggWeights(4);
  const layers = new Map(set.layers);
  const conv = VGG19_LAYERS[5]!;
  const w = layers.get(conv.name)!;
  layers.set(conv.name, { ...w, inChannels: w.inChannels * 2, kernel: new Float32Array(w.kernel.length * 2) });
  const dir = join(ws, 'weights', 'wrong');
  const path = await writeTfjsFiles({ ...set, layers }, dir);
  const r = await runCli(['run', seed(), '--weights', path, ...small, '--backend', 'cpu', '--json'], { cwd: ws });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /conv3_2 \(block3_conv2\) takes 16 input channels, but the layer before gives 8/);
  const error = JSON.parse(r.stdout.trim()) as { event: string; message: string };
  assert.equal(error.event, 'error');
});

test('a graph with problems: every one listed with node ids, nothing run, exit 1 (--json gives the node id)', async () => {
  const broken = join(FIXTURES, 'graphs', 'many-problems.stylegraph.json');
  const r = await runCli(['run', broken, '--weights', tfjsWeights, '--json'], { cwd: ws });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /many-problems.stylegraph.json: 20 problems:/);
  assert.match(r.stderr, /node "w1": cycle w1 -> w2 -> w1/);
  const error = JSON.parse(r.stdout.trim()) as { nodeId: string };
  assert.equal(error.nodeId, 'content');
});

test('a missing image: the node id and the path', async () => {
  const graph = readFileSync(seed(), 'utf8').replace('samples/chelsea.png', 'samples/missing.png');
  const path = join(ws, 'examples', 'missing.stylegraph.json');
  writeFileSync(path, graph);
  const r = await runCli(['run', path, '--weights', tfjsWeights, ...small, '--backend', 'cpu', '--json'], { cwd: ws });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `stylegraph: node "content" (image.load): path "samples/missing.png" is not there (${join(ws, 'examples', 'samples', 'missing.png')})\n`);
  assert.equal((JSON.parse(r.stdout.trim()) as { nodeId: string }).nodeId, 'content');
});
