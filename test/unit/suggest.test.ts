import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, nearestNames, suggestion } from '../../src/core/graph/suggest';
import { validateGraph } from '../../src/core/graph/validate';
import type { Graph } from '../../src/core/graph/types';

test('editDistance counts insertions, deletions, substitutions and swapped neighbours', () => {
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('gram', 'gram'), 0);
  assert.equal(editDistance('vgg19.layr', 'vgg19.layer'), 1);
  assert.equal(editDistance('lsos.style', 'loss.style'), 1, 'a swap is one edit');
  assert.equal(editDistance('weigth', 'weight'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
});

test('nearestNames: nearest first, case ignored, ties in the given order', () => {
  assert.deepEqual(nearestNames('GRAM', ['stats', 'gram', 'gram.blend'], 2), ['gram', 'stats']);
  assert.deepEqual(nearestNames('x'.repeat(100_000), ['a', 'b', 'c'], 2), ['a', 'b'], 'a huge name is not compared');
});

test('suggestion: did you mean the close one, then the valid names (the nearest when there are many)', () => {
  assert.equal(suggestion('ww', ['w'], 'param'), '; did you mean "w"? (params: w)');
  assert.equal(suggestion('zzzz', ['w'], 'param'), ' (params: w)');
  assert.equal(suggestion('x', [], 'param'), ' (it has no params)');
  const many = Array.from({ length: 20 }, (_, i) => `name${i}`);
  assert.equal(suggestion('name7x', many, 'type', 3), '; did you mean "name7"? (nearest types of 20: name7, name0, name1)');
});

test('unknown node types and params say what was probably meant and what is valid', () => {
  const graph: Graph = {
    format: 'stylegraph',
    version: 1,
    nodes: [
      { id: 'l', type: 'vgg19.layr', params: {}, ui: { pos: [0, 0] } },
      { id: 'w', type: 'weight', params: { w: 1, wieght: 2 }, ui: { pos: [0, 0] } },
      { id: 'v', type: 'weight', params: { W: 1 }, ui: { pos: [0, 0] } },
      { id: 's', type: 'sum', params: { w: 1 }, ui: { pos: [0, 0] } },
      { id: 'q', type: 'qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq', params: {}, ui: { pos: [0, 0] } },
    ],
    edges: [],
  };
  const messages = validateGraph(graph).problems.map((p) => p.message);
  const of = (prefix: string) => messages.filter((m) => m.startsWith(prefix));
  assert.match(of('node "l": unknown node type')[0]!, /^node "l": unknown node type "vgg19\.layr"; did you mean "vgg19\.layer"\? \(nearest types of \d+: vgg19\.layer, /);
  assert.equal(of('node "w" (weight): unknown param')[0], 'node "w" (weight): unknown param "wieght" (params: w)');
  assert.equal(of('node "v" (weight): unknown param')[0], 'node "v" (weight): unknown param "W"; did you mean "w"? (params: w)');
  assert.equal(of('node "s" (sum): unknown param')[0], 'node "s" (sum): unknown param "w" (it has no params)');
  assert.match(of('node "q": unknown node type')[0]!, /^node "q": unknown node type "q+" \(nearest types of \d+: /);
  assert.equal(suggestion('x'.repeat(65), ['a'], 'type'), '', 'a name too long to be a typo');
  for (const m of messages) assert.ok(m.length < 300, `${m.length} characters: ${m}`);
});
