import { test } from 'node:test';
import assert from 'node:assert/strict';
import { totalmem } from 'node:os';
import { hostMemoryBudget } from '../../src/node/memory-budget';

test('the host budget: $STYLEGRAPH_MEMORY_MB, else the machine\'s memory', () => {
  assert.deepEqual(hostMemoryBudget({ STYLEGRAPH_MEMORY_MB: '512' }), { bytes: 512 * 2 ** 20, what: 'the memory budget ($STYLEGRAPH_MEMORY_MB)' });
  assert.deepEqual(hostMemoryBudget({}), { bytes: totalmem(), what: "this machine's memory" });
  assert.deepEqual(hostMemoryBudget({ STYLEGRAPH_MEMORY_MB: 'lots' }).bytes, totalmem());
});

test('a budget of zero, a negative one or an empty one is not taken', () => {
  for (const value of ['0', '-64', '', 'Infinity']) assert.deepEqual(hostMemoryBudget({ STYLEGRAPH_MEMORY_MB: value }), { bytes: totalmem(), what: "this machine's memory" }, value);
  assert.equal(hostMemoryBudget({ STYLEGRAPH_MEMORY_MB: '0.5' }).bytes, 2 ** 19);
});
