import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';
import { FIXTURES } from '../helpers/paths';
import { tempFolder } from '../helpers/temp-folder';

let ws: string;
let weights: string;
const seed = () => join(ws, 'examples', 'seed.stylegraph.json');
const small = ['--size', '24x32', '--iterations', '4', '--seed', '5', '--json'];

before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(3), join(ws, 'weights'));
});
after(() => rmSync(ws, { recursive: true, force: true }));

interface JsonLine { event: string; loss?: number; nativeLoop?: boolean; tfjsNodes?: string[] }

async function lossesOf(backend: string[], out: string, graph = seed()): Promise<{ losses: number[]; start: JsonLine; stderr: string }> {
  const r = await runCli(['run', graph, '--weights', weights, ...small, ...backend, '--out', out], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as JsonLine);
  assert.equal(lines[0]!.event, 'start', 'the first line is the start event');
  return { losses: lines.filter((l) => l.event === 'progress').map((l) => l.loss!), start: lines[0]!, stderr: r.stderr };
}

test('run --backend onnx: the same losses as wasm (within float32 summation differences), the image written, the run recorded as onnx; auto is onnx here', async () => {
  const { losses: wasm, start: wasmStart } = await lossesOf(['--backend', 'wasm'], join(ws, 'wasm.png'));
  const { losses: onnx, start: onnxStart } = await lossesOf(['--backend', 'onnx'], join(ws, 'onnx.png'));
  assert.deepEqual(wasmStart, { event: 'start', nativeLoop: false, tfjsNodes: [] });
  assert.deepEqual(onnxStart, { event: 'start', nativeLoop: true, tfjsNodes: [] }, 'the seed graph runs its whole iteration on onnxruntime');
  const { losses: auto, stderr } = await lossesOf([], join(ws, 'auto.png'));
  assert.match(stderr, /^backend auto: onnx \(onnxruntime-node loads here\)$/m, 'auto says what it chose');
  assert.equal(onnx.length, 4);
  onnx.forEach((loss, i) => assert.ok(Math.abs(loss - wasm[i]!) <= 1e-4 * Math.abs(wasm[i]!), `iteration ${i + 1}: onnx ${loss} vs wasm ${wasm[i]}`));
  assert.deepEqual(auto, onnx, 'auto runs onnx where onnxruntime-node loads');
  const png = PNG.sync.read(readFileSync(join(ws, 'onnx.png')));
  assert.deepEqual([png.width, png.height], [32, 24]);
  const runs = join(ws, 'examples', '.stylegraph', 'runs', 'seed');
  const backends = readdirSync(runs).sort().map((id) => (JSON.parse(readFileSync(join(runs, id, 'run.json'), 'utf8')) as { backend: string }).backend);
  assert.deepEqual(backends, ['wasm', 'onnx', 'onnx']);
});

test('run --backend onnx on a graph with a node that has no native form (loss.sliced): the start event names it, and the iterations run on tfjs', async () => {
  const sliced = join(ws, 'examples', 'sliced.stylegraph.json');
  const ids = (JSON.parse(readFileSync(sliced, 'utf8')) as { nodes: { id: string; type: string }[] }).nodes.filter((n) => n.type === 'loss.sliced').map((n) => n.id);
  const { losses, start } = await lossesOf(['--backend', 'onnx', '--no-history'], join(ws, 'sliced.png'), sliced);
  assert.deepEqual(start, { event: 'start', nativeLoop: false, tfjsNodes: ids });
  assert.equal(losses.length, 4);
});

test('without --json, stderr says where the iterations compute: all on onnxruntime, or the nodes that keep them on tfjs', async () => {
  const sliced = join(ws, 'examples', 'sliced.stylegraph.json');
  const ids = (JSON.parse(readFileSync(sliced, 'utf8')) as { nodes: { id: string; type: string }[] }).nodes.filter((n) => n.type === 'loss.sliced').map((n) => n.id);
  const stderrOf = async (graph: string, backend: string) => {
    const r = await runCli(['run', graph, '--weights', weights, '--size', '24x32', '--iterations', '2', '--backend', backend, '--no-history', '--out', join(ws, 'placement.png')], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    return r.stderr;
  };
  assert.match(await stderrOf(seed(), 'onnx'), /^iterations: the whole iteration on onnxruntime$/m);
  assert.match(await stderrOf(sliced, 'onnx'), new RegExp(`^iterations: VGG-19 on onnxruntime, the other nodes on tfjs wasm; no native form: ${ids.join(', ')}$`, 'm'));
  assert.match(await stderrOf(seed(), 'wasm'), /^iterations: every node on tfjs wasm$/m);
});

test('run where onnxruntime-node\'s library does not load: auto says so and runs on wasm; --backend onnx is one clear error', async () => {
  const env = { NODE_OPTIONS: `--require ${join(FIXTURES, 'no-onnxruntime.js')}` };
  const auto = await runCli(['run', seed(), '--weights', weights, ...small, '--no-history', '--out', join(ws, 'fallback.png')], { cwd: ws, env });
  assert.equal(auto.code, 0, auto.stderr);
  assert.match(auto.stderr, /^backend auto: the onnx backend could not load onnxruntime-node's native library for \S+: Cannot find module .*\(use --backend wasm\); using wasm$/m);
  assert.equal(auto.stdout.trim().split('\n').filter((l) => (JSON.parse(l) as { event: string }).event === 'progress').length, 4);
  const onnx = await runCli(['run', seed(), '--weights', weights, ...small, '--no-history', '--backend', 'onnx', '--out', join(ws, 'none.png')], { cwd: ws, env });
  assert.equal(onnx.code, 1);
  assert.match(onnx.stderr, /the onnx backend could not load onnxruntime-node's native library/);
  assert.ok(!existsSync(join(ws, 'none.png')), 'nothing written');
});

test('an onnx run leaves nothing in the home folder (no onnxruntime telemetry) or the temporary folder (the optimised models are removed)', async () => {
  const home = tempFolder('stylegraph-home-');
  const temp = tempFolder('stylegraph-tmp-');
  try {
    const r = await runCli(['run', seed(), '--weights', weights, ...small, '--no-history', '--backend', 'onnx', '--out', join(ws, 'clean.png')], { cwd: ws, env: { HOME: home, TMPDIR: temp } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(ws, 'clean.png')));
    assert.deepEqual(readdirSync(home), []);
    assert.deepEqual(readdirSync(temp), []);
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
  }
});
