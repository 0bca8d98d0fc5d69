import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src/core/graph/load';
import { applyOverrides } from '../../src/core/graph/overrides';
import { parseVary } from '../../src/core/sweep/vary';
import { applyCombination, combinationParams, combinations, describeCombination, typeAxes } from '../../src/core/sweep/combinations';
import { SEED_GRAPH } from '../helpers/paths';

const seed = loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
const small = applyOverrides(seed, { size: [24, 32] });

test('typeAxes: values take their params\' types; unknown nodes, params and bad values are problems naming the node', () => {
  const ok = typeAxes(small, [parseVary('alpha.w=1,2.5e1'), parseVary('adam.method=adam,lbfgs')]);
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.axes, [{ keys: ['alpha.w'], values: [1, 25] }, { keys: ['adam.method'], values: ['adam', 'lbfgs'] }]);

  const bad = typeAxes(small, [parseVary('adam.iterations=0,2'), parseVary('nosuch.w=1'), parseVary('alpha.nope=1'), parseVary('beta.w=x')]);
  assert.deepEqual(bad.problems.map((p) => [p.nodeId, p.message]), [
    ['adam', '--vary adam.iterations=0: node "adam" (optimizer): param iterations: 0 is outside 1..100000'],
    [undefined, '--vary nosuch.w: the graph has no node "nosuch"'],
    ['alpha', '--vary alpha.nope: node "alpha" (weight) has no param "nope" (it has: w)'],
    ['beta', '--vary beta.w=x: node "beta" (weight): param w: expected a number, found "x"'],
  ]);
  // A tied key is checked against its own param: a layer name is no weight.
  const tied = typeAxes(small, [parseVary('content_conv4_2.layer,alpha.w=conv3_2')]);
  assert.deepEqual(tied.problems.map((p) => p.nodeId), ['alpha']);
});

test('combinations: the cartesian product, last axis fastest; tied keys take one value together', () => {
  const { axes } = typeAxes(small, [parseVary('alpha.w=1,10'), parseVary('beta.w=10,40,100'), parseVary('content_conv4_2.layer,generated_conv4_2.layer=conv3_2,conv4_2')]);
  const all = combinations(axes);
  assert.equal(all.length, 12);
  assert.deepEqual(all.slice(0, 3), [[1, 10, 'conv3_2'], [1, 10, 'conv4_2'], [1, 40, 'conv3_2']]);
  assert.deepEqual(all.at(-1), [10, 100, 'conv4_2']);
  assert.equal(new Set(all.map((c) => JSON.stringify(c))).size, 12, 'no combination twice');
  assert.deepEqual(combinationParams(axes, all[1]!), { 'alpha.w': 1, 'beta.w': 10, 'content_conv4_2.layer': 'conv4_2', 'generated_conv4_2.layer': 'conv4_2' });
  assert.equal(describeCombination(axes, all[1]!), 'alpha.w=1, beta.w=10, content_conv4_2.layer,generated_conv4_2.layer=conv4_2');
  const graph = applyCombination(small, axes, all[1]!);
  const param = (id: string, name: string) => graph.nodes.find((n) => n.id === id)!.params[name];
  assert.deepEqual([param('alpha', 'w'), param('beta', 'w'), param('content_conv4_2', 'layer'), param('generated_conv4_2', 'layer')], [1, 10, 'conv4_2', 'conv4_2']);
  assert.equal(param('content', 'height'), 24, 'the other params stay');
  assert.equal(small.nodes.find((n) => n.id === 'alpha')!.params.w, seed.nodes.find((n) => n.id === 'alpha')!.params.w, 'the graph given is not changed');
});
