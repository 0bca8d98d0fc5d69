import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileEvaluation, isEvaluationGraph } from '../../src/core/compile/evaluation-plan';
import { GraphError } from '../../src/core/graph/problems';
import { loadGraph } from '../../src/core/graph/load';
import type { Graph } from '../../src/core/graph/types';
import { SEED_GRAPH } from '../helpers/paths';

const example = (name: string): Graph => loadGraph(readFileSync(join(dirname(SEED_GRAPH), `${name}.stylegraph.json`), 'utf8')).graph!;

test('isEvaluationGraph: a graph without an optimizer', () => {
  assert.equal(isEvaluationGraph(example('verify')), true);
  assert.equal(isEvaluationGraph(example('identify')), true);
  assert.equal(isEvaluationGraph(example('seed')), false);
});

test('compileEvaluation: the nodes the results need, in dependency order, then the results', () => {
  const graph = example('verify');
  const plan = compileEvaluation(graph);
  assert.equal(plan.graph, graph);
  // The file lists its nodes by id; the plan orders them by what each reads.
  assert.deepEqual(plan.nodes.map((p) => p.node.id), ['photo_a', 'face_a', 'encode_a', 'photo_b', 'face_b', 'encode_b', 'distance']);
  assert.deepEqual(plan.results.map((p) => p.node.id), ['verdict']);
  assert.deepEqual(plan.results[0]!.inputs.get('distance')!.map((s) => [s.node.id, s.port]), [['distance', 'distance']]);
});

test('compileEvaluation: a node no result reads is not planned; problems throw a GraphError naming the source', () => {
  const graph = example('verify');
  const extra: Graph = { ...graph, nodes: [...graph.nodes, { id: 'spare', type: 'image.load', params: { path: 'samples/chelsea.png', width: 8, height: 8, fit: 'cover' }, ui: { pos: [0, 0] } }] };
  assert.ok(!compileEvaluation(extra).nodes.some((p) => p.node.id === 'spare'));
  const broken: Graph = { ...graph, edges: [...graph.edges, { from: 'ghost.image', to: 'spare.image' }] };
  assert.throws(() => compileEvaluation(broken, 'verify.stylegraph.json'), (e: unknown) => e instanceof GraphError && e.source === 'verify.stylegraph.json' && e.problems.some((p) => p.code === 'dangling-edge'));
});
