import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { lossContent } from '../../src/core/nodes/loss-content';
import type { InputShapes, NodeDef, Shape, Value } from '../../src/core/nodes/types';
import { assertGradientMatches } from '../helpers/gradient-check';
import { features, run, scalarOf, smallActivation } from '../helpers/feature-values';
import { randomTensor } from '../helpers/tensor-compare';

let A: Value;
before(async () => {
  await useBackend('cpu');
  A = smallActivation();
});

test('content loss: sum((aC - aG)²) / (4 nH nW nC)', () => {
  const G = features([1, 2, 3, 4, 5, 6, 7, 10], [1, 2, 2, 2]);
  // one difference of 2: 4 / (4 * 2 * 2 * 2) = 0.125
  assert.equal(scalarOf(run(lossContent, { content: [A], generated: [G] })), 0.125);
  const H = features([0, 0, 0, 0, 0, 0, 0, 0], [1, 2, 2, 2]);
  assert.ok(Math.abs(scalarOf(run(lossContent, { content: [A], generated: [H] })) - 204 / 32) < 1e-6);
});

test('content loss: the normalisation counts height, width and channels of a non-square map', () => {
  // 1x1x3x2: differences 1 and 3 in two of six elements: (1 + 9) / (4 * 1 * 3 * 2).
  const a = features([0, 0, 0, 0, 0, 0], [1, 1, 3, 2]);
  const b = features([1, 0, 0, 0, 0, 3], [1, 1, 3, 2]);
  assert.ok(Math.abs(scalarOf(run(lossContent, { content: [a], generated: [b] })) - 10 / 24) < 1e-7);
});

test('content loss: the gradient in the generated features matches central differences', () => {
  const content = randomTensor([1, 2, 3, 2], 5, 3);
  const f = (x: tf.Tensor) => run(lossContent, { content: [{ type: 'features', tensor: content as tf.Tensor4D }], generated: [{ type: 'features', tensor: x as tf.Tensor4D }] }).tensor as tf.Scalar;
  assertGradientMatches(f, randomTensor([1, 2, 3, 2], 6, 3));
});

/** A node's inferShape with a context that collects its problems. */
function inferred(def: NodeDef, inputs: InputShapes): { shape: Shape | undefined; problems: string[] } {
  const problems: string[] = [];
  const shape = def.inferShape!(inputs, {}, { problem: (_code, message) => void problems.push(message) });
  return { shape, problems };
}

test('content loss: features of different shapes are refused by its shape hook; unknown sizes are not', () => {
  const f = (height: number | undefined, width: number | undefined, channels: number): Shape => ({ type: 'features', height, width, channels });
  assert.deepEqual(inferred(lossContent, { content: [f(2, 2, 2)], generated: [f(2, 2, 2)] }), { shape: { type: 'scalar' }, problems: [] });
  assert.deepEqual(inferred(lossContent, { content: [f(2, 2, 2)], generated: [f(2, 2, 1)] }).problems, [
    'the content features are 2x2x2 but the generated features are 2x2x1: use the same layer and the same image size on both',
  ]);
  assert.equal(inferred(lossContent, { content: [f(2, 3, 2)], generated: [f(2, 2, 2)] }).problems.length, 1);
  assert.deepEqual(inferred(lossContent, { content: [f(undefined, 3, 2)], generated: [f(2, undefined, 2)] }).problems, []);
});
