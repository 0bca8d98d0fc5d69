import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseGraph } from '../../src/core/graph/parse';
import { paramDifferences } from '../../src/core/history/param-diff';
import { SEED_GRAPH } from '../helpers/paths';

const seed = parseGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;

test('paramDifferences: none between a graph and itself', () => {
  assert.deepEqual(paramDifferences(seed, seed), []);
});

test('paramDifferences: each changed node.param with both values, sorted; a node only one graph has lists its params', () => {
  const b = {
    ...seed,
    nodes: seed.nodes.filter((n) => n.id !== 'w_style_conv5_1').map((n) => (n.id === 'beta' ? { ...n, params: { w: 400 } } : n.id === 'content_conv4_2' ? { ...n, params: { ...n.params, layer: 'conv5_2' } } : n)),
  };
  assert.deepEqual(paramDifferences(seed, b), [
    { key: 'beta.w', a: 40, b: 400 },
    { key: 'content_conv4_2.layer', a: 'conv4_2', b: 'conv5_2' },
    { key: 'w_style_conv5_1.w', a: 0.2, b: undefined },
  ]);
});
