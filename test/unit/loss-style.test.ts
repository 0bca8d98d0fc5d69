import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { gram } from '../../src/core/nodes/gram';
import { lossStyle } from '../../src/core/nodes/loss-style';
import type { InputShapes, NodeDef, Shape, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';
import { features, run, scalarOf, smallActivation } from '../helpers/feature-values';

let A: Value;
before(async () => {
  await useBackend('cpu');
  A = smallActivation();
});

test('style loss: sum((GS - GG)²) / (4 nC² (nH nW)²) with nH nW of the generated Gram', () => {
  const gs: Value = { type: 'gram', tensor: tf.tensor2d([84, 100, 100, 120], [2, 2]), positions: 4 };
  const gg: Value = { type: 'gram', tensor: tf.tensor2d([80, 100, 100, 123], [2, 2]), positions: 4 };
  // (16 + 9) / (4 * 4 * 16) = 25 / 256
  assert.equal(scalarOf(run(lossStyle, { style: [gs], generated: [gg] })), 25 / 256);
  // The course's layer cost computed from the activations end to end.
  const gA = run(gram, { features: [A] }, { normalisation: 'none' });
  const B = features([1, 2, 3, 4, 5, 6, 7, 9], [1, 2, 2, 2]);
  const gB = run(gram, { features: [B] }, { normalisation: 'none' });
  // G_B - G_A: c0.c1 += 7, c1.c1 += 17 -> (49 + 49 + 289) / 256
  assert.ok(Math.abs(scalarOf(run(lossStyle, { style: [gA], generated: [gB] })) - 387 / 256) < 1e-6);
});

test('style loss: the positions are the generated Gram\'s, not the style Gram\'s', () => {
  // 1x1 Grams [3] and [1]: (3 - 1)² / (4 * 1 * positions²), positions 2 from the generated one.
  const style: Value = { type: 'gram', tensor: tf.tensor2d([3], [1, 1]), positions: 100 };
  const generated: Value = { type: 'gram', tensor: tf.tensor2d([1], [1, 1]), positions: 2 };
  assert.equal(scalarOf(run(lossStyle, { style: [style], generated: [generated] })), 4 / 16);
});

test('style loss: inputs that are not Gram matrices are an error', () => {
  assert.throws(() => run(lossStyle, { style: [A], generated: [A] }), { message: 'inputs must be Gram matrices' });
});

test('style loss: the gradient in the generated Gram matches central differences', () => {
  const style: Value = { type: 'gram', tensor: tf.tensor2d([4, 1, 1, 3], [2, 2]), positions: 3 };
  const f = (x: tf.Tensor) => run(lossStyle, { style: [style], generated: [{ type: 'gram', tensor: x as tf.Tensor2D, positions: 3 }] }).tensor as tf.Scalar;
  assertGradientMatches(f, tf.tensor2d([1, -2, 0.5, 6], [2, 2]));
});

/** A node's inferShape with a context that collects its problems. */
function inferred(def: NodeDef, inputs: InputShapes): { shape: Shape | undefined; problems: string[] } {
  const problems: string[] = [];
  const shape = def.inferShape!(inputs, {}, { problem: (_code, message) => void problems.push(message) });
  return { shape, problems };
}

test('style loss: Grams of different layers are refused by its shape hook', () => {
  assert.deepEqual(inferred(lossStyle, { style: [{ type: 'gram', channels: 2 }], generated: [{ type: 'gram', channels: 2 }] }).problems, []);
  assert.deepEqual(inferred(lossStyle, { style: [{ type: 'gram', channels: 2 }], generated: [{ type: 'gram', channels: 3 }] }).problems, [
    'the style Gram is 2x2 but the generated Gram is 3x3: take both from the same layer',
  ]);
});
