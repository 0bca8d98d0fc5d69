import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { gramBlend } from '../../src/core/nodes/gram-blend';
import type { EvalContext, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';

before(async () => {
  await useBackend('cpu');
});

const ctx = { nodeId: 'b' } as EvalContext;
const grams = (...ts: tf.Tensor[]): Value[] => ts.map((tensor) => ({ type: 'gram', tensor: tensor as tf.Tensor2D, positions: 6 }));

test('gram.blend: Σ wᵢ Gᵢ with the weights scaled to sum to 1', () => {
  // Weights 1,3 -> 0.25, 0.75: 0.25 [1 2; 2 4] + 0.75 [3 0; 0 1] = [2.5 0.5; 0.5 1.75].
  const out = gramBlend.evaluate!({ targets: grams(tf.tensor2d([1, 2, 2, 4], [2, 2]), tf.tensor2d([3, 0, 0, 1], [2, 2])) }, { weights: '1, 3' }, ctx);
  assert.equal(out.type, 'gram');
  assert.deepEqual([Array.from(out.tensor.dataSync()), out.type === 'gram' && out.positions], [[2.5, 0.5, 0.5, 1.75], 6]);
});

test('gram.blend: three targets in edge order; the positions are the first Gram\'s', () => {
  // Weights 2,1,1 -> 0.5, 0.25, 0.25 of [4], [8], [0].
  const targets: Value[] = [
    { type: 'gram', tensor: tf.tensor2d([4], [1, 1]), positions: 10 },
    { type: 'gram', tensor: tf.tensor2d([8], [1, 1]), positions: 20 },
    { type: 'gram', tensor: tf.tensor2d([0], [1, 1]), positions: 30 },
  ];
  const out = gramBlend.evaluate!({ targets }, { weights: '2,1,1' }, ctx);
  assert.deepEqual([Array.from(out.tensor.dataSync()), out.type === 'gram' && out.positions], [[4], 10]);
});

test('gram.blend: weights that do not fit the edges, or targets that are not Grams, are errors', () => {
  const two = grams(tf.eye(2), tf.eye(2));
  assert.throws(() => gramBlend.evaluate!({ targets: two }, { weights: '1' }, ctx), { message: 'param weights: "1" gives 1 weight for 2 targets edges' });
  const stats: Value = { type: 'stats', tensor: tf.zeros([3, 2]) as tf.Tensor2D };
  assert.throws(() => gramBlend.evaluate!({ targets: [stats] }, { weights: '1' }, ctx), { message: 'targets must be Gram matrices' });
});

test('gram.blend: targets of other layers are a shape problem', () => {
  const messages: string[] = [];
  const problem = (_code: string, message: string) => void messages.push(message);
  assert.equal(gramBlend.inferShape!({ targets: [{ type: 'gram', channels: 64 }, { type: 'gram', channels: 128 }] }, { weights: '1,1' }, { problem }), undefined);
  assert.deepEqual(gramBlend.inferShape!({ targets: [{ type: 'gram', channels: 64 }, { type: 'gram', channels: 64 }] }, { weights: '1,1' }, { problem }), { type: 'gram', channels: 64 });
  assert.deepEqual(messages, [
    'the targets are 64x64, 128x128: take every Gram from the same layer',
  ]);
});

test('gram.blend: its validate hook checks the weights against the targets edges', () => {
  assert.deepEqual(gramBlend.validate!({ weights: '1,2' }, { connected: (port) => (port === 'targets' ? 2 : 0) }), []);
  assert.deepEqual(gramBlend.validate!({ weights: '1,2' }, { connected: (port) => (port === 'targets' ? 3 : 0) }).map((p) => p.message), ['"1,2" gives 2 weights for 3 targets edges']);
});

test('gram.blend: the gradient matches central differences', () => {
  const g = (x: tf.Tensor) => tf.sum(tf.square(gramBlend.evaluate!({ targets: grams(x, tf.eye(2)) }, { weights: '2,1' }, ctx).tensor)) as tf.Scalar;
  assertGradientMatches(g, tf.tensor2d([1, 2, 2, 5], [2, 2]));
});
