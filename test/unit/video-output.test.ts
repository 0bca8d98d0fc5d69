import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBackend } from '../../src/node/backend';
import { videoOutput } from '../../src/core/nodes/video-output';
import { loadGraph } from '../../src/core/graph/load';
import { validateGraph } from '../../src/core/graph/validate';
import type { Graph } from '../../src/core/graph/types';
import { EXAMPLES, SEED_GRAPH } from '../helpers/paths';

before(async () => {
  await useBackend('cpu');
});

const load = (path: string): Graph => loadGraph(readFileSync(path, 'utf8')).graph!;
/** The video example with a video.output "movie" of the optimizer's result. */
const video = (): Graph => {
  const graph = load(join(EXAMPLES, 'video.stylegraph.json'));
  return { ...graph, nodes: [...graph.nodes, { id: 'movie', type: 'video.output', params: { path: 'out.mp4', fps: 24 }, ui: { pos: [0, 0] } }], edges: [...graph.edges, { from: 'adam.image', to: 'movie.image' }] };
};

test('video.output: its image is the image on its input, as it is', () => {
  const image = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]);
  assert.equal(videoOutput.outputImage!({ image: [{ type: 'image', tensor: image }] }, { path: 'out.mp4', fps: 24 }), image);
});

test('video.output: in a graph without video.frames it is a problem', () => {
  const seed = load(SEED_GRAPH);
  const optimizer = seed.nodes.find((n) => n.type === 'optimizer')!;
  const graph: Graph = { ...seed, nodes: [...seed.nodes, { id: 'movie', type: 'video.output', params: { path: 'out.mp4', fps: 24 }, ui: { pos: [0, 0] } }], edges: [...seed.edges, { from: `${optimizer.id}.image`, to: 'movie.image' }] };
  assert.deepEqual(validateGraph(graph).problems.map((p) => [p.code, p.message]), [
    ['video-output', 'node "movie" (video.output): a video is made of a frame run\'s frames, and the graph has no frames source (video.frames)'],
  ]);
});

test('video.output: its image must be the optimizer\'s result', () => {
  const graph = video();
  const id = 'movie';
  assert.deepEqual(validateGraph(graph).problems, []);
  const fromFrames: Graph = { ...graph, edges: [...graph.edges.filter((e) => e.to !== `${id}.image`), { from: 'frames.image', to: `${id}.image` }] };
  assert.deepEqual(validateGraph(fromFrames).problems.map((p) => [p.code, p.message]), [
    ['video-output', `node "${id}" (video.output): its image must be the optimizer's result (the frames written at --out), not node "frames"'s image`],
  ]);
});

test('video.output: fps is 1 to 240', () => {
  const graph = video();
  const id = 'movie';
  const withFps = (fps: number): Graph => ({ ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, fps } } : n)) });
  assert.deepEqual(validateGraph(withFps(240)).problems, []);
  assert.deepEqual(validateGraph(withFps(0)).problems.map((p) => p.message), [`node "${id}" (video.output): param fps: 0 is outside 1..240`]);
});
