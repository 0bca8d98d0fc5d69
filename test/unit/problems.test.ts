import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphError, type Problem } from '../../src/core/graph/problems';

test('GraphError: names its source and counts the problems, one indented line each', () => {
  const problems: Problem[] = [{ code: 'cycle', message: 'node "a": cycle a -> b -> a', nodeId: 'a' }, { code: 'json', message: 'not valid JSON', line: 1, column: 2 }];
  const error = new GraphError(problems, 'seed.stylegraph.json');
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'GraphError');
  assert.equal(error.message, 'seed.stylegraph.json: 2 problems:\n  - node "a": cycle a -> b -> a\n  - not valid JSON');
  assert.equal(error.problems, problems);
  assert.equal(error.source, 'seed.stylegraph.json');
});

test('GraphError: one problem in the singular; the source defaults to "graph"', () => {
  const error = new GraphError([{ code: 'bypass', message: 'nothing is left' }]);
  assert.equal(error.source, 'graph');
  assert.equal(error.message, 'graph: 1 problem:\n  - nothing is left');
  assert.equal(String(error), 'GraphError: graph: 1 problem:\n  - nothing is left');
});
