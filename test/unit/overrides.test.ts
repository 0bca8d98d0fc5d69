import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src/core/graph/load';
import { applyOverrides, overrideRange } from '../../src/core/graph/overrides';
import { NODE_DEFS } from '../../src/core/nodes/catalogue';
import type { NumberParam } from '../../src/core/nodes/types';
import { SEED_GRAPH } from '../helpers/paths';

const seed = loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
const params = (graph: typeof seed, id: string) => graph.nodes.find((n) => n.id === id)!.params;

test('applyOverrides: size on every source and the generated image, iterations on the optimizer, seed on the generated image', () => {
  const g = applyOverrides(seed, { size: [24, 32], iterations: 7, seed: 3 });
  for (const id of ['content', 'style', 'generated']) assert.deepEqual([params(g, id).height, params(g, id).width], [24, 32], id);
  assert.equal(params(g, 'adam').iterations, 7);
  assert.equal(params(g, 'generated').seed, 3);
  // Everything else stays.
  assert.deepEqual(params(g, 'adam'), { ...params(seed, 'adam'), iterations: 7 });
  assert.deepEqual(params(g, 'content'), { ...params(seed, 'content'), height: 24, width: 32 });
  assert.deepEqual(g.nodes.filter((n) => !['content', 'style', 'generated', 'adam'].includes(n.id)), seed.nodes.filter((n) => !['content', 'style', 'generated', 'adam'].includes(n.id)));
  assert.deepEqual(g.edges, seed.edges);
  assert.equal(params(seed, 'adam').iterations, 200, 'the graph given is not changed');
});

test('applyOverrides: only the values given; none, the same params', () => {
  const g = applyOverrides(seed, { iterations: 5 });
  assert.deepEqual(params(g, 'generated'), params(seed, 'generated'));
  assert.deepEqual(params(g, 'content'), params(seed, 'content'));
  assert.deepEqual(applyOverrides(seed, {}).nodes.map((n) => n.params), seed.nodes.map((n) => n.params));
});

test('overrideRange: the whole numbers every param it sets takes', () => {
  const range = (role: string, param: string) => {
    const specs = NODE_DEFS.filter((d) => d.role === role).map((d) => d.params.find((p) => p.name === param) as NumberParam);
    assert.ok(specs.length > 0 && specs.every((s) => s?.kind === 'number'), `${role}.${param}`);
    return { min: Math.max(...specs.map((s) => Math.ceil(s.min))), max: Math.min(...specs.map((s) => Math.floor(s.max))) };
  };
  const both = (a: { min: number; max: number }, b: { min: number; max: number }) => ({ min: Math.max(a.min, b.min), max: Math.min(a.max, b.max) });
  assert.deepEqual(overrideRange('iterations'), range('optimizer', 'iterations'));
  assert.deepEqual(overrideRange('seed'), range('generated', 'seed'));
  assert.deepEqual(overrideRange('height'), both(range('source', 'height'), range('generated', 'height')));
  assert.deepEqual(overrideRange('width'), both(range('source', 'width'), range('generated', 'width')));
  assert.ok(overrideRange('iterations').min >= 1);
});
