import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ancestors, indexEdges } from '../../src/core/graph/edge-index';
import { loadGraph } from '../../src/core/graph/load';
import { validateGraph } from '../../src/core/graph/validate';
import { SEED_GRAPH } from '../helpers/paths';

const seed = loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
const { edges } = validateGraph(seed);
const node = (id: string) => seed.nodes.find((n) => n.id === id)!;
const ids = (nodes: Iterable<{ readonly id: string }>) => [...nodes].map((n) => n.id).sort();

test('indexEdges: every node has its edges in and out, in file order; a node without any has empty lists', () => {
  const index = indexEdges(seed.nodes, edges);
  assert.equal(index.incoming.size, seed.nodes.length);
  assert.deepEqual(index.incoming.get(node('j_style'))!.map((e) => e.from.node.id), ['w_style_conv1_1', 'w_style_conv2_1', 'w_style_conv3_1', 'w_style_conv4_1', 'w_style_conv5_1']);
  assert.deepEqual(index.incoming.get(node('j_style'))!.map((e) => e.index), [...index.incoming.get(node('j_style'))!.map((e) => e.index)].sort((a, b) => a - b));
  assert.deepEqual(index.outgoing.get(node('style'))!.map((e) => `${e.from.port.name}->${e.to.node.id}.${e.to.port.name}`), ['image->style_conv1_1.image', 'image->style_conv2_1.image', 'image->style_conv3_1.image', 'image->style_conv4_1.image', 'image->style_conv5_1.image']);
  assert.deepEqual(index.incoming.get(node('content')), []);
  assert.deepEqual(index.outgoing.get(node('result')), []);
  const total = edges.length;
  assert.equal([...index.incoming.values()].reduce((s, e) => s + e.length, 0), total);
  assert.equal([...index.outgoing.values()].reduce((s, e) => s + e.length, 0), total);
});

test('ancestors: the node and everything upstream of it', () => {
  const index = indexEdges(seed.nodes, edges);
  assert.deepEqual(ids(ancestors(node('alpha'), index)), ['alpha', 'content', 'content_conv4_2', 'generated', 'generated_conv4_2', 'j_content']);
  assert.deepEqual(ids(ancestors(node('content'), index)), ['content']);
  assert.equal(ancestors(node('adam'), index).size, seed.nodes.length - 1, 'all but the result');
});
