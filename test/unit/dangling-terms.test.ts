import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadGraph } from '../../src/core/graph/load';
import type { Graph } from '../../src/core/graph/types';
import { SEED_GRAPH } from '../helpers/paths';
import { validateGraph } from '../../src/core/graph/validate';
import { indexEdges } from '../../src/core/graph/edge-index';
import { danglingTerms } from '../../src/core/graph/dangling-terms';

const seed = (): Graph => loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
const example = (name: string): Graph => loadGraph(readFileSync(join(dirname(SEED_GRAPH), `${name}.stylegraph.json`), 'utf8')).graph!;
const located = (graph: Graph) => validateGraph(graph).problems.map((p) => [p.code, p.nodeId]);
const without = (graph: Graph, id: string): Graph => ({ ...graph, nodes: graph.nodes.filter((n) => n.id !== id), edges: graph.edges.filter((e) => !e.from.startsWith(`${id}.`) && !e.to.startsWith(`${id}.`)) });

test('a term that reaches no optimizer is a problem on the end of its chain (deleting w_style_conv1_1)', () => {
  const problems = validateGraph(without(seed(), 'w_style_conv1_1')).problems;
  assert.deepEqual(problems.map((p) => [p.code, p.nodeId]), [['dangling-term', 'j_style_conv1_1']]);
  assert.equal(problems[0]!.message, 'node "j_style_conv1_1" (loss.style): reaches no optimizer: its term is not in J (wire it into a sum, bypass it, or remove it)');
});

test('a TV loss and its weight not wired into the sum: one problem, on the weight', () => {
  const g = seed();
  const graph: Graph = {
    ...g,
    nodes: [...g.nodes, { id: 'j_tv', type: 'loss.tv', params: { power: 2 }, ui: { pos: [0, 0] } }, { id: 'w_tv', type: 'weight', params: { w: 1 }, ui: { pos: [0, 0] } }],
    edges: [...g.edges, { from: 'generated.image', to: 'j_tv.image' }, { from: 'j_tv.loss', to: 'w_tv.value' }],
  };
  assert.deepEqual(located(graph), [['dangling-term', 'w_tv']]);
  assert.deepEqual(located({ ...graph, edges: [...graph.edges, { from: 'w_tv.value', to: 'j_total.terms' }] }), []);
});

test('graphs without an optimizer (evaluated once) and every example have no dangling term', () => {
  for (const name of ['seed', 'tv', 'two-regions', 'two-styles', 'portrait-identity', 'multiscale', 'verify', 'identify', 'sliced', 'wasserstein', 'original-colours']) {
    assert.deepEqual(located(example(name)).filter(([code]) => code === 'dangling-term'), [], name);
  }
});

test('danglingTerms: a chain that reaches an off node is not dangling; one problem per id; no optimizer, none', () => {
  const g = seed();
  const cut = without(g, 'w_style_conv1_1');
  const { index, edges } = validateGraph(cut);
  const loss = cut.nodes.find((n) => n.id === 'j_style_conv1_1')!;
  assert.deepEqual(danglingTerms(cut.nodes, index, new Set()).map((p) => p.nodeId), ['j_style_conv1_1']);
  assert.deepEqual(danglingTerms(cut.nodes, index, new Set([loss])), [], 'switched off on purpose');
  // The same dangling id twice: one problem.
  const twice = [...cut.nodes, { ...loss }];
  assert.deepEqual(danglingTerms(twice, indexEdges(twice, edges), new Set()).map((p) => p.nodeId), ['j_style_conv1_1']);
  const noOptimizer = g.nodes.filter((n) => n.type !== 'optimizer');
  assert.deepEqual(danglingTerms(noOptimizer, indexEdges(noOptimizer, []), new Set()), []);
});
