import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readImageFile } from '../../src/node/image-file';
import type { RawImage } from '../../src/core/image/raw-image';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';

/** The examples of the node kit, each run as the README shows at CI size. */
const EXAMPLES = ['tv', 'wasserstein', 'sliced', 'two-regions', 'original-colours', 'two-styles', 'multiscale'];

let ws: string;
let weights: string;
before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(1), join(ws, 'weights'));
});

const graph = (name: string) => join(ws, 'examples', `${name}.stylegraph.json`);

test('every example validates', async () => {
  const r = await runCli(['validate', ...EXAMPLES.map(graph)], { cwd: ws });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  for (const name of EXAMPLES) assert.match(r.stdout, new RegExp(`${name}\\.stylegraph\\.json: ok`));
});

// cpu: the reference; onnx: the CLI's default (the whole iteration on onnxruntime where every
// loop node has a native form, else VGG-19 there and the loss nodes on wasm). The onnx run's
// losses are the reference's within the bench's gate (1e-3 relative) at every iteration.
const cpuLosses = new Map<string, Record<string, number>[]>();
for (const name of EXAMPLES) {
  for (const backend of ['cpu', 'onnx']) {
    test(`example ${name} runs with the CLI on ${backend} and writes its PNGs${backend === 'onnx' ? '; its losses are cpu\'s within 1e-3' : ''}`, async () => {
      const out = join(ws, `${name}-${backend}.png`);
      const r = await runCli(['run', graph(name), '--weights', weights, '--size', '24x32', '--iterations', '3', '--backend', backend, '--out', out, '--json'], { cwd: ws });
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; losses?: Record<string, number> });
      const losses = lines.filter((l) => l.event === 'progress').map((l) => l.losses!);
      assert.equal(losses.length, 3);
      if (backend === 'cpu') cpuLosses.set(name, losses);
      else {
        const reference = cpuLosses.get(name);
        assert.ok(reference, 'the cpu run came first');
        losses.forEach((step, i) => {
          for (const [id, value] of Object.entries(reference[i]!)) {
            const err = Math.abs(step[id]! - value) / Math.max(Math.abs(value), 1e-12);
            assert.ok(err <= 1e-3, `iteration ${i + 1}, ${id}: onnx ${step[id]} vs cpu ${value} (${err.toExponential(2)})`);
          }
        });
      }
      const image = await readImageFile(out);
      assert.deepEqual([image.width, image.height], [32, 24]);
      assert.ok(existsSync(join(ws, 'examples', `${name}-result.png`)), 'the image.output file');
    });
  }
}

const luma = (image: RawImage, i: number) => 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;

test('original-colours: the output keeps the generated luminance with other colours', async () => {
  // Written by the last run above (onnx), with the image.output file beside the graph.
  const generated = await readImageFile(join(ws, 'original-colours-onnx.png'));
  const output = await readImageFile(join(ws, 'examples', 'original-colours-result.png'));
  let compared = 0;
  let recoloured = 0;
  for (let i = 0; i < output.data.length; i += 4) {
    const clipped = [0, 1, 2].some((c) => output.data[i + c] === 0 || output.data[i + c] === 255 || generated.data[i + c] === 0 || generated.data[i + c] === 255);
    if (clipped) continue;
    compared++;
    // Each channel is rounded to a whole level: Y within 1 level.
    assert.ok(Math.abs(luma(output, i) - luma(generated, i)) <= 1, `pixel ${i / 4}: Y ${luma(output, i)} vs ${luma(generated, i)}`);
    if ([0, 1, 2].some((c) => Math.abs(output.data[i + c]! - generated.data[i + c]!) > 2)) recoloured++;
  }
  assert.ok(compared > 100, `${compared} unclipped pixels compared`);
  assert.ok(recoloured > compared / 2, `${recoloured} of ${compared} pixels take other colours`);
});

test('example portrait-identity validates and runs with the CLI (the face detector needs 96 px)', async () => {
  const out = join(ws, 'portrait-identity.png');
  const r = await runCli(['run', graph('portrait-identity'), '--weights', weights, '--size', '96x96', '--iterations', '2', '--backend', 'wasm', '--out', out, '--json'], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  const progress = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event: string; losses?: Record<string, number> });
  const identity = progress.filter((e) => e.event === 'progress').map((e) => Object.entries(e.losses!).find(([id]) => /identity|face/.test(id)));
  assert.ok(identity.length === 2 && identity.every((term) => term !== undefined && Number.isFinite(term[1])), r.stdout);
  const image = await readImageFile(out);
  assert.deepEqual([image.width, image.height], [96, 96]);
});
