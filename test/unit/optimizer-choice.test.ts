import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/node/backend';
import { createPixelOptimizer } from '../../src/core/run/optimizer-choice';
import { Adam } from '../../src/core/run/adam';
import { Lbfgs } from '../../src/core/run/lbfgs';

before(() => useBackend('cpu'));

const PARAMS = { learningRate: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, historySize: 10 };

test("method lbfgs makes L-BFGS; adam (or any other) makes Adam", () => {
  const made = ['lbfgs', 'adam', undefined].map((method) => createPixelOptimizer({ ...PARAMS, ...(method && { method }) }));
  assert.ok(made[0] instanceof Lbfgs);
  assert.ok(made[1] instanceof Adam);
  assert.ok(made[2] instanceof Adam);
  made.forEach((o) => o.dispose());
});
