import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { gram } from '../../src/core/nodes/gram';
import { featuresMask } from '../../src/core/nodes/features-mask';
import type { EvalContext, NodeDef, Params, Shape, Value } from '../../src/core/nodes/types';

const ctx = { nodeId: 'n' } as EvalContext;
const features = (values: number[], shape: [number, number, number, number]): Value => ({ type: 'features', tensor: tf.tensor4d(values, shape) });
const run = (def: NodeDef, inputs: Record<string, Value[]>, params: Params = {}) => def.evaluate!(inputs, params, ctx);
const close = (actual: ArrayLike<number>, expected: number[]) => Array.from(actual).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-4 * Math.max(1, Math.abs(expected[i]!)), `${i}: ${Array.from(actual).join(' ')} vs ${expected.join(' ')}`));

// A 1x2x2x2 activation: positions (0,0) (0,1) (1,0) (1,1), channels [c0, c1].
let A: Value;
before(async () => {
  await useBackend('cpu');
  A = features([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
});

test('gram: G = A Aᵀ over channels, unnormalised as in the course', () => {
  const g = run(gram, { features: [A] }, { normalisation: 'none' });
  assert.equal(g.type, 'gram');
  // c0 = [1, 3, 5, 7], c1 = [2, 4, 6, 8]: c0.c0 = 84, c0.c1 = 100, c1.c1 = 120
  assert.deepEqual(Array.from(g.tensor.dataSync()), [84, 100, 100, 120]);
  assert.equal(g.type === 'gram' && g.positions, 4);
});

test('gram: normalisation by positions and by positions x channels', () => {
  assert.deepEqual(Array.from(run(gram, { features: [A] }, { normalisation: 'positions' }).tensor.dataSync()), [21, 25, 25, 30]);
  assert.deepEqual(Array.from(run(gram, { features: [A] }, { normalisation: 'all' }).tensor.dataSync()), [10.5, 12.5, 12.5, 15]);
});

test('gram: a 2x2x3 feature map against sums of products by hand', () => {
  // Positions p0..p3 with channels (c0, c1, c2): (1, 0, 2) (0, 1, 1) (2, 1, 0) (1, 1, 1).
  const g = run(gram, { features: [features([1, 0, 2, 0, 1, 1, 2, 1, 0, 1, 1, 1], [1, 2, 2, 3])] }, { normalisation: 'none' });
  const columns = [[1, 0, 2, 1], [0, 1, 1, 1], [2, 1, 0, 1]];
  const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
  assert.deepEqual(g.tensor.shape, [3, 3]);
  assert.deepEqual(Array.from(g.tensor.dataSync()), columns.flatMap((a) => columns.map((b) => dot(a, b))));
});

test('gram of masked features: scaled by positions / mass, as if the region filled the image', () => {
  // Features 1x2x2x1 values 1 2 3 4; mask keeps the top row: masked Σ = 1 + 4 = 5 over mass 2, times 4 positions -> 10.
  const masked = featuresMask.evaluate!({ features: [{ type: 'features', tensor: tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]) }], mask: [{ type: 'mask', tensor: tf.tensor4d([1, 1, 0, 0], [1, 2, 2, 1]) }] }, { pooling: 'avg' }, { nodeId: 'fm' } as EvalContext);
  const none = gram.evaluate!({ features: [masked] }, { normalisation: 'none' }, { nodeId: 'g' } as EvalContext);
  assert.deepEqual([Array.from(none.tensor.dataSync()), none.type === 'gram' && none.positions], [[10], 4]);
  const perPosition = gram.evaluate!({ features: [masked] }, { normalisation: 'positions' }, { nodeId: 'g' } as EvalContext);
  assert.deepEqual(Array.from(perPosition.tensor.dataSync()), [2.5]);
});

test('gram: a mass on the features divides by the mass instead of the positions, whatever the normalisation', () => {
  // The same A with a mass of 2 of its 4 positions: G scaled by 4 / 2.
  const weighted: Value = { type: 'features', tensor: A.tensor as tf.Tensor4D, mass: 2 };
  close(run(gram, { features: [weighted] }, { normalisation: 'none' }).tensor.dataSync(), [168, 200, 200, 240]);
  close(run(gram, { features: [weighted] }, { normalisation: 'positions' }).tensor.dataSync(), [42, 50, 50, 60]);
  close(run(gram, { features: [weighted] }, { normalisation: 'all' }).tensor.dataSync(), [21, 25, 25, 30]);
});

test('gram: its shape is channels x channels of the features; another input type has no shape', () => {
  const problem = () => assert.fail('no problem expected');
  const shape = (s: Shape) => gram.inferShape!({ features: [s] }, { normalisation: 'none' }, { problem });
  assert.deepEqual(shape({ type: 'features', height: 7, width: 9, channels: 128 }), { type: 'gram', channels: 128 });
  assert.deepEqual(shape({ type: 'features', channels: 64 }), { type: 'gram', channels: 64 });
  assert.equal(shape({ type: 'image', height: 7, width: 9 }), undefined);
});
