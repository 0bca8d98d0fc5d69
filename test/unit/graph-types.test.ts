import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphVersion, parsePortRef, type GraphNode } from '../../src/core/graph/types';

const node = (extra: Partial<GraphNode> = {}, ui: Partial<GraphNode['ui']> = {}): GraphNode => ({ id: 'a', type: 'weight', params: {}, ...extra, ui: { pos: [0, 0], ...ui } });

test('parsePortRef: splits at the last dot; no node or no port is undefined', () => {
  assert.deepEqual(parsePortRef('alpha.value'), { node: 'alpha', port: 'value' });
  assert.deepEqual(parsePortRef('a.b.c'), { node: 'a.b', port: 'c' });
  for (const ref of ['alpha', '.value', 'alpha.', '', '.']) assert.equal(parsePortRef(ref), undefined, ref);
});

test('graphVersion: 2 with a title, a collapsed node, a bypass or a group; else 1', () => {
  assert.equal(graphVersion({ nodes: [node()] }), 1);
  assert.equal(graphVersion({ nodes: [node(), node({}, { title: '' })] }), 2, 'an empty title is a title');
  assert.equal(graphVersion({ nodes: [node({}, { collapsed: true })] }), 2);
  assert.equal(graphVersion({ nodes: [node({ bypass: true })] }), 2);
  assert.equal(graphVersion({ nodes: [], groups: [{ title: 'g', color: '#fff', bounds: [0, 0, 1, 1] }] }), 2);
  assert.equal(graphVersion({ nodes: [node()], groups: [] }), 1, 'no groups is version 1');
});
