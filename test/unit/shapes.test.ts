import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferShapes, type FileSizes } from '../../src/core/graph/shapes';
import { validateGraph } from '../../src/core/graph/validate';
import type { Graph, GraphNode } from '../../src/core/graph/types';
import { seedGraph, withParams } from '../helpers/seed-run';

/** inferShapes over a graph in validateGraph's order, shapes by id. */
function infer(graph: Graph, options: { broken?: readonly string[]; fileSizes?: FileSizes } = {}) {
  const { order, index } = validateGraph(graph);
  const broken = new Set<GraphNode>(order.filter((n) => options.broken?.includes(n.id)));
  const { shapes, problems } = inferShapes(order, index, broken, options.fileSizes);
  return { shapes: new Map([...shapes].map(([n, s]) => [n.id, s])), problems: problems.map((p) => [p.code, p.nodeId, p.message]) };
}

test('inferShapes: images at the run size, features halved by each pooling, Grams by channels, terms scalar', () => {
  const { shapes, problems } = infer(seedGraph());
  assert.deepEqual(problems, []);
  assert.deepEqual(shapes.get('content'), { type: 'image', height: 24, width: 32 });
  assert.deepEqual(shapes.get('generated_conv1_1'), { type: 'features', height: 24, width: 32, channels: 64 });
  assert.deepEqual(shapes.get('generated_conv4_2'), { type: 'features', height: 3, width: 4, channels: 512 });
  assert.deepEqual(shapes.get('gram_style_conv3_1'), { type: 'gram', channels: 256 });
  assert.deepEqual(shapes.get('j_total'), { type: 'scalar' });
});

test('inferShapes: a size of 0 takes the file\'s, once known; until then it is unknown', () => {
  const graph = withParams(seedGraph(), 'content', { height: 0, width: 0 });
  assert.deepEqual(infer(graph).shapes.get('content'), { type: 'image', height: undefined, width: undefined });
  const sized = infer(graph, { fileSizes: new Map([['content', { height: 24, width: 32 }]]) });
  assert.deepEqual(sized.shapes.get('content'), { type: 'image', height: 24, width: 32 });
  assert.deepEqual(sized.problems, []);
  // The generated image follows the content image's size.
  const other = infer(graph, { fileSizes: new Map([['content', { height: 40, width: 48 }]]) });
  assert.deepEqual(other.shapes.get('generated'), { type: 'image', height: 40, width: 48 });
  assert.deepEqual(other.shapes.get('generated_conv4_2'), { type: 'features', height: 5, width: 6, channels: 512 });
  assert.deepEqual(other.problems, []);
});

test('inferShapes: a mismatch is a problem on the node; a broken node has no shape and what it feeds is not checked', () => {
  const graph = withParams(seedGraph(), 'content_conv4_2', { layer: 'conv5_2' });
  const unchecked = infer(graph);
  assert.deepEqual(unchecked.problems.map(([code, id]) => [code, id]), [['shape-mismatch', 'j_content']]);
  assert.match(unchecked.problems[0]![2]!, /^node "j_content" \(loss\.content\): the content features are 1x2x512 but the generated features are 3x4x512/);
  assert.equal(unchecked.shapes.get('j_content'), undefined, 'a node whose inputs do not fit has no shape');
  const { shapes, problems } = infer(graph, { broken: ['content_conv4_2'] });
  assert.deepEqual(problems, []);
  assert.equal(shapes.get('content_conv4_2'), undefined);
  assert.equal(shapes.get('j_content'), undefined);
  assert.deepEqual(shapes.get('j_total'), undefined, 'nor anything downstream');
});
