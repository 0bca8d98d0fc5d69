import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphError } from '../../src/core/graph/problems';
import { inCombination } from '../../src/core/sweep/combination-error';

test('inCombination: each problem of a GraphError names the combination; the source and the rest stay', () => {
  const error = new GraphError([{ code: 'shape-mismatch', message: 'node "j": wrong shape', nodeId: 'j' }, { code: 'cycle', message: 'a cycle' }], 'seed.stylegraph.json');
  const named = inCombination(error, 'alpha.w=1, adam.minSize=8');
  assert.ok(named instanceof GraphError);
  assert.equal(named.source, 'seed.stylegraph.json');
  assert.deepEqual(named.problems, [
    { code: 'shape-mismatch', message: 'with alpha.w=1, adam.minSize=8: node "j": wrong shape', nodeId: 'j' },
    { code: 'cycle', message: 'with alpha.w=1, adam.minSize=8: a cycle' },
  ]);
  assert.equal(named.message, 'seed.stylegraph.json: 2 problems:\n  - with alpha.w=1, adam.minSize=8: node "j": wrong shape\n  - with alpha.w=1, adam.minSize=8: a cycle');
  assert.equal(error.problems[0]!.message, 'node "j": wrong shape', 'the error given is not changed');
});

test('inCombination: another Error is the same object with its message prefixed; anything else is left alone', () => {
  class NodeFailure extends Error {
    constructor(message: string, readonly nodeId: string) {
      super(message);
    }
  }
  const failure = new NodeFailure('out of memory', 'gram');
  const named = inCombination(failure, 'beta.w=40');
  assert.equal(named, failure);
  assert.equal(failure.message, 'with beta.w=40: out of memory');
  assert.equal(failure.nodeId, 'gram');
  assert.equal(inCombination('a string', 'beta.w=40'), 'a string');
  assert.equal(inCombination(undefined, 'beta.w=40'), undefined);
});
