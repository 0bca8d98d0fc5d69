import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/core/run/gradients';
import { useBackend } from '../../src/node/backend';
import { weight } from '../../src/core/nodes/weight';
import { sum } from '../../src/core/nodes/sum';
import type { EvalContext, NodeDef, Params, Value } from '../../src/core/nodes/types';

const ctx = { nodeId: 'n' } as EvalContext;
const run = (def: NodeDef, inputs: Record<string, Value[]>, params: Params = {}) => def.evaluate!(inputs, params, ctx);
const scalarOf = (v: Value) => v.tensor.dataSync()[0]!;
const scalar = (x: number): Value => ({ type: 'scalar', tensor: tf.scalar(x) });

before(async () => {
  await useBackend('cpu');
});

test('weight and sum: J = alpha Jc + beta Js', () => {
  const jc: Value = { type: 'scalar', tensor: tf.scalar(3) };
  const js: Value = { type: 'scalar', tensor: tf.scalar(0.5) };
  const a = run(weight, { value: [jc] }, { w: 10 });
  const b = run(weight, { value: [js] }, { w: 40 });
  assert.equal(scalarOf(run(sum, { terms: [a, b] })), 50);
  assert.equal(scalarOf(run(sum, { terms: [a] })), 30);
});

test('sum: adds any number of terms, negative ones included', () => {
  const value = run(sum, { terms: [1.5, -4, 2.25, 10].map(scalar) });
  assert.equal(value.type, 'scalar');
  assert.equal(scalarOf(value), 9.75);
});

test('sum: one term gives a tensor of its own, which outlives disposing the term', () => {
  const term = scalar(7);
  const value = run(sum, { terms: [term] });
  assert.notEqual(value.tensor, term.tensor);
  term.tensor.dispose();
  assert.equal(scalarOf(value), 7);
});

test('sum: the gradient reaches every term with weight 1', () => {
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => run(sum, { terms: [{ type: 'scalar', tensor: a as tf.Scalar }, { type: 'scalar', tensor: b as tf.Scalar }] }).tensor as tf.Scalar)([tf.scalar(2), tf.scalar(-3)]);
  assert.deepEqual(grads.map((g) => g.dataSync()[0]), [1, 1]);
});
