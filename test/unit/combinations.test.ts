import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src/core/graph/load';
import { applyOverrides } from '../../src/core/graph/overrides';
import { checkDistinctKeys, parseVary } from '../../src/core/sweep/vary';
import { applyCombination, combinationParams, combinations, describeCombination, typeAxes } from '../../src/core/sweep/combinations';
import { combinationProblems } from '../../src/core/sweep/combination-problems';
import { SEED_GRAPH } from '../helpers/paths';

const seed = loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
const small = applyOverrides(seed, { size: [24, 32] });

test('parseVary: keys and values split at commas; bad syntax names the flag and what is wrong', () => {
  assert.deepEqual(parseVary('alpha.w=1,10,100'), { keys: ['alpha.w'], values: ['1', '10', '100'] });
  assert.deepEqual(parseVary('content_conv4_2.layer,generated_conv4_2.layer=conv3_2,conv4_2'), {
    keys: ['content_conv4_2.layer', 'generated_conv4_2.layer'],
    values: ['conv3_2', 'conv4_2'],
  });
  assert.throws(() => parseVary('alpha.w'), /^Error: --vary "alpha.w": expected KEYS=VALUES/);
  assert.throws(() => parseVary('alphaw=1'), /"alphaw" is not node.param/);
  assert.throws(() => parseVary('alpha.=1'), /"alpha." is not node.param/);
  assert.throws(() => parseVary('alpha.w=1,,2'), /every value must be non-empty/);
  assert.throws(() => parseVary('alpha.w='), /every value must be non-empty/);
  assert.throws(() => parseVary('alpha.w,alpha.w=1'), /a key is named twice/);
  assert.throws(() => parseVary('alpha.w=1,1'), /a value is given twice/);
  assert.throws(() => checkDistinctKeys([parseVary('alpha.w=1'), parseVary('beta.w,alpha.w=2')]), /"alpha.w" is varied by more than one --vary/);
});

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

test('combinationProblems: each combination is validated; a problem is prefixed with the first combination that has it', () => {
  const { axes } = typeAxes(small, [parseVary('alpha.w=1,10'), parseVary('content_conv4_2.layer=conv4_2,conv5_2')]);
  const problems = combinationProblems(small, axes, 'seed.stylegraph.json');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.nodeId, 'j_content');
  assert.match(problems[0]!.message, /^with alpha\.w=1, content_conv4_2\.layer=conv5_2 \(and 1 more\): node "j_content" \(loss\.content\): the content features are 1x2x512 but the generated features are 3x4x512/);
  // Tied, both layers change together: every combination is fine.
  const tied = typeAxes(small, [parseVary('content_conv4_2.layer,generated_conv4_2.layer=conv4_2,conv5_2')]);
  assert.deepEqual(combinationProblems(small, tied.axes, 'seed.stylegraph.json'), []);
  // The path rule applies to swept paths.
  const paths = typeAxes(small, [parseVary('result.path=out.png,../out.png,seed.stylegraph.json')]);
  assert.deepEqual(combinationProblems(small, paths.axes, 'seed.stylegraph.json').map((p) => p.message), [
    'with result.path=../out.png: node "result": path "../out.png" leads outside the graph file\'s folder',
    'with result.path=seed.stylegraph.json: node "result": path "seed.stylegraph.json" must end in .png',
  ]);
});
