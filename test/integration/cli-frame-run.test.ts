import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';

/** The example video graph at 48x64 with narrow test weights, on its first 6 frames. */
let ws: string;
let weights: string;
before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(1), join(ws, 'weights'));
});

interface GraphJson { nodes: { id: string; params: Record<string, unknown> }[]; edges: { from: string; to: string }[] }
interface FrameLine { event: string; frame: number; frames: number; image: string; loss: number; temporalError?: number; seconds: number }

/** examples/video.stylegraph.json with 6 frames, 12 steps then 6 a frame, results in `outDir`; its temporal term bypassed (left out of J) when `temporal` is false. */
function variant(name: string, temporal: boolean, outDir: string): string {
  const graph = JSON.parse(readFileSync(join(ws, 'examples', 'video.stylegraph.json'), 'utf8')) as GraphJson;
  const node = (id: string) => graph.nodes.find((n) => n.id === id)!;
  node('frames').params.count = 6;
  node('adam').params.iterations = 12;
  node('frames').params.iterationsPerFrame = 6;
  node('result').params.path = `${outDir}/styled-{frame}.png`;
  // The narrow random weights make J about 1e10 while (x - w)² is about 1e2 a pixel: a weight of
  // 1e7 gives the temporal term a share of J as the example's weight does with the real weights.
  node('w_temporal').params.w = 1e7;
  if (!temporal) {
    (node('w_temporal') as { bypass?: boolean }).bypass = true;
    (graph as unknown as { version: number }).version = 2;
  }
  const path = join(ws, 'examples', `${name}.stylegraph.json`);
  writeFileSync(path, JSON.stringify(graph));
  return path;
}

async function runFrames(graph: string, out: string, extra: string[] = []): Promise<FrameLine[]> {
  const r = await runCli(['run', graph, '--weights', weights, '--size', '48x64', '--backend', 'cpu', '--json', '--out', out, ...extra], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as FrameLine).filter((e) => e.event === 'frame');
}

test('--frames 4..5 reruns those frames only, resuming from frame 3\'s image', async () => {
  const graph = variant('video-range', true, 'range');
  const first = await runFrames(graph, join(ws, 'range', 'f%04d.png'), ['--frames', '1..3']);
  assert.deepEqual(first.map((e) => e.frame), [1, 2, 3]);
  const rest = await runFrames(graph, join(ws, 'range', 'f%04d.png'), ['--frames', '4..5']);
  assert.deepEqual(rest.map((e) => e.frame), [4, 5]);
  // Resumed from frame 3's result: frame 4 is a later frame (a temporal error), not a new first frame.
  assert.ok(Number.isFinite(rest[0]!.temporalError), JSON.stringify(rest[0]));
  assert.deepEqual(readdirSync(join(ws, 'range')).sort(), ['f0001.png', 'f0002.png', 'f0003.png', 'f0004.png', 'f0005.png']);
});
