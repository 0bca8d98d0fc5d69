import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphName } from '../../src/core/graph/graph-name';

test('graphName: the file name without .stylegraph.json or .json; other names as they are', () => {
  assert.equal(graphName('seed.stylegraph.json'), 'seed');
  assert.equal(graphName('my.graph.json'), 'my.graph');
  assert.equal(graphName('seed.stylegraph'), 'seed.stylegraph');
  assert.equal(graphName('seed.stylegraph.json.bak'), 'seed.stylegraph.json.bak');
  assert.equal(graphName('a.stylegraph.json.stylegraph.json'), 'a.stylegraph.json');
});
