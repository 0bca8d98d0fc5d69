import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/node/backend';
import { VggModel } from '../../src/core/model/vgg-model';
import { compile } from '../../src/core/compile/plan';
import { runGraph, type ProgressEvent } from '../../src/core/run/executor';
import { nodeValue } from '../../src/core/inspect/node-value';
import type { Graph, GraphNode } from '../../src/core/graph/types';
import type { RawImage } from '../../src/core/image/raw-image';
import { randomVggWeights } from '../helpers/weight-files';
import { seedGraph, withParams } from '../helpers/seed-run';

let model: VggModel;
before(async () => {
  await useBackend('cpu');
  model = new VggModel(randomVggWeights(1));
});
after(() => model.dispose());

/**
 * The seed graph at 24x32 with a sliced Wasserstein term (random directions, new each iteration)
 * in its total; the image starts as the content and barely moves (learning rate 1e-6), so the
 * image the run leaves, rounded to bytes, is the content to the byte.
 */
function slicedGraph(): Graph {
  const graph = seedGraph({ iterations: 4 });
  const sliced: GraphNode = { id: 'j_sw', type: 'loss.sliced', params: { projections: 0, seed: 5 }, ui: { pos: [0, 0] } };
  const withSliced = {
    ...graph,
    nodes: [...graph.nodes, sliced],
    edges: [...graph.edges, { from: 'style_conv2_1.features', to: 'j_sw.style' }, { from: 'generated_conv2_1.features', to: 'j_sw.generated' }, { from: 'j_sw.loss', to: 'j_total.terms' }],
  };
  return withParams(withParams(withSliced, 'adam', { learningRate: 1e-6 }), 'generated', { init: 'content', seed: 3 });
}

/** A 32x24 image of the graph's own size (so no resize): a pattern that `k` varies. */
function pattern(k: number): RawImage {
  return { width: 32, height: 24, data: Uint8Array.from({ length: 32 * 24 * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * (37 + k) + k * 11) % 256)) };
}

test('inspect and the run agree on loss.sliced: the same projections at the iteration the run ended', async () => {
  const graph = slicedGraph();
  const files = new Map<string, RawImage>();
  const events: ProgressEvent[] = [];
  const result = await runGraph(graph, {
    model,
    readImage: async (path) => {
      const image = pattern(files.size);
      files.set(path, image);
      return image;
    },
  }, { onProgress: (e) => events.push(e) });
  assert.equal(result.status, 'done');
  const ran = events.map((e) => e.losses.j_sw!);
  const last = ran[result.iterations - 1]!;
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-4 * Math.abs(b);
  // Each iteration draws other directions: the comparison below can tell iterations apart.
  assert.ok(!close(ran[result.iterations - 2]!, last), `the sliced loss moves between iterations: ${ran.join(' ')}`);

  const value = nodeValue({ plan: compile(graph), model, files, generated: result.image, iteration: result.iterations }, 'j_sw');
  const inspected = value.tensor.dataSync()[0]!;
  value.tensor.dispose();
  assert.ok(close(inspected, last), `inspect ${inspected}, the run at iteration ${result.iterations} ${last} (all: ${ran.join(' ')})`);
});
