import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseGraph } from '../../src/core/graph/parse';
import { suggestSweep, weightParam } from '../../src/core/sweep/param-sweep';
import { SEED_GRAPH } from '../helpers/paths';

const seed = parseGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;

test('suggestSweep: a weight gets x0.1, x1, x10 of its value', () => {
  assert.deepEqual(suggestSweep(seed, 'beta', 'w'), { keys: ['beta.w'], values: ['4', '40', '400'] });
  assert.deepEqual(suggestSweep(seed, 'w_style_conv1_1', 'w'), { keys: ['w_style_conv1_1.w'], values: ['0.02', '0.2', '2'] });
});

test('suggestSweep: an integer param stays whole and in range', () => {
  assert.deepEqual(suggestSweep(seed, 'adam', 'iterations'), { keys: ['adam.iterations'], values: ['20', '200', '2000'] });
});

test('suggestSweep: the layer of a term\'s VGG-19 node ties both nodes of the term, with the layer list', () => {
  const s = suggestSweep(seed, 'generated_conv4_2', 'layer')!;
  assert.deepEqual(s.keys, ['content_conv4_2.layer', 'generated_conv4_2.layer']);
  assert.ok(s.values.includes('conv4_2') && s.values.includes('conv5_1') && s.values.length > 10, s.values.join());
});

test('suggestSweep: an enum of another node is its own key with its options; no such param is undefined', () => {
  assert.deepEqual(suggestSweep(seed, 'adam', 'method')?.keys, ['adam.method']);
  assert.equal(suggestSweep(seed, 'adam', 'nope'), undefined);
  assert.equal(suggestSweep(seed, 'nope', 'w'), undefined);
});

test('weightParam: "Sweep a Weight…" starts at the first weight node of the file (alpha in the seed), and finds none in a graph without one', () => {
  assert.deepEqual(weightParam(seed), { nodeId: 'alpha', param: 'w' });
  const withoutAlpha = { ...seed, nodes: seed.nodes.filter((n) => n.id !== 'alpha') };
  assert.deepEqual(weightParam(withoutAlpha), { nodeId: 'beta', param: 'w' });
  assert.equal(weightParam({ ...seed, nodes: seed.nodes.filter((n) => n.type !== 'weight') }), undefined);
});
