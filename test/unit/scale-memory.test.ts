import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/node/backend';
import { VggModel } from '../../src/core/model/vgg-model';
import { backendMemoryLimits } from '../../src/core/run/memory-limits';
import { runGraph, RunMemoryError } from '../../src/core/run/executor';
import { randomVggWeights } from '../helpers/weight-files';
import { seedEnvironment, seedGraph, withParams } from '../helpers/seed-run';

let model: VggModel;
before(async () => {
  await useBackend('cpu');
  model = new VggModel(randomVggWeights(1));
});
after(() => model.dispose());

test('a run that would not fit is refused before any work, with its estimate', async () => {
  // The cpu backend has no limit of its own: the host's budget is the limit.
  assert.deepEqual(backendMemoryLimits(), {});
  assert.deepEqual(backendMemoryLimits({ bytes: 2 ** 20, what: 'the budget' }), { total: { bytes: 2 ** 20, what: 'the budget' } });
  const env = { ...seedEnvironment(model), memoryBudget: { bytes: 2 ** 20, what: 'the memory budget ($STYLEGRAPH_MEMORY_MB)' } };
  let progressed = false;
  await assert.rejects(runGraph(withParams(seedGraph(), 'adam', { minSize: 16 }), env, { onProgress: () => (progressed = true) }), (e: Error) => {
    assert.ok(e instanceof RunMemoryError);
    assert.match(e.message, /^this run does not fit in memory: at 24x32 it needs about \d+ MiB of tensors, more than the memory budget \(\$STYLEGRAPH_MEMORY_MB\) \(1 MiB\); run it smaller \(--size\)$/);
    assert.deepEqual(e.estimate.size, [24, 32]);
    return true;
  });
  assert.equal(progressed, false);
  const fits = await runGraph(seedGraph({ iterations: 1 }), { ...env, memoryBudget: { bytes: 2 ** 30, what: 'a budget' } });
  assert.equal(fits.status, 'done');
  assert.ok(fits.stats.memory.bytes > 0 && fits.stats.memory.bytes < 2 ** 30);
});
