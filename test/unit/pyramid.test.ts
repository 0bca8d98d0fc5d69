import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scaleLadder, scaledGraph } from '../../src/core/run/pyramid';
import { seedGraph } from '../helpers/seed-run';

test('the √2 ladder: 32 to 64 gives 32, 45, 64; Crowson\'s 128 to 512 gives 128, 181, 256, 362, 512', () => {
  assert.deepEqual(scaleLadder(32, [64, 64]), [[32, 32], [45, 45], [64, 64]]);
  assert.deepEqual(scaleLadder(128, [512, 512]).map(([h]) => h), [128, 181, 256, 362, 512]);
});

test('minSize 0, or at least the shorter side, is one scale at the graph\'s size', () => {
  assert.deepEqual(scaleLadder(0, [300, 400]), [[300, 400]]);
  assert.deepEqual(scaleLadder(300, [300, 400]), [[300, 400]]);
  assert.deepEqual(scaleLadder(512, [300, 400]), [[300, 400]]);
});

test('the shorter side follows the ladder, the other keeps the aspect ratio', () => {
  assert.deepEqual(scaleLadder(100, [300, 400]), [[100, 133], [141, 188], [200, 267], [300, 400]]);
  assert.deepEqual(scaleLadder(100, [400, 300]), [[133, 100], [188, 141], [267, 200], [400, 300]]);
});

test('a rung within a quarter octave of the final size is left out', () => {
  // 362 * 2^(1/4) = 430 < 520 stays; 512 would be a second scale at almost the same size.
  assert.deepEqual(scaleLadder(128, [520, 520]).map(([h]) => h), [128, 181, 256, 362, 520]);
  // 200 * √2 = 283 would be 300's neighbour: 100, 141, 200, then 300.
  assert.deepEqual(scaleLadder(100, [300, 300]).map(([h]) => h), [100, 141, 200, 300]);
});

test('scaledGraph scales every loaded and generated image, taking a file\'s size where the graph keeps it', () => {
  const graph = seedGraph({ size: [300, 400] });
  const keepsFile = { ...graph, nodes: graph.nodes.map((n) => (n.id === 'style' ? { ...n, params: { ...n.params, width: 0, height: 0 } } : n)) };
  const scaled = scaledGraph(keepsFile, 0.5, new Map([['style', { height: 872, width: 1000 }]]));
  const size = (id: string) => {
    const p = scaled.nodes.find((n) => n.id === id)!.params;
    return [p.height, p.width];
  };
  assert.deepEqual(size('content'), [150, 200]);
  assert.deepEqual(size('generated'), [150, 200]);
  assert.deepEqual(size('style'), [436, 500]);
  assert.deepEqual(scaled.nodes.find((n) => n.id === 'j_content')!.params, graph.nodes.find((n) => n.id === 'j_content')!.params);
  assert.equal(scaledGraph(graph, 1, new Map()), graph);
});
