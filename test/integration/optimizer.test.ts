import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runGraph, type ProgressEvent } from '../../src/core/run/executor';
import { validateGraph } from '../../src/core/graph/validate';
import { optimizer } from '../../src/core/nodes/optimizer';
import type { Graph } from '../../src/core/graph/types';
import type { Params } from '../../src/core/nodes/types';
import { node, useRandomVggModel } from '../helpers/random-vgg-model';
import { rawImage } from '../helpers/node-scope';

const model = useRandomVggModel();
const defaults = Object.fromEntries(optimizer.params.map((p) => [p.name, p.default]));

/**
 * A graph without the network: a flat grey 4x4 generated image pulled towards a flat 200 by a
 * temporal loss whose mask is 1 everywhere, minimised by an optimizer with `params`.
 */
function pull(params: Params): Graph {
  return {
    format: 'stylegraph',
    version: 1,
    nodes: [
      node('target', 'image.load', { path: 'target.png', width: 0, height: 0, fit: 'cover' }),
      node('mask', 'image.mask', { path: 'white.png', channel: 'luminance', color: '#ffffff', width: 0, height: 0, fit: 'cover' }),
      node('generated', 'image.generated', { init: 'gray', noiseRatio: 0, seed: 0, width: 4, height: 4 }),
      node('j', 'loss.temporal'),
      node('opt', 'optimizer', { ...defaults, ...params }),
    ],
    edges: [
      { from: 'generated.image', to: 'j.generated' },
      { from: 'target.image', to: 'j.target' },
      { from: 'mask.mask', to: 'j.mask' },
      { from: 'j.loss', to: 'opt.loss' },
    ],
  };
}

const files = new Map([['target.png', rawImage(4, 4, () => [200, 200, 200])], ['white.png', rawImage(4, 4, () => [255, 255, 255])]]);
async function run(params: Params) {
  const events: ProgressEvent[] = [];
  const result = await runGraph(pull(params), { model: model(), readImage: async (path) => files.get(path)! }, { onProgress: (e) => events.push(e) });
  const red = Array.from(result.image.data).filter((_, i) => i % 4 === 0);
  return { result, events, red };
}

test('optimizer: iterations steps; Adam\'s first step moves every pixel by learningRate towards the target', async () => {
  // Each pixel's gradient is 2 (128 - 200) / 48 < 0; Adam's first step is -learningRate m̂ / (√v̂ + ε) = +learningRate.
  const once = await run({ method: 'adam', learningRate: 5, iterations: 1 });
  assert.equal(once.result.status, 'done');
  assert.deepEqual([once.result.iterations, once.events.length], [1, 1]);
  assert.deepEqual(once.red, new Array(16).fill(133));
  // J = Σ (128 - 200)² 48 / 48 = 5184 before the first step.
  assert.ok(Math.abs(once.events[0]!.loss - 5184) < 1e-2, String(once.events[0]!.loss));
  const three = await run({ method: 'adam', learningRate: 5, iterations: 3 });
  assert.deepEqual(three.events.map((e) => e.iteration), [1, 2, 3]);
  assert.ok(three.events[2]!.loss < three.events[1]!.loss && three.events[1]!.loss < three.events[0]!.loss);
});

test('optimizer: L-BFGS\'s line search starts by moving the largest pixel by learningRate', async () => {
  // The slope along the step, (200 - x) / 72 of the start's, must fall below 0.9 (weak Wolfe, lbfgs.ts):
  // from 128 a step of 40 (to 168, 32/72) is taken as it is; a step of 5 (to 133, 67/72) is doubled to 10.
  assert.deepEqual((await run({ method: 'lbfgs', learningRate: 40, iterations: 1 })).red, new Array(16).fill(168));
  assert.deepEqual((await run({ method: 'lbfgs', learningRate: 5, iterations: 1 })).red, new Array(16).fill(138));
});

test('optimizer: params out of their ranges are problems naming the param', () => {
  const messages = (params: Params) => validateGraph(pull(params)).problems.map((p) => p.message);
  assert.deepEqual(messages({}), []);
  assert.deepEqual(messages({ method: 'sgd' }), ['node "opt" (optimizer): param method: "sgd" is not one of adam, lbfgs']);
  assert.deepEqual(messages({ learningRate: 0 }), ['node "opt" (optimizer): param learningRate: 0 is outside 0.000001..1000']);
  assert.deepEqual(messages({ iterations: 2.5 }), ['node "opt" (optimizer): param iterations: 2.5 must be a whole number']);
  assert.deepEqual(messages({ beta1: 1 }), ['node "opt" (optimizer): param beta1: 1 is outside 0..0.999999']);
});
